"""Docs parsed by hand, run through newskg's components only: tests of the constructions that do not
depend on what the bundled model happens to parse."""
from __future__ import annotations

from functools import lru_cache

FOCUS_SYRIA = """
Syria 1 nsubj PROPN Syria
accused 1 ROOT VERB accuse
Turkey 1 obj PROPN Turkey
. 1 punct PUNCT .
Syria 5 nsubj PROPN Syria
thanked 5 ROOT VERB thank
Iran 5 obj PROPN Iran
. 5 punct PUNCT .
"""
"""Two sentences that make Syria the focus country (token indices 0-7), to prefix a parse with."""


@lru_cache(maxsize=1)
def blank_pipeline():
    """A blank English pipeline with newskg's components (no statistical model)."""
    import spacy

    from kg.extract.pipeline import add_extraction_components

    return add_extraction_components(spacy.blank("en"))


def parsed(rows: str):
    """A Doc from one token a line: ``word head dep POS lemma [ENT] [TAG]`` (head = token index, 0-based,
    the root points at itself). Sentences follow the roots. Runs every newskg component but the sentence
    splitter."""
    from spacy.tokens import Doc

    toks = [line.split() for line in rows.strip().splitlines() if line.strip()]
    words = [t[0] for t in toks]
    heads = [int(t[1]) for t in toks]
    deps = [t[2] for t in toks]
    pos = [t[3] for t in toks]
    lemmas = [t[4] for t in toks]
    ents = [t[5] if len(t) > 5 else "O" for t in toks]
    tags = [t[6] if len(t) > 6 else ("NNS" if p == "NOUN" and w.endswith("s") else "") for t, w, p in zip(toks, words, pos)]
    nlp = blank_pipeline()
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents, tags=tags)
    for name, proc in nlp.pipeline:
        if name != "newskg_paragraphs":
            doc = proc(doc)
    return doc


def claims_of(doc) -> set[tuple[str, str, str, str]]:
    """(subject, relation, object, polarity) of every claim of a Doc."""
    return {(c.subject, c.relation, c.object, c.polarity) for c in doc._.newskg_claims}


def mention_of(doc, i: int) -> str | None:
    """The canonical actor the token at index ``i`` mentions, or None."""
    m = doc[i]._.actor
    return m.kb_id_ if m is not None else None
