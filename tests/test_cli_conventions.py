"""The habits of RDF command-line tools: --version, -h, '-' for standard input and output, one meaning per
option name, long inline queries, piped tables kept whole, export formats chosen from the file name."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.cli.build  # noqa: F401  (registers the commands)
import kg.cli.sparql  # noqa: F401
import kg.cli.view  # noqa: F401
from kg import __version__
from kg.cli.app import app
from kg.graph.io import load_dataset
from kg.sparql.query import looks_like_query_text, read_query

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
ROOT = SAMPLE.parents[2]
runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def kg(*args: str, stdin: str | bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_version():
    r = kg("--version")
    assert r.exit_code == 0 and r.stdout.startswith(f"newskg {__version__} (bundled pipeline en_newskg_sm ")


@pytest.mark.parametrize("command", [None] + COMMANDS)
def test_short_help_everywhere(command):
    args = [command, "-h"] if command else ["-h"]
    r = kg(*args)
    assert r.exit_code == 0, r.output
    assert "Usage:" in r.stdout and "--help" in r.stdout


def test_one_meaning_per_option_name():
    """An option name (long or short) is the same parameter in every command that has it."""
    import typer.main

    kinds: dict[str, set[str]] = {}
    for cmd in typer.main.get_command(app).commands.values():
        for p in cmd.params:
            if getattr(p, "param_type_name", "") == "option" and not p.hidden:
                for opt in p.opts:
                    kinds.setdefault(opt, set()).add(p.name)
    assert {o: ns for o, ns in kinds.items() if len(ns) > 1} == {}
    assert kinds["--graph"] == {"graph_iri"}  # kg push's graph IRI; kg query's data is --data
    assert kinds["--data"] == {"data"} and kinds["-d"] == {"data"}


def test_deprecated_graph_alias_still_works_with_a_warning():
    r = kg("query", "ASK { ?s ?p ?o }", "--graph", str(SAMPLE), "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["boolean"] is True
    assert "deprecated" in r.stderr and "--data" in r.stderr


def test_a_1000_character_inline_query_runs():
    q = "SELECT DISTINCT ?c WHERE { ?c a kg:Country . " + " ".join(f"FILTER (?c != <http://x/{i:04d}>)" for i in range(30))
    q = (q + " }" + " " * 1000)[:1000]
    q = q[:q.rindex("FILTER")] + "}"
    q = q.ljust(1000, " ")
    assert len(q) == 1000
    r = kg("query", q, "-d", str(SAMPLE), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    assert len(r.stdout.strip().splitlines()) == 4  # header and three countries


@pytest.mark.parametrize("n", [255, 256, 1000, 4095, 4096, 20000])
def test_long_text_without_braces_is_never_a_path(n, monkeypatch):
    text = "DESCRIBE <http://example.org/" + "x" * n + ">"
    monkeypatch.setattr(Path, "is_file", lambda self: pytest.fail("the file system was asked"))
    assert looks_like_query_text(text) and read_query(text) == text


def test_query_from_standard_input():
    text = (ROOT / "queries" / "denied_claims.rq").read_text()
    r = kg("query", "-", "-d", str(SAMPLE), "-f", "csv", stdin=text)
    assert r.exit_code == 0, r.stderr
    assert len(r.stdout.strip().splitlines()) == 3


def test_data_from_standard_input():
    r = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-d", "-", "-f", "csv",
           stdin=SAMPLE.read_bytes())
    assert r.exit_code == 0, r.stderr
    assert r.stdout.split()[1] == "373"
    r = kg("query", "-", "-d", "-", stdin="ASK {}")
    assert r.exit_code == 2 and "not both" in r.stderr


def test_export_to_standard_output_and_from_standard_input():
    r = kg("export", str(SAMPLE), "-f", "nt", "-o", "-")
    assert r.exit_code == 0, r.stderr
    assert len(r.stdout.strip().splitlines()) == 332 and "standard output" in r.stderr
    assert not Path("-").exists()
    r2 = kg("export", "-", "-f", "nquads", stdin=SAMPLE.read_bytes())  # -o - is the default
    assert r2.exit_code == 0 and len(r2.stdout.strip().splitlines()) == 373
    bad = kg("export", "-", "-f", "nt", stdin="this is not RDF {")
    assert bad.exit_code == 1 and "standard input" in bad.stderr


def test_rdfxml_export_by_name_and_by_format(tmp_path):
    out = tmp_path / "x.rdf"
    r = kg("export", str(SAMPLE), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert out.read_text().lstrip().startswith("<?xml") and "rdf:RDF" in out.read_text()
    assert len(set(load_dataset(out).triples((None, None, None)))) == 332
    r = kg("export", str(SAMPLE), "--format", "xml")
    assert "rdf:RDF" in r.stdout


def test_unknown_or_contradicting_extension_is_an_error(tmp_path):
    r = kg("export", str(SAMPLE), "-o", str(tmp_path / "graph.foo"))
    assert r.exit_code == 2 and "unknown extension" in r.stderr
    r = kg("export", str(SAMPLE), "-f", "turtle", "-o", str(tmp_path / "x.rdf"))
    assert r.exit_code == 2 and "xml" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_piped_table_is_not_truncated():
    """A table written to a pipe keeps every cell whole, on one line per row (a real subprocess: not a tty)."""
    long_label = "x" * 300
    q = f'SELECT ?label ?other WHERE {{ BIND ("{long_label}" AS ?label) BIND ("end-of-row" AS ?other) }}'
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "query", q, "-d", str(SAMPLE)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stdout.splitlines() if long_label in ln)
    assert "end-of-row" in line
    assert "--format tsv" in proc.stderr


def test_view_default_output_is_next_to_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = kg("view", str(SAMPLE))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "sample.html").is_file() and not (tmp_path / "data").exists()
