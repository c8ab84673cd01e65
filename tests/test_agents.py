"""Generic agents ('rebels', 'government forces', 'the regime') on hand-built parses (kg.extract.agents)."""
from handparse import FOCUS_SYRIA, claims_of, mention_of, parsed



def test_government_forces_are_the_focus_country():
    doc = parsed(FOCUS_SYRIA + """
Government 9 compound NOUN government
forces 10 nsubj NOUN force
shelled 10 ROOT VERB shell
Iraq 10 obj PROPN Iraq
. 10 punct PUNCT .
""")
    assert mention_of(doc, 9) == "Syria" and mention_of(doc, 8) == "Syria"
    assert ("Syria", "strikes", "Iraq", "Positive") in claims_of(doc)


def test_pro_government_forces_split_by_the_tokenizer_are_the_focus_country():
    # 'Pro-government forces shelled Iraq', tokenized 'Pro', '-', 'government' with both prefix pieces hung on
    # 'forces': neither names a kind of its own
    doc = parsed(FOCUS_SYRIA + """
Pro 11 amod ADJ pro
- 11 amod ADJ -
government 11 compound NOUN government
forces 12 nsubj NOUN force
shelled 12 ROOT VERB shell
Iraq 12 obj PROPN Iraq
. 12 punct PUNCT .
""")
    assert mention_of(doc, 11) == "Syria"
    assert ("Syria", "strikes", "Iraq", "Positive") in claims_of(doc)


def test_bare_rebels_are_the_rebel_side_of_the_focus_country():
    doc = parsed(FOCUS_SYRIA + """
Rebels 9 nsubj NOUN rebel
attacked 9 ROOT VERB attack
the 11 det DET the
regime 9 obj NOUN regime
. 9 punct PUNCT .
""")
    assert ("Syrian opposition", "strikes", "Syria", "Positive") in claims_of(doc)


def test_a_named_rebel_group_in_view_wins_and_two_stay_unresolved():
    one = parsed("""
Houthi 1 compound PROPN Houthi
rebels 2 nsubj NOUN rebel
seized 2 ROOT VERB seize
Aden 2 obj PROPN Aden
. 2 punct PUNCT .
Saudi 6 compound PROPN Saudi
jets 7 nsubj NOUN jet
bombed 7 ROOT VERB bomb
the 9 det DET the
rebels 7 obj NOUN rebel
. 7 punct PUNCT .
""")
    assert mention_of(one, 9) == "Houthis"
    assert ("Saudi Arabia", "strikes", "Houthis", "Positive") in claims_of(one)
    two = parsed("""
the 1 det DET the
Houthis 4 nsubj PROPN Houthis
and 3 cc CCONJ and
Hamas 1 conj PROPN Hamas
spoke 4 ROOT VERB speak
. 4 punct PUNCT .
Rebels 7 nsubj NOUN rebel
attacked 7 ROOT VERB attack
Iraq 7 obj PROPN Iraq
. 7 punct PUNCT .
""")
    # Hamas carries no rebel kind: the Houthis are the one rebel group in view
    assert mention_of(two, 6) == "Houthis"
    three = parsed("""
the 1 det DET the
Houthis 4 nsubj PROPN Houthis
and 3 cc CCONJ and
Taliban 1 conj PROPN Taliban
spoke 4 ROOT VERB speak
. 4 punct PUNCT .
Rebels 7 nsubj NOUN rebel
attacked 7 ROOT VERB attack
Iraq 7 obj PROPN Iraq
. 7 punct PUNCT .
""")
    assert mention_of(three, 6) is None
    assert not any(s in ("Houthis", "Taliban") and o == "Iraq" for s, _, o, _ in claims_of(three))


def test_an_indefinite_or_named_kind_word_is_not_a_generic_agent():
    doc = parsed(FOCUS_SYRIA + """
a 9 det DET a
government 10 nsubj NOUN government
attacked 10 ROOT VERB attack
Iraq 10 obj PROPN Iraq
. 10 punct PUNCT .
""")
    assert mention_of(doc, 9) is None
    doc = parsed(FOCUS_SYRIA + """
voiced 8 ROOT VERB voice
opposition 8 obj NOUN opposition
. 8 punct PUNCT .
""")
    assert mention_of(doc, 9) is None


def test_two_countries_tied_for_focus_leave_government_unresolved():
    doc = parsed("""
Syria 1 nsubj PROPN Syria
accused 1 ROOT VERB accuse
Turkey 1 obj PROPN Turkey
. 1 punct PUNCT .
the 5 det DET the
army 6 nsubj NOUN army
shelled 6 ROOT VERB shell
Homs 6 obj PROPN Homs
. 6 punct PUNCT .
""")
    assert mention_of(doc, 5) is None


