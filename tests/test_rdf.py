"""RDF writing: IRIs, claims, materialised triples, named graphs, determinism, atomic writes, SHACL."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from kg.graph.io import GraphFileError, check_writable, load_dataset, serialize, write_dataset
from kg.namespaces import KG, actor_iri, doc_iri, relation, slug
from kg.graph.rdf import to_dataset
from kg.records import Actor, Article, Claim, DocumentResult
from kg.graph.validate import validate_dataset


def result(doc_id="00aa11bb22cc33dd"):
    art = Article(doc_id, "a.txt", "Russia struck X. Russia did not support Y.", doc_id * 4, title="T",
                  date="2015-10-01")
    actors = {"Russia": Actor("Russia", "Country", frozenset({"Russia", "Moscow"})),
              "X Group": Actor("X Group", "ArmedGroup", frozenset({"X"})),
              "Y": Actor("Y", "ArmedGroup", frozenset({"Y"}))}
    claims = [Claim("Russia", "strikes", "X Group", evidence="Russia struck X.", char_start=0, char_end=16),
              Claim("Russia", "supports", "Y", "Negative", "Actual", "Russia", "Russia did not support Y.", 17, 42)]
    return DocumentResult(art, actors, {"Russia": 2, "X Group": 1, "Y": 1}, claims)


def test_slugs_and_relations():
    assert slug("Sergéy  Lavrov") == "sergey-lavrov"
    assert actor_iri("US-led coalition").endswith("/actor/us-led-coalition")
    with pytest.raises(ValueError):
        relation("likes")


def test_claims_and_plain_triples():
    ds = to_dataset([result()])
    g = ds.graph(doc_iri("00aa11bb22cc33dd"))
    ru, x, y = actor_iri("Russia"), actor_iri("X Group"), actor_iri("Y")
    assert (ru, KG.strikes, x) in g                       # positive actual → plain triple
    assert (ru, KG.supports, y) not in g                  # negative → claim only
    neg = list(g.subjects(KG.polarity, KG.Negative))
    assert len(neg) == 1 and (neg[0], KG.attributedTo, ru) in g
    assert (ru, SKOS.altLabel, Literal("Moscow")) in g and (ru, RDFS.label, Literal("Russia")) in g
    assert (ru, RDF.type, KG.Country) in g
    assert len(list(g.subjects(RDF.type, KG.Assertion))) == 2


def test_shacl_conforms_and_catches_breakage():
    ds = to_dataset([result()])
    assert validate_dataset(ds).conforms
    g = ds.graph(doc_iri("00aa11bb22cc33dd"))
    claim = next(g.subjects(RDF.type, KG.Assertion))
    g.remove((claim, KG.polarity, None))
    rep = validate_dataset(ds)
    assert not rep.conforms and rep.violations >= 1


@pytest.mark.parametrize("ext", [".ttl", ".trig", ".nq", ".nt", ".jsonld"])
def test_round_trip_and_determinism(tmp_path, ext):
    a, b = tmp_path / f"a{ext}", tmp_path / f"b{ext}"
    write_dataset(to_dataset([result(), result("11bb22cc33dd44ee")]), a)
    write_dataset(to_dataset([result("11bb22cc33dd44ee"), result()]), b)
    assert a.read_bytes() == b.read_bytes()
    back = load_dataset(a)
    assert len(list(back.quads((None, None, None, None)))) > 20
    if ext in (".trig", ".nq"):
        assert {str(c.identifier) for c in back.graphs() if len(c)} >= {str(doc_iri("00aa11bb22cc33dd"))}


@pytest.mark.parametrize("ext", [".ttl", ".trig", ".jsonld"])
def test_named_graph_order_does_not_depend_on_hash_seed(tmp_path, ext):
    """rdflib keeps named graphs in a set; the written file must not follow its (seeded) order."""
    script = ("import sys; sys.path[:0] = [sys.argv[2]]; from test_rdf import result, to_dataset, write_dataset; "
              "write_dataset(to_dataset([result(), result('11bb22cc33dd44ee'), result('22cc33dd44ee55ff')]), sys.argv[1])")
    outs = []
    for seed in range(6):
        out = tmp_path / f"{seed}{ext}"
        subprocess.run([sys.executable, "-c", script, str(out), str(Path(__file__).parent)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": str(seed)})
        outs.append(out.read_bytes())
    assert len(set(outs)) == 1


def test_atomic_write_keeps_old_file_on_failure(tmp_path, monkeypatch):
    out = tmp_path / "kg.ttl"
    write_dataset(to_dataset([result()]), out)
    before = out.read_bytes()

    def boom(*a, **k):
        raise RuntimeError("crash while serialising")
    monkeypatch.setattr("kg.graph.io.serialize", boom)
    with pytest.raises(RuntimeError):
        write_dataset(to_dataset([result()]), out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]     # no temp file left behind


def test_unwritable_outputs_fail_early(tmp_path):
    with pytest.raises(GraphFileError, match="extension"):
        check_writable(tmp_path / "kg.xyz")
    with pytest.raises(GraphFileError, match="directory"):
        check_writable(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(GraphFileError):
        check_writable(blocker / "sub" / "kg.ttl")


def test_bad_graph_file(tmp_path):
    f = tmp_path / "bad.ttl"
    f.write_text("this is not turtle <", encoding="utf8")
    with pytest.raises(GraphFileError, match="not a valid"):
        load_dataset(f)
    with pytest.raises(GraphFileError, match="no such"):
        load_dataset(tmp_path / "none.ttl")
    assert serialize(to_dataset([]), "nt") == b""
