"""Updates through `kg serve` keep a store's query view: updated from the changes of INSERT DATA / DELETE DATA
and DROP / CLEAR GRAPH operations (never written whole for them), written whole after any other update; always equal to the view
written whole."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.sparql.entail as entail
from kg.sparql.entail import UNION_GRAPH, add_query_view
from kg.sparql.jobs import run_job
from kg.sparql.store import Store
from kg.sparql.updatediff import data_blocks, data_changes

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
EX = "http://example.org/"
KG = "https://w3id.org/newskg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def q(s: str, p: str, o: ox.NamedNode | ox.Literal, g: str | None = None) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(g) if g else ox.DefaultGraph())


def test_data_operations_are_read_with_their_prefixes():
    update = (f"PREFIX ex: <{EX}>\n"
              "INSERT DATA { ex:a ex:says \"a } brace and INSERT DATA { words\" . "
              "GRAPH ex:g { ex:a a kg:Person } } ;\n"
              "BASE <http://example.org/base/>\n"
              "DELETE DATA { GRAPH <g2> { <x> ex:n 3 } }")
    assert [op for op, _, _ in data_blocks(update)] == ["INSERT", "DELETE"]
    changes = data_changes(update)
    assert set(changes.inserted) == {
        q(EX + "a", EX + "says", ox.Literal("a } brace and INSERT DATA { words")),
        q(EX + "a", str(RDF_TYPE.value), ox.NamedNode(KG + "Person"), EX + "g")}
    assert changes.deleted == (ox.Quad(ox.NamedNode(EX + "base/x"), ox.NamedNode(EX + "n"),
                                       ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                                       ox.NamedNode(EX + "base/g2")),)


def test_triples_around_graph_blocks_go_to_the_default_graph():
    e = f"<{EX}a> <{EX}b>"
    changes = data_changes(f"INSERT DATA {{ {e} 1 . GRAPH <{EX}g> {{ {e} 2 }} . {e} 3 GRAPH <{EX}h> {{ {e} 4 . }} }}")
    assert [(x.object.value, x.graph_name) for x in changes.inserted] == [
        ("1", ox.DefaultGraph()), ("2", ox.NamedNode(EX + "g")), ("3", ox.DefaultGraph()), ("4", ox.NamedNode(EX + "h"))]


@pytest.mark.parametrize("update", [
    "DELETE WHERE { ?s ?p ?o }",
    f"INSERT {{ <{EX}a> <{EX}b> ?o }} WHERE {{ ?s ?p ?o }}",
    f"DELETE DATA {{ <{EX}a> <{EX}b> <{EX}c> }} ; DROP ALL",
    "CLEAR DEFAULT",
    "DROP GRAPH ex:g",                                               # a prefixed name: not read here
    f"DROP GRAPH <{EX}g> <{EX}h>",
    f"LOAD <{EX}file.ttl>",
    "CLEAR ALL",
    f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> ",                   # unbalanced
    f"INSERT DATA {{ <{EX}a> <{EX}b> ?var }}",                      # not data: the TriG parser refuses it
    "",
])
def test_any_other_update_is_not_read_as_data(update):
    assert data_changes(update) is None


@pytest.fixture
def store_dir(tmp_path):
    with Store(tmp_path / "st") as st:
        st.load_file(SAMPLE)
        add_query_view(st.ox)
    return tmp_path / "st"


def view_of(store: ox.Store) -> set[ox.Triple]:
    return {x.triple for x in store.quads_for_pattern(None, None, None, UNION_GRAPH)}


def written_whole(store: ox.Store) -> set[ox.Triple]:
    fresh = ox.Store()
    fresh.extend(x for x in store.quads_for_pattern(None, None, None, None) if x.graph_name != UNION_GRAPH)
    add_query_view(fresh)
    return view_of(fresh)


def update(path: Path, text: str) -> None:
    header, _ = run_job({"op": "update", "allow_service": []}, text, None, path)
    assert header["status"] == 204, header


def test_data_updates_keep_the_view_without_writing_it_whole(store_dir, monkeypatch):
    calls = []
    real = entail.add_query_view
    monkeypatch.setattr(entail, "add_query_view", lambda store: calls.append(1) or real(store))
    with Store(store_dir, read_only=True) as st:
        some = next(x for x in st.ox.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                                                       None, None) if x.graph_name != UNION_GRAPH)
        before = [x for x in st.ox if x.graph_name != UNION_GRAPH]
    lines = [
        f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}x> a kg:Person ; kg:memberOf <{EX}y> }} }}",
        f"DELETE DATA {{ GRAPH {some.graph_name} {{ {some.subject} {some.predicate} {some.object} }} }}",
        # inserted, then deleted by the same update: gone from the view too
        f"INSERT DATA {{ <{EX}z> a kg:Country }} ; DELETE DATA {{ <{EX}z> a kg:Country }}",
        f"DELETE DATA {{ GRAPH <{EX}g> {{ <{EX}x> a kg:Person }} }}",
        # a document graph dropped (kg push --replace), another cleared and written again
        f"DROP SILENT GRAPH {some.graph_name}",
        f"CLEAR GRAPH <{EX}g> ; INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}x> a kg:Country }} }}",
    ]
    for text in lines:
        update(store_dir, text)
        with Store(store_dir, read_only=True) as st:
            assert view_of(st.ox) == written_whole(st.ox), text
    with Store(store_dir, read_only=True) as st:
        got = view_of(st.ox)
    x = ox.NamedNode(EX + "x")
    assert ox.Triple(x, RDF_TYPE, ox.NamedNode(KG + "Actor")) in got               # entailed from kg:Country
    assert ox.Triple(x, RDF_TYPE, ox.NamedNode(KG + "Person")) not in got
    assert not any(t.subject == x and t.predicate == ox.NamedNode(KG + "memberOf") for t in got)   # cleared
    assert not any(t.subject == ox.NamedNode(EX + "z") for t in got)
    assert not any(t.subject == some.subject and t.predicate == some.predicate and t.object == some.object
                   for t in got) or any(x.triple == some.triple for x in before if x.graph_name != some.graph_name)
    assert calls == []


def test_other_updates_write_the_view_whole(store_dir, monkeypatch):
    calls = []
    real = entail.add_query_view
    monkeypatch.setattr(entail, "add_query_view", lambda store: calls.append(1) or real(store))
    update(store_dir, "DELETE WHERE { GRAPH ?g { ?s a kg:Person } }")
    # data written into the view itself is undone: the view is derived
    update(store_dir, f"INSERT DATA {{ GRAPH {UNION_GRAPH} {{ <{EX}v> a kg:Person }} }}")
    with Store(store_dir, read_only=True) as st:
        assert view_of(st.ox) == written_whole(st.ox)
        assert not any(t.subject == ox.NamedNode(EX + "v") for t in view_of(st.ox))
    assert calls == [1, 1]
