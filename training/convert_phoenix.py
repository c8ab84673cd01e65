"""Convert PETRARCH2's Phoenix actor and agent dictionaries into newskg's actor tables.

    python training/convert_phoenix.py DICT_DIR -o kg/data/world_actors.tsv [--agents-out kg/data/agents.tsv]

DICT_DIR holds ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt`` and ``Phoenix.agents.txt`` from
https://github.com/openeventdata/petrarch2 (MIT licence; its text is copied into the output
header). The output is sorted and byte-identical for the same input.

Reading (as PETRARCH's ``read_actor_dictionary`` does): a record is a primary phrase, its
``+`` synonyms and its indented ``[CODE ...]`` restrictions; a primary phrase with no code
that is directly followed by another primary joins that record (PETRARCH gives them one
code slot). Text after ``#`` or ``;`` is a comment. Brackets on the phrase line count like
indented ones. ``[CODE]`` is an undated code, ``[CODE <D]``, ``[CODE >D]``, ``[CODE D-D]``
are dated roles (D is YYMMDD, 00-30 -> 20xx, else 19xx, or YYYYMMDD); ``[---]`` is the null
code. Unreadable dates drop that role (counted).

Classes (first rule that applies; ``code`` is the undated code, else the latest role's):
  * Person: the primary phrase has 2-6 words, no organisation/function word (ORG_WORDS) and
    either dated roles or a first word that starts at least two dated person names of the
    dictionary (a first-name list learned from the Countries file). A person serves the
    country or organisation of each role: ``RUSGOV`` -> Russia's government.
  * Country: the code is exactly a country code (current or historic ISO 3166-1 alpha-3,
    checked with pycountry, plus CAMEO's KSV and TMP), or a country code followed by the
    ISO code of a dependent territory (``USAASM`` American Samoa, iso3 ASM).
  * InternationalOrganization: the code starts with IGO.
  * ArmedGroup: the code starts with IMG (international militarized group) or one of its
    3-letter segments is REB (rebels), INS (insurgents), UAF (unaligned armed forces) or
    SEP (separatists): ``SYRREB``, ``PSEREBHMS``, ``IMGMUSALQ``.
  * Organization: everything else (NGO, MNC, MED, a country's GOV/MIL/PTY/OPP bodies ...).
Records with only the null code, or whose code is not CAMEO-shaped, are dropped.

Merging: records of one class with the same code that share a surface form (compared
case-, dot-, hyphen- and leading-"the"-insensitively) are one actor, as are all Country
records with the same country code. The label is the first record's primary phrase.

Names: ``VLADIMIR_PUTIN`` -> ``Vladimir Putin``; "al-" is always lower case, particles
(bin, ibn, de, da, del, van, von, ...; for non-persons also of, the, and, in ...) are lower
case inside a name, dotted
initials stay upper case, and 2-5-letter acronyms are upper case (a bracketed "(ETA)" in a
name, a word without vowels, the initials of another name with the same code, or a short
one-word name of an organisation). "(...)" asides are cut from names, an acronym in them
becomes an alias (not for countries: "(UK)" in "Virgin Islands (UK)" is not a name).

Filters (each dropped surface form is counted by reason):
  * bad characters: anything but letters, digits, space and - ' . & / (e.g. U+FFFD).
  * too short: fewer than 3 characters, unless an acronym of a non-person.
  * too long: more than 10 words.
  * single word: a one-word form must be an acronym of a non-person, or name-like
    (letters, inner - or '), at least 4 letters, not in STOP_WORDS (spaCy's English stop
    words plus the common nouns and adjectives below) and, except for countries, not a
    first name alone (the learned first-name list). "The" + a stop word counts as one word.
  * person name on a group: an alias of a non-person that looks like a personal name (2-5
    words, no organisation word, a learned first name or a title (HONORIFICS) first, or an
    "al-" surname last),
    e.g. a leader listed as a synonym of his group; kept when the label starts with it.
  * place or other name in a country entry: a country's alias that shares neither its
    first three letters nor a word of 4+ letters with the country's label or pycountry
    names and is not similar to one (difflib ratio < 0.7): cities, provinces, nicknames.
  * subdivision: a country's alias that is the name of one of its ISO 3166-2 subdivisions
    (provinces, regions: "Helmand"), which would turn places into the state.
  * ambiguous: a form left on two actors (after merging) is dropped from both; an actor
    whose label is ambiguous takes its first unambiguous alias as label or is dropped.
  * curated: a form that names a different entry of kg/data/countries.tsv or actors.tsv.
Curated entries win: a generated actor whose label or alias is the name or alias of exactly
one curated entry takes that entry's name as label and its class.

Agents (``--agents-out``): each phrase of Phoenix.agents.txt with its plurals (regular
S/IES/ES ones unless ``{}`` or the phrase already ends in a single S, irregular ones given in
``{...}``) and ``!SET!`` substitutions (a phrase using one marker twice is a dictionary typo, skipped),
lower case, with the code (``~`` removed) and a kind from the code's first segment:
REB/INS/UAF/SEP rebels, MIL military, COP police, OPP opposition, GOV government - or
officials when the phrase's last word is a person noun (OFFICIAL_NOUNS) -, else other.
A phrase listed twice keeps its first code (counted).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

import pycountry
from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS

from kg.extract.actordict import CAMEO_TO_ISO3, ActorRecord, Role, role_at

SOURCE_URL = "https://github.com/openeventdata/petrarch2"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
COLUMNS = ("label", "class", "aliases", "code", "roles", "iso3")
CURATED_DIR = Path(__file__).resolve().parent.parent / "kg" / "data"

ORG_WORDS = frozenset("""
OF THE FOR AND AGAINST ARMY ARMED FORCES FORCE FRONT PARTY COUNCIL UNION
ORGANIZATION ORGANISATION AGENCY BANK FUND COMMISSION COMMITTEE MINISTRY MINISTER GOVERNMENT
ASSOCIATION MOVEMENT BRIGADE BRIGADES GROUP GROUPS NATIONS COURT INC CORP CORPORATION LTD CO
COMPANY COMPANIES INSTITUTE FOUNDATION SOCIETY CENTRE CENTER NATIONAL INTERNATIONAL FEDERATION
LEAGUE ALLIANCE COALITION CONGRESS ASSEMBLY PARLIAMENT SENATE OFFICE DEPARTMENT BUREAU SERVICE
SERVICES POLICE GUARD GUARDS MILITIA MILITIAS REPUBLIC STATE STATES KINGDOM EMPIRE ISLANDS
REGIME AUTHORITY AUTHORITIES NETWORK MISSION BOARD SECRETARIAT PROGRAM PROGRAMME PROJECT
INDUSTRIES HOLDINGS PARTNERS INTERNATIONAL GLOBAL WORLD UNITED DEMOCRATIC ISLAMIC REVOLUTIONARY
LIBERATION PEOPLES PEOPLE'S CELL CELLS NUCLEI NUCLEUS FACTION COMMAND BATTALION REGIMENT
DIVISION CORPS TRIBUNAL UNIVERSITY SCHOOL COLLEGE HOSPITAL MEDIA NEWS TIMES RADIO TELEVISION
SECRETARY GENERAL ENVOY MONITOR PEACEKEEPER PEACEKEEPERS RESIDENT CHIEF SPOKESMAN DELEGATION
JAMA'AT JAMAAT JAMAAH JAMIAT ANSAR JAISH JAYSH HARAKAT HARAKAH KATAIB KATAEB LIWA JABHAT JABHA TANZEEM
TANZIM HIZB HEZB SARAYA ASAIB FAYLAQ AHRAR JUND JUNUD MAJLIS ITTIHAD TEHRIK TEHREEK LASHKAR SIPAH
TAWHID JIHAD MUJAHIDEEN MUJAHIDIN
""".split())
EXTRA_STOP_WORDS = frozenset("""
government army police military president minister ministry state states people national union
party front council security republic islamic democratic democracy freedom liberty justice peace
revolution revolutionary world global general chief leader leaders king queen prince princess
empire central north south east west northern southern eastern western new old great united
first second day time year today group forces force office court bank fund agency committee
commission congress assembly parliament senate house home nation nations country people public
international liberation movement brigade brigades army navy guard guards official officials
authority authorities regime opposition rebels rebel militants militant insurgents media news
christian muslim muslims jewish arab arabs african asian european american islam sunni shia
monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december spring summer autumn winter morning evening
red blue green black white gold golden silver star sun moon sky earth land sea ocean river
mountain island islands city town village capital port valley desert coast bay lake
holy sacred divine god lord church mosque temple saint free fair justice unity solidarity
victory hope light fire storm thunder lightning eagle eagles lion lions tiger tigers hawk hawks
wolf wolves falcon falcons dragon dragons sword swords shield arrow arrows
the and for with against
""".split())
STOP_WORDS = frozenset(w.lower() for w in SPACY_STOP_WORDS) | EXTRA_STOP_WORDS
NAME_PARTICLES = frozenset("""
al el ad ud bin bint ibn de da di du des del della dos das der den van von la le y e au aux zu ter ten
""".split())
"""Lower case inside any name ('Osama bin Laden', 'Juan de la Cruz')."""
PARTICLES = NAME_PARTICLES | frozenset("of the and for in on at to by".split())
"""Lower case inside the name of a non-person ('Party of God'); 'In' stays in 'Hyun In Taek'."""
ROLE_SEGMENTS = frozenset("""
GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL AGR ENV HLH HRI LAB LEG REF MOD RAD ELI UAF
INS SEP IGO NGO NGM MNC IMG DEV UNO PPL REL CHR MUS JEW BUD HIN
""".split())
ARMED_SEGMENTS = frozenset({"REB", "INS", "UAF", "SEP"})
OFFICIAL_NOUNS = frozenset("""
official officials minister ministers spokesman spokesmen spokeswoman spokeswomen spokesperson
spokespersons ambassador ambassadors diplomat diplomats envoy envoys president presidents premier
premiers secretary secretaries adviser advisers advisor advisors aide aides delegate delegates
representative representatives chancellor chancellors governor governors mayor mayors
administrator administrators bureaucrat bureaucrats negotiator negotiators emissary emissaries
consul consuls commissioner commissioners chief chiefs head heads leader leaders statesman
statesmen politician politicians lawmaker lawmakers legislator legislators councillor councillors
councilor councilors senator senators deputy deputies
""".split())
TITLE_ABBREVIATIONS = frozenset({"MR", "MRS", "MS", "DR", "ST", "SR", "JR", "LT", "SGT", "GEN", "COL"})
HONORIFICS = frozenset("""
SAYYED SAYYID SAYED SHEIKH SHEIK SHAYKH SHAIKH MULLAH MULLA MAULANA IMAM AYATOLLAH HOJATOLESLAM EMIR
AMIR COMMANDER GENERAL GEN COLONEL COL CAPTAIN MAJOR MR MRS MS DR MISTER PRESIDENT LEADER CHIEF
""".split())
"""Title words that make a group's alias a person's name ('Sheikh Ahmed Yassin')."""
KIND_OF_SEGMENT = {"REB": "rebels", "INS": "rebels", "UAF": "rebels", "SEP": "rebels",
                   "MIL": "military", "COP": "police", "OPP": "opposition", "GOV": "government"}
NOTICE = """The MIT License (MIT)

