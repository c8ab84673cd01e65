"""One self-contained, offline HTML page showing the actor network of a built graph.

What is drawn is defined in :mod:`kg.explore.analysis` (actor nodes, one edge per (subject, relation, object),
symmetric pairs collapsed, edges only ever denied dashed and hidden until switched on). The page uses
vis-network, the library pyvis wraps, from the copy shipped inside the pyvis package, inlined with its
CSS: pyvis's own page template loads vis-network and Bootstrap from CDNs, so the page is built from
newskg's template (``kg/explore/templates/view.*``) instead and makes no network request at all.

Untrusted text (labels, aliases, titles, evidence sentences) goes into one JSON block whose ``<``, ``>``
and ``&`` are written as ``\\u003c`` etc., so it cannot end its ``<script>`` element; the page's script
puts it into the DOM only through ``textContent`` (vis-network draws labels on a canvas and is given
no HTML titles). A Content-Security-Policy allows only the two inline scripts (by hash) and no
network access, as a second line of defence.

Layout: graphs above :data:`STATIC_LAYOUT_ABOVE` actors get positions computed in Python and start
with physics off; smaller ones are stabilised by vis-network, then physics is switched off.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from importlib import resources
from pathlib import Path
from string import Template

from rdflib import Dataset

from .analysis import UNKNOWN_CLASS, KGraph, centrality, layout, read_graph
from ..namespaces import ACTOR_CLASSES, RELATIONS, SYMMETRIC

STATIC_LAYOUT_ABOVE = 300
"""Graphs with more actors than this get a precomputed, static layout."""
VIS_VERSION = "9.1.2"

CLASS_STYLE = {  # class -> (label, colour, vis shape, legend symbol)
    "Person": ("Person", "#4e79a7", "dot", "\u25cf"),
    "Country": ("Country", "#f28e2b", "square", "\u25a0"),
    "ArmedGroup": ("Armed group", "#e15759", "triangle", "\u25b2"),
    "InternationalOrganization": ("International organization", "#76b7b2", "diamond", "\u25c6"),
    "Coalition": ("Coalition", "#59a14f", "hexagon", "\u2b22"),
    "Organization": ("Organization", "#edc948", "star", "\u2605"),
    "Place": ("Place", "#b07aa1", "triangleDown", "\u25bc"),
    UNKNOWN_CLASS: ("Unknown", "#9c9c9c", "dot", "\u25cf"),
}
RELATION_STYLE = {  # relation -> (label, colour)
    "supports": ("supports", "#2ca02c"),
    "strikes": ("strikes", "#d62728"),
    "coordinatesWith": ("coordinates with", "#1f77b4"),
    "opposes": ("opposes", "#ff7f0e"),
    "meetsWith": ("meets with", "#9467bd"),
    "memberOf": ("member of", "#8c564b"),
    "leads": ("leads", "#17becf"),
}


def _darker(hex_colour: str, factor: float = 0.7) -> str:
    """A darker shade of a #rrggbb colour, for node borders."""
    rgb = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{int(c * factor):02x}" for c in rgb)


