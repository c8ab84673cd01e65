"""Read input articles (.txt, .md, .html, .jsonl) into Article records, rejecting bad files clearly.

Boilerplate lines (share buttons, "Leave a comment", subscribe prompts, comment counters) are blanked
out with spaces rather than deleted, so character offsets into the article text stay valid.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import itertools
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from ..graph.iri import web_iri
from ..records import Article

SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl"}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
STDIN = "-"
"""The input name that means standard input."""
STDIN_NAME = "stdin"
"""The file name of articles read from standard input (``stdin:<id>`` for text, ``stdin#<id>`` for JSON Lines)."""

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
    skipped: bool = True      # False for a warning about an input that was read


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


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
"""Byte-order marks and the codec that decodes (and drops) each; UTF-32 first, its LE mark starts like UTF-16's."""


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of the data, or None."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc
    return None


def _utf16_hint(data: bytes) -> str | None:
    """'UTF-16LE'/'UTF-16BE' when BOM-less bytes look like UTF-16 text (NUL in every other byte), else None."""
    sample = data[:8192]
    half = len(sample) // 2
    if half < 4:
        return None
    if sample[1::2].count(0) > 0.6 * half and sample[0::2].count(0) < 0.1 * half:
        return "UTF-16LE"
    if sample[0::2].count(0) > 0.6 * half and sample[1::2].count(0) < 0.1 * half:
        return "UTF-16BE"
    return None


def decode(data: bytes, source: str) -> str:
    """The text of a file's bytes (UTF-8, or UTF-8/16/32 with a byte-order mark), or an IngestError saying why not."""
    enc = bom_encoding(data)
    if enc and enc != "utf-8-sig":
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            raise IngestError(f"not valid {enc.upper()} text (it starts with a {enc.upper()} byte-order mark; "
                              f"bad bytes at offset {exc.start})") from exc
    else:
        if b"\x00" in data[:8192]:
            hint = _utf16_hint(data)
            if hint:
                raise IngestError(f"looks like {hint} text without a byte-order mark; convert it with "
                                  f"`iconv -f {hint} -t UTF-8`")
            raise IngestError("binary file (contains NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IngestError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                              "convert it with e.g. `iconv -f latin1 -t utf-8`") from exc
    if not text.strip():
        raise IngestError("empty file")
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


def special_file(path: Path) -> str | None:
    """Why a path is not a readable regular file or folder (broken link, link loop, FIFO, device), or None."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if path.is_symlink():
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            return f"broken symbolic link (its target {target} does not exist)"
        return "no such file or folder"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop (the link points back to itself)"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = ("named pipe (FIFO)" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
            else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file")
    return f"a {kind}, not a regular file; not opened"


def _open_regular(path: Path):
    """A binary file object for a regular file, opened without ever blocking (a FIFO is refused, not read)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except PermissionError as exc:
        raise IngestError(f"cannot read: permission denied ({exc.strerror})") from exc
    except OSError as exc:
        raise IngestError(special_file(path) or f"cannot read: {exc.strerror or exc}") from exc
    fh = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        fh.close()
        raise IngestError(special_file(path) or "not a regular file; not read")
    return fh


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} KB"


def _too_big(size: int, max_bytes: int, what: str = "file") -> str:
    return f"{what} is {_size(size)}, larger than the limit of {_size(max_bytes)} (raise it with --max-file-size)"


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most max_bytes; raises IngestError."""
    try:
        with _open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise IngestError(_too_big(size, max_bytes))
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise IngestError(_too_big(len(data), max_bytes))
    return data


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[Problem]]:
    """The articles in one file (one, or one per .jsonl line) and the lines skipped; raises IngestError.

    The size limit applies to each article: to the whole file, or to each line of a .jsonl file.
    """
    if str(path) == STDIN:
        return read_stdin(sys.stdin.buffer, max_bytes)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}; expected one of {', '.join(sorted(SUFFIXES))}")
    if suffix == ".jsonl":
        return read_jsonl_file(path, max_bytes)
    text = decode(read_bytes(path, max_bytes), str(path))
    if suffix in (".html", ".htm"):
        p = _HTMLText()
        p.feed(text)
        return [make_article(p.text(), path.name, title=p.h1 or p.title, date=p.date)], []
    if suffix in (".md", ".markdown"):
        return [make_article(markdown_text(text), path.name)], []
    return [make_article(text, path.name)], []


def jsonl_record(line: str, n: int, file_name: str) -> Article:
    """The article of one JSON line with 'text' and optional 'id', 'title', 'date', 'url'; raises ValueError."""
    try:
        obj = json.loads(line)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise ValueError("needs a non-empty string field 'text'")
    raw_id = obj.get("id")
    ident = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) and str(raw_id) else str(n)
    date = find_date(str(obj["date"])) if isinstance(obj.get("date"), (str, int)) and obj.get("date") else None
    url = obj["url"] if isinstance(obj.get("url"), str) and obj["url"] else None
    title = obj["title"] if isinstance(obj.get("title"), str) and obj["title"].strip() else None
    try:
        return make_article(obj["text"], f"{file_name}#{ident}", title=title, date=date, url=url)
    except IngestError as exc:
        raise ValueError(str(exc)) from None


def read_jsonl(text: str, file_name: str, source: str,
               max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[Problem]]:
    """One article per line of a JSON Lines text (lines end at '\\n' only); bad lines become problems."""
    return _jsonl_articles(((n, line, None) for n, line in enumerate(text.split("\n"), 1)),
                           file_name, source, max_bytes)


def _jsonl_articles(lines, file_name: str, source: str, max_bytes: int) -> tuple[list[Article], list[Problem]]:
    articles, problems = [], []
    for n, line, error in lines:
        if error is None and line is not None:
            line = line.removesuffix("\r")
            if not line.strip():
                continue
            size = len(line.encode("utf-8", "surrogatepass"))
            error = _too_big(size, max_bytes, "line") if size > max_bytes else None
        if error is None:
            try:
                art = jsonl_record(line, n, file_name)
                articles.append(art)
                if art.url and not web_iri(art.url):
                    shown = art.url if len(art.url) <= 80 else art.url[:77] + "..."
                    problems.append(Problem(f"{source}:{n}", f"url {shown!r} is not a valid http(s) IRI; "
                                            "kept as plain text", skipped=False))
                continue
            except ValueError as exc:
                error = str(exc)
        problems.append(Problem(f"{source}:{n}", f"skipped line: {error}"))
    if not articles and not problems:
        raise IngestError("no articles in this JSON Lines file")
    return articles, problems


def _jsonl_lines(fh, max_bytes: int):
    """(line number, text or None, error or None) for each line of a UTF-8 JSON Lines file, read in bounded pieces."""
    n = 0
    while True:
        chunk = fh.readline(max_bytes + 2)
        if not chunk:
            return
        n += 1
        if n == 1:
            chunk = chunk.removeprefix(codecs.BOM_UTF8)
        body = chunk.removesuffix(b"\n").removesuffix(b"\r")
        if len(body) > max_bytes:
            size = len(chunk)
            while not chunk.endswith(b"\n"):
                chunk = fh.readline(1 << 20)
                if not chunk:
                    break
                size += len(chunk)
            yield n, None, _too_big(size, max_bytes, "line")
            continue
        try:
            yield n, body.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            yield n, None, f"not UTF-8 (invalid byte 0x{body[exc.start]:02x} at column {exc.start + 1})"


def read_jsonl_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[Problem]]:
    """The articles of a JSON Lines file, streamed line by line: each bad or too long line is skipped and reported."""
    try:
        with _open_regular(path) as fh:
            head = fh.read(8192)
            fh.seek(0)
            enc = bom_encoding(head)
            if not head.strip():
                raise IngestError("empty file")
            if enc and enc != "utf-8-sig":          # UTF-16/32: decoded whole, within the file limit
                size = os.fstat(fh.fileno()).st_size
                if size > max_bytes:
                    raise IngestError(_too_big(size, max_bytes) + f"; a {enc.upper()} JSON Lines file is read "
                                      "whole, convert it to UTF-8 to have the limit apply per line")
                return read_jsonl(decode(fh.read(), str(path)), path.name, str(path), max_bytes)
            if b"\x00" in head:
                decode(head, str(path))             # raises with the reason (binary, or UTF-16 without a mark)
            return _jsonl_articles(_jsonl_lines(fh, max_bytes), path.name, str(path), max_bytes)
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from exc


def _looks_like_json_line(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line.decode("utf-8-sig")), dict)
    except (ValueError, RecursionError):
        return False


def read_stdin(fh: BinaryIO, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[Problem]]:
    """The articles on standard input (``kg build -``): JSON Lines when its first non-blank line is a JSON
    object (UTF-8, streamed line by line, each line at most ``max_bytes``), else one text article of at
    most ``max_bytes`` named ``stdin:<document id>``; raises IngestError."""
    blank = b""
    while len(blank) <= max_bytes:
        first = fh.readline(max_bytes + 2)
        if not first or first.strip():
            break
        blank += first
    skipped = blank.count(b"\n")
    if not first:
        raise IngestError("standard input is empty")
    if first.lstrip(codecs.BOM_UTF8 + b" \t").startswith(b"{") and len(first) <= max_bytes + 1 \
            and _looks_like_json_line(first):
        head = [(skipped + 1, first.removesuffix(b"\n").decode("utf-8-sig"), None)]
        rest = ((skipped + 1 + n, line, err) for n, line, err in _jsonl_lines(fh, max_bytes))
        return _jsonl_articles(itertools.chain(head, rest), STDIN_NAME, STDIN_NAME, max_bytes)
    data = blank + first + fh.read(max(0, max_bytes + 1 - len(first) - len(blank)))
    if len(data) > max_bytes:
        raise IngestError(f"standard input is larger than the limit of {_size(max_bytes)} for one article "
                          "(raise it with --max-file-size, or give JSON Lines, one article a line)")
    text = decode(data, STDIN_NAME)
    article = make_article(text, STDIN_NAME)
    return [replace(article, file_name=f"{STDIN_NAME}:{article.doc_id}")], []


def _walk(root: Path, problems: list[Problem]) -> list[Path]:
    """Article files under a folder (hidden entries left out); links followed, loops and special files reported."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                problems.append(Problem(str(folder), "folder already read (a symbolic link loop or a second "
                                                     "link to it); not read again"))
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(str(folder), f"cannot list folder: {exc.strerror or exc}"))
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            path = Path(e.path)
            try:
                if e.is_dir():
                    stack.append(path)
                    continue
                if e.is_file():
                    if path.suffix.lower() in SUFFIXES:
                        found.append(path)
                    continue
            except OSError:
                pass
            problems.append(Problem(str(path), special_file(path) or "not a regular file or folder"))
    return sorted(found)


def collect_files(inputs: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Input files under the given files and folders, sorted; missing paths and special files are problems."""
    files, problems = [], []
    for p in inputs:
        if str(p) == STDIN:
            if p in files:
                problems.append(Problem(STDIN_NAME, "standard input given more than once; read once"))
            else:
                files.append(p)
            continue
        why = special_file(p)
        if why:
            problems.append(Problem(str(p), why))
        elif p.is_dir():
            found = _walk(p, problems)
            if not found:
                problems.append(Problem(str(p), "no article files in this folder (looked for "
                                                f"{', '.join(sorted(SUFFIXES))})"))
            files += found
        else:
            files.append(p)
    return files, problems
