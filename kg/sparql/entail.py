"""The query view of a graph: the union default graph as a set, with the ontology's class and property hierarchy.

SPARQL engines disagree on what the default graph of a quad store is. newskg's answer, for `kg query` on a
graph file (or standard input) and wherever :func:`add_query_view` was called on a store:

- the default graph is the **set** union of every graph (a triple repeated in three document graphs is
  one triple, so a plain ``SELECT`` gives no duplicate rows), kept in the named graph :data:`UNION_GRAPH`,
  which :func:`kg.sparql.query.run_local` uses as the default graph and hides from ``GRAPH ?g``;
- it also holds the ontology (``kg/ontology/newskg.ttl``) and the RDFS entailments of its hierarchy over the
  data: ``rdf:type`` for every super-class (``?x a kg:Actor`` finds persons, countries, groups, …) and
  the super-properties of every relation (``?a kg:relation ?b``, ``prov:wasAttributedTo``, …).

The named (document) graphs are left exactly as they were built.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from itertools import chain
from typing import Iterable, Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import URIRef

from .. import namespaces

UNION_GRAPH = ox.NamedNode(str(namespaces.UNION_GRAPH))
"""The graph that holds the query view (the set union, the ontology and its entailments)."""
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
SUBPROPERTY = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")


@lru_cache(maxsize=1)
def ontology_triples() -> tuple[ox.Triple, ...]:
    """The triples of kg/ontology/newskg.ttl (empty when the package was installed without it).

    Its blank nodes (the ``owl:oneOf`` lists) are named after the file's hash and their order in it: Oxigraph's
    parser names them at random, which made a query view written by one process look like another ontology
    to every later process (rebuilt whole on its first update)."""
    from ..graph.validate import ontology_file

    try:
        path = ontology_file("newskg.ttl")
    except FileNotFoundError:
        return ()
    data = path.read_bytes()
    return stable_blank_nodes((q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)),
                              "onto" + hashlib.sha256(data).hexdigest()[:16])


def stable_blank_nodes(triples: Iterable[ox.Triple], prefix: str) -> tuple[ox.Triple, ...]:
    """The triples with each blank node renamed ``<prefix>b<n>`` in order of first appearance."""
    names: dict[str, ox.BlankNode] = {}

    def name(term):
        if not isinstance(term, ox.BlankNode):
            return term
        if term.value not in names:
            names[term.value] = ox.BlankNode(f"{prefix}b{len(names)}")
        return names[term.value]

    return tuple(ox.Triple(name(t.subject), t.predicate, name(t.object)) for t in triples)


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


def view_quads(triples: Iterable[ox.Triple], super_classes: dict, super_props: dict) -> Iterator[ox.Quad]:
    """Each triple and what rules rdfs7 and rdfs9 entail from it, as quads of :data:`UNION_GRAPH` (a triple
    may come more than once: a store is a set)."""
    for t in triples:
        s, p, o = t.subject, t.predicate, t.object
        yield ox.Quad(s, p, o, UNION_GRAPH)
        if p == RDF_TYPE:
            for c in super_classes.get(o, ()):
                yield ox.Quad(s, RDF_TYPE, c, UNION_GRAPH)
        else:
            for sup in super_props.get(p, ()):
                yield ox.Quad(s, sup, o, UNION_GRAPH)


def count_graph(store: ox.Store, graph: ox.NamedNode) -> int:
    """The number of triples in one graph of ``store`` (counted by Oxigraph, no term decoded)."""
    sol = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")))
    return int(sol["n"].value)


def extend_query_view(store: ox.Store, triples: Iterable[ox.Triple]) -> None:
    """Add these triples and their entailments to the query view (for triples just added to the store's
    graphs; nothing is removed). Streamed into Oxigraph's bulk loader: memory stays flat."""
    super_classes, super_props = hierarchy()
    store.bulk_extend(view_quads(triples, super_classes, super_props))


def add_query_view(store: ox.Store) -> int:
    """Write the query view of everything in ``store`` into :data:`UNION_GRAPH` (replacing an older one);
    the number of its triples. Call it again after the store changes.

    The store's quads are read once and streamed, with their entailments, into Oxigraph's bulk loader (which
    reads a snapshot of the store), so memory stays flat in the size of the store."""
    if store.contains_named_graph(UNION_GRAPH):
        store.remove_graph(UNION_GRAPH)
    data = (q.triple for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != UNION_GRAPH)
    extend_query_view(store, chain(ontology_triples(), data))
    return count_graph(store, UNION_GRAPH)


def has_query_view(store: ox.Store) -> bool:
    """Whether :func:`add_query_view` wrote the union graph into ``store``."""
    return store.contains_named_graph(UNION_GRAPH)


# --- the query view inside a store directory, kept up to date by `kg build --store` ----------------

def entailed(t: ox.Triple, super_classes: dict, super_props: dict) -> set[ox.Triple]:
    """A triple and what rules rdfs7 and rdfs9 entail from it alone (the query view is the union of these)."""
    out = {t}
    if t.predicate == RDF_TYPE and t.object in super_classes:
        out.update(ox.Triple(t.subject, RDF_TYPE, c) for c in super_classes[t.object])
    elif t.predicate in super_props:
        out.update(ox.Triple(t.subject, p, t.object) for p in super_props[t.predicate])
    return out


def graph_triples(store: ox.Store, graphs: Iterable[ox.NamedNode]) -> set[ox.Triple]:
    """The triples of these named graphs of ``store`` (the union graph itself left out)."""
    return {q.triple for g in set(graphs) if g != UNION_GRAPH
            for q in store.quads_for_pattern(None, None, None, g)}


