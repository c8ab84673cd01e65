"""Convert PETRARCH2's CAMEO verb dictionary into newskg relation frames (JSONL, docs/frames.md).

usage: python training/convert_cameo.py PATH/TO/CAMEO.2.0.txt -o kg/data/frames_cameo.jsonl

The dictionary (format: PETRARCH2's dictionaries.rst) holds synsets (`&NAME` and `+phrase`
lines), verb blocks (`--- DESC [CODE] ---`, verb lines `VERB {FORMS} [CODE]`, multi-word
verbs `+VERB_PARTICLE`) and patterns (`- [pre] * [post] [CODE] # VERB`). Every CAMEO code
is mapped by its root (first two digits) to a relation; only relation frames are written:

* each verb of a block: its own code or the block's (`---` = no event: nothing);
* patterns `- * NOUN`, `- * {ADJ NOUN}`, `- * PARTICLE [NOUN]`, `- * NOUN (PREP)` and
  `- * (PREP)`: a light-verb frame (with_object = the noun's lemma, the head being the last
  word) or a particle / prepositional verb, for every verb the comment names (else the
  whole block); synsets are expanded (at most MAX_SYNSET_NOUNS nouns a pattern);
* everything else (words before `*`, actor markers `$ + ^ %`, prepositional phrases with a
  noun, several phrases) is skipped and counted by reason.

A paired code `[X:Y]` (X from source to target, Y back) gives X; a reverse-only code `[:Y]`
gives nothing. When one (lemma, pos, with_object) gets several codes, the relation given
by most general mappings (bare verbs and bare nouns; `{ADJ NOUN}` is specific) wins, then
by most mappings, then the one from a block's primary code, then the first by name (no
relation last); identical lines of one block count once. A key whose winner is a code
without a relation gets no frame. Generic verbs without an object noun or particle (GENERIC_VERBS) are dropped.
The output is sorted, starts with the source and the MIT licence as `//` lines, is
validated with kg.frames and written atomically; a summary goes to stderr.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kg.extract.frames import Frame, FrameError, validate  # noqa: E402

UPSTREAM = "https://github.com/openeventdata/petrarch2"
MAX_INPUT_BYTES = 20_000_000  # CAMEO.2.0.txt is about 0.4 MB
MAX_SYNSET_NOUNS = 20  # a pattern's synset expands to at most this many nouns (dictionary order)
ROOT_RELATIONS: dict[str, tuple[str, str | None]] = {
    "03": ("coordinatesWith", "Intended"),
    "04": ("meetsWith", None),
    "05": ("coordinatesWith", None),
    "06": ("coordinatesWith", None),
    "07": ("supports", None),
    **{root: ("opposes", None) for root in ("11", "12", "13", "16", "17")},
    **{root: ("strikes", None) for root in ("18", "19", "20")},
}
# Particles stay in the lemma ("beef up"); the object remains the direct object.
PARTICLES = frozenset(
    "up down out off back away over forward forth aside apart together around along in through by behind".split()
)
# Prepositions after a verb put the object behind them ("side with X": object ["with"]).
PREPOSITIONS = frozenset(
    "with at for to into against upon on onto of from after toward towards about between among "
    "across beyond within without under inside like".split()
)
FUNCTION_WORDS = frozenset("and or but the a an not".split())
COPULAS = frozenset("be is are was were am been being".split())
# Single-word verbs (no object noun, no particle) whose frame is dropped: too generic, or
# listed by a CAMEO block for a sense that rarely relates two actors in news text. A frame
# with an object noun or a particle ("take control", "set off", "hit back") is kept.
GENERIC_VERBS = frozenset(
    # light and motion verbs; "die" (the subject is the victim); sports senses
    "make take give get have do go come put set hold keep bring carry run turn play show see "
    "call send move leave stand look let die match pit best master "
    # thinking and feeling (CAMEO 04 consult, 11/12 reject blocks)
    "think reason consider contemplate weigh learn hear meditate muse mull ponder ruminate "
    "speculate excogitate reconsider mean expect want prefer value prize express claim cry "
    "weep wail grieve mourn sadden disappoint dishearten despair regret "
    # management verbs (CAMEO 06 lists them; in news they mean leading, not cooperating)
    "lead head rule manage direct govern control command order conduct steer administer "
    "monitor oversee regulate supervise supervize prescribe dictate enjoin handle serve "
    # change of degree (CAMEO 06 'boost', 03 'ease' blocks)
    "amplify augment enlarge expand increase heighten intensify deepen redouble improve enhance "
    "simplify escalate exaggerate magnify abate ease mitigate ameliorate compound better "
    # other senses without two actors
    "reside inhabit infest tarnish mar spoil corrupt vitiate impair contaminate overshadow "
    "ring circle break crack bust tear quarrel struggle risk pull table bill tax fail decline "
    "defer differ contrast swear moderate reinforce revolutionise revolutionize remit compensate "
    "pluck procrastinate disarray disorder attire outfit groom gear ready chain bind attach "
    "blend fuse conflate correlate relate found constitute issue unveil reveal expose divulge "
    "confess impact affect determine decide toast task stock tender render tend ward interfere "
    "innovate insert elicit promulgate amass face brave cluster constellate conglomerate egress "
    "depart embark journey travel tour".split()
)
# Common irregular past forms: a verb line written in one of them, next to its base form in
# the same block, is an inflected duplicate (CAMEO lists FORGAVE beside FORGIVE).
IRREGULAR_PAST = {
    form: base for base, forms in {
        "forgive": "forgave forgiven", "take": "took taken", "give": "gave given", "come": "came",
        "go": "went gone", "make": "made", "get": "got gotten", "hold": "held", "keep": "kept",
        "bring": "brought", "run": "ran", "throw": "threw thrown", "overthrow": "overthrew overthrown",
        "fight": "fought", "strike": "struck stricken", "shoot": "shot", "beat": "beaten",
        "break": "broke broken", "steal": "stole stolen", "meet": "met", "send": "sent",
        "speak": "spoke spoken", "tell": "told", "say": "said", "seek": "sought", "buy": "bought",
        "sell": "sold", "lead": "led", "flee": "fled", "fall": "fell fallen", "win": "won",
        "lose": "lost", "leave": "left", "draw": "drew drawn", "blow": "blew blown",
        "rise": "rose risen", "drive": "drove driven", "write": "wrote written", "bind": "bound",
        "slay": "slew slain", "tear": "tore torn", "swear": "swore sworn",
    }.items() for form in forms.split()
}
NOUN_INVARIANT = frozenset("news series species means headquarters police people arms".split())
NOUN_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "personnel": "personnel"}
NOT_NOUNS = PARTICLES | PREPOSITIONS | FUNCTION_WORDS
SPECIAL_TOKENS = frozenset("$+^%")
CODE_RE = re.compile(r"^\d{2,4}$")
HEADER_RE = re.compile(r"^---\s*(?P<desc>.*?)\s*\[(?P<code>[^\]]*)\]")
VERB_RE = re.compile(r"^(?P<word>[^\s{\[]+)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
PATTERN_RE = re.compile(r"^-\s*(?P<body>.*?)\s*\[(?P<code>[^\]]*)\]\s*$")
TOKEN_RE = re.compile(r"\([^()]*\)|\{[^{}]*\}|[^\s(){}]+")


@dataclass(frozen=True)
class Synset:
    """A synonym set: its phrases (lower case, `_` made spaces) and whether plurals are made."""

    name: str
    phrases: tuple[str, ...]
    plurals: tuple[bool, ...]

    def forms(self) -> list[str]:
        """Every phrase with its generated regular plural, as PETRARCH2 matches them."""
        out: list[str] = []
        for phrase, make_plural in zip(self.phrases, self.plurals):
            out.append(phrase)
            if make_plural:
                out.append(plural(phrase))
        return out


@dataclass
class Verb:
    """One verb line of a block, already normalised to a frame trigger (or a skip reason)."""

    raw: str  # as written, e.g. +CORDON_OFF
    surface: str  # '+' removed, e.g. CORDON_OFF
    forms: tuple[str, ...]  # irregular forms as written, '+' removed
    code: str | None  # the line's own code, raw ('---', '042:043', ...), None when absent
    line: int
    lemma: str = ""
    with_object: str | None = None
    object: tuple[str, ...] | None = None
    skip: str | None = None


@dataclass
class Pattern:
    """One pattern line: the words before and after `*`, its raw code and its comment."""

    pre: str
    post: str
    code: str
    comment: str
    line: int


@dataclass
class Block:
    """A verb synonym block: its description, primary code, verbs and patterns."""

    desc: str
    code: str
    line: int
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class Dictionary:
    """The parsed verb dictionary."""

    synsets: dict[str, Synset]
    blocks: list[Block]
    unparsed: list[int]  # line numbers of lines that fit no syntax
    transformations: int


@dataclass(frozen=True)
class Mapping:
    """One vote: this trigger key got this CAMEO code from this verb line or pattern."""

    key: tuple[str, str, str | None]
    code: str
    relation: str | None
    modality: str | None
    object: tuple[str, ...] | None
    general: bool
    primary: bool


@dataclass
class Result:
    """The frames and the counts for the summary."""

    frames: list[Frame]
    verbs_read: int = 0
    patterns_read: int = 0
    skipped: Counter = field(default_factory=Counter)
    per_relation: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)


class ConvertError(Exception):
    """The input cannot be converted (one-line message)."""


THING_SYNSETS = ("WEAPON", "WMD", "AIRCRAFT", "CAR")
"""Synsets whose words name things, never actors: a NER 'person' or 'organisation' made of them is a mistake."""


def plural(phrase: str) -> str:
    """PETRARCH2's regular plural of a phrase's last word: +ies for -y, +es for -ss, else +s."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("y"):
        last = last[:-1] + "ies"
    elif last.endswith("ss"):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def singular(word: str) -> str:
    """A noun's lemma from a dictionary word (plural patterns like ATTACKS give 'attack')."""
    word = word.lower()
    if word in NOUN_INVARIANT or len(word) <= 3:
        return word
    if word in NOUN_IRREGULAR:
        return NOUN_IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


