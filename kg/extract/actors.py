"""Actor mentions and their canonical actors: the `newskg_actors` spaCy component.

Mentions come from a gazetteer (PhraseMatcher over names, aliases, demonyms and capitals), from
country-organ phrases ("Russian Defense Ministry" → Russia), from the pipeline's NER for names the
gazetteer lacks, and from simple pronoun references. Every mention is a Span in
``doc.spans["newskg_actors"]`` whose ``label_`` is the actor class and ``kb_id_`` the canonical name;
``token._.actor`` gives the mention covering a token. Titles ("Russian Foreign Minister Sergey Lavrov",
"Jens Stoltenberg, NATO's Secretary-General") yield memberOf / leads affiliations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .actordict import ActorRecord, country_of_code, iso3_of, role_at
from .agents import (focus_country, loyal_forces, pro_side, resolve_generic_agents, resolve_pairs, resolve_people,
                     sentence_numbers)
from .doccache import StringMemo, column, kids, lowers, open_cache, sentence, tokens, view
from .lexicon import Lexicon, load_lexicon
from ..namespaces import ACTOR_CLASSES
from ..records import Actor

SPAN_KEY = "newskg_actors"
ARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "ar", "ad", "as", "ash", "at", "az", "an", "ud", "ul", "ur"})
"""Name particles joined by a hyphen ('al-Assad', 'Abd ar-Rahman', 'Nasr ud-Din'), the Arabic article assimilated."""
ACTOR_CLASSES_NOT_PLACE = frozenset(ACTOR_CLASSES)
PERSON_PRONOUNS = {"he", "she", "him", "his", "her"}
THING_PRONOUNS = {"it", "its"}
LOOKUP_ONLY = frozenset({"Person", "Organization"})
REMIT_PREPS = frozenset({"for", "to", "on"})
"""Prepositions after a title that name its remit, not its employer ('envoy for Zorvania', 'adviser on Kelvar');
'in' names where the post is ('head of the committee in the Kelvari parliament') and may be the employer."""
"""Classes of generated entries found through NER names and a dictionary lookup rather than the PhraseMatcher."""


@dataclass(frozen=True)
class Affiliation:
    """A memberOf / leads link read from a title or an apposition."""

    person: str
    relation: str      # "memberOf" | "leads"
    target: str
    start: int         # token index of the person mention (locates the sentence)
    title: str = ""    # the title words, lowercased ('foreign minister')
    role: str = ""     # the dated dictionary role the target came from ('RUSGOV@2004-03-09..2012-05-21')


for _name in ("newskg_index", "newskg_registry", "newskg_counts", "newskg_affiliations", "newskg_links",
              "newskg_error", "newskg_date"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Token.has_extension("actor"):
    Token.set_extension("actor", getter=lambda t: (t.doc._.newskg_index or {}).get(t.i))


WORD_HYPHENS = ("-", "\u2010", "\u2011")
"""The hyphens that may join two words."""


def is_word_hyphen(dash: Token) -> bool:
    """A dash joining two words with no space ('al-Assad', 'Jean-Marc'), not one setting off a dateline."""
    doc = dash.doc
    return (dash.text in WORD_HYPHENS and 0 < dash.i < len(doc) - 1 and not dash.whitespace_
            and not doc[dash.i - 1].whitespace_
            and doc[dash.i - 1].text[-1:].isalnum() and doc[dash.i + 1].text[:1].isalnum())


def hyphen_joined_ents(doc: Doc) -> list[tuple[str, int, int]]:
    """The NER's entities as (label, start, end), two of one label split at a word hyphen joined ('Jean'-'Marc Ayrault')."""
    toks = tokens(doc)
    out: list[tuple[str, int, int]] = []
    for ent in doc.ents:
        if out and out[-1][0] == ent.label_ and out[-1][2] + 1 == ent.start and is_word_hyphen(toks[ent.start - 1]):
            out[-1] = (ent.label_, out[-1][1], ent.end)
        else:
            out.append((ent.label_, ent.start, ent.end))
    return out


def title_modifier(tok: Token, window: list[Token], titles: frozenset[str]) -> bool:
    """A lower-case word inside a title phrase: a modifier of a title word already read ('the group's founding
    leader', 'its deputy program director', 'the paper's controversial editor')."""
    return tok.is_alpha and tok.dep_ in ("amod", "compound") and any(
        w.i == tok.head.i and w.lower_ in titles for w in window) or (
        tok.dep_ in ("amod", "compound") and tok.head.dep_ in ("amod", "compound") and
        any(w.i == tok.head.i for w in window) and any(w.lower_ in titles for w in window))


def nearest_owner(pron: Token, spans: list[Span], reach: int = 4) -> Span | None:
    """The non-person actor that a possessive 'its' follows closely in its own clause ('for Kelvaria in its war'):
    named at most ``reach`` tokens before, as an oblique or nominal modifier, not a subject; never across a
    comma ('ties with Kelvaria, its closest ally': what is apposed to the actor is not owned by it)."""
    best = None
    doc = pron.doc
    for s in spans:
        if s.label_ in ("Person", "Place") or s.id_ in ("pronoun", "anaphor") or not 0 < pron.i - s.end < reach:
            continue
        if any(doc[k].text == "," for k in range(s.end, pron.i)):
            continue
        if s.root.dep_.split(":")[0] in ("obl", "nmod") and sentence(s.root) == sentence(pron):
            best = s if best is None or s.end > best.end else best
    return best


def token_index(spans: list[Span]) -> dict[int, Span]:
    """Token position → the mention covering it."""
    return {i: s for s in spans for i in range(s.start, s.end)}


def premodifiers(tok: Token) -> list[Token]:
    """The words before a noun that modify it (determiners, adjectives, compounds), not prepositions."""
    return [c for c in kids(tok) if c.i < tok.i and c.dep_.split(":")[0] not in ("case", "punct", "cc")]


