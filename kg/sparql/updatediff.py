"""What a SPARQL update made only of ``INSERT DATA``, ``DELETE DATA`` and ``DROP``/``CLEAR GRAPH <g>``
operations inserts and deletes.

`kg serve --allow-updates` keeps a store's query view (:mod:`kg.sparql.entail`) up to date after every
update. Writing the view whole costs about 90 s on a store of a million quads, past any sensible time
limit, so for the updates whose changes are written out in them (the data operations, what `kg push` and
most clients send) the view is updated from those changes alone. The data blocks are read with
Oxigraph's TriG parser (a SPARQL ``QuadData`` block is TriG: triples and ``GRAPH <g> { … }`` blocks), with
the update's own PREFIX and BASE declarations and the prefixes every newskg query knows; a graph
dropped or cleared (`kg push --replace` drops each graph first) loses the triples it held before the update.
Any other operation (``DELETE/INSERT … WHERE``, ``LOAD``, ``DROP ALL``, ``CLEAR DEFAULT``, …) gives None: the
view is then written whole.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from .query import PREFIX_MAP, _tokens


@dataclass(frozen=True)
class DataChanges:
    """The quads an update's data operations insert and delete, in the order written."""

    inserted: tuple[ox.Quad, ...]
    deleted: tuple[ox.Quad, ...]
    dropped: tuple[ox.NamedNode, ...] = ()   # graphs emptied by DROP or CLEAR GRAPH


_GRAPH_IRI = re.compile(r"\s*<([a-zA-Z][a-zA-Z0-9+.-]*:[^<>\"{}|^`\\\s]*)>\s*;?\s*")
"""The absolute IRI after DROP/CLEAR GRAPH, up to the next operation."""


def data_blocks(update: str) -> list[tuple[str, str, str]] | None:
    """(INSERT or DELETE, the declarations before it, its data as TriG) for each data operation, and ("DROP",
    "", the graph's IRI) for each DROP or CLEAR of one named graph, of an update made only of those and
    PREFIX/BASE declarations; None for any other update."""
    toks = list(_tokens(update))
    out: list[tuple[str, str, str]] = []
    declared: list[str] = []
    i = 0
    while i < len(toks):
        pos, tok = toks[i]
        if tok in ("PREFIX", "BASE"):
            j = i + 1
            while j < len(toks) and toks[j][1] == "":          # the prefixed name of a PREFIX declaration
                j += 1
            end = toks[j][0] if j < len(toks) else len(update)
            declared.append(update[pos:end].rstrip().rstrip(";"))
            i = j
            continue
        if tok in ("DROP", "CLEAR"):             # DROP / CLEAR [SILENT] GRAPH <iri>
            j = i + 1 + (i + 1 < len(toks) and toks[i + 1][1] == "SILENT")
            if j >= len(toks) or toks[j][1] != "GRAPH":
                return None
            end = toks[j + 1][0] if j + 1 < len(toks) else len(update)
            m = _GRAPH_IRI.fullmatch(update, toks[j][0] + len("GRAPH"), end)
            if m is None:
                return None
            out.append(("DROP", "", m.group(1)))
            i = j + 1
            continue
        if tok not in ("INSERT", "DELETE") or i + 2 >= len(toks) or toks[i + 1][1] != "DATA" or toks[i + 2][1] != "{":
            return None
        k = closing_brace(toks, i + 2)
        if k is None:
            return None
        out.append((tok, "\n".join(declared), as_trig(update, toks[i + 2: k + 1])))
        i = k + 1
        rest = update[toks[k][0] + 1: toks[i][0] if i < len(toks) else len(update)]
        if rest.strip() not in ("", ";"):
            return None
    return out or None


def as_trig(update: str, block: list[tuple[int, str]]) -> str:
    """A SPARQL ``QuadData`` block (its tokens, from its opening to its closing brace) as TriG: each run of
    triples in a default-graph block ``{ … }`` (TriG wants a dot after a triple outside braces), each
    ``GRAPH <g> { … }`` block as it is (the dot SPARQL allows after one left out)."""
    parts: list[str] = []
    start = block[0][0] + 1                    # where the current run of triples starts
    depth, k = 0, 1
    while k < len(block) - 1:
        pos, tok = block[k]
        if tok == "GRAPH" and depth == 0:
            parts.append(_default_block(update[start:pos]))
            m = closing_brace(block, k + 1)        # the block is balanced: its GRAPH blocks close inside it
            parts.append(update[pos: block[m][0] + 1])
            start, k = block[m][0] + 1, m + 1
            continue
        depth += {"{": 1, "}": -1}.get(tok, 0)
        k += 1
    parts.append(_default_block(update[start: block[-1][0]]))
    return "\n".join(p for p in parts if p)


def _default_block(run: str) -> str:
    """A run of triples as a TriG default-graph block (empty for none; the dot SPARQL allows after a GRAPH
    block before it left out)."""
    run = run.strip().lstrip(".")
    return "{ " + run + " }" if run.strip() else ""


def closing_brace(toks: list[tuple[int, str]], k: int) -> int | None:
    """The index of the brace token that closes the first opening brace from ``k`` on (None when it is never
    closed)."""
    depth = 0
    for m in range(k, len(toks)):
        depth += {"{": 1, "}": -1}.get(toks[m][1], 0)
        if depth == 0 and toks[m][1] == "}":
            return m
    return None


def data_changes(update: str) -> DataChanges | None:
    """The quads inserted and deleted by an update of data operations only (None for any other update, or one
    whose data Oxigraph's TriG parser does not read)."""
    blocks = data_blocks(update)
    if blocks is None:
        return None
    known = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIX_MAP.items())
    inserted: list[ox.Quad] = []
    deleted: list[ox.Quad] = []
    dropped: list[ox.NamedNode] = []
    for op, declared, body in blocks:
        if op == "DROP":
            try:
                dropped.append(ox.NamedNode(body))
            except ValueError:
                return None
            continue
        try:
            quads = list(ox.parse(f"{known}{declared}\n{body}\n".encode("utf-8"), format=ox.RdfFormat.TRIG))
        except (SyntaxError, ValueError):
            return None
        (inserted if op == "INSERT" else deleted).extend(quads)
    return DataChanges(tuple(inserted), tuple(deleted), tuple(dropped))


__all__ = ["DataChanges", "data_blocks", "data_changes"]
