"""The extractor's data, loaded once from the files in `kg/data/`: gazetteer, frames and word lists."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .actordict import ActorRecord, Role, load_actor_table
from .datacache import cached
from .frames import Frame, load_frames, merge_frames

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class GazetteerEntry:
    """A known actor: canonical name, class, surface forms, and a known affiliation."""

    name: str
    cls: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    leads: str | None = None
    member_of: str | None = None
    rebels_in: str | None = None    # the country whose bare 'rebels' this armed group is
    code: str = ""                  # CAMEO actor code ('RUS', 'IGOUNO', 'SYRREB')
    iso3: str = ""                  # ISO 3166-1 alpha-3 for countries
    roles: tuple[Role, ...] = ()    # dated CAMEO roles of a person ('RUSGOV@2004-03-09..2012-05-21')
    generated: bool = False         # from the generated world table, not curated


@dataclass(frozen=True)
class People:
    """A people whose name stands for an armed group ('Kelvan militia'): its groups, and the group meant in
    each country when the article names none."""

    groups: tuple[str, ...]
    by_country: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Cue:
    """What one frame tells the relation finder about a trigger word (see docs/frames.md)."""

    relation: str
    preps: tuple[str, ...] = ()        # prepositions that introduce the object ("fight against X")
    direct: bool = True                # the direct object is the object (verbs)
    joint: bool = False                # holds between coordinated agents only ("A and B brokered a truce")
    marker: str = ""                   # the preposition that must introduce the trigger ("in support of X")
    modality: str = ""                 # the trigger sets the modality ("Intended")
    generated: bool = False            # from the generated (CAMEO) lexicon, not curated
    flip: bool = False                 # the trigger itself negates ("polarity": "flip")
    subject_class: tuple[str, ...] = ()    # allowed actor classes of the subject (empty: any)
    object_class: tuple[str, ...] = ()


WORLD_FILE = "world_actors.tsv"
COMPANY_WORDS = frozenset({"inc", "corp", "corporation", "company", "co", "ltd", "plc", "llc", "group", "holdings"})
OFFICE_WORDS = frozenset({"president", "secretary", "minister", "prime", "king", "queen", "chief", "general", "state",
                          "states", "of", "the", "ambassador", "chairman", "leader", "head", "premier", "emir",
                          "sultan", "pope", "director", "spokesman", "commander", "governor", "mayor"})
"""Words that make a generated 'person' an office ('US Secretary of State'), which is not a person's name."""


def usable_form(form: str, cls: str) -> bool:
    """A surface form of a generated entry safe to match: no digits, capitalised, and one word only for
    countries or for acronyms of three letters or more ('PKK'); never a company suffix alone."""
    words = form.split()
    if not words or any(ch.isdigit() for ch in form) or not form[:1].isupper():
        return False
    if len(words) == 1:
        return cls == "Country" or (form.isupper() and len(form) >= 3 and cls != "Organization")
    return words[-1].lower().strip(".") not in COMPANY_WORDS or len(words) > 2


def world_entries(records: list[ActorRecord], entries: dict[str, "GazetteerEntry"]) -> dict[str, "GazetteerEntry"]:
    """Generated actors as gazetteer entries: a curated entry of the same name keeps its names and class and
    gains the codes and roles; a new one keeps only its usable surface forms."""
    from dataclasses import replace

    out = dict(entries)
    countries = {r.code: r.label for r in records if r.cls == "Country" and r.code}
    for r in records:
        old = out.get(r.label)
        if old is not None:
            out[r.label] = replace(old, code=old.code or r.code, iso3=old.iso3 or r.iso3, roles=old.roles or r.roles)
            continue
        if not usable_form(r.label, r.cls) and r.cls != "Person":
            continue
        if r.cls == "Country" and not r.iso3:
            continue                 # a historic state ('Soviet Union'): its names now mean others ('ex-Soviet')
        if r.cls == "Person" and (len(r.label.split()) < 2 or OFFICE_WORDS & set(r.label.lower().split())):
            continue
        member = countries.get(r.member_of, r.member_of) or None
        out[r.label] = GazetteerEntry(r.label, r.cls, tuple(a for a in r.aliases if usable_form(a, r.cls)),
                                      member_of=member, leads=r.leads or None, code=r.code, iso3=r.iso3,
                                      roles=r.roles, generated=True)
    return out


