"""Long articles in bounded pieces: split at paragraph breaks, results merged back into one document.

An article longer than `CHUNK_CHARS` is cut into consecutive slices of at most that many characters,
each ending at a paragraph break when there is one (else a line break, a sentence end, a space). Each
slice goes through the pipeline as its own Doc, so time and memory per Doc are bounded whatever the
article's length; the claims' character offsets are shifted back into the article and the pieces'
actors, mention counts and claims merged into one `DocumentResult`. Coreference (a later 'Lavrov' or
'the militants' resolved to an actor named earlier) works inside a piece only.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from ..records import Actor, Article, DocumentResult

CHUNK_CHARS = 50_000
"""Longest piece of an article processed as one spaCy Doc (characters)."""
MAX_ARTICLE_CHARS = 2_000_000
"""Longest article processed at all (characters); a longer one is refused with a message."""
_CUTS = ("\n\n", "\n", ". ", " ")


def split_text(text: str, bound: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) slices of `text`, in order, each at most `bound` characters, together the whole text."""
    if bound < 1:
        raise ValueError("bound must be positive")
    start = 0
    while len(text) - start > bound:
        window = text[start:start + bound]
        cut = bound
        for sep in _CUTS:
            at = window.rfind(sep)
            if at > 0:
                cut = at + len(sep)
                break
        yield start, text[start:start + cut]
        start += cut
    yield start, text[start:]


def too_long(article: Article, limit: int | None = None) -> str | None:
    """Why an article is refused for its length (default limit MAX_ARTICLE_CHARS), or None when it is processed."""
    limit = MAX_ARTICLE_CHARS if limit is None else limit
    n = len(article.text)
    if n <= limit:
        return None
    return (f"article of {n:,} characters is longer than the limit of {limit:,} characters; "
            "split it into smaller articles")


def merge_results(article: Article, parts: list[tuple[int, DocumentResult]]) -> DocumentResult:
    """One article's result from the results of its pieces (offset, result): actors, mentions, claims merged."""
    if len(parts) == 1 and parts[0][0] == 0:
        return replace(parts[0][1], article=article)
    actors: dict[str, Actor] = {}
    mentions: dict[str, int] = {}
    claims = []
    for offset, part in parts:
        for name, actor in part.actors.items():
            seen = actors.get(name)
            actors[name] = actor if seen is None else replace(
                seen, aliases=seen.aliases | actor.aliases, part_of=seen.part_of or actor.part_of,
                code=seen.code or actor.code, iso3=seen.iso3 or actor.iso3)
        for name, n in part.mentions.items():
            mentions[name] = mentions.get(name, 0) + n
        claims += [replace(c, char_start=c.char_start + offset, char_end=c.char_end + offset)
                   for c in part.claims]
    return DocumentResult(article, actors, mentions, claims)
