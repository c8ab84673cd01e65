"""The extractor's data, loaded once from the files in `kg/data/`: gazetteer and cue lexicons."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

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


@dataclass(frozen=True)
class Lexicon:
    """Everything the extractor reads from data files."""

    entries: dict[str, GazetteerEntry]
    first_names: dict[str, str]                      # variant -> canonical first name
    relations: dict[str, dict[str, dict[str, list[str]]]]
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
    verb_cues: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    noun_cues: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    light_cues: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split("|") if x.strip())


def _rows(path: Path):
    for line in path.read_text(encoding="utf8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield (line.split("\t") + [""] * 4)[:4]


def _cue_table(relations: dict, kind: str) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """lemma (first word of multi-word cues) -> [(relation, prepositions)]."""
    table: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for rel, cues in relations.items():
        for cue, preps in cues.get(kind, {}).items():
            table.setdefault(cue, []).append((rel, tuple(preps)))
    return table


@lru_cache(maxsize=2)
def load_lexicon(data_dir: str | None = None) -> Lexicon:
    """Read the gazetteer and cue lexicons (cached: data files are read once per process)."""
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
        entries[name] = GazetteerEntry(name, cls, _split(aliases), leads=leads, member_of=member)
    first: dict[str, str] = {}
    for canon, variants, _, _ in _rows(d / "firstnames.tsv"):
        for v in _split(variants):
            first[v] = canon
    cues = json.loads((d / "cues.json").read_text(encoding="utf8"))
    rel = cues["relations"]
    fs = lambda key: frozenset(cues[key])  # noqa: E731
    return Lexicon(
        entries=entries, first_names=first, relations=rel,
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
        verb_cues=_cue_table(rel, "verbs"), noun_cues=_cue_table(rel, "nouns"),
        light_cues=_cue_table(rel, "light_objects"),
    )