@dataclass(frozen=True)
class Lexicon:
    """Everything the extractor reads from data files."""

    entries: dict[str, GazetteerEntry]
    first_names: dict[str, str]                      # variant -> canonical first name
    negative_verbs: frozenset[str]
    negation_words: frozenset[str]
    negated_opposes: frozenset[str]
    topic_verbs: frozenset[str]
    intended_words: frozenset[str]
    possible_words: frozenset[str]
    reporting_verbs: frozenset[str]
    speech_act_verbs: frozenset[str]
    accusation_verbs: frozenset[str]
    proxy_nouns: frozenset[str]
    organ_nouns: frozenset[str]
    generic_heads: frozenset[str]
    anaphor_heads: frozenset[str]
    anaphor_modifiers: frozenset[str]
    lead_titles: frozenset[str]
    member_titles: frozenset[str]
    titles: frozenset[str] = frozenset()            # lead_titles | member_titles
    state_titles: frozenset[str] = frozenset()      # titles that lead a country
    private_titles: frozenset[str] = frozenset()    # titles of no state post
    country_codes: dict[str, str] = field(default_factory=dict)   # CAMEO country code -> canonical name
    verb_cues: dict[str, list[Cue]] = field(default_factory=dict)      # 'fight', 'call out'
    noun_cues: dict[str, list[Cue]] = field(default_factory=dict)      # 'strike', 'air strike'
    idioms: dict[tuple[str, str], list[Cue]] = field(default_factory=dict)   # ('join', 'force')
    support_verbs: frozenset[str] = frozenset()
    holder_verbs: frozenset[str] = frozenset()
    intention_nouns: frozenset[str] = frozenset()
    peer_nouns: frozenset[str] = frozenset()
    representative_nouns: frozenset[str] = frozenset()
    facilitator_verbs: frozenset[str] = frozenset()
    aim_participles: frozenset[str] = frozenset()
    occurrence_verbs: frozenset[str] = frozenset()
    accompaniment_markers: tuple[tuple[str, ...], ...] = ()
    joint_adverbs: frozenset[str] = frozenset()
    perform_verbs: frozenset[str] = frozenset()
    reciprocal_verbs: frozenset[str] = frozenset()
    undergo_verbs: frozenset[str] = frozenset()
    blame_predicates: frozenset[str] = frozenset()
    joining_verbs: frozenset[str] = frozenset()
    partitive_heads: frozenset[str] = frozenset()
    allegiance_adjectives: frozenset[str] = frozenset()
    object_control_verbs: frozenset[str] = frozenset()
    departure_verbs: frozenset[str] = frozenset()
    demand_words: frozenset[str] = frozenset()
    relationship_nouns: frozenset[str] = frozenset()
    hostile_judgements: frozenset[str] = frozenset()
    mutual_nouns: frozenset[str] = frozenset()
    disparaging_predicates: frozenset[str] = frozenset()
    byline_cues: frozenset[str] = frozenset()
    things: frozenset[str] = frozenset()        # weapons, aircraft, vehicles: never actors ('Stinger')
    link_participles: dict[str, str] = field(default_factory=dict)   # 'led' -> leads ('X-led Y')
    link_words: tuple[str, ...] = ()
    country_nouns: frozenset[str] = frozenset()
    relational_nouns: frozenset[str] = frozenset()
    organ_anaphors: frozenset[str] = frozenset()
    calendar_words: frozenset[str] = frozenset()
    org_class_keywords: tuple[tuple[str, tuple[str, ...]], ...] = ()
    compass_words: frozenset[str] = frozenset()
    agent_kinds: dict[str, str] = field(default_factory=dict)   # generic agent word -> kind
    peoples: dict[str, People] = field(default_factory=dict)   # people form ('Kelvan', 'Kelvans') -> its groups


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split("|") if x.strip())


