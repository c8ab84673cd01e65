"""newskg's Python API (also importable as ``newskg``): extract, build, load, query and view from a notebook.

    import newskg
    doc = newskg.extract("Russian jets struck Islamic State positions near Raqqa on Tuesday.")
    ds = newskg.build(["articles/"], date="2024-05-01")      # an rdflib Dataset, one graph per document
    newskg.query(ds, "SELECT ?a ?b WHERE { ?a kg:strikes ?b }")  # rows as dicts of rdflib terms
    newskg.view(ds)                                          # displays inline in Jupyter
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from rdflib import Dataset
from rdflib.term import Node

from .records import DocumentResult

__all__ = ["extract", "build", "load", "query", "view", "View", "DocumentResult", "BuildError"]


class BuildError(Exception):
    """No input could be read or extracted; the message lists why for each input."""


def _nlp(model: str | None):
    from .extract.pipeline import extraction_pipeline

    return extraction_pipeline(model)


def extract(text: str, *, title: str | None = None, date: str | None = None, file_name: str = "text",
            model: str | None = None) -> DocumentResult:
    """The actors, mentions and claims of one article text (a DocumentResult of kg.records dataclasses)."""
    from .build.chunking import too_long
    from .build.ingest import make_article
    from .build.run import extract as run_extract

    article = make_article(text, file_name, title=title, date=date)
    why = too_long(article)
    if why:
        raise BuildError(why)
    errors: list[tuple[str, str]] = []
    nlp = _nlp(model)
    results = list(run_extract(nlp, [article], errors=errors))  # a long text in pieces (kg.build.chunking)
    if not results:
        raise BuildError(f"extraction failed: {errors[0][1] if errors else 'no result'}")
    return results[0]


def build(paths: str | Path | Iterable[str | Path], *, model: str | None = None, date: str | None = None,
          provenance: bool = True) -> Dataset:
    """The knowledge graph of article files and folders (.txt, .md, .html, .jsonl) as an rdflib Dataset with
    one named graph per document; with ``provenance`` a prov:Activity for the build, dated ``date`` (ISO
    8601, 'today' or 'now'; default: SOURCE_DATE_EPOCH's date, else undated: kg.graph.rdf.build_date).
    Unreadable inputs are skipped; BuildError if nothing is left."""
    from .build.run import build_results
    from .namespaces import doc_iri
    from .graph.rdf import BuildInfo, build_activity, build_date, pipeline_info, to_dataset

    inputs = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    nlp = _nlp(model)
    results, report = build_results(nlp, inputs)
    if not results:
        why = "; ".join(f"{p.source}: {p.reason}" for p in report.problems) or "no article in the inputs"
        raise BuildError(f"nothing built: {why}")
    ds = to_dataset(results)
    ds.default_union = True
    if provenance:
        name, version = pipeline_info(nlp)
        build_activity(ds, BuildInfo(build_date(date), len(inputs), name, version),
                       [doc_iri(r.article.doc_id) for r in results])
    return ds


def load(path: str | Path) -> Dataset:
    """A graph file or store directory (what `kg build` wrote) as an rdflib Dataset."""
    from .graph.export import read_any

    return read_any(path)


def query(graph: Dataset | str | Path, sparql: str, params: Mapping[str, str] | None = None) -> list[dict[str, Node]]:
    """SELECT rows (dicts of rdflib terms; unbound variables left out) of a query on a Dataset or a graph
    file, with the newskg prefixes and the query view of kg.sparql.entail (set union, class hierarchy).
    ``params`` binds variables as `kg query --param` does (values like "actor:russia", '"text"', "3")."""
    import pyoxigraph as ox

    from .sparql.entail import add_query_view
    from .sparql.query import parse_params, run_local
    from .sparql.store import dataset_quads, from_ox

    ds = graph if isinstance(graph, Dataset) else load(graph)
    store = ox.Store()
    store.bulk_extend(dataset_quads(ds))
    add_query_view(store)
    res = run_local(store, sparql, parse_params([f"{k}={v}" for k, v in (params or {}).items()], sparql))
    if res.kind == "ask":
        return [{"ask": from_ox(ox.Literal("true" if res.boolean else "false",
                                           datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")))}]
    if res.kind == "graph":
        return [{"subject": from_ox(t.subject), "predicate": from_ox(t.predicate), "object": from_ox(t.object)}
                for t in res.triples]
    return [{v: from_ox(t) for v, t in zip(res.variables, row) if t is not None} for row in res.rows]


@dataclass(frozen=True)
class View:
    """The self-contained HTML view of a graph; shows itself inline in Jupyter (a sandboxed iframe)."""

    html: str
    height: int = 640

    def _repr_html_(self) -> str:
        """An iframe whose srcdoc is the whole page, escaped as an attribute value."""
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="width:100%;height:{int(self.height)}px;'
                'border:1px solid #ccc" sandbox="allow-scripts" title="newskg graph view"></iframe>')

    def save(self, path: str | Path) -> Path:
        """Write the page to a file atomically; its path."""
        from .graph.io import write_bytes_atomic

        write_bytes_atomic(self.html.encode("utf-8"), path)
        return Path(path)


def view(graph: Dataset | str | Path, *, title: str = "newskg graph", height: int = 640) -> View:
    """The `kg view` page of a Dataset or a graph file, as a View (inline in Jupyter, .save(path) to a file)."""
    from .explore.view import render_html

    ds = graph if isinstance(graph, Dataset) else load(graph)
    return View(render_html(ds, title=title), height=height)
