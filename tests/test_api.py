"""The Python API (kg.api, importable as newskg): extract, build, load, query, view in a notebook."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import PROV, RDF

import newskg
from kg.namespaces import KG

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "sample.trig"
TEXT = (FIXTURES / "api" / "invented.txt").read_text()


@pytest.fixture(scope="module")
def built() -> Dataset:
    return newskg.build([FIXTURES / "api"], date="2024-05-01")


def test_extract_gives_records():
    doc = newskg.extract(TEXT, date="2024-05-01")
    assert isinstance(doc, newskg.DocumentResult)
    assert doc.article.date == "2024-05-01" and doc.claims
    got = {(c.subject, c.relation, c.object, c.polarity) for c in doc.claims}
    assert ("Turkey", "supports", "Free Syrian Army", "Positive") in got
    assert ("Germany", "coordinatesWith", "Turkey", "Negative") in got
    assert doc.actors["Turkey"].cls == "Country"


def test_build_gives_a_dataset_with_a_graph_per_document_and_provenance(built):
    docs = set(built.subjects(RDF.type, KG.Document))
    assert len(docs) == 1
    d = next(iter(docs))
    act = built.graph(d).value(d, PROV.wasGeneratedBy)
    assert act is not None and (act, RDF.type, PROV.Activity) in built
    again = newskg.build(FIXTURES / "api", date="2024-05-01")
    assert set(again.quads((None, None, None, None))) == set(built.quads((None, None, None, None)))


def test_build_of_nothing_is_a_clear_error(tmp_path):
    (tmp_path / "x.bin").write_bytes(b"\x00\x01")
    with pytest.raises(newskg.BuildError, match="nothing built"):
        newskg.build([tmp_path / "x.bin"])


def test_query_on_a_file_and_a_dataset(built):
    rows = newskg.query(SAMPLE, "SELECT DISTINCT ?a ?l WHERE { ?a a kg:Actor ; rdfs:label ?l } ORDER BY ?a",
                        params={"l": '"Russia"'})
    assert [r["a"] for r in rows] == [URIRef("https://w3id.org/newskg/id/actor/russia")]
    assert newskg.query(built, "ASK { ?c a kg:Assertion }")[0]["ask"].toPython() is True


def test_view_shows_inline_in_jupyter_escaped(tmp_path):
    v = newskg.view(SAMPLE, title='<b>"x"</b>')
    page = v._repr_html_()
    assert page.startswith("<iframe srcdoc=\"") and page.endswith("</iframe>")
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', page).group(1)  # no raw quote inside the attribute
    assert html.unescape(srcdoc) == v.html and "<script" not in srcdoc
    assert 'sandbox="allow-scripts"' in page
    out = v.save(tmp_path / "v.html")
    assert out.read_text(encoding="utf-8") == v.html
