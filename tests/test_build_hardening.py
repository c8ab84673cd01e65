"""Hardening of `kg build` (issue 11): every input an adversarial probe broke, kept fixed."""
import gc
import json
import time
from pathlib import Path

import pytest

from kg.build.ingest import markdown_text, read_file

ADVERSARIAL_MD = {
    "brackets": "[" * 50_000,
    "images": "![" * 25_000,
    "open links": "[a](" * 12_500,
    "stars": "*a " * 16_700,
    "underscores": "_a " * 16_700,
    "backticks": "`a " * 16_700,
    "bold": "**a " * 12_500,
    "mixed": "*_`[!(" * 8_400,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL_MD))
def test_markdown_is_linear_on_adversarial_input(name):
    md = ADVERSARIAL_MD[name]          # 50 KB each; the old regexes took ~10 s to minutes on these
    t0 = time.perf_counter()
    markdown_text(md)
    assert time.perf_counter() - t0 < 1.0


def test_markdown_file_of_50kb_reads_fast(tmp_path):
    f = tmp_path / "evil.md"
    f.write_text("Talks resumed on Monday. " + "[" * 25_000 + "*a " * 8_000, encoding="utf8")
    t0 = time.perf_counter()
    (art,), _ = read_file(f)
    assert time.perf_counter() - t0 < 2.0
    assert art.text.startswith("Talks resumed on Monday.")


def test_markdown_still_reduces_to_words():
    md = ("# Heading\n\n> quoted *line*\n\nThe [minister](http://x/a) met **envoys** and `code` "
          "![pic](p.png) __twice__ _once_.\n```\nfenced code\n```\nEnd.")
    out = markdown_text(md)
    assert "Heading\n\nquoted line" in out
    assert "The minister met envoys and code" in out and "twice once." in out
    assert "fenced" not in out and "pic" not in out and "End." in out


# --- JSON Lines: each bad line skipped and reported, every good line kept ----------------------

def test_jsonl_bad_lines_are_skipped_one_by_one(tmp_path):
    good = [{"id": "a", "text": "First story about talks."},
            {"id": "b", "text": "Second story\u2028with a line separator\u0085and a NEL inside."},
            {"id": "c", "text": "Third story after a huge line."},
            {"id": "d", "text": "Fourth story after bad bytes."}]
    lines = [json.dumps(good[0]).encode(),
             b"[" * 2000 + b"]" * 2000,                                   # RecursionError in json
             json.dumps(good[1], ensure_ascii=False).encode(),            # U+2028/U+0085 raw in a string
             json.dumps({"text": "x" * 50_000}).encode(),                 # over the per-line limit below
             json.dumps(good[2]).encode(),
             b'{"text": "caf\xe9"}',                                      # not UTF-8
             json.dumps(good[3]).encode()]
    f = tmp_path / "feed.jsonl"
    f.write_bytes(b"\n".join(lines) + b"\n")
    arts, problems = read_file(f, max_bytes=10_000)
    assert [a.file_name for a in arts] == ["feed.jsonl#a", "feed.jsonl#b", "feed.jsonl#c", "feed.jsonl#d"]
    assert arts[1].text == good[1]["text"]
    assert [(p.source, p.reason.split(":")[1].split("(")[0].strip()) for p in problems] == [
        (f"{f}:2", "JSON nested too deeply"), (f"{f}:4", "line is 50.0 KB, larger than the limit of 10.0 KB"),
        (f"{f}:6", "not UTF-8")]


def test_jsonl_limit_applies_per_line_not_per_file(tmp_path):
    f = tmp_path / "big.jsonl"
    line = json.dumps({"text": "Talks went on. " * 40})
    f.write_text("\n".join([line.replace("on.", f"on {i}.", 1) for i in range(40)]), encoding="utf8")
    assert f.stat().st_size > 20_000
    arts, problems = read_file(f, max_bytes=10_000)       # the file is over the limit, no line is
    assert len(arts) == 40 and problems == []


def test_jsonl_deep_nesting_does_not_lose_the_build(tmp_path):
    from kg.build.run import read_articles
    (tmp_path / "a.txt").write_text("A plain article.", encoding="utf8")
    (tmp_path / "deep.jsonl").write_text("{\"text\": " + "[" * 100_000 + "\n" + json.dumps({"text": "Kept."}))
    arts, problems = read_articles([tmp_path])
    assert sorted(a.file_name for a in arts) == ["a.txt", "deep.jsonl#2"]
    assert [p.source for p in problems] == [f"{tmp_path / 'deep.jsonl'}:1"]


