"""The extraction pipeline: a spaCy pipeline plus newskg's components, assembled once per process."""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from . import actors as _actors  # noqa: F401  (registers the newskg_actors factory)
from . import claims as _claims  # noqa: F401  (registers the newskg_claims factory)
from . import udlabels as _udlabels  # noqa: F401  (registers the newskg_ud_labels component)
from .nlp import load_pipeline


@Language.component("newskg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and captions stay their own sentences."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and (prev.is_space and "\n" in prev.text or "\n" in prev.whitespace_):
            tok.is_sent_start = True
    return doc


def add_extraction_components(nlp: Language) -> Language:
    """Add newskg's components to a loaded pipeline (idempotent)."""
    if "newskg_paragraphs" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe("newskg_paragraphs", before=before)
        else:
            nlp.add_pipe("newskg_paragraphs", first=True)
    if "parser" in nlp.pipe_names and "newskg_ud_labels" not in nlp.pipe_names:
        nlp.add_pipe("newskg_ud_labels", after="parser")
    if "newskg_actors" not in nlp.pipe_names:
        nlp.add_pipe("newskg_actors")
    if "newskg_claims" not in nlp.pipe_names:
        nlp.add_pipe("newskg_claims")
    return nlp


@lru_cache(maxsize=4)
def extraction_pipeline(model: str | None = None) -> Language:
    """The loaded pipeline (`model` or the bundled one) with newskg's components added."""
    return add_extraction_components(load_pipeline(model))
