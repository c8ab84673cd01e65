"""The general constructions of kg.extract.constructions on hand-built parses (invented sentences)."""
from handparse import FOCUS_SYRIA, claims_of, mention_of, parsed


def test_light_verb_idiom_takes_its_partner_behind_the_frames_preposition():
    # "Iran joined forces with Qatar ."   (join + force = coordination)
    doc = parsed("""
Iran 1 nsubj PROPN Iran
joined 1 ROOT VERB join
forces 1 obj NOUN force
with 4 case ADP with
Qatar 1 obl PROPN Qatar
. 1 punct PUNCT .
""")
    assert ("Iran", "coordinatesWith", "Qatar", "Positive") in claims_of(doc)
    # the same verb with another object is no idiom: "Iran joined talks with Qatar" is a meeting, not forces
    doc = parsed("""
Iran 1 nsubj PROPN Iran
joined 1 ROOT VERB join
dinner 1 obj NOUN dinner
with 4 case ADP with
Qatar 1 obl PROPN Qatar
. 1 punct PUNCT .
""")
    assert all(c.cue != "join force" for c in doc._.newskg_claims)


def test_idiom_object_may_hang_on_the_noun():
    # "Chile delivered a rebuke to Peru ."  ('to Peru' attached to the noun)
    doc = parsed("""
Chile 1 nsubj PROPN Chile
delivered 1 ROOT VERB deliver
a 3 det DET a
rebuke 1 obj NOUN rebuke
to 5 case ADP to
Peru 3 nmod PROPN Peru
. 1 punct PUNCT .
""")
    assert ("Chile", "opposes", "Peru", "Positive") in claims_of(doc)


def test_joint_agents_of_a_passive_are_partners_and_one_alone_is_nothing():
    # "The truce was brokered by Chile and Peru ."
    doc = parsed("""
The 1 det DET the
truce 3 nsubj:pass NOUN truce
was 3 aux:pass AUX be
brokered 3 ROOT VERB broker
by 5 case ADP by
Chile 3 obl:agent PROPN Chile
and 7 cc CCONJ and
Peru 5 conj PROPN Peru
. 3 punct PUNCT .
""")
    assert ("Chile", "coordinatesWith", "Peru", "Positive") in claims_of(doc)
    # "Chile brokered the truce ." gives no claim at all
    one = parsed("""
Chile 1 nsubj PROPN Chile
brokered 1 ROOT VERB broker
the 3 det DET the
truce 1 obj NOUN truce
. 1 punct PUNCT .
""")
    assert claims_of(one) == set()


def test_marked_noun_in_support_of():
    # "Peruvian advisers were deployed in support of Chile ."
    doc = parsed("""
Peruvian 1 amod ADJ Peruvian
advisers 3 nsubj:pass NOUN adviser
were 3 aux:pass AUX be
deployed 3 ROOT VERB deploy
in 5 case ADP in
support 3 obl NOUN support
of 7 case ADP of
Chile 5 nmod PROPN Chile
. 3 punct PUNCT .
""")
    assert ("Peru", "supports", "Chile", "Positive") in claims_of(doc)
    # without the marker 'in', 'support of Chile' is Chile's own support: no claim towards Chile
    doc = parsed("""
Peru 1 nsubj PROPN Peru
welcomed 1 ROOT VERB welcome
the 3 det DET the
support 1 obj NOUN support
of 5 case ADP of
Chile 3 nmod PROPN Chile
. 1 punct PUNCT .
""")
    assert ("Peru", "supports", "Chile", "Positive") not in claims_of(doc)


def test_help_given_with_a_clause_goes_to_the_clauses_subject():
    # "Chilean troops retook the town with Peruvian air support ."
    doc = parsed("""
Chilean 1 amod ADJ Chilean
troops 2 nsubj NOUN troops
retook 2 ROOT VERB retake
the 4 det DET the
town 2 obj NOUN town
with 8 case ADP with
Peruvian 8 amod ADJ Peruvian
air 8 compound NOUN air
support 4 nmod NOUN support
. 2 punct PUNCT .
""")
    assert ("Peru", "supports", "Chile", "Positive") in claims_of(doc)
    assert ("Chile", "supports", "Peru", "Positive") not in claims_of(doc)


def test_help_given_with_a_clause_takes_an_agent_the_parser_hung_on_the_clause():
    # "Chilean troops advanced with heavy support from Peruvian jets ." with 'advanced' read as an adjective
    # root and 'from … jets' as its second adjunct instead of the noun's
    doc = parsed("""
Chilean 1 amod ADJ Chilean
troops 2 nsubj NOUN troops
advanced 2 ROOT ADJ advanced
with 5 case ADP with
heavy 5 amod ADJ heavy
support 2 obl NOUN support
from 8 case ADP from
Peruvian 8 amod ADJ Peruvian
jets 2 obl NOUN jet
. 2 punct PUNCT .
""")
    assert ("Peru", "supports", "Chile", "Positive") in claims_of(doc)
    assert ("Chile", "supports", "Peru", "Positive") not in claims_of(doc)


def test_a_country_named_as_a_region_is_no_actor():
    # "Chile shelled northern Peru ."
    doc = parsed("""
Chile 1 nsubj PROPN Chile
shelled 1 ROOT VERB shell
northern 3 amod ADJ northern
Peru 1 obj PROPN Peru
. 1 punct PUNCT .
""")
    assert mention_of(doc, 3) is None
    assert claims_of(doc) == set()


