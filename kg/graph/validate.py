"""SHACL validation of built graphs against `kg/ontology/shapes.ttl` (with the ontology's class hierarchy)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph

from .io import union_graph

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a SHACL validation."""

    conforms: bool
    text: str
    violations: int


def ontology_file(name: str) -> Path:
    """Path of a file in the package's `ontology/` folder (shipped in the wheel)."""
    path = ONTOLOGY_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the newskg installation is incomplete (reinstall the package)")
    return path


def validate_dataset(ds: Dataset | Graph) -> ValidationReport:
    """Validate every triple of a graph (named graphs merged) against the SHACL shapes."""
    data = union_graph(ds) if isinstance(ds, Dataset) else ds
    shapes = Graph().parse(ontology_file("shapes.ttl"))
    ont = Graph().parse(ontology_file("newskg.ttl"))
    conforms, results, text = shacl_validate(data, shacl_graph=shapes, ont_graph=ont, inference="none",
                                             abort_on_first=False, allow_warnings=True)
    from rdflib.namespace import SH
    violations = len(set(results.subjects(predicate=SH.resultSeverity)))
    return ValidationReport(bool(conforms), text, violations)