# --- encodings and special files ----------------------------------------------------------------

TEXT = "Café talks in München resumed on Monday.\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path, encoding):
    import codecs
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    f = tmp_path / "a.txt"
    f.write_bytes(bom + TEXT.encode(encoding))
    (art,), _ = read_file(f)
    assert art.text == TEXT


def test_utf16_jsonl_with_a_mark_is_decoded(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_bytes(("\n".join(json.dumps({"text": t}) for t in ("One story.", "Two stories.")) + "\n")
                  .encode("utf-16"))
    arts, problems = read_file(f)
    assert [a.text for a in arts] == ["One story.", "Two stories."] and problems == []


def test_utf16_without_a_mark_says_how_to_convert(tmp_path):
    from kg.build.ingest import IngestError
    f = tmp_path / "a.txt"
    f.write_bytes(TEXT.encode("utf-16-le"))
    with pytest.raises(IngestError, match="UTF-16LE.*iconv -f UTF-16LE"):
        read_file(f)


def test_special_files_in_a_folder_are_reported_by_name(tmp_path):
    import os
    from kg.build.run import read_articles
    from kg.build.ingest import collect_files
    (tmp_path / "ok.txt").write_text("A plain article.", encoding="utf8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(tmp_path / "pipe.txt")                        # opening it would block the build
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)          # a folder loop
    files, problems = collect_files([tmp_path])
    assert files == [tmp_path / "ok.txt"]
    why = {os.path.relpath(p.source, tmp_path): p.reason for p in problems}
    assert set(why) == {"gone.txt", "pipe.txt", "self.txt", os.path.join("sub", "up")}
    assert "broken symbolic link" in why["gone.txt"] and "FIFO" in why["pipe.txt"]
    assert "loop" in why["self.txt"] and "loop" in why[os.path.join("sub", "up")]
    arts, problems = read_articles([tmp_path, tmp_path / "pipe.txt"])   # a FIFO named directly is not opened
    assert [a.file_name for a in arts] == ["ok.txt"]
    assert sum("FIFO" in p.reason for p in problems) == 2


def within(seconds, fn, *args):
    """fn(*args) in a thread; fails (instead of hanging the suite) when it does not return in time."""
    import threading
    box = {}

    def run():
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        pytest.fail(f"{fn.__name__} still running after {seconds} s (blocked?)")
    return box


def test_a_fifo_is_never_opened_for_reading(tmp_path):
    import os
    from kg.build.ingest import IngestError
    for name in ("pipe.jsonl", "pipe.txt"):
        os.mkfifo(tmp_path / name)
        try:
            box = within(3, read_file, tmp_path / name)
        finally:  # unblock a reader stuck in open() so the thread can end
            try:
                os.close(os.open(tmp_path / name, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
        assert isinstance(box.get("error"), IngestError) and "FIFO" in str(box["error"])


# --- the `kg build` command, run in-process (the loaded pipeline is cached between runs) ------

STORIES = ["Russia and Iran held talks in Tehran on Monday about the war.",
           "The United States opposes the plan, officials in Washington said on Tuesday.",
           "Turkey and Qatar support the opposition, the ministers said in Ankara.",
           "France strikes targets near Raqqa, the defence ministry in Paris said."]


def kg_build(*args):
    """`kg build ARGS --quiet` in this process: (exit code, stderr)."""
    from typer.testing import CliRunner

    import kg.cli.build  # noqa: F401 - registers the command
    from kg.cli.app import app
    r = CliRunner().invoke(app, ["build", *map(str, args), "--quiet"])
    gc.collect()          # drop the run's store handles now, as the end of a `kg build` process would
    if r.exception and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, r.stderr


def file_names(graph):
    from kg.sparql.store import open_dataset
    ds = open_dataset(graph)
    return sorted(str(f) for f, in ds.query("SELECT ?f WHERE { ?d <https://w3id.org/newskg/ontology#fileName> ?f }"))


def test_web_iri_accepts_only_valid_http_iris():
    from kg.graph.iri import web_iri
    assert web_iri("https://example.org/a?b=1#c") == "https://example.org/a?b=1#c"
    for bad in ("https://example.org/a b", "https://example.org/x>y", 'https://e.org/"q"', "https://e.org/{x}",
                "https://e.org/a|b", "https://e.org/a\\b", "https://e.org/^", "https://e.org/`", "javascript:alert(1)",
                "file:///etc/passwd", "https://", "example.org/a", "https://e.org/%zz", "https://e.org/\u2028",
                "https://e.org/" + "a" * 5000):
        assert web_iri(bad) is None, bad


def test_untrusted_url_never_becomes_a_bad_iri(tmp_path):
    import pyoxigraph as ox
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS
    src = tmp_path / "in"
    src.mkdir()
    urls = ["https://example.org/ok", "https://example.org/a b", "https://example.org/x>y> <s> <p> <o",
            "javascript:alert(1)"]
    (src / "feed.jsonl").write_text("\n".join(json.dumps({"id": f"n{i}", "text": t, "url": u})
                                              for i, (t, u) in enumerate(zip(STORIES, urls))), encoding="utf8")
    code, err = kg_build(src, "-o", tmp_path / "out.trig", "-o", tmp_path / "out.nt")
    assert code == 0, err
    assert sum(line.startswith("warning ") for line in err.splitlines()) == 3 and "not a valid http(s) IRI" in err and "4 built" in err
    for out, fmt in (("out.trig", ox.RdfFormat.TRIG), ("out.nt", ox.RdfFormat.N_TRIPLES)):
        list(ox.parse(path=str(tmp_path / out), format=fmt))          # a strict parser reads it back
    for graph in (tmp_path / "out.trig", ):
        from kg.sparql.store import open_dataset
        sources = {(type(o), str(o)) for _, _, o in open_dataset(graph).triples((None, DCTERMS.source, None))}
        assert sources == {(URIRef, urls[0])} | {(Literal, u) for u in urls[1:]}
    for _ in range(2):                                                 # the store, and a re-run on it
        code, err = kg_build(src, "--store", tmp_path / "st", "-o", tmp_path / "st.nq")
        assert code == 0, err
    assert "0 built, 4 unchanged" in err
    from kg.sparql.store import open_dataset
    sources = {(type(o), str(o)) for _, _, o in open_dataset(tmp_path / "st").triples((None, DCTERMS.source, None))}
    assert sources == {(URIRef, urls[0])} | {(Literal, u) for u in urls[1:]}


def test_untrusted_names_are_printed_literally(tmp_path):
    src = tmp_path / "in"
    (src / "[").mkdir(parents=True)
    (src / "[" / "]bad.txt").write_bytes(b"\x00\x01\x02 binary")          # its path holds "[/]"
    (src / "[bold red]EVIL.txt").write_text("", encoding="utf8")
    (src / "feed.jsonl").write_text("\n".join(json.dumps({"id": i, "text": STORIES[0]})
                                              for i in ("[/]first", "[bold]second")), encoding="utf8")
    code, err = kg_build(src, "-o", tmp_path / "[red]out.ttl")
    assert code == 0, err
    assert f"{src / '['}/]bad.txt: binary file" in err
    assert "[bold red]EVIL.txt: empty file" in err
    assert "feed.jsonl#[bold]second: same text as feed.jsonl#[/]first" in err
    assert "wrote " + str(tmp_path / "[red]out.ttl") in err


def test_store_new_article_on_top_of_an_idless_feed_keeps_every_article(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    feed = src / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"text": t}) for t in STORIES[1:3]), encoding="utf8")
    code, err = kg_build(src, "--store", tmp_path / "st")
    assert code == 0 and "2 built" in err, err
    feed.write_text("\n".join(json.dumps({"text": t}) for t in STORIES[:3]), encoding="utf8")   # new on top
    code, err = kg_build(src, "--store", tmp_path / "st", "-o", tmp_path / "all.trig")
    assert code == 0 and "documents 1 built, 2 unchanged" in err, err
    assert "earlier version" not in err
    assert file_names(tmp_path / "all.trig") == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#3"]
    assert file_names(tmp_path / "st") == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#3"]
    feed.write_text("\n".join(json.dumps({"text": t}) for t in [STORIES[0], STORIES[3], STORIES[2]]),
                    encoding="utf8")                                  # line 2 edited: its old text goes
    code, err = kg_build(src, "--store", tmp_path / "st", "-o", tmp_path / "all.trig")
    assert code == 0 and "1 built, 2 unchanged" in err and "replaced 1 earlier version" in err, err
    assert file_names(tmp_path / "all.trig") == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#3"]
    from kg.sparql.store import Store
    with Store(tmp_path / "st", read_only=True) as st:
        assert len(st.document_hashes()) == 3