def test_a_particle_frame_replaces_the_bare_verbs():
    # "Chile called out Peru ." is criticism, not a phone call
    doc = parsed("""
Chile 1 nsubj PROPN Chile
called 1 ROOT VERB call
out 1 compound:prt ADP out
Peru 1 obj PROPN Peru
. 1 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Chile", "opposes", "Peru", "Positive") in got
    assert ("Chile", "meetsWith", "Peru", "Positive") not in got


def test_the_owner_of_an_intention_noun_does_what_its_clause_says():
    # "Chile's readiness to fight Peru ."  → Chile opposes Peru
    doc = parsed("""
Chile 2 nmod:poss PROPN Chile
's 0 case PART 's
readiness 2 ROOT NOUN readiness
to 4 mark PART to
fight 2 acl VERB fight
Peru 4 obj PROPN Peru
. 2 punct PUNCT .
""")
    assert ("Chile", "opposes", "Peru", "Positive") in claims_of(doc)


def test_a_symmetric_noun_between_several_pairs_them_all_and_a_war_goes_both_ways():
    # "talks between Chile , Peru and Bolivia"
    doc = parsed("""
talks 0 ROOT NOUN talks
between 2 case ADP between
Chile 0 nmod PROPN Chile
, 4 punct PUNCT ,
Peru 2 conj PROPN Peru
and 6 cc CCONJ and
Bolivia 2 conj PROPN Bolivia
""")
    got = claims_of(doc)
    assert {("Chile", "meetsWith", "Peru", "Positive"), ("Chile", "meetsWith", "Bolivia", "Positive")} <= got
    assert ("Peru", "meetsWith", "Bolivia", "Positive") in got or ("Bolivia", "meetsWith", "Peru", "Positive") in got
    # "the war between Chile and Peru"
    doc = parsed("""
the 1 det DET the
war 1 ROOT NOUN war
between 3 case ADP between
Chile 1 nmod PROPN Chile
and 5 cc CCONJ and
Peru 3 conj PROPN Peru
""")
    got = claims_of(doc)
    assert ("Chile", "opposes", "Peru", "Positive") in got and ("Peru", "opposes", "Chile", "Positive") in got


def test_a_nominalisations_by_or_from_phrase_is_its_agent():
    # "Peru condemned the attacks by Chile on Bolivia ."
    doc = parsed("""
Peru 1 nsubj PROPN Peru
condemned 1 ROOT VERB condemn
the 3 det DET the
attacks 1 obj NOUN attack
by 5 case ADP by
Chile 3 nmod PROPN Chile
on 7 case ADP on
Bolivia 3 nmod PROPN Bolivia
. 1 punct PUNCT .
""")
    assert ("Chile", "strikes", "Bolivia", "Positive") in claims_of(doc)
    assert ("Peru", "strikes", "Bolivia", "Positive") not in claims_of(doc)


def test_a_dictionary_person_the_ner_missed_is_found_in_a_capitalised_run():
    # a person from the generated world table, not in the PhraseMatcher: "Morten Wetland spoke ."
    doc = parsed("""
Morten 2 nsubj PROPN Morten
Wetland 0 flat PROPN Wetland
spoke 2 ROOT VERB speak
. 2 punct PUNCT .
""")
    assert mention_of(doc, 0) == "Morten Wetland" and mention_of(doc, 1) == "Morten Wetland"


def test_a_name_beats_a_nationality_on_a_proxy_noun():
    # "The Syrian Kurdish PYD party rejected Turkish demands ."
    doc = parsed("""
The 4 det DET the
Syrian 4 amod ADJ Syrian
Kurdish 4 amod ADJ Kurdish
PYD 4 compound PROPN PYD
party 5 nsubj NOUN party
rejected 5 ROOT VERB reject
Turkish 7 amod ADJ Turkish
demands 5 obj NOUN demand
. 5 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Democratic Union Party", "opposes", "Turkey", "Positive") in got
    assert not any(s == "Syria" for s, *_ in got)


def test_a_peer_nouns_possessor_is_the_reference_not_the_owner():
    # "Kerry met his Chilean and Peruvian counterparts ."
    doc = parsed("""
Kerry 1 nsubj PROPN Kerry
met 1 ROOT VERB meet
his 6 nmod:poss PRON his
Chilean 6 amod ADJ Chilean
and 5 cc CCONJ and
Peruvian 3 conj ADJ Peruvian
counterparts 1 obj NOUN counterpart
. 1 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("John Kerry", "meetsWith", "Chile", "Positive") in got or ("Chile", "meetsWith", "John Kerry", "Positive") in got
    assert ("John Kerry", "meetsWith", "Peru", "Positive") in got or ("Peru", "meetsWith", "John Kerry", "Positive") in got


def test_a_modifier_of_the_last_conjunct_is_that_conjuncts_only():
    # "... fighting between the government and rebels battling Peru" : the government does not battle Peru
    doc = parsed("""
Chile 1 nsubj PROPN Chile
mediated 1 ROOT VERB mediate
between 5 case ADP between
the 4 det DET the
army 5 nmod NOUN army
forces 1 obl NOUN force
and 7 cc CCONJ and
rebels 5 conj NOUN rebel
battling 7 acl VERB battle
Peru 8 obj PROPN Peru
. 1 punct PUNCT .
""")
    assert not any(o == "Peru" and s == "Chile" for s, _, o, _ in claims_of(doc))


def test_rebel_factions_in_a_coordination_are_still_generic_agents():
    # two sentences naming Syria, then "the government and rebel factions fought ."
    doc = parsed(FOCUS_SYRIA + """
the 9 det DET the
government 13 nsubj NOUN government
and 12 cc CCONJ and
rebel 12 compound NOUN rebel
factions 9 conj NOUN faction
fought 13 ROOT VERB fight
. 13 punct PUNCT .
""")
    assert mention_of(doc, 12) == "Syrian opposition" and mention_of(doc, 9) == "Syria"


def affiliations_of(doc):
    return {(a.person, a.relation, a.target) for a in doc._.newskg_affiliations}


def test_a_titles_remit_is_not_its_employer():
    # "Ana Ruiz , special envoy of the Secretary-General for Peru , spoke ."
    doc = parsed("""
Ana 8 nsubj PROPN Ana B-PERSON
Ruiz 0 flat PROPN Ruiz I-PERSON
, 4 punct PUNCT ,
special 4 amod ADJ special
envoy 0 appos NOUN envoy
of 7 case ADP of
the 7 det DET the
Secretary-General 4 nmod PROPN Secretary-General
for 9 case ADP for
Peru 4 nmod PROPN Peru
, 0 punct PUNCT ,
spoke 11 ROOT VERB speak
. 11 punct PUNCT .
""")
    got = affiliations_of(doc)
    assert not any(t == "Peru" for _, _, t in got) and not any(r == "leads" for _, r, _ in got)


def test_a_list_of_titled_people_gives_each_their_own_title():
    # "President Ana Ruiz of Chile , Peruvian President Juan Soto and others met ."
    doc = parsed("""
President 1 compound PROPN President
Ana 11 nsubj PROPN Ana B-PERSON
Ruiz 1 flat PROPN Ruiz I-PERSON
of 4 case ADP of
Chile 1 nmod PROPN Chile
, 8 punct PUNCT ,
Peruvian 7 amod ADJ Peruvian
President 8 compound PROPN President
Juan 1 appos PROPN Juan B-PERSON
Soto 8 flat PROPN Soto I-PERSON
and 11 cc CCONJ and
met 11 ROOT VERB meet
. 11 punct PUNCT .
""")
    got = affiliations_of(doc)
    assert ("Ana Ruiz", "leads", "Chile") in got and ("Juan Soto", "leads", "Peru") in got
    assert ("Ana Ruiz", "leads", "Peru") not in got


def test_a_noun_in_apposition_to_an_actor_stands_for_it():
    # "Hamas , a Qatari-backed movement , spoke ."
    doc = parsed("""
Hamas 6 nsubj PROPN Hamas
, 0 punct PUNCT ,
a 5 det DET a
Qatari 5 amod ADJ Qatari-backed
-backed 3 punct PUNCT -
movement 0 appos NOUN movement
spoke 6 ROOT VERB speak
. 6 punct PUNCT .
""")
    assert mention_of(doc, 0) == "Hamas"
    # the proxy rule reads the movement as Hamas: "Chile attacked Hamas , a movement ." keeps Hamas the object
    doc = parsed("""
Chile 1 nsubj PROPN Chile
attacked 1 ROOT VERB attack
the 3 det DET the
movement 1 obj NOUN movement
, 5 punct PUNCT ,
Hamas 3 appos PROPN Hamas
. 1 punct PUNCT .
""")
    assert ("Chile", "strikes", "Hamas", "Positive") in claims_of(doc)


def test_a_reporter_takes_part_in_talks_whose_other_side_is_named():
    # "A spokesman for Chile said the talks with Peru went well ."
    doc = parsed("""
A 1 det DET a
spokesman 4 nsubj NOUN spokesman
for 3 case ADP for
Chile 1 nmod PROPN Chile
said 4 ROOT VERB say
the 6 det DET the
talks 9 nsubj NOUN talk
with 8 case ADP with
Peru 6 nmod PROPN Peru
went 4 ccomp VERB go
well 9 advmod ADV well
. 4 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Chile", "meetsWith", "Peru", "Positive") in got or ("Peru", "meetsWith", "Chile", "Positive") in got


def test_in_someones_favour_takes_the_possessor_as_object():
    # "Chile's intervention turned the war in Peru's favour ."
    doc = parsed("""
Chile 2 nmod:poss PROPN Chile
's 0 case PART 's
intervention 3 nsubj NOUN intervention
turned 3 ROOT VERB turn
the 5 det DET the
war 3 obj NOUN war
in 9 case ADP in
Peru 9 nmod:poss PROPN Peru
's 7 case PART 's
favour 3 obl NOUN favour
. 3 punct PUNCT .
""")
    assert ("Chile", "supports", "Peru", "Positive") in claims_of(doc)


def test_a_host_of_talks_is_not_a_party_to_them():
    # "Chile hosted talks with Peru ."
    doc = parsed("""
Chile 1 nsubj PROPN Chile
hosted 1 ROOT VERB host
talks 1 obj NOUN talks
with 4 case ADP with
Peru 2 nmod PROPN Peru
. 1 punct PUNCT .
""")
    assert not any(r == "meetsWith" for _, r, _, _ in claims_of(doc))
    # "Chile held talks with Peru ." is a meeting
    doc = parsed("""
Chile 1 nsubj PROPN Chile
held 1 ROOT VERB hold
talks 1 obj NOUN talks
with 4 case ADP with
Peru 2 nmod PROPN Peru
. 1 punct PUNCT .
""")
    assert ("Chile", "meetsWith", "Peru", "Positive") in claims_of(doc) or ("Peru", "meetsWith", "Chile", "Positive") in claims_of(doc)


def test_a_curated_verb_frame_beats_a_generated_verb_and_preposition_frame():
    from kg.extract.lexicon import Cue
    from kg.extract.relations import RelationFinder
    from handparse import blank_pipeline

    lex = blank_pipeline().get_pipe("newskg_claims").lex
    finder = RelationFinder(lex)
    doc = parsed("""
Chile 1 nsubj PROPN Chile
negotiated 1 ROOT VERB negotiate
with 3 case ADP with
Peru 1 obl PROPN Peru
. 1 punct PUNCT .
""")
    lex.verb_cues.setdefault("negotiate with", []).append(Cue("opposes", ("with",), True, generated=True))
    try:
        assert [c.relation for c in finder.verb_cues(doc[1])] == ["meetsWith"]
    finally:
        lex.verb_cues["negotiate with"].pop()


def test_only_a_state_title_leads_a_country_and_an_organisations_own_serve_it():
    # "Chile 's antiquities chief Ana Ruiz spoke ."  → memberOf Chile, not leads
    doc = parsed("""
Chile 3 nmod:poss PROPN Chile
's 0 case PART 's
antiquities 3 compound NOUN antiquity
chief 4 compound NOUN chief
Ana 6 nsubj PROPN Ana B-PERSON
Ruiz 4 flat PROPN Ruiz I-PERSON
spoke 6 ROOT VERB speak
. 6 punct PUNCT .
""")
    assert ("Ana Ruiz", "memberOf", "Chile") in affiliations_of(doc)
    # "Chilean President Ana Ruiz spoke ." → leads
    doc = parsed("""
Chilean 1 amod ADJ Chilean
President 2 compound PROPN President
Ana 4 nsubj PROPN Ana B-PERSON
Ruiz 2 flat PROPN Ruiz I-PERSON
spoke 4 ROOT VERB speak
. 4 punct PUNCT .
""")
    assert ("Ana Ruiz", "leads", "Chile") in affiliations_of(doc)


def test_a_person_name_from_the_ner_ends_before_of():
    # NER tagged "Ana Ruiz of Chile" as one PERSON: "President Ana Ruiz of Chile spoke ."
    doc = parsed("""
President 1 compound PROPN President
Ana 5 nsubj PROPN Ana B-PERSON
Ruiz 1 flat PROPN Ruiz I-PERSON
of 4 case ADP of I-PERSON
Chile 2 nmod PROPN Chile I-PERSON
spoke 5 ROOT VERB speak
. 5 punct PUNCT .
""")
    assert mention_of(doc, 1) == "Ana Ruiz" and mention_of(doc, 4) == "Chile"
    assert ("Ana Ruiz", "leads", "Chile") in affiliations_of(doc)


def test_a_marked_noun_on_an_object_belongs_to_the_clause():
    # "Chile tipped the balance in favour of Peru ."
    doc = parsed("""
Chile 1 nsubj PROPN Chile
tipped 1 ROOT VERB tip
the 3 det DET the
balance 1 obj NOUN balance
in 5 case ADP in
favour 3 nmod NOUN favour
of 7 case ADP of
Peru 5 nmod PROPN Peru
. 1 punct PUNCT .
""")
    assert ("Chile", "supports", "Peru", "Positive") in claims_of(doc)


def test_an_adjectival_predicate_is_read_as_its_verb():
    # "Chile is allied with Peru ."
    doc = parsed("""
Chile 2 nsubj PROPN Chile
is 2 cop AUX be
allied 2 ROOT ADJ allied
with 4 case ADP with
Peru 2 obl PROPN Peru
. 2 punct PUNCT .
""")
    assert ("Chile", "supports", "Peru", "Positive") in claims_of(doc)


def test_with_a_genitive_agent_of_marks_the_object():
    # "Chile 's support of Peru grew ."
    doc = parsed("""
Chile 2 nmod:poss PROPN Chile
's 0 case PART 's
support 5 nsubj NOUN support
of 4 case ADP of
Peru 2 nmod PROPN Peru
grew 5 ROOT VERB grow
. 5 punct PUNCT .
""")
    assert ("Chile", "supports", "Peru", "Positive") in claims_of(doc)
    # without a genitive, 'the support of Peru' is Peru's own: no claim with Peru as object
    doc = parsed("""
the 1 det DET the
support 4 nsubj NOUN support
of 3 case ADP of
Peru 1 nmod PROPN Peru
grew 4 ROOT VERB grow
. 4 punct PUNCT .
""")
    assert not any(o == "Peru" for _, _, o, _ in claims_of(doc))


def test_a_person_does_not_meet_or_back_the_country_he_serves():
    # "Chilean Minister Ana Ruiz and Chile met Peru ." : Ruiz serves Chile; no Ruiz-Chile relation
    doc = parsed("""
Chilean 1 amod ADJ Chilean
Minister 2 compound PROPN Minister
Ana 6 nsubj PROPN Ana B-PERSON
Ruiz 2 flat PROPN Ruiz I-PERSON
and 5 cc CCONJ and
Chile 2 conj PROPN Chile
met 6 ROOT VERB meet
Peru 6 obj PROPN Peru
. 6 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Ana Ruiz", "memberOf", "Chile", "Positive") in got
    assert not any({s, o} == {"Ana Ruiz", "Chile"} and r != "memberOf" for s, r, o, _ in got)
    assert ("Chile", "meetsWith", "Peru", "Positive") in got or ("Peru", "meetsWith", "Chile", "Positive") in got


def test_event_noun_subject_acts_through_its_agent():
    # "Chilean assaults hit Peruvian positions ."  (the assaults are Chile's doing)
    doc = parsed("""
Chilean 1 amod ADJ Chilean
assaults 2 nsubj NOUN assault
hit 2 ROOT VERB hit
Peruvian 4 amod ADJ Peruvian
positions 2 obj NOUN position
. 2 punct PUNCT .
""")
    assert ("Chile", "strikes", "Peru", "Positive") in claims_of(doc)
    # a noun that names no event gives no agent: "Chilean tourists hit Peruvian positions ." says nothing of Chile
    doc = parsed("""
Chilean 1 amod ADJ Chilean
tourists 2 nsubj NOUN tourist
hit 2 ROOT VERB hit
Peruvian 4 amod ADJ Peruvian
positions 2 obj NOUN position
. 2 punct PUNCT .
""")
    assert not any(c.subject == "Chile" for c in doc._.newskg_claims)


def test_aimed_event_takes_the_nouns_relation_and_agent():
    # "Chilean assaults aimed at Peru continued ."  (reduced relative on the event noun)
    doc = parsed("""
Chilean 1 amod ADJ Chilean
assaults 5 nsubj NOUN assault
aimed 1 acl VERB aim O VBN
at 4 case ADP at
Peru 2 obl PROPN Peru
continued 5 ROOT VERB continue
. 5 punct PUNCT .
""")
    assert ("Chile", "strikes", "Peru", "Positive") in claims_of(doc)
    # "Chilean tourists aimed at Peru ..." is no event
    doc = parsed("""
Chilean 1 amod ADJ Chilean
tourists 5 nsubj NOUN tourist
aimed 1 acl VERB aim O VBN
at 4 case ADP at
Peru 2 obl PROPN Peru
continued 5 ROOT VERB continue
. 5 punct PUNCT .
""")
    assert not claims_of(doc)


def test_participle_adjunct_is_said_of_the_main_subject_outside_its_negation():
    # "Backed by Chile , Bolivia refused to withdraw ."
    doc = parsed("""
Backed 5 advcl VERB back O VBN
by 2 case ADP by
Chile 0 obl PROPN Chile
, 0 punct PUNCT ,
Bolivia 5 nsubj PROPN Bolivia
refused 5 ROOT VERB refuse
to 7 mark PART to
withdraw 5 xcomp VERB withdraw
. 5 punct PUNCT .
""")
    assert ("Chile", "supports", "Bolivia", "Positive") in claims_of(doc)
    assert ("Bolivia", "supports", "Bolivia", "Positive") not in claims_of(doc)


def test_object_coordinated_across_adjuncts_hangs_on_the_verb():
    # "Chile met Peru in Lima and Bolivia in La Paz ."  (the parser hangs 'Bolivia' on 'met')
    doc = parsed("""
Chile 1 nsubj PROPN Chile
met 1 ROOT VERB meet
Peru 1 obj PROPN Peru
in 4 case ADP in
Lima 1 obl PROPN Lima
and 6 cc CCONJ and
Bolivia 1 conj PROPN Bolivia
in 8 case ADP in
Tacna 6 nmod PROPN Tacna
. 1 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Chile", "meetsWith", "Peru", "Positive") in got
    assert ("Chile", "meetsWith", "Bolivia", "Positive") in got


def test_event_noun_subject_of_an_occurring_verb_takes_its_between_parties():
    # "Clashes erupted between Chile and Peru ."
    doc = parsed("""
Clashes 1 nsubj NOUN clash
erupted 1 ROOT VERB erupt
between 3 case ADP between
Chile 1 obl PROPN Chile
and 5 cc CCONJ and
Peru 3 conj PROPN Peru
. 1 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Chile", "strikes", "Peru", "Positive") in got and ("Peru", "strikes", "Chile", "Positive") in got


def test_predicate_adjective_frames():
    # "Chile is hostile to Peru ."   (an ADJ frame of the lexicon, read like a verb)
    doc = parsed("""
Chile 2 nsubj PROPN Chile
is 2 cop AUX be
hostile 2 ROOT ADJ hostile
to 4 case ADP to
Peru 2 obl PROPN Peru
. 2 punct PUNCT .
""")
    assert ("Chile", "opposes", "Peru", "Positive") in claims_of(doc)


def test_accompaniment_marker_on_the_verbs_object_is_coordination_not_a_meeting():
    # "Chile sponsored the talks along with Peru ."  ('along with Peru' hung on 'talks')
    doc = parsed("""
Chile 1 nsubj PROPN Chile
sponsored 1 ROOT VERB sponsor
the 3 det DET the
talks 1 obj NOUN talk
along 6 case ADP along
with 6 case ADP with
Peru 3 nmod PROPN Peru
. 1 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Chile", "coordinatesWith", "Peru", "Positive") in got
    assert not any(r == "meetsWith" for _, r, _, _ in got)
    # undergoing something together is not acting together: "Chile , along with Peru , was excluded ."
    doc = parsed("""
Chile 6 nsubj:pass PROPN Chile
, 3 punct PUNCT ,
along 3 case ADP along
with 3 case ADP with
Peru 6 obl PROPN Peru
, 3 punct PUNCT ,
was 6 aux:pass AUX be
excluded 6 ROOT VERB exclude
. 6 punct PUNCT .
""".replace("was 6 aux:pass AUX be\nexcluded 6", "was 7 aux:pass AUX be\nexcluded 7").replace(
        "Chile 6 nsubj:pass", "Chile 7 nsubj:pass").replace("Peru 6 obl", "Peru 7 obl").replace(". 6 punct", ". 7 punct"))
    assert not any(r == "coordinatesWith" for _, r, _, _ in claims_of(doc))


def test_joint_adverb_makes_its_subjects_partners():
    # "Chile and Peru jointly pressed Bolivia ."
    doc = parsed("""
Chile 4 nsubj PROPN Chile
and 2 cc CCONJ and
Peru 0 conj PROPN Peru
jointly 4 advmod ADV jointly
pressed 4 ROOT VERB press
Bolivia 4 obj PROPN Bolivia
. 4 punct PUNCT .
""")
    assert ("Chile", "coordinatesWith", "Peru", "Positive") in claims_of(doc) or \
        ("Peru", "coordinatesWith", "Chile", "Positive") in claims_of(doc)
    # one subject alone: "Chile jointly pressed Bolivia ." pairs nobody
    doc = parsed("""
Chile 2 nsubj PROPN Chile
jointly 2 advmod ADV jointly
pressed 2 ROOT VERB press
Bolivia 2 obj PROPN Bolivia
. 2 punct PUNCT .
""")
    assert not any(r == "coordinatesWith" for _, r, _, _ in claims_of(doc))


def test_frame_preposition_hung_on_the_object_belongs_to_the_verb():
    # "Chile took back the town from Peru ."  ('from Peru' parsed as a modifier of 'town')
    doc = parsed("""
Chile 1 nsubj PROPN Chile
took 1 ROOT VERB take
back 1 advmod ADV back
the 4 det DET the
town 1 obj NOUN town
from 6 case ADP from
Peru 4 nmod PROPN Peru
. 1 punct PUNCT .
""")
    assert ("Chile", "strikes", "Peru", "Positive") in claims_of(doc)


def test_double_object_idiom_takes_the_other_object():
    # "Chile dealt Peru a blow ." is no frame of ours; "Chile delivered Peru a rebuke ." is (deliver + rebuke)
    doc = parsed("""
Chile 1 nsubj PROPN Chile
delivered 1 ROOT VERB deliver
Peru 1 iobj PROPN Peru
a 4 det DET a
rebuke 1 obj NOUN rebuke
. 1 punct PUNCT .
""")
    assert ("Chile", "opposes", "Peru", "Positive") in claims_of(doc)


def test_handing_participle_on_an_event_noun():
    # "Aid provided to Bolivia by Chile has grown ."
    doc = parsed("""
Aid 6 nsubj NOUN aid
provided 0 acl VERB provide O VBN
to 3 case ADP to
Bolivia 1 obl PROPN Bolivia
by 5 case ADP by
Chile 1 obl PROPN Chile
has 6 aux AUX have
grown 6 ROOT VERB grow
. 6 punct PUNCT .
""".replace("has 6 aux AUX have\ngrown 6 ROOT", "has 7 aux AUX have\ngrown 7 ROOT").replace(
        "Aid 6 nsubj", "Aid 7 nsubj").replace(". 6 punct", ". 7 punct"))
    assert ("Chile", "supports", "Bolivia", "Positive") in claims_of(doc)


def test_participle_on_an_event_noun_is_said_of_the_events_agent():
    # "Bolivia advanced in an offensive backed by Chile ."  (whose offensive: the clause's subject's)
    doc = parsed("""
Bolivia 1 nsubj PROPN Bolivia
advanced 1 ROOT VERB advance
in 4 case ADP in
an 4 det DET an
offensive 1 obl NOUN offensive
backed 4 acl VERB back O VBN
by 7 case ADP by
Chile 5 obl:agent PROPN Chile
. 1 punct PUNCT .
""")
    assert ("Chile", "supports", "Bolivia", "Positive") in claims_of(doc)


def test_rebel_word_named_by_a_country_is_that_countrys_rebel_side():
    # "Chile armed Yemeni rebels ."  (the bundled data lists the Houthis as Yemen's rebel side)
    doc = parsed("""
Chile 1 nsubj PROPN Chile
armed 1 ROOT VERB arm
Yemeni 3 amod ADJ Yemeni
rebels 1 obj NOUN rebel
. 1 punct PUNCT .
""")
    assert ("Chile", "supports", "Houthis", "Positive") in claims_of(doc)
    # a country with no rebel side listed gives no rebel actor: "Chile armed Peruvian rebels ."
    doc = parsed("""
Chile 1 nsubj PROPN Chile
armed 1 ROOT VERB arm
Peruvian 3 amod ADJ Peruvian
rebels 1 obj NOUN rebel
. 1 punct PUNCT .
""")
    assert not any(c.object == "Houthis" for c in doc._.newskg_claims)


def test_past_verb_read_as_a_modifier_of_a_root_noun():
    # "Chile shelled Peruvian positions ."  parsed verbless: 'shelled' an amod of the root 'positions'
    doc = parsed("""
Chile 3 nsubj PROPN Chile
shelled 3 amod VERB shell O VBD
Peruvian 3 amod ADJ Peruvian
positions 3 ROOT NOUN position
. 3 punct PUNCT .
""")
    assert ("Chile", "strikes", "Peru", "Positive") in claims_of(doc)


def test_names_in_a_clause_hung_on_a_root_name_are_not_its_conjuncts():
    # "Chile , which backs Peru , and Bolivia plan talks ."  (parsed with 'plan' a conjunct of the root 'Chile')
    doc = parsed("""
Chile 0 ROOT PROPN Chile
, 3 punct PUNCT ,
which 3 nsubj PRON which
backs 0 acl:relcl VERB back
Peru 3 obj PROPN Peru
, 8 punct PUNCT ,
and 8 cc CCONJ and
Bolivia 8 nsubj PROPN Bolivia
plan 0 conj VERB plan
talks 8 obj NOUN talk
. 0 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Chile", "supports", "Peru", "Positive") in got
    assert ("Bolivia", "supports", "Peru", "Positive") not in got


def test_title_with_an_of_phrase_stands_for_the_named_holder():
    # "Ana Ruiz met Secretary of State Evo Morales ."  ('Evo Morales' hangs on 'Secretary' as an of-phrase)
    doc = parsed("""
Michelle 2 nsubj PROPN Michelle O NNP
Bachelet 0 flat PROPN Bachelet O NNP
met 2 ROOT VERB meet
Secretary 2 obj PROPN Secretary
of 7 case ADP of
State 7 nmod:desc PROPN State
Evo 3 nmod PROPN Evo O NNP
Morales 6 flat PROPN Morales O NNP
. 2 punct PUNCT .
""".replace("Michelle 2 nsubj PROPN Michelle O NNP\nBachelet 0 flat", "Michelle 2 nsubj PROPN Michelle B-PERSON NNP\nBachelet 0 flat").replace(
        "Bachelet 0 flat PROPN Bachelet O NNP", "Bachelet 0 flat PROPN Bachelet I-PERSON NNP").replace(
        "Evo 3 nmod PROPN Evo O NNP", "Evo 3 nmod PROPN Evo B-PERSON NNP").replace(
        "Morales 6 flat PROPN Morales O NNP", "Morales 6 flat PROPN Morales I-PERSON NNP"))
    assert ("Michelle Bachelet", "meetsWith", "Evo Morales", "Positive") in claims_of(doc)


def test_gerund_complement_takes_the_main_subject():
    # "Peru denied arming the rebels of the Zorvan Front" — here: "Peru denied arming Bolivia ."
    doc = parsed("""
Peru 1 nsubj PROPN Peru
denied 1 ROOT VERB deny
arming 1 ccomp VERB arm O VBG
Bolivia 2 obj PROPN Bolivia
. 1 punct PUNCT .
""")
    assert ("Peru", "supports", "Bolivia", "Negative") in claims_of(doc)


def test_object_relative_pronoun_is_the_modified_noun():
    # "Bolivia , which Chile arms , attacked Peru ."
    doc = parsed("""
Bolivia 6 nsubj PROPN Bolivia
, 4 punct PUNCT ,
which 4 obj PRON which
Chile 4 nsubj PROPN Chile
arms 0 acl:relcl VERB arm
, 4 punct PUNCT ,
attacked 6 ROOT VERB attack
Peru 6 obj PROPN Peru
. 6 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Chile", "supports", "Bolivia", "Positive") in got
    assert ("Bolivia", "strikes", "Peru", "Positive") in got


def test_event_noun_passive_subject_of_a_performing_verb_is_done_by_its_agent():
    # "The attack on Chile was carried out by Peru ."
    doc = parsed("""
The 1 det DET the
attack 5 nsubj:pass NOUN attack
on 3 case ADP on
Chile 1 nmod PROPN Chile
was 5 aux:pass AUX be
carried 5 ROOT VERB carry O VBN
out 5 compound:prt ADP out
by 8 case ADP by
Peru 5 obl:agent PROPN Peru
. 5 punct PUNCT .
""")
    assert ("Peru", "strikes", "Chile", "Positive") in claims_of(doc)


def test_reciprocal_verb_with_two_subjects_sets_each_against_the_other():
    # "Chile and Peru clashed ."  vs  "Chile and Peru attacked ." (no reciprocal verb: nothing)
    rows = """
Chile 3 nsubj PROPN Chile
and 2 cc CCONJ and
Peru 0 conj PROPN Peru
{verb} 3 ROOT VERB {lemma}
. 3 punct PUNCT .
"""
    got = claims_of(parsed(rows.format(verb="clashed", lemma="clash")))
    assert ("Chile", "strikes", "Peru", "Positive") in got and ("Peru", "strikes", "Chile", "Positive") in got
    assert not claims_of(parsed(rows.format(verb="attacked", lemma="attack")))


def test_leader_of_an_event_is_its_agent():
    # "Peru joined a Chilean - led campaign against Bolivia ."
    doc = parsed("""
Peru 1 nsubj PROPN Peru
joined 1 ROOT VERB join
a 6 det DET a
Chilean 5 compound ADJ Chilean
- 3 punct PUNCT -
led 6 amod VERB lead O VBN
campaign 1 obj NOUN campaign
against 8 case ADP against
Bolivia 6 nmod PROPN Bolivia
. 1 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Chile", "strikes", "Bolivia", "Positive") in got or ("Chile", "opposes", "Bolivia", "Positive") in got


def test_subject_of_a_verb_of_undergoing_is_the_events_target():
    # "Peru suffered attacks by Chile ."   vs "Peru planned attacks by Chile ." (no undergoing verb)
    rows = """
Peru 1 nsubj PROPN Peru
{verb} 1 ROOT VERB {lemma}
attacks 1 obj NOUN attack
by 4 case ADP by
Chile 2 nmod PROPN Chile
. 1 punct PUNCT .
"""
    assert ("Chile", "strikes", "Peru", "Positive") in claims_of(parsed(rows.format(verb="suffered", lemma="suffer")))
    assert ("Chile", "strikes", "Peru", "Positive") not in claims_of(parsed(rows.format(verb="planned", lemma="plan")))


def test_performed_event_takes_its_of_phrase_as_target_even_with_the_preposition_on_a_compound():
    # "Chile stepped up shelling of Shining Path positions ."  ('of' hung on the first compound word)
    doc = parsed("""
Chile 1 nsubj PROPN Chile
stepped 1 ROOT VERB step
up 1 compound:prt ADP up
shelling 1 obj NOUN shelling
of 6 case ADP of
Bolivian 6 compound ADJ Bolivian
positions 3 nmod NOUN position
. 1 punct PUNCT .
""".replace("of 6 case ADP of", "of 5 case ADP of"))
    got = claims_of(doc)
    assert ("Chile", "strikes", "Bolivia", "Positive") in got
    assert not any(r == "coordinatesWith" for _, r, _, _ in got)


def test_affiliation_link_makes_the_modified_group_the_member():
    # "The Chile - affiliated Shining Path attacked Peru ."  → Shining Path memberOf Chile (not the reverse)
    doc = parsed("""
The 4 det DET the
Chile 3 compound PROPN Chile
- 1 punct PUNCT -
affiliated 4 amod VERB affiliate O VBN
Bolivia 5 nsubj PROPN Bolivia
attacked 5 ROOT VERB attack
Peru 5 obj PROPN Peru
. 5 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Bolivia", "memberOf", "Chile", "Positive") in got
    assert ("Chile", "memberOf", "Bolivia", "Positive") not in got


def test_speaker_opposes_who_they_say_is_behind_a_deed():
    # "Chile said Peru was behind the attacks ."   vs the narrator's own "Peru was behind the attacks ."
    doc = parsed("""
Chile 1 nsubj PROPN Chile
said 1 ROOT VERB say
Peru 6 nsubj PROPN Peru
was 6 cop AUX be
behind 6 case ADP behind
the 6 det DET the
attacks 1 ccomp NOUN attack
. 1 punct PUNCT .
""")
    assert ("Chile", "opposes", "Peru", "Positive") in claims_of(doc)
    doc = parsed("""
Peru 4 nsubj PROPN Peru
was 4 cop AUX be
behind 4 case ADP behind
the 4 det DET the
attacks 4 ROOT NOUN attack
. 4 punct PUNCT .
""")
    assert not any(c.relation == "opposes" for c in doc._.newskg_claims)


def test_passive_handing_verb_with_a_retained_object():
    # "Peru was sent arms by Chile ."   → Chile supports Peru; "Peru was sent home ." gives nothing
    doc = parsed("""
Peru 2 nsubj:pass PROPN Peru
was 2 aux:pass AUX be
sent 2 ROOT VERB send O VBN
arms 2 obj NOUN arm
by 5 case ADP by
Chile 2 obl PROPN Chile
. 2 punct PUNCT .
""")
    assert ("Chile", "supports", "Peru", "Positive") in claims_of(doc)
    doc = parsed("""
Peru 2 nsubj:pass PROPN Peru
was 2 aux:pass AUX be
sent 2 ROOT VERB send O VBN
home 2 advmod ADV home
. 2 punct PUNCT .
""")
    assert not claims_of(doc)


def test_marked_noun_on_the_side_of():
    # "Chile 's intervention on the side of Peru angered Bolivia ."
    doc = parsed("""
Chile 2 nmod:poss PROPN Chile
's 0 case PART 's
intervention 9 nsubj NOUN intervention
on 5 case ADP on
the 5 det DET the
side 2 nmod NOUN side
of 7 case ADP of
Peru 5 nmod PROPN Peru
angered 8 ROOT VERB anger
Bolivia 8 obj PROPN Bolivia
. 8 punct PUNCT .
""".replace("intervention 9 nsubj", "intervention 8 nsubj"))
    assert ("Chile", "supports", "Peru", "Positive") in claims_of(doc)


def test_relative_clause_on_an_event_noun_is_said_of_the_events_agent():
    # "Chile joined the war with a campaign that helped Peru ."  (whose campaign: Chile's, the clause's subject)
    doc = parsed("""
Chile 1 nsubj PROPN Chile
joined 1 ROOT VERB join
the 3 det DET the
war 1 obj NOUN war
with 6 case ADP with
a 6 det DET a
campaign 1 obl NOUN campaign
that 8 nsubj PRON that
helped 6 acl:relcl VERB help
Peru 8 obj PROPN Peru
. 1 punct PUNCT .
""")
    assert ("Chile", "supports", "Peru", "Positive") in claims_of(doc)


def test_a_partitive_passes_its_subject_to_the_relational_noun():
    doc = parsed("""
Iran 2 nsubj PROPN Iran
is 2 cop AUX be
one 2 ROOT NUM one
of 6 case ADP of
Hamas 6 nmod:poss PROPN Hamas
's 4 case PART 's
allies 2 nmod NOUN ally
. 2 punct PUNCT .
Qatar 8 ROOT PROPN Qatar
, 10 punct PUNCT ,
one 8 appos NUM one
of 13 case ADP of
the 13 det DET the
backers 10 nmod NOUN backer
of 16 case ADP of
the 16 det DET the
Houthis 13 nmod PROPN Houthis
. 8 punct PUNCT .
""")
    assert ("Iran", "supports", "Hamas", "Positive") in claims_of(doc)
    assert ("Qatar", "supports", "Houthis", "Positive") in claims_of(doc)
    # a quantity with no relational noun says nothing
    other = parsed("""
Iran 2 nsubj PROPN Iran
is 2 cop AUX be
one 2 ROOT NUM one
of 6 case ADP of
Hamas 6 nmod:poss PROPN Hamas
's 4 case PART 's
neighbours 2 nmod NOUN neighbour
. 2 punct PUNCT .
""")
    assert not claims_of(other)


def test_a_second_gerund_read_as_a_noun_conjunct_takes_the_objects_after_it():
    # 'Iran closed the session praising Hamas and skewering Egypt', with 'skewering' parsed as a noun
    # coordinated with 'Hamas' and 'Egypt' left as an object of 'praising'
    doc = parsed("""
Iran 1 nsubj PROPN Iran
closed 1 ROOT VERB close
the 3 det DET the
session 1 obj NOUN session
praising 1 advcl VERB praise
Hamas 4 obj PROPN Hamas
and 7 cc CCONJ and
skewering 5 conj NOUN skewering O NN
Egypt 4 obj PROPN Egypt
. 1 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Iran", "supports", "Hamas", "Positive") in got
    assert ("Iran", "opposes", "Egypt", "Positive") in got
    assert ("Iran", "supports", "Egypt", "Positive") not in got


def test_a_relation_noun_with_a_handing_participle_takes_its_receiver_and_giver():
    # 'Egypt condemned the support given to Hamas by Iran and Qatar', the by-phrase hung on 'Hamas'
    doc = parsed("""
Egypt 1 nsubj PROPN Egypt
condemned 1 ROOT VERB condemn
the 3 det DET the
support 1 obj NOUN support
given 3 acl VERB give O VBN
to 6 case ADP to
Hamas 4 obl PROPN Hamas
by 8 case ADP by
Iran 6 nmod PROPN Iran
and 10 cc CCONJ and
Qatar 8 conj PROPN Qatar
. 1 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Iran", "supports", "Hamas", "Positive") in got
    assert ("Qatar", "supports", "Hamas", "Positive") in got
    assert not any(s == "Egypt" and r == "supports" for s, r, _, _ in got)


def test_an_infinitive_after_an_event_noun_is_the_events_agents_purpose_wherever_it_hangs():
    # 'Talks were held despite Iranian raids to shore up Hamas', the infinitive hung on 'held'
    doc = parsed("""
Talks 2 nsubj:pass NOUN talk
were 2 aux:pass AUX be
held 2 ROOT VERB hold O VBN
despite 5 case ADP despite
Iranian 5 amod ADJ Iranian
raids 2 obl NOUN raid
to 7 mark PART to
bolster 2 advcl VERB bolster
Hamas 7 obj PROPN Hamas
. 2 punct PUNCT .
""")
    assert ("Iran", "supports", "Hamas", "Positive") in claims_of(doc)
    # a plain noun before the infinitive lends no agent
    other = parsed("""
Talks 2 nsubj:pass NOUN talk
were 2 aux:pass AUX be
held 2 ROOT VERB hold O VBN
in 5 case ADP in
Iranian 5 amod ADJ Iranian
towns 2 obl NOUN town
to 7 mark PART to
bolster 2 advcl VERB bolster
Hamas 7 obj PROPN Hamas
. 2 punct PUNCT .
""")
    assert not any(s == "Iran" for s, _, _, _ in claims_of(other))


def test_a_list_item_parsed_as_an_apposition_of_the_first_is_a_conjunct():
    # 'Iran met Vladimir Putin, Hassan Nasrallah and Bashar al-Assad' with Nasrallah hung as Putin's apposition
    doc = parsed("""
Iran 1 nsubj PROPN Iran
met 1 ROOT VERB meet
Vladimir 1 obj PROPN Vladimir B-PERSON
Putin 2 flat PROPN Putin I-PERSON
, 5 punct PUNCT ,
Hassan 2 appos PROPN Hassan B-PERSON
Nasrallah 5 flat PROPN Nasrallah I-PERSON
and 8 cc CCONJ and
Bashar 2 conj PROPN Bashar B-PERSON
al-Assad 8 flat PROPN al-Assad I-PERSON
. 1 punct PUNCT .
""")
    got = {o for s, r, o, _ in claims_of(doc) if s == "Iran" and r == "meetsWith"}
    assert {"Vladimir Putin", "Hassan Nasrallah", "Bashar al-Assad"} <= got


def test_a_relational_noun_is_said_only_of_what_it_names_not_of_the_clause_subject():
    doc = parsed("""
Iran 1 nsubj PROPN Iran
armed 1 ROOT VERB arm
the 3 det DET the
enemies 1 obj NOUN enemy
of 5 case ADP of
Hamas 3 nmod PROPN Hamas
. 1 punct PUNCT .
Egypt 10 nsubj PROPN Egypt
is 10 cop AUX be
an 10 det DET a
enemy 10 ROOT NOUN enemy
of 12 case ADP of
Hamas 10 nmod PROPN Hamas
. 10 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Iran", "opposes", "Hamas", "Positive") not in got      # the enemies oppose Hamas, not Iran
    assert ("Egypt", "opposes", "Hamas", "Positive") in got


def test_a_flattened_list_reads_through_a_titles_modifiers_to_the_name():
    # 'Iran met Hamas and Israeli Prime Minister Benjamin Netanyahu', flattened under 'Hamas'
    doc = parsed("""
Iran 1 nsubj PROPN Iran
met 1 ROOT VERB meet
Hamas 1 obj PROPN Hamas
and 8 cc CCONJ and
Israeli 7 amod ADJ Israeli
Prime 6 amod ADJ prime
Minister 7 compound PROPN Minister
Benjamin 2 flat PROPN Benjamin B-PERSON
Netanyahu 7 flat PROPN Netanyahu I-PERSON
. 1 punct PUNCT .
""")
    got = {o for s, r, o, _ in claims_of(doc) if s == "Iran" and r == "meetsWith"}
    assert "Benjamin Netanyahu" in got
    assert "Israel" not in got        # the demonym is the title's, not a third party


def test_who_demands_or_says_someone_must_step_down_opposes_him():
    doc = parsed("""
Hamas 1 nsubj PROPN Hamas
demands 1 ROOT VERB demand
that 4 mark SCONJ that
Rouhani 4 nsubj PROPN Rouhani
step 1 ccomp VERB step
down 4 compound:prt ADP down
. 1 punct PUNCT .
Egypt 8 nsubj PROPN Egypt
called 8 ROOT VERB call
on 10 case ADP on
Rouhani 8 obl PROPN Rouhani
to 12 mark PART to
resign 8 advcl VERB resign
. 8 punct PUNCT .
Iran 15 nsubj PROPN Iran
said 15 ROOT VERB say
Rouhani 17 nsubj PROPN Rouhani
resigned 15 ccomp VERB resign
. 15 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Hamas", "opposes", "Hassan Rouhani", "Positive") in got
    assert ("Egypt", "opposes", "Hassan Rouhani", "Positive") in got
    assert ("Iran", "opposes", "Hassan Rouhani", "Positive") not in got     # news of a resignation is no demand


def test_a_relative_clause_on_a_predicate_nominal_is_said_of_its_subject():
    doc = parsed("""
Qatar 4 nsubj PROPN Qatar
is 4 cop AUX be
among 4 case ADP among
the 4 det DET the
states 4 ROOT NOUN state
that 6 nsubj PRON that
arm 4 acl:relcl VERB arm
Hamas 6 obj PROPN Hamas
. 4 punct PUNCT .
""")
    assert ("Qatar", "supports", "Hamas", "Positive") in claims_of(doc)


def test_a_perfect_whose_auxiliary_was_read_as_owning_the_object_keeps_its_subject():
    # 'Iranian shelling has for weeks targeted Hamas positions', 'has' parsed as the main verb
    doc = parsed("""
Iranian 1 amod ADJ Iranian
shelling 2 nsubj NOUN shelling
has 2 ROOT VERB have
for 4 case ADP for
weeks 7 compound NOUN week
targeted 7 amod VERB target O VBN
Hamas 7 compound PROPN Hamas
positions 2 obj NOUN position
. 2 punct PUNCT .
""")
    assert ("Iran", "strikes", "Hamas", "Positive") in claims_of(doc)


def test_a_relational_noun_after_predicative_as_is_said_of_the_verbs_subject():
    doc = parsed("""
Qatar 1 nsubj PROPN Qatar
emerged 1 ROOT VERB emerge
as 5 case ADP as
the 5 det DET the
main 5 amod ADJ main
backer 1 obl NOUN backer
of 7 case ADP of
Hamas 5 nmod PROPN Hamas
. 1 punct PUNCT .
""")
    assert ("Qatar", "supports", "Hamas", "Positive") in claims_of(doc)


def test_a_with_phrase_beside_an_against_phrase_is_a_partner():
    doc = parsed("""
Hezbollah 1 nsubj PROPN Hezbollah
fought 1 ROOT VERB fight
with 3 case ADP with
Iran 1 obl PROPN Iran
against 5 case ADP against
Israel 1 obl PROPN Israel
. 1 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Hezbollah", "coordinatesWith", "Iran", "Positive") in got or \
        ("Iran", "coordinatesWith", "Hezbollah", "Positive") in got
    assert ("Hezbollah", "opposes", "Israel", "Positive") in got
    assert ("Hezbollah", "opposes", "Iran", "Positive") not in got


def test_two_subjects_calling_on_an_unnamed_party_are_not_meeting_each_other():
    doc = parsed("""
Egypt 3 nsubj PROPN Egypt
and 2 cc CCONJ and
Qatar 0 conj PROPN Qatar
called 3 ROOT VERB call
on 6 case ADP on
the 6 det DET the
junta 3 obl NOUN junta
to 8 mark PART to
step 3 xcomp VERB step
back 8 advmod ADV back
. 3 punct PUNCT .
""")
    assert not any(r == "meetsWith" for _, r, _, _ in claims_of(doc))


def test_an_intention_nouns_owner_does_what_its_copular_infinitive_says():
    doc = parsed("""
Iran 2 nmod:poss PROPN Iran
's 0 case PART 's
aim 5 nsubj:outer NOUN aim
is 5 cop AUX be
to 5 mark PART to
defeat 5 ROOT VERB defeat
Hamas 5 obj PROPN Hamas
. 5 punct PUNCT .
""")
    assert ("Iran", "opposes", "Hamas", "Positive") in claims_of(doc)


def test_relations_said_to_be_bad_are_mutual_hostility():
    doc = parsed("""
Iran 2 nmod:poss PROPN Iran
's 0 case PART 's
ties 8 nsubj NOUN tie
with 5 case ADP with
its 5 nmod:poss PRON its
neighbour 2 nmod NOUN neighbour
Iraq 5 nmod PROPN Iraq
are 8 cop AUX be
strained 8 ROOT ADJ strained
. 8 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Iran", "opposes", "Iraq", "Positive") in got and ("Iraq", "opposes", "Iran", "Positive") in got
    calm = parsed("""
Iran 2 nmod:poss PROPN Iran
's 0 case PART 's
ties 5 nsubj NOUN tie
with 4 case ADP with
Iraq 2 nmod PROPN Iraq
are 5 cop AUX be
warm 5 ROOT ADJ warm
. 5 punct PUNCT .
""")
    assert not any(r == "opposes" for _, r, _, _ in claims_of(calm))


def test_a_hostile_idioms_that_clause_names_whom_it_is_about():
    # 'Egypt voiced concern that conditions in Qatar had worsened', 'concern' labelled xcomp by the parser
    doc = parsed("""
Egypt 1 nsubj PROPN Egypt
voiced 1 ROOT VERB voice
concern 1 xcomp NOUN concern
that 8 mark SCONJ that
conditions 8 nsubj NOUN condition
in 6 case ADP in
Qatar 4 nmod PROPN Qatar
had 8 aux AUX have
worsened 2 acl VERB worsen
. 1 punct PUNCT .
""")
    assert ("Egypt", "opposes", "Qatar", "Positive") in claims_of(doc)


def test_a_fronted_participle_parsed_as_root_hands_its_by_agents_to_the_main_subject():
    # 'Backed by Iran and Qatar, Hamas refused', parsed with 'Backed' the root and 'refused' its parataxis
    doc = parsed("""
Backed 0 ROOT VERB back O VBN
by 2 case ADP by
Iran 0 obl PROPN Iran
and 4 cc CCONJ and
Qatar 2 conj PROPN Qatar
, 7 punct PUNCT ,
Hamas 7 nsubj PROPN Hamas
refused 0 parataxis VERB refuse
. 0 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Iran", "supports", "Hamas", "Positive") in got
    assert ("Qatar", "supports", "Hamas", "Positive") in got


def test_a_post_noun_names_only_its_holder():
    # "Chile met the leader of Peru ." : meeting a leader does not make the subject one
    doc = parsed("""
Chile 1 nsubj PROPN Chile
met 1 ROOT VERB meet
the 3 det DET the
leader 1 obj NOUN leader
of 5 case ADP of
Peru 3 nmod PROPN Peru
. 1 punct PUNCT .
""")
    assert ("Chile", "meetsWith", "Peru", "Positive") in claims_of(doc)
    assert ("Chile", "leads", "Peru", "Positive") not in claims_of(doc)


def test_a_possessed_ally_is_a_two_way_tie_and_a_backer_one_way():
    # "Iran 's ally Hezbollah spoke ." with 'ally' parsed as a modifier of the name, which carries the possessor
    doc = parsed("""
Iran 3 nmod:poss PROPN Iran
's 0 case PART 's
ally 3 compound NOUN ally
Hezbollah 4 nsubj PROPN Hezbollah
spoke 4 ROOT VERB speak
. 4 punct PUNCT .
""")
    assert {("Hezbollah", "supports", "Iran", "Positive"), ("Iran", "supports", "Hezbollah", "Positive")} <= claims_of(doc)
    # "Chile praised Peru 's backer , Bolivia ." : the backer supports its owner, not the other way round
    doc = parsed("""
Chile 1 nsubj PROPN Chile
praised 1 ROOT VERB praise
Peru 4 nmod:poss PROPN Peru
's 2 case PART 's
backer 1 obj NOUN backer
, 6 punct PUNCT ,
Bolivia 4 appos PROPN Bolivia
. 1 punct PUNCT .
""")
    assert ("Bolivia", "supports", "Peru", "Positive") in claims_of(doc)
    assert ("Peru", "supports", "Bolivia", "Positive") not in claims_of(doc)


def test_a_thing_handed_with_a_support_verb_hung_on_the_verbs_object():
    # "Chile provided the PKK with arms ." with 'with arms' parsed as a modifier of 'the PKK'
    doc = parsed("""
Chile 1 nsubj PROPN Chile
provided 1 ROOT VERB provide
the 3 det DET the
PKK 1 obj PROPN PKK
with 5 case ADP with
arms 3 nmod NOUN arm
. 1 punct PUNCT .
""")
    assert ("Chile", "supports", "Kurdistan Workers' Party", "Positive") in claims_of(doc)


def test_a_participle_after_a_comma_hung_on_the_object_is_said_of_the_clauses_subject():
    # "Chile backed the revolt , arming the PKK ." with 'arming' parsed as a modifier of 'the revolt'
    doc = parsed("""
Chile 1 nsubj PROPN Chile
backed 1 ROOT VERB back
the 3 det DET the
revolt 1 obj NOUN revolt
, 5 punct PUNCT ,
arming 3 acl VERB arm O VBG
the 7 det DET the
PKK 5 obj PROPN PKK
. 1 punct PUNCT .
""")
    assert ("Chile", "supports", "Kurdistan Workers' Party", "Positive") in claims_of(doc)


def test_a_purpose_infinitive_on_a_passive_is_the_agents():
    # "The case was brought by Chile to contest Peru 's claims ." : Chile contests them, not the case
    doc = parsed("""
The 1 det DET the
case 3 nsubj:pass NOUN case
was 3 aux:pass AUX be
brought 3 ROOT VERB bring O VBN
by 5 case ADP by
Chile 3 obl:agent PROPN Chile
to 7 mark PART to
contest 3 advcl VERB contest
Peru 10 nmod:poss PROPN Peru
's 8 case PART 's
claims 7 obj NOUN claim
. 3 punct PUNCT .
""")
    assert ("Chile", "opposes", "Peru", "Positive") in claims_of(doc)


def test_a_frames_preposition_hung_on_a_modifier_of_the_object():
    # "Chile retook the town last week from Peru ." with 'from Peru' on 'week', itself a modifier of 'town'
    doc = parsed("""
Chile 1 nsubj PROPN Chile
retook 1 ROOT VERB retake
the 3 det DET the
town 1 obj NOUN town
last 5 amod ADJ last
week 3 nmod:unmarked NOUN week
from 7 case ADP from
Peru 5 nmod PROPN Peru
. 1 punct PUNCT .
""")
    assert ("Chile", "strikes", "Peru", "Positive") in claims_of(doc)


def test_a_speaker_opposes_whom_they_say_a_disparaging_predicate_fits():
    # "Bashar al-Assad said Ana Ruiz was reckless ." : the speaker himself, not his country, opposes her;
    # the narrator's own "Ana Ruiz was reckless ." quotes no one
    doc = parsed("""
Bashar 2 nsubj PROPN Bashar B-PERSON
al-Assad 0 flat PROPN al-Assad I-PERSON
said 2 ROOT VERB say
Ana 6 nsubj PROPN Ana B-PERSON
Ruiz 3 flat PROPN Ruiz I-PERSON
was 6 cop AUX be
reckless 2 ccomp ADJ reckless
. 2 punct PUNCT .
""")
    assert ("Bashar al-Assad", "opposes", "Ana Ruiz", "Positive") in claims_of(doc)
    doc = parsed("""
Ana 3 nsubj PROPN Ana B-PERSON
Ruiz 0 flat PROPN Ruiz I-PERSON
was 3 cop AUX be
reckless 3 ROOT ADJ reckless
. 3 punct PUNCT .
""")
    assert not any(c.relation == "opposes" for c in doc._.newskg_claims)
