"""Streamed build output: each document's N-Quads appended to shard files as it finishes, merged at the end.

The merged N-Quads (sorted unique lines, exactly what `graphio.serialize(ds, "nquads")` writes) is made
by an external merge sort, so its memory is bounded whatever the number of documents. Turtle, TriG,
N-Triples and JSON-LD outputs are then written by rdflib from that file, byte for byte as an in-memory
build writes them; those writers hold the whole graph in memory (use .nq or --store for archives).
"""
from __future__ import annotations

import heapq
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.nt import _quoteLiteral

from ..graph.io import QUAD_FORMATS, file_mentions, format_for, sorted_turtle, write_bytes_atomic, write_dataset
from ..namespaces import bind_prefixes
from ..records import DocumentResult
from ..graph.rdf import document_graph

RUN_LINES = 200_000
"""Lines sorted in memory at a time by the external sort."""
DOCS_PER_SHARD = 2_000
"""Documents per N-Quads shard file."""


class _Triples:
    """Stands in for the Dataset `rdf.document_graph` writes into: keeps the one graph's distinct triples.

    (An rdflib in-memory graph indexes every triple three ways: too slow and big for a long article.)
    """

    def __init__(self) -> None:
        self.identifier = None
        self.triples: dict[tuple, None] = {}

    def graph(self, identifier) -> "_Triples":  # noqa: ANN001 - an rdflib IRI
        self.identifier = identifier
        return self

    def add(self, triple: tuple) -> None:
        self.triples[triple] = None


def document_nquads(result: DocumentResult) -> str:
    """One document's named graph as N-Quads lines (rdflib's formatting, in no particular order)."""
    g = _Triples()
    document_graph(result, g)  # type: ignore[arg-type]
    return "".join(quad_lines((s, p, o, g.identifier) for s, p, o in g.triples))


def quad_lines(quads: Iterable[tuple]) -> Iterator[str]:
    """N-Quads lines of rdflib (s, p, o, graph name) tuples, formatted as rdflib's `_nq_row` writes them; each
    IRI and blank node is formatted once per call (kept until the call ends: one document's or one graph's)."""
    written: dict = {}

    def n3(term) -> str:  # noqa: ANN001 - an rdflib term
        if isinstance(term, Literal):
            return _quoteLiteral(term)
        got = written.get(term)
        if got is None:
            got = written[term] = term.n3()
        return got

    for s, p, o, g in quads:
        name = n3(g) if g and g != DATASET_DEFAULT_GRAPH_ID else ""
        yield f"{n3(s)} {n3(p)} {n3(o)} {name} .\n"


class ShardWriter:
    """Appends documents' N-Quads to numbered shard files in a folder as they finish."""

    def __init__(self, folder: str | Path, docs_per_shard: int = DOCS_PER_SHARD) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.docs_per_shard = docs_per_shard
        self.shards: list[Path] = []
        self._fh = None
        self._docs = 0

    def add(self, nquads: str) -> None:
        """Append one document's N-Quads."""
        if self._fh is None or self._docs >= self.docs_per_shard:
            self._next()
        self._fh.write(nquads.encode("utf-8", "replace"))
        self._docs += 1

    def _next(self) -> None:
        self.close()
        path = self.folder / f"shard-{len(self.shards):05d}.nq"
        self.shards.append(path)
        self._fh = open(path, "wb")
        self._docs = 0

    def close(self) -> None:
        """Flush and close the current shard."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _runs(lines: Iterable[bytes], tmp: Path, run_lines: int) -> list[Path]:
    """Sorted run files of at most run_lines unique lines each."""
    runs: list[Path] = []
    buf: set[bytes] = set()

    def flush() -> None:
        path = tmp / f"run-{len(runs):05d}"
        with open(path, "wb") as fh:
            fh.writelines(sorted(buf))
        runs.append(path)
        buf.clear()

    for line in lines:
        buf.add(line)
        if len(buf) >= run_lines:
            flush()
    if buf:
        flush()
    return runs


def _shard_lines(shards: Iterable[Path]) -> Iterator[bytes]:
    for shard in shards:
        with open(shard, "rb") as fh:
            for line in fh:
                if line.strip():
                    yield line if line.endswith(b"\n") else line + b"\n"


def merge_sorted(lines: Iterable[bytes], out: str | Path, run_lines: int = RUN_LINES) -> None:
    """Write the sorted unique lines to `out` (an external merge sort: memory bounded by run_lines).

    Lines compare as UTF-8 bytes, which orders them as Python orders the decoded strings.
    """
    out = Path(out)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".kg-sort-") as tmp:
        runs = _runs(lines, Path(tmp), run_lines)
        files = [open(r, "rb") for r in runs]
        try:
            with open(out, "wb") as fh:
                last = None
                for line in heapq.merge(*files):
                    if line != last:
                        fh.write(line)
                        last = line
        finally:
            for f in files:
                f.close()


def merge_shards(shards: Iterable[Path], out: str | Path, run_lines: int = RUN_LINES) -> None:
    """Merge N-Quads shard files into one file of sorted unique lines."""
    merge_sorted(_shard_lines(shards), out, run_lines)


def load_merged(nquads: str | Path) -> Dataset:
    """The merged N-Quads file as an rdflib Dataset with newskg's prefixes (for the other syntaxes)."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    if Path(nquads).stat().st_size:
        ds.parse(str(nquads), format="nquads")
    return ds


