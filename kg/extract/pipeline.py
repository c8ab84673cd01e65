"""The extraction pipeline: a spaCy pipeline plus newskg's components, assembled once per process."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.util import compile_infix_regex
from spacy.tokens import Doc

from . import actors as _actors  # noqa: F401  (registers the newskg_actors factory)
from .actors import is_word_hyphen
from . import claims as _claims  # noqa: F401  (registers the newskg_claims factory)
from . import udlabels as _udlabels  # noqa: F401  (registers the newskg_ud_labels component)
from .nlp import load_pipeline


INITIAL = re.compile(r"[A-Z]\.")
DATELINE_DASHES = {"\u2014", "\u2013", "--", "-"}
SENTENCE_END = {".", "!", "?", ":", ";", "\"", "\u201d", "\u2019", "'", ")", "]", "\u2026", "...", "--", "\u2014"}


@Language.component("newskg_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break (headlines, captions), and never right after a word:
    a sentence starts only after a line break or sentence-final punctuation ('… counterpart Sergei|Lavrov').

    One pass over the tokens, written back with one `Doc.from_array` (setting `Token.is_sent_start`
    one token at a time rescans the Doc each time: quadratic in the article's length).
    """
    if len(doc) < 2:
        return doc
    starts = doc.to_array([SENT_START]).astype(numpy.int64)
    prev = None
    para_start = 0
    for tok in doc:
        if tok.is_space:
            continue
        if prev is None:
            prev = tok
            continue
        i = tok.i
        gap = prev.whitespace_ if i == prev.i + 1 else doc[prev.i + 1: i].text + prev.whitespace_
        if "\n" in gap:
            starts[i] = 1
            para_start = i
        elif prev.text in DATELINE_DASHES and i - para_start <= 15 and not is_word_hyphen(prev):
            starts[i] = 1      # dateline: 'May 26, 2016 (EIRNS)—Russian Foreign Minister …'
        elif prev.text not in SENTENCE_END and not prev.text.endswith(".") or (
                INITIAL.fullmatch(prev.text) and tok.text[:1].isupper() and prev.i > 0 and doc[prev.i - 1].text[:1].isupper()):
            starts[i] = -1     # (an initial inside a name is no sentence end: 'Ana C. Ruiz')
        prev = tok
    doc.from_array([SENT_START], starts.astype(numpy.uint64))
    return doc


def split_dashes(nlp: Language) -> None:
    """Make the tokenizer split at em and en dashes ('(EIRNS)—Russian' → '(', 'EIRNS', ')', '—', 'Russian'): the
    dash, and a closing bracket or quote right before it (suffixes are not looked for inside a token)."""
    infixes = list(nlp.Defaults.infixes or []) + [r"[\u2014\u2013]", r"[)\]\"\u201d\u2019](?=[\u2014\u2013])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def add_extraction_components(nlp: Language, frames: tuple[str, ...] = (), actors: tuple[str, ...] = ()) -> Language:
    """Add newskg's components to a loaded pipeline (idempotent); ``frames`` / ``actors``: a user's frame
    lexicons and actor tables on top of the bundled data (set in the components' config)."""
    config = {"frames": list(frames), "actors": list(actors)}
    if "newskg_paragraphs" not in nlp.pipe_names:
        split_dashes(nlp)
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe("newskg_paragraphs", before=before)
        else:
            nlp.add_pipe("newskg_paragraphs", first=True)
    if "parser" in nlp.pipe_names and "newskg_ud_labels" not in nlp.pipe_names:
        nlp.add_pipe("newskg_ud_labels", after="parser")
    if "newskg_actors" not in nlp.pipe_names:
        nlp.add_pipe("newskg_actors", config=config)
    if "newskg_claims" not in nlp.pipe_names:
        nlp.add_pipe("newskg_claims", config=config)
    return nlp


@lru_cache(maxsize=4)
def extraction_pipeline(model: str | None = None, frames: tuple[str, ...] = (), actors: tuple[str, ...] = ()) -> Language:
    """The loaded pipeline (`model` or the bundled one) with newskg's components added; a pipeline of its own
    for each set of user frames/actors (components are configured once, when they are added)."""
    base = load_pipeline(model) if not frames and not actors else load_pipeline.__wrapped__(model)
    return add_extraction_components(base, frames, actors)
