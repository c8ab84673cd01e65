"""Read input articles (.txt, .md, .html, .jsonl) into Article records, rejecting bad files clearly.

Boilerplate lines (share buttons, "Leave a comment", subscribe prompts, comment counters) are blanked
out with spaces rather than deleted, so character offsets into the article text stay valid.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .records import Article

SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

BOILERPLATE = re.compile(
    r"""^\W*(
        (share|tweet|email|print|pin|like)(\s+(this|on\s+\w+|article|story))?|
        (google\s*(plus|\+)|facebook|twitter|whatsapp|telegram|linkedin|reddit|vk|pinterest|instagram|youtube)|
        leave\s+a\s+(comment|reply)|join\s+the\s+(conversation|discussion)|post\s+a\s+comment|
        \d*\s*comments?|comments?\s*\d*|post\s+with\s+no\s+comments\.?|no\s+comments(\s+yet)?\.?|
        (subscribe|sign\s+up|log\s*in|register)\b.{0,60}|
        back\s+to\s+top|see\s+more|read\s+more.{0,80}|more\s+on\s+this.{0,60}|
        (read\s+also|see\s+also|also\s+read)\s*:.{0,200}|
        advertisement|sponsored(\s+content)?|live|audio\s+only|video|opinion|news(\s*>\s*\w+)*|
        if\s+you\s+(find|found|notice|see)\s+(an?\s+)?(error|mistake|typo).{0,160}|
        (copyright|©|all\s+rights\s+reserved).{0,160}|cookies?.{0,120}accept.{0,40}|
        (click|tap)\s+here.{0,120}|follow\s+us.{0,80}
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)
MONTHS = ("january february march april may june july august september october november december").split()
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
DATE_PATTERNS = (
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)"),
    re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]{2,8})\.?,?\s+(\d{4})\b"),
    re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+(\d{4})\b"),
)


class IngestError(Exception):
    """A file that cannot be read as an article, with the reason."""


@dataclass(frozen=True)
class Problem:
    """A skipped input, reported to the user by name."""

    source: str
    reason: str


def sha256_text(text: str) -> str:
    """Hex SHA-256 of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def blank_boilerplate(text: str) -> str:
    """Replace boilerplate lines and repeated caption lines with spaces, keeping every offset."""
    out = []
    seen_short: set[str] = set()
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip(" \t•·*-–—|>#")
        key = stripped.lower()
        drop = bool(stripped) and (BOILERPLATE.match(stripped) is not None or not re.search(r"\w", stripped))
        if not drop and stripped and len(stripped) < 200:
            if key in seen_short:
                drop = True          # a caption or headline repeated verbatim
            seen_short.add(key)
        out.append((" " * len(body) + line[len(body):]) if drop else line)
    return "".join(out)


def find_date(text: str) -> str | None:
    """The first full date (with a year) near the start of an article, as ISO 8601."""
    head = text[:1500]
    best = None
    for k, pat in enumerate(DATE_PATTERNS):
        for m in pat.finditer(head):
            try:
                if k == 0:
                    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
                elif k == 1:
                    d, mo, y = int(m.group(1)), MONTH_ABBR.get(m.group(2)[:3].lower()), int(m.group(3))
                else:
                    mo, d, y = MONTH_ABBR.get(m.group(1)[:3].lower()), int(m.group(2)), int(m.group(3))
            except ValueError:
                continue
            if mo and 1 <= mo <= 12 and 1 <= d <= 31 and 1900 < y < 2100:
                if best is None or m.start() < best[0]:
                    best = (m.start(), f"{y:04d}-{mo:02d}-{d:02d}")
                break
    return best[1] if best else None


def find_title(text: str) -> str | None:
    """The first short line that reads like a headline."""
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        words = s.split()
        if 2 <= len(words) <= 20 and not s.endswith((".", ":", ",")) and not find_date(s):
            return s
        if len(words) > 3:
            return None
    return None


class _HTMLText(HTMLParser):
    """Collects the readable text of an HTML page, skipping scripts, navigation and forms."""

    SKIP = {"script", "style", "nav", "footer", "header", "aside", "form", "noscript", "svg", "button", "iframe",
            "template", "select"}
    BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "tr", "blockquote", "section",
             "article", "title", "figcaption", "time", "pre", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: str | None = None
        self.date: str | None = None
        self._in_title = False
        self._in_h1 = False
        self.h1: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.SKIP:
            self.skip += 1
        if tag == "meta" and (a.get("property") or a.get("name") or "").lower() in (
                "article:published_time", "date", "pubdate", "dc.date", "dcterms.date", "og:published_time"):
            self.date = self.date or find_date(a.get("content") or "")
        if tag == "time" and a.get("datetime"):
            self.date = self.date or find_date(a["datetime"])
        self._in_title = tag == "title"
        self._in_h1 = tag == "h1"
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n\n")
        self._in_title = self._in_h1 = False

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data.strip()
            return
        if self.skip:
            return
        if self._in_h1 and not self.h1:
            self.h1 = data.strip()
        self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        raw = re.sub(r"[ \t\r\f\v]+", " ", raw)
        raw = re.sub(r" *\n[ \n]*\n *", "\n\n", raw)
        return raw.strip()


MD_FENCE = re.compile(r"```.*?```", re.S)
MD_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)")
MD_LINK = re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)")
MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]*", re.M)
MD_QUOTE = re.compile(r"^ {0,3}>[ \t]?", re.M)
MD_EMPHASIS = tuple(re.compile(rf"{d}(?=\S)((?:(?!{d}).)+?)(?<=\S){d}") for d in (r"\*\*", "__", "`", r"\*", "_"))
"""Markdown patterns, each linear in the text: no part can scan past the next delimiter or line end."""


def markdown_text(md: str) -> str:
    """Markdown to plain text: links, emphasis, headings and code fences reduced to their words (linear time)."""
    t = MD_FENCE.sub(" ", md)
    t = MD_IMAGE.sub(" ", t)
    t = MD_LINK.sub(r"\1", t)
    t = MD_HEADING.sub("", t)
    for pat in MD_EMPHASIS:
        t = pat.sub(r"\1", t)
    return MD_QUOTE.sub("", t)


def decode(data: bytes, source: str) -> str:
    """UTF-8 text of a file's bytes, or an IngestError saying why not."""
    if not data.strip():
        raise IngestError("empty file")
    if b"\x00" in data[:8192]:
        raise IngestError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                          "convert it with e.g. `iconv -f latin1 -t utf-8`") from exc
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise IngestError("binary file (control characters), not text")
    return text