def _rows(path: Path):
    for line in path.read_text(encoding="utf8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield (line.split("\t") + [""] * 4)[:4]


def frame_tables(frames: list[Frame]) -> tuple[dict, dict, dict]:
    """Verb cues, noun cues and light-verb idioms from merged frames."""
    verbs: dict[str, list[Cue]] = {}
    nouns: dict[str, list[Cue]] = {}
    idioms: dict[tuple[str, str], list[Cue]] = {}
    for f in frames:
        roles = f.object_slots()
        cue = Cue(f.relation, tuple(r for r in roles if r not in ("obj", "iobj")), "obj" in roles,
                  bool(f.joint), f.marker or "", f.modality or "", (f.source or "").startswith("petrarch2"),
                  f.polarity == "flip", tuple(f.subject_class or ()), tuple(f.object_class or ()))
        if f.with_object:
            idioms.setdefault((f.lemma, f.with_object), []).append(cue)
        else:
            (nouns if f.pos == "NOUN" else verbs).setdefault(f.lemma, []).append(cue)   # ADJ: predicates, as verbs
    return verbs, nouns, idioms


def build_actor_entries(d: Path, actors: tuple[str, ...] = ()) -> dict[str, GazetteerEntry]:
    """The gazetteer: curated countries and actors, the generated world table, then a user's actor tables."""
    entries: dict[str, GazetteerEntry] = {}
    for name, demonyms, capitals, aliases in _rows(d / "countries.tsv"):
        entries[name] = GazetteerEntry(name, "Country", _split(aliases), _split(demonyms), _split(capitals))
    for name, cls, aliases, link in _rows(d / "actors.tsv"):
        leads = member = None
        if link.startswith("leads:"):
            leads = link.split(":", 1)[1].strip()
        elif link.startswith("member:"):
            member = link.split(":", 1)[1].strip()
        rebels = link.split(":", 1)[1].strip() if link.startswith("rebels:") else None
        entries[name] = GazetteerEntry(name, cls, _split(aliases), leads=leads, member_of=member, rebels_in=rebels)
    if (d / WORLD_FILE).is_file():
        entries = world_entries(load_actor_table(d / WORLD_FILE), entries)
    for extra in actors:
        for r in load_actor_table(extra):
            entries.pop(r.label, None)
            entries = world_entries([r], entries)
    return entries


def actor_entries(d: Path, actors: tuple[str, ...] = ()) -> dict[str, GazetteerEntry]:
    """`build_actor_entries`, read from the compiled cache (kg.extract.datacache) when no file it reads changed."""
    files = [d / "countries.tsv", d / "actors.tsv", d / WORLD_FILE] + [Path(a) for a in actors]
    code = [Path(__file__), Path(__file__).with_name("actordict.py")]
    return cached("actors", files, lambda: build_actor_entries(d, actors), code)


@lru_cache(maxsize=2)
def load_lexicon(data_dir: str | None = None, frames: tuple[str, ...] = (), actors: tuple[str, ...] = ()) -> Lexicon:
    """Read the gazetteer, the frames and the word lists (cached: data files are read once per process).

    ``frames``: further frame files (a user's), applied on top of the bundled ones; ``actors``: a user's actor
    tables (`kg build --actors`), whose entries replace bundled ones of the same name."""
    d = Path(data_dir) if data_dir else DATA_DIR
    entries = actor_entries(d, actors)
    codes = {e.code: e.name for e in entries.values() if e.cls == "Country" and e.code}
    first: dict[str, str] = {}
    for canon, variants, _, _ in _rows(d / "firstnames.tsv"):
        for v in _split(variants):
            first[v] = canon
    agents = {w.strip().lower(): k.strip() for w, k, _, _ in _rows(d / "generic_agents.tsv")}
    peoples = {form.lower(): People(_split(groups), tuple(tuple(x.split("=", 1)) for x in _split(where) if "=" in x))
               for _, forms, groups, where in _rows(d / "peoples.tsv")
               for form in _split(forms)} if (d / "peoples.tsv").is_file() else {}
    things = frozenset(w.strip().lower() for name in ("things.tsv", "things_extra.tsv") if (d / name).is_file()
                       for w, _, _, _ in _rows(d / name))
    cues = json.loads((d / "cues.json").read_text(encoding="utf8"))
    generated = load_frames(d / "frames_cameo.jsonl") if (d / "frames_cameo.jsonl").is_file() else []
    user = [f for extra in frames for f in load_frames(extra)]
    verbs, nouns, idioms = frame_tables(merge_frames(load_frames(d / "frames.jsonl"), generated, user))
    fs = lambda key: frozenset(cues[key])  # noqa: E731
    return Lexicon(
        entries=entries, first_names=first,
        negative_verbs=fs("negative_verbs"), negation_words=fs("negation_words"),
        negated_opposes=fs("negated_opposes"), topic_verbs=fs("topic_verbs"),
        intended_words=fs("intended_words"),
        possible_words=fs("possible_words"),
        reporting_verbs=fs("reporting_verbs"), speech_act_verbs=fs("speech_act_verbs"),
        accusation_verbs=fs("accusation_verbs"),
        proxy_nouns=fs("proxy_nouns"), organ_nouns=fs("organ_nouns"), generic_heads=fs("generic_heads"),
        anaphor_heads=fs("anaphor_heads"), anaphor_modifiers=fs("anaphor_modifiers"),
        lead_titles=frozenset(cues["titles"]["leads"]), member_titles=frozenset(cues["titles"]["member"]),
        titles=frozenset(cues["titles"]["leads"]) | frozenset(cues["titles"]["member"]), country_codes=codes,
        state_titles=frozenset(cues["titles"].get("state", ())), private_titles=frozenset(cues["titles"].get("private", ())),
        verb_cues=verbs, noun_cues=nouns, idioms=idioms, support_verbs=fs("support_verbs"),
        holder_verbs=fs("holder_verbs"), intention_nouns=fs("intention_nouns"), peer_nouns=fs("peer_nouns"),
        representative_nouns=fs("representative_nouns"), facilitator_verbs=fs("facilitator_verbs"),
        aim_participles=fs("aim_participles"), occurrence_verbs=fs("occurrence_verbs"),
        accompaniment_markers=tuple(tuple(m.split()) for m in cues["accompaniment_markers"]),
        joint_adverbs=fs("joint_adverbs"), perform_verbs=fs("perform_verbs"), reciprocal_verbs=fs("reciprocal_verbs"),
        undergo_verbs=fs("undergo_verbs"), blame_predicates=fs("blame_predicates"),
        joining_verbs=fs("joining_verbs"), partitive_heads=fs("partitive_heads"),
        allegiance_adjectives=fs("allegiance_adjectives"), object_control_verbs=fs("object_control_verbs"),
        departure_verbs=fs("departure_verbs"), demand_words=fs("demand_words"),
        relationship_nouns=fs("relationship_nouns"), hostile_judgements=fs("hostile_judgements"),
        mutual_nouns=fs("mutual_nouns"), disparaging_predicates=fs("disparaging_predicates"),
        byline_cues=fs("byline_cues"), things=things,
        link_participles=dict(cues["link_participles"]), link_words=tuple(cues["link_words"]),
        country_nouns=fs("country_nouns"), relational_nouns=fs("relational_nouns"),
        organ_anaphors=fs("organ_anaphors"), calendar_words=fs("calendar_words"),
        org_class_keywords=tuple((cls, tuple(keys)) for cls, keys in cues["org_class_keywords"].items()), compass_words=fs("compass_words"), agent_kinds=agents,
        peoples=peoples,
    )
