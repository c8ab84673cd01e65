"""Claims: relation candidates with polarity, modality and speaker — the `newskg_claims` component.

- polarity: negation cues on the cue word and on the words that govern it up to the clause
  (not, never, no plans, without), and negative verbs above it (refuse, deny, reject);
- modality: modal auxiliaries and cue words on the same path (will / plan / agree → Intended;
  may / could / would / possibility → Possible);
- speaker: the subject of a reporting verb governing the cue or attached to its clause
  ("…, Lavrov said"), "according to X", and the attribution of the quotation the cue sits in;
- first-person arguments in a quotation (we, our, I) become the speaker's side: the country or
  organisation the speaker belongs to, else the speaker.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .actors import is_actor
from .doccache import StringMemo, actor_of, column, kids, open_cache, sentence, view
from .lexicon import Lexicon, load_lexicon
from ..records import Claim
from ..namespaces import SYMMETRIC
from .relations import FIRST_PERSON, Arg, Candidate, RelationFinder, case_of, children, has_that_mark, lemma_of

if not Doc.has_extension("newskg_claims"):
    Doc.set_extension("newskg_claims", default=None)

QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»", "‘": "’"}
QUOTE_MARK = re.compile("[" + re.escape("".join(QUOTE_PAIRS)) + "]")
CLIMB = {"xcomp", "ccomp", "obj", "nmod", "obl", "acl", "advcl", "conj", "amod", "compound", "appos", "csubj"}
"""Dependencies through which negation, modality and attribution reach down to a cue (not subjects:
a claim inside the subject of a negated clause is not itself negated)."""
REPORTED = {"ccomp", "parataxis", "obj", "xcomp", "csubj"}
ACCUSED = {"advcl", "acl", "xcomp", "obl", "ccomp"}
"""How the deed hangs on an accusation verb ('accused Ankara of supporting …', '… that it supported …')."""
TOPIC_DEPS = {"obj", "ccomp", "xcomp"}
"""Dependents of a topic verb that name what was talked about."""
MODALS_INTENDED = {"will", "shall", "'ll", "wo"}
MODALS_POSSIBLE = {"may", "might", "could", "would", "can", "ca", "'d"}


def is_bare_gerund(tok: Token) -> bool:
    """A gerund with no conjunction the parser hung as an adverbial: often really a complement
    ('denies arming the rebels', 'did not discuss creating coalitions')."""
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and not children(tok, "mark")


def is_reported(tok: Token) -> bool:
    """A clause that is what a reporting verb reports: a complement, or a bare gerund right after
    the verb ('Tehran denies arming the rebels')."""
    return tok.dep_ in REPORTED or (
        is_bare_gerund(tok) and tok.i > tok.head.i
        and all(t.pos_ in ("ADV", "PART") for t in tok.doc[tok.head.i + 1: tok.i]))


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of quotations (curly, straight and guillemet quotes)."""
    regions = []
    i = 0
    while i < len(text):
        found = QUOTE_MARK.search(text, i)     # (the next quotation mark: no Python loop over every character)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        if ch in QUOTE_PAIRS:
            close = QUOTE_PAIRS[ch]
            j = text.find(close, i + 1)
            para = text.find("\n\n", i + 1)
            if j != -1 and para != -1 and para < j:
                j = -1         # quotations close within their paragraph; an unmatched mark opens none
            if ch == "‘" and (i > 0 and text[i - 1].isalnum()):
                i += 1
                continue
            if j != -1 and j - i < 3000:
                regions.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return regions


