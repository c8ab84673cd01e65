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


def test_an_initial_inside_a_name_ends_no_sentence(nlp):
    doc = nlp("Chilean spokesman Ana C. Ruiz said talks would resume.")
    assert len(list(doc.sents)) == 1


def test_a_first_name_between_a_title_and_the_tagged_surname_joins_the_name():
    # "Defence Secretary Ana Ruiz of Chile spoke ." with only 'Ruiz' tagged by the NER
    doc = parsed("""
Defence 1 compound PROPN Defence
Secretary 2 compound PROPN Secretary
Ana 3 compound PROPN Ana
Ruiz 6 nsubj PROPN Ruiz B-PERSON
of 5 case ADP of
Chile 3 nmod PROPN Chile
spoke 6 ROOT VERB speak
. 6 punct PUNCT .
""")
    assert mention_of(doc, 2) == "Ana Ruiz" and mention_of(doc, 3) == "Ana Ruiz"


def test_the_body_a_head_sits_in_is_the_employer():
    # "Ana Ruiz , head of the foreign affairs committee in the Chilean parliament , said so ."
    doc = parsed("""
Ana 15 nsubj PROPN Ana B-PERSON
Ruiz 0 flat PROPN Ruiz I-PERSON
, 3 punct PUNCT ,
head 0 appos NOUN head
of 8 case ADP of
the 8 det DET the
foreign 7 amod ADJ foreign
affairs 8 compound NOUN affair
committee 3 nmod NOUN committee
in 12 case ADP in
the 12 det DET the
Chilean 12 amod ADJ Chilean
parliament 8 nmod NOUN parliament
, 3 punct PUNCT ,
said 15 ROOT VERB say
so 15 advmod ADV so
. 15 punct PUNCT .
""")
    assert ("Ana Ruiz", "memberOf", "Chile") in {(a.person, a.relation, a.target) for a in doc._.newskg_affiliations}
