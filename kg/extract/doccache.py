"""A per-Doc cache the extraction components share during one component call.

spaCy makes a new `Token` object for every `doc[i]`, `for t in doc`, `t.head` and `t.children`, and
`t.children` walks the token's whole subtree span; `t.sent` scans the sentence. newskg's components read
the same tokens many times in many small passes, so they read them through this cache: the Doc's Token
objects made once, their lower-case forms, and each token's children and sentence made on first use.

The cache lives in the Doc extension ``newskg_cache`` only while a component runs (`open_cache`, a context
manager): it holds Token objects, which hold the Doc, and must not outlive the call. Without an open cache
every helper here falls back to spaCy's own attributes, with the same results.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property, wraps

from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, ORTH, POS, TAG
from spacy.tokens import Doc, Span, Token

CACHE_NAME = "newskg_cache"
CACHE_KEY = ("._.", CACHE_NAME, None, None)
"""Where spaCy keeps the ``doc._.newskg_cache`` value in ``doc.user_data`` (read directly: cheaper)."""
if not Doc.has_extension(CACHE_NAME):
    Doc.set_extension(CACHE_NAME, default=None)


class StringMemo:
    """Strings already read from the StringStore by hash (a hash always names the same string), kept by a
    component across Docs so that a word seen before costs one dict lookup; bounded."""

    def __init__(self, limit: int = 500_000):
        self.plain: dict[int, str] = {}
        self.lower: dict[int, str] = {}
        self.limit = limit

    def add(self, strings, ids: list[int], known: dict[int, str], lower: bool) -> None:
        """Remember in ``known`` the strings of those of ``ids`` not there yet (lower-cased if asked); a memo
        grown past the limit starts again."""
        if len(known) > self.limit:
            known.clear()
        for h in set(ids).difference(known):
            known[h] = strings[h].lower() if lower else strings[h]


class DocCache:
    """The Token objects of one Doc, per-token strings read in bulk, children and sentences, each made once."""

    def __init__(self, doc: Doc, memo: StringMemo | None = None):
        self.doc = doc
        self.memo = memo if memo is not None else StringMemo()
        self.tokens: list[Token] = list(doc)
        offsets = doc.to_array(HEAD).astype("int64").tolist() if len(doc) else []
        self.heads: list[int] = [i + d for i, d in enumerate(offsets)]
        """Token index → its head's index."""
        self.kids: list[list[Token]] = [[] for _ in self.tokens]
        """Token index → its children in index order: what `Token.children` gives (spaCy keeps each token's
        left and right edges up to date, and its children are the tokens in between whose head it is)."""
        for i, h in enumerate(self.heads):
            if h != i:
                self.kids[h].append(self.tokens[i])
        self._sent_of: list[int] | None = None
        self._sents: list[Span] = []
        self._has_sents = doc.has_annotation("SENT_START")
        self.sentence_numbers: dict[int, int] | None = None
        """Token index → its sentence's number (`agents.sentence_numbers`), once made."""
        self._with_child: dict[str, set[int]] = {}
        self.results: dict[tuple, list] = {}
        """Results of `per_doc` methods: (method, finder, token index, other arguments) -> result."""

    def _column(self, attr: int, lower: bool = False) -> list[str]:
        """One string attribute of every token (``Token.<attr>_``), read with one `Doc.to_array`, each hash looked
        up in the StringStore once (`StringMemo`); lower-cased if asked."""
        if not len(self.doc):
            return []
        ids = self.doc.to_array(attr).tolist()
        known = self.memo.lower if lower else self.memo.plain
        try:
            return list(map(known.__getitem__, ids))
        except KeyError:           # words not seen before
            self.memo.add(self.doc.vocab.strings, ids, known, lower)
            return list(map(known.__getitem__, ids))

    @cached_property
    def idx(self) -> list[int]:
        """``Token.idx`` (character offset) of every token."""
        return self.doc.to_array(IDX).tolist() if len(self.doc) else []

    @cached_property
    def doc_text(self) -> str:
        """``Doc.text`` (which spaCy joins anew on every read)."""
        return self.doc.text

    def text_of(self, start: int, end: int) -> str:
        """``doc[start:end].text`` (start < end), sliced out of the Doc's text without making a Span."""
        last = end - 1
        return self.doc_text[self.idx[start]: self.idx[last] + len(self.text[last])]

    @cached_property
    def lower(self) -> list[str]:
        """``Token.lower_`` of every token."""
        return self._column(LOWER)

    @cached_property
    def text(self) -> list[str]:
        """``Token.text`` of every token."""
        return self._column(ORTH)

    @cached_property
    def lemma(self) -> list[str]:
        """``Token.lemma_.lower()`` of every token."""
        return self._column(LEMMA, lower=True)

    @cached_property
    def pos(self) -> list[str]:
        """``Token.pos_`` of every token."""
        return self._column(POS)

    @cached_property
    def tag(self) -> list[str]:
        """``Token.tag_`` of every token."""
        return self._column(TAG)

    @cached_property
    def dep(self) -> list[str]:
        """``Token.dep_`` of every token."""
        return self._column(DEP)

    @cached_property
    def dep_base(self) -> list[str]:
        """``Token.dep_`` of every token without its subtype ('nsubj:pass' → 'nsubj')."""
        return [d.split(":")[0] for d in self.dep]

    def with_child(self, label: str) -> set[int]:
        """Indices of the tokens with a child of exactly this dependency label (made once per label)."""
        found = self._with_child.get(label)
        if found is None:
            dep = self.dep
            found = self._with_child[label] = {h for i, h in enumerate(self.heads) if h != i and dep[i] == label}
        return found

    def conjuncts(self, tok: Token) -> tuple[Token, ...]:
        """`tok.conjuncts`: climb 'conj' links to the first conjunct, then collect its 'conj' right children,
        theirs, and so on (spaCy's order), without the token itself."""
        heads, dep = self.heads, self.dep
        start = tok.i
        while start != heads[start] and dep[start] == "conj":
            start = heads[start]
        found = [start]
        for word in found:
            found += [c.i for c in self.kids[word] if c.i > word and dep[c.i] == "conj"]
        return tuple(self.tokens[i] for i in found if i != tok.i)

    def sent(self, tok: Token) -> Span:
        """`tok.sent`: the sentence Span holding the token, the Doc's sentences read once."""
        if not self._has_sents:
            return tok.sent
        if self._sent_of is None:
            self._sents = list(self.doc.sents)
            self._sent_of = [k for k, s in enumerate(self._sents) for _ in range(s.start, s.end)]
        return self._sents[self._sent_of[tok.i]]


