"""`kg export`: every format, from a file or a store; the Turtle parses with an independent parser (rapper)."""
from __future__ import annotations

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
