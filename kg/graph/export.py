"""`kg export`: write a graph file or store in another RDF syntax."""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from .io import FORMAT_ALIASES, GraphFileError, QUAD_FORMATS, write_bytes_atomic, serialize
from ..namespaces import bind_prefixes
from ..sparql.store import from_ox, is_store_dir, open_ox

EXPORT_FORMATS = ("turtle", "nt", "nquads", "trig", "jsonld")
"""The syntaxes `kg export --format` writes."""


def read_any(path: str | Path) -> Dataset:
    """A graph file or a store directory as an in-memory rdflib Dataset (named graphs kept)."""
    p = Path(path)
    if not is_store_dir(p):
        from .io import load_dataset

        if p.is_dir():
            raise GraphFileError(f"{p}: is a directory but not a newskg store")
        return load_dataset(p)
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    for q in open_ox(p, read_only=True).quads_for_pattern(None, None, None, None):
        ds.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name)))
    return ds


def export(path: str | Path, fmt: str, output: str | Path) -> int:
    """Write ``path`` to ``output`` in ``fmt`` atomically; the number of triples written (quads for quad formats)."""
    rdf_fmt = FORMAT_ALIASES.get(fmt)
    if fmt not in EXPORT_FORMATS or rdf_fmt is None:
        raise GraphFileError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    out = Path(output)
    if out.is_dir():
        raise GraphFileError(f"{out}: is a directory, expected a file name")
    ds = read_any(path)
    write_bytes_atomic(serialize(ds, rdf_fmt), out)
    if rdf_fmt in QUAD_FORMATS:
        return sum(1 for _ in ds.quads((None, None, None, None)))
    return len(set(ds.triples((None, None, None))))
