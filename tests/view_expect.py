"""What the graph view must draw, computed straight from the RDF with SPARQL (independent of kg.explore.analysis).

Nodes: resources typed with an actor class, plus any end of a relation (claim or plain triple).
Edges: distinct (subject, relation, object) over claims and plain triples, symmetric pairs collapsed.
Only denied: edges with no positive claim and no plain triple.
"""
from __future__ import annotations

from rdflib import Dataset
from rdflib.namespace import RDF

from kg.namespaces import ACTOR_CLASSES, KG, PREFIXES, RELATIONS, SYMMETRIC

_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
_RELS = " ".join(f"kg:{r}" for r in RELATIONS)
_CLASSES = " ".join(f"kg:{c}" for c in ACTOR_CLASSES)

NODES_QUERY = _PREFIXES + f"""
SELECT DISTINCT ?x WHERE {{
  {{ VALUES ?c {{ {_CLASSES} }} ?x a ?c }}
  UNION {{ VALUES ?r {{ {_RELS} }} ?a a kg:Assertion ; kg:predicate ?r ; kg:subject ?x }}
  UNION {{ VALUES ?r {{ {_RELS} }} ?a a kg:Assertion ; kg:predicate ?r ; kg:object ?x }}
  UNION {{ VALUES ?r {{ {_RELS} }} ?x ?r ?y }}
  UNION {{ VALUES ?r {{ {_RELS} }} ?y ?r ?x }}
}}"""

EDGES_QUERY = _PREFIXES + f"""
SELECT DISTINCT ?s ?r ?o ?pol WHERE {{
  VALUES ?r {{ {_RELS} }}
  {{ ?a a kg:Assertion ; kg:subject ?s ; kg:predicate ?r ; kg:object ?o ; kg:polarity ?pol }}
  UNION {{ ?s ?r ?o . BIND(kg:Positive AS ?pol) }}
}}"""


def expected_nodes(ds: Dataset) -> set[str]:
    """IRIs of the actor nodes the view must draw."""
    return {str(row.x) for row in ds.query(NODES_QUERY)}


def expected_edges(ds: Dataset) -> dict[tuple[str, str, str], set[str]]:
    """Each edge (symmetric pairs collapsed) with the polarities stated for it ('Positive'/'Negative')."""
    edges: dict[tuple[str, str, str], set[str]] = {}
    for row in ds.query(EDGES_QUERY):
        s, r, o = str(row.s), str(row.r).rsplit("#", 1)[-1], str(row.o)
        if r in SYMMETRIC:
            s, o = sorted((s, o))
        edges.setdefault((s, r, o), set()).add(str(row.pol).rsplit("#", 1)[-1])
    return edges


def only_denied(edges: dict[tuple[str, str, str], set[str]]) -> set[tuple[str, str, str]]:
    """The edges never asserted."""
    return {k for k, pols in edges.items() if "Positive" not in pols}


assert str(KG.Positive).endswith("#Positive")


def linked(edges) -> set[str]:
    """The actors at an end of one of these edges: what the view shows (actors without a shown edge are hidden)."""
    return {x for (s, _, o) in edges for x in (s, o)}


def persons(ds: Dataset) -> set[str]:
    """IRIs typed kg:Person."""
    return {str(s) for s in ds.subjects(RDF.type, KG.Person)}