def test_store_archived_copy_of_a_renamed_file_is_kept(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "report.txt").write_text(STORIES[0], encoding="utf8")
    assert kg_build(src, "--store", tmp_path / "st")[0] == 0
    (src / "report.txt").rename(src / "report-2016.txt")               # archived ...
    (src / "report.txt").write_text(STORIES[1], encoding="utf8")      # ... and a new report saved
    code, err = kg_build(src, "--store", tmp_path / "st", "-o", tmp_path / "all.trig")
    assert code == 0 and "1 built, 1 unchanged" in err and "earlier version" not in err, err
    assert file_names(tmp_path / "all.trig") == ["report-2016.txt", "report.txt"]
    (src / "report.txt").write_text(STORIES[2], encoding="utf8")      # the new one edited: only it is replaced
    code, err = kg_build(src, "--store", tmp_path / "st", "-o", tmp_path / "all.trig")
    assert code == 0 and "1 built, 1 unchanged" in err and "replaced 1 earlier version" in err, err
    assert file_names(tmp_path / "all.trig") == ["report-2016.txt", "report.txt"]
    from kg.build.ingest import sha256_text
    from kg.sparql.store import Store
    with Store(tmp_path / "st", read_only=True) as st:
        assert set(st.document_hashes().values()) == {sha256_text(STORIES[0]), sha256_text(STORIES[2])}


