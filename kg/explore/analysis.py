"""Read the actor network out of a built graph and analyse it with networkx.

Definitions (shared by ``kg view``, ``kg stats`` and their tests):

- **Actor node**: every resource typed with one of the six actor classes (``namespaces.ACTOR_CLASSES``),
  plus any other resource that is an end of a relation edge (e.g. a ``kg:Place`` wrongly used in a
  claim; it is then drawn with its own class, or ``Unknown`` when untyped). Places that take part in
  no relation are not nodes.
- **Relation edge**: one per distinct (subject, relation, object) with at least one claim
  (``kg:Assertion`` of any polarity and modality) or a plain triple ``subject kg:relation object``,
  for the seven relations of ``namespaces.RELATIONS``. For the symmetric relations
  (``namespaces.SYMMETRIC``) (a, r, b) and (b, r, a) are the same edge, stored with the smaller IRI
  first. ``kg:partOf`` is structure, not a relation: it is shown on the node, not drawn.
- **Only denied**: an edge whose claims are all ``kg:Negative`` and that has no plain triple.
- **Weight** of an edge: the number of its positive claims (at least 1 when only a plain triple
  backs it); for an only-denied edge, the number of its negative claims.
- **Contested**: an edge with at least one positive and at least one negative claim.
- **Centrality**: computed on the *asserted* network (edges that are not only denied). Degree and
  betweenness on its undirected form (betweenness estimated from 200 seeded sample sources above 200
  actors), weighted PageRank on its directed form (symmetric edges both ways). ``kg view`` sizes nodes
  by PageRank.
- **Layout**: :func:`layout` gives seeded Fruchterman-Reingold positions (numpy, with a pull to the
  centre so that small components stay near), used by ``kg view`` for large graphs.
- **Communities**: Louvain communities (seeded, so reproducible) of the undirected network of asserted
  ``supports`` and ``coordinatesWith`` edges; only communities of two actors or more.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator

import networkx as nx
import numpy as np
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from ..namespaces import ACTOR_CLASSES, CLASSES, KG, RELATIONS, SYMMETRIC

UNKNOWN_CLASS = "Unknown"
"""Class name of an edge end that has no known class."""
_CLASS_IRIS = {KG[c]: c for c in CLASSES}
_RELATION_IRIS = {KG[r]: r for r in RELATIONS}


@dataclass
class Document:
    """A source document: its IRI, file name, title and date as given in the graph."""

    iri: str
    file_name: str = ""
    title: str = ""
    date: str = ""


@dataclass
class Actor:
    """An actor node: canonical label, class, aliases, mentions and the documents it appears in."""

    iri: str
    label: str
    cls: str
    aliases: list[str] = field(default_factory=list)
    mentions: int = 0
    documents: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)


@dataclass
class ClaimRef:
    """One claim behind an edge: polarity, modality, evidence sentence, document and speaker."""

    iri: str
    positive: bool
    modality: str
    evidence: str
    document: str
    speaker: str | None


@dataclass
class Edge:
    """One (subject, relation, object) edge with the claims that state or deny it."""

    source: str
    relation: str
    target: str
    claims: list[ClaimRef] = field(default_factory=list)
    asserted_triple: bool = False

    @property
    def symmetric(self) -> bool:
        """Whether the relation is symmetric (drawn without an arrow)."""
        return self.relation in SYMMETRIC

    @property
    def n_positive(self) -> int:
        """Number of positive claims."""
        return sum(1 for c in self.claims if c.positive)

    @property
    def n_negative(self) -> int:
        """Number of negative claims."""
        return sum(1 for c in self.claims if not c.positive)

    @property
    def only_denied(self) -> bool:
        """True when every claim denies the edge and no plain triple asserts it."""
        return not self.asserted_triple and bool(self.claims) and self.n_positive == 0

    @property
    def contested(self) -> bool:
        """True when the edge is both asserted and denied by claims."""
        return self.n_positive > 0 and self.n_negative > 0

    @property
    def weight(self) -> int:
        """Positive claims (at least 1), or negative claims for an only-denied edge."""
        return self.n_negative if self.only_denied else max(1, self.n_positive)


@dataclass
class KGraph:
    """The actor network of a built graph: actors, edges and documents, keyed by IRI."""

    actors: dict[str, Actor]
    edges: list[Edge]
    documents: dict[str, Document]
    n_claims: int = 0
    places: int = 0  # resources typed kg:Place, drawn or not


@dataclass
class Centrality:
    """Centrality scores of one actor."""

    degree: float
    pagerank: float
    betweenness: float | None = None


def _pairs(ds: Dataset | Graph, p: URIRef) -> Iterator[tuple[object, object, object]]:
    """(subject, object, graph name) of every quad with predicate p, across all graphs."""
    if not hasattr(ds, "quads"):  # a plain Graph: one unnamed graph
        for s, _, o in ds.triples((None, p, None)):
            yield s, o, None
        return
    for s, _, o, g in ds.quads((None, p, None, None)):
        yield s, o, getattr(g, "identifier", g)


def _first(values: dict[str, list[str]], key: str) -> str:
    """The smallest value for a key, or ''."""
    vals = values.get(key)
    return min(vals) if vals else ""


def _as_int(value: object) -> int:
    """An integer literal's value, or 0."""
    try:
        return int(value.toPython()) if isinstance(value, Literal) else 0
    except (TypeError, ValueError):
        return 0


