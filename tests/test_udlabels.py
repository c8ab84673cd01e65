"""Pipelines with ClearNLP labels (spaCy's en_core_web_*) are rewritten to UD before extraction."""
import spacy
from spacy.tokens import Doc

from kg.extract.pipeline import add_extraction_components
from kg.extract.udlabels import is_clearnlp, lift_space_tokens, to_ud


def clearnlp_doc(nlp):
    # "Russia launched airstrikes against the Islamic State , and Iran was supported by Moscow ."
    words = ["Russia", "launched", "airstrikes", "against", "the", "Islamic", "State", ",", "and", "Iran", "was",
             "supported", "by", "Moscow", "."]
    heads = [1, 1, 1, 2, 6, 6, 3, 1, 1, 11, 11, 1, 11, 12, 1]
    deps = ["nsubj", "ROOT", "dobj", "prep", "det", "compound", "pobj", "punct", "cc", "nsubjpass", "auxpass",
            "conj", "agent", "pobj", "punct"]
    pos = ["PROPN", "VERB", "NOUN", "ADP", "DET", "PROPN", "PROPN", "PUNCT", "CCONJ", "PROPN", "AUX", "VERB",
           "ADP", "PROPN", "PUNCT"]
    lemmas = ["Russia", "launch", "airstrike", "against", "the", "Islamic", "State", ",", "and", "Iran", "be",
              "support", "by", "Moscow", "."]
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_rewrite_to_ud():
    nlp = spacy.blank("en")
    doc = clearnlp_doc(nlp)
    assert is_clearnlp(doc)
    to_ud(doc)
    assert not is_clearnlp(doc)
    assert (doc[6].dep_, doc[6].head.text, doc[3].dep_, doc[3].head.text) == ("nmod", "airstrikes", "case", "State")
    assert (doc[13].dep_, doc[13].head.text, doc[9].dep_) == ("obl:agent", "supported", "nsubj:pass")


def test_extraction_on_a_clearnlp_parse():
    nlp = spacy.blank("en")
    add_extraction_components(nlp)
    nlp.add_pipe("newskg_ud_labels", before="newskg_actors")
    doc = clearnlp_doc(nlp)
    for name, proc in nlp.pipeline:
        if name != "newskg_paragraphs":
            doc = proc(doc)
    got = {(c.subject, c.relation, c.object, c.polarity) for c in doc._.newskg_claims}
    assert ("Russia", "strikes", "Islamic State", "Positive") in got
    assert ("Russia", "supports", "Iran", "Positive") in got


def test_a_whitespace_token_made_head_gives_its_place_to_its_word():
    # 'Iran urged  Hamas to talk': the double space is a token the parser made the object, 'Hamas' its appos
    nlp = spacy.blank("en")
    words = ["Iran", "urged", " ", "Hamas", "to", "talk", "."]
    heads = [1, 1, 1, 2, 5, 1, 1]
    deps = ["nsubj", "ROOT", "obj", "appos", "mark", "xcomp", "punct"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, spaces=[True, True, False, True, True, False, False])
    lift_space_tokens(doc)
    assert (doc[3].head.i, doc[3].dep_) == (1, "obj")
    assert doc[2].head.i == 3 and doc[2].dep_ == "dep"
    assert [t.head.i for t in doc if t.i not in (2, 3)] == [1, 1, 5, 1, 1]


def test_an_infinitive_hung_as_adverbial_clause_of_a_control_verb_is_its_objects():
    from handparse import claims_of, parsed

    doc = parsed("""
Egypt 1 nsubj PROPN Egypt
expected 1 ROOT VERB expect
Qatar 1 obj PROPN Qatar
to 4 mark PART to
help 1 advcl VERB help
Hamas 4 obj PROPN Hamas
. 1 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Qatar", "supports", "Hamas", "Positive") in got
    assert ("Egypt", "supports", "Hamas", "Positive") not in got
