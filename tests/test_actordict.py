"""The Phoenix converter on an invented mini dictionary, the actor table loader, roles in time, IRIs."""
from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from kg.extract.actordict import (ActorRecord, ActorTableError, Role, country_of_code, iso3_of, load_actor_table,
                          parse_roles, role_at)
from kg.namespaces import actor_iri, slug

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "phoenix_mini"


def _converter():
    spec = importlib.util.spec_from_file_location("convert_phoenix", ROOT / "training" / "convert_phoenix.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["convert_phoenix"] = mod
    spec.loader.exec_module(mod)
    return mod


EXPECTED_ROWS = [
    "label\tclass\taliases\tcode\troles\tiso3",
    "Brella Vantis\tPerson\t\tNRUGOV\tNRUGOV@1999-01-01..2003-12-31\t",
    "Dorian al-Hassar bin Talek\tPerson\tPresident al-Hassar\tNRUGOV\tNRUGOV@2013-01-01..2015-12-31\t",
    "League of Island States\tInternationalOrganization\t\tIGOLIS\t\t",
    "Martek Ossolan\tPerson\tM. Ossolan\tNRUELI\tNRUGOV@2004-03-09..2012-05-21;NRUELI@2012-05-22..\t",
    "Martek Quill\tPerson\t\tNRUGOV\tNRUGOV@2005-01-01..2006-12-31\t",
    "Old Zorvania\tCountry\tOld Zorvanian\tSUN\t\t",
    "The KLF\tArmedGroup\tKeldor Front|Keldor Liberation Front|KLF\tNRUREB\t\t",
    "United Federation of Isles\tInternationalOrganization\tUFI\tIGOUFI\t\t",
    "Zorvania\tCountry\tRepublic of Zorvania|Zorvanian|Zorvanians\tNRU\t\tNRU",
    "Zorvanian Armed Forces\tOrganization\tZAF\tNRUMIL\t\t",
]
EXPECTED_AGENTS = [
    "word\tcode\tkind",
    "attorney general\tGOVATG\tgovernment", "attorneys general\tGOVATG\tgovernment",
    "farmer\tAGR\tother", "farmers\tAGR\tother",
    "government forces\tMIL\tmilitary",
    "insurgent\tINS\trebels", "insurgents\tINS\trebels",
    "military\tMIL\tmilitary",
    "official\tGOV\tofficials", "officials\tGOV\tofficials",
    "parliamentary opposition\tOPP\topposition",
    "policeman\tCOP\tpolice", "policemen\tCOP\tpolice",
    "rebel\tREB\trebels", "rebels\tREB\trebels",
    "regime\tGOV\tgovernment",
]


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    out = tmp_path_factory.mktemp("phoenix")
    conv = _converter().convert(MINI, out / "world.tsv", out / "agents.tsv", curated_dir=MINI / "curated")
    return conv, out


def _data_lines(path: Path) -> list[str]:
    return [x for x in path.read_text(encoding="utf8").splitlines() if not x.startswith("#")]


def test_converter_rows_exact(converted):
    _, out = converted
    assert _data_lines(out / "world.tsv") == EXPECTED_ROWS
    assert _data_lines(out / "agents.tsv") == EXPECTED_AGENTS


def test_converter_header_names_source_and_licence(converted):
    _, out = converted
    text = (out / "world.tsv").read_text(encoding="utf8")
    head = [x for x in text.splitlines() if x.startswith("#")]
    assert text.startswith("# ")
    assert any("github.com/openeventdata/petrarch2" in x for x in head)
    assert "# The MIT License (MIT)" in head and "# Copyright (c) 2014 Open Event Data" in head
    assert any("convert_phoenix.py" in x for x in head)


def test_converter_counts_what_it_filtered(converted):
    conv, _ = converted
    assert dict(conv.dropped) == {
        "ambiguous (on two actors)": 2,            # GENERAL_ASSEMBLY on two IGOs with different codes
        "role with a bad date or restriction": 2,  # 2004017 (7 digits) and 120231 (31 February)
        "bad characters": 1,                       # U+FFFD in WEIRD?NAME
        "first name alone": 1,                     # MARTEK
        "person name on a group": 1,               # VESTAR_AL-KORR on the KLF
        "place or other name in a country entry": 1,  # KELDOR_CITY
        "single common word": 1,                   # FREEDOM
        "subdivision name of the country": 1,      # ANABAR (an ISO 3166-2 district of NRU)
    }
    assert conv.stats["entries read"] == 11
    assert conv.stats["written Person"] == 4 and conv.stats["written Country"] == 2
    assert conv.stats["entries with no code (dropped)"] == 1


def test_converter_is_deterministic(converted, tmp_path):
    _, out = converted
    _converter().convert(MINI, tmp_path / "again.tsv", curated_dir=MINI / "curated")
    assert (tmp_path / "again.tsv").read_bytes() == (out / "world.tsv").read_bytes()


def test_generated_table_loads(converted):
    _, out = converted
    recs = {r.label: r for r in load_actor_table(out / "world.tsv")}
    m = recs["Martek Ossolan"]
    assert m.cls == "Person" and m.aliases == ("M. Ossolan",)
    assert m.roles == (Role("NRUGOV", date(2004, 3, 9), date(2012, 5, 21)), Role("NRUELI", date(2012, 5, 22), None))
    assert recs["Zorvania"].iso3 == "NRU" and recs["Old Zorvania"].iso3 == ""


def test_normal_case_and_dates():
    c = _converter()
    assert c.normal_case("VLADIMIR_PUTIN") == "Vladimir Putin"
    assert c.normal_case("AL-QAEDA_IN_THE_ARABIAN_PENINSULA") == "al-Qaeda in the Arabian Peninsula"
    assert c.normal_case("OSAMA_BIN_LADEN") == "Osama bin Laden"
    assert c.normal_case("JUAN_DE_LA_CRUZ", person=True) == "Juan de la Cruz"
    assert c.normal_case("HYUN_IN_TAEK", person=True) == "Hyun In Taek"
    assert c.normal_case("PARTY_OF_GOD") == "Party of God"
    assert c.normal_case("U.N._ENVOY") == "U.N. Envoy"
    assert c.normal_case("PEOPLE'S_PARTY") == "People's Party"
    assert c.normal_case("NATO_FORCES", frozenset({"NATO"})) == "NATO Forces"
    assert c.parse_date("040309") == date(2004, 3, 9) and c.parse_date("450703") == date(1945, 7, 3)
    assert c.parse_date("19870101") == date(1987, 1, 1)
    with pytest.raises(ValueError):
        c.parse_date("2004017")


PUTIN_LIKE = ActorRecord("X", "Person", roles=(
    Role("RUSELI"),
    Role("RUSGOV", date(2000, 5, 7), date(2008, 5, 7)),
    Role("RUSPRM", date(2008, 5, 8), date(2012, 5, 6)),
    Role("RUSGOV", date(2012, 5, 7), None),
))


def test_role_at_date_selection():
    assert role_at(PUTIN_LIKE, date(2004, 1, 1)).code == "RUSGOV"            # inside a role
    assert role_at(PUTIN_LIKE, date(2010, 1, 1)).code == "RUSPRM"
    assert role_at(PUTIN_LIKE, date(2008, 5, 7)) == PUTIN_LIKE.roles[1]      # bounds are inclusive
    assert role_at(PUTIN_LIKE, date(2020, 1, 1)).start == date(2012, 5, 7)   # after all: the open-ended one
    assert role_at(PUTIN_LIKE, date(1990, 1, 1)).code == "RUSELI"            # before all: the undated fallback
    assert role_at(PUTIN_LIKE, None).start == date(2012, 5, 7)               # no date: the latest
    gap = ActorRecord("Y", "Person", roles=(Role("AAAGOV", date(2000, 1, 1), date(2001, 1, 1)),
                                            Role("AAAMIL", date(2003, 1, 1), date(2004, 1, 1))))
    assert role_at(gap, date(2002, 1, 1)) is None                           # between roles
    assert role_at(gap, None).code == "AAAMIL"
    assert role_at(ActorRecord("Z", "Person"), None) is None


def test_role_at_tie_breaks():
    nested = ActorRecord("N", "Person", roles=(Role("BBBGOV", date(2000, 1, 1), date(2010, 1, 1)),
                                               Role("BBBMIL", date(2005, 1, 1), date(2006, 1, 1))))
    assert role_at(nested, date(2005, 6, 1)).code == "BBBMIL"                # the later start wins
    same = ActorRecord("S", "Person", roles=(Role("CCCGOV", date(2000, 1, 1), None),
                                             Role("CCCMIL", date(2000, 1, 1), None)))
    assert role_at(same, date(2001, 1, 1)).code == "CCCMIL"                  # full tie: the last listed
    assert role_at(same, None).code == "CCCMIL"


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "mine.tsv"
    p.write_text(text, encoding="utf8")
    return p


@pytest.mark.parametrize("body, line, message", [
    ("# only a comment\n", None, "no header line"),
    ("label\tclass\n", 1, "header must start with"),
    ("label\tclass\taliases\tcolour\n", 1, "unknown column 'colour'"),
    ("# c\nlabel\tclass\taliases\nZorvan Front\tRebelGroup\tZF\n", 3, "unknown class 'RebelGroup'"),
    ("label\tclass\taliases\n\tPerson\tX\n", 2, "empty label"),
    ("label\tclass\taliases\troles\nA B\tPerson\t\tAAAGOV 2001-2003\n", 2, "bad role"),
    ("label\tclass\taliases\troles\nA B\tPerson\t\tAAAGOV@2001-02-30..\n", 2, "bad date '2001-02-30'"),
    ("label\tclass\taliases\troles\nA B\tPerson\t\tAAAGOV@2005-01-01..2001-01-01\n", 2, "ends before it starts"),
    ("label\tclass\taliases\tcode\nA B\tPerson\t\trusgov\n", 2, "bad code"),
    ("label\tclass\taliases\tiso3\nZorvania\tCountry\t\tZZZ\n", 2, "unknown ISO 3166-1"),
    ("label\tclass\taliases\nA\tPerson\t\nB\tPerson\t\nA\tPerson\t\n", 4, "duplicate label 'A' (first on line 2)"),
    ("label\tclass\taliases\nA\tPerson\tx\ty\n", 2, "4 columns, the header has 3"),
])
def test_user_table_errors_name_the_line(tmp_path, body, line, message):
    p = _write(tmp_path, body)
    with pytest.raises(ActorTableError) as e:
        load_actor_table(p)
    msg = str(e.value)
    assert "\n" not in msg and message in msg
    assert msg.startswith(f"{p}:{line}:" if line else f"{p}:")


def test_user_table_with_optional_columns(tmp_path):
    p = _write(tmp_path, "# my actors\nlabel\tclass\taliases\tleads\tmember_of\troles\n"
                         "Zorvan Liberation Front\tArmedGroup\tZLF|Zorvan Front|ZLF\t\t\t\n"
                         "Mira Talon\tPerson\tTalon\tZorvan Liberation Front\t\tNRUREB@2019-01-01..\n")
    zlf, mira = load_actor_table(p)
    assert zlf == ActorRecord("Zorvan Liberation Front", "ArmedGroup", ("ZLF", "Zorvan Front"))
    assert mira.leads == "Zorvan Liberation Front" and mira.roles == (Role("NRUREB", date(2019, 1, 1)),)
    assert str(mira.roles[0]) == "NRUREB@2019-01-01.."


def test_parse_roles_and_codes():
    assert parse_roles("RUSGOV@2004-03-09..2012-05-21;RUSGOV@..") == (
        Role("RUSGOV", date(2004, 3, 9), date(2012, 5, 21)), Role("RUSGOV"))
    assert country_of_code("RUSGOV") == "RUS" and country_of_code("IGOUNO") is None
    assert country_of_code("SUN") == "SUN" and iso3_of("SUN") is None       # historic: no current ISO code
    assert iso3_of("TMP") == "TLS" and iso3_of("RUSGOV") == "RUS"
    assert iso3_of("France") == "FRA" and iso3_of("Zorvania") is None


def test_non_latin_names_get_distinct_iris():
    names = ["Сергей Лавров", "Вадим Петров", "Иван Сидоров", "习近平", "李强", "🙂", "🙃"]
    iris = {actor_iri(n) for n in names}
    assert len(iris) == len(names)
    assert slug("Сергей Лавров") == "sergey-lavrov-d698f7"
    assert slug("Сергей Лавров") == slug("Сергей Лавров")                  # stable


def test_latin_iris_unchanged():
    assert slug("Sergey Lavrov") == "sergey-lavrov"
    assert slug("José María Aznar") == "jose-maria-aznar"
    assert slug("al-Nusra Front") == "al-nusra-front"
    assert slug("Zoë O'Neil") == "zoe-o-neil"
    assert str(actor_iri("Islamic State")) == "https://w3id.org/newskg/id/actor/islamic-state"
