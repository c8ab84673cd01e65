"""The extractor's data, loaded once from the files in `kg/data/`: gazetteer, frames and word lists."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

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


@dataclass(frozen=True)
class Cue:
    """What one frame tells the relation finder about a trigger word (see docs/frames.md)."""

    relation: str
    preps: tuple[str, ...] = ()        # prepositions that introduce the object ("fight against X")
    direct: bool = True                # the direct object is the object (verbs)
    joint: bool = False                # holds between coordinated agents only ("A and B brokered a truce")
    marker: str = ""                   # the preposition that must introduce the trigger ("in support of X")
    modality: str = ""                 # the trigger sets the modality ("Intended")


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
    verb_cues: dict[str, list[Cue]] = field(default_factory=dict)      # 'fight', 'call out'
    noun_cues: dict[str, list[Cue]] = field(default_factory=dict)      # 'strike', 'air strike'
    idioms: dict[tuple[str, str], list[Cue]] = field(default_factory=dict)   # ('join', 'force')
    support_verbs: frozenset[str] = frozenset()
    agent_kinds: dict[str, str] = field(default_factory=dict)   # generic agent word -> kind


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
                  bool(f.joint), f.marker or "", f.modality or "")
        if f.with_object:
            idioms.setdefault((f.lemma, f.with_object), []).append(cue)
        else:
            (verbs if f.pos == "VERB" else nouns).setdefault(f.lemma, []).append(cue)
    return verbs, nouns, idioms


@lru_cache(maxsize=2)
def load_lexicon(data_dir: str | None = None, frames: tuple[str, ...] = ()) -> Lexicon:
    """Read the gazetteer, the frames and the word lists (cached: data files are read once per process).

    ``frames``: further frame files (a user's), applied on top of the bundled ones."""
    d = Path(data_dir) if data_dir else DATA_DIR
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
    first: dict[str, str] = {}
    for canon, variants, _, _ in _rows(d / "firstnames.tsv"):
        for v in _split(variants):
            first[v] = canon
    agents = {w.strip().lower(): k.strip() for w, k, _, _ in _rows(d / "generic_agents.tsv")}
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
        titles=frozenset(cues["titles"]["leads"]) | frozenset(cues["titles"]["member"]),
        verb_cues=verbs, noun_cues=nouns, idioms=idioms, support_verbs=fs("support_verbs"), agent_kinds=agents,
    )
