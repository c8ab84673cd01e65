"""The default graph as a set with the ontology hierarchy, everywhere: `kg serve` on a file, and a store
directory, where `kg build --store` keeps the query view (kg.sparql.entail.UNION_GRAPH) up to date."""
from __future__ import annotations

import gc
import json
import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

import kg.cli.build  # noqa: F401  (registers the commands)
import kg.cli.sparql  # noqa: F401
from kg.cli.app import app
from kg.sparql.endpoint import EndpointConfig, create_app
from kg.sparql.entail import UNION_GRAPH, add_query_view, graph_triples, update_query_view
from kg.sparql.store import Store, memory_store

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
ALL = "SELECT * WHERE { ?s ?p ?o }"
DISTINCT = "SELECT DISTINCT * WHERE { ?s ?p ?o }"
ACTORS = "SELECT DISTINCT ?x WHERE { ?x a kg:Actor }"
ARTICLES = {
    "a.txt": "Russian jets struck rebel positions near Aleppo on Tuesday, the ministry in Moscow said.\n",
    "b.txt": "Russia and Iran support the Syrian government, officials in Tehran said on Monday.\n",
    "c.txt": "Turkey and Qatar support the opposition, the ministers said in Ankara.\n",
}


def kg(*args, stdin=None):
    r = CliRunner().invoke(app, [*map(str, args)], input=stdin)
    gc.collect()
    return r


def rows(r) -> list[dict]:
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["results"]["bindings"]


def view_of(store: ox.Store) -> set:
    return {q.triple for q in store.quads_for_pattern(None, None, None, UNION_GRAPH)}


# --- kg serve on a graph file ------------------------------------------------------------------

def test_serve_on_a_file_has_the_set_union_and_the_hierarchy():
    c = TestClient(create_app(SAMPLE, EndpointConfig()))
    with c:
        got = c.get("/sparql", params={"query": ALL}, headers={"Accept": "application/sparql-results+json"})
        distinct = c.get("/sparql", params={"query": DISTINCT}, headers={"Accept": "application/sparql-results+json"})
        actors = c.get("/sparql", params={"query": ACTORS}, headers={"Accept": "application/sparql-results+json"})
        graphs = c.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
                       headers={"Accept": "application/sparql-results+json"})
    n, m = len(got.json()["results"]["bindings"]), len(distinct.json()["results"]["bindings"])
    plain = memory_store(SAMPLE)
    assert n == m and n > len({q.triple for q in plain})            # a set, with the ontology added
    assert len(actors.json()["results"]["bindings"]) > 0           # no data triple says `a kg:Actor`
    assert UNION_GRAPH.value not in {b["g"]["value"] for b in graphs.json()["results"]["bindings"]}


# --- the store's union graph, maintained incrementally -----------------------------------------

def test_incremental_update_equals_a_full_rebuild():
    """Random replacements and removals of document graphs: the updated view is the view rebuilt whole."""
    src = memory_store(SAMPLE)
    docs = sorted({q.graph_name for q in src if isinstance(q.graph_name, ox.NamedNode)}, key=str)
    pool = [q.triple for q in src]
    rnd = random.Random(7)
    store = memory_store(SAMPLE)
    assert update_query_view(store, set(), set()) == "rebuilt"      # none yet: made whole
    for step in range(12):
        g = rnd.choice(docs + [ox.NamedNode(f"http://example.org/g{step}")])
        before = graph_triples(store, [g])
        store.remove_graph(g) if store.contains_named_graph(g) else None
        if rnd.random() < 0.7:
            store.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in rnd.sample(pool, 40))
        after = graph_triples(store, [g])
        assert update_query_view(store, before - after, after - before) == "updated"
        full = ox.Store()
        full.extend(q for q in store if q.graph_name != UNION_GRAPH)
        add_query_view(full)
        assert view_of(store) == view_of(full), step