class ClaimMaker:
    """Turns a Doc with actor mentions into Claim records."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.finder = RelationFinder(lexicon)
        self.strings = StringMemo()
        """Token strings already read by hash, across Docs (see `doccache`)."""

    # -- path from the cue up to its clause ----------------------------------------------------
    def path(self, cue: Token) -> list[Token]:
        """The cue and the words governing it up to the first reporting verb or the sentence root."""
        out = [cue]
        t = cue
        while t.head.i != t.i and len(out) < 8:
            dep = t.dep_
            head = t.head
            prev = t.doc[t.i - 1] if t.i > 0 else None
            if t.tag_ == "VBG" and prev is not None and is_actor(actor_of(prev)) and actor_of(prev).end == t.i:
                break          # reduced relative ('the coalition fighting ISIL') is its own clause
            if dep not in CLIMB and dep.split(":")[0] not in CLIMB:
                break
            if self.is_reporting(head):
                if is_reported(t) and lemma_of(head, self.lex.negative_verbs) in self.lex.negative_verbs:
                    out.append(head)     # 'denied that Russia was supporting'
                break
            if dep == "conj" and not (cue.pos_ in ("NOUN", "PROPN") and head.pos_ in ("NOUN", "PROPN")):
                break
            if dep == "advcl" and t.tag_ == "VBN" and not children(t, "mark", "nsubj"):
                break          # 'Backed by X, the Front refused …': a participle adjunct is not under 'refused'
            out.append(head)
            if dep == "acl:relcl":
                break          # a relative clause does not inherit the negation of its host clause
            t = head
        return out

    def is_reporting(self, tok: Token) -> bool:
        return tok.pos_ in ("VERB", "AUX") and lemma_of(tok, self.lex.reporting_verbs) in self.lex.reporting_verbs

    # -- polarity ----------------------------------------------------------------------------
    def polarity(self, cand: Candidate, path: list[Token]) -> str:
        neg = 0
        for k, t in enumerate(path):
            if k > 0 and lemma_of(t, self.lex.negative_verbs) in self.lex.negative_verbs:
                neg += 1
            topic_negation = k == 0 and self.denies_topic(cand, t)
            for c in kids(t):
                low = c.lower_
                if topic_negation and c.dep_ in ("advmod", "neg", "advmod:neg"):
                    continue
                if c.dep_ in ("advmod", "neg", "det", "advmod:neg") and low in self.lex.negation_words:
                    neg += 1
            if case_of(t) == "without":
                neg += 1           # 'without coordination with X', 'without coordinating with X'; counted once
            if t.lower_ in ("unlikely", "impossible", "unwilling", "unable") and k > 0:
                neg += 1
        if cand.relation == "opposes" and lemma_of(cand.cue, self.lex.negated_opposes) in self.lex.negated_opposes:
            neg += 1
        if cand.frame is not None and cand.frame.flip:
            neg += 1           # the frame's trigger negates itself ("polarity": "flip")
        return "Negative" if neg % 2 else "Positive"

    def denies_topic(self, cand: Candidate, cue: Token) -> bool:
        """'did not discuss coalitions': a negated topic verb with a topic still reports the meeting."""
        return (cand.relation == "meetsWith" and lemma_of(cue, self.lex.topic_verbs) in self.lex.topic_verbs
                and any(c.dep_ in TOPIC_DEPS or is_bare_gerund(c) for c in kids(cue)))

    # -- modality ----------------------------------------------------------------------------
    def modality(self, path: list[Token]) -> str:
        found = "Actual"
        for k, t in enumerate(path):
            lemma, low = t.lemma_.lower(), t.lower_
            words = [(c.lower_, c.lemma_.lower()) for c in kids(t) if c.dep_ in ("aux", "aux:pass", "mark", "advmod")]
            if k > 0:
                words.append((low, lemma))
            for w, lem in words:
                if w in MODALS_POSSIBLE or lem in self.lex.possible_words or w in self.lex.possible_words:
                    return "Possible"
                if w in MODALS_INTENDED or lem in self.lex.intended_words or w in self.lex.intended_words \
                        or (w == "going" and t.dep_ == "xcomp"):
                    found = "Intended"
        return found

    # -- speaker -----------------------------------------------------------------------------
    def reporter_subject(self, verb: Token) -> str | None:
        for s in children(verb, "nsubj"):
            for a in self.finder.args_of(s):
                if not a.name.startswith("@"):
                    return a.name
        return None

    def speaker_in_sentence(self, cue: Token, path: list[Token], sent: Span) -> str | None:
        top = path[-1]
        # a reporting verb right above the path: 'Lavrov said that …', '…, Lavrov said'
        if top.head.i != top.i and self.is_reporting(top.head) and is_reported(top):
            who = self.reporter_subject(top.head)
            if who:
                return who
        for t in path:
            for c in kids(t):
                if c.dep_ in ("parataxis", "advcl") and self.is_reporting(c) and not children(c, "ccomp") and c.i > cue.i:
                    who = self.reporter_subject(c)
                    if who:
                        return who
        for k, t in enumerate(path[1:], 1):
            if self.is_reporting(t) and is_reported(path[k - 1]) or (
                    lemma_of(t, self.lex.accusation_verbs) in self.lex.accusation_verbs
                    and (path[k - 1].dep_.split(":")[0] in ACCUSED or path[k - 1].dep_ == "obj" and k >= 2)):
                who = self.reporter_subject(t)
                if who:
                    return who
        if top.dep_ == "conj" and top.head.pos_ in ("VERB", "AUX") and top.head.i < top.i:
            # '… accused Ankara of supporting X and of preparing Y': a conjunct has its first conjunct's speaker
            who = self.speaker_in_sentence(top.head, self.path(top.head), sent)
            if who:
                return who
        # a headline's speaker label: 'Lavrov: U.S. still not ready for …'
        first = sent[0]
        m = actor_of(first)
        if is_actor(m) and m.end < sent.end and sent.doc[m.end].text == ":" and m.start == sent.start:
            return m.kb_id_
        # 'according to X'
        cache = view(sent.doc)
        for t in [cache.tokens[i] for i in range(sent.start, sent.end) if cache.lower[i] == "according"]:
            if t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "to":
                for u in t.doc[t.i + 2: min(sent.end, t.i + 8)]:
                    m = actor_of(u)
                    if is_actor(m) and m.id_ != "demonym":     # 'according to Lebanese media' is not Lebanon's word
                        return m.kb_id_
        # the sentence root is a reporting verb whose clause holds the cue
        root = sent.root
        if self.is_reporting(root) and root not in path:
            branch = next((c for c in kids(root) if is_reported(c) and c.left_edge.i <= cue.i <= c.right_edge.i),
                          None)
            if branch is None:      # a 'that' clause the parser hung lower ('told X, who is …, that Y …')
                node = cue
                while node.i != root.i and branch is None:
                    if has_that_mark(node):
                        branch = node
                    node = node.head
            if branch is not None:
                who = self.reporter_subject(root)
                if who:
                    return who
        return None

    def quote_speakers(self, doc: Doc) -> list[tuple[int, int, str | None]]:
        """Each quotation with the actor it is attributed to, from reporting verbs outside it nearby."""
        out = []
        sents = list(doc.sents)
        cache = view(doc)
        toks, idx, pos = cache.tokens, cache.idx, cache.pos
        for start, end in quote_regions(cache.doc_text):
            who = None
            near = [s for s in sents if s.start_char < end + 2 and s.end_char > start - 2]
            k = sents.index(near[-1]) if near else -1
            if 0 <= k + 1 < len(sents):
                near.append(sents[k + 1])
            for s in near:
                for t in [toks[i] for i in range(s.start, s.end) if pos[i] in ("VERB", "AUX") and not start <= idx[i] < end]:
                    if not self.is_reporting(t):      # (outside the quotation, a verb: is_reporting's first test)
                        continue
                    w = self.reporter_subject(t)
                    if w:
                        who = w
                        break
                if who:
                    break
            out.append((start, end, who))
        return out

    # -- first person ------------------------------------------------------------------------
    def side_of(self, speaker: str | None, affiliations: dict[str, str]) -> str | None:
        if speaker is None:
            return None
        return affiliations.get(speaker, speaker)

    def resolve(self, arg: Arg, speaker: str | None, affiliations: dict[str, str]) -> str | None:
        if arg.name == "@side":
            return self.side_of(speaker, affiliations)
        if arg.name == "@self":
            return speaker
        if arg.name.startswith("@country:"):
            person = arg.name.split(":", 1)[1]
            return affiliations.get(person)      # 'his country': the country he serves, if the text says
        return arg.name

    # -- the component -----------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if doc._.newskg_error:
            doc._.newskg_claims = []
            return doc
        try:
            with open_cache(doc, self.strings):
                doc._.newskg_claims = self.make_claims(doc)
        except Exception as exc:  # one bad document must not stop a build: record and move on
            doc._.newskg_error = f"newskg_claims: {exc!r}"
            doc._.newskg_claims = []
        return doc

    def make_claims(self, doc: Doc) -> list[Claim]:
        """Every claim of a Doc whose actors are known."""
        registry = doc._.newskg_registry or {}
        affiliations: dict[str, str] = {}
        for a in doc._.newskg_affiliations or ():
            affiliations.setdefault(a.person, a.target)
        for name, actor in registry.items():
            if actor.cls == "Person" and name not in affiliations:
                e = self.lex.entries.get(name)
                if e and (e.leads or e.member_of):
                    affiliations[name] = e.leads or e.member_of
        own = {(a.person, a.target) for a in doc._.newskg_affiliations or ()} | set(affiliations.items())
        quotes = self.quote_speakers(doc)
        claims: list[Claim] = []
        seen = set()

        def add(c: Claim) -> None:
            key = (c.subject, c.relation, c.object, c.polarity, c.modality, c.char_start)
            if c.relation in SYMMETRIC and c.object < c.subject:
                key = (c.object, c.relation, c.subject, c.polarity, c.modality, c.char_start)
            if key not in seen and c.subject != c.object:
                seen.add(key)
                claims.append(c)

        for a in doc._.newskg_affiliations or ():
            sent = sentence(doc[a.start])
            text, start, end = evidence(sent)
            add(Claim(a.person, a.relation, a.target, evidence=text, char_start=start, char_end=end,
                      confidence=0.9, cue=f"title; role {a.role}" if a.role else "title"))
        index = doc._.newskg_index or {}
        lows, pos = column(doc, "lower"), column(doc, "pos")
        for sent in doc.sents:
            if not any(i in index for i in range(sent.start, sent.end)) and \
                    not any(lows[i] in FIRST_PERSON and pos[i] == "PRON" for i in range(sent.start, sent.end)):
                continue       # no actor and no 'we': no argument for any rule to find
            for cand in self.finder.find(sent):
                path = self.path(cand.cue)
                speaker = self.speaker_in_sentence(cand.cue, path, sent)
                in_quote = next((q for q in quotes if q[0] <= cand.cue.idx < q[1]), None)
                if in_quote and in_quote[2]:
                    speaker = speaker or in_quote[2]
                if cand.structural:
                    pol, mod, speaker = "Positive", "Actual", None
                else:
                    pol, mod = self.polarity(cand, path[:1] if cand.contained else path), self.modality(path)
                    if mod == "Actual" and cand.frame is not None and cand.frame.modality:
                        mod = cand.frame.modality      # the trigger itself plans or offers ('pledge talks')
                if speaker is None and lemma_of(cand.cue, self.lex.speech_act_verbs) in self.lex.speech_act_verbs and len(cand.subjects) == 1:
                    speaker = self.resolve(cand.subjects[0], None, affiliations)   # 'Syria slammed …' is Syria's word
                if pol == "Negative" and not cand.objects and children(cand.cue, "obj", "xcomp", "ccomp"):
                    continue   # 'X and Y did not negotiate a deal': the negation is about the topic (topic verbs: denies_topic)
                for s in self.pairs(cand):
                    subj = self.resolve(s[0], speaker, affiliations)
                    obj = self.resolve(s[1], speaker, affiliations)
                    if not subj or not obj or subj == obj:
                        continue
                    if registry.get(subj) and registry[subj].cls == "Place" or registry.get(obj) and registry[obj].cls == "Place":
                        continue
                    if cand.frame is not None and not self.classes_fit(cand.frame, registry, subj, obj):
                        continue       # the frame's sense needs other kinds of actors ('subject_class', 'object_class')
                    if (subj, obj) in own or (obj, subj) in own:
                        continue       # a person acts for the country or body he serves, not with or against it
                    add(Claim(subj, cand.relation, obj, pol, mod, speaker,
                              *evidence(sent), cand.confidence,
                              cand.trigger or lemma_of(cand.cue, self.lex.verb_cues if cand.cue.pos_ in ("VERB", "AUX")
                                                       else self.lex.noun_cues)))
        return claims

    @staticmethod
    def classes_fit(frame, registry: dict, subj: str, obj: str) -> bool:
        """True when the subject and object are of the classes the frame allows (unknown actors pass)."""
        for name, allowed in ((subj, frame.subject_class), (obj, frame.object_class)):
            actor = registry.get(name)
            if allowed and actor is not None and actor.cls not in allowed:
                return False
        return True

    def pairs(self, cand: Candidate) -> list[tuple[Arg, Arg]]:
        if cand.objects:
            return [(s, o) for s in cand.subjects for o in cand.objects]
        subs = cand.subjects
        return [(subs[i], subs[j]) for i in range(len(subs)) for j in range(i + 1, len(subs))]


@Language.factory("newskg_claims", default_config={"data_dir": None, "frames": [], "actors": []},
                  requires=["doc.spans"], assigns=["doc._.newskg_claims"])
def make_claim_maker(nlp: Language, name: str, data_dir: str | None, frames: list[str], actors: list[str]) -> ClaimMaker:
    """spaCy factory of the claim maker; runs after `newskg_actors` (same data settings)."""
    return ClaimMaker(load_lexicon(data_dir, tuple(frames), tuple(actors)))


def evidence(sent: Span) -> tuple[str, int, int]:
    """A sentence's text without surrounding whitespace, with its character offsets in the document."""
    raw = sent.text
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start = sent.start_char + lead
    return text, start, start + len(text)
