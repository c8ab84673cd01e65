"""Pipelines with ClearNLP labels (spaCy's en_core_web_*) are rewritten to UD before extraction."""
import spacy
from spacy.tokens import Doc

from kg.extract.pipeline import add_extraction_components
from kg.extract.udlabels import is_clearnlp, to_ud


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
