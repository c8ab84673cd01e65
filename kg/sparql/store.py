"""The persistent graph store: an Oxigraph (RocksDB) directory with one named graph per document."""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from ..graph.io import GraphFileError, file_mentions, format_for, load_dataset
from ..namespaces import KG

OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD,
}
"""Oxigraph's parser/serialiser for each rdflib format name of kg.graph.io."""


def is_store_dir(path: str | Path) -> bool:
    """True when ``path`` is an Oxigraph (RocksDB) store directory."""
    p = Path(path)
    return p.is_dir() and (p / "CURRENT").is_file() and any(p.glob("OPTIONS-*"))


# --- term conversion between rdflib and pyoxigraph -------------------------------------------

def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an RDF term")


def from_ox(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib term (None stays None, the default graph becomes its rdflib name)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.DefaultGraph):
        return DATASET_DEFAULT_GRAPH_ID
    raise TypeError(f"unsupported RDF term {term!r}")


def _ox_graph_name(name: Node | None) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    if name is None or name == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    return to_ox(name)  # type: ignore[return-value]


def dataset_quads(ds: Dataset) -> Iterator[ox.Quad]:
    """Every quad of an rdflib Dataset as pyoxigraph quads (triples of the default graph stay there)."""
    for s, p, o, g in ds.quads((None, None, None, None)):
        gname = g.identifier if isinstance(g, Graph) else g
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), _ox_graph_name(gname))


# --- loading graph files ---------------------------------------------------------------------

LOADERS = 2 * (os.cpu_count() or 1)
"""Concurrent bulk loads of one line-based file into an on-disk store (each also sorts in a thread of its
own, so twice the cores keeps both parsing and sorting busy). On 2 cores, 1 M quads: 6-8.7 s and 1.4-3.4 s
of compaction, against 12-14 s for one bulk load (benchmarks/bench_store.py)."""
LOAD_CHUNK_BYTES = 64 * 2**20
"""Largest piece of a line-based file given to one bulk load: at most LOADERS pieces are in memory."""
PARALLEL_LOAD_BYTES = 16 * 2**20
"""Files below this size are loaded in one piece."""


def load_into(store: ox.Store, path: str | Path, parallel: bool = False) -> None:
    """Load a graph file into a pyoxigraph store with Oxigraph's own parser (rdflib as a fallback).

    ``parallel`` (for on-disk stores): a big N-Quads or N-Triples file is cut at line ends and the pieces
    are bulk-loaded concurrently (an in-memory store gains nothing from it), unless it may hold blank
    nodes ("_:" anywhere in it): Oxigraph gives a file's blank nodes fresh identities per load, so a
    label shared by two pieces would name two nodes."""
    path = Path(path)
    if not path.is_file():
        raise GraphFileError(f"{path}: no such graph file or store directory")
    fmt = format_for(path)
    if fmt in ("turtle", "nt", "nquads", "trig", "xml"):
        try:
            if parallel and fmt in ("nt", "nquads") and path.stat().st_size >= PARALLEL_LOAD_BYTES \
                    and not file_mentions(path, (b"_:",)):
                load_lines_concurrently(store, path, OX_FORMATS[fmt])
            else:
                store.bulk_load(path=str(path), format=OX_FORMATS[fmt])
            return
        except SyntaxError as exc:
            raise GraphFileError(f"{path}: not a valid {fmt} file: {exc}") from exc
    store.bulk_extend(dataset_quads(load_dataset(path)))


def line_chunks(stream: BinaryIO, size: int) -> Iterator[tuple[int, bytes]]:
    """Pieces of about ``size`` bytes of a line-based file, each ending at a line end, with the number of
    the line each starts at."""
    line = 1
    while chunk := stream.read(size):
        chunk += stream.readline()
        yield line, chunk
        line += chunk.count(b"\n")


