"""Small readings of a dependency parse shared by the relation rules (`relations`) and the constructions
(`constructions`): the candidate records, a token's children by label, a lemma that knows inflections.

They live apart from `relations` so that `constructions`, which `relations` imports, can import them at the
top (an import inside a function runs on every call, and the constructions run on every token).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from .doccache import cache_of
from .lexicon import Cue


@dataclass(frozen=True)
class Arg:
    """One argument: a canonical actor name, or a first-person placeholder resolved later."""

    name: str            # canonical actor name, or "@side" / "@self" for we / I in quotes
    token: int           # token index in the Doc


@dataclass(frozen=True)
class Candidate:
    """A relation read off the parse, before polarity, modality and speaker."""

    subjects: tuple[Arg, ...]
    relation: str
    objects: tuple[Arg, ...]
    cue: Token
    confidence: float
    structural: bool = False    # read off a name ('US-led coalition'): always positive and actual
    frame: Cue | None = None    # the frame's cue, when the candidate came from one (its modality applies)
    trigger: str = ""           # the trigger words when more than the cue token's lemma ('join force')
    contained: bool = False     # both sides inside the noun phrase ('the war between A and B'): a verb above it
                                # does not negate it ('refused to take sides in the war between A and B')


def children(tok: Token, *deps: str) -> list[Token]:
    """Children with one of the given dependency labels (subtypes match their base label)."""
    cache = cache_of(tok.doc)
    if cache is None:
        return [c for c in tok.children if (d := c.dep_) in deps or d.split(":")[0] in deps]
    dep, base = cache.dep, cache.dep_base
    return [c for c in cache.kids[tok.i] if dep[c.i] in deps or base[c.i] in deps]


def lemma_of(tok: Token, known: dict | frozenset | set) -> str:
    """The token's lemma, or a known word its inflected form reduces to when the lemmatizer missed it."""
    cache = cache_of(tok.doc)
    lemma = cache.lemma[tok.i] if cache is not None else tok.lemma_.lower()
    if lemma in known:
        return lemma
    for base in _bases(cache.lower[tok.i] if cache is not None else tok.lower_):
        if base in known:
            return base
    return lemma


@lru_cache(maxsize=65536)
def _bases(low: str) -> tuple[str, ...]:
    """The forms an inflected word may reduce to, in the order `lemma_of` tries them."""
    out: list[str] = []
    for cut, add in (("", ""), ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                     ("d", ""), ("ing", ""), ("ing", "e")):
        if low.endswith(cut) and len(low) - len(cut) >= 3:
            base = low[: len(low) - len(cut)] + add
            out.append(base)
            if cut in ("ed", "ing") and len(base) > 3 and base[-1] == base[-2]:
                out.append(base[:-1])     # 'planned' → 'plan', 'shipping' → 'ship'
    return tuple(out)
