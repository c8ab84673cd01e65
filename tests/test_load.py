"""`kg load`: graph files bulk-loaded into a store, each named graph replacing its earlier version, the files
checked whole first, and the store's query view kept equal to the view written whole."""
from __future__ import annotations

import gc
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg.cli.sparql  # noqa: F401  (registers the commands)
import kg.sparql.store as store_module
from kg.cli.app import app
from kg.sparql.bulkload import check_file, graph_files, load_files
from kg.sparql.entail import UNION_GRAPH, add_query_view, has_query_view
from kg.sparql.store import Store, memory_store

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
EX = "http://example.org/"
ACTORS = "SELECT DISTINCT ?x WHERE { ?x a kg:Actor } ORDER BY ?x"


def kg(*args):
    r = CliRunner().invoke(app, [*map(str, args)])
    gc.collect()
    return r


def nquads(path: Path, quads) -> Path:
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    return path


def sample_nq(tmp_path: Path) -> Path:
    return nquads(tmp_path / "sample.nq", list(memory_store(SAMPLE)))


def data_quads(store: ox.Store) -> set[ox.Quad]:
    return {q for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != UNION_GRAPH}


def view_of(store: ox.Store) -> set[ox.Triple]:
    return {q.triple for q in store.quads_for_pattern(None, None, None, UNION_GRAPH)}


def view_written_whole(store: ox.Store) -> set[ox.Triple]:
    """The query view of the store's data, written whole into a fresh in-memory store."""
    fresh = ox.Store()
    fresh.extend(data_quads(store))
    add_query_view(fresh)
    return view_of(fresh)


def rows(r) -> list[dict]:
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["results"]["bindings"]


def test_load_into_a_new_store_answers_as_the_file_does(tmp_path, monkeypatch):
    # small pieces, so that the concurrent bulk load of a big N-Quads file is what runs
    monkeypatch.setattr(store_module, "PARALLEL_LOAD_BYTES", 1)
    monkeypatch.setattr(store_module, "LOAD_CHUNK_BYTES", 4096)
    nq = sample_nq(tmp_path)
    r = kg("load", tmp_path / "st", nq)
    assert r.exit_code == 0, r.output
    assert "loaded 1 file(s)" in r.output and "0 replaced" in r.output and "query view written" in r.output
    with Store(tmp_path / "st", read_only=True) as st:
        assert data_quads(st.ox) == set(memory_store(SAMPLE))
        assert view_of(st.ox) == view_written_whole(st.ox)
    assert rows(kg("query", ACTORS, "-d", tmp_path / "st", "-f", "json")) == \
        rows(kg("query", ACTORS, "-d", SAMPLE, "-f", "json"))


