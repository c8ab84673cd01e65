"""A prov:Activity per build: software and pipeline versions, date, number of inputs; every document
prov:wasGeneratedBy it; deterministic for a given date."""
from __future__ import annotations

from pathlib import Path

import pytest

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from kg import __version__
from kg.graph.io import load_dataset, serialize
from kg.namespaces import KG
from kg.graph.rdf import BuildInfo, build_activity, build_date, pipeline_info
from kg.graph.validate import validate_dataset

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample.trig"
INFO = BuildInfo(date="2024-05-01", inputs=3, pipeline_name="en_newskg_sm", pipeline_version="0.1.0")


def built():
    ds = load_dataset(SAMPLE)
    docs = sorted(set(ds.subjects(RDF.type, KG.Document)))
    return ds, docs, build_activity(ds, INFO, docs)


def test_activity_describes_the_build():
    ds, docs, act = built()
    g = ds.graph(act)
    assert (act, RDF.type, PROV.Activity) in g
    assert g.value(act, DCTERMS.date) == Literal("2024-05-01", datatype=XSD.date)
    assert g.value(act, KG.inputCount).toPython() == 3 and g.value(act, KG.documentCount).toPython() == len(docs)
    from rdflib.namespace import SDO
    agent, pipe = g.value(act, PROV.wasAssociatedWith), g.value(act, PROV.used)
    assert str(g.value(agent, SDO.softwareVersion)) == __version__
    assert (str(g.value(pipe, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))),
            str(g.value(pipe, SDO.softwareVersion))) == ("en_newskg_sm", "0.1.0")
    for d in docs:  # in the document's own graph, so that replacing a document's graph keeps it right
        assert (d, PROV.wasGeneratedBy, act) in ds.graph(d)


def test_deterministic_for_a_date_and_different_for_another():
    a, b = built(), built()
    assert a[2] == b[2] and serialize(a[0], "nquads") == serialize(b[0], "nquads")
    ds = load_dataset(SAMPLE)
    other = build_activity(ds, BuildInfo("2024-05-02", 3, "en_newskg_sm", "0.1.0"), a[1])
    assert other != a[2]


def test_date_time_and_source_date_epoch():
    ds = load_dataset(SAMPLE)
    act = build_activity(ds, BuildInfo("2024-05-01T10:00:00Z", 1, "x", "1"), [])
    assert ds.graph(act).value(act, PROV.endedAtTime).datatype == XSD.dateTime
    assert build_date(environ={"SOURCE_DATE_EPOCH": "0"}) == "1970-01-01"
    assert build_date("2024-05-01", {"SOURCE_DATE_EPOCH": "0"}) == "2024-05-01"   # --build-date wins
    assert len(build_date("today")) == 10 and build_date("now").endswith("Z")


def test_no_date_unless_asked():
    """Without SOURCE_DATE_EPOCH or a given date the activity has no date: the same input, the same graph."""
    assert build_date(environ={}) == ""
    ds = load_dataset(SAMPLE)
    act = build_activity(ds, BuildInfo("", 1, "x", "1"), [])
    assert ds.graph(act).value(act, DCTERMS.date) is None and ds.graph(act).value(act, PROV.endedAtTime) is None
    for bad in ("yesterday", "2024-13-01", "1 May 2024"):
        with pytest.raises(ValueError, match="ISO 8601"):
            build_date(bad)


def test_still_valid_against_the_shapes():
    ds, _, _ = built()
    assert validate_dataset(ds).conforms


def test_pipeline_info_from_meta():
    class P:
        meta = {"lang": "en", "name": "newskg_sm", "version": "0.1.0"}
    assert pipeline_info(P()) == ("en_newskg_sm", "0.1.0")


# --- `kg build` writes the activity ------------------------------------------------------------

ARTICLE = "Title: Test\n\nRussian jets struck rebel positions near Aleppo on Tuesday, the ministry said.\n"


def kg(*args, env=None):
    import gc

    from typer.testing import CliRunner

    import kg.cli.build  # noqa: F401 - registers the commands
    from kg.cli.app import app
    r = CliRunner().invoke(app, [*map(str, args)], env=env)
    gc.collect()          # drop the run's store handles, as the end of a `kg` process would
    return r


def activities(ds):
    return sorted(set(ds.subjects(RDF.type, PROV.Activity)))


def test_cli_build_records_the_build(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "g.trig"
    r = kg("build", tmp_path / "in", "-o", out, "--quiet", env={"SOURCE_DATE_EPOCH": ""})
    assert r.exit_code == 0, r.output
    ds = load_dataset(out)
    (act,) = activities(ds)
    docs = set(ds.subjects(RDF.type, KG.Document))
    assert len(docs) == 1 and all((d, PROV.wasGeneratedBy, act) in ds.graph(d) for d in docs)
    assert ds.graph(act).value(act, KG.inputCount).toPython() == 1
    assert ds.graph(act).value(act, DCTERMS.date) is None
    assert validate_dataset(ds).conforms
    first = out.read_bytes()
    r = kg("build", tmp_path / "in", "-o", out, "--quiet", env={"SOURCE_DATE_EPOCH": ""})
    assert out.read_bytes() == first                       # deterministic without a date
    r = kg("build", tmp_path / "in", "-o", out, "--quiet", "--build-date", "2024-05-01")
    assert load_dataset(out).value(activities(load_dataset(out))[0], DCTERMS.date) == \
        Literal("2024-05-01", datatype=XSD.date)
    r = kg("build", tmp_path / "in", "-o", tmp_path / "x.trig", "--build-date", "soon")
    assert r.exit_code == 2 and "ISO 8601" in r.output and not (tmp_path / "x.trig").exists()


def test_cli_build_store_keeps_the_activity(tmp_path):
    from kg.sparql.store import Store

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    r = kg("build", tmp_path / "in", "--store", tmp_path / "st", "--quiet", "--build-date", "2024-05-01")
    assert r.exit_code == 0, r.output
    with Store(tmp_path / "st", read_only=True) as st:
        ds = st.dataset()
        (act,) = activities(ds)
        assert act in st.graphs()
        assert validate_dataset(ds).conforms
    r = kg("build", tmp_path / "in", "--store", tmp_path / "st", "--quiet", "--build-date", "2024-05-02")
    with Store(tmp_path / "st", read_only=True) as st:     # nothing built: no new activity
        assert len(activities(st.dataset())) == 1