def test_the_two_countries_are_the_pair_just_named():
    # "Chile and Peru met . The two countries attacked Bolivia ."
    doc = parsed("""
Chile 3 nsubj PROPN Chile
and 2 cc CCONJ and
Peru 0 conj PROPN Peru
met 3 ROOT VERB meet
. 3 punct PUNCT .
The 7 det DET the
two 7 nummod NUM two
countries 8 nsubj NOUN country
attacked 8 ROOT VERB attack
Bolivia 8 obj PROPN Bolivia
. 8 punct PUNCT .
""")
    got = claims_of(doc)
    assert ("Chile", "strikes", "Bolivia", "Positive") in got and ("Peru", "strikes", "Bolivia", "Positive") in got
    # with one country named before, 'the two countries' stays unresolved
    one = parsed("""
Chile 1 nsubj PROPN Chile
spoke 1 ROOT VERB speak
. 1 punct PUNCT .
The 5 det DET the
two 5 nummod NUM two
countries 6 nsubj NOUN country
attacked 6 ROOT VERB attack
Bolivia 6 obj PROPN Bolivia
. 6 punct PUNCT .
""")
    assert mention_of(one, 5) is None


def test_bare_the_two_pairs_the_last_two_of_one_class_and_joining_to_talk_is_meeting():
    # "Chile met Peru . The two will be joined by Bolivia to discuss trade ."
    doc = parsed("""
Chile 1 nsubj PROPN Chile
met 1 ROOT VERB meet
Peru 1 obj PROPN Peru
. 1 punct PUNCT .
The 5 det DET the
two 8 nsubj:pass NUM two
will 8 aux AUX will
be 8 aux:pass AUX be
joined 8 ROOT VERB join
by 10 case ADP by
Bolivia 8 obl:agent PROPN Bolivia
to 12 mark PART to
discuss 8 advcl VERB discuss
trade 12 obj NOUN trade
. 8 punct PUNCT .
""")
    assert {mention_of(doc, 4), mention_of(doc, 5)} == {"Chile", "Peru"}
    got = claims_of(doc)
    assert ("Bolivia", "meetsWith", "Chile", "Positive") in got or ("Chile", "meetsWith", "Bolivia", "Positive") in got
    assert not any(r == "coordinatesWith" for _, r, _, _ in got)


def test_possessive_pronoun_in_a_reported_clause_is_the_reporter():
    # "The Shining Path says the offensive threatens its insurrection against Peru ."
    doc = parsed("""
The 2 det DET the
Shining 2 compound PROPN Shining
Path 3 nsubj PROPN Path
says 3 ROOT VERB say
the 5 det DET the
offensive 6 nsubj NOUN offensive
threatens 3 ccomp VERB threaten
its 8 nmod:poss PRON its
insurrection 6 obj NOUN insurrection
against 10 case ADP against
Peru 8 nmod PROPN Peru
. 3 punct PUNCT .
""")
    assert mention_of(doc, 7) == "Shining Path"
    assert ("Shining Path", "opposes", "Peru", "Positive") in claims_of(doc)
    # with an actor subject in the reported clause the possessor is that subject's, not the reporter's
    doc = parsed("""
The 2 det DET the
Shining 2 compound PROPN Shining
Path 3 nsubj PROPN Path
says 3 ROOT VERB say
Chile 5 nsubj PROPN Chile
lost 3 ccomp VERB lose
its 7 nmod:poss PRON its
way 5 obj NOUN way
. 3 punct PUNCT .
""")
    assert mention_of(doc, 6) != "Shining Path"


def test_a_peoples_name_stands_for_its_one_armed_group_in_the_article():
    doc = parsed("""
the 1 det DET the
YPG 2 nsubj PROPN YPG
holds 2 ROOT VERB hold
Manbij 2 obj PROPN Manbij
. 2 punct PUNCT .
Turkish 6 amod ADJ Turkish
jets 7 nsubj NOUN jet
bombed 7 ROOT VERB bomb
Kurdish 9 amod ADJ Kurdish
fighters 7 obj NOUN fighter
near 12 case ADP near
Kurdish 12 amod ADJ Kurdish
villages 7 obl NOUN village
. 7 punct PUNCT .
Turkey 15 nsubj PROPN Turkey
condemned 15 ROOT VERB condemn
the 17 det DET the
Kurds 15 obj PROPN Kurds O NNPS
. 15 punct PUNCT .
""")
    assert mention_of(doc, 9) == "People's Protection Units"
    assert mention_of(doc, 12) is None                      # 'Kurdish villages' are places, not fighters
    assert mention_of(doc, 17) == "People's Protection Units"
    assert ("Turkey", "strikes", "People's Protection Units", "Positive") in claims_of(doc)
    assert ("Turkey", "opposes", "People's Protection Units", "Positive") in claims_of(doc)


