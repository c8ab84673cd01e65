"""`kg build`: articles → spaCy Docs (batched with nlp.pipe) → per-document results → RDF."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from spacy.language import Language

from .ingest import DEFAULT_MAX_BYTES, IngestError, Problem, collect_files, read_file
from ..records import Article, DocumentResult

BATCH_SIZE = 16


@dataclass
class BuildReport:
    """What a build did: results per document, skipped inputs, and timing."""

    results: list[DocumentResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_unchanged: int = 0
    words: int = 0
    seconds: float = 0.0

    @property
    def actors(self) -> int:
        return len({n for r in self.results for n, a in r.actors.items() if a.cls != "Place"})

    @property
    def claims(self) -> int:
        return sum(len(r.claims) for r in self.results)


def read_articles(inputs: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[Problem]]:
    """Every article under the inputs, one per distinct content; bad files become problems."""
    files, problems = collect_files(inputs)
    articles: dict[str, Article] = {}
    for f in files:
        try:
            found, skipped = read_file(f, max_bytes)
        except IngestError as exc:
            problems.append(Problem(str(f), str(exc)))
            continue
        problems += skipped
        for a in found:
            if a.doc_id in articles:
                problems.append(Problem(a.file_name, f"same text as {articles[a.doc_id].file_name}; read once"))
                continue
            articles[a.doc_id] = a
    return list(articles.values()), problems


def dated_doc(nlp: Language, art: Article):
    """The article's tokens as a Doc that knows the article's date (for roles valid at that date)."""
    doc = nlp.make_doc(art.text)
    if doc.has_extension("newskg_date"):
        doc._.newskg_date = art.date
    return doc


def extract(nlp: Language, articles: Iterable[Article],
            progress: Callable[[Article, int], None] | None = None,
            errors: list[tuple[str, str]] | None = None) -> Iterable[DocumentResult]:
    """Run the pipeline over articles in batches and yield one result per article.

    An article on which a component fails is left out (its error goes to `errors`), the rest go on.
    """
    for doc, art in nlp.pipe(((dated_doc(nlp, a), a) for a in articles), as_tuples=True, batch_size=BATCH_SIZE):
        if doc._.newskg_error:
            if errors is not None:
                errors.append((art.doc_id, doc._.newskg_error))
            continue
        result = DocumentResult(art, dict(doc._.newskg_registry or {}), dict(doc._.newskg_counts or {}),
                                list(doc._.newskg_claims or []))
        if progress:
            progress(art, len(doc))
        yield result


def build(nlp: Language, inputs: list[Path], skip: Callable[[Article], bool] | None = None,
          progress: Callable[[Article, int], None] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
          on_articles: Callable[[int], None] | None = None) -> BuildReport:
    """Read the inputs and extract every article not skipped (e.g. unchanged in a store)."""
    t0 = time.perf_counter()
    articles, problems = read_articles(inputs, max_bytes)
    report = BuildReport(problems=problems)
    todo = [a for a in articles if not (skip and skip(a))]
    report.skipped_unchanged = len(articles) - len(todo)
    if on_articles:
        on_articles(len(todo))
    too_long = [a for a in todo if len(a.text) > nlp.max_length]
    if too_long:
        nlp.max_length = max(len(a.text) for a in too_long) + 1

    def counted(art: Article, words: int) -> None:
        report.words += words
        if progress:
            progress(art, words)

    errors: list[tuple[str, str]] = []
    report.results = sorted(extract(nlp, todo, counted, errors), key=lambda r: r.article.doc_id)
    done = {r.article.doc_id for r in report.results}
    why = dict(errors)
    for art in todo:
        if art.doc_id not in done:
            report.problems.append(Problem(art.file_name, f"extraction failed: {why.get(art.doc_id, 'not processed')}"))
    report.seconds = time.perf_counter() - t0
    return report
