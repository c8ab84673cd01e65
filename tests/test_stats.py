"""kg.explore.stats and `kg stats`: counts checked against SPARQL, rankings, communities, contested, output formats."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from kg.cli.app import app
from kg.graph.io import load_dataset
from kg.namespaces import PREFIXES, RELATIONS, actor_iri
from kg.explore.stats import graph_stats, print_stats
from view_expect import expected_edges, expected_nodes, only_denied

import kg.cli.view  # noqa: F401  (registers the commands)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "sample.trig"
XSS = FIXTURES / "view_xss.trig"
PREFIX = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


@pytest.fixture(scope="module")
def ds():
    return load_dataset(SAMPLE)


def test_counts_match_sparql(ds):
    s = graph_stats(ds)
    edges = expected_edges(ds)
    assert s.actors == len(expected_nodes(ds)) == 12
    assert s.edges == len(edges) and s.only_denied_edges == len(only_denied(edges)) == 1
    assert s.documents == len(list(ds.query(PREFIX + "SELECT DISTINCT ?d WHERE { ?d a kg:Document }")))
    claims = Counter()
    for row in ds.query(PREFIX + "SELECT ?a ?r ?pol WHERE { ?a a kg:Assertion ; kg:predicate ?r ; kg:polarity ?pol }"):
        claims[(str(row.r).rsplit("#", 1)[-1], str(row.pol).rsplit("#", 1)[-1].lower())] += 1
    assert s.claims == sum(claims.values()) == 18
    for r in RELATIONS:
        assert s.claims_by_relation[r] == {"positive": claims[(r, "positive")], "negative": claims[(r, "negative")]}
        assert s.edges_by_relation[r] == sum(1 for k in edges if k[1] == r)
    by_class = Counter(str(row.c).rsplit("#", 1)[-1] for row in ds.query(
        PREFIX + "SELECT DISTINCT ?x ?c WHERE { ?x a ?c VALUES ?c { kg:Person kg:Country kg:ArmedGroup "
        "kg:InternationalOrganization kg:Coalition kg:Organization } }"))
    assert s.actors_by_class == dict(by_class)
    assert s.places == 1


def test_central_communities_contested(ds):
    s = graph_stats(ds, top=3)
    assert set(s.central) == {"degree", "pagerank", "betweenness"}
    for ranked in s.central.values():
        assert len(ranked) == 3 and ranked[0].label == "Russia"
        assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
    assert [[a.label for a in c] for c in s.communities] == [["Free Syrian Army", "United States"],
                                                            ["Russia", "Syria"]]
    assert s.communities[1][0].iri == str(actor_iri("Russia"))
    assert [(c.subject, c.relation, c.object, c.asserted, c.denied) for c in s.contested] == [
        ("Russia", "coordinatesWith", "United States", 1, 1)]


def test_cli_json(ds):
    res = CliRunner().invoke(app, ["stats", str(SAMPLE), "--format", "json", "--top", "2"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["actors"] == 12 and data["edges"] == 15 and data["claims"] == 18
    assert data["central"]["pagerank"][0]["label"] == "Russia" and len(data["central"]["pagerank"]) == 2
    assert data["contested"][0]["relation"] == "coordinatesWith"
    assert data == json.loads(json.dumps(graph_stats(ds, top=2).to_dict()))


def test_cli_table():
    res = CliRunner().invoke(app, ["stats", str(SAMPLE)], env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    for heading in ("Actors by class", "Claims and edges by relation", "Most central actors",
                    "Communities of the support / coordination network", "Contested (asserted and denied)"):
        assert heading in res.output
    assert "Russia" in res.output and "coordinatesWith" in res.output


def test_untrusted_labels_are_printed_literally():
    stats = graph_stats(load_dataset(XSS))
    console = Console(record=True, width=200, color_system=None)
    print_stats(stats, console)
    text = console.export_text()
    assert "Evil <script>window.__pwned=1</script>" in text
    assert stats.contested[0].relation == "coordinatesWith"


def test_cli_missing_graph(tmp_path):
    res = CliRunner().invoke(app, ["stats", str(tmp_path / "nope.trig")])
    assert res.exit_code == 1 and "nope.trig" in res.output


def test_store_directory_gives_the_same_stats(tmp_path, ds):
    store_mod = pytest.importorskip("kg.sparql.store")
    with store_mod.Store(tmp_path / "store") as st:
        st.load_file(SAMPLE)
    res = CliRunner().invoke(app, ["stats", str(tmp_path / "store"), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == json.loads(json.dumps(graph_stats(ds).to_dict()))