def _stem(word: str) -> str:
    """A kind word without its plural ending ('rebels' → 'rebel', 'militias' → 'militia')."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def is_plural_mention(span: Span) -> bool:
    """'the Russians', 'the rebels': a plural mention, which 'it' cannot refer to (unlike 'the United States')."""
    root = span.root
    return root.tag_ == "NNS" or (span.id_ == "demonym" and root.lower_.endswith("s"))


def is_clause_subject_of(subj: Token, pron: Token) -> bool:
    """The subject of the clause an object pronoun sits in ('Jordan refused to accept it'): not its antecedent."""
    verb = pron.head
    while True:
        if subj.head.i == verb.i:
            return True
        if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
            return False
        verb = verb.head


def is_subject_mention(span: Span, taken: set[int]) -> bool:
    """A mention that is its clause's subject: its root is the subject, or a name compounded onto a subject
    noun no other mention covers ('the Zorvan Front militia withdrew', 'Kelvaria's Ardan group said')."""
    root = span.root
    if root.dep_ in ("nsubj", "nsubj:pass"):
        return True
    head = root.head
    return (root.dep_ == "compound" and head.i >= span.end and head.dep_ in ("nsubj", "nsubj:pass")
            and head.pos_ == "NOUN" and head.i not in taken)


def is_actor(span: Span | None) -> bool:
    """True for mentions of actors (not places)."""
    return span is not None and span.label_ in ACTOR_CLASSES_NOT_PLACE


WORD_SPLIT = re.compile(r"[\s-]+")
"""What separates the words of a name ('Saudi-led coalition' → saudi, led, coalition)."""
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
"""Determiners that point back: 'those forces' is an anaphor like 'the militants'."""


class ActorFinder:
    """Finds actor mentions in a Doc and maps each to one canonical actor."""

    def __init__(self, nlp: Language, lexicon: Lexicon, use_ner: bool = True, resolve_pronouns: bool = True):
        self.lex = lexicon
        self.use_ner = use_ner
        self.resolve_pronouns = resolve_pronouns
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.forms: dict[str, tuple[str, str]] = {}   # surface form -> (kind, canonical name)
        self.lower_forms: dict[str, tuple[str, str]] = {}
        matched: set[str] = set()
        for e in lexicon.entries.values():
            for kind, forms in (("name", (e.name,) + e.aliases), ("demonym", e.demonyms), ("capital", e.capitals)):
                for f in forms:
                    self.forms.setdefault(f, (kind, e.name))
                    self.lower_forms.setdefault(f.lower(), (kind, e.name))
                    if not e.generated or e.cls not in LOOKUP_ONLY:
                        matched.add(f)
        # generated people and organisations (tens of thousands) are looked up by the names NER finds, not matched
        orth_forms = [f for f in self.forms if f != f.lower() and f in matched]
        lower_forms = [f for f in self.forms if f == f.lower() and f in matched]
        self.orth.add("GAZ", list(nlp.tokenizer.pipe(orth_forms)))
        self.lower.add("GAZ", list(nlp.tokenizer.pipe(lower_forms)))
        word_re = lambda ws: re.compile(  # noqa: E731
            r"(?:^| )(?:" + "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True)) + r")(?:$| )")
        self.lead_re, self.member_re = word_re(lexicon.lead_titles), word_re(lexicon.member_titles)
        self.hyphen_link = re.compile(r"^(.+?)-(" + "|".join(map(re.escape, lexicon.link_words)) + r")$")
        self.rebels_of = {e.rebels_in: e.name for e in lexicon.entries.values() if e.rebels_in}
        """Country -> its rebel side ('rebels:COUNTRY' in the data), read once, not per document."""
        self.fighting_nouns = frozenset(w for w, k in lexicon.agent_kinds.items() if k in ("collective", "rebels")) \
            | lexicon.anaphor_heads
        """Nouns a people's adjective turns into a reference to its armed group ('Kelvan militia')."""
        words: dict[str, list[str]] = {}
        for e in lexicon.entries.values():
            if e.cls == "Country" and not e.generated:
                for w in {w.lower() for w in e.name.split() if w.isalpha() and len(w) > 3}:
                    words.setdefault(w, []).append(e.name)
        self.shared_names = {w: tuple(sorted(c)) for w, c in words.items() if len(c) > 1}
        """A word several country names share -> those countries ('korea' -> North and South Korea)."""
        self.name_kind_memo: dict[tuple[str, str], frozenset[str]] = {}
        """Memo of `name_kinds`: (canonical name, mention text) -> kind words."""
        self.strings = StringMemo()
        """Token strings already read by hash, across Docs (see `doccache`)."""
        self.title_lengths: dict[tuple[int, tuple[str, ...]], int] = {}
        """Memo of `title_length`: (words looked at, their lower-case forms) -> title length."""
        self.person_surnames: dict[str, str] = {}
        self.world_surnames: dict[str, str] = {}
        for e in lexicon.entries.values():
            if e.cls == "Person":
                # a lone surname is a curated person's; one of the generated dictionary (which shares surnames
                # among many) only after a title ('President Orsk'), see canonicalise_people
                (self.world_surnames if e.generated else self.person_surnames).setdefault(e.name.split()[-1], e.name)

    # -- helpers -----------------------------------------------------------------------------
    def entry_class(self, name: str) -> str:
        e = self.lex.entries.get(name)
        return e.cls if e else "Organization"

    def lookup(self, text: str) -> tuple[str, str] | None:
        """(kind, canonical name) of a gazetteer surface form, case-sensitive first."""
        return self.forms.get(text) or (self.lower_forms.get(text.lower()) if text.lower() == text else None)

    def codes(self, name: str, cls: str) -> tuple[str | None, str | None]:
        """(CAMEO code, ISO 3166-1 alpha-3) of an actor: from the dictionary, ISO through pycountry for countries."""
        e = self.lex.entries.get(name)
        code = (e.code or None) if e else None
        iso = (e.iso3 or None) if e else None
        if cls == "Country" and iso is None:
            iso = iso3_of(code or name)
        return code, iso

    def normalise_person(self, tokens: list[str]) -> str:
        """Canonical name of a person the gazetteer lacks (words as written, 'Jean-Marc' one word):
        known transliteration of the first name."""
        if len(tokens) > 1:
            tokens = [self.lex.first_names.get(tokens[0], tokens[0])] + tokens[1:]
        return " ".join(tokens)

    def org_class(self, span: Span) -> str:
        words = {t.lower_ for t in span}
        for cls, keys in self.lex.org_class_keywords:
            if words & set(keys):
                return cls
        return "Organization"

    # -- the component -------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        try:
            with open_cache(doc, self.strings):
                return self.find(doc)
        except Exception as exc:  # one bad document must not stop a build: record and move on
            doc._.newskg_error = f"newskg_actors: {exc!r}"
            doc._.newskg_index, doc._.newskg_registry, doc._.newskg_counts = {}, {}, {}
            doc._.newskg_affiliations, doc._.newskg_links = [], []
            return doc

    def find(self, doc: Doc) -> Doc:
        """Set the actor mentions, the registry of canonical actors and the affiliations of a Doc."""
        spans = self.gazetteer_spans(doc)
        spans = self.extend_organs(doc, spans)
        if self.use_ner:
            spans = self.add_ner(doc, spans)
        spans = self.dictionary_names(doc, spans)
        spans = self.byline_names(doc, spans)
        spans = [s for s in spans if not self.is_dateline(doc, s) and not self.is_base(doc, s)]
        spans = self.add_titled_names(doc, spans)
        spans = filter_spans(spans)
        spans = self.join_first_names(doc, spans)
        spans = self.acronyms(doc, spans)
        spans = [s for s in spans if not self.is_region(doc, s)]
        spans = self.canonicalise_people(doc, spans)
        spans = self.aka_names(doc, spans)
        spans = self.resolve_generic(doc, spans)
        spans = self.pro_sides(doc, spans)
        if self.resolve_pronouns:
            spans = spans + self.generic_agents(doc, spans)     # first: 'rebels say their …' needs the rebels
            spans = spans + self.pronoun_spans(doc, spans)
            spans = spans + self.definite_anaphors(doc, spans)
        spans.sort(key=lambda s: s.start)
        doc.spans[SPAN_KEY] = spans
        index = token_index(spans)
        doc._.newskg_index = index
        registry: dict[str, Actor] = {}
        counts: dict[str, int] = {}
        for s in spans:
            name = s.kb_id_
            if s.id_ in ("pronoun", "anaphor", "agent", "pair"):      # no alias: "it", "the militants", "rebels"
                counts[name] = counts.get(name, 0) + 1
                if name not in registry:
                    registry[name] = Actor(name, s.label_, frozenset(), None, *self.codes(name, s.label_))
                continue
            old = registry.get(name)
            aliases = (old.aliases if old else frozenset()) | {s.text}
            registry[name] = Actor(name, s.label_, aliases, None, *self.codes(name, s.label_))
            counts[name] = counts.get(name, 0) + 1
        doc._.newskg_registry = registry
        doc._.newskg_counts = counts
        doc._.newskg_affiliations = self.affiliations(doc, spans)
        refs = self.title_references(doc, index, doc._.newskg_affiliations)
        refs += self.counterpart_references(doc, index, doc._.newskg_affiliations)
        if refs:
            spans = sorted(spans + refs, key=lambda s: s.start)
            doc.spans[SPAN_KEY] = spans
            doc._.newskg_index = token_index(spans)
            for r in refs:
                counts[r.kb_id_] = counts.get(r.kb_id_, 0) + 1
        return doc

    def counterpart_references(self, doc: Doc, index: dict[int, Span], affs: list[Affiliation]) -> list[Span]:
        """'his Russian counterpart': the one person the document tied to Russia."""
        toks = tokens(doc)
        people: dict[str, set[str]] = {}
        for a in affs:
            people.setdefault(a.target, set()).add(a.person)
        out = []
        for t in [toks[i] for i, low in enumerate(lowers(doc)) if low in ("counterpart", "opposite number")]:
            if t.i in index:
                continue
            for c in kids(t):
                m = index.get(c.i)
                if c.dep_ in ("amod", "compound", "nmod:poss") and m is not None and m.label_ == "Country" \
                        and len(people.get(m.kb_id_, ())) == 1:
                    out.append(self.make_span(doc, t.i, t.i + 1, next(iter(people[m.kb_id_])), "Person", "counterpart"))
                    break
        return out

    def title_references(self, doc: Doc, index: dict[int, Span], affs: list[Affiliation]) -> list[Span]:
        """'Russian Foreign Minister said' with no name: the one person the document gave that title."""
        holders: dict[str, set[tuple[str, str]]] = {}
        for a in affs:
            if a.title:
                holders.setdefault(a.title, set()).add((a.person, a.target))
        if not holders:
            return []
        lows = lowers(doc)
        out = []
        for key, who in holders.items():
            people = {p for p, _ in who}
            if len(people) != 1:
                continue
            person = next(iter(people))
            words = key.split()
            n = len(words)
            for i in range(len(doc) - n + 1):
                if lows[i] != words[0] or lows[i:i + n] != words or any(k in index for k in range(i, i + n)):
                    continue
                nxt = index.get(i + n)
                if nxt is not None and nxt.label_ == "Person":
                    continue       # a titled name, handled already
                before = index.get(i - 1) if i > 0 else None
                if before is not None and before.kb_id_ not in {t for _, t in who}:
                    continue       # another country's minister
                out.append(self.make_span(doc, i, i + n, person, "Person", "title-ref"))
        return out

    def make_span(self, doc: Doc, start: int, end: int, name: str, cls: str, kind: str) -> Span:
        return Span(doc, start, end, label=cls, kb_id=name, span_id=kind)

    def gazetteer_spans(self, doc: Doc) -> list[Span]:
        """Gazetteer matches, plus 'X-led' style tokens whose first part is a known actor."""
        toks = tokens(doc)
        out = []
        for matcher in (self.orth, self.lower):
            for _, start, end in matcher(doc):
                text = doc[start:end].text
                hit = self.forms.get(text) or self.lower_forms.get(text.lower())
                if hit is None:
                    continue
                kind, name = hit
                cls = self.entry_class(name)
                out.append(self.make_span(doc, start, end, name, cls, kind))
        links = []
        for t in [toks[i] for i, text in enumerate(column(doc, "text")) if "-" in text]:   # (the pattern has one)
            m = self.hyphen_link.match(t.text)
            hit = self.lookup(m.group(1)) if m else None
            if hit:
                links.append((t.i, hit[1], m.group(2)))
                if not any(s.start <= t.i < s.end for s in out):
                    out.append(self.make_span(doc, t.i, t.i + 1, hit[1], self.entry_class(hit[1]), "link"))
        doc._.newskg_links = links
        return filter_spans(out)

    def is_region(self, doc: Doc, span: Span) -> bool:
        """'northern Kelvaria', 'rural Zorvania': a country named as a region is a place, not an actor; so is a
        capital after a locative preposition ('reporting by Ana Ruiz in Zorva', 'talks in Zorva')."""
        toks = tokens(doc)
        if span.label_ != "Country" or span.start == 0:
            return False
        before = toks[span.start - 1].lower_
        return (span.id_ in ("name", "capital", "ner") and before in self.lex.compass_words) or \
            (span.id_ == "capital" and before in ("in", "at", "near"))

    def extend_organs(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """'Russian Defense Ministry', 'US officials', 'Syrian army': country + organ noun is the country."""
        toks = tokens(doc)
        out = []
        dropped: set[tuple[int, int]] = set()
        organs = self.lex.organ_nouns
        taken = {i for s in spans for i in range(s.start, s.end)}
        for s in spans:
            led = self.led_state(s.kb_id_) if s.label_ == "Person" else None
            if led:
                # "Assad regime", "Assad's government": the leader's state
                j = s.end + (1 if s.end < len(doc) and toks[s.end].lower_ in ("'s", "’s") else 0)
                if j < len(doc) and toks[j].lower_ in ("regime", "government", "administration", "forces", "army",
                                                      "troops", "loyalists"):
                    out.append(s)        # the person stays a mention (titles still apply)
                    out.append(self.make_span(doc, j, j + 1, led, "Country", "organ"))
                    continue
            if s.label_ != "Country" or s.id_ not in ("name", "demonym", "capital"):
                out.append(s)
                continue
            end, j = s.end, s.end
            if j < len(doc) and toks[j].lower_ in ("'s", "’s"):
                j += 1
            nxt = [o for o in spans if o.start == j and o.text.lower() in organs]
            if nxt:
                out.append(self.make_span(doc, s.start, nxt[0].end, s.kb_id_, "Country", "organ"))
                dropped.add((nxt[0].start, nxt[0].end))
                continue
            best = None
            while j < len(doc) and j - s.end < 4 and j not in taken and toks[j].pos_ in ("NOUN", "PROPN", "ADJ") \
                    and toks[j].lower_ not in self.lex.peoples:     # 'Kelvari Zorvan forces' are the Zorvans' (a people)
                two = f"{toks[j - 1].lower_} {toks[j].lower_}"
                if toks[j].lower_ in organs or toks[j].lemma_.lower() in organs or two in organs:
                    best = j + 1
                j += 1
            if best and best > end:
                out.append(self.make_span(doc, s.start, best, s.kb_id_, "Country", "organ"))
            else:
                out.append(s)
        return [s for s in out if (s.start, s.end) not in dropped or s.id_ == "organ"]

    def dictionary_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Names of the generated dictionary (people, organisations: not in the PhraseMatcher) found in runs of
        capitalised words the NER left alone: 'Prime Minister Kelvan Orsk' when 'Kelvan Orsk' is a known person.
        A person the NER cut short gives way to the known longer name ('President Ana Maria Ruiz' tagged
        'Ana' only)."""
        cache = view(doc)
        toks, texts, lows = cache.tokens, cache.text, cache.lower
        soft = {i: s for s in spans if s.id_ == "ner" and s.label_ == "Person" for i in range(s.start, s.end)}
        taken = {i for s in spans for i in range(s.start, s.end)} - set(soft)
        out = list(spans)
        i = 0
        while i < len(doc):
            j = i
            while j < len(doc) and j not in taken and (texts[j][:1].isupper() or (
                    texts[j] in WORD_HYPHENS and is_word_hyphen(toks[j])) or lows[j] in ("al", "bin", "de", "van", "von")):
                j += 1
            best = None
            for a in range(i, j):
                for b in range(j, a + 1, -1):        # longest first, two words at least
                    hit = self.forms.get(cache.text_of(a, b))
                    if hit and self.lex.entries[hit[1]].generated and self.entry_class(hit[1]) in LOOKUP_ONLY \
                            and lows[a] not in self.lex.titles:    # 'President X' is a title and a name
                        best = (a, b, hit[1])
                        break
                if best:
                    break
            cut = {soft[k] for k in range(best[0], best[1]) if k in soft} if best else set()
            if best and any(c.start < best[0] or c.end > best[1] for c in cut):
                best = None       # the NER's person reaches beyond the dictionary name: keep the NER's
            if best:
                a, b, name = best
                for c in cut:
                    out.remove(c)
                out.append(self.make_span(doc, a, b, name, self.entry_class(name), "name"))
                taken.update(range(a, b))
                i = b
            else:
                i = max(j, i + 1)
        return out

    def byline_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Journalists in a byline: '(Reporting by Ana Ruiz and Juan Soto in Lima; Editing by Eva Lind)'.

        A byline's name runs are persons whatever the gazetteer or the NER made of their parts: 'Kelvari'
        in 'Tomas Kelvari' is no demonym, 'Ruiz' alone no person ('Reporting by Ana Ruiz')."""
        toks = tokens(doc)
        out = list(spans)
        taken = {i for s in spans for i in range(s.start, s.end)}

        def claim(k: int, j: int) -> bool:
            """Give tokens k..j to a byline name, dropping mentions inside them (not ones reaching beyond)."""
            inside = [s for s in out if s.start < j and k < s.end]
            if any(s.start < k or s.end > j for s in inside) or any(s.label_ == "Person" and s.start == k
                                                                  and s.end == j for s in inside):
                return False
            for s in inside:
                out.remove(s)
            return True
        for t in [toks[i] for i, low in enumerate(lowers(doc)) if low == "by"]:
            if t.i < 1:
                continue
            cue = " ".join(x.lower_ for x in doc[max(0, t.i - 2): t.i + 1])
            if not any(cue.endswith(c) for c in self.lex.byline_cues):
                continue
            k = t.i + 1
            while k < len(doc) and toks[k].text not in (";", ")", ".", "\n") and not toks[k].is_space:
                j = k
                while j < len(doc) and toks[j].text[:1].isupper() and toks[j].is_alpha and j - k < 4:
                    j += 1
                if j - k >= 2 and (not any(i in taken for i in range(k, j)) or claim(k, j)):
                    out.append(self.make_span(doc, k, j, self.normalise_person(doc[k:j].text.split()), "Person", "byline"))
                    taken.update(range(k, j))
                # skip to the next name: after 'and' or ',', past 'in Lima'
                while j < len(doc) and toks[j].lower_ not in ("and", ",", ";", ")", ".") and not toks[j].is_space:
                    j += 1
                if j < len(doc) and toks[j].lower_ in ("and", ","):
                    j += 1
                    if j < len(doc) and toks[j].lower_ in ("and",):
                        j += 1
                    k = j
                    if k < len(doc) and toks[k].lower_ in ("additional", "editing", "writing", "reporting"):
                        break          # ', editing by …': the next cue takes over
                    continue
                break
        return out

    def is_base(self, doc: Doc, span: Span) -> bool:
        """'a Lima-based reporter', 'the Zorva City based group': a capital joined to 'based' is where someone
        works, a place, not the country acting."""
        toks = tokens(doc)
        k = span.end
        if span.id_ != "capital" or k >= len(doc):
            return False
        if toks[k].text in ("-", "–") and k + 1 < len(doc):
            k += 1
        return toks[k].lower_ == "based"

    def is_dateline(self, doc: Doc, span: Span) -> bool:
        """'BEIRUT (Reuters) -', 'KELVAR CITY/ZORVA, Kelvaria The …': an all-capitals place at the start of a
        paragraph is the dateline, not an actor; nor is a shouted word alone ('SUPPLY', 'BORDER')."""
        toks = tokens(doc)
        first = span[0]
        at_start = first.i == 0 or "\n" in toks[first.i - 1].text or "\n" in toks[first.i - 1].whitespace_
        if first.text.isupper() and len(first.text) > 1 and at_start and span.id_ in ("capital", "ner", "name") \
                and (span.label_ in ("Country", "Place") or span.id_ == "ner"):
            return span.id_ != "name" or span.label_ == "Place" or len(span) == 1 and first.text.isupper() and \
                span.id_ == "capital"
        return span.id_ == "ner" and len(span) == 1 and first.text.isupper() and len(first.text) > 5 \
            and self.lookup(first.text) is None

    def inner_title_end(self, doc: Doc, start: int, end: int) -> int:
        """Where the name starts in a person tag that holds an adjective and a title ('Kelvari President Ana
        Ruiz', 'Zorvan Prime Minister Ana Ruiz' tagged whole): after the last title word, when what comes before
        it is no first name ('Larry King' stays) and a name of two words or more follows."""
        toks = tokens(doc)
        for k in range(end - 3, start, -1):
            n = self.title_length(doc, k, end)
            if n and k + n <= end - 2 and toks[start].text not in self.lex.first_names \
                    and not any(toks[x].lower_ in self.lex.titles for x in range(k + n, end)):
                return k + n
        return start

    def titled_place_is_person(self, doc: Doc, start: int, end: int) -> bool:
        """A place tag right after a personal title is a person the NER misread ('Admiral Tan Wei said',
        'the Kelvari president, Tan Mei-ling,'), unless the gazetteer knows the place."""
        toks = tokens(doc)
        if self.lookup(doc[start:end].text) or end - start < 2:
            return False
        k = start - 1
        if k >= 1 and toks[k].text == ",":
            k -= 1
        return k >= 0 and toks[k].lower_ in self.lex.titles and toks[k].lower_ not in ("head", "chief", "member", "staff")

    def title_end(self, doc: Doc, i: int) -> int:
        """The end of a title that began before token ``i`` and runs over it ('Minister of Defense' at
        'Defense' ends after it), else ``i``."""
        best = i
        for k in range(max(0, i - 4), i):
            n = self.title_length(doc, k, min(len(doc), k + 5))
            if k + n > i:
                best = max(best, k + n)
        return best

    def title_length(self, doc: Doc, start: int, end: int) -> int:
        """Number of tokens of the longest title starting at ``start`` ('prime minister' → 2), 0 if none."""
        most = min(5, end - start)
        key = (most, tuple(lowers(doc)[start:start + most]))
        n = self.title_lengths.get(key)
        if n is None:
            n = next((k for k in range(most, 0, -1) if re.sub(r" ?- ?", "-", " ".join(key[1][:k])) in self.lex.titles), 0)
            if len(self.title_lengths) > 100_000:
                self.title_lengths.clear()
            self.title_lengths[key] = n
        return n

    def add_ner(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Names the gazetteer lacks, from the pipeline's NER, with a class guessed from the name."""
        toks = tokens(doc)
        taken = {i for s in spans for i in range(s.start, s.end)}
        out = list(spans)
        for label, start, end in hyphen_joined_ents(doc):
            if label not in ("PERSON", "PER", "ORG", "LOC", "GPE", "NORP", "FAC"):
                continue
            # drop titles and determiners in front, possessive markers behind
            while start < end and (n := self.title_length(doc, start, end)) > 1:
                start += n      # 'Prime Minister', 'Secretary of State'
            while start < end and (toks[start].lower_ in self.lex.titles
                                   or toks[start].lower_ in ("the", "a", "an", "former", "foreign", "defense", "elect",
                                                            "defence", "general", "press", "mr", "mr.", "ms",
                                                            "ms.", "mrs", "mrs.", "dr", "dr.")
                                   or toks[start].is_punct):
                start += 1
            while end > start and (toks[end - 1].lower_ in ("'s", "’s", "'") or toks[end - 1].is_punct):
                end -= 1
            if label in ("PERSON", "PER"):
                start = self.inner_title_end(doc, start, end)
            elif label in ("GPE", "LOC") and self.titled_place_is_person(doc, start, end):
                label = "PERSON"
            end = next((k for k in range(start + 1, end) if toks[k].is_space or "\n" in toks[k - 1].whitespace_), end)
            # (a name never runs over a line break: 'Author : Ana Ruiz' / 'Source : …')
            if label in ("PERSON", "PER"):
                end = next((k for k in range(start + 1, end) if toks[k].lower_ == "of"), end)   # 'Ana Ruiz of Kelvaria'
                while end < len(doc) and re.fullmatch(r"[A-Z]\.", toks[end - 1].text) and toks[end].is_alpha \
                        and toks[end].text[:1].isupper() and end not in taken:
                    end += 1            # 'Mark C. Toner' when the NER stopped at the initial
                while end + 1 < len(doc) and toks[end].text == "-" and is_word_hyphen(toks[end]) and toks[end + 1].text[:1].isupper() \
                        and toks[end + 1].is_alpha and end + 1 not in taken:
                    end += 2            # 'Abdel-Malek …' when the NER stopped at 'Abdel'
                while end + 2 < len(doc) and toks[end].lower_ in ARTICLES \
                        and toks[end + 1].text == "-" and is_word_hyphen(toks[end + 1]) and toks[end + 2].is_alpha \
                        and end + 2 not in taken:
                    end += 3            # 'Abdel-Malek al-Mekhlafi' when the NER stopped at 'Abdel-Malek'
            elif label == "ORG":
                end = next((k for k in range(start + 1, end) if toks[k].lower_ in self.lex.titles), end)
                # 'Kelvar Aid Director of Programs': the organisation ends where a title starts
            if label == "ORG" and end + 1 < len(doc) and toks[end].lower_ == "of":
                # 'Army of Mujahideen', 'Bank of England': the NER stopped at 'of'
                k = end + 1 + (toks[end + 1].lower_ == "the")
                run = k
                while run < len(doc) and toks[run].text[:1].isupper() and toks[run].is_alpha and run - k < 4:
                    run += 1
                if run > k:
                    end = run
            if start >= end or any(i in taken for i in range(start, end)):
                # a gazetteer match inside a longer person name ("George Washington") gives way to the name
                inner = [s for s in out if start <= s.start and s.end <= end and (s.end - s.start) < (end - start)]
                if label in ("PERSON", "PER") and end - start >= 2 and inner and all(
                        s.label_ in ("Country", "Place") and s.end - s.start == 1 for s in inner):
                    for s in inner:
                        out.remove(s)
                        taken -= set(range(s.start, s.end))
                else:
                    continue
            span, words = doc[start:end], toks[start:end]
            if not any(t.is_alpha and t.text[:1].isupper() for t in words) or len(span.text) < 2:
                continue
            if all(t.lower_ in self.lex.calendar_words or t.like_num or t.is_punct for t in words):
                continue
            if all(t.lower_ in self.lex.agent_kinds or t.is_punct for t in words):
                continue          # 'Rebel groups', 'Government forces' at a sentence start: generic, not a name
            if label in ("PERSON", "PER", "ORG") and (span.text.lower() in self.lex.things
                                                     or words[-1].lower_ in self.lex.things):
                continue          # 'Stinger', 'a Kalashnikov': a weapon or vehicle the NER took for a name
            if label in ("PERSON", "PER"):
                if any(t.like_num for t in words):
                    continue
                while start >= 2 and is_word_hyphen(toks[start - 1]) and toks[start - 2].text[:1].isupper() \
                        and toks[start - 2].is_alpha and start - 2 not in taken:
                    start -= 2          # 'Jean-Marc Ayrault' when the NER only saw 'Marc Ayrault'
                while end + 1 < len(doc) and toks[end].text == "-" and is_word_hyphen(toks[end]) and toks[end + 1].is_alpha \
                        and toks[end + 1].is_lower and end + 1 not in taken:
                    end += 2            # 'Park Geun-hye' when the NER stopped at 'Geun'
                if start >= 1 and start - 1 not in taken and toks[start - 1].text[:1].isupper() and (
                        toks[start - 1].text in self.lex.first_names
                        or toks[start - 1].pos_ == "PROPN" and toks[start - 1].is_alpha
                        and toks[start - 1].lower_ not in self.lex.titles and start >= 2
                        and toks[start - 2].lower_ in self.lex.titles):
                    start -= 1          # 'Defence Secretary Michael Fallon' with only 'Fallon' tagged
                span = doc[start:end]
                hit = self.lookup(span.text)
                if hit and self.entry_class(hit[1]) == "Person":
                    name, cls = hit[1], "Person"
                else:
                    name, cls = self.normalise_person(span.text.split()), "Person"
            elif label in ("LOC", "GPE", "FAC"):
                hit = self.lookup(span.text)
                name, cls = (hit[1], self.entry_class(hit[1])) if hit else (span.text, "Place")
            elif label == "NORP":
                continue
            else:
                hit = self.lookup(span.text)
                name, cls = (hit[1], self.entry_class(hit[1])) if hit else (span.text, self.org_class(span))
            out.append(self.make_span(doc, start, end, name, cls, "ner"))
            taken |= set(range(start, end))
        return out

    def acronyms(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """'Syrian Observatory for Human Rights (SOHR)': later 'SOHR' is the same actor."""
        toks = tokens(doc)
        taken = {i for s in spans for i in range(s.start, s.end)}
        defined: dict[str, Span] = {}
        for s in spans:
            e = s.end
            if e + 2 < len(doc) and toks[e].text == "(" and toks[e + 2].text == ")" and e + 1 not in taken:
                acr = toks[e + 1].text
                if acr.isupper() and 2 <= len(acr) <= 8 and s.label_ != "Person":
                    defined[acr] = s
        out = list(spans)
        for t in [toks[i] for i, text in enumerate(column(doc, "text")) if text in defined]:
            if t.i not in taken:
                ref = defined[t.text]
                out.append(self.make_span(doc, t.i, t.i + 1, ref.kb_id_, ref.label_, "acronym"))
        return out

    def add_titled_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Persons the NER missed: a capitalised name after a title ('General Yevgeny Buzhinsky') or
        before a reporting verb ('Evgeny Lukyanov, the deputy …, told')."""
        toks = tokens(doc)
        taken = {i for s in spans for i in range(s.start, s.end)}
        titles = self.lex.titles
        out = list(spans)

        def name_run(i: int) -> int:
            j = i
            while j < len(doc) and j - i < 5 and j not in taken and (
                    toks[j].text[:1].isupper() and (toks[j].is_alpha or j > i and re.fullmatch(r"[A-Z]\.", toks[j].text))
                    and toks[j].lower_ not in titles
                    and toks[j].lower_ not in self.lex.calendar_words
                    or (toks[j].text == "-" and j > i and j + 1 < len(doc) and toks[j + 1].is_alpha
                        and (toks[j + 1].text[:1].isupper() or is_word_hyphen(toks[j])))   # 'Park Geun-hye'
                    or (j > i + 1 and toks[j - 1].text == "-" and is_word_hyphen(toks[j - 1]) and toks[j].is_alpha)
                    or (toks[j].lower_ in ("al", "el", "bin", "ibn", "de", "van", "von") and j + 1 < len(doc))):
                j += 1
            while j > i and not toks[j - 1].is_alpha:
                j -= 1
            return j

        texts, lows = column(doc, "text"), column(doc, "lower")
        for t in [toks[i] for i, low in enumerate(lows) if low in titles or texts[i][:1].isupper()]:
            if t.i in taken:      # (only a title or a capitalised word can start a name: the two tests below)
                continue
            start = None
            if t.lower_ in titles and t.i + 1 < len(doc) and toks[t.i + 1].text[:1].isupper() and t.i + 1 not in taken:
                start = t.i + 1
            elif t.text[:1].isupper() and t.is_alpha and (t.i == 0 or not toks[t.i - 1].text[:1].isupper()):
                first = self.title_end(doc, t.i)      # 'Minister of Defense Ana Ruiz said': 'Defense' ends the title
                if first > t.i:
                    end = name_run(first)
                    after = toks[end] if end < len(doc) else None
                    if end - first >= 2 and after is not None and after.lemma_.lower() in self.lex.reporting_verbs \
                            and not any(i in taken for i in range(first, end)):
                        span = doc[first:end]
                        if not (self.lookup(span.text) or any(self.lookup(x.text) for x in span)):
                            out.append(self.make_span(doc, first, end, self.normalise_person(span.text.split()),
                                                      "Person", "title"))
                            taken |= set(range(first, end))
                    continue
                end = name_run(t.i)
                after = toks[end] if end < len(doc) else None
                if after is not None and after.text == ",":
                    after = None
                    for k in range(end + 1, min(len(doc), end + 16)):
                        if toks[k].text == ",":
                            after = toks[k + 1] if k + 1 < len(doc) else None
                            break
                if end - t.i >= 2 and after is not None and after.lemma_.lower() in self.lex.reporting_verbs:
                    start = t.i
                elif end - t.i >= 2 and self.after_quote_verb(doc, t.i):
                    start = t.i
                elif end - t.i == 1 and t.pos_ == "PROPN" and end < len(doc) and t.i > 0 \
                        and toks[t.i - 1].text in (",", "\u201d", '"', "\u2019") \
                        and toks[end].lemma_.lower() in self.lex.reporting_verbs and not self.lookup(t.text):
                    # '“…,” Topychkanov said': a lone name attributed a quotation
                    out.append(self.make_span(doc, t.i, end, self.normalise_person([t.text]), "Person", "title"))
                    taken.add(t.i)
                    continue
            if start is None:
                continue
            end = name_run(start)
            if end - start < 2 or any(i in taken for i in range(start, end)):
                continue
            span = doc[start:end]
            if self.lookup(span.text) or any(self.lookup(x.text) for x in span):
                continue
            out.append(self.make_span(doc, start, end, self.normalise_person(span.text.split()), "Person", "title"))
            taken |= set(range(start, end))
        return out

    def after_quote_verb(self, doc: Doc, i: int) -> bool:
        """An inverted speech tag: '“We will stay,” said Ana Ruiz', '…, wrote Ana Ruiz': the name right after
        a reporting verb that follows the end of a quotation or a comma."""
        toks = tokens(doc)
        return i >= 2 and toks[i - 1].lemma_.lower() in self.lex.reporting_verbs and toks[i - 1].is_lower \
            and toks[i - 2].text in (",", "\u201d", '"', "''")

    def join_first_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """'Tomas Orsk' where the NER tagged 'Tomas' alone and the gazetteer knows 'Orsk' as a person: one
        name, the known person's (a first name spelt another way than in the data: 'Tomas' / 'Thomas')."""
        by_start = {s.start: s for s in spans}
        drop, add = set(), []
        for s in spans:
            nxt = by_start.get(s.end)
            if s.id_ == "ner" and s.label_ == "Person" and len(s) == 1 and nxt is not None and nxt.label_ == "Person" \
                    and nxt.id_ == "name" and len(nxt) == 1 and " " in nxt.kb_id_ and s[0].text[:1].isupper() \
                    and nxt.kb_id_.split()[-1] == nxt.text:
                drop.update((s.start, nxt.start))
                add.append(self.make_span(doc, s.start, nxt.end, nxt.kb_id_, "Person", "name"))
        return [s for s in spans if s.start not in drop] + add if add else spans

    def generic_head(self, span: Span) -> str | None:
        """'coalition' for a mention that is only a kind word ('the coalition', 'rebels'), else None."""
        words = [w for w in lowers(span.doc)[span.start:span.end] if w not in ("the", "a", "an")]
        return _stem(words[0]) if len(words) == 1 and words[0] in self.lex.generic_heads else None

    def named_kinds(self, doc: Doc, span: Span) -> set[str]:
        """The kind words a named mention carries: in its actor's names ('Saudi-led coalition',
        'Houthi rebels') or right after it in the text ('YPG militia')."""
        toks = tokens(doc)
        kinds = set(self.name_kinds(span.kb_id_, span.text))
        if span.end < len(doc) and toks[span.end].lower_ in self.lex.generic_heads:
            kinds.add(_stem(toks[span.end].lower_))
        return kinds

    def name_kinds(self, name: str, text: str) -> frozenset[str]:
        """The kind words in an actor's canonical name, its mention's text and its aliases (memoized: they
        depend on the actor table only)."""
        key = (name, text)
        kinds = self.name_kind_memo.get(key)
        if kinds is None:
            e = self.lex.entries.get(name)
            names = [name, text] + list(e.aliases if e else ())
            kinds = frozenset(_stem(w) for n in names for w in WORD_SPLIT.split(n.lower()) if w in self.lex.generic_heads)
            if len(self.name_kind_memo) > 100_000:
                self.name_kind_memo.clear()
            self.name_kind_memo[key] = kinds
        return kinds

    def resolve_generic(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """'the coalition' after 'the Saudi-led coalition' is that coalition, not the gazetteer's default."""
        last: dict[tuple[str, str], Span] = {}
        out = []
        for s in sorted(spans, key=lambda x: x.start):
            head = self.generic_head(s)
            if head is not None and s.id_ != "ner":
                ante = last.get((head, s.label_))
                if ante is not None and ante.kb_id_ != s.kb_id_:
                    s = self.make_span(doc, s.start, s.end, ante.kb_id_, ante.label_, "generic")
                out.append(s)
                continue
            for kind in self.named_kinds(doc, s):
                last[(kind, s.label_)] = s
            out.append(s)
        return out

    def aka_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """'Ana Ruiz, also known as Tia Orsk,' / 'Ana Ruiz (a.k.a. Tia Orsk)' / 'Ana Ruiz, alias Tia Orsk':
        the second name is the same person as the first, so it takes the first one's actor."""
        toks = tokens(doc)
        people = {s.start: s for s in spans if s.label_ == "Person"}
        out, same = [], {}
        for s in spans:
            if s.label_ != "Person":
                continue
            k = s.end + (s.end < len(doc) and toks[s.end].text in (",", "("))
            words = []
            while k < len(doc) and len(words) < 3 and k not in people:
                words.append(toks[k].lower_)
                k += 1
            if " ".join(words) in ("also known as", "known as", "a.k.a.", "aka", "alias") and k in people \
                    and people[k].kb_id_ != s.kb_id_:
                same[k] = s.kb_id_
        for s in spans:
            out.append(self.make_span(doc, s.start, s.end, same[s.start], "Person", s.id_) if s.start in same
                       and s.label_ == "Person" else s)
        return out

    def canonicalise_people(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A surname alone, or a short form, becomes the full name seen elsewhere in the document."""
        toks = tokens(doc)
        full: dict[str, str] = {}
        for s in spans:
            if s.label_ == "Person" and " " in s.kb_id_:
                full.setdefault(s.kb_id_.split()[-1], s.kb_id_)
        out = []
        for s in spans:
            name = s.kb_id_
            if s.label_ == "Person" and " " not in name:
                titled = s.start > 0 and (toks[s.start - 1].lower_.rstrip(".") in self.lex.titles
                                          or toks[s.start - 1].lower_ in ("mr", "mr.", "mrs", "mrs.", "ms", "ms."))
                name = full.get(name) or self.person_surnames.get(name) \
                    or (self.world_surnames.get(name) if titled else None) or name
            if s.label_ == "Organization" and s.id_ == "ner" and " " not in name and name in full:
                continue  # an ORG tag on a known person's surname is a tagging error
            out.append(s if name == s.kb_id_ else self.make_span(doc, s.start, s.end, name, s.label_, s.id_))
        return out

    def pronoun_spans(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """he/she → the last person mentioned before; its/it → the sentence's or previous sentence's actor subject."""
        toks = tokens(doc)
        out = []
        people = [s for s in spans if s.label_ == "Person"]
        taken = {i for s in spans for i in range(s.start, s.end)}
        subjects = [s for s in spans if s.label_ in ACTOR_CLASSES_NOT_PLACE - {"Person"}
                    and is_subject_mention(s, taken)]
        index = token_index(spans)
        for t in [toks[i] for i, pos in enumerate(column(doc, "pos")) if pos == "PRON"]:
            if t.i in taken:
                continue
            low = t.lower_
            reporter = self.reporter_of(t, index)
            if reporter is not None and low in PERSON_PRONOUNS | THING_PRONOUNS | {"they", "their", "them"}:
                # 'the Russians estimate that they have …': the pronoun is the reporter
                out.append(self.make_span(doc, t.i, t.i + 1, reporter.kb_id_, reporter.label_, "pronoun"))
            elif low in PERSON_PRONOUNS:
                before = [s for s in people if s.end <= t.i and t.i - s.end < 120]
                if before:
                    out.append(self.make_span(doc, t.i, t.i + 1, before[-1].kb_id_, "Person", "pronoun"))
            elif low in THING_PRONOUNS and sentence(t) is not None:
                sent = sentence(t)
                prev = sentence(toks[sent.start - 1]) if sent.start > 0 else None
                if low == "it" and not t.dep_.startswith("nsubj"):
                    prev = None      # an object 'it' mostly means a thing; look no further than its own sentence
                cands = [s for s in subjects if s.end <= t.i and (sentence(s) == sent or (prev is not None and sentence(s) == prev))
                         and not is_plural_mention(s) and not (low == "it" and is_clause_subject_of(s.root, t))]
                near = nearest_owner(t, spans) if low == "its" else None
                if near is not None:
                    cands = [near]      # 'fought for Kelvaria in its war with X': the thing just named owns it
                if cands:
                    c = cands[-1]
                    out.append(self.make_span(doc, t.i, t.i + 1, c.kb_id_, c.label_, "pronoun"))
        return out

    def definite_anaphors(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """'the militants', 'the jihadist group', 'those forces' (a demonstrative with any fighting noun): the one
        armed group named in this or the last three sentences."""
        toks = tokens(doc)
        taken = {i for s in spans for i in range(s.start, s.end)}
        named = sorted((s for s in spans if s.id_ not in ("pronoun", "anaphor")), key=lambda s: s.start)
        sent_no = sentence_numbers(doc)
        out = []
        for t in [toks[i] for i, pos in enumerate(column(doc, "pos")) if pos in ("NOUN", "PROPN")]:
            if t.i in taken:
                continue
            if t.lower_ in self.lex.organ_anaphors:
                ante = self.organ_antecedent(t, named, sent_no)
                if ante is not None:
                    out.append(self.make_span(doc, t.i, t.i + 1, ante.kb_id_, ante.label_, "anaphor"))
                continue
            mods = premodifiers(t)
            demonstrative = any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in mods)
            if t.lower_ not in self.lex.anaphor_heads and not (demonstrative and t.lower_ in self.fighting_nouns):
                continue          # 'those forces' points back as 'the militants' does
            bare = (any(c.dep_ == "det" and (c.lower_ == "the" or c.lower_ in DEMONSTRATIVES) for c in mods)
                    and all(c.dep_ == "det" or c.dep_ in ("amod", "compound") and c.lower_ in self.lex.anaphor_modifiers
                            for c in mods)
                    and not any(c.dep_.startswith("nmod") or c.dep_ == "acl:relcl" for c in kids(t)))
            if not bare:
                continue          # 'the group of experts', 'the group that …', 'the Kurdish militia': not a bare anaphor
            here = sent_no[t.i]
            recent = [s for s in named if s.end <= t.i and here - sent_no[s.start] <= 3
                      and s.label_ in ("ArmedGroup", "Organization", "Coalition", "InternationalOrganization")]
            groups = [s for s in recent if s.label_ == "ArmedGroup"]
            if len({s.kb_id_ for s in groups}) != 1:
                continue          # none, or two armed groups in view: which one is meant is not for a rule to guess
            ante = groups[-1]
            out.append(self.make_span(doc, t.i, t.i + 1, ante.kb_id_, ante.label_, "anaphor"))
        return out

    def generic_agents(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """'rebels', 'government forces', 'the regime': the named actor they stand for (see kg.extract.agents)."""
        rebels_of = self.rebels_of
        rebel_kind = set(rebels_of.values()) | {
            s.kb_id_ for s in spans if s.label_ == "ArmedGroup" and "rebel" in self.named_kinds(doc, s)}
        named = sorted((s for s in spans if s.id_ not in ("pronoun", "anaphor")), key=lambda s: s.start)
        sent_no = sentence_numbers(doc)
        extra = [self.make_span(doc, r.start, r.end, r.name, r.cls, "agent")
                 for r in resolve_people(doc, spans, self.lex.peoples, self.fighting_nouns)]
        extra += [self.make_span(doc, r.start, r.end, r.name, r.cls, "agent") for r in loyal_forces(
            doc, spans + extra, self.lex.agent_kinds, self.lex.allegiance_adjectives, self.side_of)]
        spans = spans + extra
        found = resolve_generic_agents(doc, spans, self.lex.agent_kinds, rebels_of, rebel_kind,
                                       lambda tok: self.organ_antecedent(tok, named, sent_no)
                                       if tok.lower_ in self.lex.organ_anaphors else None)
        out = extra + [self.make_span(doc, r.start, r.end, r.name, r.cls, "agent") for r in found]
        return out + [self.make_span(doc, r.start, r.end, r.name, r.cls, "pair") for r in resolve_pairs(doc, spans + out, self.shared_names)]

    def pro_sides(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """'pro-Kelvari separatists' is an armed side of its own, not Kelvaria (see kg.extract.agents.pro_side)."""
        found = pro_side(doc, spans, self.lex.agent_kinds, self.demonym_of)
        if not found:
            return spans
        gone = {id(c) for c, _ in found}
        return [s for s in spans if id(s) not in gone] + [
            self.make_span(doc, r.start, r.end, r.name, r.cls, "agent") for _, r in found]

    def demonym_of(self, country: str) -> str | None:
        """A country's first demonym ('Kelvari'), or None."""
        e = self.lex.entries.get(country)
        return e.demonyms[0] if e is not None and e.demonyms else None

    def led_state(self, person: str) -> str | None:
        """The country a known person leads (data: 'leads:COUNTRY'), or None."""
        e = self.lex.entries.get(person)
        return e.leads if e is not None and e.leads and self.entry_class(e.leads) == "Country" else None

    def side_of(self, name: str, cls: str) -> tuple[str, str]:
        """The side an actor stands for: a leader's state ('troops loyal to the Kelvari president' are Kelvaria's),
        else the actor itself."""
        state = self.led_state(name) if cls == "Person" else None
        return (state, "Country") if state else (name, cls)

    def organ_antecedent(self, t: Token, named: list[Span], sent_no: dict[int, int]) -> Span | None:
        """'the government' after 'the Syrian government': the one country whose organ of that name the
        last five sentences named."""
        if [c.lower_ for c in premodifiers(t)] != ["the"]:
            return None
        if any(c.dep_.startswith("nmod") or c.dep_.startswith("acl") for c in kids(t)):
            return None        # 'the government of Iraq', 'the army that …': said in place
        here = sent_no[t.i]
        same = [s for s in named if s.end <= t.i and here - sent_no[s.start] <= 5 and s.id_ == "organ"
                and s[-1].lower_ == t.lower_]
        return same[-1] if same and len({s.kb_id_ for s in same}) == 1 else None

    def reporter_of(self, pron: Token, index: dict[int, Span]) -> Span | None:
        """The actor subject of the reporting verb whose reported clause has this pronoun as subject, or as a
        possessor in a reported clause whose own subject names no actor ('the rebels say the offensive threatens
        their uprising': their = the rebels; 'the rebels say Kelvaria lost its way': its = Kelvaria, not this)."""
        clause = pron.head
        if pron.dep_ == "nmod:poss":
            while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i and clause.dep_ != "ccomp":
                clause = clause.head
            if any(c.dep_.startswith("nsubj") and index.get(c.i) is not None for c in kids(clause)):
                return None
        elif not pron.dep_.startswith("nsubj"):
            return None
        if clause.dep_ != "ccomp":
            return None
        verb = clause.head
        if verb.lemma_.lower() not in self.lex.reporting_verbs:
            return None
        for c in kids(verb):
            if c.dep_.startswith("nsubj"):
                m = index.get(c.i)
                if m is None:        # 'the envoy, Ana Ruiz, said he …': the title's apposed name
                    m = next((index[a.i] for a in kids(c) if a.dep_ == "appos" and a.i in index), None)
                if m is not None and m.label_ in ACTOR_CLASSES_NOT_PLACE:
                    return m
        return None

    # -- titles ----------------------------------------------------------------------------
    def role_country(self, entry, on: str | None) -> tuple[str, str] | None:
        """(country, role) of a person's dictionary role valid at the article's date (ISO), or the latest role
        when the article has no date or no role covers it (a title names a past holder by the post he held:
        'President Ana Ruiz' in an article written after her term)."""
        when = None
        if on:
            try:
                when = date.fromisoformat(on[:10])
            except ValueError:
                when = None
        record = ActorRecord(entry.name, entry.cls, roles=entry.roles)
        role = (role_at(record, when) if when else None) or role_at(record)
        country = self.lex.country_codes.get(country_of_code(role.code) or "") if role else None
        return (country, str(role)) if country else None

    def title_words(self, tokens: list[Token]) -> tuple[str | None, bool]:
        """The relation a run of title words implies ('leads' / 'memberOf') and whether one was found."""
        words = [t.lower_ for t in tokens]
        text = re.sub(r" ?- ?", "-", " ".join(words))
        lead = self.lead_re.search(text) is not None
        member = self.member_re.search(text) is not None
        if not lead and not member:
            return None, False
        if lead and not (set(words) & {"deputy", "vice", "assistant", "acting"}) and not (
                member and any(w in text for w in ("minister", "secretary of state", "press secretary"))
                and "prime minister" not in text and "secretary-general" not in text
                and "secretary general" not in text):
            return "leads", True
        return "memberOf", True

    def affiliations(self, doc: Doc, spans: list[Span]) -> list[Affiliation]:
        """memberOf / leads from titles before a name, 'of X' after it, and appositions."""
        toks = tokens(doc)
        out: list[Affiliation] = []
        index = token_index(spans)
        focus = focus_country([s for s in spans if s.id_ not in ("pronoun", "anaphor")])
        for s in spans:
            if s.label_ != "Person" or s.id_ == "pronoun":
                continue
            sent_start = s.start
            while sent_start > 0 and not (toks[sent_start - 1].text in (".", "!", "?", ";", ":", "\u201c", '"')
                                          or "\n" in toks[sent_start - 1].text):
                sent_start -= 1        # the clause start by punctuation: parsers split titles wrongly
            # left window: title words, demonyms and organisations in front of the name
            window: list[Token] = []
            targets: list[str] = []
            j = s.start - 1
            if j > sent_start and toks[j].text == "," and (s.end >= len(doc) or toks[s.end].text in (",", ".")):
                j -= 1          # a title in front, set off by commas: 'Iran's foreign minister, Javad Zarif, said'
            while j >= sent_start and s.start - j <= 9:
                t = toks[j]
                m = index.get(j)
                if m is not None and m.label_ in ACTOR_CLASSES_NOT_PLACE - {"Person"}:
                    if window and any(self.entry_class(x) == "Country" for x in targets) \
                            and window[-1].lower_ not in ("'s", "’s", "-"):
                        break         # 'ZORVA CITY, Kelvaria US Secretary …': one state names a title
                    targets.append(m.kb_id_)
                    window.extend(reversed(list(m)))  # 'Russian President' is a mention holding a title
                    j = m.start - 1
                    continue
                if self.owned_title(doc, j):
                    break
                if t.lower_ in ("'s", "’s", "of", "-", "the") or re.fullmatch(r"[A-Z]\.", t.text) or (
                        t.is_alpha and (t.text[:1].isupper() or t.lower_ in self.lex.titles)) or \
                        t.lower_ not in self.lex.link_participles and title_modifier(t, window, self.lex.titles):
                    if m is not None:
                        break
                    window.append(t)
                    j -= 1
                    continue
                n = self.portfolio_words(doc, j, sent_start, index) if window else 0
                if n:
                    window.extend(reversed(list(doc[j - n + 1: j + 1])))
                    j -= n
                    continue
                break
            rel, found = self.title_words(list(reversed(window)))
            title = " ".join(t.lower_ for t in reversed(window)
                             if index.get(t.i) is None and t.is_alpha and t.lower_ not in ("the", "of"))
            if not found and targets and window and all(w.lower_ in ("'s", "’s") or index.get(w.i) is not None
                                                        for w in window) \
                    and all(self.entry_class(x) not in ("Country", "Person") for x in targets):
                rel, found = "memberOf", True      # 'Kelvar Radio's Ana Ruiz': the organisation's own
            # right side: 'Foreign Minister Javad Zarif of Iran'
            k = s.end
            if found and k + 1 < len(doc) and toks[k].lower_ == "of" and is_actor(index.get(k + 1)):
                targets.append(index[k + 1].kb_id_)
            body = self.from_body(doc, s, index)
            if body is not None:
                out.append(Affiliation(s.kb_id_, "memberOf", body, s.start))
            role = ""
            if found:
                targets = self.employer_targets(s, " ".join(w.lower_ for w in reversed(window)), targets)
                if not targets:
                    e = self.lex.entries.get(s.kb_id_)
                    if e and (e.leads or e.member_of):
                        targets.append(e.leads or e.member_of)
                    elif e and e.roles:
                        held = self.role_country(e, doc._.newskg_date)
                        if held is not None:
                            targets.append(held[0])
                            role = held[1]
                    elif focus is not None and not (set(title.split()) & self.lex.private_titles) \
                            and not self.owned_title(doc, j) and any(
                            x.kb_id_ == focus for x in spans if sentence(x).start == sentence(s).start and x.id_ != "pronoun"):
                        targets.append(focus)   # 'Foreign Minister Ana Ruiz said Kelvaria …' about Kelvaria
                for tgt in dict.fromkeys(targets):
                    if tgt != s.kb_id_:
                        out.append(Affiliation(s.kb_id_, self.rank(rel, " ".join(w.lower_ for w in reversed(window)), tgt),
                                               tgt, s.start, title, role))
            # apposition after a comma, read off the tokens (robust to parse errors):
            # 'Evgeny Lukyanov, the deputy secretary of the Russian Security Council, told …'
            if s.end < len(doc) and toks[s.end].text == ",":
                k, words, tg, listed, cut, remit = s.end + 1, [], [], False, False, False
                nationals, bodies = set(), set()
                body = self.from_body(doc, s, index, k - 1)
                if body is not None:
                    out.append(Affiliation(s.kb_id_, "memberOf", body, s.start))
                    k = len(doc)      # ', from the Zorvan Front,' is all the apposition says
                while k < len(doc) and k - s.end <= 14 and toks[k].text not in (",", ".", ";", ":", "(", "\u201d", '"') \
                        and toks[k].lemma_.lower() not in self.lex.reporting_verbs:
                    m = index.get(k)
                    if toks[k].lower_ in REMIT_PREPS | {"of"} and words:
                        cut = True       # the title ends; 'for X' is its remit, unless a spokesman speaks for X
                        remit = toks[k].lower_ != "of" and not (
                            toks[k].lower_ == "for" and words[-1].lower_ in self.lex.representative_nouns)
                    elif toks[k].lower_ in ("at", "in") and words:
                        cut, remit = True, False   # 'an adviser on Kelvaria at the Zorva Institute', 'a commander in X'
                    if m is not None and m.label_ in ACTOR_CLASSES_NOT_PLACE - {"Person"}:
                        owned = index.get(m.end + 1) if m.end + 1 < len(doc) and toks[m.end].lower_ in ("'s", "’s") \
                            else None
                        if is_actor(owned) and owned.label_ != "Person":
                            if owned.end < len(doc) and toks[owned.end].is_lower and toks[owned.end].pos_ == "NOUN":
                                if m.kb_id_ not in tg and not remit:   # 'Zorva Aid's Chile office': Zorva Aid
                                    tg.append(m.kb_id_)
                                k = owned.end
                            else:
                                k = m.end  # 'the Kelvari opposition's Zorva Committee': the committee employs
                            continue
                        if m.kb_id_ not in tg and not remit:
                            tg.append(m.kb_id_)
                        if m.id_ == "demonym" and not cut:
                            nationals.add(m.kb_id_)
                        elif cut and not remit and m.label_ != "Country":
                            bodies.add(m.kb_id_)
                        if not cut:
                            words.extend(m)
                        k = m.end
                        continue
                    if m is not None and m.label_ == "Person":
                        listed = True     # 'A, French President B': a list of titled people, not A's title
                        break
                    if not cut:
                        words.append(toks[k])
                    k += 1
                if listed or (k < len(doc) and toks[k].lemma_.lower() in self.lex.reporting_verbs
                              and words and words[0].lower_ in ("a", "an", "another")):
                    words, tg = [], []    # '… near Zorva, a Kelvari official said': a new speaker, no apposition
                if bodies:            # 'a Kelvari commander in the Zorvan Front': Kelvari is his nationality
                    tg = [x for x in tg if x not in nationals]
                rel3, found3 = self.title_words([w for w in words if w.pos_ in ("NOUN", "PROPN", "ADJ")
                                                 or w.lower_ in self.lex.titles])
                if found3 and words and words[0].lower_ in {"a", "an", "the", "who", "its", "their"} | self.lex.titles or (found3 and tg):
                    said = " ".join(w.lower_ for w in words)
                    for tgt in self.employer_targets(s, said, tg):
                        out.append(Affiliation(s.kb_id_, self.rank(rel3, said, tgt), tgt, s.start))
            for t in kids(s.root):
                if t.dep_ != "appos":
                    continue
                sub = list(t.subtree)
                if any(index.get(x.i) is not None and index[x.i].label_ == "Person" for x in sub):
                    continue            # 'A, French President B': another person, not A's title
                # the title is what stands before its first preposition ('Special Envoy of the Secretary-General
                # for Zorvania' is an envoy); employers come before it or after 'of', never after 'for'/'to'
                cut = next((k for k, x in enumerate(sub) if x.i > t.i and x.lower_ in REMIT_PREPS | {"of", "in", "at"}),
                           len(sub))
                rel2, found2 = self.title_words([x for x in sub[:cut] if x.pos_ in ("NOUN", "PROPN", "ADJ")])
                if not found2:
                    continue
                tg = []
                remit = False
                nationals, bodies = set(), set()
                for k, x in enumerate(sub):
                    if k >= cut and x.lower_ in REMIT_PREPS:
                        remit = True
                    elif k >= cut and x.lower_ in ("of", "in", "at"):
                        remit = False
                    m = index.get(x.i)
                    if is_actor(m) and m.label_ != "Person" and m.kb_id_ not in tg and not remit:
                        tg.append(m.kb_id_)
                        if m.id_ == "demonym" and k < cut:
                            nationals.add(m.kb_id_)
                        elif k >= cut and m.label_ != "Country":
                            bodies.add(m.kb_id_)
                if bodies:
                    tg = [x for x in tg if x not in nationals]
                said = " ".join(x.lower_ for x in sub[:cut])
                for tgt in self.employer_targets(s, said, tg):
                    out.append(Affiliation(s.kb_id_, self.rank(rel2, said, tgt), tgt, s.start))
        return out

    def rank(self, rel: str, title: str, target: str) -> str:
        """'leads' a country only with a title that leads one ('president', 'Kelvari leader Ana Ruiz'); a head
        of one of its bodies ('the chief of the Kelvari antiquities office') serves it: 'memberOf', and so does
        a leader of one of its kinds of agent ('Kelvari opposition leader', 'the Kelvari military leader')."""
        if rel != "leads" or self.entry_class(target) != "Country":
            return rel
        text = re.sub(r" ?- ?", "-", title)
        if any(w in self.lex.agent_kinds for w in text.split()):
            return "memberOf"
        return rel if any(re.search(rf"(?:^| ){re.escape(w)}(?:$| )", text) for w in self.lex.state_titles) \
            else "memberOf"

    def owned_title(self, doc: Doc, j: int) -> bool:
        """A title owned by a person ('his deputy, Ana Ruiz', 'whose aide Ana Ruiz') ranks her below that person,
        and one after a relational noun ('Kelvaria's ally President Ana Ruiz') names an ally: neither is a post
        of the article's country. Token ``j`` is the one before the title window."""
        toks = tokens(doc)
        return j >= 0 and (toks[j].lower_ in ("his", "her", "whose", "their") or toks[j].lower_ in self.lex.relational_nouns)

    def employer_targets(self, person: Span, title: str, targets: list[str]) -> list[str]:
        """The targets of a title that employ its holder. A country named with a private title is its subject
        ('a Kelvaria expert', 'the Zorva analyst Ana Ruiz' study the country, they do not serve it); and a person
        the data ties to an international body is sent to the country a title names ('the UN's Kelvaria envoy
        Ana Ruiz' works for the UN, not for Kelvaria)."""
        words = re.sub(r" ?- ?", "-", title).split()
        private = any(w in self.lex.private_titles and w not in self.lex.lead_titles for w in words)
        e = self.lex.entries.get(person.kb_id_)
        home = (e.leads or e.member_of) if e else None
        sent = home is not None and self.entry_class(home) == "InternationalOrganization"
        if not (private or sent):
            return targets
        return [t for t in targets if self.entry_class(t) != "Country"]

    def portfolio_words(self, doc: Doc, j: int, sent_start: int, index: dict[int, Span]) -> int:
        """How many lowercase words ending at token ``j`` name a portfolio between a title and the body in front
        ('Zorvan foreign affairs spokesman Ana Ruiz', 'the Kelvari health ministry official …'): up to three
        nouns or adjectives with a named organisation or country right before them; 0 when there is none."""
        toks = tokens(doc)
        n = 0
        while n < 3 and j - n >= sent_start and toks[j - n].is_alpha and toks[j - n].is_lower \
                and toks[j - n].pos_ in ("NOUN", "ADJ", "PROPN") and index.get(j - n) is None:
            n += 1
        before = index.get(j - n) if j - n >= sent_start else None
        if any(toks[k].lower_ in self.lex.relational_nouns for k in range(j - n + 1, j + 1)):
            return 0          # 'Kelvaria's ally President Ana Ruiz': an ally is no portfolio
        return n if n and before is not None and before.label_ in ACTOR_CLASSES_NOT_PLACE - {"Person"} \
            and before.id_ not in ("pronoun", "anaphor") else 0

    def from_body(self, doc: Doc, person: Span, index: dict[int, Span], at: int | None = None) -> str | None:
        """'Ana Ruiz from the Zorvan Liberation Front said', 'Ana Ruiz, from Kelvaria's Zorva Institute,': a
        person 'from' a named organisation or armed group belongs to it (from a country is only where one comes
        from). ``at`` is the token before 'from' (default: the end of the name). A possessor gives way to what it
        owns ('from Kelvaria's Zorva Institute' → the institute)."""
        toks = tokens(doc)
        k = person.end if at is None else at + 1
        if k >= len(doc) or toks[k].lower_ != "from":
            return None
        k += 1
        if k < len(doc) and toks[k].lower_ == "the":
            k += 1
        m = index.get(k)
        while m is not None and m.end + 1 < len(doc) and toks[m.end].lower_ in ("'s", "’s") and is_actor(index.get(m.end + 1)):
            m = index[m.end + 1]
        if not is_actor(m) or m.label_ in ("Person", "Country"):
            return None
        return m.kb_id_



@Language.factory(
    "newskg_actors",
    default_config={"data_dir": None, "use_ner": True, "resolve_pronouns": True, "frames": [], "actors": []},
    assigns=["doc.spans", "token._.actor", "doc._.newskg_registry", "doc._.newskg_affiliations"],
)
def make_actor_finder(nlp: Language, name: str, data_dir: str | None, use_ner: bool,
                      resolve_pronouns: bool, frames: list[str], actors: list[str]) -> ActorFinder:
    """spaCy factory of the actor finder; `data_dir` overrides the packaged data, `frames` / `actors` add a
    user's frame lexicons and actor tables."""
    return ActorFinder(nlp, load_lexicon(data_dir, tuple(frames), tuple(actors)), use_ner=use_ner,
                       resolve_pronouns=resolve_pronouns)
