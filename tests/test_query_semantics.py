"""What a SPARQL user expects of `kg query` on a graph file: the default graph is a set (the union of the
document graphs, each triple once) and the ontology's class and property hierarchy is there."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

import kg.cli.sparql  # noqa: F401
from kg.cli.app import app
from kg.sparql.entail import UNION_GRAPH, add_query_view, closure, hierarchy
from kg.graph.io import load_dataset
from kg.sparql.query import run_local
from kg.sparql.store import memory_store

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
runner = CliRunner()
DISTINCT_TRIPLES = len(set(load_dataset(SAMPLE).triples((None, None, None))))


def rows(query: str, data: Path = SAMPLE) -> list[list[str]]:
    r = runner.invoke(app, ["query", query, "--data", str(data), "-f", "csv"])
    assert r.exit_code == 0, r.stderr
    return list(csv.reader(io.StringIO(r.stdout)))[1:]


def test_plain_select_over_the_default_graph_has_no_duplicate_rows():
    got = rows("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (!STRSTARTS(STR(?s), 'https://w3id.org/newskg/ontology#')) }")
    # the sample repeats actor triples in several document graphs: 373 quads, 332 distinct triples
    assert DISTINCT_TRIPLES == 332
    data = [r for r in got if not r[0].startswith(("http://www.w3.org/", "https://schema.org/"))]
    assert len(data) == len({tuple(r) for r in data})
    # every data triple is there once (plus the entailed ones)
    assert len({tuple(r) for r in data}) >= DISTINCT_TRIPLES


def test_graph_patterns_still_see_each_document_graph():
    got = rows("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    assert [int(n) for _, n in got] == [127, 134, 112]  # the union graph is not one of them
    assert all(g != UNION_GRAPH.value for g, _ in got)
    # a GRAPH pattern inside a sub-select or EXISTS, in lower case, is one too
    nested = rows("select (count(*) as ?n) where { ?s ?p ?o filter exists { graph ?g { ?s ?p ?o } } }")
    every = rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(nested[0][0]) < int(every[0][0])        # the ontology and entailments are in no document graph


def test_only_a_graph_pattern_reads_named_graphs():
    from kg.sparql.query import reads_named_graphs

    assert reads_named_graphs("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert reads_named_graphs("ask { filter exists { graph <http://e/g> { ?s ?p ?o } } }")
    assert not reads_named_graphs("SELECT * WHERE { ?s ?p 'GRAPH' } # GRAPH ?g")
    assert not reads_named_graphs("SELECT ?graph WHERE { ?graph <http://e/GRAPH> ex:graph }")


def test_actor_superclass_and_relation_superproperty():
    actors = rows("SELECT DISTINCT ?a WHERE { ?a a kg:Actor }")
    expected = {r[0] for r in rows("SELECT DISTINCT ?a WHERE { ?a a ?c . VALUES ?c { kg:Person kg:Country "
                                   "kg:ArmedGroup kg:InternationalOrganization kg:Coalition kg:Organization } }")}
    assert {r[0] for r in actors} == expected and len(expected) >= 10
    rel = rows("SELECT DISTINCT ?b WHERE { actor:russia kg:relation ?b }")
    assert {"https://w3id.org/newskg/id/actor/islamic-state", "https://w3id.org/newskg/id/actor/syria"} <= {
        r[0] for r in rel}


def test_ask_the_ontology():
    r = runner.invoke(app, ["query", "ASK { kg:Person rdfs:subClassOf kg:Actor }", "--data", str(SAMPLE), "-f", "csv"])
    assert r.stdout.strip() == "true"


def test_closure_is_transitive_and_acyclic_safe():
    a, b, c = (ox.NamedNode(f"http://x/{n}") for n in "abc")
    assert closure([(a, b), (b, c), (c, a)]) == {a: {b, c}, b: {c, a}, c: {a, b}}
    classes, props = hierarchy()
    kg = "https://w3id.org/newskg/ontology#"
    assert ox.NamedNode(kg + "Actor") in classes[ox.NamedNode(kg + "Person")]
    assert ox.NamedNode(kg + "relation") in props[ox.NamedNode(kg + "strikes")]


def test_query_view_is_refreshed_not_stacked():
    store = memory_store(SAMPLE)
    n1 = add_query_view(store)
    n2 = add_query_view(store)
    assert n1 == n2 == sum(1 for _ in store.quads_for_pattern(None, None, None, UNION_GRAPH))
    plain = run_local(memory_store(SAMPLE), "SELECT * WHERE { ?s ?p ?o }")
    assert len(plain.rows) == 373  # without the view: Oxigraph's union repeats shared triples
    viewed = run_local(store, "SELECT * WHERE { ?s ?p ?o }")
    assert len(viewed.rows) == len({tuple(map(str, r)) for r in viewed.rows})
