"""`kg build`: articles → spaCy Docs (batched with nlp.pipe) → per-document results → RDF, streamed.

Articles are read one file at a time, extracted in batches, and each finished document's named graph
is handed to a sink as N-Quads (a shard file, the store), so memory stays flat in the number of
articles. A long article is processed in pieces (`kg.build.chunking`), each piece dated with the
article's date; one longer than `chunking.MAX_ARTICLE_CHARS` is refused with a message.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from spacy.language import Language

from .chunking import CHUNK_CHARS, MAX_ARTICLE_CHARS, merge_results, split_text, too_long
from .ingest import DEFAULT_MAX_BYTES, STDIN, IngestError, Problem, collect_files, read_file
from ..records import Article, DocumentResult

BATCH_SIZE = 16
BATCH_CHARS = 100_000
"""A batch given to nlp.pipe holds at most BATCH_SIZE texts and BATCH_CHARS characters (or one text)."""


@dataclass(frozen=True)
class DocumentOutput:
    """One extracted document: its named graph as N-Quads and what the build report counts."""

    doc_id: str
    file_name: str
    nquads: str
    words: int
    actors: frozenset[str]     # canonical names of the actors that are not places
    claims: int


@dataclass
class BuildReport:
    """What a build did: documents built (ids and file names only), skipped inputs, counts and timing."""

    documents: list[tuple[str, str]] = field(default_factory=list)   # (doc_id, file_name) per built document
    problems: list[Problem] = field(default_factory=list)
    skipped_unchanged: int = 0
    words: int = 0
    seconds: float = 0.0
    actor_names: set[str] = field(default_factory=set)
    claims: int = 0

    @property
    def built(self) -> int:
        """Number of documents built."""
        return len(self.documents)

    @property
    def actors(self) -> int:
        """Distinct actors (not places) over all documents built."""
        return len(self.actor_names)

    def add(self, out: DocumentOutput) -> None:
        """Count one finished document."""
        self.documents.append((out.doc_id, out.file_name))
        self.words += out.words
        self.actor_names |= out.actors
        self.claims += out.claims


def default_workers() -> int:
    """The number of CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


Reader = Callable[[Path, int], tuple[list[Article], list[Problem]]]


def rereadable(reader: Reader | None = None) -> Reader:
    """A file reader (default `read_file`) that reads standard input once and gives the same articles (or
    error) again, so that a build can go over its inputs twice (count, then extract); other files are re-read."""
    kept: list = []

    def read(path: Path, max_bytes: int) -> tuple[list[Article], list[Problem]]:
        if str(path) != STDIN:
            return (reader or read_file)(path, max_bytes)
        if not kept:
            try:
                kept.append((reader or read_file)(path, max_bytes))
            except IngestError as exc:
                kept.append(exc)
        if isinstance(kept[0], IngestError):
            raise kept[0]
        return kept[0]

    return read


def iter_articles(inputs: list[Path], max_bytes: int = DEFAULT_MAX_BYTES,
                  problems: list[Problem] | None = None, reader: Reader | None = None) -> Iterator[Article]:
    """Every article under the inputs, one per distinct content, read one file at a time (with `reader`,
    default `read_file`).

    Bad files, duplicates and over-long articles become problems (when a list is given).
    """
    files, found_problems = collect_files(inputs)
    report = problems.append if problems is not None else (lambda p: None)
    for p in found_problems:
        report(p)
    seen: dict[str, str] = {}
    for f in files:
        try:
            found, skipped = (reader or read_file)(f, max_bytes)
        except IngestError as exc:
            report(Problem(str(f), str(exc)))
            continue
        for p in skipped:
            report(p)
        for a in found:
            if a.doc_id in seen:
                report(Problem(a.file_name, f"same text as {seen[a.doc_id]}; read once"))
                continue
            seen[a.doc_id] = a.file_name
            why = too_long(a)
            if why:
                report(Problem(a.file_name, why))
                continue
            yield a


def read_articles(inputs: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[Problem]]:
    """Every article under the inputs as a list (small inputs; `iter_articles` streams)."""
    problems: list[Problem] = []
    return list(iter_articles(inputs, max_bytes, problems)), problems


def _pieces(articles: Iterable[Article], bound: int) -> Iterator[tuple[str, tuple[Article, int, bool]]]:
    """(text, (article, offset, last piece?)) for nlp.pipe: short articles whole, long ones in pieces."""
    for art in articles:
        if len(art.text) <= bound:
            yield art.text, (art, 0, True)
            continue
        pieces = split_text(art.text, bound)
        nxt = next(pieces)
        for following in pieces:
            yield nxt[1], (art, nxt[0], False)
            nxt = following
        yield nxt[1], (art, nxt[0], True)


def _batches(pieces: Iterable[tuple[str, object]], size: int = BATCH_SIZE,
             chars: int = BATCH_CHARS) -> Iterator[list[tuple[str, object]]]:
    """Consecutive batches of at most `size` pieces and `chars` characters (a longer piece alone)."""
    batch: list[tuple[str, object]] = []
    n = 0
    for piece in pieces:
        if batch and (len(batch) >= size or n + len(piece[0]) > chars):
            yield batch
            batch, n = [], 0
        batch.append(piece)
        n += len(piece[0])
    if batch:
        yield batch


def dated_doc(nlp: Language, art: Article, text: str | None = None):
    """The article's tokens (or those of `text`, a piece of it) as a Doc that knows the article's date
    (for roles valid at that date)."""
    doc = nlp.make_doc(art.text if text is None else text)
    if doc.has_extension("newskg_date"):
        doc._.newskg_date = art.date
    return doc


