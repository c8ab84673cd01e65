"""The query view of a graph: the union default graph as a set, with the ontology's class and property hierarchy.

SPARQL engines disagree on what the default graph of a quad store is. newskg's answer, for `kg query` on a
graph file (or standard input) and wherever :func:`add_query_view` was called on a store:

- the default graph is the **set** union of every graph (a triple repeated in three document graphs is
  one triple, so a plain ``SELECT`` gives no duplicate rows), kept in the named graph :data:`UNION_GRAPH`,
  which :func:`kg.sparql.query.run_local` uses as the default graph and hides from ``GRAPH ?g``;
- it also holds the ontology (``ontology/newskg.ttl``) and the RDFS entailments of its hierarchy over the
  data: ``rdf:type`` for every super-class (``?x a kg:Actor`` finds persons, countries, groups, …) and
  the super-properties of every relation (``?a kg:relation ?b``, ``prov:wasAttributedTo``, …).

The named (document) graphs are left exactly as they were built.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import pyoxigraph as ox

from .. import namespaces

UNION_GRAPH = ox.NamedNode(str(namespaces.UNION_GRAPH))
"""The graph that holds the query view (the set union, the ontology and its entailments)."""
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
SUBPROPERTY = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")


@lru_cache(maxsize=1)
def ontology_triples() -> tuple[ox.Triple, ...]:
    """The triples of ontology/newskg.ttl (empty when the ontology is not installed next to the package)."""
    from ..graph.validate import ontology_file

    try:
        path = ontology_file("newskg.ttl")
    except FileNotFoundError:
        return ()
    return tuple(q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def closure(pairs: list[tuple[ox.NamedNode, ox.NamedNode]]) -> dict[ox.NamedNode, set[ox.NamedNode]]:
    """The transitive super-terms of each term given (sub, super) pairs (a term is not its own super-term)."""
    up: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
    for sub, sup in pairs:
        up[sub].add(sup)
    out: dict[ox.NamedNode, set[ox.NamedNode]] = {}
    for term in list(up):
        seen: set[ox.NamedNode] = set()
        todo = list(up[term])
        while todo:
            t = todo.pop()
            if t not in seen and t != term:
                seen.add(t)
                todo.extend(up.get(t, ()))
        out[term] = seen
    return out


def hierarchy() -> tuple[dict, dict]:
    """(super-classes, super-properties) of the ontology's terms, transitively closed."""
    onto = ontology_triples()
    classes = closure([(t.subject, t.object) for t in onto if t.predicate == SUBCLASS
                       and isinstance(t.object, ox.NamedNode)])
    props = closure([(t.subject, t.object) for t in onto if t.predicate == SUBPROPERTY
                     and isinstance(t.object, ox.NamedNode)])
    return classes, props


def query_view(triples: set[ox.Triple]) -> set[ox.Triple]:
    """The data triples, the ontology and the RDFS entailments of the hierarchy (rdfs7, rdfs9) as one set."""
    super_classes, super_props = hierarchy()
    out = set(triples)
    out.update(ontology_triples())
    for t in list(out):
        if t.predicate == RDF_TYPE and t.object in super_classes:
            out.update(ox.Triple(t.subject, RDF_TYPE, c) for c in super_classes[t.object])
        elif t.predicate in super_props:
            out.update(ox.Triple(t.subject, p, t.object) for p in super_props[t.predicate])
    return out


def add_query_view(store: ox.Store) -> int:
    """Write the query view of everything in ``store`` into :data:`UNION_GRAPH` (replacing an older one);
    the number of its triples. Call it again after the store changes."""
    triples = {q.triple for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != UNION_GRAPH}
    view = query_view(triples)
    if store.contains_named_graph(UNION_GRAPH):
        store.remove_graph(UNION_GRAPH)
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, UNION_GRAPH) for t in sorted(view, key=str))
    return len(view)


def has_query_view(store: ox.Store) -> bool:
    """Whether :func:`add_query_view` wrote the union graph into ``store``."""
    return store.contains_named_graph(UNION_GRAPH)