def root_relation(code: str) -> tuple[str, str | None] | None:
    """The (relation, modality) of a CAMEO code's root, None for roots without a relation."""
    return ROOT_RELATIONS.get(code[:2])


def primary_code(raw: str) -> tuple[str | None, str | None]:
    """(code, None) for a usable code; (None, reason) for null, reverse-only or odd codes."""
    raw = raw.strip()
    if raw in ("---", ""):
        return None, "null code ---"
    first, colon, _second = raw.partition(":")
    if colon and not first:
        return None, "reverse-only code [:X]"
    if first == "---":
        return None, "null code ---"
    if not CODE_RE.match(first):
        return None, f"unparsed code [{raw}]"
    return first, None


def _strip_comment(line: str) -> tuple[str, str]:
    text, _, comment = line.partition("#")
    return text.rstrip(), comment.strip()


def _normalise_verb(verb: Verb, empty_forms: bool) -> None:
    """Fill lemma / with_object / object of a verb line, or set its skip reason."""
    raw_parts = verb.raw.split("_")
    if empty_forms:
        verb.skip = "fixed inflected form {}"
        return
    if len(raw_parts) == 1:
        verb.lemma = raw_parts[0].lstrip("+").lower()
    else:
        marked = [i for i, p in enumerate(raw_parts) if p.startswith("+")]
        if not marked:
            verb.skip = "multi-word verb without +"
            return
        if marked[0] != 0:
            verb.skip = "pre-compounded verb (words before the verb)"
            return
        extras = [p.lower() for p in raw_parts[1:] if p]
        head = raw_parts[0].lstrip("+").lower()
        if len(extras) != 1:
            verb.skip = "multi-word verb with several words after the verb"
            return
        extra = extras[0]
        if extra in FUNCTION_WORDS:
            verb.skip = "multi-word verb joined by a function word"
            return
        if extra in PARTICLES:
            verb.lemma = f"{head} {extra}"
        elif extra in PREPOSITIONS:
            verb.lemma, verb.object = f"{head} {extra}", (extra,)
        else:
            verb.lemma, verb.with_object = head, singular(extra)
    if verb.lemma.split()[0] in COPULAS:
        verb.lemma, verb.skip = "", "copula"
    elif not re.fullmatch(r"[a-z][a-z'-]*( [a-z][a-z'-]*)?", verb.lemma):
        verb.lemma, verb.skip = "", "verb is not a word"


