"""Relation candidates from dependency patterns over verbs and nominalisations.

A candidate is (subject mentions, relation, object mentions, cue token). Rules, all general:
- verb cues: nsubj → obj, or the object behind a cue preposition ("fight against X"); passives
  (nsubj:pass ← obl:agent); subjects inherited through xcomp / conj / relative clauses / acl;
- noun cues: "airstrikes against X", "support to X", "coordination with X"; the subject is a
  possessor or actor modifier ("Russian strikes", "Russia's support") or the subject of the verb
  that governs the noun ("Russia began airstrikes against X", "providing assistance to Damascus");
  nouns in apposition or predication ("Iran, Syria's closest ally");
- "X-led Y", "X-backed Y" compounds; conjunctions on either side ("Syria and Iraq");
- symmetric relations with several subjects and no object pair the subjects up.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from .actors import is_actor
from .constructions import (AGENT_PREPS, accompanies, aimed_event, blamed_party, case_word, comma_participle,
                            country_rebels, departure_demand, event_agent, gerund_read_as_noun, gerund_split,
                            given_to_passive, given_with, handed_event, intended_by, joined_to_meet, joint_adverb,
                            joint_agents, led_event_agents, light_verb_idiom, listed_as_apposition, marked_noun,
                            object_attached, occurrence_between, owned_referent, participle_adjunct, partitive_host,
                            partner_against, passive_agents, performed_target, predicate_relative, purpose_of_event,
                            reciprocal, relations_judged, stray_conjunct_objects, supplied_with, undergone_event,
                            verb_read_as_modifier)
from .doccache import actor_of, cache_of, conjuncts, kids, open_cache, per_doc, sentence
from .lexicon import Cue, Lexicon
from .readings import Arg, Candidate, _bases, children, lemma_of  # noqa: F401  (re-exported)
from ..namespaces import SYMMETRIC

SUBJ = ("nsubj", "nsubj:outer", "csubj")
PASS_SUBJ = ("nsubj:pass", "csubj:pass")
FIRST_PERSON = {"we": "side", "us": "side", "our": "side", "ours": "side", "i": "self", "me": "self",
                "my": "self"}
RELATIVE = {"which", "who", "that", "whom"}
NOMINAL_DEPS = {"obj", "nsubj", "nsubj:pass", "obl", "nmod", "appos", "iobj"}
CLAUSAL_MODIFIERS = {"acl", "advcl", "appos", "nmod", "parataxis"}
"""Dependents of a nominal whose words are not part of a flattened 'A and B' name list."""


def has_that_mark(tok: Token) -> bool:
    """True when a clause is introduced by 'that' ('… said [that Y was behind it]')."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in kids(tok))


def case_of(tok: Token) -> str:
    """The preposition introducing a nominal ('against' in 'against X'), lowercased (``case_word``)."""
    return case_word(tok)