def cache_of(doc: Doc) -> DocCache | None:
    """The Doc's open cache, or None outside a component call."""
    return doc.user_data.get(CACHE_KEY)


@contextmanager
def open_cache(doc: Doc, memo: StringMemo | None = None) -> Iterator[DocCache]:
    """Give the Doc a cache for the duration of a `with` block (reusing one already open) and drop it after;
    ``memo``: the calling component's `StringMemo`."""
    cache = cache_of(doc)
    if cache is not None:
        yield cache
        return
    cache = DocCache(doc, memo)
    doc.user_data[CACHE_KEY] = cache
    try:
        yield cache
    finally:
        doc.user_data.pop(CACHE_KEY, None)


def tokens(doc: Doc) -> list[Token]:
    """The Doc's tokens as a list (the cached Token objects when a cache is open)."""
    cache = cache_of(doc)
    return cache.tokens if cache is not None else list(doc)


def lowers(doc: Doc) -> list[str]:
    """The lower-case forms of the Doc's tokens (cached when a cache is open)."""
    cache = cache_of(doc)
    return cache.lower if cache is not None else [t.lower_ for t in doc]


def view(doc: Doc) -> DocCache:
    """The Doc's open cache, else one made for this call only."""
    cache = cache_of(doc)
    return cache if cache is not None else DocCache(doc)


def column(doc: Doc, name: str) -> list[str]:
    """One of `DocCache`'s per-token string columns ('lower', 'text', 'lemma', 'pos', 'tag', 'dep', 'dep_base'):
    the open cache's, else made for this call."""
    cache = cache_of(doc)
    return getattr(cache if cache is not None else DocCache(doc), name)


def kids(tok: Token) -> list[Token]:
    """The token's children, in spaCy's order (cached when the Doc's cache is open)."""
    cache = tok.doc.user_data.get(CACHE_KEY)
    return cache.kids[tok.i] if cache is not None else list(tok.children)


def has_child_dep(tok: Token, label: str) -> bool:
    """Whether some child of the token has exactly this dependency label."""
    cache = tok.doc.user_data.get(CACHE_KEY)
    if cache is None:
        return any(c.dep_ == label for c in tok.children)
    return tok.i in cache.with_child(label)


def conjuncts(tok: Token) -> tuple[Token, ...]:
    """The tokens coordinated with this one (``Token.conjuncts``; read off the cached heads when the Doc's cache
    is open)."""
    cache = tok.doc.user_data.get(CACHE_KEY)
    return cache.conjuncts(tok) if cache is not None else tok.conjuncts


def sentence(x: Token | Span) -> Span:
    """``x.sent``: the sentence holding a token, or a span's first token (read off the Doc's sentences once when
    its cache is open)."""
    cache = x.doc.user_data.get(CACHE_KEY)
    if cache is None:
        return x.sent
    return cache.sent(x if isinstance(x, Token) else cache.tokens[x.start])


INDEX_KEY = ("._.", "newskg_index", None, None)
"""Where ``doc._.newskg_index`` (token index → actor mention, set by `newskg_actors`) lives in ``doc.user_data``."""


def actor_of(tok: Token) -> Span | None:
    """``tok._.actor`` (the actor mention covering the token, or None), read without spaCy's Underscore object."""
    index = tok.doc.user_data.get(INDEX_KEY)
    return index.get(tok.i) if index else None


def per_doc(method: Callable[..., list]) -> Callable[..., list]:
    """Memoize a method of (token, positional arguments) that returns a list, for the Doc while its cache is open;
    each call gets a copy. Only for methods that read the Doc and never change it (the relation finder's argument
    readers, which run after the actor mentions are final)."""
    name = method.__name__

    @wraps(method)
    def memoized(self, tok: Token, *args) -> list:
        cache = tok.doc.user_data.get(CACHE_KEY)
        if cache is None:
            return method(self, tok, *args)
        key = (name, id(self), tok.i, args)
        got = cache.results.get(key)
        if got is None:
            got = cache.results[key] = method(self, tok, *args)
        return list(got)
    return memoized
