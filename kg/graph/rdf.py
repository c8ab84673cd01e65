"""Turn extraction records into RDF: one named graph per document, claims as kg:Assertion."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .iri import web_iri
from ..namespaces import KG, actor_iri, bind_prefixes, claim_iri, doc_iri, relation
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
