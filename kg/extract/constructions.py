"""General constructions that carry a frame's relation to its arguments.

Each function states one construction of English with invented examples; the words that trigger a
relation are never named here, they come from the frame lexicon (``kg/data/frames*.jsonl``) through
the ``Cue`` records of the lexicon. The functions take the ``RelationFinder`` that knows how to read
an actor argument off a token (``args_of``, ``subject_of``) and return relation candidates.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from .actors import is_actor
from .doccache import actor_of, has_child_dep, kids, sentence
from .lexicon import Cue
from .readings import Arg, Candidate, _bases, children, lemma_of

if TYPE_CHECKING:  # pragma: no cover
    from .relations import RelationFinder

IDIOM_PREPS = ("to", "with", "against", "on", "at", "for", "into")
"""Prepositions that may introduce the object of a light-verb idiom whose frame names none."""
AGENT_PREPS = ("from", "by")
"""Prepositions that introduce who gives what a relation noun names ('support from Kelvaria')."""


def case_word(tok: Token) -> str:
    """The preposition introducing a nominal ('against' in 'against X'), lowercased, or ''.

    A preposition the parser hung on the first word of a compound ('of' on 'Zorvan' in 'of Zorvan Front
    positions') still introduces the whole phrase when it is the phrase's first word."""
    for c in kids(tok):
        if c.dep_ == "case" or c.dep_.startswith("case") or c.dep_ == "mark":
            return c.lower_
    first = tok.left_edge
    if first.i < tok.i and first.dep_ == "case" and first.head.dep_ in ("compound", "amod") and first.head.head.i == tok.i:
        return first.lower_
    return ""


def clause_of(finder: "RelationFinder", noun: Token) -> Token:
    """The verb a noun phrase modifier belongs to, past nouns that name no actor ('the town' in 'retook the
    town with X's support'); the noun's own head when that names an actor."""
    head = noun.head
    while head.pos_ in ("NOUN", "PROPN") and not finder.args_of(head) and head.head.i != head.i and \
            head.dep_.split(":")[0] in ("obj", "obl", "nmod"):
        head = head.head
    return head


def passive_agents(finder: "RelationFinder", verb: Token) -> list["Arg"]:
    """The by-agents of a passive verb ('was brokered by Kelvaria and Zorvania')."""
    out: list = []
    for a in kids(verb):
        if a.dep_ == "obl:agent" or (a.dep_.startswith("obl") and case_word(a) == "by"):
            out += [x for x in finder.args_of(a) if x not in out]
    return out


def agents_on(finder: "RelationFinder", hosts: list[Token], owners: bool = False) -> list["Arg"]:
    """The actors behind an agent preposition ('by X', 'from X') on any of the host tokens; with ``owners``, also
    their possessors and actor modifiers ('Kelvaria's support', 'Kelvari strikes')."""
    out: list = []
    for host in hosts:
        for c in kids(host):
            if (owners and c.dep_ in ("nmod:poss", "amod", "compound")) or (
                    c.dep_.split(":")[0] in ("nmod", "obl") and case_word(c) in AGENT_PREPS):
                out += [a for a in finder.args_of(c) if a not in out]
    return out


def light_verb_idiom(finder: "RelationFinder", verb: Token) -> list["Candidate"]:
    """A light verb and its object noun mean the relation together; the partner follows a preposition.

    'Kelvaria joined forces with Zorvania' (join + force: coordination), 'The front took up arms against
    the government' (take up + arm), 'Zorvania delivered a sharp rebuke to Kelvaria' (deliver + rebuke):
    the subject is the verb's; the object sits behind one of the frame's prepositions, on the verb or on the
    noun ('a rebuke to X'), or is the verb's other object ('dealt Zorvania a heavy blow').
    """
    out = []
    lemma = verb.lemma_.lower()
    for noun in kids(verb):
        if not (noun.dep_.startswith("obj") or noun.dep_ == "xcomp" and noun.pos_ == "NOUN"):
            continue          # (an object noun the parser labelled xcomp: 'voiced concern that …')
        cues = finder.lex.idioms.get((lemma, noun.lemma_.lower())) or finder.lex.idioms.get((lemma, noun.lower_), [])
        for cue in cues:
            preps = cue.preps or IDIOM_PREPS
            objs: list = []
            for host in (verb, noun):
                for o in kids(host):
                    if o.dep_.split(":")[0] in ("obl", "nmod") and case_word(o) in preps:
                        objs += [a for a in finder.args_of(o) if a not in objs]
            if not objs:      # double object: 'dealt Zorvania a blow', or 'to X' misparsed as a second object
                for o in kids(verb):
                    if o.i != noun.i and o.dep_ in ("obj", "iobj"):
                        objs += [a for a in finder.args_of(o) if a not in objs]
            if not objs and cue.relation == "opposes":
                objs = concern_clause_topic(finder, noun)   # 'voiced concern that conditions in X have worsened'
            subs = finder.subject_of(verb) if not has_child_dep(verb, "nsubj:pass") \
                else passive_agents(finder, verb)
            if subs and (objs or cue.relation in ("coordinatesWith", "meetsWith") and len(subs) > 1):
                out.append(Candidate(tuple(subs), cue.relation, tuple(objs), verb, 0.7, frame=cue,
                                     trigger=f"{lemma} {noun.lemma_.lower()}"))
    return out


def concern_clause_topic(finder: "RelationFinder", noun: Token) -> list["Arg"]:
    """Who a 'that' clause on a hostile idiom's noun is about: its subject's actor, or an actor the subject is
    placed in or owned by ('voiced concern that conditions in Kelvaria have not improved', 'expressed alarm that
    Kelvaria's troops were massing'). Only a finite clause marked 'that'."""
    out: list = []
    for clause in kids(noun):
        if clause.dep_.split(":")[0] not in ("acl", "ccomp") or not any(c.lower_ == "that" and c.dep_ == "mark"
                                                                       for c in kids(clause)):
            continue
        for subj in children(clause, "nsubj", "nsubj:pass"):
            got = finder.args_of(subj) or [a for c in children(subj, "nmod", "nmod:poss") if case_word(c) in ("in", "of", "")
                                           for a in finder.args_of(c)]
            out += [a for a in got if a not in out]
    return out


def joint_agents(finder: "RelationFinder", verb: Token, cue: Cue) -> list["Candidate"]:
    """Two or more agents of one act done together are partners in it, whatever the act's object.

    'The truce was brokered by Kelvaria and Zorvania', 'Kelvaria and Zorvania co-sponsored the resolution':
    coordination between Kelvaria and Zorvania (the frame is marked ``joint``). One agent alone gives nothing.
    """
    passive = any(c.dep_ in ("nsubj:pass", "csubj:pass") for c in kids(verb)) or (
        verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN")
    agents = passive_agents(finder, verb) if passive else finder.subject_of(verb)
    if len({a.name for a in agents}) < 2:
        return []
    return [Candidate(tuple(agents), cue.relation, (), verb, 0.65, frame=cue)]


def marked_noun(finder: "RelationFinder", noun: Token, cue: Cue) -> list["Candidate"]:
    """A relation noun behind a fixed preposition works as an adverb of the clause it modifies.

    'Kelvarian troops were deployed in support of Zorvania', 'Kelvaria tipped the balance in favour of the
    rebels', 'in Zorvania's favour': the clause's subject (or passive subject) does it, the object follows the
    frame's preposition on the noun ('of Zorvania') or is its possessor. The frame names the marker ('in') that must introduce the noun.
    """
    if case_word(noun) != cue.marker or noun.head.i == noun.i:
        return []
    objs: list = []
    for c in kids(noun):
        if c.dep_ == "nmod:poss" or (c.dep_.split(":")[0] in ("nmod", "obl") and case_word(c) in cue.preps):
            objs += [a for a in finder.args_of(c) if a not in objs]    # 'in favour of X', 'in X's favour'
    head = clause_of(finder, noun)    # 'tipped the balance in favour of X': the clause does it
    subs = finder.subject_of(head)
    if not subs:
        for s in kids(head):
            if s.dep_ in ("nsubj:pass", "csubj:pass"):
                subs += finder.args_of(s)
    if not subs and head.pos_ in ("NOUN", "PROPN"):
        subs = finder.args_of(head)       # 'Kelvarian commandos in support of Zorvania'
    if subs and objs:
        return [Candidate(tuple(subs), cue.relation, tuple(objs), noun, 0.7, frame=cue)]
    return []


def given_with(finder: "RelationFinder", noun: Token, cue: Cue) -> list["Candidate"]:
    """A help noun attached by 'with' (or 'thanks to') to a clause: the helper is the noun's own agent,
    the one helped is the clause's subject.

    'Zorvanian forces advanced with heavy support from Kelvarian jets', 'The army retook the town with
    Kelvaria's backing', 'thanks to Kelvarian air support': Kelvaria supports Zorvania (the army's country).
    Only for frames whose relation is given to someone (supports); the clause's subject is the object.
    """
    if cue.relation != "supports" or case_word(noun) not in ("with", "to") or noun.head.i == noun.i:
        return []
    if case_word(noun) == "to" and not any(c.lower_ == "thanks" for c in kids(noun)):
        return []
    head = clause_of(finder, noun)    # 'retook the town with Kelvarian support': the help is for the clause
    agents = agents_on(finder, [noun], owners=True) or following_agent(finder, noun, head)
    predicate = head.pos_ in ("VERB", "AUX") or head.pos_ == "ADJ" and head.dep_ == "ROOT"
    helped = finder.subject_of(head) if predicate else finder.args_of(head)
    if not helped and head.pos_ in ("VERB", "AUX"):
        for s in kids(head):
            if s.dep_ in ("nsubj:pass", "csubj:pass"):
                helped += finder.args_of(s)
    helped = [h for h in helped if h.name not in {a.name for a in agents}]
    if agents and helped:
        return [Candidate(tuple(agents), cue.relation, tuple(helped), noun, 0.65, frame=cue)]
    return []


def owned_referent(finder: "RelationFinder", noun: Token, cue: Cue) -> list["Candidate"]:
    """A possessed relational noun that names its referent: the referent stands in the noun's relation to the
    owner, and for a two-way tie (data: ``mutual_nouns``) the owner to the referent as well.

    'Kelvaria's backer Zorvania' (Zorvania supports Kelvaria), 'its ally President Ana Ruiz', 'Zorvania and
    Ardia, its two closest allies' (the referents read by apposition or as a pair), 'its rival Zorvania' (both
    ways). The referent is what the noun itself stands for (``args_of``: a name in apposition, the name the
    noun is apposed to, a pair just named); the owner is the possessor.
    """
    low = noun.lower_
    if cue.relation not in ("supports", "opposes") or (low not in finder.lex.relational_nouns
                                                       and noun.lemma_.lower() not in finder.lex.relational_nouns):
        return []
    named = noun.head if noun.dep_ in ("compound", "amod") and is_actor(actor_of(noun.head)) else noun
    #  ('Kelvaria's ally Zorvania' parsed with 'ally' a modifier of the name and the possessor on the name)
    owners = [a for c in kids(named) if c.dep_ == "nmod:poss" for a in finder.args_of(c)]
    names = {a.name for a in owners}
    referents = [a for a in (finder.apposed_by_tokens(noun) if named is noun else []) or finder.args_of(named)
                 if a.name not in names]     # ('Ana Ruiz of Kelvaria, Zorvania's ally': the name before the comma)
    if not owners or not referents:
        return []
    out = [Candidate(tuple(referents), cue.relation, tuple(owners), noun, 0.65, frame=cue)]
    if low in finder.lex.mutual_nouns or noun.lemma_.lower() in finder.lex.mutual_nouns:
        out.append(Candidate(tuple(owners), cue.relation, tuple(referents), noun, 0.65, frame=cue))
    return out


def comma_participle(verb: Token) -> Token | None:
    """The clause a participle after a comma belongs to, when the parser hung it on the clause's object.

    'Kelvaria backed the revolt, arming the rebels': 'arming' is said of Kelvaria, not of the revolt. Only an
    -ing participle with no subject or marker of its own, set off by a comma right before it, on an object or
    oblique noun of a verb; returns that verb, else None.
    """
    head = verb.head
    if verb.tag_ != "VBG" or verb.dep_ != "acl" or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    if head.pos_ not in ("NOUN", "PROPN") or head.dep_.split(":")[0] not in ("obj", "obl") or \
            any(c.dep_ in ("nsubj", "mark") for c in kids(verb)):
        return None
    return head.head if head.head.pos_ in ("VERB", "AUX") else None


def supplied_with(finder: "RelationFinder", noun: Token) -> list["Arg"]:
    """The recipients of a thing handed 'with' a support verb: the verb's object.

    'Kelvaria provided the Zorvan Front with arms': the Front receives the arms, whether the parser hung
    'with arms' on the verb or on its object ('providing [the rebels with arms]').
    """
    if noun.dep_.split(":")[0] not in ("obl", "nmod") or case_word(noun) != "with":
        return []
    verb, on_object = noun.head, False
    if noun.dep_.startswith("nmod") and verb.dep_ in ("obj", "iobj") and verb.head.i != verb.i:
        verb, on_object = verb.head, True
    if lemma_of(verb, finder.lex.support_verbs) not in finder.lex.support_verbs:
        return []
    if on_object:
        return finder.args_of(noun.head)
    return [a for o in kids(verb) if o.dep_ in ("obj", "iobj") for a in finder.args_of(o)]


def following_agent(finder: "RelationFinder", noun: Token, head: Token) -> list["Arg"]:
    """An agent phrase right after a noun that the parser hung on the noun's clause instead of the noun.

    'Zorvanian troops advanced with support from Kelvarian jets', parsed with 'from … jets' as a second
    adjunct of 'advanced': the phrase that begins where the noun's own phrase ends is the noun's agent.
    """
    end = noun.right_edge.i + 1
    for c in kids(head):
        if c.dep_.split(":")[0] in ("obl", "nmod") and c.left_edge.i == end and case_word(c) in AGENT_PREPS:
            return finder.args_of(c)
    return []


def event_agent(finder: "RelationFinder", noun: Token) -> list["Arg"]:
    """An event noun that names no actor stands for the one who does the event, where it is an argument.

    'Kelvari shelling hit Zorvan positions' (a demonym), 'Zorvania's raids targeted the port' (a possessor),
    'strikes by Kelvaria destroyed the depot' (a by-agent): Kelvaria / Zorvania act. Only a noun that is a
    frame's trigger counts ('Kelvari tourists visited the port' names no event).
    """
    if noun.pos_ not in ("NOUN", "VERB") or finder.args_of(noun) or not finder.noun_cues(noun):
        return []
    return agents_on(finder, [noun], owners=True)


def aimed_event(finder: "RelationFinder", verb: Token) -> list["Candidate"]:
    """A participle that aims or hands over an event noun: the noun's relation, from its agent to the target.

    'Kelvari raids aimed at the Zorvan Front continued' (reduced relative), 'Zorvania's campaign was directed
    against Kelvaria' (passive): Kelvaria strikes the Front, Zorvania opposes Kelvaria. 'the support given to
    the rebels by Kelvaria', 'aid provided to Zorvania by X': a handing verb's by-agent gives, its 'to' phrase
    receives. The aiming words (``aim_participles``) and the handing verbs (``support_verbs``) are data; the
    relation is the event noun's frame.
    """
    aiming = lemma_of(verb, finder.lex.aim_participles) in finder.lex.aim_participles
    handing = not aiming and lemma_of(verb, finder.lex.support_verbs) in finder.lex.support_verbs and (
        verb.tag_ == "VBN" or verb.dep_ == "acl")
    if not (aiming or handing):
        return []
    if verb.dep_ == "acl":
        events = [verb.head]
    else:
        events = [c for c in kids(verb) if c.dep_ in ("nsubj:pass", "nsubj")]
    preps = ("at", "against", "toward", "towards", "on") if aiming else ("to", "for")
    targets: list = []
    for o in kids(verb):
        if o.dep_.split(":")[0] in ("obl", "nmod", "iobj") and case_word(o) in preps:
            targets += [a for a in finder.args_of(o) if a not in targets]
    out = []
    for event in events:
        cues = [c for c in finder.noun_cues(event) if not aiming or c.relation in ("strikes", "opposes")]
        subs = passive_agents(finder, verb) if handing else []
        subs = subs or finder.args_of(event) or event_agent(finder, event) or (
            finder.noun_subject(event) if verb.dep_ == "acl" else [])
        subs = [s for s in subs if s.name not in {t.name for t in targets}]
        if cues and subs and targets:
            out.append(Candidate(tuple(subs), cues[0].relation, tuple(targets), event, 0.65, frame=cues[0]))
    return out


def participle_adjunct(finder: "RelationFinder", verb: Token) -> tuple[list["Arg"], list["Arg"]] | None:
    """A fronted or trailing passive participle with a by-agent is said of the main clause's subject.

    'Backed by Kelvaria, the Zorvan Front seized the town', 'The Front, armed by Kelvaria, advanced': the
    by-agent does it (Kelvaria backs the Front) and the main subject undergoes it, also when the parser made
    the fronted participle the root and hung the main clause on it (the main subject then dropped from the
    by-list it was joined to). Returns (agents, patients), or None when the verb is no such participle.
    """
    if verb.tag_ != "VBN" or any(c.dep_.startswith("nsubj") or c.dep_ == "mark" for c in kids(verb)):
        return None
    if verb.dep_ == "ROOT" and verb.i == sentence(verb).start:
        # the parser made the fronted participle the root and the main clause its parataxis
        head = next((c for c in kids(verb) if c.dep_ == "parataxis" and c.pos_ in ("VERB", "AUX")), None)
        if head is None:
            return None
        patients = finder.subject_of(head)
        names = {p.name for p in patients}
        agents = [a for a in passive_agents(finder, verb) if a.name not in names]
        return (agents, patients) if agents and patients else None
    if verb.dep_ != "advcl":
        return None
    agents = passive_agents(finder, verb)
    if not agents:
        return None
    head = verb.head
    patients = finder.subject_of(head) if head.pos_ in ("VERB", "AUX", "ADJ") else finder.args_of(head)
    if not patients and head.pos_ in ("VERB", "AUX"):
        for s in kids(head):
            if s.dep_ in ("nsubj:pass", "csubj:pass"):
                patients += finder.args_of(s)
    return agents, [p for p in patients if p.name not in {a.name for a in agents}]


def stray_conjunct_objects(finder: "RelationFinder", verb: Token) -> list["Arg"]:
    """Objects coordinated across the first object's adjuncts, which the parser hangs on the verb itself.

    'Ruiz met Ortega in Lima on Monday and Bachelet in Santiago on Tuesday': 'Bachelet' becomes a conjunct
    of 'met', not of 'Ortega'; it is the verb's second object. Only a conjunct with no verb-like children of
    its own (no subject, no object) and an actor mention, when the verb has a direct object.
    """
    if not has_child_dep(verb, "obj"):
        return []
    out: list = []
    for c in kids(verb):
        if c.dep_ == "conj" and c.i > verb.i and c.pos_ in ("PROPN", "NOUN") and not any(
                g.dep_.startswith(("nsubj", "obj", "aux", "cop")) for g in kids(c)):
            out += [a for a in finder._single(c, 0) if a not in out]
    return out


def occurrence_between(finder: "RelationFinder", noun: Token) -> list["Arg"]:
    """An event noun that is the subject of a verb of occurring takes that verb's 'between' phrase.

    'Fighting erupted between the Zorvan Front and Kelvari troops', 'clashes broke out between A and B':
    the parties are the verb's 'between' conjuncts. The occurring verbs are data (``occurrence_verbs``).
    """
    head = noun.head
    if not noun.dep_.startswith("nsubj") or lemma_of(head, finder.lex.occurrence_verbs) not in finder.lex.occurrence_verbs:
        return []
    out: list = []
    for c in kids(head):
        if c.dep_.split(":")[0] in ("obl", "nmod") and case_word(c) == "between":
            out += [a for a in finder.args_of(c) if a not in out]
    return out


def accompanies(finder: "RelationFinder", tok: Token) -> bool:
    """True when ``tok`` ends a marker of accompaniment ('alongside', 'along with', 'together with').

    'Zorvan fighters fought alongside Kelvari troops', 'Kelvaria sponsored the talks along with Zorvania':
    the partner behind the marker acted with the clause's subject (read by the caller). The markers are
    data (``accompaniment_markers``); the last word of one introduces the partner.
    """
    doc = tok.doc
    low = tok.lower_
    for marker in finder.lex.accompaniment_markers:
        if marker and marker[-1] != low:
            continue            # (the cheap test first: a marker ends with this word)
        start = tok.i - len(marker) + 1
        if start >= sentence(tok).start and tuple(t.lower_ for t in doc[start: tok.i + 1]) == marker:
            return True
    return False


def joint_adverb(finder: "RelationFinder", verb: Token) -> list["Candidate"]:
    """Two or more subjects acting jointly coordinate with each other, whatever they do.

    'Kelvaria and Zorvania jointly pressed the rebels to attend', 'A and B together drafted the text':
    Kelvaria coordinates with Zorvania. The adverbs are data (``joint_adverbs``); one subject gives nothing.
    """
    if not any(c.dep_ == "advmod" and c.lower_ in finder.lex.joint_adverbs for c in kids(verb)):
        return []

    subs = finder.subject_of(verb)
    if len({s.name for s in subs}) < 2:
        return []
    return [Candidate(tuple(subs), "coordinatesWith", (), verb, 0.6)]


def object_attached(finder: "RelationFinder", verb: Token, preps: tuple[str, ...]) -> list["Arg"]:
    """A frame's prepositional object that the parser hung on the verb's direct object instead of the verb.

    'Kelvari troops took back the town from the Zorvan Front': 'from the Front' belongs to 'took back' (its
    frame names 'from'), though parsed as a modifier of 'the town' or of a modifier of it ('the town last week
    from …'). Only behind the frame's own prepositions, and only when the direct object itself names no actor.
    """
    out: list = []
    for o in kids(verb):
        if o.dep_ != "obj" or finder.args_of(o):
            continue
        hosts = [o] + [c for c in kids(o) if c.dep_.split(":")[0] == "nmod" and not finder.args_of(c)]
        for host in hosts:       # (or on a modifier of it: 'retook the town last week from the Front')
            for c in kids(host):
                if c.dep_.split(":")[0] == "nmod" and case_word(c) in preps and case_word(c) not in ("of", ""):
                    out += [a for a in finder.args_of(c) if a not in out]
    return out


def country_rebels(tok: Token, kinds: dict[str, str], rebels_of: dict[str, str]) -> "Arg | None":
    """A rebel word named by a country stands for that country's rebel side, where the data lists one.

    'Kelvari rebels', 'Kelvaria's opposition', 'Kelvari rebel positions' (through the proxy noun): the armed
    group whose ``rebels:`` link names Kelvaria. A rebel word with no country, a country with no listed rebel
    side, or another name beside the country ('Kelvari Zorvan Front rebels') gives None (the generic-agent reading in context applies instead). The rebel words are the
    ``rebels`` kind of ``generic_agents.tsv``.
    """
    if tok.pos_ not in ("NOUN", "PROPN", "ADJ") or (kinds.get(tok.lower_) or kinds.get(tok.lemma_.lower())) != "rebels":
        return None
    country = None
    for c in kids(tok):
        m = actor_of(c)
        if c.i > tok.i or c.dep_ not in ("amod", "compound", "nmod:poss", "flat"):
            continue
        if m is not None and m.label_ == "Country" and m.id_ != "link":
            country = country or m.kb_id_
        elif m is not None or c.pos_ == "PROPN":
            return None           # 'the Kelvari Zorvan Front rebels': the named group, not the country's side
    return Arg(rebels_of[country], tok.i) if country in rebels_of else None


def verb_read_as_modifier(finder: "RelationFinder", verb: Token) -> list["Arg"]:
    """A past-tense verb the parser read as an adjective of its object, leaving the sentence with no verb.

    'Kelvaria shelled Zorvan positions' parsed as a noun phrase ('shelled' an adjectival modifier of
    'positions', the root): the actor right before the verb is its subject. Only when the modified noun is the
    sentence's root, comes after the verb, and the actor ends right before the verb. Likewise a perfect whose
    auxiliary was read as the main verb ('Kelvari shelling has for weeks targeted Zorvan routes', 'has'
    owning 'routes'): the subject of 'has' is the participle's.
    """
    head = verb.head
    if verb.dep_ != "amod" or head.pos_ not in ("NOUN", "PROPN") or head.i < verb.i or verb.tag_ not in ("VBD", "VBN"):
        return []
    if head.dep_ == "obj" and head.head.lemma_.lower() == "have" and head.head.i < verb.i and \
            not any(c.dep_ == "obj" and c.i != head.i for c in kids(head.head)):
        return finder.subject_of(head.head)   # 'Kelvaria has for weeks shelled Zorvan positions': 'has' read as owning
    if head.dep_ != "ROOT":
        return []
    return finder.left_neighbour_subject(verb)


def reciprocal(finder: "RelationFinder", verb: Token, cue: Cue, subs: list["Arg"]) -> list["Candidate"]:
    """A reciprocal verb with two or more subjects and no object: each subject against the others.

    'Kelvaria and Zorvania clashed over the border', 'the army and the rebels fought in the north': Kelvaria
    strikes Zorvania and Zorvania strikes Kelvaria (the relation is the verb's frame). The reciprocal verbs
    are data (``reciprocal_verbs``); 'Kelvaria and Zorvania attacked the town' is no such verb.
    """
    names = {s.name for s in subs}
    if len(names) < 2 or lemma_of(verb, finder.lex.reciprocal_verbs) not in finder.lex.reciprocal_verbs:
        return []
    return [Candidate((a,), cue.relation, tuple(b for b in subs if b.name != a.name), verb, 0.6, frame=cue)
            for a in subs]


def led_event_agents(finder: "RelationFinder", noun: Token) -> list["Arg"]:
    """Who leads an event is its agent: 'a Kelvari-led campaign against X', 'the Kelvaria-led offensive'.

    The link participle is data (``link_participles`` with relation ``leads``); a participle of another link
    ('a Kelvari-backed offensive') names a backer, not the agent. Reads both one token ('Kelvari-led') and the
    split form ('Kelvari', '-', 'led').
    """
    out: list = []
    for c in kids(noun):
        if c.i > noun.i or c.dep_ not in ("amod", "compound"):
            continue
        m = actor_of(c)
        if m is not None and m.id_ == "link" and is_actor(m):
            word = c.lower_.rsplit("-", 1)[-1]
            if finder.lex.link_participles.get(word) == "leads":
                out.append(Arg(m.kb_id_, c.i))
            continue
        if finder.lex.link_participles.get(c.lower_) == "leads" and c.i >= 2 and c.nbor(-1).text == "-":
            left = actor_of(c.nbor(-2))
            if is_actor(left):
                out.append(Arg(left.kb_id_, c.i - 2))
    return out


def undergone_event(finder: "RelationFinder", verb: Token) -> list["Candidate"]:
    """The subject of a verb of undergoing is the target of the event noun it undergoes.

    'Kelvaria has faced air strikes from the Zorvan Front', 'Zorvania suffered attacks by Kelvaria', 'the town
    came under fire from X': the event's agent (a from/by phrase on the noun or on the verb, or a possessor)
    does it to the subject. The verbs are data (``undergo_verbs``); the relation is the event noun's frame.
    """
    if lemma_of(verb, finder.lex.undergo_verbs) not in finder.lex.undergo_verbs:
        return []
    targets = finder.subject_of(verb)
    out = []
    for noun in kids(verb):
        if noun.dep_ != "obj":
            continue
        cues = [c for c in finder.noun_cues(noun) if c.relation in ("strikes", "opposes")]
        if not cues:
            continue
        agents = agents_on(finder, [noun, verb])
        agents += [a for a in led_event_agents(finder, noun) if a not in agents]
        tnames = {t.name for t in targets}
        agents = [a for a in agents if a.name not in tnames]
        if agents and targets:
            out.append(Candidate(tuple(agents), cues[0].relation, tuple(targets), noun, 0.65, frame=cues[0]))
    return out


def performed_target(finder: "RelationFinder", noun: Token) -> list["Arg"]:
    """The 'of' phrase of an event noun that a performing verb carries out is the event's target.

    'Kelvaria stepped up its shelling of Zorvan positions', 'the army resumed its bombardment of the town':
    the shelling is of the Zorvan positions. Only for an object of a performing verb (``perform_verbs``); with
    other verbs 'of' names an owner or a topic ('reported the bombing of X's allies' stays as it is).
    """
    if noun.dep_ != "obj" or lemma_of(noun.head, finder.lex.perform_verbs) not in finder.lex.perform_verbs:
        return []
    out: list = []
    for c in kids(noun):
        if c.dep_.split(":")[0] == "nmod" and case_word(c) == "of":
            out += [a for a in finder.args_of(c) if a not in out]
    return out


def names_blame(finder: "RelationFinder", pred: Token) -> bool:
    """A predicate that puts a deed on its subject (data ``blame_predicates``): 'behind' as its preposition,
    or 'responsible' / 'guilty' with a 'for' / 'of' phrase."""
    words = finder.lex.blame_predicates
    if pred.pos_ == "ADJ":
        return (pred.lemma_.lower() in words or pred.lower_ in words) and any(
            c.dep_.split(":")[0] in ("obl", "nmod") and case_word(c) in ("for", "of") for c in kids(pred))
    return any(c.dep_ == "case" and c.lower_ in words for c in kids(pred))


def blamed_party(finder: "RelationFinder", pred: Token) -> list["Candidate"]:
    """Who a speaker says is behind a deed is the speaker's opponent (an accusation without an accusing verb).

    'Kelvaria said Zorvania was behind the attacks', 'the ministry said the Front was responsible for the
    blasts': Kelvaria (the speaker's side) opposes Zorvania. The predicate words are data
    (``blame_predicates``: 'behind' as the predicate's preposition, 'responsible' / 'guilty' as a predicate
    adjective with its 'for' / 'of' phrase); the narrator's own statement ('Zorvania was behind the attacks',
    unreported) gives no claim, as no one is quoted accusing. A reported predicate that disparages its subject
    (data: ``disparaging_predicates``; 'Kelvaria said Ruiz was reckless') is read the same way.
    """
    if not has_child_dep(pred, "cop") or not finder.reported(pred):
        return []
    judged = finder.lex.disparaging_predicates
    disparaged = pred.pos_ in ("ADJ", "NOUN") and (pred.lemma_.lower() in judged or pred.lower_ in judged)
    #  ('Kelvaria said Ruiz was reckless', '… that Ruiz is a liar': a judgement needs no 'for' phrase)
    if not disparaged and not names_blame(finder, pred):
        return []
    blamed: list = []
    for s in kids(pred):
        if s.dep_.startswith("nsubj"):
            blamed += [a for a in finder.args_of(s) if a not in blamed]
    if not blamed:
        return []
    judge = "@self" if disparaged else "@side"     # a judgement is the speaker's own; an accusation his side's
    return [Candidate((Arg(judge, pred.i),), "opposes", tuple(blamed), pred, 0.6)]


def joined_to_meet(finder: "RelationFinder", verb: Token) -> bool:
    """Joining someone in order to talk is meeting them: 'the two will be joined by X to discuss Y',
    'Kelvaria joined Zorvania to negotiate the truce'. True when ``verb`` is one of the ``joining_verbs`` and
    its purpose clause ('to discuss …') is a verb with a meeting frame."""
    if lemma_of(verb, finder.lex.joining_verbs) not in finder.lex.joining_verbs:
        return False
    for c in kids(verb):
        if c.dep_ in ("advcl", "xcomp") and any(m.lower_ == "to" for m in kids(c) if m.dep_ == "mark") and \
                any(cue.relation == "meetsWith" for cue in finder.verb_cues(c)):
            return True
    return False


def given_to_passive(finder: "RelationFinder", verb: Token) -> list["Candidate"]:
    """A passive handing verb with a retained object: who is handed something is supported by the giver.

    'The rebels were given weapons by Kelvaria', 'Zorvan units are fed supplies from Kelvaria': Kelvaria
    supports the rebels / Zorvania. The handing verbs are data (``support_verbs``); the giver is a by/from
    phrase on the verb or on the thing given.
    """
    if lemma_of(verb, finder.lex.support_verbs) not in finder.lex.support_verbs:
        return []
    things = [c for c in kids(verb) if c.dep_ == "obj"]
    receivers = [a for s in kids(verb) if s.dep_ == "nsubj:pass" for a in finder.args_of(s)]
    if not things or not receivers:
        return []
    givers = agents_on(finder, [verb] + things)
    names = {r.name for r in receivers}
    givers = [g for g in givers if g.name not in names]
    if not givers:
        return []
    return [Candidate(tuple(givers), "supports", tuple(receivers), verb, 0.65)]


def partitive_host(finder: "RelationFinder", noun: Token) -> Token | None:
    """The quantity a relational noun is a part of, in 'X is one of Y's allies' and 'X, one of the backers of Y'.

    'Kelvaria is one of Zorvania's closest allies', 'Kelvaria, one of the main backers of the rebels':
    what is said of 'one' (its subject, or the actor it is in apposition to) is said of the allies. The
    quantity words are data (``partitive_heads``); a number counts too ('two of the allies').
    """
    head = noun.head
    if noun.dep_ != "nmod" or case_word(noun) != "of" or head.i == noun.i:
        return None
    if head.pos_ == "NUM" or head.lower_ in finder.lex.partitive_heads:
        return head
    return None


def verb_forms_of_gerund(word: str) -> tuple[str, ...]:
    """The verb lemmas an -ing form may come from: 'skewering' → skewer, 'hitting' → hit, 'chiding' → chide."""
    w = word.lower()
    if not w.endswith("ing") or len(w) < 6:
        return ()
    return tuple(b for b in _bases(w) if b != w)      # the reductions `lemma_of` tries, the word itself left out


def gerund_read_as_noun(finder: "RelationFinder", tok: Token) -> list["Candidate"]:
    """A second gerund clause the parser read as a noun conjunct of the first clause's object.

    'Kelvaria spent the day praising Ana Ruiz and skewering Zorvania', parsed with 'skewering' a noun
    coordinated with 'Ruiz' and 'Zorvania' an object of 'praising': the objects after the -ing word are its
    own, and its subject is the first clause's. Only an -ing word with no determiner, possessor or object of
    its own whose verb reading has frames ('praising A and shelling B', not 'praising A and the shelling').
    """
    if tok.dep_ != "conj" or not tok.lower_.endswith("ing") or gerund_split(finder, tok.head.head) != tok.i:
        return []
    verb = tok.head.head
    subs = finder.subject_of(verb)
    objs = [a for o in children(verb, "obj") if o.i > tok.i for a in finder.args_of(o)]
    if not subs or not objs:
        return []
    cues = next(finder.lex.verb_cues[f] for f in verb_forms_of_gerund(tok.text) if f in finder.lex.verb_cues)
    return [Candidate(tuple(subs), cue.relation, tuple(objs), tok, 0.6, frame=cue) for cue in cues]


def gerund_split(finder: "RelationFinder", verb: Token) -> int | None:
    """The index of an -ing word that opens a second gerund clause inside ``verb``'s object (see
    ``gerund_read_as_noun``); the verb's objects after it are that clause's, not the verb's."""
    if verb.pos_ != "VERB" or not verb.lower_.endswith("ing"):
        return None
    for o in kids(verb):
        if o.dep_ != "obj":
            continue
        for c in kids(o):
            if c.dep_ == "conj" and c.pos_ == "NOUN" and c.i > o.i and not any(
                    g.dep_ in ("obj", "nmod:poss", "det") for g in kids(c)) and \
                    any(f in finder.lex.verb_cues for f in verb_forms_of_gerund(c.text)):
                return c.i
    return None


def handed_event(finder: "RelationFinder", noun: Token) -> tuple[list["Arg"], list["Arg"]]:
    """(givers, receivers) of a relation noun modified by a handing participle: 'support given to the rebels
    by Kelvaria', 'aid sent to Zorvania from Kelvaria' — Kelvaria supports them. The receiver is the
    participle's 'to' phrase; the giver its by/from phrase, or one the parser hung on the receiver. The
    handing verbs are data (``support_verbs``)."""
    for verb in kids(noun):
        if verb.dep_ != "acl" or verb.tag_ != "VBN" or \
                lemma_of(verb, finder.lex.support_verbs) not in finder.lex.support_verbs:
            continue
        to = [o for o in kids(verb) if o.dep_ == "obl" and case_word(o) == "to"]
        receivers = [a for o in to for a in finder.args_of(o)]
        givers = agents_on(finder, [verb] + to)
        if receivers and givers:
            return givers, receivers
    return [], []


def purpose_of_event(finder: "RelationFinder", verb: Token) -> list["Arg"]:
    """An infinitive right after an event noun says what the event's agent means to do, wherever the parser
    hangs it: 'despite Kelvari raids to shore up Zorvan forces' — Kelvaria shores them up. Only an event noun
    (a frame's trigger) whose agent is named (demonym, possessor, by-phrase) and a bare 'to' infinitive."""
    doc = verb.doc
    marks = [c for c in kids(verb) if c.dep_ == "mark"]
    if len(marks) != 1 or marks[0].lower_ != "to" or marks[0].i != verb.left_edge.i or marks[0].i < 1:
        return []
    noun = doc[marks[0].i - 1]
    if noun.pos_ != "NOUN" or noun.i < sentence(verb).start or not finder.noun_cues(noun):
        return []
    return event_agent(finder, noun) or finder.args_of(noun)    # ('Kelvari raids' may read as Kelvaria's)


def listed_as_apposition(finder: "RelationFinder", tok: Token) -> list["Arg"]:
    """A list 'A, B and C' whose middle item the parser made an apposition of the first ('met President Ana
    Ruiz, Prime Minister Ivo Tal and King Olaf', with 'Tal' an apposition of 'Ruiz'): B is a conjunct too.
    Only when the first item has a conjunct of its own (it is a list) and B names a different actor of the
    same class as A (an apposition proper renames A: 'Ana Ruiz, the president')."""
    m = actor_of(tok)
    if m is None or not has_child_dep(tok, "conj"):
        return []
    out: list = []
    for c in kids(tok):
        n = actor_of(c)
        if c.dep_ == "appos" and c.i > tok.i and n is not None and n.kb_id_ != m.kb_id_ and n.label_ == m.label_:
            out += [a for a in finder._single(c, 0) if a not in out]
    return out


MUST_WORDS = ("must", "should")
"""Modals that make a departure clause a demand ('Ruiz must go')."""


def is_departure(finder: "RelationFinder", verb: Token) -> bool:
    """The verb says someone leaves a post: data ``departure_verbs``, the lemma alone ('resign') or with its
    particle or object ('step down', 'leave office')."""
    lemma = verb.lemma_.lower()
    words = [c.lower_ for c in kids(verb) if c.dep_ in ("compound:prt", "obj") or
             (c.dep_ == "advmod" and c.i == verb.i + 1)]
    return lemma in finder.lex.departure_verbs or any(f"{lemma} {w}" in finder.lex.departure_verbs for w in words)


def departure_demand(finder: "RelationFinder", verb: Token) -> list["Candidate"]:
    """Who says someone must go, or demands that he go, opposes him.

    'Kelvaria says Ana Ruiz must step down', 'the rebels demand that Ruiz resign', 'Zorvania called on Ruiz to
    quit', 'the rebels' demands that Ruiz leave office': Kelvaria / the rebels / Zorvania oppose Ruiz. The
    departure verbs and demand words are data (``departure_verbs``, ``demand_words``); a reported clause needs
    a modal ('must', 'should') to be a demand ('Kelvaria said Ruiz resigned' is news, not a demand).
    """
    if verb.pos_ != "VERB" or not is_departure(finder, verb):
        return []
    head = verb.head
    leavers = [a for c in kids(verb) if c.dep_ in ("nsubj", "nsubj:pass") for a in finder.args_of(c)]
    if not leavers and verb.dep_ in ("xcomp", "advcl"):
        leavers = [a for c in kids(head) if c.dep_ in ("obj", "obl") and
                   (c.dep_ == "obj" or case_word(c) == "on") for a in finder.args_of(c)]   # 'called on X to quit'
    if not leavers or head.i == verb.i:
        return []
    demands = lemma_of(head, finder.lex.demand_words) in finder.lex.demand_words
    modal = any(c.dep_ == "aux" and c.lower_ in MUST_WORDS for c in kids(verb))
    subs: list = []
    if demands and head.pos_ in ("VERB", "AUX"):
        subs = finder.subject_of(head)
    elif demands and head.pos_ == "NOUN":
        subs = agents_on(finder, [head], owners=True) or finder.noun_subject(head)   # 'the rebels' demands that …'
    elif modal and verb.dep_ == "ccomp" and lemma_of(head, finder.lex.reporting_verbs) in finder.lex.reporting_verbs:
        subs = finder.subject_of(head)
    names = {a.name for a in leavers}
    subs = [a for a in subs if a.name not in names]
    return [Candidate(tuple(subs), "opposes", tuple(leavers), verb, 0.6)] if subs else []


def predicate_relative(finder: "RelationFinder", noun: Token) -> list["Arg"]:
    """A relative clause on a predicate nominal is said of the predicate's subject: 'Kelvaria is a country that
    arms the rebels', 'Kelvaria is among the powers that say …' — Kelvaria arms them / says it. Only a noun
    with a copula and a subject of its own."""
    if not children(noun, "cop"):
        return []
    return [a for s in children(noun, "nsubj") for a in finder.args_of(s)]


def partner_against(finder: "RelationFinder", case: Token) -> bool:
    """A 'with' phrase beside an 'against' phrase names a partner, not a foe: 'Kelvaria fought with Zorvan forces
    against the rebels', 'its readiness to fight with X against Y' — Kelvaria and Zorvania act together (the
    'against' phrase keeps the hostile reading). Only on a verb with a hostile frame (opposes, strikes)."""
    if case.lower_ != "with" or case.dep_ != "case":
        return False
    nominal = case.head
    verb = nominal.head
    if nominal.dep_.split(":")[0] != "obl" or verb.pos_ not in ("VERB", "AUX"):
        return False
    if not any(c.dep_.split(":")[0] == "obl" and case_word(c) == "against" and c.i > nominal.i for c in kids(verb)):
        return False
    return any(cue.relation in ("opposes", "strikes") for cue in finder.verb_cues(verb))


def intended_by(finder: "RelationFinder", subject: Token, verb: Token) -> list["Arg"]:
    """An intention noun as the subject of a copular infinitive hands its owner to the infinitive: 'Kelvaria's
    aim is to weaken the Front', 'our common goal is to defeat X' — Kelvaria (the speaker's side) does it. The
    nouns are data (``intention_nouns``)."""
    if not children(verb, "cop") or lemma_of(subject, finder.lex.intention_nouns) not in finder.lex.intention_nouns:
        return []
    return [a for c in children(subject, "nmod:poss", "amod", "compound") for a in finder.args_of(c)]


def relations_judged(finder: "RelationFinder", pred: Token) -> list["Candidate"]:
    """Relations said to be bad are mutual hostility: 'Kelvaria's relations with Zorvania have been toxic', 'ties
    between Kelvaria and Zorvania are strained' — each opposes the other. The relation nouns and the judging
    words are data (``relationship_nouns``, ``hostile_judgements``); a negated judgement is negative as usual."""
    if lemma_of(pred, finder.lex.hostile_judgements) not in finder.lex.hostile_judgements and \
            pred.lower_ not in finder.lex.hostile_judgements:
        return []
    for subj in kids(pred):
        if subj.dep_ not in ("nsubj", "nsubj:pass") or subj.lemma_.lower() not in finder.lex.relationship_nouns:
            continue
        sides: list = []
        for c in kids(subj):
            if c.dep_ == "nmod:poss" or c.dep_ == "nmod" and case_word(c) in ("with", "between"):
                named = [a for n in kids(c) if n.dep_ == "nmod" and not case_word(n) for a in finder.args_of(n)]
                # ('with its neighbour Zorvania': the name, not the owner of 'neighbour')
                sides += [a for a in (named or finder.args_of(c)) if a.name not in {s.name for s in sides}]
        if len(sides) >= 2:
            return [Candidate((a,), "opposes", (b,), pred, 0.6) for a in sides for b in sides if a.name != b.name]
    return []
