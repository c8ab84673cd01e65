"""`kg push` into a real Virtuoso (started on loopback by a fixture), and push failure reporting.

Answers are compared with kg.sparql.query.normal_rows: order-insensitive, numbers by value (Virtuoso and
Oxigraph type counts differently), plain and xsd:string literals alike.
"""
from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

import kg.cli.sparql  # noqa: F401
from kg.cli.app import app
from kg.sparql.push import PushError, insert_data, push
from kg.sparql.query import iter_query_files, normal_rows, parse_params, read_query, run_local, run_remote
from kg.sparql.store import memory_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from virtuoso import start_virtuoso, virtuoso_binary  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
ROOT = SAMPLE.parents[2]
QUERIES = list(iter_query_files(ROOT / "queries"))
runner = CliRunner()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    if virtuoso_binary() is None:
        pytest.skip("virtuoso-t not found: install the Debian package virtuoso-opensource-7-bin (.ci/run does)")
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        r = runner.invoke(app, ["push", str(SAMPLE), "--endpoint", server.sparql_auth,
                                "--user", server.user, "--password", server.password, "--batch-size", "100"])
        assert r.exit_code == 0, r.output + server.log()
        assert "pushed 373 triples" in r.stderr
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def local():
    return memory_store(SAMPLE)


def count(endpoint: str, graph: str) -> int:
    res = run_remote(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(res.rows[0][0].value)


@pytest.mark.virtuoso
@pytest.mark.parametrize("qfile", QUERIES, ids=[q.stem for q in QUERIES])
def test_queries_answer_the_same_in_virtuoso(virtuoso, local, qfile):
    text = read_query(str(qfile))
    remote, mine = run_remote(virtuoso.sparql, text), run_local(local, text)
    assert remote.variables == mine.variables
    assert normal_rows(remote) == normal_rows(mine)
    assert mine.rows


@pytest.mark.virtuoso
def test_parameters_on_virtuoso(virtuoso, local):
    text = read_query(str(ROOT / "queries" / "pair_claims.rq"))
    params = parse_params(["a=actor:russia", "b=actor:united-states"], text)
    remote, mine = run_remote(virtuoso.sparql, text, params), run_local(local, text, params)
    assert len(mine.rows) == 3
    assert normal_rows(remote) == normal_rows(mine)


@pytest.mark.virtuoso
def test_named_graphs_arrive_whole(virtuoso):
    assert count(virtuoso.sparql, "https://w3id.org/newskg/id/doc/0a1b2c3d4e5f6071") == 127
    assert count(virtuoso.sparql, "https://w3id.org/newskg/id/doc/1b2c3d4e5f607182") == 134
    assert count(virtuoso.sparql, "https://w3id.org/newskg/id/doc/2c3d4e5f60718293") == 112


@pytest.mark.virtuoso
def test_push_into_one_graph_with_replace_and_gsp(virtuoso, tmp_path):
    g = "http://example.org/newskg/all"
    args = ["push", str(SAMPLE), "--endpoint", virtuoso.sparql_auth, "--user", "dba", "--password", "dba",
            "--graph-iri", g]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, args).exit_code == 0  # twice: a set, nothing duplicated
    assert count(virtuoso.sparql, g) == 332
    small = tmp_path / "small.nt"
    small.write_text('<http://example.org/a> <http://example.org/b> "only this" .\n')
    r = runner.invoke(app, ["push", str(small), "--endpoint", virtuoso.sparql_auth, "--user", "dba",
                            "--password", "dba", "--graph-iri", g, "--replace", "--auth", "digest"])
    assert r.exit_code == 0, r.output
    assert count(virtuoso.sparql, g) == 1  # nothing stale
    gsp = f"http://127.0.0.1:{virtuoso.http_port}/sparql-graph-crud-auth"
    report = push(SAMPLE, gsp, graph_iri="http://example.org/newskg/gsp", user="dba", password="dba", gsp=True)
    assert report.triples == 373 and report.requests == 1
    assert count(virtuoso.sparql, "http://example.org/newskg/gsp") == 332


@pytest.mark.virtuoso
def test_wrong_password_pushes_nothing(virtuoso):
    r = runner.invoke(app, ["push", str(SAMPLE), "--endpoint", virtuoso.sparql_auth, "--user", "dba",
                            "--password", "wrong", "--graph-iri", "http://example.org/newskg/denied"])
    assert r.exit_code == 1
    assert "HTTP 401" in r.stderr and "nothing was pushed" in r.stderr
    assert count(virtuoso.sparql, "http://example.org/newskg/denied") == 0


# --- failures, without Virtuoso ----------------------------------------------------------------------

def test_unreachable_endpoint_is_a_clear_error():
    r = runner.invoke(app, ["push", str(SAMPLE), "--endpoint", "http://127.0.0.1:9/sparql"])
    assert r.exit_code == 1
    assert "cannot reach" in r.stderr and "nothing was pushed" in r.stderr
    assert "pushed 373" not in r.stderr


def test_half_push_is_reported_as_incomplete():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(204 if len(calls) < 3 else 500, text="disk full")

    with pytest.raises(PushError) as err:
        push(SAMPLE, "http://store.example/update", batch_size=50, transport=httpx.MockTransport(handler))
    msg = str(err.value)
    assert "failed at request 3 of" in msg and "HTTP 500" in msg and "disk full" in msg
    assert "100 triples in 2 of" in msg and "INCOMPLETE" in msg


def test_insert_data_escapes_article_text():
    import pyoxigraph as ox

    t = ox.Triple(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal('a" } ; DROP ALL ; {\n'))
    text = insert_data("http://x/g", [t])
    store = ox.Store()
    store.update(text)
    assert [q.object.value for q in store] == ['a" } ; DROP ALL ; {\n']


def test_bad_graph_iri():
    with pytest.raises(PushError, match="not a valid IRI"):
        push(SAMPLE, "http://127.0.0.1:9/", graph_iri="not an iri")