def test_two_armed_groups_of_one_people_in_view_leave_the_reference_unresolved():
    doc = parsed("""
the 1 det DET the
YPG 4 nsubj PROPN YPG
and 3 cc CCONJ and
PKK 1 conj PROPN PKK
met 4 ROOT VERB meet
. 4 punct PUNCT .
Turkish 7 amod ADJ Turkish
jets 8 nsubj NOUN jet
bombed 8 ROOT VERB bomb
Kurdish 10 amod ADJ Kurdish
militia 8 obj NOUN militia
. 8 punct PUNCT .
""")
    assert mention_of(doc, 10) is None
    assert not any(o in ("People's Protection Units", "Kurdistan Workers' Party") and r == "strikes"
                   for _, r, o, _ in claims_of(doc))


def test_an_unnamed_peoples_group_is_the_one_the_data_gives_for_the_demonyms_country_and_those_points_back():
    doc = parsed("""
Turkish 1 amod ADJ Turkish
jets 2 nsubj NOUN jet
bombed 2 ROOT VERB bomb
Syrian 5 amod ADJ Syrian
Kurdish 5 amod ADJ Kurdish
fighters 2 obj NOUN fighter
. 2 punct PUNCT .
Turkey 8 nsubj PROPN Turkey
opposes 8 ROOT VERB oppose
those 10 det DET those
forces 8 obj NOUN force
. 8 punct PUNCT .
""")
    assert mention_of(doc, 5) == "People's Protection Units"      # Syria's Kurdish group in the data
    assert mention_of(doc, 10) == "People's Protection Units"     # 'those forces': the group just named
    assert ("Turkey", "opposes", "People's Protection Units", "Positive") in claims_of(doc)
    assert ("Turkey", "strikes", "Syria", "Positive") not in claims_of(doc)


def test_forces_loyal_to_a_leader_are_his_states_and_to_a_group_the_groups():
    doc = parsed("""
forces 4 nsubj NOUN force
loyal 0 amod ADJ loyal
to 3 case ADP to
Assad 1 obl PROPN Assad
shelled 4 ROOT VERB shell
Idlib 4 obj PROPN Idlib
. 4 punct PUNCT .
fighters 11 nsubj NOUN fighter
allied 7 amod ADJ allied
with 10 case ADP with
Hezbollah 8 obl PROPN Hezbollah
attacked 11 ROOT VERB attack
Israel 11 obj PROPN Israel
. 11 punct PUNCT .
""")
    assert mention_of(doc, 0) == "Syria"
    assert mention_of(doc, 7) == "Hezbollah"
    assert ("Hezbollah", "strikes", "Israel", "Positive") in claims_of(doc)


def test_a_pro_country_rebel_noun_is_an_armed_side_of_its_own_not_the_country():
    doc = parsed("""
Ukraine 1 nsubj PROPN Ukraine
fought 1 ROOT VERB fight
pro 5 amod ADJ pro
- 5 punct PUNCT -
Moscow 5 amod PROPN Moscow
separatists 1 obj NOUN separatist
. 1 punct PUNCT .
""")
    assert mention_of(doc, 4) == "pro-Russian separatists"
    got = claims_of(doc)
    assert ("Ukraine", "opposes", "pro-Russian separatists", "Positive") in got
    assert not any(o == "Russia" for _, _, o, _ in got)


def test_a_possessive_its_right_after_an_oblique_actor_is_that_actors():
    # 'Hamas fought for Iran in its war with Israel': its = Iran (just named), not the subject
    doc = parsed("""
Hamas 1 nsubj PROPN Hamas
fought 1 ROOT VERB fight
for 3 case ADP for
Iran 1 obl PROPN Iran
in 6 case ADP in
its 6 nmod:poss PRON its
war 1 obl NOUN war
with 8 case ADP with
Israel 6 nmod PROPN Israel
. 1 punct PUNCT .
""")
    assert mention_of(doc, 5) == "Iran"
    assert ("Iran", "opposes", "Israel", "Positive") in claims_of(doc)