def load_lines_concurrently(store: ox.Store, path: Path, fmt: ox.RdfFormat, loaders: int = LOADERS) -> None:
    """Bulk-load an N-Quads or N-Triples file without blank nodes in pieces, ``loaders`` at a time (one
    statement per line, so the pieces load the same quads as the whole file), then compact the store."""
    size = max(1, min(LOAD_CHUNK_BYTES, -(-path.stat().st_size // loaders)))

    def load(line: int, chunk: bytes) -> None:
        try:
            store.bulk_load(input=chunk, format=fmt)
        except SyntaxError as exc:
            raise SyntaxError(f"in the lines from line {line}: {exc}") from None

    with path.open("rb") as stream, ThreadPoolExecutor(loaders, thread_name_prefix="kg-load") as pool:
        pending: deque[Future] = deque()
        try:
            for line, chunk in line_chunks(stream, size):
                if len(pending) >= loaders:
                    pending.popleft().result()
                pending.append(pool.submit(load, line, chunk))
            while pending:
                pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()
    store.optimize()   # the pieces' overlapping files merged: without it, lookups take about twice as long


def memory_store(path: str | Path) -> ox.Store:
    """A graph file parsed into an in-memory Oxigraph store (for fast SPARQL on a file)."""
    store = ox.Store()
    load_into(store, path)
    return store


def open_ox(path: str | Path, read_only: bool = True) -> ox.Store:
    """A pyoxigraph store for a graph file (in memory) or a store directory (on disk)."""
    p = Path(path)
    if p.is_dir():
        if not is_store_dir(p):
            raise GraphFileError(f"{p}: is a directory but not a newskg store (no Oxigraph database in it)")
        try:
            return ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
        except OSError as exc:
            raise GraphFileError(f"{p}: cannot open the store: {exc}") from exc
    if not p.exists():
        raise GraphFileError(f"{p}: no such graph file or store directory")
    return memory_store(p)


def open_dataset(path: str | Path) -> Dataset:
    """A graph file as an in-memory rdflib Dataset, or a store directory as an Oxigraph-backed one."""
    p = Path(path)
    if not p.is_dir():
        if not p.exists():
            raise GraphFileError(f"{p}: no such graph file or store directory")
        return load_dataset(p)
    from .entail import document_dataset

    return document_dataset(open_ox(p, read_only=True))  # the query view of kg.sparql.entail hidden


# --- the read-write store ----------------------------------------------------------------------

class Store:
    """A persistent Oxigraph store directory holding one named graph per document."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if self.path.exists() and not self.path.is_dir():
            raise GraphFileError(f"{self.path}: exists and is not a store directory")
        if self.path.is_dir() and any(self.path.iterdir()) and not is_store_dir(self.path):
            raise GraphFileError(f"{self.path}: is a non-empty directory but not a newskg store")
        if read_only and not is_store_dir(self.path):
            raise GraphFileError(f"{self.path}: no store here")
        try:
            self.ox = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            raise GraphFileError(f"{self.path}: cannot open the store: {exc}") from exc

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush writes to disk and release the store."""
        if getattr(self, "ox", None) is not None:
            if not self.read_only:
                self.ox.flush()
            self.ox = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self.ox)

    def graphs(self) -> list[URIRef]:
        """The names of the store's named graphs."""
        return sorted(URIRef(g.value) for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def document_hashes(self) -> dict[str, str]:
        """Document IRI → its kg:sha256, for every document in the store."""
        q = f"SELECT ?d ?h WHERE {{ GRAPH ?d {{ ?d <{KG.sha256}> ?h }} }}"
        return {sol["d"].value: sol["h"].value for sol in self.ox.query(q)}

    def document_files(self) -> dict[str, str]:
        """Document IRI → its kg:fileName, for every document in the store."""
        q = f"SELECT ?d ?f WHERE {{ GRAPH ?d {{ ?d <{KG.fileName}> ?f }} }}"
        return {sol["d"].value: sol["f"].value for sol in self.ox.query(q)}

    def superseded(self, built: Iterable[tuple[str, str]], present: Iterable[str]) -> list[URIRef]:
        """Earlier versions of the documents built now: graphs under the same file name as a (file name,
        document IRI) built, holding a text no longer in the input (``present``: every input document IRI).

        A document's identity is its content: a graph whose text is still in the input, under any name, stays.
        """
        keep = set(present)
        names: dict[str, set[str]] = {}
        for name, iri in built:
            names.setdefault(name, set()).add(iri)
            keep.add(iri)
        return sorted(URIRef(d) for d, f in self.document_files().items() if f in names and d not in keep)

    def rename_document(self, graph_iri: URIRef, file_name: str) -> None:
        """Record a document's current file name (its text unchanged, moved or renamed in the input)."""
        self._writable()
        g = ox.NamedNode(str(graph_iri))
        prop = ox.NamedNode(str(KG.fileName))
        # One update, one transaction; the name is written by Oxigraph's serialiser, so it cannot escape its literal.
        self.ox.update(f"DELETE WHERE {{ GRAPH {g} {{ {g} {prop} ?f }} }} ;\n"
                       f"INSERT DATA {{ GRAPH {g} {{ {g} {prop} {ox.Literal(file_name)} }} }}")

    def replace_graph(self, graph_iri: URIRef, graph: Iterable) -> None:
        """Drop a named graph and insert these triples in its place, in one transaction."""
        self._writable()
        g = ox.NamedNode(str(graph_iri))
        body = " .\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)}" for s, p, o in graph)
        # Terms are written by Oxigraph's N-Triples serialiser, so article text cannot escape its literal.
        update = f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}" if body \
            else f"DROP SILENT GRAPH {g}"
        self.ox.update(update)

    def remove_graph(self, graph_iri: URIRef) -> None:
        """Remove a named graph and all its triples."""
        self._writable()
        g = ox.NamedNode(str(graph_iri))
        if self.ox.contains_named_graph(g):
            self.ox.remove_graph(g)

    def load_file(self, path: str | Path) -> None:
        """Bulk-load a graph file (named graphs kept) into the store; not transactional, for fresh stores."""
        self._writable()
        load_into(self.ox, path, parallel=True)

    def bulk_load(self, path: str | Path) -> None:
        """Load an N-Quads (or other RDF) file with Oxigraph's bulk loader, then flush; for fresh stores.

        Not atomic (as Oxigraph's bulk loader): a file with an error part-way leaves the quads of the pieces
        loaded before it. A big N-Quads or N-Triples file is loaded in concurrent pieces (``load_into``)."""
        self._writable()
        load_into(self.ox, path, parallel=True)
        self.ox.flush()

    def replace_graph_nquads(self, graph_iri: str, nquads: str) -> None:
        """Replace a named graph by the triples of one document's N-Quads text, in one transaction."""
        self._writable()
        g = ox.NamedNode(str(graph_iri))
        try:
            quads = ox.parse(nquads.encode("utf-8", "replace"), format=ox.RdfFormat.N_QUADS)
            body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
        except SyntaxError as exc:
            raise GraphFileError(f"{graph_iri}: invalid N-Quads for the store: {exc}") from exc
        self.ox.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}" if body
                       else f"DROP SILENT GRAPH {g}")

    def nquads_lines(self) -> Iterator[bytes]:
        """Every quad of the store (the query view of kg.sparql.entail left out) as an N-Quads line formatted
        as rdflib writes it (for merged outputs)."""
        from rdflib.plugins.serializers.nquads import _nq_row

        from .entail import without_query_view
        for q in without_query_view(self.ox.quads_for_pattern(None, None, None, None)):
            g = from_ox(q.graph_name)
            yield _nq_row((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)), g).encode("utf-8", "replace")

    def dataset(self) -> Dataset:
        """The store as an rdflib Dataset (default graph = union of the document graphs; the query view of
        kg.sparql.entail hidden)."""
        from .entail import document_dataset

        return document_dataset(self.ox)

    def _writable(self) -> None:
        if self.read_only:
            raise GraphFileError(f"{self.path}: store opened read-only")
