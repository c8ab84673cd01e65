"""`kg export`: write a graph file or store in another RDF syntax, as a network (GraphML, GEXF) or claims CSV."""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from .io import FORMAT_ALIASES, QUAD_FORMATS, STDIN, GraphFileError, load_dataset, serialize, write_bytes_atomic
from ..namespaces import KG, bind_prefixes
from ..sparql.store import from_ox, is_store_dir, open_ox

RDF_EXPORTS = ("turtle", "nt", "nquads", "trig", "jsonld", "xml")
NETWORK_EXPORTS = ("graphml", "gexf", "csv")
EXPORT_FORMATS = RDF_EXPORTS + NETWORK_EXPORTS
"""The formats `kg export --format` writes."""
EXTENSIONS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld",
    ".json": "jsonld", ".rdf": "xml", ".owl": "xml", ".xml": "xml", ".graphml": "graphml", ".gexf": "gexf",
    ".csv": "csv",
}
"""The export format of each output file extension."""
_ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "nq": "nquads", "n-quads": "nquads",
            "json-ld": "jsonld", "rdfxml": "xml", "rdf/xml": "xml", "rdf": "xml"}
CSV_COLUMNS = ("claim", "subject", "subject_label", "relation", "object", "object_label", "polarity", "modality",
               "speaker", "speaker_label", "evidence", "document", "file_name", "date", "confidence",
               "char_start", "char_end")
"""The columns of `kg export --format csv`: one row per claim."""


def resolve_format(fmt: str | None, output: str | Path) -> str:
    """The export format from ``--format`` and the output name; an unknown or contradicting one is an error."""
    name = str(output)
    ext = Path(name).suffix.lower() if name != STDIN else ""
    from_ext = EXTENSIONS.get(ext) if ext else None
    if ext and from_ext is None:
        raise GraphFileError(f"{name}: unknown extension {ext!r}; use one of {', '.join(sorted(EXTENSIONS))}")
    if fmt is None:
        return from_ext or "turtle"
    chosen = _ALIASES.get(fmt.lower(), fmt.lower())
    if chosen not in EXPORT_FORMATS:
        raise GraphFileError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if from_ext and from_ext != chosen:
        raise GraphFileError(f"{name}: a {ext} file is {from_ext}, not {chosen}; change the name or --format")
    return chosen


def read_any(path: str | Path) -> Dataset:
    """A graph file, ``-`` (standard input) or a store directory as an in-memory rdflib Dataset."""
    p = Path(path)
    if str(path) == STDIN or not is_store_dir(p):
        if str(path) != STDIN and p.is_dir():
            raise GraphFileError(f"{p}: is a directory but not a newskg store")
        return load_dataset(path)
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    from ..sparql.entail import without_query_view

    for q in without_query_view(open_ox(p, read_only=True).quads_for_pattern(None, None, None, None)):
        ds.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name)))
    return ds


def export_bytes(ds: Dataset, fmt: str) -> tuple[bytes, int, str]:
    """The bytes of ``ds`` in an export format, how many items they hold, and what the items are."""
    if fmt in RDF_EXPORTS:
        rdf_fmt = FORMAT_ALIASES[fmt]
        data = serialize(ds, rdf_fmt)
        if rdf_fmt in QUAD_FORMATS:
            return data, sum(1 for _ in ds.quads((None, None, None, None))), "triples"
        return data, len(set(ds.triples((None, None, None)))), "triples"
    if fmt == "csv":
        rows = claim_rows(ds)
        return claims_csv(rows), len(rows), "claims"
    g = network(ds)
    data = graphml_bytes(g) if fmt == "graphml" else gexf_bytes(g)
    return data, g.number_of_nodes(), f"actors and {g.number_of_edges()} relation edges"