def _multi(ds: Dataset, p: URIRef) -> dict[str, list[str]]:
    """Every (subject -> sorted distinct string objects) for a predicate."""
    out: dict[str, set[str]] = defaultdict(set)
    for s, o, _ in _pairs(ds, p):
        out[str(s)].add(str(o))
    return {k: sorted(v) for k, v in out.items()}


def cls_of_set(found: set[str]) -> str:
    """The class of a resource from its kg: class names (the first in CLASSES order), or Unknown."""
    for c in CLASSES:
        if c in found:
            return c
    return UNKNOWN_CLASS


def read_graph(ds: Dataset | Graph) -> KGraph:
    """Collect actors, relation edges and documents from a built graph (a Dataset on any store, or a Graph)."""
    classes: dict[str, set[str]] = defaultdict(set)
    docs: dict[str, Document] = {}
    for s, o, _ in _pairs(ds, RDF.type):
        if o in _CLASS_IRIS:
            classes[str(s)].add(_CLASS_IRIS[o])
        elif o == KG.Document:
            docs.setdefault(str(s), Document(str(s)))
    for attr, p in (("file_name", KG.fileName), ("title", DCTERMS.title), ("date", DCTERMS.date)):
        for iri, vals in _multi(ds, p).items():
            if iri in docs:
                setattr(docs[iri], attr, vals[0])

    labels, alt = _multi(ds, RDFS.label), _multi(ds, SKOS.altLabel)
    mentioned_in, part_of = _multi(ds, KG.mentionedIn), _multi(ds, KG.partOf)
    mentions: dict[str, int] = defaultdict(int)
    for (s, _g), n in {(str(s), str(g)): o for s, o, g in _pairs(ds, KG.mentionCount)}.items():
        mentions[s] += _as_int(n)

    claims: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for key, p in (("s", KG.subject), ("p", KG.predicate), ("o", KG.object), ("pol", KG.polarity),
                   ("mod", KG.modality), ("who", KG.attributedTo), ("ev", KG.evidence), ("doc", KG.source)):
        for iri, vals in _multi(ds, p).items():
            claims[iri][key] = vals

    edges: dict[tuple[str, str, str], Edge] = {}

    def edge(s: str, rel: str, o: str) -> Edge:
        if rel in SYMMETRIC and o < s:
            s, o = o, s
        key = (s, rel, o)
        if key not in edges:
            edges[key] = Edge(s, rel, o)
        return edges[key]

    n_claims = 0
    for iri, c in sorted(claims.items()):
        pred = URIRef(_first(c, "p"))
        if pred not in _RELATION_IRIS or not c.get("s") or not c.get("o"):
            continue
        n_claims += 1
        e = edge(_first(c, "s"), _RELATION_IRIS[pred], _first(c, "o"))
        e.claims.append(ClaimRef(iri, _first(c, "pol") != str(KG.Negative), _first(c, "mod").rsplit("#", 1)[-1],
                                 _first(c, "ev"), _first(c, "doc"), _first(c, "who") or None))
    for rel_iri, rel in _RELATION_IRIS.items():
        for s, o, _ in _pairs(ds, rel_iri):
            if isinstance(s, URIRef) and isinstance(o, URIRef):
                edge(str(s), rel, str(o)).asserted_triple = True

    def cls_of(iri: str) -> str:
        return cls_of_set(classes.get(iri, set()))

    members = {i for i, cs in classes.items() if cs & set(ACTOR_CLASSES)}
    for e in edges.values():
        members.update((e.source, e.target))
    actors = {
        iri: Actor(iri, _first(labels, iri) or iri.rsplit("/", 1)[-1], cls_of(iri),
                   [a for a in alt.get(iri, []) if a != _first(labels, iri)], mentions.get(iri, 0),
                   mentioned_in.get(iri, []), part_of.get(iri, []))
        for iri in sorted(members)
    }
    places = sum(1 for cs in classes.values() if cls_of_set(cs) == "Place")
    return KGraph(actors, sorted(edges.values(), key=lambda e: (e.source, e.relation, e.target)), docs, n_claims,
                  places)


def asserted_digraph(kg: KGraph) -> nx.DiGraph:
    """Directed graph of the asserted edges (symmetric ones both ways), weighted by claims."""
    g = nx.DiGraph()
    g.add_nodes_from(kg.actors)
    for e in kg.edges:
        if e.only_denied:
            continue
        pairs = [(e.source, e.target), (e.target, e.source)] if e.symmetric else [(e.source, e.target)]
        for u, v in pairs:
            if u == v:
                continue
            w = g[u][v]["weight"] + e.weight if g.has_edge(u, v) else e.weight
            g.add_edge(u, v, weight=w)
    return g


