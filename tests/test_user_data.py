"""`kg build --actors FILE.tsv --frames FILE.jsonl`: a user's own actors and frames, end to end."""
import subprocess
import sys

import pytest
from rdflib import Dataset, Namespace

KG = Namespace("https://w3id.org/newskg/ontology#")
ACT = Namespace("https://w3id.org/newskg/id/actor/")


def kg(*args):
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def user_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("user")
    (d / "actors.tsv").write_text("label\tclass\taliases\n"
                                  "Zorvan Liberation Front\tArmedGroup\tZLF|Zorvan Front\n"
                                  "Kelvaria\tCountry\tKelvarian\n", encoding="utf-8")
    (d / "frames.jsonl").write_text('{"lemma": "hornswoggle", "pos": "VERB", "relation": "opposes"}\n', encoding="utf-8")
    (d / "a.txt").write_text("The Zorvan Liberation Front (ZLF) attacked Kelvaria on Monday.\n\n"
                             "Kelvaria hornswoggled the ZLF.\n", encoding="utf-8")
    return d


def triples(path):
    ds = Dataset(default_union=True)
    ds.parse(path, format="turtle")
    out = set()
    for a in ds.subjects(KG.predicate, None):
        out.add((ds.value(a, KG.subject), ds.value(a, KG.predicate), ds.value(a, KG.object)))
    return out


def test_user_actors_and_frames_end_to_end(user_files, tmp_path):
    out = tmp_path / "g.ttl"
    proc = kg("build", user_files / "a.txt", "-o", out, "--actors", user_files / "actors.tsv",
              "--frames", user_files / "frames.jsonl", "-q")
    assert proc.returncode == 0, proc.stderr
    got = triples(out)
    assert (ACT["zorvan-liberation-front"], KG.strikes, ACT.kelvaria) in got
    assert (ACT.kelvaria, KG.opposes, ACT["zorvan-liberation-front"]) in got
    # without the user's files neither the group nor the invented verb is known
    plain = tmp_path / "plain.ttl"
    assert kg("build", user_files / "a.txt", "-o", plain, "-q").returncode == 0
    assert (ACT.kelvaria, KG.opposes, ACT["zorvan-liberation-front"]) not in triples(plain)


@pytest.mark.parametrize("name, text, message", [
    ("bad.tsv", "label\tclass\taliases\nX\tWizard\t\n", "bad.tsv:2: unknown class 'Wizard'"),
    ("bad.jsonl", '{"lemma": "x", "pos": "VERB", "relation": "opposes"}\n{"lemma": "y", "pos": "ADV", "relation": "opposes"}\n',
     "bad.jsonl:2: unknown pos 'ADV'"),
])
def test_malformed_user_files_give_one_line_naming_the_line(user_files, tmp_path, name, text, message):
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    opt = "--actors" if name.endswith(".tsv") else "--frames"
    proc = kg("build", user_files / "a.txt", "-o", tmp_path / "g.ttl", opt, bad, "-q")
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert not (tmp_path / "g.ttl").exists()


def test_user_files_get_a_pipeline_of_their_own_in_one_process(user_files):
    from kg.extract.pipeline import extraction_pipeline

    plain = extraction_pipeline(None)
    mine = extraction_pipeline(None, (str(user_files / "frames.jsonl"),), (str(user_files / "actors.tsv"),))
    assert mine is not plain
    text = (user_files / "a.txt").read_text(encoding="utf-8")
    assert any(c.relation == "opposes" and c.object == "Zorvan Liberation Front" for c in mine(text)._.newskg_claims)
    assert not any(c.object == "Zorvan Liberation Front" for c in plain(text)._.newskg_claims)


def test_frame_classes_and_a_flipping_trigger_apply(user_files, tmp_path):
    from kg.extract.pipeline import extraction_pipeline

    frames = tmp_path / "f.jsonl"
    frames.write_text('{"lemma": "hornswoggle", "pos": "VERB", "relation": "opposes", "object_class": ["Person"]}\n'
                      '{"lemma": "snub", "pos": "VERB", "relation": "meetsWith", "polarity": "flip"}\n', encoding="utf-8")
    nlp = extraction_pipeline(None, (str(frames),), (str(user_files / "actors.tsv"),))
    got = {(c.subject, c.relation, c.object, c.polarity) for c in nlp(
        "Kelvaria hornswoggled the Zorvan Liberation Front. Kelvaria snubbed Chile.")._.newskg_claims}
    assert not any(r == "opposes" for _, r, _, _ in got)          # the object is a group, not a Person
    assert ("Kelvaria", "meetsWith", "Chile", "Negative") in got or ("Chile", "meetsWith", "Kelvaria", "Negative") in got