def _pipe(nlp: Language, pieces: Iterable[tuple[str, tuple[Article, int, bool]]]) -> Iterator[tuple[object, object]]:
    """nlp.pipe over (text, (article, offset, last)) pieces in batches bounded in count and characters;
    every piece is a Doc dated with its article's date."""
    for batch in _batches(pieces):
        yield from nlp.pipe([(dated_doc(nlp, ctx[0], text), ctx) for text, ctx in batch], as_tuples=True,
                            batch_size=len(batch))


def extract(nlp: Language, articles: Iterable[Article],
            progress: Callable[[Article, int], None] | None = None,
            errors: list[tuple[str, str]] | None = None, chunk_chars: int = CHUNK_CHARS) -> Iterator[DocumentResult]:
    """Run the pipeline over articles in batches and yield one result per article, in input order.

    An article longer than `chunk_chars` goes through in pieces whose results are merged. An article
    on which a component fails is left out (its error goes to `errors`), the rest go on.
    """
    chunk_chars = min(chunk_chars, nlp.max_length)   # spaCy's own guard stays as the pipeline set it
    parts: list[tuple[int, DocumentResult]] = []
    failed: str | None = None
    words = 0
    for doc, (art, offset, last) in _pipe(nlp, _pieces(articles, chunk_chars)):
        words += len(doc)
        if doc._.newskg_error:
            failed = failed or doc._.newskg_error
        else:
            parts.append((offset, DocumentResult(art, dict(doc._.newskg_registry or {}),
                                                 dict(doc._.newskg_counts or {}),
                                                 list(doc._.newskg_claims or []))))
        if not last:
            continue
        if failed:
            if errors is not None:
                errors.append((art.doc_id, failed))
        else:
            if progress:
                progress(art, words)
            yield merge_results(art, parts)
        parts, failed, words = [], None, 0


def to_output(result: DocumentResult, words: int) -> DocumentOutput:
    """A finished document as N-Quads plus its counts."""
    from .streaming import document_nquads
    return DocumentOutput(result.article.doc_id, result.article.file_name, document_nquads(result), words,
                          frozenset(n for n, a in result.actors.items() if a.cls != "Place"), len(result.claims))


def extract_outputs(nlp: Language, articles: Iterable[Article],
                    errors: list[tuple[str, str]] | None = None) -> Iterator[DocumentOutput]:
    """`extract`, each result turned into its N-Quads as it finishes."""
    counts: dict[str, int] = {}
    for result in extract(nlp, articles, lambda a, n: counts.__setitem__(a.doc_id, n), errors):
        yield to_output(result, counts.pop(result.article.doc_id, 0))


def build(nlp: Language, inputs: list[Path], sink: Callable[[DocumentOutput], None],
          skip: Callable[[Article], bool] | None = None,
          progress: Callable[[str, int], None] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
          on_articles: Callable[[int], None] | None = None, workers: int = 1,
          runner: Callable[[Iterable[Article], list[tuple[str, str]]], Iterable[DocumentOutput]] | None = None,
          ) -> BuildReport:
    """Read the inputs and extract every article not skipped (e.g. unchanged in a store), streaming.

    Each finished document goes to `sink` (in no fixed order when parallel); `progress(file_name, words)`
    is called per document. `workers` > 1 runs a local process pool; `runner` (e.g. a Dask cluster)
    replaces the local extraction.
    """
    t0 = time.perf_counter()
    report = BuildReport()
    total = 0
    read = rereadable()
    for art in iter_articles(inputs, max_bytes, report.problems, read):   # first pass: count and report problems
        if skip and skip(art):
            report.skipped_unchanged += 1
        else:
            total += 1
    if on_articles:
        on_articles(total)

    def todo() -> Iterator[Article]:
        for art in iter_articles(inputs, max_bytes, reader=read):
            if not (skip and skip(art)):
                yield art

    errors: list[tuple[str, str]] = []
    if runner is not None:
        outputs = runner(todo(), errors)
    elif workers > 1 and total > 1:
        from .parallel import pool_outputs
        outputs = pool_outputs(nlp, todo(), errors, workers, total)
    else:
        outputs = extract_outputs(nlp, todo(), errors)
    for out in outputs:
        sink(out)
        report.add(out)
        if progress:
            progress(out.file_name, out.words)
    names = {}
    if errors:
        names = {a.doc_id: a.file_name for a in iter_articles(inputs, max_bytes, reader=read)}
    for doc_id, why in sorted(errors):
        report.problems.append(Problem(names.get(doc_id, doc_id), f"extraction failed: {why}"))
    report.seconds = time.perf_counter() - t0
    return report


def build_results(nlp: Language, inputs: list[Path], max_bytes: int = DEFAULT_MAX_BYTES,
                  ) -> tuple[list[DocumentResult], BuildReport]:
    """`build` keeping every document's result in memory, sorted by document id (for small inputs: the
    Python API, training scripts); the report as `build` gives it."""
    results: list[DocumentResult] = []

    def keep(articles: Iterable[Article], errors: list[tuple[str, str]]) -> Iterator[DocumentOutput]:
        words: dict[str, int] = {}
        for result in extract(nlp, articles, lambda a, n: words.__setitem__(a.doc_id, n), errors):
            results.append(result)
            yield to_output(result, words.pop(result.article.doc_id, 0))

    report = build(nlp, inputs, lambda out: None, max_bytes=max_bytes, runner=keep)
    return sorted(results, key=lambda r: r.article.doc_id), report


__all__ = ["BATCH_SIZE", "BuildReport", "DocumentOutput", "MAX_ARTICLE_CHARS", "build", "build_results",
           "dated_doc", "default_workers", "extract", "extract_outputs", "iter_articles", "read_articles",
           "rereadable", "to_output"]
