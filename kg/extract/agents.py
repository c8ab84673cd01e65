"""Generic agents: 'the rebels', 'government forces', 'the regime' stand for the named actor in view.

A generic agent is a kind word (data: ``kg/data/generic_agents.tsv``, one word and its kind a line)
used bare, with no name of its own. It is resolved in context, never guessed:

- kind ``rebels`` ("rebels", "insurgents", "rebel groups", "rebel positions"): the one armed group
  of that kind named in this or the last five sentences ("the Zorvan Liberation Army, whose rebels …";
  "the Kelvari rebels … the rebels"); with none in view, the rebel side (an actor with
  ``rebels:COUNTRY`` in the data) of the country with one that the article names most; two candidates in
  view → none.
- kind ``government`` ("government forces", "the regime", "the army", "pro-government militias"):
  the country the sentence sets its scene in before it ('in Kelvaria, where government forces …'), else the
  article's focus country — the country named most often in the document (demonyms, capitals and organs
  count) — unless two countries tie for it.
- allegiance ("forces loyal to X", "militias allied with X"; data: ``allegiance_adjectives``): X's side.
- a people's name ("Kelvan militia", "the Kelvans"; data: ``kg/data/peoples.tsv``): the armed group of that
  people the article names, when only one is named (or only one is in view).

The words and kinds are data; this module holds the construction only.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .doccache import actor_of, cache_of, column, has_child_dep, kids, sentence, tokens
from .lexicon import People

VIEW_SENTENCES = 5
"""How many earlier sentences a named armed group stays 'in view' for a generic agent."""
NEUTRAL_MODIFIERS = frozenset({"the", "armed", "moderate", "local", "allied", "loyalist", "various", "other",
                               "several", "some", "many", "numerous", "sunni", "shia", "shiite", "islamist", "pro"})
"""Premodifiers that leave a kind word generic ('the armed rebels', 'pro-government forces' split into 'pro',
'-', 'government'); any other word names a kind of its own."""


@dataclass(frozen=True)
class AgentReading:
    """A generic agent resolved: the token span and the actor it stands for."""

    start: int
    end: int
    name: str
    cls: str


AGENT_KINDS = ("rebels", "government")
"""The kinds a generic agent resolves by; a ``collective`` word ('forces', 'groups') takes its modifier's kind."""


def is_bare(tok: Token, kinds: dict[str, str], skip: int = -1) -> bool:
    """No possessor, name, demonym or other naming word before ``tok``, no 'of' phrase after it; only
    neutral modifiers or agent words ('the armed rebels', 'rebel groups'); never indefinite ('a government')."""
    for c in kids(tok):
        if c.i == skip:
            continue
        if c.i > tok.i:
            if c.dep_.startswith("nmod") and any(g.lower_ == "of" for g in kids(c)):
                return False                     # 'the government of Zorvania': said in place
            continue
        if c.dep_ == "nmod:poss" or actor_of(c) is not None or c.lower_ in ("a", "an") or c.pos_ == "PROPN":
            return False                         # 'Kelvar's army', 'a government', 'the Zorvan rebel group'
        if c.dep_ in ("det", "punct", "case", "advmod", "nummod", "cc", "mark") or c.is_punct:
            continue
        if c.dep_ in ("amod", "compound") and (c.lower_ in NEUTRAL_MODIFIERS or kind_of(c, kinds)):
            continue
        return False
    return True


def kind_of(tok: Token, kinds: dict[str, str]) -> str | None:
    """The agent kind of a word (by form, then lemma), or None."""
    return kinds.get(tok.lower_) or kinds.get(tok.lemma_.lower())


