"""A prov:Activity per build: software and pipeline versions, date, number of inputs; every document
prov:wasGeneratedBy it; deterministic for a given date."""
from __future__ import annotations

from pathlib import Path

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
    assert build_date({"SOURCE_DATE_EPOCH": "0"}) == "1970-01-01"
    assert len(build_date({})) == 10


def test_still_valid_against_the_shapes():
    ds, _, _ = built()
    assert validate_dataset(ds).conforms


def test_pipeline_info_from_meta():
    class P:
        meta = {"lang": "en", "name": "newskg_sm", "version": "0.1.0"}
    assert pipeline_info(P()) == ("en_newskg_sm", "0.1.0")
