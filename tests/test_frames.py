"""Frame lexicon: the CAMEO converter on an invented dictionary, loading and validation,
merge precedence and the head-lemma index (kg/frames.py, training/convert_cameo.py)."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from kg.extract.frames import Frame, FrameError, FrameIndex, load_frames, merge_frames, parse_frames

ROOT = Path(__file__).parent.parent
MINI = Path(__file__).parent / "fixtures" / "cameo_mini.txt"
LICENCE = "The Invented Licence\n\nPermission is granted to test this converter.\n"


def _converter():
    spec = importlib.util.spec_from_file_location("convert_cameo", ROOT / "training" / "convert_cameo.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["convert_cameo"] = module
    spec.loader.exec_module(module)
    return module


cc = _converter()


def V(lemma, relation, code, with_object=None, obj=None, modality=None):
    """The JSON object the converter writes for a frame."""
    out = {"lemma": lemma, "pos": "VERB", "relation": relation}
    if with_object:
        out["with_object"] = with_object
    if obj:
        out["object"] = obj
    if modality:
        out["modality"] = modality
    out["source"] = f"petrarch2 CAMEO {code}"
    out["cameo"] = code
    return out


EXPECTED = [
    V("berate", "opposes", "111"),
    V("berate", "opposes", "112", with_object="rebuke"),  # the comment names BERATED only
    V("butt", "strikes", "190"),  # 1-1 tie with BUTT [050]: the block's primary code wins
    V("butt", "strikes", "195", with_object="raid"),  # no comment: every verb of the block
    V("confab", "meetsWith", "040"),
    V("confab", "meetsWith", "040", with_object="truce"),  # a repeated line votes once: 1-1, primary wins
    V("holler at", "opposes", "111", obj=["at"]),
    V("lash out", "opposes", "112"),
    V("loiter", "meetsWith", "042"),
    V("parley", "meetsWith", "040"),
    V("parley with", "meetsWith", "042", obj=["with"]),  # paired code 042:043 gives 042
    V("proffer", "coordinatesWith", "030", modality="Intended"),
    V("proffer", "coordinatesWith", "035", with_object="hush", modality="Intended"),
    V("proffer", "coordinatesWith", "035", with_object="lull", modality="Intended"),
    V("scold", "opposes", "111"),
    V("scold back", "opposes", "111", obj=["at"]),  # PARTICLE (PREP)
    V("slay", "strikes", "190"),
    V("slay", "strikes", "195", with_object="raid"),
    V("smash", "strikes", "190"),
    V("smash", "strikes", "194", with_object="ammo"),
    V("smash", "strikes", "190", with_object="attack", obj=["on"]),
    V("smash", "strikes", "190", with_object="blow"),  # bare BLOW beats two {ADJ BLOW} [110]
    V("smash", "strikes", "195", with_object="raid"),
    V("smash", "strikes", "194", with_object="rifle"),
    V("smash", "strikes", "194", with_object="shell"),  # MORTAR_SHELL: the head is the last word
    V("smash into", "strikes", "192", obj=["into"]),
    V("smash off", "strikes", "183", with_object="bomb"),
    V("smash up", "strikes", "183"),
    V("wage", "strikes", "190", with_object="war"),
    V("wipe out", "strikes", "190"),
    V("wipe out", "strikes", "195", with_object="raid"),
]


def test_converter_mini_dictionary_exact_frames():
    result = cc.convert(MINI.read_text(encoding="utf-8"))
    assert [f.to_json() for f in result.frames] == EXPECTED
    assert result.verbs_read == 21 and result.patterns_read == 28
    assert dict(result.per_relation) == {"coordinatesWith": 3, "meetsWith": 5, "opposes": 6, "strikes": 17}
    skipped = result.skipped
    assert skipped["verb: pre-compounded verb (words before the verb)"] == 1  # HOOK_+JAB
    assert skipped["verb: copula"] == 1  # +BE_CROSS
    assert skipped["verb: fixed inflected form {}"] == 1  # +KILLED_AND {}
    assert skipped["verb: inflected form of another verb of the block"] == 1  # SLEW beside SLAY
    assert skipped["verb: null code ---"] == 2  # DAWDLE (block ---), NAG [---]
    assert skipped["frame: generic verb (stop list)"] == 1  # MAKE
    assert skipped["pattern: words before * (subject constraint)"] == 1
    assert skipped["pattern: prepositional phrase with a noun"] == 2
    assert skipped["pattern: actor markers $ + ^ %"] == 1
    assert skipped["pattern: undefined synset"] == 1
    assert skipped["pattern: reverse-only code [:X]"] == 2
    assert skipped["pattern: null code ---"] == 2
    assert skipped["pattern: (BY) agent phrase"] == 1
    assert result.notes["transformations (~ lines) ignored"] == 1


def test_synsets_plurals_and_cap(monkeypatch):
    d = cc.parse_dictionary(MINI.read_text(encoding="utf-8"))
    assert d.synsets["ARMS"].forms() == ["rifle", "rifles", "mortar shell", "mortar shells", "ammo"]
    assert d.synsets["CALMWORDS"].forms() == ["hush", "lull"]  # label ends with _: no plurals
    assert [cc.plural(w) for w in ("party", "pass", "raid")] == ["parties", "passes", "raids"]
    assert [cc.singular(w) for w in ("raids", "parties", "talks", "forces", "crashes", "news")] == [
        "raid", "party", "talk", "force", "crash", "news"]
    monkeypatch.setattr(cc, "MAX_SYNSET_NOUNS", 2)
    result = cc.convert(MINI.read_text(encoding="utf-8"))
    smash_objects = {f.with_object for f in result.frames if f.lemma == "smash"}
    assert {"rifle", "shell"} <= smash_objects and "ammo" not in smash_objects
    assert result.notes["pattern synset capped at 2 nouns"] == 1


def test_verb_lines_and_codes():
    verb = cc._parse_verb("+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF}", 1)
    assert (verb.lemma, verb.with_object, verb.object, verb.skip) == ("cordon off", None, None, None)
    assert cc._parse_verb("WIRE_+TAP", 1).skip == "pre-compounded verb (words before the verb)"
    assert cc._parse_verb("+SIDE_WITH [050]", 1).object == ("with",)
    assert cc.primary_code("042:043") == ("042", None)
    assert cc.primary_code(":190") == (None, "reverse-only code [:X]")
    assert cc.primary_code("---") == (None, "null code ---")
    assert cc.primary_code("080!")[0] is None


def test_converter_cli_writes_header_licence_and_is_deterministic(tmp_path, capsys):
    licence = tmp_path / "LICENSE"
    licence.write_text(LICENCE, encoding="utf-8")
    out = tmp_path / "out" / "frames.jsonl"
    assert cc.main([str(MINI), "--license", str(licence), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "verbs read: 21" in err and "strikes: 17" in err and "pattern: undefined synset: 1" in err
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("// generated by training/convert_cameo.py from PETRARCH2's cameo_mini.txt")
    assert "github.com/openeventdata/petrarch2" in lines[1]
    assert "// Permission is granted to test this converter." in lines
    assert any("Copyright (c) 2099 Nobody In Particular" in line for line in lines)
    body = [json.loads(line) for line in lines if not line.startswith("//")]
    assert body == EXPECTED
    assert len(load_frames(out)) == len(EXPECTED)  # the output passes the validator
    assert cc.main([str(MINI), "--license", str(licence), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == text
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_converter_cli_missing_input_is_one_line_error(tmp_path, capsys):
    out = tmp_path / "frames.jsonl"
    assert cc.main([str(tmp_path / "nope.txt"), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "nope.txt" in err and "\n" not in err
    assert not out.exists()


GOOD = '{"lemma": "hornswoggle", "pos": "VERB", "relation": "opposes"}'


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "invalid JSON"),
    ('["a"]', "must be a JSON object"),
    ('{"pos": "VERB", "relation": "opposes"}', "missing required key 'lemma'"),
    ('{"lemma": "x", "relation": "opposes"}', "missing required key 'pos'"),
    ('{"lemma": "x", "pos": "VERB"}', "missing required key 'relation'"),
    ('{"lemma": "x", "pos": "ADV", "relation": "opposes"}', "unknown pos 'ADV' (allowed: VERB, NOUN, ADJ)"),
    ('{"lemma": "x", "pos": "VERB", "relation": "likes"}', "unknown relation 'likes'"),
    ('{"lemma": "x", "pos": "VERB", "relation": "opposes", "colour": 1}', "unknown key 'colour' (allowed: lemma, pos,"),
    ('{"lemma": 3, "pos": "VERB", "relation": "opposes"}', "'lemma' must be a string, got int"),
    ('{"lemma": "X", "pos": "VERB", "relation": "opposes"}', "'lemma' must be lower-case"),
    ('{"lemma": "x", "pos": "VERB", "relation": "opposes", "object": "with"}', "'object' must be a list of strings"),
    ('{"lemma": "x", "pos": "VERB", "relation": "opposes", "modality": "Maybe"}', "unknown modality 'Maybe'"),
    ('{"lemma": "x", "pos": "VERB", "relation": "opposes", "polarity": "yes"}', "unknown polarity 'yes'"),
    ('{"lemma": "x", "pos": "VERB", "relation": "opposes", "object_class": ["Alien"]}', "unknown object_class value 'Alien'"),
    ('{"lemma": "x", "pos": "VERB", "relation": "opposes", "with_object": "two words"}', "'with_object' must be one"),
])
def test_load_frames_errors_name_file_and_line(tmp_path, line, message):
    path = tmp_path / "user.jsonl"
    path.write_text(f"// my frames\n{GOOD}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(FrameError) as info:
        load_frames(path)
    text = str(info.value)
    assert text.startswith(f"{path}:4: ") and message in text and "\n" not in text


def test_load_frames_bad_utf8_and_missing_file(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(GOOD.encode() + b"\n" + b'{"lemma": "\xff"}\n')
    with pytest.raises(FrameError, match=r"bad\.jsonl:2: not valid UTF-8"):
        load_frames(path)
    with pytest.raises(FrameError, match="cannot read frames file"):
        load_frames(tmp_path / "missing.jsonl")


def test_load_frames_full_entry_and_defaults(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_text(
        GOOD + "\n"
        '{"lemma": "take", "pos": "VERB", "relation": "opposes", "with_object": "swipe", "object": ["at"],'
        ' "subject_class": ["Person", "Country"], "modality": "Possible", "source": "newskg", "note": "idiom"}\n'
        '{"lemma": "air strike", "pos": "NOUN", "relation": "strikes", "object": ["on", "against"]}\n',
        encoding="utf-8",
    )
    minimal, swipe, strike = load_frames(path)
    assert minimal == Frame(lemma="hornswoggle", pos="VERB", relation="opposes")
    assert minimal.origin == f"{path}:1" and minimal.object_slots() == ("obj",) and minimal.subject_slots() == ("nsubj",)
    assert swipe.object == ("at",) and swipe.subject_class == ("Person", "Country") and swipe.key == ("take", "VERB", "swipe", None)
    assert strike.head == "strike" and strike.extra_words == ("air",)
    assert strike.subject_slots() == ("poss", "amod", "compound", "by", "governor")
    assert parse_frames(json.dumps(swipe.to_json()), "x")[0] == swipe  # round trip


def _f(lemma, relation, source, pos="VERB", with_object=None):
    return Frame(lemma=lemma, pos=pos, relation=relation, with_object=with_object, source=source)


def test_merge_precedence_user_over_curated_over_generated():
    generated = [_f("hit", "strikes", "gen"), _f("join", "supports", "gen", with_object="force"),
                 _f("back", "supports", "gen")]
    curated = [_f("hit", "opposes", "cur"), _f("join", "coordinatesWith", "cur", with_object="force")]
    user = [_f("join", "opposes", "user", with_object="force")]
    merged = merge_frames(curated, generated, user)
    by_key = {f.key: f.source for f in merged}
    assert by_key == {("hit", "VERB", None, None): "cur", ("join", "VERB", "force", None): "user", ("back", "VERB", None, None): "gen"}
    assert len(merged) == 3
    assert {f.key: f.source for f in merge_frames(curated, generated)}[("join", "VERB", "force", None)] == "cur"
    # a different with_object is a different key: both frames stay
    assert len(merge_frames([_f("join", "supports", "cur", with_object="coalition")], generated)) == 4


def test_frame_index_lookup_by_head():
    frames = [
        _f("call", "opposes", "a"), _f("call out", "opposes", "b"), _f("call", "meetsWith", "c", with_object="meeting"),
        _f("air strike", "strikes", "d", pos="NOUN"), _f("strike", "strikes", "e", pos="NOUN"),
    ]
    index = FrameIndex(frames)
    assert len(index) == 5 and index.heads("NOUN") == frozenset({"strike"})
    assert [f.source for f in index.lookup("VERB", "call")] == ["b", "c", "a"]  # most specific first
    assert [f.source for f in index.lookup("NOUN", "strike")] == ["d", "e"]
    assert index.lookup("VERB", "strike") == () and index.lookup("NOUN", "call") == ()
    assert [f.source for f in index.find("VERB", "call")] == ["a"]
    assert [f.source for f in index.find("VERB", "call", words=["out"])] == ["b", "a"]
    assert [f.source for f in index.find("VERB", "call", with_object="meeting")] == ["c", "a"]
    assert [f.source for f in index.find("NOUN", "strike", words=["air"])] == ["d", "e"]


def test_committed_cameo_lexicon_loads_with_licence():
    path = ROOT / "kg" / "data" / "frames_cameo.jsonl"
    head = path.read_text(encoding="utf-8").splitlines()[:40]
    assert head[0].startswith("// generated by training/convert_cameo.py from PETRARCH2's CAMEO.2.0.txt")
    assert "// The MIT License (MIT)" in head and any("github.com/openeventdata/petrarch2" in h for h in head)
    frames = load_frames(path)
    assert len(frames) > 1000 and all(f.source.startswith("petrarch2 CAMEO ") for f in frames)
    assert len({f.key for f in frames}) == len(frames)  # one frame per key
    index = FrameIndex(frames)
    assert any(f.relation == "strikes" for f in index.find("VERB", "launch", with_object="attack"))


def test_merge_keeps_every_frame_of_a_key_within_the_winning_source():
    both = [Frame("campaign", "NOUN", "strikes", object=("against",)), Frame("campaign", "NOUN", "opposes", object=("against",))]
    gen = [Frame("campaign", "NOUN", "supports")]
    merged = merge_frames(both, gen)
    assert sorted(f.relation for f in merged) == ["opposes", "strikes"]


def test_marker_and_joint_keys_are_validated(tmp_path):
    p = tmp_path / "f.jsonl"
    p.write_text('{"lemma": "support", "pos": "NOUN", "relation": "supports", "marker": "in", "object": ["of"]}\n'
                 '{"lemma": "broker", "pos": "VERB", "relation": "coordinatesWith", "joint": "yes"}\n')
    with pytest.raises(FrameError, match=r"f.jsonl:2: 'joint' must be true or false"):
        load_frames(p)
    p.write_text('{"lemma": "support", "pos": "NOUN", "relation": "supports", "marker": "in of"}\n')
    with pytest.raises(FrameError, match=r"f.jsonl:1: 'marker' must be one lower-case preposition"):
        load_frames(p)


def test_converter_writes_the_thing_words_that_are_never_actors(tmp_path):
    conv = _converter()
    src = tmp_path / "CAMEO.mini.txt"
    src.write_text("&WEAPON\n+ZORVAN_RIFLE\n+KELVARI_LAUNCHER\n\n&FOOD\n+BREAD\n\n"
                   "####### VERB PATTERNS #######\n\n--- FIRE [190] ---\nFIRE\n- * &WEAPON [190]\n", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("MIT test licence\n", encoding="utf-8")
    things = tmp_path / "things.tsv"
    assert conv.main([str(src), "-o", str(tmp_path / "f.jsonl"), "--things-out", str(things)]) == 0
    words = [ln for ln in things.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    assert "zorvan rifle" in words and "kelvari launchers" in words and "bread" not in words
    assert any("MIT test licence" in ln for ln in things.read_text(encoding="utf-8").splitlines() if ln.startswith("#"))


def test_a_weapon_the_ner_took_for_a_person_is_no_actor():
    from handparse import mention_of, parsed

    doc = parsed("""
Chile 1 nsubj PROPN Chile
fired 1 ROOT VERB fire
a 3 det DET a
Stinger 1 obj PROPN Stinger B-PERSON
. 1 punct PUNCT .
""")
    assert mention_of(doc, 3) is None
