"""Every IRI newskg writes comes from here: vocabularies and the minting of resource IRIs."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO as SCHEMA, SH, SKOS, XSD

KG = Namespace("https://w3id.org/newskg/ontology#")
"""The newskg ontology (classes and properties), prefix ``kg:``."""

BASE = "https://w3id.org/newskg/id/"
ACTOR = Namespace(BASE + "actor/")
"""Canonical actors, one IRI per real-world entity: ``actor:sergey-lavrov``."""
DOC = Namespace(BASE + "doc/")
"""Documents (and their named graphs), keyed by a content hash."""
CLAIM = Namespace(BASE + "claim/")
"""Assertions, keyed by a hash of what they state and where."""
BUILD = Namespace(BASE + "build/")
"""Build activities (one ``prov:Activity`` per `kg build`, keyed by a hash of what the build was), the
software agent and the pipeline they used."""
UNION_GRAPH = URIRef(BASE + "graph/union")
"""The named graph of the query view (kg.sparql.entail): the set union of all graphs, the ontology and its
hierarchy entailed; the default graph of `kg query` / `kg serve`, never written to graph files."""

PREFIXES = {
    "kg": KG, "actor": ACTOR, "doc": DOC, "claim": CLAIM, "rdf": RDF, "rdfs": RDFS, "owl": OWL,
    "skos": SKOS, "prov": PROV, "dcterms": DCTERMS, "schema": SCHEMA, "xsd": XSD, "sh": SH,
}

RELATIONS = ("supports", "strikes", "coordinatesWith", "opposes", "meetsWith", "memberOf", "leads")
"""The seven scored relations of the extraction guide, as ``kg:`` local names."""
SYMMETRIC = frozenset({"coordinatesWith", "meetsWith"})
ACTOR_CLASSES = ("Person", "Country", "ArmedGroup", "InternationalOrganization", "Coalition", "Organization")
CLASSES = ACTOR_CLASSES + ("Place",)


def _is_latin(text: str) -> bool:
    """True when every letter of ``text`` (after NFKD) is a Latin-script letter."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN")
               for ch in unicodedata.normalize("NFKD", text))


def _short_hash(text: str) -> str:
    return hashlib.sha1(unicodedata.normalize("NFC", text).encode("utf8")).hexdigest()[:12]


def slug(text: str) -> str:
    """A lowercase ASCII slug for an IRI local name: 'Sergey Lavrov' -> 'sergey-lavrov'.

    Latin-script names keep their historical slug (accents dropped: 'José' -> 'jose').
    Names with letters of other scripts are transliterated with ``anyascii`` and, since
    transliteration is many-to-one by construction (e.g. Chinese homophones), get a
    6-hex suffix from a hash of the full NFC name: 'Сергей Лавров' -> 'sergei-lavrov-<hash>'.
    When nothing ASCII remains, the slug is a 12-hex hash of the full name, so different
    names never share an IRI.
    """
    if _is_latin(text):
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
        return s or _short_hash(text)
    s = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")
    return f"{s}-{_short_hash(text)[:6]}" if s else _short_hash(text)


@lru_cache(maxsize=100_000)
def actor_iri(canonical_name: str) -> URIRef:
    """The IRI of a canonical actor (the last 100,000 names' IRIs kept: a name costs its slug once)."""
    return ACTOR[slug(canonical_name)]


def doc_iri(doc_id: str) -> URIRef:
    """The IRI of a document, also the name of its named graph."""
    return DOC[doc_id]


def claim_iri(*parts: object) -> URIRef:
    """A stable claim IRI derived from what the claim states and where."""
    key = "\x1f".join(str(p) for p in parts)
    return CLAIM[hashlib.sha256(key.encode("utf8")).hexdigest()[:20]]


def relation(name: str) -> URIRef:
    """The ``kg:`` property of a relation name; raises for names outside the guide."""
    if name not in RELATIONS and name != "partOf":
        raise ValueError(f"unknown relation {name!r}; expected one of {', '.join(RELATIONS)}")
    return KG[name]


def bind_prefixes(graph) -> None:
    """Bind newskg's prefixes on an rdflib Graph or Dataset."""
    for p, ns in PREFIXES.items():
        graph.bind(p, ns, override=True)