def _parse_verb(text: str, number: int) -> Verb | None:
    m = VERB_RE.match(text)
    if not m:
        return None
    word = m.group("word")
    forms_raw = m.group("forms")
    forms = tuple(f.replace("+", "") for f in (forms_raw or "").replace(",", " ").split())
    verb = Verb(raw=word, surface=word.replace("+", ""), forms=forms, code=m.group("code"), line=number)
    _normalise_verb(verb, empty_forms=forms_raw is not None and not forms)
    return verb


def parse_dictionary(text: str) -> Dictionary:
    """Parse the text of a PETRARCH2 verb dictionary into synsets and blocks."""
    synsets: dict[str, Synset] = {}
    blocks: list[Block] = []
    unparsed: list[int] = []
    transformations = 0
    synset_name: str | None = None
    synset_items: list[tuple[str, bool]] = []

    def close_synset() -> None:
        nonlocal synset_name, synset_items
        if synset_name is not None:
            label_plurals = not synset_name.endswith("_")
            name = synset_name.rstrip("_")
            synsets[name] = Synset(
                name=name,
                phrases=tuple(p for p, _ in synset_items),
                plurals=tuple(label_plurals and pl for _, pl in synset_items),
            )
        synset_name, synset_items = None, []

    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("---"):
            close_synset()
            m = HEADER_RE.match(stripped)
            if not m:
                unparsed.append(number)
                continue
            blocks.append(Block(desc=m.group("desc"), code=m.group("code").strip(), line=number))
            continue
        if stripped.startswith("&"):
            close_synset()
            body, _ = _strip_comment(stripped)
            synset_name = body.split()[0][1:].upper()
            continue
        if stripped.startswith("+") and synset_name is not None:
            body, _ = _strip_comment(stripped[1:])
            phrase = body.strip()
            if phrase:
                synset_items.append((phrase.rstrip("_").replace("_", " ").lower(), not phrase.endswith("_")))
            continue
        close_synset()
        if stripped.startswith("~"):
            transformations += 1
            continue
        if not blocks:
            unparsed.append(number)
            continue
        if stripped.startswith("-"):
            body, comment = _strip_comment(stripped)
            m = PATTERN_RE.match(body)
            if not m or "*" not in m.group("body"):
                unparsed.append(number)
                continue
            pre, _, post = m.group("body").partition("*")
            blocks[-1].patterns.append(Pattern(pre.strip(), post.strip(), m.group("code").strip(), comment, number))
            continue
        body, _ = _strip_comment(stripped.partition(";")[0])  # ';' starts a TABARI-style note
        verb = _parse_verb(body, number) if body else None
        if verb is None:
            unparsed.append(number)
            continue
        blocks[-1].verbs.append(verb)
    close_synset()
    return Dictionary(synsets, blocks, unparsed, transformations)