Copyright (c) 2014 Open Event Data

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE."""

_BRACKET = re.compile(r"\[([^\]]*)\]")
_DATE_RESTRICTION = re.compile(r"([<>])\s*(\d+)|(\d+)\s*-\s*(\d+)")
_OK_CHARS = re.compile(r"[A-Za-z0-9 .&/'-]+")
_CAMEO = re.compile(r"[A-Z]{3}[A-Z0-9]*")


@dataclass
class Raw:
    """One dictionary record as read: phrases (primary first) and its bracket contents."""

    source: str
    line: int
    phrases: list[str]
    brackets: list[str] = field(default_factory=list)


@dataclass
class Actor:
    """A record being converted."""

    label: str
    cls: str
    code: str
    forms: list[str]                       # surface forms, label first
    roles: list[Role] = field(default_factory=list)
    iso3: str = ""
    order: int = 0


# ---------------------------------------------------------------- reading

def _strip_comment(line: str) -> str:
    return re.split(r"[#;]", line, maxsplit=1)[0].rstrip()


def read_actor_records(path: Path) -> list[Raw]:
    """Group a Phoenix .actors file into records (primary, synonyms, restrictions)."""
    records: list[Raw] = []
    cur: Raw | None = None
    text = path.read_text(encoding="utf8", errors="replace")
    for n, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("<!") or raw.startswith("#"):
            continue
        line = _strip_comment(raw)
        s = line.strip()
        if not s:
            continue
        if line[0] in " \t" and s.startswith("["):
            if cur is not None:
                cur.brackets += _BRACKET.findall(s)
            continue
        if s.startswith("+"):
            if cur is not None:
                cur.phrases.append(s[1:].split("[", 1)[0].strip())
                cur.brackets += _BRACKET.findall(s)
            continue
        phrase, brackets = s.split("[", 1)[0].strip(), _BRACKET.findall(s)
        if cur is not None and not cur.brackets:
            cur.phrases.append(phrase)
            cur.brackets += brackets
            continue
        cur = Raw(path.name, n, [phrase], brackets)
        records.append(cur)
    return records


def parse_date(text: str) -> date:
    """A Phoenix date (YYMMDD with 00-30 -> 20xx, or YYYYMMDD) as a date; ValueError if bad."""
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        return date(year, int(text[2:4]), int(text[4:6]))
    if len(text) == 8:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    raise ValueError(text)


def parse_bracket(content: str) -> tuple[str, Role | None]:
    """``CODE [restriction]`` -> (code, dated Role or None); ValueError when unreadable."""
    parts = content.strip().split(None, 1)
    if not parts:
        raise ValueError("empty")
    code, rest = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if not rest:
        return code, None
    m = _DATE_RESTRICTION.fullmatch(rest)
    if not m:
        raise ValueError(rest)
    if m.group(1):
        d = parse_date(m.group(2))
        return code, Role(code, None, d) if m.group(1) == "<" else Role(code, d, None)
    a, b = parse_date(m.group(3)), parse_date(m.group(4))
    if b < a:
        raise ValueError(rest)
    return code, Role(code, a, b)


# ---------------------------------------------------------------- names

def _tokens(phrase: str) -> list[str]:
    return [t for t in re.split(r"[_ ]+", phrase) if t]


def _has_vowel(tok: str) -> bool:
    return any(c in "AEIOUY" for c in tok.upper())


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and w.upper() not in {"OF", "THE", "AND", "FOR", "IN", "ON", "DE", "LA"}
                   and w[0].isalpha())


def _cap(part: str) -> str:
    if not part:
        return part
    if "'" in part:
        head, _, tail = part.partition("'")
        if tail.upper() == "S":
            return _cap(head) + "'s"
        if len(head) == 1 and head.upper() in "DL":
            return head.lower() + "'" + _cap(tail)
        return _cap(head) + "'" + _cap(tail)
    return part[0].upper() + part[1:].lower()


def normal_case(phrase: str, acronyms: frozenset[str] = frozenset(), person: bool = False) -> str:
    """``VLADIMIR_PUTIN`` -> ``Vladimir Putin`` (particles, al-, initials and acronyms handled)."""
    out = []
    for i, tok in enumerate(_tokens(phrase)):
        if "." in tok and all(len(p) <= 1 for p in tok.split(".")):
            out.append(tok.upper())                                   # U.N., R.K.
            continue
        if tok.upper() in acronyms or (len(tok) >= 2 and tok.isalpha() and not _has_vowel(tok)
                                       and tok.upper() not in TITLE_ABBREVIATIONS):
            out.append(tok.upper())
            continue
        parts = tok.split("-")
        cased = []
        for j, part in enumerate(parts):
            low = part.lower()
            if low in ("al", "el") and j < len(parts) - 1:
                cased.append(low)                                     # al-Qaeda
            elif (i > 0 or j > 0) and low in (NAME_PARTICLES if person else PARTICLES) and len(parts) == 1:
                cased.append(low)
            else:
                cased.append(_cap(part))
        out.append("-".join(cased))
    return " ".join(out)


def form_key(form: str) -> str:
    """Comparison key of a surface form: case-, dot-, apostrophe-, hyphen-, 'the'-insensitive."""
    k = form.casefold().replace(".", "").replace("'", "").replace("-", " ")
    k = re.sub(r"\s+", " ", k).strip()
    return k[4:] if k.startswith("the ") else k


def _split_aside(phrase: str) -> tuple[str, list[str]]:
    """Cut "(...)" asides from a phrase; return it and the asides' contents."""
    asides = re.findall(r"\(([^)]*)\)", phrase)
    return re.sub(r"\([^)]*\)", " ", phrase).strip("_ "), [a.strip("_ ") for a in asides]


