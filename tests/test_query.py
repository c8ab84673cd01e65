"""`kg query`: graph files, stores, formats, safe parameters, bad input."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg.cli.sparql  # noqa: F401  (registers the commands)
from kg.cli.app import app
from kg.graph.io import load_dataset
from kg.sparql.query import QueryError, parse_params, parse_term, run_local, values_clause
from kg.sparql.store import Store, memory_store

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
ROOT = SAMPLE.parents[2]
runner = CliRunner()


def kg(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "store"
    with Store(path) as st:
        st.load_file(SAMPLE)
    return path


COUNTRIES = "SELECT DISTINCT ?c WHERE { ?c a kg:Country } ORDER BY ?c"


@pytest.mark.parametrize("target", ["file", "store"])
def test_select_csv_on_file_and_store(target, store_dir):
    graph = str(SAMPLE if target == "file" else store_dir)
    r = kg("query", COUNTRIES, "--data", graph, "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["c"]
    assert [x[0].rsplit("/", 1)[1] for x in rows[1:]] == ["russia", "syria", "united-states"]


def test_json_tsv_and_table(store_dir):
    r = kg("query", COUNTRIES, "-d", str(store_dir), "-f", "json")
    data = json.loads(r.stdout)
    assert data["head"]["vars"] == ["c"]
    assert len(data["results"]["bindings"]) == 3
    r = kg("query", COUNTRIES, "-d", str(store_dir), "-f", "tsv")
    assert r.stdout.splitlines()[0] == "?c"
    r = kg("query", COUNTRIES, "-d", str(store_dir))
    assert r.exit_code == 0 and "actor:russia" in r.stdout


def test_query_file_and_ask_and_construct():
    r = kg("query", str(ROOT / "queries" / "denied_claims.rq"), "-d", str(SAMPLE), "-f", "csv")
    assert r.exit_code == 0 and len(r.stdout.strip().splitlines()) == 3
    r = kg("query", "ASK { actor:vladimir-putin kg:leads actor:russia }", "-d", str(SAMPLE), "-f", "json")
    assert json.loads(r.stdout)["boolean"] is True
    r = kg("query", "CONSTRUCT { ?a kg:leads ?b } WHERE { ?a kg:leads ?b }", "-d", str(SAMPLE))
    assert r.exit_code == 0
    triples = list(ox.parse(r.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert [(t.subject.value.rsplit("/", 1)[1], t.object.value.rsplit("/", 1)[1]) for t in triples] == [
        ("vladimir-putin", "russia")]


def test_param_binding_is_safe():
    q = "SELECT DISTINCT ?label WHERE { ?a rdfs:label ?label } ORDER BY ?label"
    r = kg("query", q, "-d", str(SAMPLE), "-f", "csv", "--param", "label=Russia")
    assert r.stdout.split() == ["label", "Russia"]
    # an injection attempt is just a literal that matches nothing
    evil = 'Russia" } UNION { ?a ?p ?label } #'
    r = kg("query", q, "-d", str(SAMPLE), "-f", "csv", "--param", f"label={evil}")
    assert r.exit_code == 0 and r.stdout.split() == ["label"]
    q2 = "SELECT DISTINCT ?a ?label WHERE { ?a rdfs:label ?label }"
    r = kg("query", q2, "-d", str(SAMPLE), "-f", "csv", "--param", "a=actor:rt")
    assert r.stdout.split() == ["a,label", "https://w3id.org/newskg/id/actor/rt,RT"]
    # a parameter must be a variable the query returns (the same rule as a trailing VALUES on an endpoint)
    r = kg("query", q, "-d", str(SAMPLE), "--param", "a=actor:rt")
    assert r.exit_code == 2 and "parameters must be variables" in r.stderr


def test_parse_term_forms():
    assert parse_term("<http://x/y>") == ox.NamedNode("http://x/y")
    assert parse_term("actor:russia") == ox.NamedNode("https://w3id.org/newskg/id/actor/russia")
    assert parse_term("42") == ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    assert parse_term("0.8").datatype.value.endswith("#decimal")
    assert parse_term('"Moskva"@ru') == ox.Literal("Moskva", language="ru")
    assert parse_term('"2015-10-01"^^xsd:date').datatype.value.endswith("#date")
    assert parse_term("plain text: with colon") == ox.Literal("plain text: with colon")
    assert parse_term("ex:thing", {"ex": "http://example.org/"}) == ox.NamedNode("http://example.org/thing")
    with pytest.raises(QueryError):
        parse_params(["no-equals-sign"])
    with pytest.raises(QueryError):
        parse_params(["bad name=1"])


def test_values_clause_escapes():
    clause = values_clause({"x": parse_term('"a\\"b } DROP ALL"')})
    res = memory_store(SAMPLE).query("SELECT ?x WHERE {}" + clause)
    assert [s["x"].value for s in res] == ['a"b } DROP ALL']


def test_query_same_answers_file_store_rdflib(store_dir):
    """Oxigraph on a file, on a store, and rdflib's own engine agree on a query file."""
    text = (ROOT / "queries" / "supporters.rq").read_text()
    a = run_local(memory_store(SAMPLE), text)
    with Store(store_dir, read_only=True) as st:
        b = run_local(st.ox, text)
    rd = load_dataset(SAMPLE).query(text)
    assert [[t.value for t in row] for row in a.rows] == [[t.value for t in row] for row in b.rows]
    assert sorted(str(r["supporter"]) for r in rd) == sorted(row[2].value for row in a.rows)


def test_malformed_query_exit_2():
    r = kg("query", "SELECT ?x WHERE { ?x ", "-d", str(SAMPLE))
    assert r.exit_code == 2
    assert "malformed SPARQL" in r.stderr and "error at" in r.stderr


def test_update_is_refused():
    r = kg("query", "DELETE WHERE { ?s ?p ?o }", "-d", str(SAMPLE))
    assert r.exit_code == 2 and "Update" in r.stderr


def test_bad_targets(tmp_path):
    assert kg("query", COUNTRIES, "-d", str(tmp_path / "missing.trig")).exit_code == 1
    r = kg("query", COUNTRIES)
    assert r.exit_code == 2 and "--data" in r.stderr
    r = kg("query", "missing.rq", "-d", str(SAMPLE))
    assert r.exit_code == 2 and "no such query file" in r.stderr


def test_unreachable_endpoint():
    r = kg("query", COUNTRIES, "--endpoint", "http://127.0.0.1:9/sparql")
    assert r.exit_code == 1 and "cannot reach" in r.stderr
