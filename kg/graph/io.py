"""Reading and atomically writing graph files in the RDF syntaxes newskg supports."""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from ..namespaces import PREFIXES, bind_prefixes

FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
    ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
}
"""rdflib format names by file extension."""
QUAD_FORMATS = {"nquads", "trig", "json-ld"}
"""Formats that keep named graphs; the others get the union of all graphs."""
FORMAT_ALIASES = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt", "nquads": "nquads",
                  "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "json-ld": "json-ld", "xml": "xml",
                  "rdfxml": "xml", "rdf/xml": "xml"}
STDIN = "-"
"""The file name that means standard input (for reading) or standard output (for writing)."""
MAX_STDIN_BYTES = 1 << 30
"""At most 1 GiB of graph data is read from standard input."""


class GraphFileError(Exception):
    """A graph file that cannot be read or written, with a message for the user."""


def format_for(path: str | Path) -> str:
    """The rdflib format for a file name, from its extension."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise GraphFileError(f"{path}: unknown graph file extension; use one of {', '.join(sorted(FORMATS))}")
    return fmt


def sniff_format(data: bytes) -> str:
    """The rdflib format of graph data read from a pipe: JSON-LD, RDF/XML, N-Quads or TriG (which also reads
    Turtle and N-Triples)."""
    head = data.lstrip()[:2000]
    if head[:1] in (b"{", b"["):
        return "json-ld"
    if head[:1] == b"<" and (head.startswith(b"<?xml") or b"<rdf:RDF" in head):
        return "xml"
    first = next((ln for ln in head.split(b"\n") if ln.strip() and not ln.lstrip().startswith(b"#")), b"")
    # an N-Quads line has four terms and no prefixes; TriG would take it for a syntax error
    if re.fullmatch(rb"\s*(<[^>]*>|_:\S+)\s+<[^>]*>\s+(<[^>]*>|_:\S+|\"(?:[^\"\\]|\\.)*\"\S*)\s+(<[^>]*>|_:\S+)\s*\.\s*",
                    first):
        return "nquads"
    return "trig"


def read_stdin(limit: int = MAX_STDIN_BYTES) -> bytes:
    """All of standard input (bytes), or a GraphFileError past ``limit`` bytes."""
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise GraphFileError(f"standard input: more than {limit} bytes; write the graph to a file instead")
    return data


def load_dataset(path: str | Path, fmt: str | None = None) -> Dataset:
    """Parse a graph file (or ``-``, standard input) into a Dataset (named graphs kept; the default graph
    is their union). The syntax comes from ``fmt``, the extension, or for standard input from the data."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    if str(path) == STDIN:
        data = read_stdin()
        fmt = FORMAT_ALIASES.get(fmt, fmt) if fmt else sniff_format(data)
        try:
            ds.parse(data=data, format=fmt)
        except Exception as exc:  # rdflib raises many kinds of parser errors
            raise GraphFileError(f"standard input: not a valid {fmt} graph: {' '.join(str(exc).split())[:500]}") from exc
        return ds
    path = Path(path)
    if not path.is_file():
        raise GraphFileError(f"{path}: no such graph file")
    fmt = FORMAT_ALIASES.get(fmt, fmt) if fmt else format_for(path)
    try:
        ds.parse(path, format=fmt)
    except GraphFileError:
        raise
    except Exception as exc:  # rdflib raises many kinds of parser errors
        raise GraphFileError(f"{path}: not a valid {fmt} file: {exc}") from exc
    return ds


def union_graph(ds: Dataset) -> Graph:
    """All triples of a Dataset, named graphs merged, as one Graph."""
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


class _SortedDataset(Dataset):
    """A view of a Dataset's store whose named graphs iterate in IRI order (rdflib keeps them in a set)."""

    def graphs(self, triple=None):  # noqa: ANN001, ANN201 - rdflib's signature
        return iter(sorted(super().graphs(triple), key=lambda g: str(g.identifier)))

    contexts = graphs  # rdflib's TriG and JSON-LD writers still call the deprecated name


def _canonical_json(node: Any, ordered: bool = False) -> Any:
    """JSON-LD with every unordered array sorted (an '@list' keeps its order), keys sorted when dumped."""
    if isinstance(node, dict):
        return {k: _canonical_json(v, ordered=k == "@list") for k, v in node.items()}
    if isinstance(node, list):
        items = [_canonical_json(x) for x in node]
        return items if ordered else sorted(items, key=lambda x: json.dumps(x, sort_keys=True))
    return node


def jsonld_context() -> dict[str, str]:
    """The JSON-LD ``@context`` of newskg's output: its prefixes (kg:, actor:, doc:, claim:, and the standard
    vocabularies), so that IRIs read as ``kg:Assertion``, ``actor:russia``."""
    return {p: str(ns) for p, ns in sorted(PREFIXES.items())}