# ---------------------------------------------------------------- classes

def is_country_code(code: str) -> bool:
    """A current or historic ISO alpha-3 code, or CAMEO's own country codes."""
    return bool(pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)
                or code in CAMEO_TO_ISO3 or code == "KSV")


def classify(code: str, words: list[str], dated: bool, first_names: set[str]) -> tuple[str, str]:
    """(class, iso3) of a record from its code, primary phrase words and dated roles."""
    upper = [w.upper() for w in words]
    person_like = 2 <= len(upper) <= 8 and not (set(upper) & ORG_WORDS) and all(
        re.fullmatch(r"[A-Z][A-Z'.-]*", w) for w in upper)
    if person_like and (dated or upper[0] in first_names):
        return "Person", ""
    if len(code) == 3 and is_country_code(code):
        iso = CAMEO_TO_ISO3.get(code, code)
        return "Country", iso if pycountry.countries.get(alpha_3=iso) else ""
    if (len(code) == 6 and is_country_code(code[:3]) and code[3:] not in ROLE_SEGMENTS
            and pycountry.countries.get(alpha_3=code[3:])):
        return "Country", code[3:]
    if code.startswith("IGO"):
        return "InternationalOrganization", ""
    segments = {code[i:i + 3] for i in range(0, len(code), 3)}
    if code.startswith("IMG") or segments & ARMED_SEGMENTS:
        return "ArmedGroup", ""
    return "Organization", ""


