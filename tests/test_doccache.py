"""The per-Doc cache of the extraction components gives what spaCy's own attributes give, and lives only
while a component runs."""
import pytest

from kg.extract.doccache import (CACHE_KEY, DocCache, StringMemo, actor_of, column, conjuncts, has_child_dep,
                                 kids, open_cache, per_doc, sentence, tokens)
from kg.extract.pipeline import extraction_pipeline

TEXT = ("Kelvaria, Zorvania and the Front, Kelvar and Zorva signed a border deal in Zorva on Monday. The Kelvari foreign minister, "
        "Ana Ruiz, said the rebels  were behind the attacks.\n\nZorvan forces loyal to President Ivo Tal "
        "shelled rebel-held towns, the ministry said.")


@pytest.fixture(scope="module")
def nlp():
    return extraction_pipeline()


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def test_columns_match_token_attributes(doc):
    cache = DocCache(doc)
    assert [t.i for t in cache.tokens] == [t.i for t in doc]
    assert cache.lower == [t.lower_ for t in doc]
    assert cache.text == [t.text for t in doc]
    assert cache.lemma == [t.lemma_.lower() for t in doc]
    assert cache.pos == [t.pos_ for t in doc]
    assert cache.tag == [t.tag_ for t in doc]
    assert cache.dep == [t.dep_ for t in doc]
    assert cache.dep_base == [t.dep_.split(":")[0] for t in doc]
    assert cache.idx == [t.idx for t in doc]
    assert cache.heads == [t.head.i for t in doc]


def test_children_sentences_and_slices_match_spacy(doc):
    cache = DocCache(doc)
    for t in doc:
        assert [c.i for c in cache.kids[t.i]] == [c.i for c in t.children]
        assert (cache.sent(t).start, cache.sent(t).end) == (t.sent.start, t.sent.end)
        assert [c.i for c in cache.conjuncts(t)] == [c.i for c in t.conjuncts]
        for label in ("cop", "obj", "nsubj", "conj"):
            assert (t.i in cache.with_child(label)) == any(c.dep_ == label for c in t.children)
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 6) + 1):
            assert cache.text_of(start, end) == doc[start:end].text


def test_helpers_without_an_open_cache_fall_back_to_spacy(doc):
    assert CACHE_KEY not in doc.user_data
    tok = doc[3]
    assert [c.i for c in kids(tok)] == [c.i for c in tok.children]
    assert sentence(tok) == tok.sent
    assert conjuncts(doc[0]) == doc[0].conjuncts
    assert has_child_dep(tok, "obj") == any(c.dep_ == "obj" for c in tok.children)
    assert [t.i for t in tokens(doc)] == list(range(len(doc)))
    assert column(doc, "pos") == [t.pos_ for t in doc]
    assert actor_of(tok) == tok._.actor


def test_open_cache_is_dropped_after_the_block_and_reused_inside(doc):
    with open_cache(doc) as cache:
        assert doc.user_data[CACHE_KEY] is cache
        with open_cache(doc) as inner:
            assert inner is cache
        assert doc.user_data[CACHE_KEY] is cache
        assert kids(doc[3]) is cache.kids[3]
    assert CACHE_KEY not in doc.user_data


def test_components_leave_no_cache_on_the_doc(nlp):
    doc = nlp(TEXT)
    assert CACHE_KEY not in doc.user_data      # (it holds Token objects, which hold the Doc)


def test_string_memo_survives_its_limit(nlp):
    memo = StringMemo(limit=3)
    for text in ["Kelvaria shelled the town.", "Zorvan rebels denied it on Friday.", "Kelvaria shelled it."]:
        d = nlp.make_doc(text)
        assert DocCache(d, memo).lower == [t.lower_ for t in d]


class _Finder:
    """A stand-in with one memoized reader, counting its real calls."""

    def __init__(self):
        self.calls = 0

    @per_doc
    def words(self, tok, n):
        self.calls += 1
        return [tok.lower_] * n


def test_per_doc_memoizes_while_open_and_hands_out_copies(doc):
    finder = _Finder()
    with open_cache(doc):
        first = finder.words(doc[0], 2)
        first.append("changed")
        assert finder.words(doc[0], 2) == [doc[0].lower_] * 2
        assert finder.calls == 1
        finder.words(doc[0], 3)
        assert finder.calls == 2
    finder.words(doc[0], 2)
    assert finder.calls == 3          # no cache open: computed again
