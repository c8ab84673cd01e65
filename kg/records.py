"""The plain records that flow between newskg's stages (ingest → actors → claims → RDF)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One input article: text plus what the source tells about it."""

    doc_id: str          # stable id: hex SHA-256 prefix of the text
    file_name: str       # input file name ("a.jsonl#7" for a line of a JSONL file)
    text: str
    sha256: str
    title: str | None = None
    date: str | None = None   # ISO 8601 date when the article states one
    url: str | None = None


@dataclass(frozen=True)
class Actor:
    """A canonical actor: one per real-world entity."""

    name: str                 # canonical label ("Sergey Lavrov")
    cls: str                  # kg class local name ("Person", "Country", ..., "Place")
    aliases: frozenset[str] = frozenset()   # surface forms seen
    part_of: str | None = None              # canonical name of the larger body, if any
    code: str | None = None                 # CAMEO actor code ('RUS', 'IGOUNO'), from the actor dictionary
    iso3: str | None = None                 # ISO 3166-1 alpha-3 of a country ('RUS')


@dataclass(frozen=True)
class Claim:
    """One relation stated in one sentence, with its context."""

    subject: str              # canonical actor names
    relation: str             # one of namespaces.RELATIONS
    object: str
    polarity: str = "Positive"    # "Positive" | "Negative"
    modality: str = "Actual"      # "Actual" | "Intended" | "Possible"
    speaker: str | None = None    # canonical actor name of who says it
    evidence: str = ""
    char_start: int = 0
    char_end: int = 0
    confidence: float = 0.5
    cue: str = ""


@dataclass
class DocumentResult:
    """Everything read from one article."""

    article: Article
    actors: dict[str, Actor] = field(default_factory=dict)       # canonical name -> Actor
    mentions: dict[str, int] = field(default_factory=dict)       # canonical name -> count
    claims: list[Claim] = field(default_factory=list)
