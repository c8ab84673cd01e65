"""`kg serve`: the SPARQL 1.1 Protocol endpoint, checked with outside clients (SPARQLWrapper, httpx)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from kg.sparql.endpoint import EndpointConfig, create_app, negotiate, RESULT_TYPES
from kg.sparql.query import iter_query_files, normal_rows, parse_response, read_query, run_local
from kg.sparql.store import memory_store

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
ROOT = SAMPLE.parents[2]
QUERIES = list(iter_query_files(ROOT / "queries"))
COUNTRIES = "SELECT DISTINCT ?c WHERE { ?c a kg:Country } ORDER BY ?c"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    """`kg serve` on the sample graph, as a separate process on a free loopback port."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(SAMPLE), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.HTTPError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"kg serve did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def local():
    return memory_store(SAMPLE)


@pytest.mark.parametrize("qfile", QUERIES, ids=[q.stem for q in QUERIES])
def test_sparqlwrapper_gets_the_same_answers_as_kg_query(server, local, qfile):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    text = read_query(str(qfile))
    sw = SPARQLWrapper(server + "/sparql")
    sw.setMethod(POST)
    sw.setReturnFormat(JSON)
    sw.setQuery(text)
    raw = sw.query().convert()
    remote = parse_response(json.dumps(raw).encode(), "application/sparql-results+json", graph=False)
    expected = run_local(local, text)
    assert remote.variables == expected.variables
    assert normal_rows(remote) == normal_rows(expected)
    assert len(remote.rows) == len(expected.rows) > 0


def test_kg_query_endpoint_option(server):
    from typer.testing import CliRunner

    import kg.cli.sparql  # noqa: F401
    from kg.cli.app import app

    r = CliRunner().invoke(app, ["query", str(ROOT / "queries" / "pair_claims.rq"), "--endpoint", server + "/sparql",
                                 "-f", "csv", "--param", "a=actor:russia", "--param", "b=actor:united-states"])
    assert r.exit_code == 0, r.output
    assert len(r.stdout.strip().splitlines()) == 4  # header + 3 claims, as locally
    r = CliRunner().invoke(app, ["query", "SELECT ?x WHERE {", "--endpoint", server + "/sparql"])
    assert r.exit_code == 2 and "rejected" in r.stderr


def test_200_concurrent_queries_from_20_clients(server):
    def client(i: int) -> list[int]:
        with httpx.Client(timeout=30) as c:
            return [c.get(server + "/sparql", params={"query": COUNTRIES},
                          headers={"Accept": "application/sparql-results+json"}).status_code for _ in range(10)]

    with ThreadPoolExecutor(20) as pool:
        codes = [c for batch in pool.map(client, range(20)) for c in batch]
    assert len(codes) == 200 and set(codes) == {200}


# --- protocol details, in-process -----------------------------------------------------------------

@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(SAMPLE))


@pytest.mark.parametrize("accept,ctype,check", [
    ("application/sparql-results+json", "application/sparql-results+json", lambda b: json.loads(b)["head"]),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: b.startswith(b"<?xml")),
    ("text/csv", "text/csv", lambda b: b.startswith(b"c\r\n")),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.startswith(b"?c\n")),
    ("*/*", "application/sparql-results+json", lambda b: json.loads(b)),
])
def test_result_formats_by_accept(client, accept, ctype, check):
    r = client.get("/sparql", params={"query": COUNTRIES}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(ctype)
    assert check(r.content)


def test_post_form_and_direct_body(client):
    a = client.post("/sparql", data={"query": COUNTRIES}, headers={"Accept": "text/csv"})
    b = client.post("/sparql", content=COUNTRIES.encode(),
                    headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert a.status_code == b.status_code == 200
    assert a.text == b.text and a.text.count("\n") == 4
    r = client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_construct_as_turtle_and_jsonld(client):
    q = "CONSTRUCT { ?a kg:leads ?b } WHERE { ?a kg:leads ?b }"
    r = client.get("/sparql", params={"query": q}, headers={"Accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle")
    assert len(list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))) == 1
    r = client.get("/sparql", params={"query": q}, headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    assert len(list(ox.parse(r.content, format=ox.RdfFormat.JSON_LD))) == 1


def test_malformed_query_is_400_with_parser_message(client):
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert r.status_code == 400
    assert "malformed SPARQL query" in r.text and "error at" in r.text
    assert client.get("/sparql").status_code == 400
    assert "<form" in client.get("/sparql", headers={"Accept": "text/html"}).text


def test_updates_on_read_only_endpoint_are_403(client):
    upd = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    assert client.post("/sparql", data={"update": upd}).status_code == 403
    assert client.post("/sparql", content=upd.encode(),
                       headers={"Content-Type": "application/sparql-update"}).status_code == 403
    assert client.get("/sparql", params={"query": upd}).status_code == 403
    assert client.get("/sparql", params={"query": "ASK { <http://x/a> ?p ?o }"}).json()["boolean"] is False


def test_updates_with_token(tmp_path):
    from kg.sparql.store import Store

    with Store(tmp_path / "s") as st:
        st.load_file(SAMPLE)
    c = TestClient(create_app(tmp_path / "s", EndpointConfig(update_token="s3cret")))
    upd = "INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/b> <http://x/c> } }"
    assert c.post("/sparql", data={"update": upd}).status_code == 401
    assert c.post("/sparql", data={"update": upd}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.post("/sparql", data={"update": upd}, headers={"Authorization": "Bearer s3cret"}).status_code == 204
    assert c.get("/sparql", params={"query": "ASK { <http://x/a> ?p ?o }"}).json()["boolean"] is True
    r = c.post("/sparql", data={"update": "INSERT DATA {"}, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 400 and "malformed" in r.text


def test_result_size_limit(tmp_path):
    c = TestClient(create_app(SAMPLE, EndpointConfig(max_results=5)))
    r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 422 and "more than 5 rows" in r.text
    assert c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}).status_code == 200


def test_time_limit():
    c = TestClient(create_app(SAMPLE, EndpointConfig(timeout=0.3, max_results=10**9)))
    t0 = time.monotonic()
    r = c.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert r.status_code == 503 and "time limit" in r.text
    assert time.monotonic() - t0 < 5


def test_cors(client):
    r = client.options("/sparql", headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] in ("*", "http://example.org")
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"


def test_index_page(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert client.get("/").text == r.text  # cached


def test_negotiate():
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES, "json") == "xml"
    assert negotiate("text/html", RESULT_TYPES, "json") == "json"


def test_remote_ask_and_construct(server):
    from kg.sparql.query import run_remote

    assert run_remote(server + "/sparql", "ASK { actor:vladimir-putin kg:leads actor:russia }").boolean is True
    res = run_remote(server + "/sparql", "CONSTRUCT { ?a kg:leads ?b } WHERE { ?a kg:leads ?b }")
    assert res.kind == "graph" and len(res.triples) == 1


def test_protocol_dataset_parameters(client):
    doc_c = "https://w3id.org/newskg/id/doc/2c3d4e5f60718293"
    q = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a kg:Assertion }"
    assert client.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"] == "18"
    r = client.get("/sparql", params={"query": q, "default-graph-uri": doc_c})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "5"
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": q, "named-graph-uri": doc_c})
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [doc_c]


def test_remote_http_errors_are_reported(server):
    from kg.sparql.query import EndpointError, run_remote

    with pytest.raises(EndpointError, match="EndPointNotFound|HTTP 404"):
        run_remote(server + "/nothing-here", "ASK {}")
