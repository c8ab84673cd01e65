"""Names, datelines and bylines: where a mention starts and ends (invented text)."""
import pytest
from handparse import mention_of, parsed


@pytest.fixture(scope="module")
def nlp():
    from kg.extract.pipeline import extraction_pipeline

    return extraction_pipeline(None)


def test_a_byline_names_its_journalists():
    # "( Reporting by Ana Ruiz and Juan Soto in Lima ; Editing by Eva Lind )"
    doc = parsed("""
( 1 punct PUNCT (
Reporting 1 ROOT NOUN reporting
by 3 case ADP by
Ana 1 nmod PROPN Ana
Ruiz 3 flat PROPN Ruiz
and 6 cc CCONJ and
Juan 3 conj PROPN Juan
Soto 6 flat PROPN Soto
in 9 case ADP in
Lima 6 nmod PROPN Lima
; 1 punct PUNCT ;
Editing 11 ROOT NOUN editing
by 13 case ADP by
Eva 11 nmod PROPN Eva
Lind 13 flat PROPN Lind
) 11 punct PUNCT )
""")
    assert mention_of(doc, 3) == "Ana Ruiz" and mention_of(doc, 6) == "Juan Soto" and mention_of(doc, 13) == "Eva Lind"
    assert mention_of(doc, 9) is None     # 'in Lima': where the reporter was, not an actor


def test_an_all_capitals_dateline_is_not_an_actor(nlp):
    doc = nlp("LIMA (Wire) - Chile accused Peru on Monday.")
    assert [s.kb_id_ for s in doc.spans["newskg_actors"] if s.start == 0] == []
    assert any(s.kb_id_ == "Chile" for s in doc.spans["newskg_actors"])


def test_a_name_never_runs_over_a_line_break(nlp):
    doc = nlp("Author : Ana Ruiz\n\nSource : Lima Daily")
    names = [s.kb_id_ for s in doc.spans["newskg_actors"] if s.label_ == "Person"]
    assert all("Source" not in n for n in names)


def test_a_closing_bracket_before_an_em_dash_is_its_own_token(nlp):
    doc = nlp("May 2, 2016 (EIRNS)\u2014Chilean ministers met.")
    assert [t.text for t in doc][4:8] == ["(", "EIRNS", ")", "\u2014"]


def test_a_line_break_is_no_word_hyphen(nlp):
    from kg.extract.actors import is_word_hyphen

    doc = nlp("Ana Ruiz\n\nSource")
    assert not any(is_word_hyphen(t) for t in doc)
    assert is_word_hyphen(nlp("Jean-Marc")[1])
