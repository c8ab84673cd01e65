"""`kg stats`: what a built graph contains and who matters in it, as plain data, a rich table or JSON.

Counts: documents; actors by class (every typed resource, Places included); claims by relation and
polarity; relation edges by relation (as defined in :mod:`kg.explore.analysis`). Analytics, on the actor
network of :mod:`kg.explore.analysis`: the most central actors by degree, PageRank and betweenness (sampled
above 200 actors), Louvain communities of the support / coordination network, and the contested
edges (asserted by some claims, denied by others).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from rdflib import Dataset
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .analysis import UNKNOWN_CLASS, KGraph, centrality, communities, read_graph
from ..namespaces import CLASSES, RELATIONS

MEASURES = ("degree", "pagerank", "betweenness")


@dataclass
class RankedActor:
    """An actor with its score on one centrality measure."""

    iri: str
    label: str
    cls: str
    score: float


@dataclass
class ActorRef:
    """An actor's IRI and label."""

    iri: str
    label: str


@dataclass
class ContestedEdge:
    """An edge both asserted and denied, with its claim counts."""

    subject: str
    relation: str
    object: str
    asserted: int
    denied: int
    subject_iri: str = ""
    object_iri: str = ""


@dataclass
class Stats:
    """Everything `kg stats` reports."""

    documents: int
    actors: int
    places: int
    claims: int
    edges: int
    actors_by_class: dict[str, int]
    claims_by_relation: dict[str, dict[str, int]]
    edges_by_relation: dict[str, int]
    only_denied_edges: int
    central: dict[str, list[RankedActor]] = field(default_factory=dict)
    communities: list[list[ActorRef]] = field(default_factory=list)
    contested: list[ContestedEdge] = field(default_factory=list)

    def to_dict(self) -> dict:
        """A JSON-ready dictionary."""
        return asdict(self)


def compute_stats(kg: KGraph, top: int = 10) -> Stats:
    """Counts, centrality rankings, communities and contested edges of an actor network."""
    by_class = Counter(a.cls for a in kg.actors.values())
    claims: dict[str, dict[str, int]] = {r: {"positive": 0, "negative": 0} for r in RELATIONS}
    for e in kg.edges:
        claims[e.relation]["positive"] += e.n_positive
        claims[e.relation]["negative"] += e.n_negative
    cent = centrality(kg)
    central = {}
    for m in MEASURES:
        ranked = sorted(cent.items(), key=lambda kv: (-(getattr(kv[1], m) or 0.0), kg.actors[kv[0]].label))
        central[m] = [RankedActor(iri, kg.actors[iri].label, kg.actors[iri].cls, round(getattr(c, m) or 0.0, 6))
                      for iri, c in ranked[:top]]
    label = {iri: a.label for iri, a in kg.actors.items()}
    contested = [ContestedEdge(label[e.source], e.relation, label[e.target], e.n_positive, e.n_negative,
                               e.source, e.target)
                 for e in kg.edges if e.contested]
    contested.sort(key=lambda c: (-(c.asserted + c.denied), c.subject, c.relation, c.object))
    return Stats(
        documents=len(kg.documents), actors=len(kg.actors), places=kg.places, claims=kg.n_claims, edges=len(kg.edges),
        actors_by_class={c: by_class[c] for c in (*CLASSES, UNKNOWN_CLASS) if by_class[c]},
        claims_by_relation=claims,
        edges_by_relation={r: sum(1 for e in kg.edges if e.relation == r) for r in RELATIONS},
        only_denied_edges=sum(1 for e in kg.edges if e.only_denied),
        central=central,
        communities=[[ActorRef(i, label[i]) for i in c] for c in communities(kg)],
        contested=contested,
    )


def graph_stats(ds: Dataset, top: int = 10) -> Stats:
    """The stats of a built graph."""
    return compute_stats(read_graph(ds), top)


def _t(value: object) -> Text:
    """A table cell shown literally: no rich markup, control characters stripped (labels are untrusted)."""
    return Text(str(value))


def _table(title: str, **kw: object) -> Table:
    """A table at least as wide as its title, so that the title stays on one line."""
    return Table(title=title, min_width=len(title) + 4, **kw)


def render_tables(stats: Stats, limit: int = 20) -> Group:
    """Rich tables of a Stats report, for the terminal (at most `limit` communities and contested edges)."""
    overview = _table("Graph", show_header=False)
    for name, value in (("documents", stats.documents), ("actors", stats.actors), ("places", stats.places),
                        ("claims", stats.claims),
                        ("relation edges", stats.edges), ("edges only ever denied", stats.only_denied_edges)):
        overview.add_row(_t(name), _t(value))
    classes = _table("Actors by class")
    classes.add_column("class")
    classes.add_column("actors", justify="right")
    for c, n in stats.actors_by_class.items():
        classes.add_row(_t(c), _t(n))
    rels = _table("Claims and edges by relation")
    for col in ("relation", "asserted", "denied", "edges"):
        rels.add_column(col, justify="left" if col == "relation" else "right")
    for r in RELATIONS:
        c = stats.claims_by_relation[r]
        rels.add_row(_t(r), _t(c["positive"]), _t(c["negative"]), _t(stats.edges_by_relation[r]))
    central = _table("Most central actors")
    central.add_column("#", justify="right")
    for m in MEASURES:
        central.add_column(m)
    for i in range(max((len(v) for v in stats.central.values()), default=0)):
        row = [_t(i + 1)]
        for m in MEASURES:
            lst = stats.central.get(m, [])
            row.append(_t(f"{lst[i].label} ({lst[i].score:.3f})" if i < len(lst) else ""))
        central.add_row(*row)
    comms = _table("Communities of the support / coordination network")
    comms.add_column("#", justify="right")
    comms.add_column("actors")
    for i, c in enumerate(stats.communities[:limit], 1):
        comms.add_row(_t(i), _t(", ".join(a.label for a in c)))
    if len(stats.communities) > limit:
        comms.add_row(_t("..."), _t(f"and {len(stats.communities) - limit} more (--format json lists all)"))
    contested = _table("Contested (asserted and denied)")
    for col in ("subject", "relation", "object", "asserted", "denied"):
        contested.add_column(col, justify="right" if col in ("asserted", "denied") else "left")
    for c in stats.contested[:limit]:
        contested.add_row(_t(c.subject), _t(c.relation), _t(c.object), _t(c.asserted), _t(c.denied))
    if len(stats.contested) > limit:
        contested.add_row(_t("..."), _t(f"and {len(stats.contested) - limit} more"), _t("(--format json lists all)"),
                          _t(""), _t(""))
    return Group(overview, classes, rels, central, comms, contested)


def print_stats(stats: Stats, console: Console | None = None, limit: int = 20) -> None:
    """Print a Stats report as tables."""
    (console or Console()).print(render_tables(stats, limit))
