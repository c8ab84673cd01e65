"""A synthetic graph in exactly the shape `kg build` writes, of any size, as N-Quads (for the benchmarks)."""
from __future__ import annotations

import random
from pathlib import Path

from kg.namespaces import ACTOR, CLAIM, DOC, KG, RELATIONS, ACTOR_CLASSES

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
TITLE = "<http://purl.org/dc/terms/title>"
DATE = "<http://purl.org/dc/terms/date>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
XSD = "http://www.w3.org/2001/XMLSchema#"


def iri(x) -> str:
    return f"<{x}>"


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typed(v, dt: str) -> str:
    return f'"{v}"^^<{XSD}{dt}>'


def write_synthetic(path: str | Path, target_triples: int, seed: int = 42, n_actors: int = 3000) -> int:
    """Write target_triples quads (one named graph per document) as N-Quads, or TriG for a .trig path."""
    trig = str(path).endswith(".trig")
    rnd = random.Random(seed)
    actors = [(f"actor-{i}", rnd.choice(ACTOR_CLASSES)) for i in range(n_actors)]
    n = 0
    d = 0
    with open(path, "w", encoding="utf-8") as out:
        while n < target_triples:
            doc = DOC[f"{d:016x}"]
            g = iri(doc)
            lines = [
                (iri(doc), RDF_TYPE, iri(KG.Document)),
                (iri(doc), iri(KG.fileName), lit(f"article-{d}.txt")),
                (iri(doc), iri(KG.sha256), lit(f"{d:064x}")),
                (iri(doc), TITLE, lit(f"Article {d}")),
                (iri(doc), DATE, typed(f"{2014 + d % 5}-{1 + d % 12:02d}-{1 + d % 28:02d}", "date")),
            ]
            present = rnd.sample(actors, 20)
            for name, cls in present:
                a = iri(ACTOR[name])
                lines += [(a, RDF_TYPE, iri(KG[cls])), (a, LABEL, lit(name.replace("-", " ").title())),
                          (a, ALT, lit(name.upper())), (a, iri(KG.mentionedIn), iri(doc)),
                          (a, iri(KG.mentionCount), typed(rnd.randint(1, 6), "integer"))]
            for c in range(30):
                (s, _), (o, _) = rnd.sample(present, 2)
                rel = rnd.choice(RELATIONS)
                pol = "Negative" if rnd.random() < 0.1 else "Positive"
                mod = rnd.choices(("Actual", "Intended", "Possible"), (8, 1, 1))[0]
                node = iri(CLAIM[f"{d:08x}{c:04x}"])
                lines += [(node, RDF_TYPE, iri(KG.Assertion)), (node, iri(KG.subject), iri(ACTOR[s])),
                          (node, iri(KG.predicate), iri(KG[rel])), (node, iri(KG.object), iri(ACTOR[o])),
                          (node, iri(KG.polarity), iri(KG[pol])), (node, iri(KG.modality), iri(KG[mod])),
                          (node, iri(KG.evidence), lit(f"{s} {rel} {o} in sentence {c}")),
                          (node, iri(KG.source), iri(doc)), (node, DERIVED, iri(doc)),
                          (node, iri(KG.charStart), typed(c * 100, "integer")),
                          (node, iri(KG.charEnd), typed(c * 100 + 60, "integer")),
                          (node, iri(KG.confidence), typed("0.80", "decimal"))]
                if rnd.random() < 0.5:
                    lines.append((node, iri(KG.attributedTo), iri(ACTOR[rnd.choice(present)[0]])))
                if pol == "Positive" and mod == "Actual":
                    lines.append((iri(ACTOR[s]), iri(KG[rel]), iri(ACTOR[o])))
            lines = list(dict.fromkeys(lines))  # a graph is a set
            lines = lines[: target_triples - n]
            if trig:
                out.write(f"{g} {{\n" + "".join(f"  {s} {p} {o} .\n" for s, p, o in lines) + "}\n")
            else:
                out.write("".join(f"{s} {p} {o} {g} .\n" for s, p, o in lines))
            n += len(lines)
            d += 1
    return n