def _supported(store: ox.Store, t: ox.Triple, super_classes: dict, super_props: dict) -> bool:
    """Whether a triple of some graph other than the union graph still gives ``t``."""
    pattern = (t.subject, RDF_TYPE, None) if t.predicate == RDF_TYPE else (t.subject, None, t.object)
    for q in store.quads_for_pattern(*pattern, None):
        if q.graph_name != UNION_GRAPH and t in entailed(q.triple, super_classes, super_props):
            return True
    return False


def _has_blank(triples: Iterable[ox.Triple]) -> bool:
    return any(isinstance(x, ox.BlankNode) for t in triples for x in (t.subject, t.object))


def update_query_view(store: ox.Store, removed: set[ox.Triple], added: set[ox.Triple]) -> str:
    """Bring the :data:`UNION_GRAPH` of a store up to date after its named graphs changed: ``removed`` are
    the triples the changed graphs held before, ``added`` those they hold now. One transaction; the view is
    rebuilt whole (:func:`add_query_view`) when it is missing, its ontology part is not the current
    ontology, or a blank node is involved. Returns "updated" or "rebuilt"."""
    super_classes, super_props = hierarchy()
    onto = query_view(set())
    if not has_query_view(store) or any(not ox.Quad(t.subject, t.predicate, t.object, UNION_GRAPH) in store
                                        for t in onto) or _has_blank(removed) or _has_blank(added):
        add_query_view(store)
        return "rebuilt"
    gained: set[ox.Triple] = set()
    for t in added:
        gained |= entailed(t, super_classes, super_props)
    lost: set[ox.Triple] = set()
    for t in removed:
        lost |= entailed(t, super_classes, super_props)
    drop = sorted((t for t in lost - gained - onto if not _supported(store, t, super_classes, super_props)), key=str)
    new = sorted((t for t in gained if not ox.Quad(t.subject, t.predicate, t.object, UNION_GRAPH) in store),
                 key=str)
    parts = []
    # Terms are written by Oxigraph's serialiser, so no text can escape its literal.
    if drop:
        parts.append(f"DELETE DATA {{ GRAPH {UNION_GRAPH} {{\n" + " .\n".join(
            f"{t.subject} {t.predicate} {t.object}" for t in drop) + "\n} }")
    if new:
        parts.append(f"INSERT DATA {{ GRAPH {UNION_GRAPH} {{\n" + " .\n".join(
            f"{t.subject} {t.predicate} {t.object}" for t in new) + "\n} }")
    if parts:
        store.update(" ;\n".join(parts))
    return "updated"


# --- rdflib access to a store, without the query view --------------------------------------------

def _document_store_class():
    from oxrdflib import OxigraphStore

    class DocumentStore(OxigraphStore):
        """oxrdflib's store with :data:`UNION_GRAPH` hidden: what was built, not the query view."""

        def triples(self, triple_pattern, context=None):  # noqa: ANN001, ANN201 - rdflib's signature
            if context is not None and getattr(context, "identifier", context) == URIRef(UNION_GRAPH.value):
                return iter(())
            return self._hide(super().triples(triple_pattern, context))

        @staticmethod
        def _hide(found):  # noqa: ANN001, ANN205
            for t, ctxs in found:
                cs = list(ctxs)
                if not any(getattr(c, "identifier", c) == URIRef(UNION_GRAPH.value) for c in cs):
                    yield t, iter(cs)

        def contexts(self, triple=None):  # noqa: ANN001, ANN201
            return (g for g in super().contexts(triple) if getattr(g, "identifier", g) != URIRef(UNION_GRAPH.value))

        def __len__(self, context=None) -> int:  # noqa: ANN001
            if context is not None:
                return super().__len__(context)
            return len({t for t, _ in self.triples((None, None, None))})

        def query(self, query, initNs, initBindings, queryGraph, **kwargs):  # noqa: ANN001, ANN201, N803
            if queryGraph != "__UNION__" or not self._inner.contains_named_graph(UNION_GRAPH):
                return super().query(query, initNs, initBindings, queryGraph, **kwargs)
            from rdflib.query import Result
            from rdflib.term import Variable

            from .store import from_ox, to_ox
            graphs = [g for g in self._inner.named_graphs() if g != UNION_GRAPH]
            res = self._inner.query(query, default_graph=graphs, named_graphs=graphs,
                                    prefixes=dict(self._namespace_for_prefix, **initNs),
                                    substitutions={ox.Variable(k): to_ox(v) for k, v in initBindings.items()})
            if isinstance(res, ox.QueryBoolean):
                out = Result("ASK")
                out.askAnswer = bool(res)
            elif isinstance(res, ox.QuerySolutions):
                out = Result("SELECT")
                out.vars = [Variable(v.value) for v in res.variables]
                out.bindings = [{v: from_ox(val) for v, val in zip(out.vars, sol) if val is not None} for sol in res]
            else:
                from rdflib import Graph
                out = Result("CONSTRUCT")
                out.graph = Graph()
                for t in res:
                    out.graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
            return out

    return DocumentStore


def document_dataset(store: ox.Store):  # -> rdflib.Dataset
    """An rdflib Dataset over an Oxigraph store without its query view (:data:`UNION_GRAPH` hidden): the
    default graph is the union of the document graphs, as for a graph file."""
    from rdflib import Dataset

    from ..namespaces import bind_prefixes

    ds = Dataset(store=_document_store_class()(store=store), default_union=True)
    bind_prefixes(ds)
    return ds


def without_query_view(quads: Iterable[ox.Quad]) -> Iterable[ox.Quad]:
    """The quads that are not in :data:`UNION_GRAPH` (for exports and pushes of a store)."""
    return (q for q in quads if q.graph_name != UNION_GRAPH)
