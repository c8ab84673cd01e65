"""Every IRI newskg writes comes from here: vocabularies and the minting of resource IRIs."""
from __future__ import annotations

import hashlib
import re
import unicodedata

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

PREFIXES = {
    "kg": KG, "actor": ACTOR, "doc": DOC, "claim": CLAIM, "rdf": RDF, "rdfs": RDFS, "owl": OWL,
    "skos": SKOS, "prov": PROV, "dcterms": DCTERMS, "schema": SCHEMA, "xsd": XSD, "sh": SH,
}

RELATIONS = ("supports", "strikes", "coordinatesWith", "opposes", "meetsWith", "memberOf", "leads")
"""The seven scored relations of the extraction guide, as ``kg:`` local names."""
SYMMETRIC = frozenset({"coordinatesWith", "meetsWith"})
ACTOR_CLASSES = ("Person", "Country", "ArmedGroup", "InternationalOrganization", "Coalition", "Organization")
CLASSES = ACTOR_CLASSES + ("Place",)


def slug(text: str) -> str:
    """A lowercase ASCII slug for an IRI local name: 'Sergey Lavrov' -> 'sergey-lavrov'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or hashlib.sha1(text.encode()).hexdigest()[:12]


def actor_iri(canonical_name: str) -> URIRef:
    """The IRI of a canonical actor."""
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