# ---------------------------------------------------------------- conversion

class Converter:
    """Reads the dictionaries, classifies, merges, filters and writes the tables."""

    def __init__(self, curated_dir: Path | None = CURATED_DIR):
        self.dropped: Counter[str] = Counter()
        self.stats: Counter[str] = Counter()
        self.curated = _read_curated(curated_dir) if curated_dir else {}

    # -- records -> actors
    def actors_from(self, raws: list[Raw]) -> list[Actor]:
        """Classify and name every record; merge duplicates."""
        first_names = _first_names(raws)
        self.first_names = first_names
        parsed = []
        for r in raws:
            self.stats["entries read"] += 1
            default, roles = None, []
            for b in r.brackets:
                try:
                    code, role = parse_bracket(b)
                except ValueError:
                    self.dropped["role with a bad date or restriction"] += 1
                    continue
                if code == "---" or not _CAMEO.fullmatch(code):
                    if code != "---":
                        self.dropped["role with a bad code"] += 1
                    continue
                if role is None:
                    if default is None:
                        default = code
                    else:
                        roles.append(Role(code))
                else:
                    roles.append(role)
            if default is None and not roles:
                self.stats["entries with no code (dropped)"] += 1
                continue
            primary, _ = _split_aside(r.phrases[0])
            words = _tokens(primary)
            cls, iso3 = classify(default or "", words, bool(roles), first_names) if default else (None, "")
            if cls is None:       # no undated code: classify by the latest role
                latest = role_at(ActorRecord("x", "Person", roles=tuple(roles)))
                cls, iso3 = classify(latest.code, words, True, first_names)
            if default:
                roles = [Role(default)] + roles
            code = role_at(ActorRecord("x", cls, roles=tuple(roles))).code
            if cls != "Person" and not any(r.start or r.end for r in roles):
                roles = []
            parsed.append((r, cls, code, iso3, roles))
        acronyms_by_code = self._acronyms(parsed)
        singles = {"".join(_tokens(_split_aside(ph)[0])).upper() for r, cls, *_ in parsed if cls != "Person"
                   for ph in r.phrases if len(_tokens(_split_aside(ph)[0])) == 1}
        self.global_acronyms = frozenset(a for v in acronyms_by_code.values() for a in v
                                         if a in singles and len(a) <= 4)
        actors = []
        for n, (r, cls, code, iso3, roles) in enumerate(parsed):
            acr = acronyms_by_code.get(code, frozenset())
            forms = []
            for ph in r.phrases:
                main, asides = _split_aside(ph)
                if main:
                    forms.append(self._name(main, acr, cls))
                if cls != "Country":
                    for a in asides:
                        if re.fullmatch(r"[A-Z]{2,5}", a):
                            forms.append(a)
            forms = [f for f in forms if f]
            if not forms:
                self.stats["entries with no name (dropped)"] += 1
                continue
            label = forms[0][4:] if forms[0].startswith("The ") and len(forms[0]) > 4 else forms[0]
            actors.append(Actor(label, cls, code, [label] + forms, roles, iso3, n))
        return self._merge(actors)

    def _name(self, phrase: str, acr: frozenset[str], cls: str) -> str:
        words = _tokens(phrase)
        the = "The " if len(words) == 2 and words[0].upper() == "THE" else ""
        if the:
            words = words[1:]
        if cls not in ("Person", "Country") and len(words) == 1 and len(words[0]) <= 4 and words[0].isalpha():
            return the + words[0].upper()           # 'UN', 'The EU'; longer ones need the acronym rules
        if cls == "Person":
            return normal_case(phrase, self.global_acronyms, person=True)
        return normal_case(phrase, acr | self.global_acronyms)

    def _acronyms(self, parsed) -> dict[str, frozenset[str]]:
        """Per code: bracketed acronyms and initials of the multi-word names with that code."""
        out: dict[str, set[str]] = defaultdict(set)
        inits: set[str] = set()
        name_words: set[str] = set()
        asides_all: set[str] = set()
        for r, cls, code, _, _ in parsed:
            if cls == "Person":
                continue
            for ph in r.phrases:
                main, asides = _split_aside(ph)
                found = {a for a in asides if re.fullmatch(r"[A-Z]{2,5}", a)}
                out[code].update(found)
                asides_all.update(found)
                words = _tokens(main)
                ini = _initials(words)
                if len(words) >= 2 and 2 <= len(ini) <= 5:
                    out[code].add(ini.upper())
                    inits.add(ini.upper())
                name_words.update(w.upper() for w in words)
        # initials that are also words of the names ('CHINA') are not acronyms
        return {k: frozenset(a for a in v if a not in (name_words & inits) or a in asides_all)
                for k, v in out.items()}

    def _merge(self, actors: list[Actor]) -> list[Actor]:
        parent = list(range(len(actors)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        seen: dict[tuple, int] = {}
        for i, a in enumerate(actors):
            keys = [("country", a.code)] if a.cls == "Country" else [(a.cls, a.code, form_key(f)) for f in a.forms]
            for k in keys:
                if k in seen:
                    parent[find(i)] = find(seen[k])
                else:
                    seen[k] = i
        groups: dict[int, list[Actor]] = defaultdict(list)
        for i, a in enumerate(actors):
            groups[find(i)].append(a)
        merged = []
        for members in groups.values():
            if members[0].cls == "Country":     # the country's own block, not a city block with dates
                members.sort(key=lambda m: bool(m.roles))
            head = members[0]
            for m in members[1:]:
                head.forms += m.forms
                head.roles += [r for r in m.roles if r not in head.roles]
                self.stats["entries merged into another"] += 1
            merged.append(head)
        return merged

    # -- filtering
    def keep_form(self, form: str, actor: Actor) -> str | None:
        """None when the form is acceptable, else the reason to drop it."""
        if not _OK_CHARS.fullmatch(form):
            return "bad characters"
        words = form.split()
        is_acronym = (actor.cls != "Person" and len(words) == 1
                      and re.fullmatch(r"[A-Z]{2,5}|(?:[A-Z]\.){2,5}", form) is not None)
        if len(form) < 3 and not is_acronym:
            return "too short"
        if len(words) > 10:
            return "too long"
        if len(words) == 2 and words[0] == "The" and words[1].lower() in STOP_WORDS:
            return "single common word"                 # 'The Lightning' is as common as 'Lightning'
        if len(words) == 1 and not is_acronym:
            w = words[0]
            if not re.fullmatch(r"(?:al-)?[A-Z][a-z]+(?:['-][A-Za-z][a-z]*)*", w):
                return "single word not name-like"
            if sum(c.isalpha() for c in w) < 4:
                return "single word under 4 letters"
            if w.lower() in STOP_WORDS:
                return "single common word"
            if actor.cls != "Country" and w.upper() in self.first_names:
                return "first name alone"
        return None

    def filter(self, actors: list[Actor]) -> list[Actor]:
        """Apply the per-form filters, subdivisions, curated conflicts and ambiguity."""
        subdivisions = _subdivision_keys()
        for a in actors:
            kept, seen = [], set()
            for f in a.forms:
                k = form_key(f)
                if k in seen or not k:
                    continue
                seen.add(k)
                reason = self.keep_form(f, a)
                if reason is None and f != a.forms[0]:
                    reason = self._foreign_form(f, k, a, subdivisions)
                if reason:
                    self.dropped[reason] += 1
                else:
                    kept.append(f)
            a.forms = kept
        actors = self._apply_curated(actors)
        owners: dict[str, set[int]] = defaultdict(set)
        for i, a in enumerate(actors):
            for f in a.forms:
                owners[form_key(f)].add(i)
        out = []
        for a in actors:
            forms = []
            for f in a.forms:
                if len(owners[form_key(f)]) > 1:
                    self.dropped["ambiguous (on two actors)"] += 1
                else:
                    forms.append(f)
            if not forms:
                self.stats["actors with no usable name (dropped)"] += 1
                continue
            if forms[0] != a.label:
                self.stats["labels replaced by the first usable alias"] += 1
            a.label, a.forms = forms[0], forms
            out.append(a)
        by_label: dict[str, Actor] = {}       # labels are unique: the first actor keeps one
        for a in sorted(out, key=lambda x: x.order):
            if a.label in by_label:
                self.stats["duplicate labels (dropped)"] += 1
                continue
            by_label[a.label] = a
        return sorted(by_label.values(), key=lambda x: (x.label.casefold(), x.label))

    def _foreign_form(self, form: str, key: str, a: Actor, subdivisions: dict[str, set[str]]) -> str | None:
        """Reason why an alias names something else than the actor (a place, a person), or None."""
        if a.cls == "Country":
            if key in subdivisions.get(a.iso3 or a.code, ()):
                return "subdivision name of the country"
            if not _names_country(form, a):
                return "place or other name in a country entry"
            return None
        words = [w.upper() for w in form.split()]
        named = (words[0] in self.first_names or words[0] in HONORIFICS
                 or (len(words) <= 4 and words[-1].startswith("AL-")))
        if (a.cls != "Person" and 2 <= len(words) <= 5 and named and not words[0].startswith("AL-")
                and not set(words) & ORG_WORDS and not form_key(a.forms[0]).startswith(key)):
            return "person name on a group"
        return None

    def _apply_curated(self, actors: list[Actor]) -> list[Actor]:
        """Curated names win: an actor naming one curated entry takes its name and class (actors
        naming the same entry are merged); forms naming another curated entry are dropped."""
        index: dict[str, set[str]] = defaultdict(set)
        for key, (name, _cls) in self.curated.items():
            index[key].add(name)
        classes = {name: cls for name, cls in self.curated.values()}
        by_curated: dict[str, Actor] = {}
        out = []
        for a in sorted(actors, key=lambda x: x.order):
            label_hits = index.get(form_key(a.label), set()) if a.forms and a.forms[0] == a.label else set()
            hits = {n for f in a.forms for n in index.get(form_key(f), ())}
            same_class = {n for n in hits if classes[n] == a.cls}
            own = (next(iter(label_hits)) if len(label_hits) == 1
                   else next(iter(same_class)) if len(same_class) == 1 and len(hits) == 1 else None)
            kept = []
            for f in a.forms:
                names = index.get(form_key(f), set())
                if names and names != {own}:
                    self.dropped["names a different curated entry"] += 1
                elif f != own:
                    kept.append(f)
            a.forms = kept
            if own is None:
                out.append(a)
                continue
            self.stats["actors matched to a curated entry"] += 1
            if own in by_curated:
                head = by_curated[own]
                head.forms += a.forms
                head.roles += [r for r in a.roles if r not in head.roles]
                self.stats["entries merged into another"] += 1
                continue
            a.label, a.cls, a.forms = own, classes[own], [own] + a.forms
            if a.cls != "Country":
                a.iso3 = ""
            by_curated[own] = a
            out.append(a)
        return out

    # -- output
    def rows(self, actors: list[Actor]) -> list[tuple[str, ...]]:
        """The TSV rows (without header), sorted by label."""
        rows = []
        for a in actors:
            aliases = "|".join(sorted((f for f in a.forms if f != a.label), key=lambda s: (s.casefold(), s)))
            roles = sorted(a.roles, key=lambda r: (r.start or date.min, r.end or date.max, r.code))
            show_roles = a.cls == "Person" or (a.cls != "Country" and any(r.start or r.end for r in roles))
            rows.append((a.label, a.cls, aliases, a.code, ";".join(map(str, roles)) if show_roles else "",
                         a.iso3 if a.cls == "Country" else ""))
            self.stats[f"written {a.cls}"] += 1
        return rows


def _first_names(raws: list[Raw]) -> set[str]:
    """First words that start at least two dated person-like names of the Countries file."""
    c: Counter[str] = Counter()
    for r in raws:
        if r.source != ACTOR_FILES[0] or not any(" " in b.strip() for b in r.brackets):
            continue
        words = [w.upper() for w in _tokens(_split_aside(r.phrases[0])[0])]
        if 2 <= len(words) <= 5 and not set(words) & ORG_WORDS and words[0].isalpha():
            c[words[0]] += 1
    return {w for w, n in c.items() if n >= 2 and w.lower() not in PARTICLES}


def _country_names(a: Actor) -> list[str]:
    names = [a.forms[0] if a.forms else a.label]
    c = pycountry.countries.get(alpha_3=a.iso3) if a.iso3 else pycountry.historic_countries.get(alpha_3=a.code)
    if c is not None:
        names += [getattr(c, k) for k in ("name", "official_name", "common_name") if getattr(c, k, None)]
    return [n.split(",")[0] for n in names]


def _names_country(form: str, a: Actor) -> bool:
    """True when an alias of a country looks like a name of that country (not a city or region)."""
    f = form_key(form)
    fwords = set(f.split())
    for name in _country_names(a):
        n = form_key(name)
        if f[:3] == n[:3] or SequenceMatcher(None, f, n).ratio() >= 0.7:
            return True
        if any(len(w) >= 4 and w in fwords for w in n.split()):
            return True
    return False


def _subdivision_keys() -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for s in pycountry.subdivisions:
        country = pycountry.countries.get(alpha_2=s.country_code)
        if country:
            out[country.alpha_3].add(form_key(s.name))
    return out


def _read_curated(d: Path) -> dict[str, tuple[str, str]]:
    """form key -> (curated name, class) from kg/data/countries.tsv and actors.tsv."""
    out: dict[str, tuple[str, str]] = {}
    if not d.is_dir():
        return out

    def rows(p: Path):
        if p.exists():
            for line in p.read_text(encoding="utf8").splitlines():
                if line.strip() and not line.startswith("#"):
                    yield (line.split("\t") + [""] * 4)[:4]

    for name, demonyms, capitals, aliases in rows(d / "countries.tsv"):
        for f in [name, *aliases.split("|")]:
            if f.strip():
                out.setdefault(form_key(f), (name, "Country"))
    for name, cls, aliases, _ in rows(d / "actors.tsv"):
        for f in [name, *aliases.split("|")]:
            if f.strip():
                out.setdefault(form_key(f), (name, cls))
    return out


# ---------------------------------------------------------------- agents

def read_agents(path: Path, dropped: Counter) -> list[tuple[str, str, str]]:
    """(word, code, kind) rows of a Phoenix agents file, plurals and substitutions expanded."""
    subs: dict[str, list[str]] = {}
    out: dict[str, tuple[str, str]] = {}
    for raw in path.read_text(encoding="utf8", errors="replace").splitlines():
        if raw.startswith("<!") or raw.startswith("#"):
            continue
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line)
        if m:
            subs[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        m = re.fullmatch(r"([^\[{]+?)\s*(?:\{([^}]*)\})?\s*\[([^\]}]*)[\]}]", line)
        if not m:
            dropped["agent line unreadable"] += 1
            continue
        phrase, plural, code = m.group(1).strip(), m.group(2), m.group(3).strip().replace("~", "")
        if not re.fullmatch(r"[A-Z]{3}[A-Z0-9]*", code):
            dropped["agent with a bad code"] += 1
            continue
        forms: list[str] = []
        marker = re.search(r"![A-Z]+!", phrase)
        if marker and phrase.count(marker.group(0)) > 1:
            dropped["agent with a repeated !SET! marker"] += 1
            continue
        if marker:
            forms = [phrase.replace(marker.group(0), s) for s in subs.get(marker.group(0), [])]
        else:
            forms = [phrase]
            if plural is None:
                forms.append(_plural(phrase))
            elif plural.strip():
                forms += [p for p in plural.split() if p]
        for f in forms:
            word = " ".join(_tokens(f)).lower()
            if not word or not re.fullmatch(r"[a-z0-9 .'&/-]+", word):
                dropped["agent with bad characters"] += 1
                continue
            if word in out:
                if out[word][0] != code:
                    dropped["agent listed twice (first code kept)"] += 1
                continue
            out[word] = (code, _agent_kind(word, code))
    return sorted((w, c, k) for w, (c, k) in out.items())


def _plural(phrase: str) -> str:
    if phrase.endswith("S") and not phrase.endswith("SS"):
        return phrase                      # already plural ('GOVERNMENT_FORCES')
    if phrase.endswith("SS"):
        return phrase + "ES"
    if phrase.endswith("Y") and not phrase.endswith(("AY", "EY", "OY", "UY")):
        return phrase[:-1] + "IES"
    return phrase + "S"


def _agent_kind(word: str, code: str) -> str:
    kind = KIND_OF_SEGMENT.get(code[:3], "other")
    if kind == "government" and word.split()[-1] in OFFICIAL_NOUNS:
        return "officials"
    return kind


# ---------------------------------------------------------------- writing

def header_lines(what: str) -> list[str]:
    """The ``#`` comment lines opening a generated file."""
    lines = [f"# {what}", "# Generated by training/convert_phoenix.py from PETRARCH2's Phoenix dictionaries",
             f"# ({', '.join(ACTOR_FILES + (AGENT_FILE,))}), source: {SOURCE_URL}",
             "# Do not edit: re-run the converter. The dictionaries are under this licence:", "#"]
    lines += [f"# {x}".rstrip() for x in NOTICE.splitlines()]
    return lines


def write_tsv(path: Path, comments: list[str], header: tuple[str, ...], rows: list[tuple[str, ...]]) -> int:
    """Write comment lines, the header and rows atomically; returns the byte size."""
    text = "\n".join(comments + ["\t".join(header)] + ["\t".join(r) for r in rows]) + "\n"
    data = text.encode("utf8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return len(data)


def convert(dict_dir: Path, out: Path, agents_out: Path | None = None,
            curated_dir: Path | None = CURATED_DIR) -> Converter:
    """Run the whole conversion; returns the converter with its counts."""
    conv = Converter(curated_dir)
    raws: list[Raw] = []
    for name in ACTOR_FILES:
        p = dict_dir / name
        if not p.is_file():
            raise FileNotFoundError(f"{p}: missing (expected the Phoenix dictionaries in {dict_dir})")
        raws += read_actor_records(p)
    actors = conv.filter(conv.actors_from(raws))
    conv.stats["bytes written"] = write_tsv(out, header_lines("newskg world actors"), COLUMNS, conv.rows(actors))
    if agents_out is not None:
        p = dict_dir / AGENT_FILE
        if not p.is_file():
            raise FileNotFoundError(f"{p}: missing")
        agents = read_agents(p, conv.dropped)
        conv.stats["agents written"] = len(agents)
        conv.stats["agent bytes written"] = write_tsv(agents_out, header_lines("newskg generic agents"),
                                                      ("word", "code", "kind"), agents)
    return conv


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dict_dir", type=Path, help="directory with the Phoenix.*.txt dictionaries")
    ap.add_argument("-o", "--out", type=Path, required=True, help="world actors TSV to write")
    ap.add_argument("--agents-out", type=Path, help="generic agents TSV to write (word, code, kind)")
    ap.add_argument("--curated-dir", type=Path, default=CURATED_DIR,
                    help="directory with the curated countries.tsv/actors.tsv that win (default: kg/data)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        conv = convert(args.dict_dir, args.out, args.agents_out, args.curated_dir)
    except (FileNotFoundError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} in {time.perf_counter() - t0:.1f} s")
    for k in sorted(conv.stats):
        print(f"  {k}: {conv.stats[k]}")
    print("dropped surface forms / roles by reason:")
    for k, v in sorted(conv.dropped.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
