"""Every file in queries/ has its expected answer on the sample graph (tests/fixtures/sample.trig)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.sparql.query import iter_query_files, parse_params, read_query, run_local, short
from kg.sparql.store import memory_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample.trig"
QUERIES = ROOT / "queries"


@pytest.fixture(scope="module")
def store():
    return memory_store(SAMPLE)


def answer(store, name: str, *params: str, columns: tuple[str, ...] | None = None) -> list[tuple[str, ...]]:
    """The rows of a query file as compact strings (prefixed IRIs, bare literals), in the query's order."""
    text = read_query(str(QUERIES / f"{name}.rq"))
    res = run_local(store, text, parse_params(params, text))
    cols = columns or tuple(res.variables)
    idx = [res.variables.index(c) for c in cols]
    return [tuple(short(row[i]) for i in idx) for row in res.rows]


def test_at_least_ten_documented_queries():
    files = list(iter_query_files(QUERIES))
    assert len(files) >= 10
    readme = (QUERIES / "README.md").read_text()
    for f in files:
        text = f.read_text()
        assert text.startswith("#"), f"{f.name} starts with a comment saying what it answers"
        assert f.name in readme, f"{f.name} is documented in queries/README.md"


def test_strikes(store):
    assert answer(store, "strikes", columns=("attacker", "target", "modality", "claims", "documents")) == [
        ("actor:russia", "actor:free-syrian-army", "kg:Actual", "1", "1"),
        ("actor:russia", "actor:islamic-state", "kg:Actual", "1", "1"),
        ("actor:russia", "actor:islamic-state", "kg:Intended", "1", "1"),
        ("actor:russia", "actor:al-nusra-front", "kg:Intended", "1", "1"),
        ("actor:us-led-coalition", "actor:islamic-state", "kg:Actual", "1", "1"),
    ]
    assert answer(store, "strikes", "attacker=actor:us-led-coalition", columns=("attacker", "target")) == [
        ("actor:us-led-coalition", "actor:islamic-state")]


def test_supporters(store):
    assert answer(store, "supporters", columns=("target", "supporter", "modality", "claims", "documents")) == [
        ("actor:free-syrian-army", "actor:united-states", "kg:Actual", "1", "1"),
        ("actor:syria", "actor:russia", "kg:Actual", "2", "2"),
    ]
    # the denied "Russia is not supporting the FSA" is not support
    assert answer(store, "supporters", "target=actor:free-syrian-army", columns=("supporter",)) == [
        ("actor:united-states",)]


def test_opponents(store):
    assert answer(store, "opponents", columns=("opponent", "target", "claims")) == [
        ("actor:united-nations", "actor:russia", "1"), ("actor:united-states", "actor:russia", "1")]


def test_coordination_network(store):
    # asserted in document a; the US denial in document c is not an edge
    assert answer(store, "coordination_network") == [
        ("actor:russia", "Russia", "actor:united-states", "United States", "1", "1")]


def test_pair_claims(store):
    rows = answer(store, "pair_claims", "a=actor:russia", "b=actor:united-states",
                  columns=("subject", "predicate", "object", "polarity", "evidence", "doc", "date", "speaker"))
    assert rows == [
        ("actor:russia", "kg:coordinatesWith", "actor:united-states", "kg:Positive",
         "Russia and the United States coordinate their flights", "doc:0a1b2c3d4e5f6071", "2015-10-01", ""),
        ("actor:united-states", "kg:opposes", "actor:russia", "kg:Positive",
         "Washington condemned the strikes", "doc:1b2c3d4e5f607182", "2015-10-15", ""),
        ("actor:united-states", "kg:coordinatesWith", "actor:russia", "kg:Negative",
         "The United States denies that it coordinates with Russia", "doc:2c3d4e5f60718293", "2016-02-20",
         "actor:united-states"),
    ]
    # the pair is unordered
    assert len(answer(store, "pair_claims", "a=actor:united-states", "b=actor:russia")) == 3
    # without parameters: each of the 18 claims once from each side
    assert len(answer(store, "pair_claims")) == 36


def test_claims_by_speaker(store):
    assert answer(store, "claims_by_speaker", "speaker=actor:sergey-lavrov",
                  columns=("subject", "predicate", "object", "polarity", "evidence", "date")) == [
        ("actor:russia", "kg:supports", "actor:syria", "kg:Positive", "Russia supports Damascus", "2015-10-01"),
        ("actor:russia", "kg:supports", "actor:free-syrian-army", "kg:Negative",
         "Russia is not supporting the Free Syrian Army", "2015-10-15"),
    ]
    speakers = {r[0] for r in answer(store, "claims_by_speaker", columns=("speaker",))}
    assert speakers == {"actor:sergey-lavrov", "actor:john-kerry", "actor:united-states", "actor:vladimir-putin",
                        "actor:rt"}
    assert len(answer(store, "claims_by_speaker")) == 8


