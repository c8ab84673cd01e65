"""`kg push`: load a graph into a remote triple store with SPARQL 1.1 Update or the Graph Store Protocol."""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

import httpx
import pyoxigraph as ox

from .store import open_ox


class PushError(Exception):
    """A push that failed; the message says what, if anything, reached the remote store."""


@dataclass
class PushReport:
    """What a successful push sent."""

    triples: int
    requests: int
    graphs: int


class AutoAuth(httpx.Auth):
    """HTTP authentication that answers the server's challenge: Digest (Virtuoso's /sparql-auth) or Basic."""

    def __init__(self, user: str, password: str) -> None:
        self.basic = httpx.BasicAuth(user, password)
        self.digest = httpx.DigestAuth(user, password)
        self.scheme: str | None = None

    def auth_flow(self, request: httpx.Request):
        if self.scheme is None:
            response = yield request
            if response.status_code != 401:
                return
            challenge = response.headers.get("www-authenticate", "").strip().lower()
            self.scheme = "digest" if challenge.startswith("digest") else "basic"
        yield from (self.digest if self.scheme == "digest" else self.basic).auth_flow(request)


def make_auth(user: str | None, password: str | None, auth: str = "auto") -> httpx.Auth | None:
    """The httpx authentication for --user/--password and --auth auto|basic|digest."""
    if not user:
        return None
    if auth == "basic":
        return httpx.BasicAuth(user, password or "")
    if auth == "digest":
        return httpx.DigestAuth(user, password or "")
    if auth != "auto":
        raise PushError(f"unknown --auth {auth!r}; use auto, basic or digest")
    return AutoAuth(user, password or "")


def _graphs(store: ox.Store, graph_iri: str | None) -> dict[str, list[ox.Triple]]:
    """Triples by target graph ('' = the default graph)."""
    out: dict[str, list[ox.Triple]] = {}
    from .entail import without_query_view

    for q in without_query_view(store.quads_for_pattern(None, None, None, None)):
        name = graph_iri if graph_iri else ("" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value)
        out.setdefault(name, []).append(q.triple)
    for triples in out.values():
        triples.sort(key=str)
    return out


def _chunks(items: list, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _nt(triples: Iterable[ox.Triple]) -> str:
    # Oxigraph writes each term in N-Triples syntax: article text stays inside its escaped literal.
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)


def insert_data(graph: str, triples: Iterable[ox.Triple]) -> str:
    """One SPARQL INSERT DATA request for these triples in ``graph`` ('' = default graph)."""
    body = _nt(triples)
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}" if graph else f"INSERT DATA {{\n{body}}}"


def push(path: str | Path, endpoint: str, *, graph_iri: str | None = None, user: str | None = None,
         password: str | None = None, auth: str = "auto", batch_size: int = 5000, replace: bool = False,
         gsp: bool = False, timeout: float = 60.0, deadline: float | None = 3600.0,
         transport: httpx.AsyncBaseTransport | None = None) -> PushReport:
    """Send every triple of a graph file or store to a remote store; raise PushError on any failure.

    Each request must be answered completely within ``timeout`` seconds (however slowly the server
    trickles its answer), and the whole push must end within ``deadline`` seconds (None: no total limit).
    """
    if timeout <= 0 or (deadline is not None and deadline <= 0):
        raise PushError("--timeout and --deadline must be positive")
    if graph_iri:
        try:
            ox.NamedNode(graph_iri)
        except ValueError as exc:
            raise PushError(f"--graph-iri {graph_iri!r} is not a valid IRI: {exc}") from exc
    graphs = _graphs(open_ox(path, read_only=True), graph_iri)
    requests: list[tuple[str, dict, str, int]] = []  # (description, httpx kwargs, graph, triples)
    for g, triples in sorted(graphs.items()):
        if gsp:
            params = {"graph": g} if g else {"default": ""}
            requests.append((f"graph {g or 'default'}", {
                "method": "PUT" if replace else "POST", "params": params,
                "content": _nt(triples).encode("utf-8"), "headers": {"Content-Type": "text/turtle; charset=utf-8"}},
                g, len(triples)))
            continue
        if replace and g:
            requests.append((f"drop {g}", _update(f"DROP SILENT GRAPH <{g}>"), g, 0))
        for chunk in _chunks(triples, max(1, batch_size)):
            requests.append((f"{len(chunk)} triples into {g or 'the default graph'}", _update(insert_data(g, chunk)),
                             g, len(chunk)))
    sent = asyncio.run(_send(endpoint, requests, make_auth(user, password, auth), timeout, deadline, transport))
    return PushReport(triples=sent, requests=len(requests), graphs=len(graphs))


async def _send(endpoint: str, requests: list[tuple[str, dict, str, int]], auth: httpx.Auth | None,
                timeout: float, deadline: float | None, transport: httpx.AsyncBaseTransport | None) -> int:
    """Send the requests in order, each within ``timeout`` and all within ``deadline``; the triples sent."""
    sent = 0
    end = time.monotonic() + deadline if deadline is not None else None
    async with httpx.AsyncClient(auth=auth, timeout=timeout, follow_redirects=False, transport=transport) as client:
        for i, (what, kwargs, _g, n) in enumerate(requests, 1):
            kwargs = dict(kwargs)
            method = kwargs.pop("method", "POST")
            limit, which = timeout, f"--timeout {timeout:g} s"
            if end is not None and end - time.monotonic() < limit:
                limit, which = end - time.monotonic(), f"--deadline {deadline:g} s for the whole push"
                if limit <= 0:
                    raise PushError(_failure(endpoint, i, len(requests), sent, f"the push ran past the {which}"))
            try:
                resp = await asyncio.wait_for(client.request(method, endpoint, **kwargs), limit)
            except asyncio.TimeoutError:
                raise PushError(_failure(endpoint, i, len(requests), sent,
                                         f"no complete answer for {what} within the {which}")) from None
            except httpx.HTTPError as exc:
                raise PushError(_failure(endpoint, i, len(requests), sent, f"cannot reach the endpoint: {exc}")) from exc
            if resp.status_code >= 300:
                detail = " ".join(resp.text.split())[:500]
                raise PushError(_failure(endpoint, i, len(requests), sent, f"HTTP {resp.status_code} for {what}: {detail}"))
            sent += n
    return sent


def _update(text: str) -> dict:
    return {"method": "POST", "data": {"update": text},
            "headers": {"Accept": "application/sparql-results+json, text/plain, */*"}}


def _failure(endpoint: str, i: int, n: int, sent: int, reason: str) -> str:
    state = ("nothing was pushed" if sent == 0 and i == 1 else
             f"{sent} triples in {i - 1} of {n} requests were loaded before the failure: the remote data is "
             "INCOMPLETE (re-run with --replace to start the target graphs afresh)")
    return f"push to {endpoint} failed at request {i} of {n}: {reason}; {state}"