def file_mentions(path: str | Path, needles: tuple[bytes, ...], chunk: int = 1 << 20) -> bool:
    """Whether any of the byte strings occurs in the file (read in chunks that overlap by a needle's length)."""
    keep = max(len(n) for n in needles) - 1
    tail = b""
    with open(path, "rb") as fh:
        while True:
            block = fh.read(chunk)
            if not block:
                return False
            data = tail + block
            if any(n in data for n in needles):
                return True
            tail = data[len(data) - keep:]   # (not data[-keep:]: with one-byte needles that is all of it)


def sorted_turtle(triples) -> bytes:
    """Turtle written by Oxigraph from pyoxigraph triples, sorted by their N-Triples forms (deterministic;
    newskg's prefixes; several times faster than rdflib's Turtle writer)."""
    import pyoxigraph as ox

    # sorted by each triple's whole N-Triples line, in half the time: the order of (subject, predicate,
    # object) compared one by one, since a term that is a prefix of another in the same place (an IRI
    # never is; a blank node label can be) is followed by the separating space, which sorts before any
    # character that could continue it, and the object is last
    ordered = sorted(set(triples), key=str)
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes={p: str(ns) for p, ns in PREFIXES.items()})


def _oxigraph_turtle(graph: Graph) -> bytes | None:
    """A graph's Turtle by `sorted_turtle`; None when it holds a blank node or an xsd:string literal (rdflib's
    writer keeps those as they are, Oxigraph would relabel the one and drop the other's type)."""
    import pyoxigraph as ox
    from rdflib import XSD, BNode, Literal

    from ..sparql.store import to_ox

    out = []
    for s, p, o in graph:
        if isinstance(s, BNode) or isinstance(o, BNode) or (isinstance(o, Literal) and o.datatype == XSD.string):
            return None
        out.append(ox.Triple(to_ox(s), to_ox(p), to_ox(o)))
    return sorted_turtle(out)


def serialize(ds: Dataset | Graph, fmt: str) -> bytes:
    """Serialise deterministically: sorted lines for N-Triples/N-Quads, sorted arrays for JSON-LD, Turtle in
    sorted order by Oxigraph (rdflib's writer where blank nodes or xsd:string occur), rdflib's sorted writers
    otherwise. A plain Graph (not a Dataset) is taken as the union already made."""
    if fmt == "turtle":
        graph = union_graph(ds) if isinstance(ds, Dataset) else ds
        return _oxigraph_turtle(graph) or graph.serialize(format=fmt, encoding="utf-8")
    if not isinstance(ds, Dataset) and fmt not in QUAD_FORMATS:
        data = ds.serialize(format=fmt, encoding="utf-8")
        if fmt == "nt":
            lines = sorted(set(line for line in data.decode("utf-8").split("\n") if line.strip()))
            return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
        return data
    if fmt == "json-ld":
        target = _SortedDataset(store=ds.store, default_union=ds.default_union) if isinstance(ds, Dataset) else ds
        data = json.loads(target.serialize(format=fmt, encoding="utf-8", context=jsonld_context()))
        return (json.dumps(_canonical_json(data), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt in ("nt", "nquads"):
        data = (ds if fmt == "nquads" else union_graph(ds)).serialize(format=fmt, encoding="utf-8")
        lines = sorted(set(line for line in data.decode("utf-8").split("\n") if line.strip()))
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    target = _SortedDataset(store=ds.store, default_union=ds.default_union) if fmt in QUAD_FORMATS else union_graph(ds)
    return target.serialize(format=fmt, encoding="utf-8")


def check_writable(path: str | Path) -> None:
    """Fail early, before any work, when the output file could not be written."""
    path = Path(path)
    if path.is_dir():
        raise GraphFileError(f"{path}: is a directory, expected a file name")
    format_for(path)
    parent = path.parent if str(path.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise GraphFileError(f"{path}: {parent} is not a folder")
    if not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise GraphFileError(f"{path}: cannot create folder {parent}: {exc.strerror or exc}") from exc
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise GraphFileError(f"{path}: not writable")


def write_bytes_atomic(data: bytes, path: str | Path) -> None:
    """Write a file so that readers see either the old or the whole new content, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_dataset(ds: Dataset, path: str | Path, fmt: str | None = None) -> None:
    """Serialise a Dataset to a file atomically, the format taken from the extension unless given."""
    fmt = FORMAT_ALIASES.get(fmt, fmt) if fmt else format_for(path)
    write_bytes_atomic(serialize(ds, fmt), path)
