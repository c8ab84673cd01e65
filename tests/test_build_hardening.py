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
