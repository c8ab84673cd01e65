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


def test_a_capital_joined_to_based_is_a_place_not_the_country():
    # "She is a Damascus-based reporter ."
    doc = parsed("""
She 6 nsubj PRON she
is 6 cop AUX be
a 6 det DET a
Damascus 5 obl:unmarked PROPN Damascus B-GPE
- 3 punct PUNCT -
based 6 amod VERB base
reporter 6 ROOT NOUN reporter
. 6 punct PUNCT .
""")
    assert mention_of(doc, 3) is None
    doc = parsed("""
Damascus 1 nsubj PROPN Damascus
protested 1 ROOT VERB protest
. 1 punct PUNCT .
""")
    assert mention_of(doc, 0) == "Syria"


def test_an_assimilated_arabic_article_stays_in_the_name():
    # "Troops killed Abd ar-Rahman al-Orsk on Monday ." with only 'Abd' tagged
    doc = parsed_unspaced("""
Troops 1 nsubj NOUN troops
killed 1 ROOT VERB kill
Abd 1 obj PROPN Abd B-PERSON
ar 2 flat ADJ ar
- 5 punct PUNCT -
Rahman 2 flat PROPN Rahman
al 2 flat PROPN al
- 8 punct PUNCT -
Orsk 6 flat PROPN Orsk
on 10 case ADP on
Monday 1 obl PROPN Monday
. 1 punct PUNCT .
""", glued={3, 4, 6, 7, 10})
    assert mention_of(doc, 2) == "Abd ar-Rahman al-Orsk" and mention_of(doc, 8) == "Abd ar-Rahman al-Orsk"


def parsed_unspaced(rows: str, glued: set[int]):
    """Like handparse.parsed, with no space after the tokens in ``glued`` ('ar-Rahman' is one word)."""
    from spacy.tokens import Doc

    from handparse import blank_pipeline

    toks = [line.split() for line in rows.strip().splitlines() if line.strip()]
    nlp = blank_pipeline()
    doc = Doc(nlp.vocab, words=[t[0] for t in toks], spaces=[i not in glued for i in range(len(toks))],
              heads=[int(t[1]) for t in toks], deps=[t[2] for t in toks], pos=[t[3] for t in toks],
              lemmas=[t[4] for t in toks], ents=[t[5] if len(t) > 5 else "O" for t in toks])
    for name, proc in nlp.pipeline:
        if name != "newskg_paragraphs":
            doc = proc(doc)
    return doc


def test_a_tagged_first_name_joins_a_known_surname():
    # "Riad Hijab spoke ." with 'Riad' tagged alone; the data knows 'Riyad Hijab' and 'Hijab'
    doc = parsed("""
Riad 2 nsubj PROPN Riad B-PERSON
Hijab 0 flat PROPN Hijab
spoke 2 ROOT VERB speak
. 2 punct PUNCT .
""")
    assert mention_of(doc, 0) == "Riyad Hijab" and mention_of(doc, 1) == "Riyad Hijab"
    assert len([s for s in doc.spans["newskg_actors"] if s.label_ == "Person"]) == 1


def test_an_inverted_speech_tag_names_a_person():
    # "“ It is hard , ” wrote Ana Ruiz on Monday ." with no NER tags
    doc = parsed("""
“ 3 punct PUNCT "
It 3 nsubj PRON it
is 3 cop AUX be
hard 3 ROOT ADJ hard
, 3 punct PUNCT ,
” 3 punct PUNCT "
wrote 3 parataxis VERB write
Ana 6 nsubj PROPN Ana
Ruiz 7 flat PROPN Ruiz
on 10 case ADP on
Monday 6 obl PROPN Monday
. 3 punct PUNCT .
""")
    m = doc[7]._.actor
    assert m is not None and m.label_ == "Person" and m.kb_id_ == "Ana Ruiz"


def test_an_event_the_ner_took_for_an_organisation_is_no_actor():
    # "Leaders met at the Zorva Security Summit ."
    doc = parsed("""
Leaders 1 nsubj NOUN leader
met 1 ROOT VERB meet
at 6 case ADP at
the 6 det DET the
Zorva 6 compound PROPN Zorva B-ORG
Security 6 compound PROPN Security I-ORG
Summit 1 obl PROPN Summit I-ORG
. 1 punct PUNCT .
""")
    assert mention_of(doc, 4) is None and mention_of(doc, 6) is None


def test_a_lone_surname_is_a_dictionary_person_only_after_a_title():
    from handparse import blank_pipeline

    finder = blank_pipeline().get_pipe("newskg_actors")
    surname, full = next((k, v) for k, v in sorted(finder.world_surnames.items())
                         if k not in finder.person_surnames and len(k) > 4 and k.isalpha()
                         and finder.lookup(k) is None)
    rows = """
{t} 1 nsubj PROPN {t}
{s} 2 nsubj PROPN {s} B-PERSON
spoke 2 ROOT VERB speak
. 2 punct PUNCT .
"""
    assert mention_of(parsed(rows.format(t="President", s=surname)), 1) == full
    assert mention_of(parsed(rows.format(t="Then", s=surname)), 1) == surname
