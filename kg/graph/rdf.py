"""Turn extraction records into RDF: one named graph per document, claims as kg:Assertion."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Mapping

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO as SCHEMA, SKOS, XSD

from .iri import web_iri
from ..namespaces import BUILD, KG, actor_iri, bind_prefixes, claim_iri, doc_iri, relation, slug
from ..records import DocumentResult


def new_dataset() -> Dataset:
    """An empty rdflib Dataset with newskg's prefixes bound."""
    ds = Dataset()
    bind_prefixes(ds)
    return ds


def document_graph(result: DocumentResult, ds: Dataset) -> Graph:
    """Add the named graph of one document to a Dataset and return it."""
    art = result.article
    d = doc_iri(art.doc_id)
    g = ds.graph(d)
    g.add((d, RDF.type, KG.Document))
    g.add((d, KG.fileName, Literal(art.file_name)))
    g.add((d, KG.sha256, Literal(art.sha256)))
    if art.title:
        g.add((d, DCTERMS.title, Literal(art.title)))
    if art.date:
        dtype = XSD.date if len(art.date) == 10 else None
        g.add((d, DCTERMS.date, Literal(art.date, datatype=dtype)))
    if art.url:
        iri = web_iri(art.url)     # untrusted: an IRI only when valid, else kept as plain text
        g.add((d, DCTERMS.source, URIRef(iri) if iri else Literal(art.url)))

    for name, actor in sorted(result.actors.items()):
        a = actor_iri(name)
        g.add((a, RDF.type, KG[actor.cls]))
        g.add((a, RDFS.label, Literal(actor.name)))
        for alias in sorted(actor.aliases):
            if alias != actor.name:
                g.add((a, SKOS.altLabel, Literal(alias)))
        g.add((a, KG.mentionedIn, d))
        g.add((a, KG.mentionCount, Literal(result.mentions.get(name, 1))))
        if actor.part_of and actor.part_of in result.actors:
            g.add((a, KG.partOf, actor_iri(actor.part_of)))
        if actor.code:
            g.add((a, KG.cameoCode, Literal(actor.code)))
        if actor.iso3:
            g.add((a, KG.iso3166Alpha3, Literal(actor.iso3)))

    for c in result.claims:
        s, o, p = actor_iri(c.subject), actor_iri(c.object), relation(c.relation)
        node = claim_iri(art.doc_id, c.subject, c.relation, c.object, c.polarity, c.modality,
                         c.speaker, c.char_start)
        g.add((node, RDF.type, KG.Assertion))
        g.add((node, KG.subject, s))
        g.add((node, KG.predicate, p))
        g.add((node, KG.object, o))
        g.add((node, KG.polarity, KG[c.polarity]))
        g.add((node, KG.modality, KG[c.modality]))
        if c.speaker:
            g.add((node, KG.attributedTo, actor_iri(c.speaker)))
        g.add((node, KG.evidence, Literal(c.evidence)))
        g.add((node, KG.source, d))
        g.add((node, PROV.wasDerivedFrom, d))
        g.add((node, KG.charStart, Literal(c.char_start)))
        g.add((node, KG.charEnd, Literal(c.char_end)))
        g.add((node, KG.confidence, Literal(Decimal(f"{c.confidence:.2f}"))))
        if c.cue:
            g.add((node, KG.cue, Literal(c.cue)))
        if c.polarity == "Positive" and c.modality == "Actual":
            g.add((s, p, o))
    return g


def to_dataset(results: Iterable[DocumentResult]) -> Dataset:
    """A Dataset with one named graph per document."""
    ds = new_dataset()
    for r in results:
        document_graph(r, ds)
    return ds


@dataclass(frozen=True)
class BuildInfo:
    """What describes one build: software, pipeline, when, and how many inputs it read."""

    date: str                 # ISO 8601 date or date-time, given by the caller; "" for none (see build_date)
    inputs: int               # number of input files (or standard-input streams) read
    pipeline_name: str        # e.g. "en_newskg_sm"
    pipeline_version: str     # e.g. "0.1.0"
    software_version: str = ""  # newskg's version; default: kg.__version__


def build_activity(ds: Dataset, info: BuildInfo, documents: Iterable[URIRef]) -> URIRef:
    """Describe a build as a ``prov:Activity`` in its own named graph and state in each document's graph
    that the document was ``prov:wasGeneratedBy`` it; the activity's IRI (the same for the same build)."""
    from .. import __version__

    version = info.software_version or __version__
    docs = sorted(set(documents), key=str)
    key = "\x1f".join([version, info.pipeline_name, info.pipeline_version, info.date, str(info.inputs),
                       *map(str, docs)])
    act = BUILD[hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]]
    agent, pipeline = BUILD[f"software/newskg-{slug(version)}"], BUILD[f"pipeline/{slug(info.pipeline_name)}-{slug(info.pipeline_version)}"]
    g = ds.graph(act)
    is_time = "T" in info.date
    g.add((act, RDF.type, PROV.Activity))
    g.add((act, RDFS.label, Literal(f"newskg build of {len(docs)} document(s) from {info.inputs} input(s)")))
    if info.date:
        g.add((act, PROV.endedAtTime if is_time else DCTERMS.date,
               Literal(info.date, datatype=XSD.dateTime if is_time else XSD.date)))
    g.add((act, KG.inputCount, Literal(info.inputs)))
    g.add((act, KG.documentCount, Literal(len(docs))))
    g.add((act, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, RDFS.label, Literal("newskg")))
    g.add((agent, SCHEMA.softwareVersion, Literal(version)))
    g.add((act, PROV.used, pipeline))
    g.add((pipeline, RDF.type, PROV.Entity))
    g.add((pipeline, RDFS.label, Literal(info.pipeline_name)))
    g.add((pipeline, SCHEMA.softwareVersion, Literal(info.pipeline_version)))
    for d in docs:
        ds.graph(d).add((d, PROV.wasGeneratedBy, act))
    return act


def pipeline_info(nlp) -> tuple[str, str]:
    """The (name, version) of a loaded spaCy pipeline, as its meta says (``en_`` + name, like spaCy packages)."""
    meta = getattr(nlp, "meta", {}) or {}
    name = str(meta.get("name", "unknown"))
    lang = str(meta.get("lang", ""))
    return (f"{lang}_{name}" if lang and not name.startswith(f"{lang}_") else name), str(meta.get("version", ""))


def build_date(given: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The date of a build: ``given`` (an ISO 8601 date or date-time, or ``today`` / ``now``), else
    SOURCE_DATE_EPOCH (reproducible builds) as a UTC date, else "" (no date: the same input gives the same graph).

    Raises ValueError for a ``given`` that is not an ISO 8601 date or date-time.
    """
    import datetime as dt
    import os

    if given is not None and given.strip():
        text = given.strip()
        now = dt.datetime.now(dt.timezone.utc)
        if text.lower() == "today":
            return now.date().isoformat()
        if text.lower() == "now":
            return now.replace(microsecond=0).isoformat().replace("+00:00", "Z")
        try:
            if "T" in text:
                dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            else:
                text = dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(f"build date {given!r} is not an ISO 8601 date (2024-05-01) or date-time "
                             "(2024-05-01T10:00:00Z), nor 'today' or 'now'") from None
        return text
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return ""