def _surface_forms(verb: Verb) -> set[str]:
    """The upper-case forms a pattern comment may use to name this verb."""
    base = verb.surface.upper()
    forms = {base, *(f.upper() for f in verb.forms)}
    first, sep, rest = base.partition("_")
    stems = {first + "S", first + "ES", first + "D", first + "ED", first + "ING"}
    if first.endswith("E"):
        stems.add(first[:-1] + "ING")
    if first.endswith("Y"):
        stems |= {first[:-1] + "IES", first[:-1] + "IED"}
    forms |= {s + sep + rest for s in stems}
    return forms


def _inflections(verb: Verb) -> set[str]:
    """Irregular forms and -ing / -ed forms of a verb (to spot inflected duplicates)."""
    base = verb.surface.upper()
    forms = {f.upper() for f in verb.forms} | {base + "ING", base + "ED"}
    if base.endswith("E"):
        forms |= {base[:-1] + "ING", base + "D"}
    return forms - {base}


def mark_inflected(block: Block) -> None:
    """Skip verb lines that are an inflected form of another verb of the block (FORGAVE)."""
    forms = set().union(*(_inflections(v) for v in block.verbs)) if block.verbs else set()
    bases = {v.surface.upper() for v in block.verbs}
    for verb in block.verbs:
        word = verb.surface.upper()
        irregular = IRREGULAR_PAST.get(word.lower(), "").upper()
        if not verb.skip and "_" not in word and (word in forms or irregular in bases):
            verb.lemma, verb.skip = "", "inflected form of another verb of the block"


