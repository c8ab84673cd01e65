"""Scale: long articles in bounded pieces, a streamed build, --workers, and the same output every way."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import spacy

from kg.build import chunking
from kg.build import run as build_mod
from kg.extract.actors import is_word_hyphen
from kg.build.run import build, extract, iter_articles, read_articles, _batches
from kg.build.chunking import merge_results, split_text
from kg.graph.io import serialize
from kg.build.ingest import make_article
from kg.extract.pipeline import DATELINE_DASHES, SENTENCE_END, extraction_pipeline, paragraph_boundaries, split_dashes
from kg.graph.rdf import to_dataset
from kg.records import Actor, Claim, DocumentResult
from kg.build.streaming import ShardWriter, document_nquads, merge_shards, merge_sorted, write_from_nquads

KG = [sys.executable, "-m", "kg.cli"]

ARTICLES = {
    "a.txt": "Russia strikes the Islamic State in Syria, the ministry said.\n\n"
             "Sergey Lavrov met John Kerry in Geneva on Monday. Lavrov said Russia supports the talks.\n",
    "b.txt": "Turkey opposes the YPG, President Recep Tayyip Erdogan said on Tuesday.\n\n"
             "The United States supports the Syrian Democratic Forces.\n",
    "c.txt": "Iran supports Hezbollah, according to Israel.\n\nSaudi Arabia opposes Iran in Yemen.\n",
}


def _old_boundaries(doc):
    """The component as it was (Token.is_sent_start one token at a time): the reference behaviour."""
    prev, para_start = None, 0
    for tok in doc:
        if tok.is_space:
            continue
        if prev is None:
            prev = tok
            continue
        gap = doc[prev.i + 1: tok.i].text + prev.whitespace_
        if "\n" in gap:
            tok.is_sent_start = True
            para_start = tok.i
        elif prev.text in DATELINE_DASHES and tok.i - para_start <= 15 and not is_word_hyphen(prev):
            tok.is_sent_start = True
        elif prev.text not in SENTENCE_END and not prev.text.endswith("."):
            tok.is_sent_start = False
        prev = tok
    return doc


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    split_dashes(nlp)
    return nlp


@pytest.fixture(scope="module")
def nlp():
    return extraction_pipeline()


@pytest.fixture()
def corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def test_paragraph_boundaries_same_as_per_token_setting(blank):
    text = ("  \n\nMay 26, 2016 (EIRNS)—Russian Foreign Minister Sergei Lavrov said.\n \n al-Assad -- no . Hi\n"
            "Headline\nBody text continues here: yes; and \u201cquoted.\u201d Then\n\nx")
    for t in (text, text * 3, "one", ""):
        a, b = _old_boundaries(blank(t)), paragraph_boundaries(blank(t))
        assert [x.is_sent_start for x in a] == [x.is_sent_start for x in b]


def test_paragraph_boundaries_linear_in_length(blank):
    doc = blank(("Russia said on Monday that talks with Turkey went well. " * 8 + "\n\n") * 500)
    assert len(doc) > 40_000
    t0 = time.perf_counter()
    paragraph_boundaries(doc)
    assert time.perf_counter() - t0 < 2.0     # per-token setting took ~25 s here (O(n^2))


def test_split_text_bounded_pieces_at_paragraphs():
    text = "".join(f"Paragraph {i} says something. " * (i % 5 + 1) + "\n\n" for i in range(200))
    pieces = list(split_text(text, 500))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 500 for _, p in pieces)
    assert all(text[o:o + len(p)] == p for o, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])
    assert [p for _, p in split_text("x" * 25, 10)] == ["x" * 10, "x" * 10, "x" * 5]   # no break: hard cut
    assert list(split_text("short", 10)) == [(0, "short")]


def test_batches_bounded_in_count_and_characters():
    pieces = [("x" * n, i) for i, n in enumerate([10, 60, 30, 200, 5, 5, 5])]
    batches = list(_batches(pieces, size=2, chars=100))
    assert [[c for _, c in b] for b in batches] == [[0, 1], [2], [3], [4, 5], [6]]


def test_merge_results_shifts_offsets_and_merges_actors():
    art = make_article("x" * 100, "long.txt")
    c = Claim("Russia", "supports", "Syria", evidence="e", char_start=3, char_end=9)
    one = DocumentResult(art, {"Russia": Actor("Russia", "Country", frozenset({"Russia"})),
                               "Syria": Actor("Syria", "Country")}, {"Russia": 2, "Syria": 1}, [c])
    two = DocumentResult(art, {"Russia": Actor("Russia", "Country", frozenset({"Russian"}), part_of=None)},
                         {"Russia": 3}, [c])
    merged = merge_results(art, [(0, one), (50, two)])
    assert merged.mentions == {"Russia": 5, "Syria": 1}
    assert merged.actors["Russia"].aliases == {"Russia", "Russian"}
    assert [(x.char_start, x.char_end) for x in merged.claims] == [(3, 9), (53, 59)]


def test_long_article_in_pieces_offsets_point_into_the_article(nlp):
    text = "".join(ARTICLES.values()) * 4
    art = make_article(text, "long.txt")
    whole = list(extract(nlp, [art]))[0]
    pieces = list(extract(nlp, [art], chunk_chars=300))[0]
    assert len(pieces.claims) >= len(ARTICLES)
    for c in pieces.claims:
        assert art.text[c.char_start:c.char_end] == c.evidence
    assert {(c.subject, c.relation, c.object, c.char_start) for c in pieces.claims} == \
        {(c.subject, c.relation, c.object, c.char_start) for c in whole.claims}


def test_text_longer_than_max_length_in_pieces_never_raises_it(nlp, monkeypatch, corpus):
    monkeypatch.setattr(nlp, "max_length", 200)
    report = build(nlp, [corpus], sink=lambda out: None)
    assert report.built == 3 and not report.problems and nlp.max_length == 200


def test_article_above_hard_limit_refused_with_message(nlp, monkeypatch, corpus):
    monkeypatch.setattr(chunking, "MAX_ARTICLE_CHARS", 120)
    got = []
    report = build(nlp, [corpus], sink=got.append)
    assert sorted(o.file_name for o in got) == ["c.txt"]
    why = {p.source: p.reason for p in report.problems}
    assert "longer than the limit of 120 characters" in why["a.txt"] and "b.txt" in why


def test_streamed_build_keeps_no_results_and_matches_in_memory_output(nlp, corpus, tmp_path):
    shards = ShardWriter(tmp_path / "shards", docs_per_shard=2)
    report = build(nlp, [corpus], sink=lambda out: shards.add(out.nquads))
    shards.close()
    assert not hasattr(report, "results") and report.built == 3 and len(shards.shards) == 2
    merged = tmp_path / "merged.nq"
    merge_shards(shards.shards, merged, run_lines=7)     # several sorted runs
    outs = [tmp_path / f"kg.{e}" for e in ("ttl", "trig", "nq", "jsonld")]
    write_from_nquads(merged, outs)
    articles, _ = read_articles([corpus])
    ds = to_dataset(extract(nlp, articles))
    for out, fmt in zip(outs, ("turtle", "trig", "nquads", "json-ld")):
        assert out.read_bytes() == serialize(ds, fmt), out.name
    assert report.actors > 5 and report.claims >= 3


def test_document_nquads_same_lines_as_rdflib(nlp):
    art = make_article(ARTICLES["a.txt"], "a.txt")
    result = list(extract(nlp, [art]))[0]
    lines = sorted(set(document_nquads(result).splitlines()))
    assert "\n".join(lines) + "\n" == serialize(to_dataset([result]), "nquads").decode("utf-8")


def test_merge_sorted_external(tmp_path):
    lines = [f"line {i % 37:03d}\n".encode() for i in range(500)] + ["é\n".encode(), b"z\n"]
    merge_sorted(iter(lines), tmp_path / "out", run_lines=5)
    want = sorted(set(x.decode() for x in lines))
    assert (tmp_path / "out").read_text(encoding="utf-8") == "".join(want)


def test_iter_articles_streams_one_file_at_a_time(corpus, monkeypatch):
    read = []
    real = build_mod.read_file
    monkeypatch.setattr(build_mod, "read_file", lambda f, m: (read.append(f.name), real(f, m))[1])
    it = iter_articles([corpus])
    next(it)
    assert len(read) == 1


def test_cli_workers_output_identical(raw_articles, tmp_path):
    outs = {}
    for w in (1, 2):
        d = tmp_path / f"w{w}"
        r = subprocess.run([*KG, "build", str(raw_articles), "-o", str(d / "kg.ttl"), "-o", str(d / "kg.trig"),
                            "--workers", str(w), "--quiet"], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        assert "documents 5 built" in r.stderr
        outs[w] = [(d / n).read_bytes() for n in ("kg.ttl", "kg.trig")]
    assert outs[1] == outs[2]


USER_TEXT = "The Zorvan Liberation Front (ZLF) attacked Kelvaria on Monday.\n\nKelvaria hornswoggled the ZLF.\n"
USER_CLAIM = "<https://w3id.org/newskg/id/actor/kelvaria> <https://w3id.org/newskg/ontology#opposes> " \
             "<https://w3id.org/newskg/id/actor/zorvan-liberation-front>"


def user_files(folder: Path) -> tuple[Path, Path]:
    """A user's frame lexicon and actor table (invented names) that the bundled data does not know."""
    frames, actors = folder / "my_frames.jsonl", folder / "my_actors.tsv"
    frames.write_text('{"lemma": "hornswoggle", "pos": "VERB", "relation": "opposes"}\n', encoding="utf-8")
    actors.write_text("label\tclass\taliases\nZorvan Liberation Front\tArmedGroup\tZLF|Zorvan Front\n"
                      "Kelvaria\tCountry\tKelvarian\n", encoding="utf-8")
    return frames, actors


