"""Actor tables: the generated world actor data (`kg/data/world_actors.tsv`) and user files.

Format (UTF-8, tab-separated, ``#`` lines are comments, blank lines are skipped). The first
non-comment line is the header; it must start with ``label<TAB>class<TAB>aliases`` and may
go on with any of the optional columns, in any order:

``code``       a CAMEO actor code (``RUS``, ``RUSGOV``, ``IGOUNO``); letters and digits.
``roles``      ``;``-separated ``CODE@START..END`` items, dates ISO ``YYYY-MM-DD``, an open
               end left empty: ``RUSGOV@2000-05-07..2008-05-07;RUSGOV@2012-05-07..``.
``iso3``       ISO 3166-1 alpha-3 code of a country (checked with ``pycountry``).
``member_of``  name of the country or organisation the actor belongs to.
``leads``      name of the country or organisation the actor leads.

``aliases`` are separated by ``|``. ``class`` is one of :data:`kg.namespaces.ACTOR_CLASSES`.
A malformed file raises :class:`ActorTableError` with a one-line message ``FILE:LINE: what``.
Files larger than :data:`MAX_BYTES` are refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pycountry

from ..namespaces import ACTOR_CLASSES

MAX_BYTES = 64 * 1024 * 1024
"""Largest actor table accepted (the generated world table is about 2 MB)."""
REQUIRED = ("label", "class", "aliases")
OPTIONAL = ("code", "roles", "iso3", "member_of", "leads")
CAMEO_TO_ISO3 = {"TMP": "TLS"}
"""CAMEO country codes that are not the current ISO 3166-1 alpha-3 code of the same country."""

_CODE = re.compile(r"[A-Z]{3}[A-Z0-9]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ROLE = re.compile(r"([A-Z]{3}[A-Z0-9]*)@([0-9-]*)\.\.([0-9-]*)")


class ActorTableError(ValueError):
    """A malformed actor table; the message names the file and line."""


@dataclass(frozen=True)
class Role:
    """A CAMEO code an actor holds, optionally bounded in time (bounds inclusive)."""

    code: str
    start: date | None = None
    end: date | None = None

    def covers(self, on: date) -> bool:
        """True when ``on`` lies within the role's (inclusive, possibly open) interval."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def __str__(self) -> str:
        s = self.start.isoformat() if self.start else ""
        e = self.end.isoformat() if self.end else ""
        return f"{self.code}@{s}..{e}"


@dataclass(frozen=True)
class ActorRecord:
    """One actor of a table: label, class, surface forms, codes and dated roles."""

    label: str
    cls: str
    aliases: tuple[str, ...] = ()
    code: str = ""
    roles: tuple[Role, ...] = ()
    iso3: str = ""
    member_of: str = ""
    leads: str = ""


def parse_roles(cell: str) -> tuple[Role, ...]:
    """Parse a ``roles`` cell; raises ValueError naming the bad item."""
    if not cell:
        return ()
    return tuple(_parse_role(item) for item in (x.strip() for x in cell.split(";")) if item)


@lru_cache(maxsize=65536)
def _parse_role(item: str) -> Role:
    m = _ROLE.fullmatch(item)
    if not m:
        raise ValueError(f"bad role {item!r}: expected CODE@YYYY-MM-DD..YYYY-MM-DD (ends may be empty)")
    start, end = (_iso_date(x, item) for x in m.group(2, 3))
    if start and end and end < start:
        raise ValueError(f"bad role {item!r}: ends before it starts")
    return Role(m.group(1), start, end)


def _iso_date(text: str, item: str) -> date | None:
    if not text:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"bad date {text!r} in role {item!r}: expected YYYY-MM-DD") from None


