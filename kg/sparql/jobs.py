"""What a `kg serve` worker child does: one query, update or view render, answered as (header, body)."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from . import query as sparql
from .federation import FederationRefused, check_federation


def _line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:2000] or type(exc).__name__


def open_read_only(path: Path) -> ox.Store | None:
    """A worker's read-only handle on a store directory (None for a graph file, held by the zygote)."""
    return ox.Store.read_only(str(path)) if path.is_dir() else None


def _open(store: ox.Store | None, path: Path, writable: bool = False) -> ox.Store:
    if writable:
        return ox.Store(str(path))
    return store if store is not None else ox.Store.read_only(str(path))


def run_job(job: dict, text: str, store: ox.Store | None, path: Path) -> tuple[dict, bytes]:
    """Run one job (``job['op']``: query | update | view); errors become a status and a one-line message."""
    try:
        if job["op"] == "query":
            return _query(job, text, store, path)
        if job["op"] == "update":
            return _update(job, text, path)
        if job["op"] == "view":
            return _view(store, path)
        return {"status": 500, "message": f"unknown job {job['op']!r}"}, b""
    except FederationRefused as exc:
        return {"status": 403, "message": str(exc)}, b""
    except sparql.UpdateNotAllowed as exc:
        return {"status": 403, "error": "update-not-allowed", "message": str(exc)}, b""
    except sparql.QueryError as exc:
        return {"status": 400, "message": str(exc)}, b""
    except sparql.ResultTooLarge as exc:
        return {"status": 422, "message": str(exc)}, b""
    except sparql.QueryTimeout as exc:
        return {"status": 503, "message": f"{exc} of {job['timeout']:g} s"}, b""
    except sparql.EvaluationError as exc:
        if job.get("allow_service") and "service" in text.lower():
            return {"status": 502, "message": f"a SERVICE call failed or gave an unusable answer: {_line(exc)}"}, b""
        return {"status": 500, "message": f"the query failed: {_line(exc)}"}, b""
    except Exception as exc:
        return {"status": 500, "message": f"{type(exc).__name__}: {_line(exc)}"}, b""


def _query(job: dict, text: str, store: ox.Store | None, path: Path) -> tuple[dict, bytes]:
    check_federation(text, job.get("allow_service") or [])
    res = sparql.run_local(_open(store, path), text, max_results=job["max_results"], timeout=job["timeout"],
                           default_graphs=job.get("default_graphs") or None,
                           named_graphs=job.get("named_graphs") or None)
    kind = "graph" if res.kind == "graph" else "select"
    fmt = job["graph_format"] if kind == "graph" else job["select_format"]
    try:
        body = sparql.serialize_result(res, fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise sparql.EvaluationError(f"cannot write the result as {fmt}: {_line(exc)}") from exc
    return {"status": 200, "kind": kind, "format": fmt}, body


def _update(job: dict, text: str, path: Path) -> tuple[dict, bytes]:
    check_federation(text, job.get("allow_service") or [], update=True)
    from .entail import UNION_GRAPH, add_query_view, graph_triples, has_query_view, update_query_view
    from .updatediff import data_changes

    store = _open(None, path, writable=True)
    view = has_query_view(store)
    changes = data_changes(text) if view else None
    if changes is not None and (UNION_GRAPH in changes.dropped or
                                any(q.graph_name == UNION_GRAPH for q in changes.inserted + changes.deleted)):
        changes = None                         # written into the view itself: undone by writing it whole
    emptied = graph_triples(store, changes.dropped) if changes is not None else set()
    try:
        store.update(text, prefixes=sparql.PREFIX_MAP)
    except SyntaxError as exc:
        raise sparql.QueryError(f"malformed SPARQL update: {exc}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise sparql.EvaluationError(_line(exc)) from exc
    # the store's query view is derived from its graphs: updated from the changes an update of data operations
    # writes out (an inserted quad counts if it is still there: a later DELETE DATA or DROP may have taken it;
    # a dropped graph loses what it held before), else written whole (about 90 s on a million quads)
    if changes is not None:
        update_query_view(store, emptied | {q.triple for q in changes.deleted},
                          {q.triple for q in changes.inserted if q in store})
    elif view:
        add_query_view(store)
    store.flush()
    return {"status": 204}, b""


def _view(store: ox.Store | None, path: Path) -> tuple[dict, bytes]:
    from ..explore.view import render_html
    from .entail import document_dataset

    ds = document_dataset(_open(store, path))  # the document graphs, not the query view
    return {"status": 200}, render_html(ds).encode("utf-8")