class RelationFinder:
    """Finds relation candidates in a sentence whose actor mentions are known."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.rebels_of = {e.rebels_in: e.name for e in lexicon.entries.values() if e.rebels_in}
        self.idiom_verbs = frozenset(verb for verb, _ in lexicon.idioms)
        """The verbs of the light-verb idioms: no other lemma can start one (`light_verb_idiom`)."""
        self.departure_heads = frozenset(
            words[:k] for words in lexicon.departure_verbs for k in range(len(words) + 1)
            if k == len(words) or words[k] == " ")
        """Each departure verb and each part of one before a space ('step' of 'step down'): a verb whose lemma is
        none of these is no departure (`is_departure`)."""

    # -- arguments ---------------------------------------------------------------------------
    @per_doc
    def args_of(self, tok: Token, depth: int = 0) -> list[Arg]:
        """Actors a nominal stands for: its own mention, or its owner for 'ISIS positions', with conjuncts."""
        out = self._single(tok, depth)
        for c in conjuncts(tok):
            for a in self._single(c, depth):
                if a not in out:
                    out.append(a)
        for a in listed_as_apposition(self, tok):      # 'A, B and C' with B parsed as A's apposition
            if a not in out:
                out.append(a)
        return out

    def coordinated_in_subtree(self, tok: Token) -> list[Arg]:
        """Actors joined by 'and' inside a nominal the parser flattened ('Putin and US President Obama')."""
        out = []
        doc = tok.doc
        lo, hi = tok.left_edge.i, tok.right_edge.i
        modifiers = [(c.left_edge.i, c.right_edge.i) for c in kids(tok) if c.dep_.split(":")[0] in CLAUSAL_MODIFIERS
                     or c.pos_ in ("VERB", "AUX")]    # (a clause hung on a root name: 'The US, …, and Russia plan …')
        for k in range(lo, hi + 1):
            if doc[k].lower_ != "and" or any(a <= k <= b for a, b in modifiers):
                continue          # an 'and' inside 'the army, backed by X and Y' is not the name's
            last, j = None, k + 1
            while j <= hi and (actor_of(doc[j]) is not None or doc[j].pos_ == "PROPN"
                               or doc[j].lower_ in self.lex.titles
                               or j < doc[j].head.i <= hi and doc[j].dep_ in ("amod", "compound", "nmod:desc")):
                # (through a title's modifiers to the name: 'and Kelvari Prime Minister Ana Ruiz' is Ruiz)
                m = actor_of(doc[j])
                if is_actor(m) and not (m.end < len(doc) and doc[m.end].lower_ in ("'s", "’s")):
                    last = m          # (a possessor is a place or owner, not one of the list: 'X and Y's Z')
                j += 1
            if last is not None and not (last.start <= tok.i < last.end):
                out.append(Arg(last.kb_id_, last.start))
        return out

    @per_doc
    def _single(self, tok: Token, depth: int) -> list[Arg]:
        m: Span | None = actor_of(tok)
        if m is not None and m.end < len(tok.doc) and tok.doc[m.end].text == ":" and m.start == sentence(tok).start:
            return []          # 'Lavrov: U.S. not ready …' — a headline's speaker label, not an argument
        if is_actor(m):
            if m.id_ == "pair":       # 'the two countries': both of the pair read onto 'two' and the noun
                return [Arg(actor_of(c).kb_id_, c.i) for c in kids(tok)
                        if c.i < tok.i and actor_of(c) is not None and actor_of(c).id_ == "pair"] + [Arg(m.kb_id_, tok.i)]
            return [Arg(m.kb_id_, tok.i)] + [a for a in self.coordinated_in_subtree(tok) if a.name != m.kb_id_]
        low = tok.lower_
        if low in FIRST_PERSON and tok.pos_ == "PRON":
            return [Arg("@" + FIRST_PERSON[low], tok.i)]
        side = country_rebels(tok, self.lex.agent_kinds, self.rebels_of)
        if side is not None:
            return [side]          # 'Kelvari rebels', 'Kelvaria's opposition': that country's rebel side
        if depth >= 2:
            return []
        for c in kids(tok):      # 'President Bashar Assad', 'his counterpart Lavrov': the name, not the title
            if c.i > tok.i and (c.dep_ in ("flat", "appos", "compound", "nmod:desc") or (
                    c.dep_ == "nmod" and tok.lower_ in self.lex.titles)):   # 'Secretary [of State] Ana Ruiz'
                n = actor_of(c)
                if n is not None and n.label_ == "Person":
                    return [Arg(n.kb_id_, c.i)]
        if tok.lower_ in self.lex.proxy_nouns or tok.lemma_.lower() in self.lex.proxy_nouns:
            # a name beats a nationality: 'the Kelvari Zorvan Front party' is the Front's, not Kelvar's
            named = any(c.i < tok.i and c.dep_ in ("compound", "amod") and is_actor(actor_of(c))
                        and actor_of(c).label_ != "Country" for c in kids(tok))
            peer = tok.lower_ in self.lex.peer_nouns and any(
                c.dep_ in ("compound", "amod") and is_actor(actor_of(c)) for c in kids(tok))
            for c in kids(tok):
                if named and c.dep_ == "amod" and actor_of(c) is not None and actor_of(c).label_ == "Country" \
                        and actor_of(c).id_ == "demonym":
                    continue
                if peer and c.dep_ == "nmod:poss":
                    continue        # 'his Kelvari counterparts': he is the reference, Kelvar the owner
                speaks_for = tok.lower_ in self.lex.representative_nouns and case_of(c) == "for"  # 'a spokesman for X'
                if c.dep_ in ("compound", "amod", "nmod:poss", "nmod") and (
                        c.dep_ != "nmod" or case_of(c) in ("of", "by", "from") or speaks_for):
                    got = self.args_of(c, depth + 1)
                    if not got and c.dep_ == "amod" and lemma_of(c, self.lex.holder_verbs) in self.lex.holder_verbs:
                        got = [a for cc in children(c, "compound", "nmod:poss", "obl:npmod", "obl:unmarked")
                               for a in self.args_of(cc, depth + 1)]      # 'rebel-held areas', 'Kelvari-controlled towns'
                    if not got and c.dep_ == "compound":    # 'a Hezbollah weapons convoy'
                        got = [Arg(actor_of(cc).kb_id_, cc.i) for cc in children(c, "compound", "amod") if is_actor(actor_of(cc))]
                    owner = actor_of(c)
                    if got and tok.lemma_.lower() in self.lex.country_nouns and owner is not None and owner.label_ == "Person":
                        return [Arg("@country:" + a.name, a.token) for a in got]   # 'his country', 'Zarif's government'
                    if got:
                        return got
            for c in children(tok, "acl"):
                if lemma_of(c, self.lex.holder_verbs) in self.lex.holder_verbs and (
                        c.tag_ == "VBN" or c.lower_ == "belonging"):   # 'positions held by X', 'bases belonging to X'
                    for o in children(c, "obl"):
                        if case_of(o) in ("by", "to") and (c.lower_ == "belonging") == (case_of(o) == "to"):
                            got = self.args_of(o, depth + 1)
                            if got:
                                return got
        if tok.pos_ == "NOUN":
            for c in kids(tok):      # 'Shiite militias, known as the Popular Mobilization Forces'
                if c.dep_ == "appos" or c.dep_.startswith("acl") and c.lower_ in ("known", "called", "named"):
                    named = c if c.dep_ == "appos" else next(
                        (o for o in children(c, "obl", "xcomp", "obj") if case_of(o) in ("as", "")), None)
                    if named is not None and is_actor(actor_of(named)):
                        return self.args_of(named, depth + 1)
        if tok.pos_ == "NOUN" and tok.dep_ == "appos":
            got = self.args_of(tok.head, depth + 1)     # 'Zorvan, a Kelvari-backed movement': the movement is Zorvan
            if got:
                return got
        if tok.pos_ in ("NOUN", "PRON"):
            for c in children(tok, "nmod"):
                if case_of(c) in ("including", "such", "like"):
                    return self.args_of(c, depth + 1)      # 'terrorists, including Islamic State and Nusra'
        return []

    @per_doc
    def subject_of(self, verb: Token, depth: int = 0) -> list[Arg]:
        """The subject of a verb, inherited from controllers, coordinated verbs and modified nouns."""
        subs = children(verb, *SUBJ) or [s for a in children(verb, "aux") for s in children(a, *SUBJ)]
        for s in subs:        # (the second: a misparse hanging the subject on the auxiliary)
            got = self.args_of(s) or event_agent(self, s) or intended_by(self, s, verb)
            if got:           # 'Kelvari shelling hit X': Kelvaria does it; 'Kelvaria's aim is to weaken X'
                return got
            if s.lower_ in RELATIVE and verb.dep_.startswith("acl"):
                if any(c.i > verb.i for c in conjuncts(verb.head)):
                    return self._single(verb.head, 0)   # 'A, which backs X, and B plan …': the clause is A's only
                got = self.args_of(verb.head)         # 'the United States, which does not recognize …'
                if not got:
                    got = predicate_relative(self, verb.head)   # 'X is among the powers that say …'
                if not got and self.noun_cues(verb.head):
                    got = event_agent(self, verb.head) or self.noun_subject(verb.head)  # 'a campaign that hit X': whose
                return got
        if subs or depth > 4:
            return []
        head = verb.head
        if head.i == verb.i:
            return self.left_neighbour_subject(verb)
        prev = verb.doc[verb.i - 1] if verb.i > 0 else None
        if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj", "acl") and prev is not None \
                and is_actor(actor_of(prev)) and actor_of(prev).end == verb.i:
            return self.args_of(prev)    # reduced relative: 'the U.S.-led coalition fighting ISIL'
        objs = children(head, "obj")
        marks = {c.lower_ for c in children(verb, "mark")}
        control = verb.dep_ == "advcl" and marks == {"to"} and \
            lemma_of(head, self.lex.object_control_verbs) in self.lex.object_control_verbs
        if objs and (verb.dep_ == "xcomp" or control or (verb.dep_ in ("advcl", "acl") and marks & {"of", "for"})):
            # object control: 'urged Iran to join', 'accused Iran of arming X', 'praised Russia for helping'
            return [a for o in objs for a in self.args_of(o)]
        if verb.dep_ == "advcl" and head.pos_ in ("PROPN", "NOUN", "PRON") and head.dep_.startswith("nsubj"):
            got = self.args_of(head)          # 'Lavrov, speaking after a meeting with …' hung on the name
            if got:
                return got
        if verb.dep_ in ("xcomp", "conj", "advcl") and head.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
            if verb.dep_ == "advcl" and (got := purpose_of_event(self, verb)):
                return got          # 'despite X's raids to help Y': the raids' agent, however the infinitive hangs
            if verb.dep_ == "advcl" and marks == {"to"} and (children(head, *PASS_SUBJ) or head.dep_ == "acl"
                                                             and head.tag_ == "VBN") and (got := passive_agents(self, head)):
                return got          # 'the case (was) brought by X to contest Y': the agent's purpose
            return self.subject_of(head, depth + 1)     # controlled clauses share the main subject
        if verb.dep_ == "ccomp" and verb.tag_ == "VBG" and not children(verb, "mark") and head.pos_ in ("VERB", "AUX"):
            return self.subject_of(head, depth + 1)     # a gerund complement: 'Kelvaria denied arming X'
        if verb.dep_ == "acl" or verb.dep_ == "csubj" and head.pos_ == "NOUN":     # (csubj: a misparsed acl)
            for c in children(head, "nmod", "obl"):
                if case_of(c) == "for" and c.i < verb.i:
                    got = self.args_of(c)   # 'the possibility for the US and Russia to cooperate'
                    if got:
                        return got
        if verb.dep_ in ("acl", "acl:relcl") and lemma_of(head, self.lex.intention_nouns) in self.lex.intention_nouns:
            # 'Kelvaria's readiness to fight X', 'the Zorvan decision to strike': the owner does it
            owners = [a for c in children(head, "nmod:poss", "amod", "compound") for a in self.args_of(c)]
            if owners:
                return owners
        if verb.dep_ in ("acl", "acl:relcl"):
            # 'the coalition fighting ISIL'; 'the aim of defeating IS' → whoever has the aim; a modifier of the
            # last conjunct is that conjunct's only ('the army and rebels fighting X': the rebels fight)
            got = self._single(head, 0) if head.dep_ == "conj" else self.args_of(head)
            if not got and (clause := comma_participle(verb)) is not None:
                return self.subject_of(clause, depth + 1)   # 'X backed the revolt, arming Y': X arms Y
            if got or (verb.tag_ == "VBG" and not marks):
                return got     # 'rebels fighting Assad': the rebels fight, whoever else the sentence names
            return (event_agent(self, head) or self.noun_subject(head)) if head.pos_ in ("NOUN", "PROPN") else []
        return []

    def left_neighbour_subject(self, verb: Token) -> list[Arg]:
        """A main verb the parser left without a subject: the actor right before it ('SOHR accused …')."""
        k = verb.i - 1
        while k >= sentence(verb).start and verb.doc[k].pos_ in ("AUX", "ADV", "PART") and actor_of(verb.doc[k]) is None:
            k -= 1
        if k < sentence(verb).start:
            return []
        m = actor_of(verb.doc[k])
        if is_actor(m) and m.end == k + 1 and all(not t.pos_ == "VERB" for t in verb.doc[sentence(verb).start:m.start]):
            return [Arg(m.kb_id_, k)]
        return []

    def objects_of(self, verb: Token, preps: tuple[str, ...]) -> list[Arg]:
        """Direct objects (unless the verb's object is a topic), then objects behind the cue's prepositions."""
        out: list[Arg] = []
        topic_verb = verb.lemma_.lower() in self.lex.topic_verbs
        performs = lemma_of(verb, self.lex.perform_verbs) in self.lex.perform_verbs
        split = gerund_split(self, verb)
        for o in children(verb, "obj") if not topic_verb else ():
            if split is not None and o.i > split:
                continue     # 'praising A and skewering B': B is the second gerund's (gerund_read_as_noun)
            if performs and self.noun_cues(o):
                continue     # 'stepped up its shelling of X': the event noun's own rule reads it, not the verb's frame
            out += [a for a in self.args_of(o) if a not in out]
            if o.lower_ in RELATIVE and verb.dep_.startswith("acl"):
                out += [a for a in self._single(verb.head, 0) if a not in out]   # 'the Front, which Kelvaria arms'
        if out:
            out += [a for a in stray_conjunct_objects(self, verb) if a not in out]   # 'met A in L and B in M'
        if not out and not topic_verb:
            for o in children(verb, "iobj", "xcomp", "dep", "obl:unmarked"):
                if performs and self.noun_cues(o):
                    continue     # (as for a direct object: the event noun's own rule reads it)
                if o.pos_ in ("PROPN", "NOUN", "PRON"):     # a nominal mislabelled by the parser
                    out += [a for a in self.args_of(o) if a not in out]
        for o in children(verb, "obl", "nmod"):
            if case_of(o) in preps:
                out += [a for a in self.args_of(o) if a not in out]
        out += [a for a in object_attached(self, verb, preps) if a not in out]
        return out

    # -- rules ------------------------------------------------------------------------------
    def find(self, sent: Span) -> list[Candidate]:
        """All candidates in one sentence (each rule tried on each token; a rule whose first test the token
        fails is not called: the cheap tests on the Doc's cached columns come first)."""
        cache = cache_of(sent.doc)
        if cache is None:
            with open_cache(sent.doc):
                return self.find(sent)
        pos_of, dep_of, tag_of, low_of, with_cop = cache.pos, cache.dep, cache.tag, cache.lower, cache.with_child("cop")
        links = self.lex.link_participles
        out: list[Candidate] = []
        for tok in cache.tokens[sent.start:sent.end]:
            i = tok.i
            pos, dep = pos_of[i], dep_of[i]
            if pos in ("VERB", "AUX") or (pos == "ADJ" and dep == "amod" and tag_of[i] == "VBN") or \
                    (pos == "ADJ" and children(tok, "cop")):      # 'X is allied with Y', 'X is opposed to Y'
                out += self.verb_rules(tok)
            if pos in ("NOUN", "PROPN") or (pos == "VERB" and dep in NOMINAL_DEPS):
                out += self.noun_rules(tok)    # a noun cue mis-tagged as a verb still heads a nominal
                if dep == "conj":
                    out += gerund_read_as_noun(self, tok)     # 'praising A and skewering B' read as nouns
            if low_of[i] in links and i >= 2 and tok.nbor(-1).text == "-":
                left = actor_of(tok.nbor(-2))
                if is_actor(left):
                    out += self.link_rule(tok, tok.lower_, subject=Arg(left.kb_id_, left.start))
            if i in with_cop:
                out += blamed_party(self, tok)       # 'X said Y was behind the attacks'
            if pos == "ADJ" and dep == "amod" and low_of[i] in self.lex.relational_nouns:
                out += [c for cue in self.lex.noun_cues.get(low_of[i], []) for c in owned_referent(self, tok, cue)]
                #  ('its rival Zorvania' with 'rival' tagged an adjective)
            if pos in ("ADJ", "VERB"):
                out += relations_judged(self, tok)    # 'X's ties with Y are strained'
            if dep in ("case", "fixed") and accompanies(self, tok) or (
                    low_of[i] == "with" and dep == "case" and partner_against(self, tok)):
                out += self.alongside_rule(tok.head if tok.dep_ == "case" else tok.head.head)
            if pos in ("VERB", "AUX"):
                out += joint_adverb(self, tok)
        for i, name, word in sent.doc._.newskg_links or ():
            if sent.start <= i < sent.end:
                out += self.link_rule(sent.doc[i], word, subject=Arg(name, i))
        return out

    def alongside_rule(self, nominal: Token) -> list[Candidate]:
        """'Hezbollah fought alongside Syrian troops', 'acting jointly with X': acting together is coordination."""
        verb = nominal.head
        if nominal.dep_.split(":")[0] == "nmod" and verb.pos_ == "NOUN" and verb.dep_ == "obj" and not self.args_of(verb):
            verb = verb.head                     # 'sponsored the talks along with X' hung on 'talks'
        elif nominal.dep_.split(":")[0] not in ("obl", "advcl"):
            return []
        if verb.pos_ not in ("VERB", "AUX") or children(verb, *PASS_SUBJ, "aux:pass"):
            return []                            # 'X, along with Y, was left out': undergoing is not acting together
        subs, objs = self.subject_of(verb), self.args_of(nominal)
        if subs and objs:
            return [Candidate(tuple(subs), "coordinatesWith", tuple(objs), verb, 0.6)]
        return []

    def verb_cues(self, tok: Token) -> list[Cue]:
        """The frames of a verb; a frame with the verb's particle or preposition ('call out', 'side with')
        is more specific than the bare verb's and replaces it."""
        lemma = lemma_of(tok, self.lex.verb_cues)
        words = [c.lower_ for c in children(tok, "compound:prt")]
        words += [c.lower_ for c in children(tok, "advmod") if c.i == tok.i + 1]   # 'took back' with 'back' as adverb
        words += [case_of(c) for c in children(tok, "obl") if case_of(c)]
        cues = []
        for p in dict.fromkeys(words):
            cues += self.lex.verb_cues.get(f"{lemma} {p}", [])
        bare = list(self.lex.verb_cues.get(lemma, []))
        if cues and all(c.generated for c in cues) and any(not c.generated for c in bare):
            return bare          # a curated frame of the verb beats a generated one of verb + preposition
        return cues or bare

    def verb_rules(self, verb: Token) -> list[Candidate]:
        out = []
        lemma = verb.lemma_.lower()
        if lemma in self.idiom_verbs:
            out += light_verb_idiom(self, verb)
        out += aimed_event(self, verb)
        out += undergone_event(self, verb)
        out += given_to_passive(self, verb)      # 'the rebels were given weapons by X'
        if lemma in self.departure_heads:
            out += departure_demand(self, verb)      # 'X says Y must step down'
        for cue in self.verb_cues(verb):
            rel, preps = cue.relation, cue.preps
            if rel == "coordinatesWith" and joined_to_meet(self, verb):
                rel = "meetsWith"           # 'the two will be joined by X to discuss Y': the joining is a meeting
            if cue.joint:
                out += joint_agents(self, verb, cue)
                continue
            if children(verb, *PASS_SUBJ):
                objs = []
                for s in children(verb, *PASS_SUBJ):
                    objs += self.args_of(s)
                    if s.lower_ in RELATIVE and verb.dep_.startswith("acl"):
                        objs += self.args_of(verb.head)     # 'the coalition, which is backed by X'
                subs = []
                for a in children(verb, "obl"):
                    if a.dep_ == "obl:agent" or case_of(a) == "by":
                        subs += self.args_of(a)
            elif (adjunct := participle_adjunct(self, verb)) is not None:
                subs, objs = adjunct          # 'Backed by Kelvaria, the Front advanced'
            else:
                subs = self.subject_of(verb)
                objs = self.objects_of(verb, preps)
                if verb.dep_ in ("acl", "amod") and not objs and (
                        verb.tag_ == "VBN" or children(verb, "obl:agent") or verb_read_as_modifier(self, verb)):
                    # participle modifier: 'CIA-trained rebels', 'the rebels backed by Washington'
                    objs = self.args_of(verb.head) or event_agent(self, verb.head) or (
                        self.noun_subject(verb.head) if self.noun_cues(verb.head) else [])   # 'an offensive backed by X': whose offensive
                    subs = [a for o in children(verb, "obl") if case_of(o) == "by" for a in self.args_of(o)]
                    if not subs:
                        subs = verb_read_as_modifier(self, verb)   # 'Kelvaria shelled Zorvan positions' parsed verbless
            if not objs and rel not in SYMMETRIC:
                out += reciprocal(self, verb, cue, subs)    # 'A and B clashed': each against the other
            if subs and (objs or rel in SYMMETRIC and not cue.generated and not self.demand_on_unnamed(verb)):
                # (pairing the subjects of a symmetric verb, 'A and B met', is for curated frames only)
                out.append(Candidate(tuple(subs), rel, tuple(objs), verb, 0.8 if objs else 0.6, frame=cue))
        return out

    def demand_on_unnamed(self, verb: Token) -> bool:
        """A demand made of someone the text does not name as an actor ('A and B called on the junta to …'):
        its subjects are not each other's partners. (A thing as object still lets them act together: 'A and B
        signed a deal'.)"""
        if lemma_of(verb, self.lex.demand_words) not in self.lex.demand_words:
            return False         # ('cooperate on the issues': 'on' is the topic)
        return any(c.dep_.split(":")[0] == "obl" and case_of(c) == "on" and not self.args_of(c)
                   and c.pos_ in ("NOUN", "PROPN") and not self.noun_cues(c) for c in kids(verb))

    def noun_cues(self, noun: Token) -> list[Cue]:
        cues = []
        for c in children(noun, "compound", "amod"):
            cues += self.lex.noun_cues.get(f"{c.lower_} {noun.lower_}", [])
            cues += self.lex.noun_cues.get(f"{c.lower_} {noun.lemma_.lower()}", [])
        if not cues:
            cues = self.lex.noun_cues.get(noun.lower_, []) or self.lex.noun_cues.get(
                lemma_of(noun, self.lex.noun_cues), [])
        return cues

    def noun_rules(self, noun: Token) -> list[Candidate]:
        out = []
        if is_actor(actor_of(noun)):
            return [c for cue in self.noun_cues(noun) for c in owned_referent(self, noun, cue)]   # 'its two allies'
        for cue in self.noun_cues(noun):
            out += owned_referent(self, noun, cue)      # 'Kelvaria's ally Zorvania'
            rel, preps = cue.relation, cue.preps
            if cue.marker:
                out += marked_noun(self, noun, cue)
                continue
            out += given_with(self, noun, cue)
            if noun.dep_ == "obj" and rel == "strikes":
                preps = tuple(preps) + ("to",)     # 'expand its airstrikes to Iraq'
            objs: list[Arg] = []
            between: list[Arg] = []
            for c in children(noun, "nmod", "obl"):
                case = case_of(c)
                if any(accompanies(self, k) for k in children(c, "case", "fixed")):
                    continue          # 'the talks along with X': X is a partner of the clause, not of the noun
                if case == "between":
                    between += self.args_of(c)
                elif case in preps:
                    objs += [a for a in self.args_of(c) if a not in objs]
            if not between:
                between = occurrence_between(self, noun)    # 'fighting erupted between A and B'
            givers, receivers = handed_event(self, noun) if rel == "supports" else ([], [])
            if givers:                  # 'support given to X by Y'
                out.append(Candidate(tuple(givers), rel, tuple(receivers), noun, 0.7, frame=cue))
                continue
            subs: list[Arg] = []
            for c in children(noun, "nmod", "obl"):
                if case_of(c) in AGENT_PREPS and case_of(c) not in preps:
                    subs += [a for a in self.args_of(c) if a not in subs]   # 'attacks by X', 'support from X'
            for c in children(noun, "nmod:poss", "amod", "compound"):
                if actor_of(c) is not None and actor_of(c).id_ == "link":
                    continue        # 'Kelvarian-backed talks': the backer is not who talks (the link rule reads it)
                if c.dep_ == "nmod:poss" and rel in ("supports", "opposes") and preps and preps[0] == "of" \
                        and noun.lower_ in self.lex.relational_nouns:
                    objs += [a for a in self.args_of(c) if a not in objs]   # 'Syria's ally' → ally of Syria
                    continue
                subs += [a for a in self.args_of(c) if a not in subs]
            if subs and not objs and rel in ("supports", "opposes", "strikes") and "of" not in preps and any(
                    c.dep_ == "nmod:poss" for c in kids(noun)):
                for c in children(noun, "nmod"):
                    if case_of(c) == "of":      # 'X's support of Y', 'X's bombing of Y': with a genitive agent, 'of' is the object
                        objs += [a for a in self.args_of(c) if a not in objs]
            subs += [a for a in led_event_agents(self, noun) if a not in subs]   # 'a Kelvari-led campaign against X'
            if not subs:
                subs = self.noun_subject(noun)
            if subs and not objs and rel in ("supports", "opposes", "strikes") and "of" not in preps:
                objs = performed_target(self, noun)     # 'stepped up its shelling of X'
            if not subs and objs and rel == "meetsWith" and self.reported(noun):
                subs = [Arg("@side", noun.i)]     # 'X said the talks with Y went well': X's side met Y
            if not objs:
                objs = supplied_with(self, noun)      # 'provide Assad with military support'
            if not objs and noun.dep_ == "obj" and noun.head.pos_ == "VERB":
                # 'expand air raids to Iraq', 'provide assistance to Damascus': the object hangs on the verb
                for c in children(noun.head, "obl"):
                    if case_of(c) in set(preps) | {"to"} and case_of(c) not in ("in", "with", "of"):
                        objs += [a for a in self.args_of(c) if a not in objs]
            if rel in SYMMETRIC and len(objs) >= 2 and not subs and "of" in [case_of(c) for c in children(noun, "nmod")]:
                between, objs = objs, []          # 'coordinated action of Russia and the coalition'
            if len(between) >= 2 and rel in SYMMETRIC:
                out.append(Candidate(tuple(between), rel, (), noun, 0.6, frame=cue, contained=True))  # every pair
                continue
            if len(between) >= 2 and rel in ("opposes", "strikes"):
                # 'the war between A and B': each side against the other
                out += [Candidate((a,), rel, tuple(b for b in between if b.name != a.name), noun, 0.6, frame=cue,
                                  contained=True) for a in between]
                continue
            if subs and (objs or rel in SYMMETRIC and len(subs) > 1):
                out.append(Candidate(tuple(subs), rel, tuple(objs), noun, 0.65))
        return out

    def reported(self, tok: Token) -> bool:
        """True when the token stands in the clause a reporting verb introduces ('X said [the talks …]')."""
        node, marked = tok, False
        while node.head.i != node.i:
            marked = marked or has_that_mark(node)
            if (node.dep_ in ("ccomp", "parataxis") or marked) and \
                    lemma_of(node.head, self.lex.reporting_verbs) in self.lex.reporting_verbs:
                return True      # (a 'that' clause the parser hung lower still reports: 'told X, who …, that …')
            node = node.head
        return False

    def noun_subject(self, noun: Token, depth: int = 0) -> list[Arg]:
        """Who does what a noun names: the subject of its governing verb, or what it is said of."""
        head, dep = noun.head, noun.dep_
        if noun.lower_ in self.lex.relational_nouns:
            left = self.apposed_by_tokens(noun)
            if left:
                return left
        if dep == "conj" and noun.lower_ in self.lex.relational_nouns and head.i < noun.i and \
                any(t.text == "," for t in noun.doc[head.i: noun.i]) and not children(noun, "cc"):
            return self.args_of(head)       # 'Egypt, a key ally of Saudi Arabia, …' parsed as a conjunct
        if children(noun, "nsubj"):
            return self.args_of(children(noun, "nsubj")[0])
        host = partitive_host(self, noun) if noun.lower_ in self.lex.relational_nouns and depth < 3 else None
        if host is not None:
            return self.subject_of(host) or (self.args_of(host.head) if host.dep_ == "appos" else [])
        relational = noun.lower_ in self.lex.relational_nouns or noun.lemma_.lower() in self.lex.relational_nouns \
            or self.names_a_post(noun)
        if relational and dep == "obl" and case_of(noun) == "as" and head.pos_ in ("VERB", "AUX"):
            return self.subject_of(head)     # predicative 'as': 'X emerged as Y's closest ally', 'X served as …'
        if relational and dep != "appos":
            return []     # 'Kelvaria backed the enemies of X': the enemies oppose X, not Kelvaria (only what the
            #               relational noun is said of — apposition, predication, partitive — is its subject)
        if dep == "nsubj:pass" and head.pos_ in ("VERB", "AUX") and \
                lemma_of(head, self.lex.support_verbs | self.lex.perform_verbs) in self.lex.support_verbs | self.lex.perform_verbs:
            agents = passive_agents(self, head)
            if agents:
                return agents      # 'the attack on X was carried out by Y', 'aid was sent by Y': Y does it
        if (dep in ("obj", "nsubj:pass") or dep == "xcomp" and noun.pos_ == "NOUN") and head.pos_ in ("VERB", "AUX"):
            if lemma_of(head, self.lex.speech_act_verbs) in self.lex.speech_act_verbs - {"deny"}:
                return []      # 'Turkey criticized the talks': who judges a deed is not who does it
            if lemma_of(head, self.lex.topic_verbs) in self.lex.topic_verbs:
                return []      # 'A and B discussed the deal': the deal is their topic, not their deed
            if lemma_of(head, self.lex.facilitator_verbs) in self.lex.facilitator_verbs:
                return []      # 'Kelvaria hosted talks with Zorvan': a host is not a party to the talks
            return self.subject_of(head)
        if dep in ("obl", "nmod") and head.pos_ in ("VERB", "ADJ", "AUX") and case_of(noun) in (
                "in", "with", "for", "after", "during", "before", "at", "following"):
            return self.subject_of(head)           # 'is not ready for coordination with X'
        if dep == "nmod" and is_actor(actor_of(head)) and case_of(noun) in ("of", "for"):
            return self.args_of(head)     # 'accused Iran of smuggling weapons' with the deed hung on 'Iran'
        if dep in ("nmod", "obl") and head.pos_ in ("NOUN", "PROPN") and depth < 3:
            # 'Russian participation in operations against ISIS': the agent sits on the governing noun
            owners = [a for c in children(head, "nmod:poss", "amod", "compound") for a in self.args_of(c)]
            return owners or self.noun_subject(head, depth + 1)
        if dep == "conj" and head.pos_ in ("NOUN", "PROPN") and depth < 3:
            return self.noun_subject(head, depth + 1)
        return []

    def names_a_post(self, noun: Token) -> bool:
        """A noun whose frame is a post ('leader of X', 'head of X'): like a relational noun it names only its
        holder, so 'Kelvaria's envoy met the leader of Zorvania' does not make the envoy Zorvania's leader."""
        return any(c.relation in ("leads", "memberOf") for c in self.noun_cues(noun))

    def apposed_by_tokens(self, noun: Token) -> list[Arg]:
        """'Iran, Syria's closest ally': the actor before the comma, read off the tokens when the parse is off."""
        doc, k = noun.doc, noun.i - 1
        while k > sentence(noun).start and doc[k].pos_ in ("ADJ", "ADV", "DET"):
            k -= 1
        if doc[k].lower_ in ("'s", "’s"):
            owner = actor_of(doc[k - 1]) if k > 0 else None
            k = owner.start - 1 if is_actor(owner) else k - 1
        if k < 1 or doc[k].text != ",":
            return []
        m = actor_of(doc[k - 1])
        if is_actor(m) and m.end == k:
            return [Arg(m.kb_id_, k - 1)]
        return []

    def link_rule(self, tok: Token, link: str, subject: Arg) -> list[Candidate]:
        """'US-led coalition' → leads(US, coalition); 'CIA-trained rebels' → supports(CIA, rebels);
        'X-affiliated Y' → memberOf(Y, X) (the modified group belongs to X)."""
        rel = self.lex.link_participles.get(link)
        if rel is None:
            return []
        m = actor_of(tok)
        if m is not None and m.kb_id_ != subject.name and is_actor(m):
            objs = [Arg(m.kb_id_, tok.i)]         # the link is inside the target's name: 'U.S.-led coalition'
        elif tok.head.i != tok.i:
            objs = self._single(tok.head, 0)     # 'Iranian-backed militias and X': the link names the militias only
        else:
            objs = []
        objs = [o for o in objs if o.name != subject.name]
        if not objs:
            return []
        if rel == "memberOf":      # 'the Kelvaria-affiliated Front': the Front belongs to Kelvaria's side
            return [Candidate(tuple(objs), rel, (subject,), tok, 0.85, structural=True)]
        return [Candidate((subject,), rel, tuple(objs), tok, 0.85, structural=True)]
