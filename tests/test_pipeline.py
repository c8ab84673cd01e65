"""The bundled spaCy pipeline and the loader (issue: foundation)."""
import json

import pytest
import spacy

from kg.extract.nlp import BUNDLED_PATH, PipelineError, load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_bundled_pipeline_is_packaged_with_meta():
    meta = json.loads((BUNDLED_PATH / "meta.json").read_text())
    assert {"tagger", "parser", "ner"} <= set(meta["pipeline"])
    assert any("EWT" in s["name"] for s in meta["sources"]) and all(s["license"] for s in meta["sources"])
    scores = meta["test_scores"]
    assert scores["ewt"]["upos"] > 0.9 and scores["ewt"]["las"] > 0.7


def test_loaded_once_per_process(nlp):
    assert load_pipeline() is nlp
    assert isinstance(spacy.load(BUNDLED_PATH), spacy.Language)


@pytest.mark.parametrize("text,subj,verb,obj", [
    ("The government approved the budget on Monday.", "government", "approved", "budget"),
    ("Rebels captured the town after heavy fighting.", "Rebels", "captured", "town"),
    ("The minister signed a new agreement with the union.", "minister", "signed", "agreement"),
])
def test_subject_and_object_of_the_main_verb(nlp, text, subj, verb, obj):
    doc = nlp(text)
    root = [t for t in doc if t.dep_ == "ROOT"][0]
    assert root.text == verb
    assert [t.text for t in root.children if t.dep_ == "nsubj"] == [subj]
    assert [t.text for t in root.children if t.dep_ == "obj"] == [obj]


def test_persons_and_organisations(nlp):
    doc = nlp("John Smith, a spokesman for Microsoft, said the company would hire more engineers in London.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("John Smith", "PERSON") in ents
    assert ("Microsoft", "ORG") in ents
    assert any(e.text == "London" and e.label_ in ("LOC", "GPE") for e in doc.ents)


def test_static_vectors_cover_every_casing_of_a_word(nlp):
    vectors = nlp.vocab.vectors
    assert vectors.shape[0] > 10000 and vectors.shape[1] > 0
    rows = {vectors.find(key=spelling) for spelling in ("chicago", "Chicago", "CHICAGO")}
    assert len(rows) == 1 and rows != {-1}
    assert vectors.find(key="qzxvbnmw") == -1


def test_similar_words_have_similar_vectors(nlp):
    def cos(a: str, b: str) -> float:
        x, y = nlp.vocab[a].vector, nlp.vocab[b].vector
        return float(x @ y / ((x @ x) ** 0.5 * (y @ y) ** 0.5))

    assert cos("Paris", "London") > cos("Paris", "banana")
    assert cos("minister", "president") > cos("minister", "guitar")


def test_sentence_boundaries(nlp):
    doc = nlp("The talks ended on Friday. Both sides said they would meet again. No date was set.")
    assert [s.text for s in doc.sents] == ["The talks ended on Friday.", "Both sides said they would meet again.",
                                          "No date was set."]


def test_lemmas_and_tags(nlp):
    doc = nlp("The soldiers were fighting in the hills.")
    assert [t.lemma_ for t in doc][:4] == ["the", "soldier", "be", "fight"]
    assert doc[1].pos_ == "NOUN" and doc[3].pos_ == "VERB"


def test_missing_pipeline_name_says_how_to_install():
    with pytest.raises(PipelineError, match="not installed.*spacy download"):
        load_pipeline("en_no_such_pipeline_xyz")


def test_bad_paths(tmp_path):
    with pytest.raises(PipelineError, match="does not exist"):
        load_pipeline(str(tmp_path / "nowhere"))
    with pytest.raises(PipelineError, match="not a spaCy pipeline folder"):
        load_pipeline(str(tmp_path))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp]\nlang = \"xx_nonexistent\"\n")
    with pytest.raises(PipelineError, match="cannot load"):
        load_pipeline(str(broken))


def test_user_pipeline_by_path(tmp_path):
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    blank.to_disk(tmp_path / "mini")
    nlp = load_pipeline(str(tmp_path / "mini"))
    assert nlp.pipe_names == ["sentencizer"]