def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS from the pyvis package."""
    import pyvis

    root = Path(pyvis.__file__).parent
    for base in (root / "lib" / f"vis-{VIS_VERSION}", root / "templates" / "lib" / f"vis-{VIS_VERSION}"):
        js, css = base / "vis-network.min.js", base / "vis-network.css"
        if js.is_file() and css.is_file():
            return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise FileNotFoundError(f"vis-network {VIS_VERSION} not found in the pyvis package at {root}")


def _template(name: str) -> str:
    """A file of kg/explore/templates."""
    return resources.files("kg.explore").joinpath("templates", name).read_text(encoding="utf-8")


def safe_json(value: object) -> str:
    """JSON that can sit inside a <script> element: <, >, & and the JS line separators escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _script_hash(code: str) -> str:
    """A CSP source expression allowing exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def view_data(kg: KGraph, static: bool | None = None) -> dict:
    """The page's data: classes, relations, documents, nodes and edges in a compact JSON-ready form."""
    static = len(kg.actors) > STATIC_LAYOUT_ABOVE if static is None else static
    present = {a.cls for a in kg.actors.values()}
    classes = list(ACTOR_CLASSES) + [c for c in ("Place", UNKNOWN_CLASS) if c in present]
    cls_index = {c: i for i, c in enumerate(classes)}
    rel_index = {r: i for i, r in enumerate(RELATIONS)}
    doc_ids = sorted(kg.documents)
    doc_index = {d: i for i, d in enumerate(doc_ids)}
    node_ids = list(kg.actors)
    node_index = {iri: i for i, iri in enumerate(node_ids)}

    cent = centrality(kg, betweenness=False)
    top = max((c.pagerank for c in cent.values()), default=0.0) or 1.0
    pos = layout(kg) if static else {}

    def label(iri: str) -> str:
        actor = kg.actors.get(iri)
        return actor.label if actor else iri.rsplit("/", 1)[-1]

    nodes = []
    for iri in node_ids:
        a = kg.actors[iri]
        pr = cent[iri].pagerank if iri in cent else 0.0
        node = {"l": a.label, "c": cls_index[a.cls], "a": a.aliases, "m": a.mentions,
                "d": [doc_index[d] for d in a.documents if d in doc_index], "p": [label(p) for p in a.part_of],
                "s": round(8 + 24 * math.sqrt(pr / top), 1)}
        if static:
            node["x"], node["y"] = pos[iri]
        nodes.append(node)

    edges, parallel = [], {}
    for e in kg.edges:
        pair = tuple(sorted((e.source, e.target)))
        k = parallel.get(pair, 0)
        parallel[pair] = k + 1
        claims = [[1 if c.positive else 0, c.modality, c.evidence, doc_index.get(c.document, -1),
                   label(c.speaker) if c.speaker else ""]
                  for c in sorted(e.claims, key=lambda c: (not c.positive, c.document, c.iri))]
        edge = {"f": node_index[e.source], "t": node_index[e.target], "r": rel_index[e.relation], "w": e.weight,
                "c": claims}
        if k:
            edge["k"] = k
        if e.only_denied:
            edge["n"] = 1
        if e.asserted_triple:
            edge["p"] = 1
        edges.append(edge)

    docs = []
    for d in doc_ids:
        doc = kg.documents[d]
        docs.append([doc.title or doc.file_name or d.rsplit("/", 1)[-1], doc.date])
    return {
        "static": static,
        "classes": [{"name": c, "label": CLASS_STYLE[c][0], "color": CLASS_STYLE[c][1],
                     "border": _darker(CLASS_STYLE[c][1]), "shape": CLASS_STYLE[c][2], "symbol": CLASS_STYLE[c][3]}
                    for c in classes],
        "relations": [{"name": r, "label": RELATION_STYLE[r][0], "color": RELATION_STYLE[r][1],
                       "symmetric": r in SYMMETRIC} for r in RELATIONS],
        "documents": docs,
        "nodes": nodes,
        "edges": edges,
    }


def render_kgraph(kg: KGraph, title: str = "newskg graph", static: bool | None = None) -> str:
    """The HTML page for an already-read actor network."""
    vis_js, vis_css = _vis_assets()
    app_js = _template("view.js")
    csp = ("default-src 'none'; script-src " + _script_hash(vis_js) + " " + _script_hash(app_js)
           + "; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    for name, code in (("vis-network.min.js", vis_js), ("view.js", app_js), ("vis-network.css", vis_css)):
        if "</script" in code.lower() or "</style" in code.lower():
            raise ValueError(f"{name} cannot be inlined: it contains a closing tag")
    page = Template(_template("view.html")).substitute(
        csp=csp, title=html.escape(title), vis_css=vis_css,
        app_css=_template("view.css"), data=safe_json(view_data(kg, static)), vis_js=vis_js, app_js=app_js)
    return page


def render_html(ds: Dataset, title: str = "newskg graph") -> str:
    """The self-contained HTML view of a built graph (what `kg view` writes and `kg serve` shows at /)."""
    return render_kgraph(read_graph(ds), title=title)