def test_the_three_leaders_are_the_last_three_named_and_the_two_koreas_the_countries_sharing_the_name():
    doc = parsed("""
Putin 3 nsubj PROPN Putin
, 2 punct PUNCT ,
Erdogan 0 conj PROPN Erdogan
met 3 ROOT VERB meet
Rouhani 3 obj PROPN Rouhani
. 3 punct PUNCT .
the 8 det DET the
three 8 nummod NUM three
leaders 9 nsubj NOUN leader
condemned 9 ROOT VERB condemn
Israel 9 obj PROPN Israel
. 9 punct PUNCT .
talks 13 nsubj NOUN talk
resumed 13 ROOT VERB resume
between 17 case ADP between
the 17 det DET the
two 17 nummod NUM two
Koreas 12 nmod PROPN Koreas O NNPS
. 13 punct PUNCT .
""")
    got = claims_of(doc)
    for leader in ("Vladimir Putin", "Recep Tayyip Erdogan", "Hassan Rouhani"):
        assert (leader, "opposes", "Israel", "Positive") in got
    assert {mention_of(doc, 16), mention_of(doc, 17)} == {"North Korea", "South Korea"}
    assert ("North Korea", "meetsWith", "South Korea", "Positive") in got or \
        ("South Korea", "meetsWith", "North Korea", "Positive") in got


def test_a_pronoun_in_a_reported_clause_is_the_reporter_named_in_apposition_to_a_title():
    # 'The minister, Sergei Lavrov, met Zarif and said he was hopeful'
    doc = parsed("""
The 1 det DET the
minister 10 nsubj NOUN minister
, 3 punct PUNCT ,
Sergei 1 appos PROPN Sergei B-PERSON
Lavrov 3 flat PROPN Lavrov I-PERSON
, 3 punct PUNCT ,
met 10 advcl VERB meet
Javad 6 obj PROPN Javad B-PERSON
Zarif 7 flat PROPN Zarif I-PERSON
and 10 cc CCONJ and
said 10 ROOT VERB say
he 12 nsubj PRON he
hoped 10 ccomp VERB hope
. 10 punct PUNCT .
""")
    assert mention_of(doc, 11) == "Sergey Lavrov"


def test_government_forces_belong_to_the_country_the_sentence_is_set_in_before_the_focus():
    doc = parsed(FOCUS_SYRIA + """
In 9 case ADP in
Iraq 13 obl PROPN Iraq
, 9 punct PUNCT ,
government 12 compound NOUN government
forces 13 nsubj NOUN force
attacked 13 ROOT VERB attack
Hamas 13 obj PROPN Hamas
. 13 punct PUNCT .
""")
    assert mention_of(doc, 12) == "Iraq"          # not Syria, the article's focus
    assert ("Iraq", "strikes", "Hamas", "Positive") in claims_of(doc)


def test_a_place_held_by_a_group_in_a_hyphenated_participle_stands_for_the_group():
    doc = parsed("""
Iran 1 nsubj PROPN Iran
shelled 1 ROOT VERB shell
Hamas 4 compound PROPN Hamas
- 4 punct PUNCT -
held 5 amod VERB hold O VBN
areas 1 obj NOUN area
. 1 punct PUNCT .
""")
    assert ("Iran", "strikes", "Hamas", "Positive") in claims_of(doc)


def test_it_after_a_name_compounded_onto_a_subject_noun_is_that_name():
    # 'Turkey demanded that the YPG militia leave areas it had seized from Hamas': 'it' = the YPG, the nearer
    # subject, though the parser made the name a compound of 'militia' rather than the subject itself
    doc = parsed("""
Turkey 1 nsubj PROPN Turkey
demanded 1 ROOT VERB demand
that 6 mark SCONJ that
the 5 det DET the
YPG 5 compound PROPN YPG
militia 6 nsubj NOUN militia
leave 1 ccomp VERB leave
areas 6 obj NOUN area
it 10 nsubj PRON it
had 10 aux AUX have
seized 7 acl:relcl VERB seize
from 12 case ADP from
Hamas 10 obl PROPN Hamas
. 1 punct PUNCT .
""")
    assert mention_of(doc, 8) == "People's Protection Units"
    assert ("People's Protection Units", "strikes", "Hamas", "Positive") in claims_of(doc)


def test_a_possessive_its_after_a_comma_is_not_the_actor_it_is_apposed_to():
    # 'Chile praised ties with Peru, its closest ally': its = Chile; Peru is the ally, not its owner
    doc = parsed("""
Chile 1 nsubj PROPN Chile
praised 1 ROOT VERB praise
ties 1 obj NOUN tie
with 4 case ADP with
Peru 2 nmod PROPN Peru
, 8 punct PUNCT ,
its 8 nmod:poss PRON its
closest 8 amod ADJ close
ally 4 appos NOUN ally
. 1 punct PUNCT .
""")
    assert mention_of(doc, 6) == "Chile"