def test_denied_claims(store):
    assert answer(store, "denied_claims", columns=("subject", "predicate", "object", "doc", "speaker")) == [
        ("actor:russia", "kg:supports", "actor:free-syrian-army", "doc:1b2c3d4e5f607182", "actor:sergey-lavrov"),
        ("actor:united-states", "kg:coordinatesWith", "actor:russia", "doc:2c3d4e5f60718293", "actor:united-states"),
    ]


def test_contested_claims(store):
    # Russia–US coordination: asserted in a.txt, denied (in the other direction; the relation is symmetric) in c.txt
    assert answer(store, "contested_claims", columns=(
        "subject", "predicate", "object", "assertedIn", "deniedIn", "deniedBy", "denialEvidence")) == [
        ("actor:russia", "kg:coordinatesWith", "actor:united-states", "doc:0a1b2c3d4e5f6071",
         "doc:2c3d4e5f60718293", "actor:united-states", "The United States denies that it coordinates with Russia")]


def test_actors_by_class(store):
    rows = answer(store, "actors_by_class", columns=("class", "actor", "mentions", "documents"))
    assert rows == [
        ("kg:ArmedGroup", "actor:free-syrian-army", "4", "1"),
        ("kg:ArmedGroup", "actor:islamic-state", "3", "2"),
        ("kg:ArmedGroup", "actor:al-nusra-front", "1", "1"),
        ("kg:Coalition", "actor:us-led-coalition", "1", "1"),
        ("kg:Country", "actor:russia", "10", "3"),
        ("kg:Country", "actor:united-states", "5", "3"),
        ("kg:Country", "actor:syria", "2", "2"),
        ("kg:InternationalOrganization", "actor:united-nations", "1", "1"),
        ("kg:Organization", "actor:rt", "2", "1"),
        ("kg:Person", "actor:john-kerry", "3", "2"),
        ("kg:Person", "actor:sergey-lavrov", "3", "2"),
        ("kg:Person", "actor:vladimir-putin", "2", "2"),
        ("kg:Place", "actor:homs", "2", "2"),
    ]
    assert [r[1] for r in answer(store, "actors_by_class", "class=kg:Person", columns=("class", "actor"))] == [
        "actor:john-kerry", "actor:sergey-lavrov", "actor:vladimir-putin"]


def test_affiliations(store):
    assert answer(store, "affiliations", columns=("actor", "relation", "group", "documents")) == [
        ("actor:john-kerry", "kg:memberOf", "actor:united-states", "1"),
        ("actor:sergey-lavrov", "kg:memberOf", "actor:russia", "1"),
        ("actor:vladimir-putin", "kg:leads", "actor:russia", "1"),
    ]
    assert answer(store, "affiliations", "actor=actor:sergey-lavrov", columns=("group",)) == [("actor:russia",)]


def test_claims_over_time(store):
    assert answer(store, "claims_over_time") == [
        ("2015-10", "kg:coordinatesWith", "1", "1"), ("2015-10", "kg:meetsWith", "2", "2"),
        ("2015-10", "kg:memberOf", "2", "2"), ("2015-10", "kg:opposes", "1", "1"),
        ("2015-10", "kg:strikes", "4", "2"), ("2015-10", "kg:supports", "3", "2"),
        ("2016-02", "kg:coordinatesWith", "1", "1"), ("2016-02", "kg:leads", "1", "1"),
        ("2016-02", "kg:opposes", "1", "1"), ("2016-02", "kg:strikes", "1", "1"),
        ("2016-02", "kg:supports", "1", "1"),
    ]
    assert answer(store, "claims_over_time", "predicate=kg:strikes", columns=("month", "claims")) == [
        ("2015-10", "4"), ("2016-02", "1")]


def test_documents(store):
    assert answer(store, "documents", columns=("doc", "fileName", "title", "date", "claims", "actors")) == [
        ("doc:0a1b2c3d4e5f6071", "a.txt", "Lavrov: Russia backs Damascus", "2015-10-01", "6", "8"),
        ("doc:1b2c3d4e5f607182", "b.txt", "Strikes on the FSA", "2015-10-15", "7", "7"),
        ("doc:2c3d4e5f60718293", "c.txt", "", "2016-02-20", "5", "8"),
    ]