def export(path: str | Path, fmt: str | None, output: str | Path) -> tuple[int, str]:
    """Write ``path`` to ``output`` (``-``: standard output) atomically; how many items, and what they are."""
    fmt = resolve_format(fmt, output)
    out = Path(output)
    if str(output) != STDIN and out.is_dir():
        raise GraphFileError(f"{out}: is a directory, expected a file name")
    data, n, what = export_bytes(read_any(path), fmt)
    if str(output) == STDIN:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_bytes_atomic(data, out)
    return n, what


# --- networks for Gephi and Cytoscape ----------------------------------------------------------

def network(ds: Dataset):
    """The actor network as a networkx MultiDiGraph: one node per actor, one edge per (subject, relation,
    object) keyed by the relation, with claim counts (the definitions of kg.analysis)."""
    import networkx as nx

    from ..explore.analysis import read_graph

    kg = read_graph(ds)
    g = nx.MultiDiGraph()
    for iri, a in sorted(kg.actors.items()):
        g.add_node(iri, label=a.label, cls=a.cls, mentions=a.mentions, documents=len(set(a.documents)),
                   aliases="; ".join(sorted(a.aliases)))
    for e in kg.edges:
        g.add_edge(e.source, e.target, key=e.relation, label=e.relation, relation=e.relation, weight=e.weight,
                   positive=e.n_positive, negative=e.n_negative, only_denied=e.only_denied,
                   contested=e.contested, symmetric=e.symmetric)
    return g


def graphml_bytes(g) -> bytes:
    """GraphML (Cytoscape, Gephi, yEd), deterministic."""
    import networkx as nx

    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8")
    return buf.getvalue()


def gexf_bytes(g) -> bytes:
    """GEXF 1.2 (Gephi), deterministic: networkx's modification date is left out."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(g)
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# --- claims as a spreadsheet -------------------------------------------------------------------

def _one(ds: Dataset, s: URIRef, p: URIRef) -> str:
    values = sorted(str(o) for o in ds.objects(s, p))
    return values[0] if values else ""


def claim_rows(ds: Dataset) -> list[dict[str, str]]:
    """One dict per claim (kg:Assertion) with the CSV_COLUMNS, sorted by document, position and claim."""
    labels: dict[str, str] = {}
    for s, o in ds.subject_objects(RDFS.label):
        labels[str(s)] = min(labels.get(str(s), str(o)), str(o))
    rows = []
    for c in set(ds.subjects(RDF.type, KG.Assertion)):
        row = {k: _one(ds, c, KG[k2]) for k, k2 in (
            ("subject", "subject"), ("relation", "predicate"), ("object", "object"), ("polarity", "polarity"),
            ("modality", "modality"), ("speaker", "attributedTo"), ("evidence", "evidence"),
            ("document", "source"), ("confidence", "confidence"), ("char_start", "charStart"),
            ("char_end", "charEnd"))}
        row["claim"] = str(c)
        for k in ("relation", "polarity", "modality"):
            row[k] = row[k].rsplit("#", 1)[-1]
        for k in ("subject", "object", "speaker"):
            row[f"{k}_label"] = labels.get(row[k], "")
        doc = URIRef(row["document"]) if row["document"] else None
        row["file_name"] = _one(ds, doc, KG.fileName) if doc else ""
        row["date"] = _one(ds, doc, DCTERMS.date) if doc else ""
        rows.append(row)
    rows.sort(key=lambda r: (r["date"], r["document"], int(r["char_start"] or 0), r["claim"]))
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A cell that a spreadsheet shows as text: a leading =, +, -, @ (a formula) gets a quote in front."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def claims_csv(rows: list[dict[str, str]]) -> bytes:
    """The claims as RFC 4180 CSV (UTF-8, a header line); article text cannot start a spreadsheet formula."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    numeric = {"confidence", "char_start", "char_end"}
    for r in rows:
        w.writerow({k: (v if k in numeric else spreadsheet_safe(v)) for k, v in r.items()})
    return buf.getvalue().encode("utf-8")


__all__ = ["EXPORT_FORMATS", "EXTENSIONS", "export", "export_bytes", "read_any", "resolve_format", "network",
           "claim_rows", "claims_csv"]