@pytest.mark.parametrize("content", [None, "unsupported", "unreadable"])
def test_no_readable_article_keeps_the_old_graph(tmp_path, content):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(STORIES[0], encoding="utf8")
    out = tmp_path / "kg.ttl"
    assert kg_build(src, "-o", out, "--store", tmp_path / "st")[0] == 0
    before = out.read_bytes()
    (src / "a.txt").unlink()
    if content == "unsupported":
        (src / "notes.pdf").write_bytes(b"%PDF-1.4")
    elif content == "unreadable":
        (src / "b.txt").write_bytes(b"\x00\x00\x00")
    for extra in ([], ["--store", tmp_path / "st"]):
        code, err = kg_build(src, "-o", out, *extra)
        assert code == 1 and "no article could be read" in err, err
        assert out.read_bytes() == before
    assert len(file_names(tmp_path / "st")) == 1


# --- output into a folder that cannot be written: one line, non-zero exit, no traceback -------

def unwritable_targets(tmp_path):
    (tmp_path / "afile").write_text("not a folder", encoding="utf8")
    targets = [tmp_path / "afile" / "sub"]
    if Path("/proc/self").is_dir():
        targets.append(Path("/proc"))          # not writable, even for root
    return targets


@pytest.mark.parametrize("command", ["export", "view", "build"])
def test_output_into_an_unwritable_folder_is_one_line(tmp_path, command, sample_graph):
    from typer.testing import CliRunner

    import kg.cli.build, kg.cli.sparql, kg.cli.view  # noqa: F401,E401 - register the commands
    from kg.cli.app import app
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(STORIES[0], encoding="utf8")
    for folder in unwritable_targets(tmp_path):
        args = {"export": ["export", str(sample_graph), "-f", "nt", "-o", str(folder / "out.nt")],
                "view": ["view", str(sample_graph), "-o", str(folder / "out.html")],
                "build": ["build", str(src), "-o", str(folder / "out.ttl"), "--quiet"]}[command]
        r = CliRunner().invoke(app, args)
        assert r.exit_code not in (0, None) and not isinstance(r.exception, OSError), (folder, r.exception)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in r.output, r.stderr


def test_progress_bar_shows_names_literally(tmp_path, monkeypatch):
    import io

    from rich.console import Console
    from typer.testing import CliRunner

    import kg.cli.build
    from kg.cli.app import app
    out = io.StringIO()
    monkeypatch.setattr(kg.cli.build, "err", Console(file=out, force_terminal=True, width=200, soft_wrap=True))
    src = tmp_path / "in"
    src.mkdir()
    (src / "feed.jsonl").write_text(json.dumps({"id": "[/]x[bold]", "text": STORIES[0]}), encoding="utf8")
    r = CliRunner().invoke(app, ["build", str(src), "-o", str(tmp_path / "kg.ttl")])   # progress bar on
    assert r.exit_code == 0, (r.exception, out.getvalue())
    assert "feed.jsonl#[/]x[bold]" in out.getvalue()