def pagerank(g: nx.DiGraph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """Weighted PageRank by power iteration in numpy (networkx's own needs scipy); dangling mass spread evenly."""
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    src = np.array([index[u] for u, _ in g.edges()], dtype=np.int64)
    dst = np.array([index[v] for _, v in g.edges()], dtype=np.int64)
    w = np.array([d.get("weight", 1.0) for _, _, d in g.edges(data=True)], dtype=np.float64)
    out = np.bincount(src, w, n)
    share = w / out[src] if len(w) else w
    dangling = out == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = alpha * (np.bincount(dst, x[src] * share, n) + x[dangling].sum() / n) + (1 - alpha) / n
        done = np.abs(new - x).sum() < n * tol
        x = new
        if done:
            break
    return {v: float(x[i]) for i, v in enumerate(nodes)}


def centrality(kg: KGraph, betweenness: bool = True, sample: int = 200) -> dict[str, Centrality]:
    """Degree, PageRank and (optionally, sampled above `sample` actors) betweenness of every actor."""
    dg = asserted_digraph(kg)
    if dg.number_of_nodes() == 0:
        return {}
    ug = dg.to_undirected()
    deg = nx.degree_centrality(ug) if ug.number_of_nodes() > 1 else {n: 0.0 for n in ug}
    pr = pagerank(dg)
    btw: dict[str, float] = {}
    if betweenness:
        k = sample if ug.number_of_nodes() > sample else None
        btw = nx.betweenness_centrality(ug, k=k, seed=0 if k else None)
    return {n: Centrality(deg[n], pr[n], btw.get(n) if betweenness else None) for n in dg}


def communities(kg: KGraph, relations: tuple[str, ...] = ("supports", "coordinatesWith")) -> list[list[str]]:
    """Louvain communities (size >= 2, largest first) of the asserted network of the given relations."""
    g = nx.Graph()
    for e in kg.edges:
        if e.relation in relations and not e.only_denied and e.source != e.target:
            w = g[e.source][e.target]["weight"] + e.weight if g.has_edge(e.source, e.target) else e.weight
            g.add_edge(e.source, e.target, weight=w)
    if g.number_of_edges() == 0:
        return []
    comms = nx.community.louvain_communities(g, weight="weight", seed=0)
    return sorted((sorted(c) for c in comms if len(c) > 1), key=lambda c: (-len(c), c))


def layout(kg: KGraph, scale: float = 1000.0, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Static 2-D positions of every actor (seeded Fruchterman-Reingold in numpy), for large graphs."""
    ids = list(kg.actors)
    n = len(ids)
    if n == 0:
        return {}
    index = {iri: i for i, iri in enumerate(ids)}
    pairs = [(index[e.source], index[e.target]) for e in kg.edges if e.source != e.target]
    src = np.array([p[0] for p in pairs], dtype=np.int64)
    dst = np.array([p[1] for p in pairs], dtype=np.int64)
    iterations = int(min(50, max(3, 1.6e8 / n**2)))
    x, y = _fruchterman_reingold(n, src, dst, iterations, seed)
    span = max(float(np.ptp(x)), float(np.ptp(y)), 1e-9)
    x = (x - x.mean()) / span * 2 * scale
    y = (y - y.mean()) / span * 2 * scale
    return {iri: (round(float(x[i]), 1), round(float(y[i]), 1)) for i, iri in enumerate(ids)}


def _fruchterman_reingold(n: int, src: np.ndarray, dst: np.ndarray, iterations: int, seed: int,
                          gravity: float = 8.0) -> tuple[np.ndarray, np.ndarray]:
    """Force-directed layout in the unit square: exact O(n^2) repulsion in row blocks, spring attraction."""
    rng = np.random.default_rng(seed)
    x, y = rng.random(n, dtype=np.float32), rng.random(n, dtype=np.float32)
    k2 = np.float32(1.0 / n)
    k = np.sqrt(k2)
    t = np.float32(0.1)
    dt = t / (iterations + 1)
    block = max(1, min(n, 4_000_000 // n))
    for _ in range(iterations):
        fx, fy = np.zeros(n, np.float32), np.zeros(n, np.float32)
        for a in range(0, n, block):
            dx = x[a:a + block, None] - x[None, :]
            dy = y[a:a + block, None] - y[None, :]
            d2 = dx * dx
            d2 += dy * dy
            d2 += np.float32(1e-6)
            np.divide(k2, d2, out=d2)
            fx[a:a + block] = (d2 * dx).sum(1)
            fy[a:a + block] = (d2 * dy).sum(1)
        if len(src):
            ex, ey = x[src] - x[dst], y[src] - y[dst]
            dl = np.sqrt(ex * ex + ey * ey) / k
            ax, ay = ex * dl, ey * dl
            fx += (np.bincount(dst, ax, n) - np.bincount(src, ax, n)).astype(np.float32)
            fy += (np.bincount(dst, ay, n) - np.bincount(src, ay, n)).astype(np.float32)
        fx -= (x - np.float32(0.5)) * np.float32(gravity)
        fy -= (y - np.float32(0.5)) * np.float32(gravity)
        length = np.maximum(np.sqrt(fx * fx + fy * fy), np.float32(1e-6))
        step = np.minimum(length, t) / length
        x += fx * step
        y += fy * step
        t -= dt
    return x, y