def _target_verbs(block: Block, comment: str) -> tuple[list[Verb], bool]:
    """The verbs of the block the pattern comment names (all of them when it names none)."""
    tokens = {t.replace("+", "").upper() for t in re.split(r"[\s,]+", comment) if t}
    named = [v for v in block.verbs if tokens & _surface_forms(v)]
    return (named, True) if named else (list(block.verbs), False)


def _expand(word: str, synsets: dict[str, Synset]) -> tuple[list[str] | None, str | None, bool]:
    """Head lemmas for a pattern word or synset: (lemmas, skip reason, capped)."""
    if word.startswith("&"):
        synset = synsets.get(word[1:].upper().rstrip("_"))
        if synset is None:
            return None, "undefined synset", False
        heads: list[str] = []
        for phrase in synset.phrases:
            head = singular(phrase.split()[-1])
            if head not in heads:
                heads.append(head)
        return heads[:MAX_SYNSET_NOUNS], None, len(heads) > MAX_SYNSET_NOUNS
    if not re.fullmatch(r"[A-Za-z][A-Za-z'-]*", word) or word.lower() in NOT_NOUNS:
        return None, "word is not a noun", False
    return [singular(word)], None, False


@dataclass(frozen=True)
class _Shape:
    particle: str | None
    nouns: tuple[str, ...]  # head lemmas (expanded); empty for particle / preposition verbs
    general: bool
    prep: str | None
    prep_in_lemma: bool
    capped: bool


def classify_pattern(pattern: Pattern, synsets: dict[str, Synset]) -> tuple[_Shape | None, str | None]:
    """The frame shape of a pattern, or None and the reason it cannot be expressed."""
    if pattern.pre:
        return None, "words before * (subject constraint)"
    tokens = TOKEN_RE.findall(pattern.post)
    if any(ch in SPECIAL_TOKENS for t in tokens for ch in t):
        return None, "actor markers $ + ^ %"
    if not tokens:
        return None, "no words after *"
    particle: str | None = None
    if tokens[0].lower() in PARTICLES and len(tokens) > 1 and not tokens[1].startswith("("):
        particle, tokens = tokens[0].lower(), tokens[1:]
    elif len(tokens) == 1 and tokens[0].lower() in PARTICLES:
        return _Shape(tokens[0].lower(), (), True, None, False, False), None
    prep: str | None = None
    if tokens[-1].startswith("("):
        inner = tokens[-1][1:-1].split()
        if len(inner) != 1:
            return None, "prepositional phrase with a noun"
        prep, tokens = inner[0].lower(), tokens[:-1]
        if prep == "by":
            return None, "(BY) agent phrase"
        if prep not in PREPOSITIONS and prep not in PARTICLES:
            return None, "unknown preposition"
        if len(tokens) == 1 and tokens[0].lower() in PARTICLES and not particle:
            return _Shape(tokens[0].lower(), (), True, prep, False, False), None
        if not tokens:
            if particle:
                return None, "too complex"
            return _Shape(None, (), True, prep, True, False), None
    if len(tokens) != 1 or tokens[0].startswith("("):
        return None, "too complex"
    token = tokens[0]
    general = True
    if token.startswith("{"):
        words = token[1:-1].split()
        if not words:
            return None, "too complex"
        token, general = words[-1], len(words) == 1
    nouns, reason, capped = _expand(token, synsets)
    if nouns is None:
        return None, reason
    return _Shape(particle, tuple(nouns), general, prep, False, capped), None


def _mapping(key: tuple[str, str, str | None], code: str, block: Block,
             obj: tuple[str, ...] | None, general: bool) -> Mapping:
    rel = root_relation(code)
    block_code, _ = primary_code(block.code)
    return Mapping(key, code, rel[0] if rel else None, rel[1] if rel else None, obj, general, code == block_code)


