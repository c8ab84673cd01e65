"""`kg export`: every format, from a file or a store; the Turtle parses with an independent parser (rapper)."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.cli.sparql  # noqa: F401
from kg.cli.app import app
from kg.graph.io import load_dataset
from kg.sparql.store import Store

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
DISTINCT_TRIPLES = len(set(load_dataset(SAMPLE).triples((None, None, None))))
QUADS = 373
runner = CliRunner()


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    store = tmp_path_factory.mktemp("exp") / "store"
    with Store(store) as st:
        st.load_file(SAMPLE)
    return {"file": SAMPLE, "store": store}


@pytest.mark.parametrize("source", ["file", "store"])
@pytest.mark.parametrize("fmt,ext,count", [
    ("turtle", "ttl", DISTINCT_TRIPLES), ("nt", "nt", DISTINCT_TRIPLES), ("nquads", "nq", QUADS),
    ("trig", "trig", QUADS), ("jsonld", "jsonld", QUADS),
])
def test_export_round_trips(sources, source, fmt, ext, count, tmp_path):
    out = tmp_path / f"g.{ext}"
    r = runner.invoke(app, ["export", str(sources[source]), "--format", fmt, "-o", str(out)])
    assert r.exit_code == 0, r.output
    back = load_dataset(out)
    n = (sum(1 for _ in back.quads((None, None, None, None))) if fmt in ("nquads", "trig", "jsonld")
         else len(set(back.triples((None, None, None)))))
    assert n == count
    assert f"wrote {count} triples" in r.stderr


def test_export_is_deterministic(tmp_path):
    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    runner.invoke(app, ["export", str(SAMPLE), "-f", "nt", "-o", str(a)])
    runner.invoke(app, ["export", str(SAMPLE), "-f", "nt", "-o", str(b)])
    assert a.read_bytes() == b.read_bytes()


def test_bad_export_input(tmp_path):
    r = runner.invoke(app, ["export", str(tmp_path / "none.trig"), "-f", "turtle", "-o", str(tmp_path / "x.ttl")])
    assert r.exit_code == 1 and "no such" in r.stderr
    r = runner.invoke(app, ["export", str(SAMPLE), "-f", "yaml", "-o", str(tmp_path / "x.ttl")])
    assert r.exit_code == 2


@pytest.mark.skipif(shutil.which("rapper") is None,
                    reason="rapper not found: install the Debian package raptor2-utils (.ci/run does)")
@pytest.mark.parametrize("fmt,ext,syntax", [("turtle", "ttl", "turtle"), ("nt", "nt", "ntriples")])
def test_independent_parser_counts_the_same_triples(sources, fmt, ext, syntax, tmp_path):
    out = tmp_path / f"g.{ext}"
    assert runner.invoke(app, ["export", str(sources["store"]), "-f", fmt, "-o", str(out)]).exit_code == 0
    proc = subprocess.run(["rapper", "-i", syntax, "-c", str(out)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    # rapper: "rapper: Parsing returned 332 triples"
    assert f"returned {DISTINCT_TRIPLES} triples" in proc.stderr


# --- networks, claims CSV, JSON-LD context -----------------------------------------------------------

def _claims_in_sample() -> int:
    from rdflib.namespace import RDF

    from kg.namespaces import KG
    return len(set(load_dataset(SAMPLE).subjects(RDF.type, KG.Assertion)))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_read_back_with_networkx(fmt, tmp_path):
    import networkx as nx

    from kg.explore.analysis import read_graph
    expected = read_graph(load_dataset(SAMPLE))
    out = tmp_path / f"net.{fmt}"
    r = runner.invoke(app, ["export", str(SAMPLE), "-o", str(out)])
    assert r.exit_code == 0, r.output
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert g.number_of_nodes() == len(expected.actors) and g.number_of_edges() == len(expected.edges)
    russia = "https://w3id.org/newskg/id/actor/russia"
    assert g.nodes[russia]["label"] == "Russia"
    assert g.nodes[russia]["cls"] == "Country"
    rels = sorted(d["relation"] for _, _, d in g.edges(data=True))
    assert rels == sorted(e.relation for e in expected.edges)
    again = tmp_path / f"again.{fmt}"
    runner.invoke(app, ["export", str(SAMPLE), "-o", str(again)])
    assert out.read_bytes() == again.read_bytes()  # deterministic (no modification date)


def test_claims_csv_has_one_row_per_claim_with_evidence(tmp_path):
    out = tmp_path / "claims.csv"
    r = runner.invoke(app, ["export", str(SAMPLE), "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == _claims_in_sample() and f"wrote {len(rows)} claims" in r.stderr
    denial = next(x for x in rows if x["evidence"] == "Russia is not supporting the Free Syrian Army")
    assert (denial["subject_label"], denial["relation"], denial["object_label"], denial["polarity"],
            denial["speaker_label"], denial["file_name"], denial["date"]) == (
        "Russia", "supports", "Free Syrian Army", "Negative", "Sergey Lavrov", "b.txt", "2015-10-15")


def test_claims_csv_cannot_start_a_spreadsheet_formula(tmp_path):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    from kg.namespaces import KG
    ds = load_dataset(SAMPLE)
    claim = next(iter(set(ds.subjects(RDF.type, KG.Assertion))))
    g = ds.graph(URIRef("https://w3id.org/newskg/id/doc/evil"))
    g.add((claim, KG.evidence, Literal('=HYPERLINK("http://evil.example","x")')))
    from kg.graph.export import claim_rows, claims_csv
    rows = [r for r in claim_rows(ds) if r["claim"] == str(claim)]
    text = claims_csv(rows).decode()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_jsonld_has_a_context_for_the_newskg_vocabulary(tmp_path):
    import json
    out = tmp_path / "g.jsonld"
    assert runner.invoke(app, ["export", str(SAMPLE), "-o", str(out)]).exit_code == 0
    data = json.loads(out.read_text())
    assert data["@context"]["kg"] == "https://w3id.org/newskg/ontology#"
    assert data["@context"]["actor"] == "https://w3id.org/newskg/id/actor/"
    text = out.read_text()
    assert '"kg:Assertion"' in text and '"actor:russia"' in text
    assert sum(1 for _ in load_dataset(out).quads((None, None, None, None))) == QUADS
