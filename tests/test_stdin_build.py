"""`kg build -` reads articles from standard input (one text article, or JSON Lines); `kg validate -` reads
graph data from standard input."""
from __future__ import annotations

import gc
import io
import json
from pathlib import Path

import pytest
from rdflib.namespace import RDF
from typer.testing import CliRunner

import kg.cli.build  # noqa: F401  (registers the commands)
from kg.build.ingest import IngestError, collect_files, read_stdin
from kg.cli.app import app
from kg.graph.io import load_dataset
from kg.namespaces import KG

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
TEXT = "Russian jets struck rebel positions near Aleppo on Tuesday, the ministry said.\n"
OTHER = "Turkey and Qatar support the opposition, the ministers said in Ankara.\n"


def kg(*args, stdin=None):
    r = CliRunner().invoke(app, [*map(str, args)], input=stdin)
    gc.collect()
    return r


def test_text_is_one_article():
    arts, problems = read_stdin(io.BytesIO(("\n\n" + TEXT + "\n" + OTHER).encode()))
    assert len(arts) == 1 and not problems
    assert arts[0].text.startswith("\n\nRussian") and "Turkey" in arts[0].text    # offsets kept
    assert arts[0].file_name == f"stdin:{arts[0].doc_id}"


def test_json_lines_are_one_article_a_line():
    data = "\n".join([json.dumps({"id": "a", "text": TEXT}), "not json", json.dumps({"text": OTHER, "title": "T"})])
    arts, problems = read_stdin(io.BytesIO(data.encode()))
    assert [a.file_name for a in arts] == ["stdin#a", "stdin#3"] and arts[1].title == "T"
    assert [p.source for p in problems] == ["stdin:2"]


def test_text_starting_with_a_brace_is_text():
    arts, _ = read_stdin(io.BytesIO(b"{not json} " + TEXT.encode()))
    assert len(arts) == 1 and arts[0].file_name.startswith("stdin:")


def test_limits_and_empty_input():
    with pytest.raises(IngestError, match="empty"):
        read_stdin(io.BytesIO(b"\n  \n"))
    with pytest.raises(IngestError, match="larger than the limit"):
        read_stdin(io.BytesIO(TEXT.encode() * 10), max_bytes=100)
    arts, problems = read_stdin(io.BytesIO((json.dumps({"text": TEXT}) + "\n" + json.dumps({"text": "x" * 200})).encode()),
                                max_bytes=150)
    assert len(arts) == 1 and "larger than the limit" in problems[0].reason


def test_dash_given_twice_is_read_once():
    files, problems = collect_files([Path("-"), Path("-")])
    assert files == [Path("-")] and "more than once" in problems[0].reason


def test_cli_build_from_standard_input(tmp_path):
    out = tmp_path / "g.trig"
    r = kg("build", "-", "-o", out, "--quiet", stdin=TEXT)
    assert r.exit_code == 0, r.output
    ds = load_dataset(out)
    (d,) = set(ds.subjects(RDF.type, KG.Document))
    assert str(ds.value(d, KG.fileName)).startswith("stdin:")
    lines = "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate([TEXT, OTHER]))
    r = kg("build", "-", "-o", out, "--quiet", stdin=lines)
    assert r.exit_code == 0, r.output
    names = sorted(str(n) for n in load_dataset(out).objects(None, KG.fileName))
    assert names == ["stdin#0", "stdin#1"]
    r = kg("build", "-", "-o", tmp_path / "none.trig", "--quiet", stdin="")
    assert r.exit_code == 1 and "standard input is empty" in r.output and not (tmp_path / "none.trig").exists()


def test_build_help_documents_standard_input():
    r = CliRunner().invoke(app, ["build", "--help"], env={"COLUMNS": "250"})
    assert "standard input" in r.output and "JSON Lines" in r.output


def test_validate_from_standard_input():
    r = kg("validate", "-", stdin=SAMPLE.read_bytes())
    assert r.exit_code == 0 and "conforms" in r.output, r.output
    r = kg("validate", "-", stdin="not RDF {")
    assert r.exit_code == 2 and "standard input" in r.output