def collect(dictionary: Dictionary, result: Result) -> list[Mapping]:
    """Every vote of every verb line and expressible pattern (identical ones of a block once)."""
    votes: list[Mapping] = []
    for block in dictionary.blocks:
        seen: set[tuple[Mapping, str]] = set()
        mark_inflected(block)

        def vote(m: Mapping, line: str) -> None:
            if (m, line) not in seen:  # the same line repeated in a block votes once
                seen.add((m, line))
                votes.append(m)

        for verb in block.verbs:
            result.verbs_read += 1
            if verb.skip:
                result.skipped[f"verb: {verb.skip}"] += 1
                continue
            code, reason = primary_code(verb.code if verb.code is not None else block.code)
            if code is None:
                result.skipped[f"verb: {reason}"] += 1
                continue
            if root_relation(code) is None:
                result.skipped["verb: code root without a relation"] += 1
            vote(_mapping((verb.lemma, "VERB", verb.with_object), code, block, verb.object, True), verb.raw)
        for pattern in block.patterns:
            result.patterns_read += 1
            text = " ".join(f"{pattern.pre} * {pattern.post}".split())
            code, reason = primary_code(pattern.code)
            if code is None:
                result.skipped[f"pattern: {reason}"] += 1
                continue
            shape, reason = classify_pattern(pattern, dictionary.synsets)
            if shape is None:
                result.skipped[f"pattern: {reason}"] += 1
                continue
            if root_relation(code) is None:
                result.skipped["pattern: code root without a relation"] += 1
            if shape.capped:
                result.notes[f"pattern synset capped at {MAX_SYNSET_NOUNS} nouns"] += 1
            verbs, named = _target_verbs(block, pattern.comment)
            if not named:
                result.notes["pattern names no verb of its block: applied to all"] += 1
            for verb in verbs:
                if verb.skip or verb.with_object or verb.object or (shape.particle and " " in verb.lemma):
                    continue
                lemma = verb.lemma
                if shape.particle:
                    lemma = f"{lemma} {shape.particle}"
                obj = (shape.prep,) if shape.prep else None
                if shape.prep_in_lemma:
                    if " " in lemma:
                        continue
                    vote(_mapping((f"{lemma} {shape.prep}", "VERB", None), code, block, obj, True), text)
                    continue
                if not shape.nouns:
                    vote(_mapping((lemma, "VERB", None), code, block, obj, True), text)
                for noun in shape.nouns:
                    vote(_mapping((lemma, "VERB", noun), code, block, obj, shape.general), text)
    return votes


def decide(votes: list[Mapping], result: Result) -> list[Frame]:
    """One frame per key: the relation of most general votes, then most votes, then a primary code."""
    by_key: dict[tuple[str, str, str | None], list[Mapping]] = {}
    for v in votes:
        by_key.setdefault(v.key, []).append(v)
    frames: list[Frame] = []
    for key in sorted(by_key, key=lambda k: (k[0], k[1], k[2] or "")):
        group = by_key[key]
        outcomes: dict[str | None, list[Mapping]] = {}
        for v in group:
            outcomes.setdefault(v.relation, []).append(v)

        def rank(rel: str | None) -> tuple[int, int, int, str]:
            ms = outcomes[rel]  # more general votes, more votes, a primary code, then by name
            return (-sum(m.general for m in ms), -len(ms), -int(any(m.primary for m in ms)), rel or "~")

        winner = min(outcomes, key=rank)
        if winner is None:
            if len(outcomes) > 1:
                result.skipped["frame: outvoted by codes without a relation"] += 1
            continue
        lemma, pos, with_object = key
        if with_object is None and " " not in lemma and lemma in GENERIC_VERBS:
            result.skipped["frame: generic verb (stop list)"] += 1
            continue
        if len(outcomes) > 1:
            result.notes["keys with conflicting codes (resolved by vote)"] += 1
        ms = sorted(outcomes[winner], key=lambda m: (not m.general, not m.primary, m.code))
        best = ms[0]
        preps = sorted({p for m in ms if m.object for p in m.object})
        record: dict[str, object] = {"lemma": lemma, "pos": pos, "relation": winner}
        if with_object:
            record["with_object"] = with_object
        if preps:
            record["object"] = preps
        if best.modality:
            record["modality"] = best.modality
        record["source"] = f"petrarch2 CAMEO {best.code}"
        record["cameo"] = best.code
        frames.append(validate(record, f"generated frame {lemma!r}"))
        result.per_relation[winner] += 1
    return frames


