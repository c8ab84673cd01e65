"""Hardening of `kg build` (issue 11): every input an adversarial probe broke, kept fixed."""
import json
import time

import pytest

from kg.ingest import markdown_text, read_file

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
    from kg.build import read_articles
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
    from kg.ingest import IngestError
    f = tmp_path / "a.txt"
    f.write_bytes(TEXT.encode("utf-16-le"))
    with pytest.raises(IngestError, match="UTF-16LE.*iconv -f UTF-16LE"):
        read_file(f)


def test_special_files_in_a_folder_are_reported_by_name(tmp_path):
    import os
    from kg.build import read_articles
    from kg.ingest import collect_files
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
    from kg.ingest import IngestError
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
