"""The persistent store: one named graph per document, replace without duplicates or stale triples."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.graph.io import GraphFileError, load_dataset
from kg.namespaces import ACTOR, DOC, KG, RDFS
from kg.sparql.store import Store, is_store_dir, open_dataset

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
DOC_A = DOC["0a1b2c3d4e5f6071"]


def doc_graphs():
    ds = load_dataset(SAMPLE)
    return {g.identifier: g for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)}


@pytest.fixture
def store_dir(tmp_path):
    path = tmp_path / "store"
    with Store(path) as st:
        for iri, g in doc_graphs().items():
            st.replace_graph(iri, g)
    return path


def test_store_holds_one_graph_per_document(store_dir):
    with Store(store_dir, read_only=True) as st:
        assert set(st.graphs()) == set(doc_graphs())
        assert len(st) == sum(len(g) for g in doc_graphs().values()) == 373
        hashes = st.document_hashes()
    assert hashes[str(DOC_A)] == "0a1b2c3d4e5f6071" * 4
    assert len(hashes) == 3
    assert is_store_dir(store_dir)


def test_replace_graph_leaves_nothing_duplicated_or_stale(store_dir):
    graphs = doc_graphs()
    with Store(store_dir) as st:
        before = len(st)
        st.replace_graph(DOC_A, graphs[DOC_A])          # re-building the same article: no duplicates
        assert len(st) == before
        new = Graph()
        new.add((DOC_A, KG.sha256, Literal("f" * 64)))
        new.add((ACTOR["homs"], RDFS.label, Literal("Homs (new)")))
        st.replace_graph(DOC_A, new)                    # a changed article: its old triples are gone
        assert len(st) == before - len(graphs[DOC_A]) + 2
        assert st.document_hashes()[str(DOC_A)] == "f" * 64
        ds = st.dataset()
        labels = {str(x) for x in ds.graph(DOC_A).objects(ACTOR["homs"], RDFS.label)}
        assert labels == {"Homs (new)"}
        # the other documents are untouched
        other = DOC["2c3d4e5f60718293"]
        assert len(ds.graph(other)) == len(graphs[other])


def test_remove_graph(store_dir):
    with Store(store_dir) as st:
        st.remove_graph(DOC_A)
        st.remove_graph(URIRef("https://example.org/absent"))  # removing an absent graph is fine
        assert str(DOC_A) not in st.document_hashes()
        assert DOC_A not in st.graphs()


def test_store_survives_reopening(store_dir):
    with Store(store_dir) as st:
        st.remove_graph(DOC_A)
    with Store(store_dir, read_only=True) as st:
        assert len(st.document_hashes()) == 2
        with pytest.raises(GraphFileError, match="read-only"):
            st.remove_graph(DOC_A)


def test_literals_with_quotes_and_newlines_round_trip(tmp_path):
    nasty = 'He said "strike" } ; DROP ALL\n\\ and <left>'
    g = Graph()
    g.add((DOC["x"], KG.evidence, Literal(nasty)))
    g.add((DOC["x"], RDFS.label, Literal("Moskva", lang="ru")))
    with Store(tmp_path / "s") as st:
        st.replace_graph(DOC["x"], g)
        got = {(str(o), o.language) for o in st.dataset().graph(DOC["x"]).objects(DOC["x"], None)}
    assert got == {(nasty, None), ("Moskva", "ru")}


def test_open_dataset_file_and_store(store_dir):
    from_file = open_dataset(SAMPLE)
    from_store = open_dataset(store_dir)
    q = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/newskg/ontology#Assertion> }"
    assert int(list(from_file.query(q))[0][0]) == int(list(from_store.query(q))[0][0]) == 18
    assert {g.identifier for g in from_store.graphs()} >= set(doc_graphs())


def test_open_dataset_errors(tmp_path):
    with pytest.raises(GraphFileError, match="no such"):
        open_dataset(tmp_path / "missing.trig")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "x.txt").write_text("hello")
    with pytest.raises(GraphFileError, match="not a newskg store"):
        open_dataset(tmp_path / "plain")
    with pytest.raises(GraphFileError):
        Store(tmp_path / "plain")
    with pytest.raises(GraphFileError, match="no store"):
        Store(tmp_path / "nothing-here", read_only=True)


# --- bulk load, N-Quads documents, reopen on change (issue 12) ------------------------------------

NEW_DOC = "https://w3id.org/newskg/id/doc/ffff000011112222"
NEW_QUAD = f'<{NEW_DOC}> <{RDFS.label}> "late \\"news\\"" <{NEW_DOC}> .\n'


def test_bulk_load_nquads_and_dump_lines_round_trip(tmp_path):
    from kg.graph.io import serialize
    nq = tmp_path / "in.nq"
    nq.write_bytes(serialize(load_dataset(SAMPLE), "nquads"))
    with Store(tmp_path / "s") as st:
        st.bulk_load(nq)
        assert len(st) == 373
        lines = sorted(set(x.decode() for x in st.nquads_lines()))
    want = nq.read_text(encoding="utf-8").splitlines(keepends=True)
    # Oxigraph writes decimals canonically (0.80 -> 0.8); everything else comes back as rdflib wrote it
    assert [x for x in lines if "decimal" not in x] == [x for x in want if "decimal" not in x]


def test_big_line_files_load_in_concurrent_pieces_with_the_same_quads(tmp_path, monkeypatch):
    import kg.sparql.store as store_mod
    from kg.graph.io import serialize
    nq = tmp_path / "in.nq"
    nq.write_bytes(serialize(load_dataset(SAMPLE), "nquads"))
    with Store(tmp_path / "whole") as st:
        st.bulk_load(nq)                          # under PARALLEL_LOAD_BYTES: one piece
        whole = sorted(st.nquads_lines())
    calls = []
    real = store_mod.load_lines_concurrently
    monkeypatch.setattr(store_mod, "PARALLEL_LOAD_BYTES", 0)
    monkeypatch.setattr(store_mod, "LOAD_CHUNK_BYTES", 500)      # dozens of pieces, 4 at a time
    monkeypatch.setattr(store_mod, "load_lines_concurrently",
                        lambda *a, **k: (calls.append(a[1]), real(*a, **k)))
    with Store(tmp_path / "pieces") as st:
        st.bulk_load(nq)
        pieces = sorted(st.nquads_lines())
    assert calls == [nq]
    assert pieces == whole and len(whole) == 373
    with nq.open("rb") as stream:
        assert len(list(store_mod.line_chunks(stream, 500))) > 20
    # Oxigraph gives blank nodes fresh identities per load: a file with any is loaded whole
    with nq.open("ab") as stream:
        stream.write(b'_:b1 <urn:p> _:b2 <urn:g> .\n' + b'<urn:s> <urn:p> "x" <urn:g> .\n' * 20
                     + b'_:b2 <urn:p> "x" <urn:g> .\n')
    with Store(tmp_path / "blank") as st:
        st.bulk_load(nq)
        blank = [x for x in st.nquads_lines() if x.startswith(b"_:")]
    assert calls == [nq] and len(blank) == 2
    assert blank[0].split()[2] == blank[1].split()[0] or blank[1].split()[2] == blank[0].split()[0]


def test_a_bad_line_in_a_piece_is_reported_with_its_line_number(tmp_path, monkeypatch):
    import kg.sparql.store as store_mod
    monkeypatch.setattr(store_mod, "PARALLEL_LOAD_BYTES", 0)
    monkeypatch.setattr(store_mod, "LOAD_CHUNK_BYTES", 40)
    nq = tmp_path / "bad.nq"
    good = "".join(f"<urn:s{i}> <urn:p> <urn:o> <urn:g> .\n" for i in range(30))
    nq.write_text(good + "<urn:s> <urn:p> .\n" + good)
    with Store(tmp_path / "s") as st, pytest.raises(GraphFileError, match=r"bad.nq: not a valid nquads file: "
                                                                        r"in the lines from line 31: .*line 1\b"):
        st.bulk_load(nq)


def test_replace_graph_nquads(store_dir):
    with Store(store_dir) as st:
        st.replace_graph_nquads(NEW_DOC, NEW_QUAD + NEW_QUAD)
        st.replace_graph_nquads(NEW_DOC, NEW_QUAD)
        rows = list(st.ox.query(f"SELECT ?l WHERE {{ GRAPH <{NEW_DOC}> {{ ?s ?p ?l }} }}"))
        assert [r["l"].value for r in rows] == ['late "news"']
        with pytest.raises(GraphFileError):
            st.replace_graph_nquads(NEW_DOC, "<a> <b> .\n")


def _count(client) -> int:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                   headers={"accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_read_only_server_sees_a_later_build_of_its_store(store_dir, monkeypatch):
    from starlette.testclient import TestClient
    from kg.sparql import endpoint
    monkeypatch.setattr(endpoint, "RELOAD_CHECK_SECONDS", 0.0)
    with TestClient(endpoint.create_app(store_dir)) as client:
        assert _count(client) == 373
        assert _count(client) == 373                 # a reused worker, holding the store as it opened it
        with Store(store_dir) as st:                 # another process's `kg build --store`
            st.replace_graph_nquads(NEW_DOC, NEW_QUAD)
        assert _count(client) == 374
        assert _count(client) == 374


def test_read_only_server_looks_for_changes_at_most_every_check_interval(store_dir, monkeypatch):
    from starlette.testclient import TestClient
    from kg.sparql import endpoint
    monkeypatch.setattr(endpoint, "RELOAD_CHECK_SECONDS", 3600.0)
    with TestClient(endpoint.create_app(store_dir)) as client:
        assert _count(client) == 373
        with Store(store_dir) as st:
            st.replace_graph_nquads(NEW_DOC, NEW_QUAD)
        assert _count(client) == 373                 # checked less than an interval ago: not looked at
        monkeypatch.setattr(endpoint, "RELOAD_CHECK_SECONDS", 0.0)
        assert _count(client) == 374


def test_server_on_a_graph_file_serves_a_snapshot(tmp_path, monkeypatch):
    """docs/limits-serve.md: a graph file is read once at start; a later replacement is not seen."""
    import os
    from starlette.testclient import TestClient
    from kg.sparql import endpoint
    monkeypatch.setattr(endpoint, "RELOAD_CHECK_SECONDS", 0.0)
    f = tmp_path / "kg.nq"
    f.write_text(NEW_QUAD, encoding="utf-8")
    with TestClient(endpoint.create_app(f)) as client:
        assert _count(client) == 1
        tmp = tmp_path / "new.nq"
        tmp.write_text(NEW_QUAD + NEW_QUAD.replace("late", "later"), encoding="utf-8")
        os.replace(tmp, f)                           # kg build writes atomically
        assert _count(client) == 1