def test_a_graph_loaded_again_replaces_its_earlier_version(tmp_path):
    nq = sample_nq(tmp_path)
    quads = list(memory_store(SAMPLE))
    graph = sorted({q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}, key=str)[0]
    old = [q for q in quads if q.graph_name == graph]
    # the document built again: one triple gone, one new one with a type (so the view gains entailments)
    new = old[1:] + [ox.Quad(ox.NamedNode(EX + "x"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                             ox.NamedNode("https://w3id.org/newskg/ontology#Person"), graph)]
    again = nquads(tmp_path / "again.nq", new)
    with Store(tmp_path / "st") as st:
        first = load_files(st, [nq])
        report = load_files(st, [again])
        assert (first.view, report.view, report.replaced, report.graphs) == ("written", "updated", 1, 1)
        assert {q for q in data_quads(st.ox) if q.graph_name == graph} == set(new)
        assert {q for q in data_quads(st.ox) if q.graph_name != graph} == {q for q in quads if q.graph_name != graph}
        assert view_of(st.ox) == view_written_whole(st.ox)
        assert ox.Triple(ox.NamedNode(EX + "x"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                         ox.NamedNode("https://w3id.org/newskg/ontology#Actor")) in view_of(st.ox)


def test_a_bad_file_is_reported_before_anything_is_loaded(tmp_path):
    good = sample_nq(tmp_path)
    with Store(tmp_path / "st") as st:
        load_files(st, [good])
        before = set(st.ox)
    bad = tmp_path / "bad.nq"
    bad.write_text(f"<{EX}a> <{EX}b> <{EX}c> <{EX}g> .\n<{EX}a> <{EX}b> \"unclosed <{EX}g> .\n", encoding="utf-8")
    r = kg("load", tmp_path / "st", good, bad)
    assert r.exit_code == 1 and r.output.startswith("error: ") and "bad.nq: not a valid nquads file" in r.output
    assert len(r.output.strip().splitlines()) == 1
    with Store(tmp_path / "st", read_only=True) as st:
        assert set(st.ox) == before


@pytest.mark.parametrize("name, message", [
    ("missing.nq", "no such graph file or folder"),
    ("notes.txt", "unknown graph file extension"),
    ("empty_folder", "no graph file in this folder"),
])
def test_inputs_that_are_not_graph_files(tmp_path, name, message):
    if name == "notes.txt":
        (tmp_path / name).write_text("hello", encoding="utf-8")
    if name == "empty_folder":
        (tmp_path / name).mkdir()
    r = kg("load", tmp_path / "st", tmp_path / name)
    assert r.exit_code == 1 and message in r.output


def test_a_folder_loads_its_graph_files_once_each(tmp_path):
    folder = tmp_path / "shards"
    folder.mkdir()
    quads = list(memory_store(SAMPLE))
    half = len(quads) // 2
    a = nquads(folder / "part-1.nq", quads[:half])
    nquads(folder / "part-2.nq", quads[half:])
    (folder / "README.txt").write_text("not a graph", encoding="utf-8")
    (folder / "meta.json").write_text('{"not": "a graph"}', encoding="utf-8")
    (folder / ".part-3.nq").write_text("half-written", encoding="utf-8")
    assert graph_files([folder, a]) == [a, folder / "part-2.nq"]
    with Store(tmp_path / "st") as st:
        report = load_files(st, [folder, a])
        assert len(report.files) == 2 and report.quads == len(quads)
        assert data_quads(st.ox) == set(quads)


def test_without_a_query_view_unless_the_store_has_one(tmp_path):
    nq = sample_nq(tmp_path)
    with Store(tmp_path / "st") as st:
        assert load_files(st, [nq], query_view=False).view == "none" and not has_query_view(st.ox)
    r = kg("load", tmp_path / "st", nq, "--no-query-view")
    assert r.exit_code == 0 and "query view none" in r.output
    # a store with data but no view gets one written whole; from then on it is kept
    with Store(tmp_path / "st") as st:
        assert load_files(st, [nq]).view == "written" and view_of(st.ox) == view_written_whole(st.ox)
        assert load_files(st, [nq], query_view=False).view == "updated" and view_of(st.ox) == view_written_whole(st.ox)


def test_blank_nodes_get_the_view_written_from_the_store(tmp_path):
    ttl = tmp_path / "people.ttl"
    ttl.write_text("@prefix kg: <https://w3id.org/newskg/ontology#> .\n"
                   f"<{EX}a> kg:memberOf [ a kg:Organization ; <http://www.w3.org/2000/01/rdf-schema#label> \"x\" ] .\n",
                   encoding="utf-8")
    assert check_file(ttl).blank_nodes and not check_file(sample_nq(tmp_path)).blank_nodes
    with Store(tmp_path / "st") as st:
        load_files(st, [tmp_path / "sample.nq"])
        report = load_files(st, [ttl])
        assert report.view == "written" and report.graphs == 0
        assert view_of(st.ox) == view_written_whole(st.ox)
        assert len([q for q in st.ox.quads_for_pattern(None, None, None, ox.DefaultGraph())]) == 3


def test_a_file_holding_the_query_view_graph_is_refused(tmp_path):
    st = memory_store(SAMPLE)
    add_query_view(st)
    dump = nquads(tmp_path / "dump.nq", list(st))
    r = kg("load", tmp_path / "st", dump)
    assert r.exit_code == 1 and "holds the query view graph" in r.output
    assert not (tmp_path / "st").exists()          # the store it would have made is not left behind