def make_article(text: str, file_name: str, title: str | None = None, date: str | None = None,
                 url: str | None = None) -> Article:
    """An Article with a content-derived id, boilerplate blanked, title and date found if not given."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = sha256_text(text)
    clean = blank_boilerplate(text)
    if not clean.strip():
        raise IngestError("no article text left after removing boilerplate")
    return Article(doc_id=digest[:16], file_name=file_name, text=clean, sha256=digest,
                   title=title or find_title(clean), date=date or find_date(clean), url=url)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[Problem]]:
    """The articles in one file (one, or one per .jsonl line) and the lines skipped; raises IngestError."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}; expected one of {', '.join(sorted(SUFFIXES))}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"file is {size / 1e6:.1f} MB, larger than the limit of {max_bytes / 1e6:.1f} MB "
                              "(raise it with --max-file-size)")
        data = path.read_bytes()
    except PermissionError as exc:
        raise IngestError(f"cannot read: permission denied ({exc.strerror})") from exc
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from exc
    text = decode(data, str(path))
    if suffix == ".jsonl":
        return read_jsonl(text, path.name, str(path))
    if suffix in (".html", ".htm"):
        p = _HTMLText()
        p.feed(text)
        return [make_article(p.text(), path.name, title=p.h1 or p.title, date=p.date)], []
    if suffix in (".md", ".markdown"):
        return [make_article(markdown_text(text), path.name)], []
    return [make_article(text, path.name)], []


def read_jsonl(text: str, file_name: str, source: str) -> tuple[list[Article], list[Problem]]:
    """One article per JSON line with 'text' and optional 'id', 'title', 'date', 'url'."""
    articles, problems = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
                raise ValueError("needs a non-empty string field 'text'")
            ident = str(obj.get("id") or n)
            date = find_date(str(obj["date"])) if obj.get("date") else None
            url = obj.get("url") if isinstance(obj.get("url"), str) and obj["url"].startswith("http") else None
            title = obj.get("title") if isinstance(obj.get("title"), str) else None
            articles.append(make_article(obj["text"], f"{file_name}#{ident}", title=title, date=date, url=url))
        except (ValueError, IngestError) as exc:
            problems.append(Problem(f"{source}:{n}", f"skipped line: {exc}"))
    if not articles and not problems:
        raise IngestError("no articles in this JSON Lines file")
    return articles, problems


def collect_files(inputs: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Input files under the given files and folders, sorted; missing paths are problems."""
    files, problems = [], []
    for p in inputs:
        if p.is_dir():
            try:
                found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                               and not any(part.startswith(".") for part in f.relative_to(p).parts))
            except OSError as exc:
                problems.append(Problem(str(p), f"cannot list folder: {exc.strerror or exc}"))
                continue
            files += found
        elif p.is_file():
            files.append(p)
        else:
            problems.append(Problem(str(p), "no such file or folder"))
    return files, problems
