"""`kg load`: graph files (a build's N-Quads, shards, other tools' Turtle) bulk-loaded into a store directory.

Every file is read whole first, so a bad file is reported before the store is touched. Each named graph
of the files then replaces the store's graph of that name (a document built again replaces its earlier
version, as `kg build --store` does); triples outside named graphs are added to the store's default
graph. The files go in with Oxigraph's bulk loader (a big N-Quads file in concurrent pieces,
:func:`kg.sparql.store.load_into`), and the store's query view (:mod:`kg.sparql.entail`) is kept: extended
from the files and trimmed of what the replaced graphs alone gave, or written whole when the store had
none (or when blank nodes are involved, whose names a bulk load changes).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef

from ..graph.io import GraphFileError, format_for, load_dataset
from .entail import (UNION_GRAPH, add_query_view, extend_query_view, graph_triples, has_query_view,
                     ontology_triples, update_query_view)
from .store import OX_FORMATS, Store, dataset_quads

Progress = Callable[[str], None]
"""Told what the load is doing now (one short line)."""


@dataclass(frozen=True)
class GraphFile:
    """A graph file read whole before anything is loaded."""

    path: Path
    quads: int
    graphs: frozenset[ox.NamedNode]     # its named graphs
    blank_nodes: bool                   # whether a blank node occurs in it (as a term or a graph name)


@dataclass
class LoadReport:
    """What one load did."""

    files: list[GraphFile] = field(default_factory=list)
    replaced: int = 0                   # named graphs of the store replaced by a graph of the files
    view: str = "none"                  # the query view: "updated", "written" (whole) or "none"
    seconds: float = 0.0

    @property
    def quads(self) -> int:
        """Quads read from the files (a quad in two files counts twice; the store keeps it once)."""
        return sum(f.quads for f in self.files)

    @property
    def graphs(self) -> int:
        """Distinct named graphs in the files."""
        return len(frozenset().union(*(f.graphs for f in self.files)))


FOLDER_SUFFIXES = (".nq", ".nt", ".ttl", ".trig", ".jsonld", ".rdf", ".owl")
"""The extensions taken from a folder: those that name an RDF syntax and nothing else (not .json, .xml)."""


def graph_files(inputs: Iterable[Path]) -> list[Path]:
    """The files given, and in place of each folder the graph files directly in it (by extension, sorted;
    hidden files left out)."""
    out: dict[Path, Path] = {}                 # each file once, however often it is named
    for p in inputs:
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in FOLDER_SUFFIXES
                           and not f.name.startswith("."))
            if not found:
                raise GraphFileError(f"{p}: no graph file in this folder ({', '.join(FOLDER_SUFFIXES)})")
        elif p.is_file():
            format_for(p)                      # an unknown extension is an error now, not after other files
            found = [p]
        else:
            raise GraphFileError(f"{p}: no such graph file or folder")
        for f in found:
            out.setdefault(f.resolve(), f)
    return list(out.values())


def read_quads(path: Path) -> Iterator[ox.Quad]:
    """Every quad of a graph file, parsed by Oxigraph (by rdflib for JSON-LD); a GraphFileError names a bad one."""
    fmt = format_for(path)
    if fmt == "json-ld":
        yield from dataset_quads(load_dataset(path))
        return
    try:
        yield from ox.parse(path=str(path), format=OX_FORMATS[fmt])
    except SyntaxError as exc:
        raise GraphFileError(f"{path}: not a valid {fmt} file: {exc}") from None
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot read: {exc.strerror or exc}") from None


def check_file(path: Path) -> GraphFile:
    """Read a graph file whole: its number of quads, its named graphs and whether it has blank nodes."""
    n, graphs, blank = 0, set(), format_for(path) == "json-ld"   # rdflib names a file's blank nodes anew
    for q in read_quads(path):
        n += 1
        g = q.graph_name
        if isinstance(g, ox.NamedNode):
            graphs.add(g)
        elif isinstance(g, ox.BlankNode):
            blank = True
        if not blank and (isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)):
            blank = True
    if UNION_GRAPH in graphs:
        raise GraphFileError(f"{path}: holds the query view graph {UNION_GRAPH}, which a store derives from its "
                             "graphs; export the store without it (kg export) and load that")
    return GraphFile(path, n, frozenset(graphs), blank)


def is_empty(store: ox.Store) -> bool:
    """Whether the store holds no quad at all."""
    return next(iter(store.quads_for_pattern(None, None, None, None)), None) is None


def load_files(store: Store, inputs: Iterable[Path], query_view: bool = True,
               progress: Progress | None = None) -> LoadReport:
    """Load graph files and folders of them into the store, each named graph replacing the store's graph of
    that name, and keep its query view (``query_view=False``: do not add one to a store that has none)."""
    say = progress or (lambda what: None)
    t0 = time.perf_counter()
    report = LoadReport()
    for path in graph_files(inputs):
        say(f"checking {path.name}")
        report.files.append(check_file(path))
    db = store.ox
    had_view = has_query_view(db)
    fresh = is_empty(db)
    names = frozenset().union(*(f.graphs for f in report.files))
    replaced = sorted((g for g in names if db.contains_named_graph(g)), key=str)
    lost = graph_triples(db, replaced) if had_view else set()
    for k, g in enumerate(replaced, 1):
        if k == 1 or k % 100 == 0:
            say(f"removing the earlier versions of {len(replaced)} graph(s)")
        store.remove_graph(URIRef(g.value))
    report.replaced = len(replaced)
    for f in report.files:
        say(f"loading {f.path.name} ({f.quads:,} quads)")
        store.load_file(f.path)
    blank = any(f.blank_nodes for f in report.files)
    if not (had_view or query_view):
        report.view = "none"
    elif blank or not (had_view or fresh):     # the view from the store itself
        say("writing the query view")
        add_query_view(db)
        report.view = "written"
    else:                                      # the view from the files (a bulk load kept their terms)
        say("updating the query view" if had_view else "writing the query view")
        triples = chain.from_iterable((q.triple for q in read_quads(f.path)) for f in report.files)
        extend_query_view(db, triples if had_view else chain(ontology_triples(), triples))
        if had_view:
            update_query_view(db, lost, set())   # what only the replaced graphs gave goes
        report.view = "updated" if had_view else "written"
    db.flush()
    report.seconds = time.perf_counter() - t0
    return report


__all__ = ["GraphFile", "LoadReport", "check_file", "graph_files", "load_files", "read_quads"]