def test_cli_workers_use_the_users_frames_and_actors(corpus, tmp_path):
    frames, actors = user_files(tmp_path)
    (corpus / "user.txt").write_text(USER_TEXT, encoding="utf-8")
    outs = {}
    for w in (1, 2):
        out = tmp_path / f"w{w}.nq"
        r = subprocess.run([*KG, "build", str(corpus), "-o", str(out), "--frames", str(frames), "--actors", str(actors),
                            "--workers", str(w), "--quiet"], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        outs[w] = out.read_bytes()
    assert outs[1] == outs[2] and USER_CLAIM.encode() in outs[2]


def test_every_piece_of_a_long_article_carries_the_articles_date():
    import kg.extract.actors  # noqa: F401 - registers newskg's Doc extensions
    nlp = spacy.blank("en")
    nlp.add_pipe("test_record_date")
    text = "".join(f"Paragraph {i} says that Russia met Turkey.\n\n" for i in range(40))
    art = make_article(text, "long.txt", date="2016-05-26")
    SEEN_DATES.clear()
    (result,) = extract(nlp, [art], chunk_chars=200)
    assert len(SEEN_DATES) >= len(text) // 200 and set(SEEN_DATES) == {"2016-05-26"}
    assert result.article.date == "2016-05-26"


SEEN_DATES: list = []


@spacy.Language.component("test_record_date")
def _record_date(doc):
    SEEN_DATES.append(doc._.newskg_date)
    return doc


def test_standard_input_read_once_for_both_passes(monkeypatch):
    calls = []

    def fake(path, max_bytes):
        calls.append(str(path))
        return [make_article(f"Text number {len(calls)}.", "stdin")], []

    read = build_mod.rereadable(fake)
    assert read(Path("-"), 10)[0] == read(Path("-"), 10)[0] and calls == ["-"]
    read(Path("a.txt"), 10)
    read(Path("a.txt"), 10)
    assert calls == ["-", "a.txt", "a.txt"]


def test_cli_refuses_long_article_and_keeps_the_rest(tmp_path, corpus, monkeypatch):
    (corpus / "huge.txt").write_text("Russia said so. " * 130_000, encoding="utf-8")   # 2.08 M chars
    r = subprocess.run([*KG, "build", str(corpus), "-o", str(tmp_path / "kg.nq"), "--quiet", "--workers", "1"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "huge.txt: article of 2,080,000 characters is longer than the limit of 2,000,000" in r.stderr
    assert "documents 3 built" in r.stderr


def test_rate_column_shows_articles_per_second():
    from rich.progress import Progress
    from kg.cli.build import RateColumn
    p = Progress()
    t = p.add_task("x", total=10)
    assert "- articles/s" in str(RateColumn().render(p.tasks[t]))


def test_dask_local_cluster_output_identical_to_local_build(nlp, corpus, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    monkeypatch.setenv("TMPDIR", str(tmp_path))   # the workers' copies of the user files stay in tmp_path
    from kg.graph.rdf import BuildInfo, build_activity, pipeline_info
    from kg.namespaces import doc_iri
    articles, _ = read_articles([corpus])
    ds = to_dataset(extract(nlp, articles))
    build_activity(ds, BuildInfo("", 1, *pipeline_info(nlp)), [doc_iri(a.doc_id) for a in articles])
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        out = tmp_path / "out"
        r = subprocess.run([*KG, "build", str(corpus), "-o", str(out / "kg.ttl"), "-o", str(out / "kg.trig"),
                            "--dask", cluster.scheduler_address, "--quiet"], capture_output=True, text=True,
                           timeout=300, env={k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"})
        assert r.returncode == 0, r.stderr
        assert "documents 3 built" in r.stderr
        assert (out / "kg.ttl").read_bytes() == serialize(ds, "turtle")
        assert (out / "kg.trig").read_bytes() == serialize(ds, "trig")
        from kg.build.distributed import dask_runner
        got = []
        report = build(nlp, [corpus], sink=got.append, runner=dask_runner(cluster.scheduler_address, partition_size=1))
        assert report.built == 3 and sorted(o.nquads for o in got) == sorted(
            o.nquads for o in build_mod.extract_outputs(nlp, articles))
        # the user's frames and actors reach the workers' pipelines (sent with the tasks)
        frames, actors = user_files(tmp_path)
        (corpus / "user.txt").write_text(USER_TEXT, encoding="utf-8")
        got = []
        build(nlp, [corpus / "user.txt"], sink=got.append,
              runner=dask_runner(cluster.scheduler_address, frames=[frames], actors=[actors]))
        from kg.build.distributed import worker_pipeline
        user_nlp = worker_pipeline(None, (str(frames),), (str(actors),))  # not the cached `nlp` of this process
        want = list(build_mod.extract_outputs(user_nlp, read_articles([corpus / "user.txt"])[0]))
        assert [o.nquads for o in got] == [o.nquads for o in want] and USER_CLAIM in want[0].nquads


def test_dask_bad_scheduler_is_a_clear_error(corpus, tmp_path):
    pytest.importorskip("distributed")
    r = subprocess.run([*KG, "build", str(corpus), "-o", str(tmp_path / "kg.ttl"), "--dask", "tcp://127.0.0.1:9",
                        "--quiet"], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"})
    assert r.returncode == 2 and "cannot use the Dask scheduler" in r.stderr
    assert not (tmp_path / "kg.ttl").exists()


def _union_the_old_way(path):
    from rdflib import Graph

    from kg.build.streaming import load_merged
    from kg.namespaces import bind_prefixes
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ in load_merged(path).quads((None, None, None, None)):
        g.add((s, p, o))
    return g


@pytest.mark.parametrize("extra", [
    "",                                                                                  # Oxigraph reads it
    '<https://w3id.org/newskg/id/actor/ana-ruiz> <http://www.w3.org/2000/01/rdf-schema#label> '
    '"Ana Ruiz"^^<http://www.w3.org/2001/XMLSchema#string> <https://w3id.org/newskg/id/doc/b> .\n',  # rdflib's
    '_:x <http://www.w3.org/2000/01/rdf-schema#label> "Kelvaria" <https://w3id.org/newskg/id/doc/b> .\n',
])
def test_union_for_turtle_same_as_rdflib_parser(tmp_path, extra):
    """The merged N-Quads read into the union Graph (Oxigraph's parser, or rdflib's where Oxigraph would change
    a term) give the same Turtle and N-Triples as rdflib's parser: typed, language-tagged and escaped
    literals, a triple repeated in two document graphs."""
    from kg.build.streaming import load_merged_union
    nq = tmp_path / "m.nq"
    nq.write_text(
        '<https://w3id.org/newskg/id/actor/kelvaria> <http://www.w3.org/2000/01/rdf-schema#label> "Kelvaria" '
        '<https://w3id.org/newskg/id/doc/a> .\n'
        '<https://w3id.org/newskg/id/actor/kelvaria> <http://www.w3.org/2000/01/rdf-schema#label> "Kelvaria" '
        '<https://w3id.org/newskg/id/doc/b> .\n'
        '<https://w3id.org/newskg/id/actor/kelvaria> <http://www.w3.org/2004/02/skos/core#altLabel> "Kelvarie"@fr '
        '<https://w3id.org/newskg/id/doc/a> .\n'
        '<https://w3id.org/newskg/id/claim/c1> <https://w3id.org/newskg/ontology#confidence> '
        '"0.80"^^<http://www.w3.org/2001/XMLSchema#decimal> <https://w3id.org/newskg/id/doc/a> .\n'
        '<https://w3id.org/newskg/id/claim/c1> <https://w3id.org/newskg/ontology#evidence> '
        '"Ana Ruiz said \\"no\\" \\u00e9t\\u00e9\\n" <https://w3id.org/newskg/id/doc/a> .\n' + extra,
        encoding="utf-8")
    new, old = load_merged_union(nq), _union_the_old_way(nq)
    assert len(new) == len(old) == 4 + bool(extra)   # the label repeated in two documents is one triple
    if "_:" not in extra:
        assert serialize(new, "turtle") == serialize(old, "turtle")
        assert serialize(new, "nt") == serialize(old, "nt")
    if "XMLSchema#string" in extra:
        assert b"XMLSchema#string" in serialize(new, "nt")   # the explicit datatype kept, as rdflib keeps it
