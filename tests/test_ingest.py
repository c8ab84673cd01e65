"""Reading articles: formats, boilerplate, ids, dates and every kind of bad input."""
import json
import os

import pytest

from kg.build.run import read_articles
from kg.build.ingest import IngestError, blank_boilerplate, find_date, read_file


def test_txt_article_keeps_offsets_and_blanks_boilerplate(tmp_path):
    text = ("Army pulls back from the border\n\nThe army pulled back on Monday.\n\n"
            "Leave a comment\n\n2 Comments\n\nfacebook\n\nThe talks resume in March.\n")
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf8")
    (art,), skipped = read_file(f)
    assert skipped == []
    assert len(art.text) == len(text)                     # offsets stay valid
    assert "Leave a comment" not in art.text and "facebook" not in art.text
    assert art.text.index("The talks resume") == text.index("The talks resume")
    assert art.title == "Army pulls back from the border"
    assert len(art.doc_id) == 16 and art.sha256.startswith(art.doc_id)


def test_repeated_caption_is_blanked_once():
    text = "Minister Jane Doe\nMinister Jane Doe\nShe spoke.\n"
    out = blank_boilerplate(text)
    assert out.count("Minister Jane Doe") == 1 and len(out) == len(text)


@pytest.mark.parametrize("text,iso", [
    ("17:54, 7 September 2015\nbody", "2015-09-07"),
    ("May 26, 2016 (EIRNS)—Foreign", "2016-05-26"),
    ("Published 1 October 2015", "2015-10-01"),
    ("updated 2016-02-20T10:00", "2016-02-20"),
    ("said Tuesday", None),
])
def test_dates(text, iso):
    assert find_date(text) == iso


def test_same_content_same_id(tmp_path):
    (tmp_path / "a.txt").write_text("Same words here.", encoding="utf8")
    (tmp_path / "b.txt").write_text("Same words here.", encoding="utf8")
    arts, problems = read_articles([tmp_path])
    assert len(arts) == 1
    assert any("same text" in p.reason for p in problems)


def test_html_strips_scripts_and_navigation(tmp_path):
    f = tmp_path / "p.html"
    f.write_text("<html><head><title>T</title><meta property='article:published_time' content='2015-10-01'>"
                 "<script>var x=1;</script></head><body><nav>Home | World</nav><h1>Strikes continue</h1>"
                 "<p>The air force struck a depot.</p><footer>Subscribe now</footer></body></html>",
                 encoding="utf8")
    (art,), _ = read_file(f)
    assert "var x" not in art.text and "Home | World" not in art.text and "Subscribe" not in art.text
    assert "The air force struck a depot." in art.text
    assert art.title == "Strikes continue" and art.date == "2015-10-01"


def test_markdown(tmp_path):
    f = tmp_path / "m.md"
    f.write_text("# Title here\n\nThe [minister](http://x) met **envoys**.\n", encoding="utf8")
    (art,), _ = read_file(f)
    assert "The minister met envoys." in art.text


def test_jsonl_good_and_bad_lines(tmp_path):
    f = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "x1", "text": "First story.", "title": "One", "date": "2016-01-02",
                         "url": "https://example.org/1"}),
             "{not json", json.dumps({"text": ""}), json.dumps({"text": "Second story."})]
    f.write_text("\n".join(lines), encoding="utf8")
    arts, problems = read_file(f)
    assert [a.file_name for a in arts] == ["feed.jsonl#x1", "feed.jsonl#4"]
    assert arts[0].date == "2016-01-02" and arts[0].title == "One" and arts[0].url == "https://example.org/1"
    assert len(problems) == 2 and all("feed.jsonl:" in p.source for p in problems)


@pytest.mark.parametrize("name,data,msg", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n ", "empty"),
    ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary"),
    ("latin.txt", "Caf\u00e9 in M\u00fcnchen".encode("latin-1"), "not UTF-8"),
    ("x.pdf", b"%PDF-1.4", "unsupported"),
])
def test_bad_files_have_clear_errors(tmp_path, name, data, msg):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(IngestError, match=msg):
        read_file(f)


def test_huge_file_is_refused_by_size(tmp_path):
    f = tmp_path / "huge.txt"
    with open(f, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)      # 50 MB, sparse
    with pytest.raises(IngestError, match="larger than the limit"):
        read_file(f)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text("text", encoding="utf8")
    f.chmod(0)
    with pytest.raises(IngestError, match="permission"):
        read_file(f)


def test_missing_path_and_bad_files_are_problems_not_crashes(tmp_path):
    (tmp_path / "ok.txt").write_text("Good article text.", encoding="utf8")
    (tmp_path / "bad.txt").write_bytes(b"\x80\x81 not UTF-8")  # (FF FE is a UTF-16 mark now)
    arts, problems = read_articles([tmp_path, tmp_path / "nope"])
    assert [a.file_name for a in arts] == ["ok.txt"]
    assert {p.source.split("/")[-1] for p in problems} == {"bad.txt", "nope"}