_RDFLIB_ONLY = (b"XMLSchema#string>", b"_:")
"""Byte strings after which the merged file is parsed by rdflib: Oxigraph reads ``"x"^^xsd:string`` as the
plain literal ``"x"`` and relabels blank nodes, rdflib keeps the first and its writers number the second."""


def load_merged_union(nquads: str | Path) -> Graph:
    """The union of the merged N-Quads' graphs as one rdflib Graph with newskg's prefixes (for Turtle,
    N-Triples, RDF/XML), parsed by Oxigraph: 3-4x faster than rdflib's N-Quads parser, and the same terms
    for the files kg build writes (IRIs and literals; where a literal typed xsd:string or a blank node
    could occur, or Oxigraph rejects the file, rdflib's parser reads it as before)."""
    import pyoxigraph as ox

    from ..sparql.store import from_ox

    if Path(nquads).stat().st_size and not file_mentions(nquads, _RDFLIB_ONLY):
        g = Graph()
        bind_prefixes(g)
        try:
            g.addN((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), g)
                   for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
            return g
        except SyntaxError:
            pass
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ in load_merged(nquads).quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def copy_atomic(src: str | Path, dest: str | Path) -> None:
    """Copy a file so that readers of dest see the old or the whole new content."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as fh:
            shutil.copyfileobj(fh, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, dest.stat().st_mode & 0o777 if dest.exists() else 0o644)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def oxigraph_turtle(nquads: str | Path) -> bytes | None:
    """The union of the merged N-Quads' graphs as Turtle (``sorted_turtle``: the bytes `serialize` writes for
    the same graph); None where a literal typed xsd:string or a blank node could occur, or Oxigraph rejects
    the file (rdflib writes it then)."""
    import pyoxigraph as ox

    if not Path(nquads).stat().st_size or file_mentions(nquads, _RDFLIB_ONLY):
        return None
    try:
        triples = [q.triple for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)]
    except SyntaxError:
        return None
    return sorted_turtle(triples)


def write_from_nquads(merged: str | Path, outputs: Iterable[Path]) -> None:
    """Write every output file from the merged N-Quads: .nq copied, other syntaxes through rdflib."""
    ds = union = None
    for out in outputs:
        fmt = format_for(out)
        if fmt == "nquads":
            copy_atomic(merged, out)
        elif fmt in QUAD_FORMATS:
            if ds is None:
                ds = load_merged(merged)
            write_dataset(ds, out)
        elif fmt == "turtle" and (data := oxigraph_turtle(merged)) is not None:
            write_bytes_atomic(data, out)
        else:
            if union is None:
                union = load_merged_union(merged)
            write_dataset(union, out)
