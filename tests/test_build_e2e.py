"""End to end: `kg build` on the sample articles, checked through SPARQL, SHACL and the CLI."""
import shutil
import subprocess
import sys

import pytest
from rdflib import Dataset

from kg.graph.io import load_dataset
from kg.graph.validate import validate_dataset

KG = [sys.executable, "-m", "kg.cli"]
PREFIX = """PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX actor: <https://w3id.org/newskg/id/actor/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def run(*args, **kw):
    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def built(tmp_path_factory, raw_articles):
    out = tmp_path_factory.mktemp("build")
    r = run("build", raw_articles, "-o", out / "kg.ttl", "-o", out / "kg.trig", "--quiet")
    assert r.returncode == 0, r.stderr
    return out, r


def ask(ds: Dataset, q: str) -> bool:
    return bool(ds.query(PREFIX + q).askAnswer)


def test_summary_and_files(built):
    out, r = built
    assert "documents 5 built" in r.stderr and "claims" in r.stderr
    assert (out / "kg.ttl").stat().st_size > 10_000


def test_relations_through_sparql(built):
    out, _ = built
    ds = load_dataset(out / "kg.ttl")
    assert ask(ds, "ASK { actor:russia kg:strikes actor:islamic-state }")
    assert ask(ds, "ASK { actor:sergey-lavrov kg:memberOf actor:russia }")
    assert ask(ds, "ASK { actor:vladimir-putin kg:leads actor:russia }")
    # a denied claim is kept as an assertion but never as a plain triple
    assert ask(ds, """ASK { ?c a kg:Assertion ; kg:subject actor:russia ; kg:predicate kg:strikes ;
                              kg:object actor:iraq ; kg:polarity kg:Negative }""")
    assert not ask(ds, "ASK { actor:russia kg:strikes actor:iraq }")
    # every claim points at its sentence and document
    assert ask(ds, """ASK { ?c a kg:Assertion ; kg:evidence ?e ; kg:source ?d ; kg:charStart ?s .
                              ?d kg:fileName "000_7c7f09af1129f488.txt" }""")
    # one node per actor: Lavrov under all his spellings
    labels = {str(r[0]) for r in ds.query(PREFIX + "SELECT ?l WHERE { actor:sergey-lavrov rdfs:label ?l }")}
    assert labels == {"Sergey Lavrov"}


def test_named_graph_per_document(built):
    out, _ = built
    ds = Dataset()
    ds.parse(out / "kg.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert len([n for n in names if "/doc/" in n]) == 5


def test_shacl_valid(built):
    out, _ = built
    assert validate_dataset(load_dataset(out / "kg.ttl")).conforms
    r = run("validate", out / "kg.ttl")
    assert r.returncode == 0 and "conforms" in r.stdout


def test_rebuild_is_byte_identical(built, raw_articles, tmp_path):
    out, _ = built
    r = run("build", raw_articles, "-o", tmp_path / "again.ttl", "--quiet")
    assert r.returncode == 0
    assert (tmp_path / "again.ttl").read_bytes() == (out / "kg.ttl").read_bytes()


def test_bad_files_are_reported_and_skipped(tmp_path, raw_articles):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(next(raw_articles.glob("*.txt")), src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (src / "latin1.txt").write_bytes("Caf\xe9".encode("latin-1"))
    r = run("build", src, "-o", tmp_path / "kg.ttl", "--quiet")
    assert r.returncode == 0, r.stderr
    for name in ("empty.txt", "binary.txt", "latin1.txt"):
        assert name in r.stderr
    assert "documents 1 built, 3 skipped" in r.stderr


def test_unwritable_output_fails_before_work(tmp_path, raw_articles):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run("build", raw_articles, "-o", blocker / "kg.ttl")
    assert r.returncode == 2 and "error" in r.stderr and "extracting" not in r.stderr


def test_failed_build_leaves_old_graph(tmp_path):
    out = tmp_path / "kg.ttl"
    out.write_text("# previous graph\n")
    r = run("build", tmp_path / "missing-folder", "-o", out, "--quiet")
    assert r.returncode == 1 and "no such file or folder" in r.stderr
    assert out.read_text() == "# previous graph\n"


def test_help_explains_commands():
    r = run("--help")
    assert r.returncode == 0 and "build" in r.stdout and "validate" in r.stdout
    r = run("build", "--help")
    assert "--output" in r.stdout and "--store" in r.stdout and "--model" in r.stdout