def _split_aliases(cell: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for a in (x.strip() for x in cell.split("|")):
        if a:
            seen.setdefault(a, None)
    return tuple(seen)


def load_actor_table(path: str | Path) -> list[ActorRecord]:
    """Read and validate an actor table (generated or user file); raises ActorTableError."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ActorTableError(f"{p}: {size} bytes, larger than the {MAX_BYTES}-byte limit")
        text = p.read_text(encoding="utf8")
    except UnicodeDecodeError as e:
        raise ActorTableError(f"{p}: not UTF-8 ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise ActorTableError(f"{p}: cannot read ({e.strerror or e})") from None
    header: list[str] | None = None
    records: list[ActorRecord] = []
    first_line: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = _check_header(cells, p, lineno)
            continue
        if len(cells) > len(header):
            raise ActorTableError(f"{p}:{lineno}: {len(cells)} columns, the header has {len(header)}")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        try:
            rec = _record(row)
        except ValueError as e:
            raise ActorTableError(f"{p}:{lineno}: {e}") from None
        if rec.label in first_line:
            raise ActorTableError(f"{p}:{lineno}: duplicate label {rec.label!r} (first on line {first_line[rec.label]})")
        first_line[rec.label] = lineno
        records.append(rec)
    if header is None:
        raise ActorTableError(f"{p}: no header line (expected {'<TAB>'.join(REQUIRED)})")
    return records


def _check_header(cells: list[str], p: Path, lineno: int) -> list[str]:
    if tuple(cells[:3]) != REQUIRED:
        raise ActorTableError(f"{p}:{lineno}: header must start with label<TAB>class<TAB>aliases, got {'<TAB>'.join(cells[:3])!r}")
    for c in cells[3:]:
        if c not in OPTIONAL:
            raise ActorTableError(f"{p}:{lineno}: unknown column {c!r} (optional columns: {', '.join(OPTIONAL)})")
    if len(set(cells)) != len(cells):
        raise ActorTableError(f"{p}:{lineno}: a column is named twice")
    return cells


def _record(row: dict[str, str]) -> ActorRecord:
    label, cls = row["label"], row["class"]
    if not label:
        raise ValueError("empty label")
    if cls not in ACTOR_CLASSES:
        raise ValueError(f"unknown class {cls!r} (expected one of {', '.join(ACTOR_CLASSES)})")
    code = row.get("code", "")
    if code and not _CODE.fullmatch(code):
        raise ValueError(f"bad code {code!r}: expected CAMEO letters (3 or more, upper case)")
    iso3 = row.get("iso3", "")
    if iso3 and iso3_of(iso3) != iso3:
        raise ValueError(f"unknown ISO 3166-1 alpha-3 code {iso3!r}")
    aliases = tuple(a for a in _split_aliases(row["aliases"]) if a != label)
    return ActorRecord(label, cls, aliases, code, parse_roles(row.get("roles", "")), iso3,
                       row.get("member_of", ""), row.get("leads", ""))


def role_at(record: ActorRecord, on: date | None = None) -> Role | None:
    """The role valid at ``on``, or the latest role when ``on`` is None (None without roles).

    Tie-breaks. With a date: among the roles covering it, a role with at least one bound
    beats a fully open one (an undated code is the dictionary's fallback), then the latest
    start, then the earliest end (the narrower role), then the one listed last. Without a
    date: dated roles beat fully open ones, then the latest end (an open end counts as
    ongoing, later than any date), then the latest start, then the one listed last.
    """
    if not record.roles:
        return None
    indexed = list(enumerate(record.roles))
    if on is not None:
        covering = [(i, r) for i, r in indexed if r.covers(on)]
        if not covering:
            return None
        return max(covering, key=lambda ir: (_bounded(ir[1]), ir[1].start or date.min,
                                             -(ir[1].end or date.max).toordinal(), ir[0]))[1]
    return max(indexed, key=lambda ir: (_bounded(ir[1]), ir[1].end or date.max,
                                        ir[1].start or date.min, ir[0]))[1]


def _bounded(role: Role) -> bool:
    return role.start is not None or role.end is not None


@lru_cache(maxsize=4096)
def country_of_code(code: str) -> str | None:
    """The 3-letter country prefix of a CAMEO code ('RUSGOV' -> 'RUS'), None when not a country."""
    if not _CODE.fullmatch(code):
        return None
    prefix = code[:3]
    if (pycountry.countries.get(alpha_3=prefix) or pycountry.historic_countries.get(alpha_3=prefix)
            or prefix in CAMEO_TO_ISO3 or prefix == "KSV"):
        return prefix
    return None


@lru_cache(maxsize=4096)
def iso3_of(name_or_code: str) -> str | None:
    """The current ISO 3166-1 alpha-3 code of a country name or CAMEO code, via pycountry.

    A CAMEO code ('RUSGOV', 'TMP') maps through its country prefix; a historic country
    ('SUN', 'YUG') or a non-country code ('IGOUNO') gives None. Names must match a pycountry
    name, official name or common name exactly (case-insensitive); no fuzzy matching.
    """
    s = name_or_code.strip()
    if not s:
        return None
    if _CODE.fullmatch(s):
        prefix = country_of_code(s)
        if prefix is not None:
            prefix = CAMEO_TO_ISO3.get(prefix, prefix)
            return prefix if pycountry.countries.get(alpha_3=prefix) else None
    try:
        return pycountry.countries.lookup(s).alpha_3
    except LookupError:
        return None