def test_a_stale_ontology_part_rebuilds_the_view():
    store = memory_store(SAMPLE)
    add_query_view(store)
    some = next(iter(store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                                             None, UNION_GRAPH)))
    onto = [q for q in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                                                None, UNION_GRAPH)]
    store.remove(onto[0])
    assert some in store and update_query_view(store, set(), set()) == "rebuilt" and onto[0] in store


def test_a_view_written_by_another_process_is_updated_not_rebuilt(tmp_path):
    """The ontology's blank nodes (its owl:oneOf lists) get the same names in every process, so a later
    build's first update of a store's view does not take the view for a stale one and rebuild it whole."""
    import subprocess
    import sys

    code = ("import sys; from kg.sparql.store import Store; from kg.sparql.entail import add_query_view\n"
            "st = Store(sys.argv[1]); st.load_file(sys.argv[2]); add_query_view(st.ox); st.close()")
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "st"), str(SAMPLE)], check=True)
    with Store(tmp_path / "st") as st:
        before = view_of(st.ox)
        assert update_query_view(st.ox, set(), set()) == "updated" and view_of(st.ox) == before


def build_store(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    r = kg("build", src, "--store", tmp_path / "st", "--quiet")
    assert r.exit_code == 0, r.output
    return src


def test_kg_query_on_a_store_has_no_duplicate_rows_and_the_hierarchy(tmp_path):
    src = build_store(tmp_path)
    st = tmp_path / "st"
    n = len(rows(kg("query", ALL, "--data", st, "-f", "json")))
    assert n == len(rows(kg("query", DISTINCT, "--data", st, "-f", "json")))
    assert len(rows(kg("query", ACTORS, "--data", st, "-f", "json"))) >= 3
    # an edited article and a removed one: the view follows, and still equals the view rebuilt whole
    (src / "b.txt").write_text("Iran strikes targets near Idlib, the ministry in Tehran said.\n", encoding="utf-8")
    r = kg("build", src, "--store", st, "--quiet")
    assert r.exit_code == 0 and "replaced 1 earlier version" in r.output, r.output
    with Store(st, read_only=True) as s:
        full = ox.Store()
        full.extend(q for q in s.ox if q.graph_name != UNION_GRAPH)
        add_query_view(full)
        assert view_of(s.ox) == view_of(full)
    gc.collect()
    assert len(rows(kg("query", ALL, "--data", st, "-f", "json"))) == \
        len(rows(kg("query", DISTINCT, "--data", st, "-f", "json")))
    # what the store gives to rdflib, exports and SHACL is what was built, not the view
    r = kg("export", st, "-f", "nquads")
    assert r.exit_code == 0 and UNION_GRAPH.value not in r.stdout and "/ontology#Actor> <" not in r.stdout
    assert kg("validate", st).exit_code == 0
    with Store(st, read_only=True) as s:
        assert UNION_GRAPH.value not in {str(g.identifier) for g in s.dataset().graphs()}
        assert len(s.dataset().query(DISTINCT)) < len(view_of(s.ox))


def test_serve_on_a_store_uses_the_view_and_updates_refresh_it(tmp_path):
    build_store(tmp_path)
    c = TestClient(create_app(tmp_path / "st", EndpointConfig(update_token="t")))
    ask = "ASK { <http://example.org/x> a kg:Actor }"
    hdr = {"Accept": "application/sparql-results+json"}
    with c:
        a = c.get("/sparql", params={"query": ALL}, headers=hdr).json()["results"]["bindings"]
        b = c.get("/sparql", params={"query": DISTINCT}, headers=hdr).json()["results"]["bindings"]
        assert len(a) == len(b)
        upd = ("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/x> a "
               "<https://w3id.org/newskg/ontology#Person> } }")
        assert c.post("/sparql", data={"update": upd}, headers={"Authorization": "Bearer t"}).status_code == 204
        assert c.get("/sparql", params={"query": ask}, headers=hdr).json()["boolean"] is True