def convert(text: str) -> Result:
    """Convert the dictionary text into frames and counts."""
    dictionary = parse_dictionary(text)
    result = Result(frames=[])
    if dictionary.unparsed:
        result.skipped["line: fits no dictionary syntax"] += len(dictionary.unparsed)
    if dictionary.transformations:
        result.notes["transformations (~ lines) ignored"] += dictionary.transformations
    result.frames = decide(collect(dictionary, result), result)
    return result


def header(dictionary_text: str, licence: str, source_name: str) -> list[str]:
    """The `//` comment lines naming the source and carrying PETRARCH2's MIT licence."""
    lines = [
        f"// generated by training/convert_cameo.py from PETRARCH2's {source_name} verb dictionary",
        f"// (CAMEO verb patterns of the PETRARCH2 event coder, {UPSTREAM}); regenerate, do not edit.",
        "// Relations by CAMEO root: 03 coordinatesWith (Intended), 04 meetsWith, 05/06 coordinatesWith,",
        "// 07 supports, 11/12/13/16/17 opposes, 18/19/20 strikes (see docs/frames.md).",
    ]
    for line in dictionary_text.splitlines()[:80]:
        if line.lstrip("# ").startswith("Copyright"):
            lines.append(f"// The dictionary's header: {line.lstrip('# ').strip()}, under the MIT License.")
            break
    lines.append("// PETRARCH2 licence (LICENSE of the upstream project):")
    lines.append("//")
    lines += [f"// {line}".rstrip() for line in licence.strip().splitlines()]
    return lines


def write_atomic(path: Path, lines: list[str]) -> None:
    """Write the lines to `path` through a temporary file in the same directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write("\n".join(lines) + "\n")
        os.chmod(tmp, 0o644)  # mkstemp makes the file private; the lexicon is a normal data file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read(path: Path, what: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ConvertError(f"{path}: {what} is {size} bytes, more than the limit of {MAX_INPUT_BYTES}")
        return path.read_bytes().decode("utf-8", errors="strict")
    except OSError as exc:
        raise ConvertError(f"{path}: cannot read the {what} ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise ConvertError(f"{path}: the {what} is not UTF-8 (byte {exc.start})") from None


def summary(result: Result) -> str:
    """The counts printed to stderr."""
    out = [f"verbs read: {result.verbs_read}", f"patterns read: {result.patterns_read}",
           f"frames written: {len(result.frames)}"]
    out += [f"  {rel}: {n}" for rel, n in sorted(result.per_relation.items())]
    out.append("skipped:")
    out += [f"  {reason}: {n}" for reason, n in sorted(result.skipped.items())]
    if result.notes:
        out.append("notes:")
        out += [f"  {note}: {n}" for note, n in sorted(result.notes.items())]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Convert PETRARCH2's CAMEO verb dictionary into newskg frames (JSONL).")
    parser.add_argument("dictionary", type=Path, help="PETRARCH2 verb dictionary, e.g. CAMEO.2.0.txt")
    parser.add_argument("-o", "--output", type=Path, required=True, help="frames file to write (JSONL)")
    parser.add_argument("--license", type=Path, default=None,
                        help="PETRARCH2's LICENSE file (default: LICENSE next to the dictionary)")
    parser.add_argument("--things-out", type=Path, default=None,
                        help="also write the dictionary's weapon, aircraft and vehicle words (synsets "
                             f"{', '.join(THING_SYNSETS)}), one a line: names that are never actors ('Stinger')")
    args = parser.parse_args(argv)
    try:
        text = _read(args.dictionary, "dictionary")
        licence = _read(args.license or args.dictionary.parent / "LICENSE", "licence file")
        result = convert(text)
        lines = header(text, licence, args.dictionary.name)
        lines += [json.dumps(f.to_json(), ensure_ascii=False) for f in result.frames]
        write_atomic(args.output, lines)
        if args.things_out is not None:
            synsets = parse_dictionary(text).synsets
            words = sorted({f for name in THING_SYNSETS if name in synsets for f in synsets[name].forms()})
            write_atomic(args.things_out, ["# " + ln[3:] if ln.startswith("// ") else "#" + ln[2:]
                                           for ln in header(text, licence, args.dictionary.name)] + words)
    except (ConvertError, FrameError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary(result), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