def agent_span(tok: Token, kinds: dict[str, str]) -> tuple[int, int, str] | None:
    """(start, end, kind) of a bare generic agent headed by ``tok``: 'rebels', 'the regime',
    'government forces', 'rebel fighters' (a collective noun with an agent modifier), else None."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    kind = kind_of(tok, kinds)
    if kind in AGENT_KINDS:
        if tok.dep_ in ("compound", "amod") and kind_of(tok.head, kinds) == "collective":
            return None                          # 'rebel groups': the collective head carries the agent
        if tok.dep_ not in ("compound", "amod") and tok.tag_ != "NNS" and not any(
                c.dep_ == "det" and c.lower_ == "the" for c in kids(tok)):
            return None                          # a singular one needs 'the': 'the regime', not 'voiced opposition'
        return (tok.i, tok.i + 1, kind) if is_bare(tok, kinds) else None
    if kind != "collective":
        return None
    for c in kids(tok):
        k = kind_of(c, kinds)
        if c.i < tok.i and c.dep_ in ("compound", "amod") and k in AGENT_KINDS and is_bare(tok, kinds, skip=c.i):
            return (c.left_edge.i if c.left_edge.i >= c.i - 2 else c.i, tok.i + 1, k)   # 'pro-government forces'
    return None


def focus_country(spans: list[Span]) -> str | None:
    """The country whose government or forces the document names most often ('the Kelvari army'), else the
    country it names most often; None when two tie."""
    organs = Counter(s.kb_id_ for s in spans if s.label_ == "Country" and s.id_ == "organ")
    counts = Counter(s.kb_id_ for s in spans if s.label_ == "Country")
    ranked = sorted(counts, key=lambda c: (-organs[c], -counts[c]))
    if not ranked:
        return None
    if len(ranked) > 1 and (organs[ranked[0]], counts[ranked[0]]) == (organs[ranked[1]], counts[ranked[1]]):
        return None
    return ranked[0]


def sentence_numbers(doc: Doc) -> dict[int, int]:
    """Token index → the number of its sentence, read off the sentences' bounds (no Token objects made); made
    once per Doc while its cache is open (callers only read it)."""
    cache = cache_of(doc)
    if cache is not None:
        if cache.sentence_numbers is None:
            cache.sentence_numbers = _sentence_numbers(doc)
        return cache.sentence_numbers
    return _sentence_numbers(doc)


def _sentence_numbers(doc: Doc) -> dict[int, int]:
    """Token index → the number of its sentence, computed."""
    out: dict[int, int] = {}
    for k, sent in enumerate(doc.sents):
        out.update(dict.fromkeys(range(sent.start, sent.end), k))
    return out


def scene_country(tok: Token, named: list[Span]) -> str | None:
    """The country a sentence sets its scene in before a generic agent ('violence in Kelvaria, where government
    forces …', 'In Kelvaria, the army …'): the one country named there after 'in', which beats the article's
    focus; None when there is none or two."""
    sent = sentence(tok)
    found = {s.kb_id_ for s in named if s.label_ == "Country" and sent.start <= s.start and s.end <= tok.i
             and any(c.dep_ == "case" and c.lower_ == "in" for c in kids(s.root))}
    return next(iter(found)) if len(found) == 1 else None


def rebels_in_view(spans: list[Span], sent_of: dict[int, int], here: int, rebel_kind: set[str]) -> set[str]:
    """Armed groups of the rebel kind named in this or the last VIEW_SENTENCES sentences."""
    return {s.kb_id_ for s in spans if s.label_ == "ArmedGroup" and s.kb_id_ in rebel_kind
            and 0 <= here - sent_of[s.start] <= VIEW_SENTENCES}


def resolve_generic_agents(doc: Doc, spans: list[Span], kinds: dict[str, str], rebels_of: dict[str, str],
                           rebel_kind: set[str], antecedent=None) -> list[AgentReading]:
    """Readings of every bare generic agent not already inside a mention.

    ``kinds``: agent word → kind; ``rebels_of``: country → its rebel actor; ``rebel_kind``: the armed
    groups that count as rebels (their names or aliases carry a rebel word, or they are a rebel side);
    ``antecedent(token)``: the country whose organ of that name was just named ('the Kelvari army … the army'),
    which beats the focus country.
    """
    toks = tokens(doc)
    taken = {i for s in spans for i in range(s.start, s.end)}
    named = [s for s in spans if s.id_ not in ("pronoun", "anaphor")]
    sent_of = sentence_numbers(doc)
    focus = focus_country(named)
    rebel_focus = focus_country([s for s in named if s.kb_id_ in rebels_of])   # among countries with a rebel side
    out: list[AgentReading] = []
    pos, lows, lemmas = column(doc, "pos"), column(doc, "lower"), column(doc, "lemma")
    nouns = [toks[i] for i, p in enumerate(pos) if p in ("NOUN", "PROPN")
             and (kinds.get(lows[i]) or kinds.get(lemmas[i])) in AGENT_KINDS + ("collective",)]
    for tok in nouns:             # (agent_span's first tests: a noun of an agent kind or a collective one)
        found = agent_span(tok, kinds)
        if found is None or any(i in taken for i in range(found[0], found[1])):
            continue
        start, end, kind = found
        taken.update(range(start, end))
        if kind == "government":
            ante = antecedent(tok) if antecedent is not None else None
            if ante is not None:
                continue                         # the definite anaphor reading ('the government' just named) stands
            here = scene_country(tok, named)
            if here is not None or focus is not None:
                out.append(AgentReading(start, end, here or focus, "Country"))
            continue
        view = rebels_in_view(named, sent_of, sent_of[tok.i], rebel_kind)
        if len(view) == 1:
            out.append(AgentReading(start, end, next(iter(view)), "ArmedGroup"))
        elif not view and rebel_focus is not None:
            out.append(AgentReading(start, end, rebels_of[rebel_focus], "ArmedGroup"))
    return out


PAIR_HEADS = {"countries": "Country", "nations": "Country", "states": "Country", "governments": "Country",
              "leaders": "Person", "men": "Person", "presidents": "Person", "ministers": "Person",
              "sides": "", "parties": "", "allies": "", "neighbours": "Country", "neighbors": "Country"}
"""Plural nouns that, with 'two' or 'both', refer back to a pair just named, and the class the pair must have
('' = any actor)."""


def bare_two(tok: Token) -> bool:
    """'The two' standing alone as a subject or object ('Kelvaria and Zorvania … the two will meet'): a pair
    reference with no noun, read like 'the two countries'."""
    return tok.lower_ == "two" and tok.pos_ == "NUM" and tok.dep_.split(":")[0] in ("nsubj", "obj", "conj") and \
        any(c.dep_ == "det" and c.lower_ == "the" and c.i == tok.i - 1 for c in kids(tok))


NUMBER_WORDS = {"two": 2, "both": 2, "three": 3}
"""Group markers a reference may carry ('the two countries', 'both sides', 'the three leaders')."""


def resolve_pairs(doc: Doc, spans: list[Span], shared: dict[str, tuple[str, ...]] | None = None) -> list[AgentReading]:
    """'the two countries', 'both sides', 'the two leaders', 'the three leaders': the last two (three) actors of
    that class named in this sentence before the phrase or the previous two sentences ('Kelvaria and Zorvania
    signed … The two countries …'). The group is read onto its tokens ('two'/'both' and the noun; 'the',
    'three' and the noun); with fewer in view, nothing. 'The two Koreas': the plural of a word that exactly that
    many country names share (``shared``: word → those countries), named or not."""
    toks = tokens(doc)
    sent_of = sentence_numbers(doc)
    taken = {i for s in spans for i in range(s.start, s.end)}
    named = sorted((s for s in spans if s.id_ not in ("pronoun", "anaphor")), key=lambda s: s.start)
    out: list[AgentReading] = []
    lows, shared_words = column(doc, "lower"), shared or {}
    candidates = [toks[i] for i, low in enumerate(lows)
                  if low in PAIR_HEADS or low == "two" or low.endswith("s") and low[:-1] in shared_words]
    for tok in candidates:        # (a head word, 'two', or the plural of a shared word: no other token passes)
        cls = PAIR_HEADS.get(tok.lower_)
        bare = cls is None and bare_two(tok)
        if bare:
            cls = ""                  # 'the two will meet': the pair is read onto 'the' and 'two'
        countries = (shared or {}).get(tok.lower_[:-1]) if tok.lower_.endswith("s") and cls is None else None
        if (cls is None and countries is None) or tok.i in taken:
            continue
        markers = ("the",) if bare else tuple(NUMBER_WORDS)
        marker = next((c for c in kids(tok) if c.i < tok.i and c.lower_ in markers), None)
        if marker is None or marker.i in taken:
            continue
        n = 2 if bare else NUMBER_WORDS[marker.lower_]
        det = next((c for c in kids(tok) if c.i < marker.i and c.lower_ == "the" and c.i not in taken), None)
        slots = [marker, tok] if n == 2 else ([det, marker, tok] if det is not None else [])
        if not slots:
            continue
        if countries is not None:
            if len(countries) == n:
                out += [AgentReading(t.i, t.i + 1, c, "Country") for t, c in zip(slots, countries)]
                taken.update(t.i for t in slots)
            continue
        here = sent_of[tok.i]
        seen: list[Span] = []
        for s in reversed([s for s in named if s.end <= slots[0].i and 0 <= here - sent_of[s.start] <= 2]):
            if bare and seen and s.label_ != seen[0].label_:
                continue              # a bare 'the two' pairs two of one class (two leaders, not a leader and a country)
            if (not cls or s.label_ == cls) and s.label_ != "Place" and s.kb_id_ not in {x.kb_id_ for x in seen}:
                seen.append(s)
            if len(seen) == n:
                break
        if len(seen) == n:
            out += [AgentReading(t.i, t.i + 1, s.kb_id_, s.label_) for t, s in zip(slots, reversed(seen))]
            taken.update(t.i for t in slots)
    return out


def people_reference(tok: Token, forms: dict[str, People], heads: frozenset[str]) -> tuple[int, str] | None:
    """(first token, form) of a people reference headed by ``tok``: a plural people noun standing alone
    ('the Kelvans', 'Zorvanian Kelvans') or a fighting noun ``heads`` modified by a people's adjective
    ('Kelvan militia', 'Zorvanian Kelvan forces'); never 'Kelvan villages', never 'the Kelvans' leaders'."""
    if tok.pos_ not in ("NOUN", "PROPN") or has_child_dep(tok, "nmod:poss"):
        return None
    if tok.lower_ in forms and tok.tag_ in ("NNS", "NNPS") and tok.dep_ not in ("compound", "amod"):
        return tok.i, tok.lower_
    if tok.lower_ not in heads and tok.lemma_.lower() not in heads:
        return None
    for c in kids(tok):
        if c.i < tok.i and c.dep_ in ("amod", "compound") and c.lower_ in forms:
            return c.i, c.lower_
    return None


def resolve_people(doc: Doc, spans: list[Span], forms: dict[str, People],
                   heads: frozenset[str]) -> list[AgentReading]:
    """'Kelvan militia', 'the Kelvans': the armed group that fights for that people (data:
    ``kg/data/peoples.tsv``) which the article names — the only one it names, else the only one named in
    this or the last VIEW_SENTENCES sentences, else the one it names most; with two in view or a tie,
    nothing. When it names none, the group the data gives for the country of the reference's demonym
    ('Zorvanian Kelvans') or, with no demonym, for the article's focus country."""
    toks = tokens(doc)
    taken = {i for s in spans for i in range(s.start, s.end)}
    named = [s for s in spans if s.id_ not in ("pronoun", "anaphor")]
    groups_named = [s for s in named if s.label_ == "ArmedGroup"]
    sent_of = sentence_numbers(doc)
    demonyms = {i: s.kb_id_ for s in named if s.label_ == "Country" and s.id_ == "demonym" for i in range(s.start, s.end)}
    focus = None
    out: list[AgentReading] = []
    pos, lows, lemmas = column(doc, "pos"), column(doc, "lower"), column(doc, "lemma")
    nouns = [toks[i] for i, p in enumerate(pos) if p in ("NOUN", "PROPN")
             and (lows[i] in forms or lows[i] in heads or lemmas[i] in heads)]
    for tok in nouns:             # (people_reference's tests: a noun that is a people's name or a fighting noun)
        if tok.i in taken:
            continue
        found = people_reference(tok, forms, heads)
        if found is None:
            continue
        first, form = found
        people = forms[form]
        cands = [s for s in groups_named if s.kb_id_ in people.groups]
        if len({s.kb_id_ for s in cands}) > 1:
            here = sent_of[tok.i]
            view = [s for s in cands if s.start < tok.i and 0 <= here - sent_of[s.start] <= VIEW_SENTENCES]
            ranked = Counter(s.kb_id_ for s in cands).most_common(2)
            cands = view if view or ranked[0][1] == ranked[1][1] else [s for s in cands if s.kb_id_ == ranked[0][0]]
        names = {s.kb_id_ for s in cands}
        if not cands and people.by_country:
            if focus is None:
                focus = focus_country(named) or ""
            country = next((demonyms[c.i] for c in kids(tok) if c.i < tok.i and c.i in demonyms), focus)
            names = {g for c, g in people.by_country if c == country}
        if len(names) != 1:
            continue
        start = first if not any(i in taken for i in range(first, tok.i)) else tok.i
        out.append(AgentReading(start, tok.i + 1, next(iter(names)), "ArmedGroup"))
        taken.update(range(start, tok.i + 1))
    return out


def loyal_forces(doc: Doc, spans: list[Span], kinds: dict[str, str], allegiance: frozenset[str],
                 side_of) -> list[AgentReading]:
    """'forces loyal to X', 'militias allied with X': a collective noun whose adjective of allegiance (data:
    ``allegiance_adjectives``) points at a named actor stands for that actor's side — the actor, or for a
    leader the state he leads (``side_of``): 'troops loyal to President Ana Ruiz' are Kelvaria's when Ruiz
    leads Kelvaria. Only a bare collective ('the forces', not 'Zorvan forces loyal to …')."""
    toks = tokens(doc)
    taken = {i for s in spans for i in range(s.start, s.end)}
    at = {i: s for s in spans if s.id_ not in ("pronoun",) for i in range(s.start, s.end)}
    out: list[AgentReading] = []
    lows, lemmas = column(doc, "lower"), column(doc, "lemma")
    collective = [toks[i] for i, low in enumerate(lows) if (kinds.get(low) or kinds.get(lemmas[i])) == "collective"]
    for tok in collective:        # (kind_of, read off the columns)
        if tok.i in taken or not is_bare(tok, kinds):
            continue
        for adj in kids(tok):
            if adj.i < tok.i or adj.lower_ not in allegiance:
                continue
            target = next((at[o.i] for o in kids(adj) if o.dep_.split(":")[0] in ("obl", "nmod") and o.i in at
                           and any(c.dep_ == "case" and c.lower_ in ("to", "with") for c in kids(o))), None)
            if target is not None and target.label_ != "Place":
                name, cls = side_of(target.kb_id_, target.label_)
                out.append(AgentReading(tok.i, tok.i + 1, name, cls))
                break
    return out


def pro_side(doc: Doc, spans: list[Span], kinds: dict[str, str], demonym_of) -> list[tuple[Span, AgentReading]]:
    """'pro-Kelvari separatists', 'pro-Kelvaria rebels', 'pro-Kelvar militias' (Kelvar the capital): a rebel or
    collective noun whose 'pro-' modifier names a country is an armed side of its own, named by the country's
    demonym ('pro-Kelvari separatists'), not the country. Returns (the country mention it replaces, the
    reading). ``demonym_of(country)``: the country's first demonym, or None."""
    toks = tokens(doc)
    by_start = {s.start: s for s in spans if s.label_ == "Country"}
    out: list[tuple[Span, AgentReading]] = []
    for s in by_start.values():
        if s.start < 2 or toks[s.start - 1].text != "-" or toks[s.start - 2].lower_ != "pro" or s.end >= len(doc):
            continue
        noun = toks[s.end]
        if noun.pos_ != "NOUN" or kind_of(noun, kinds) not in ("rebels", "collective"):
            continue
        adj = demonym_of(s.kb_id_)
        if adj:
            out.append((s, AgentReading(s.start - 2, s.end + 1, f"pro-{adj} {noun.lower_}", "ArmedGroup")))
    return out
