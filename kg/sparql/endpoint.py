"""`kg serve`: a SPARQL 1.1 Protocol endpoint (Oxigraph's engine behind a small Starlette app) and the graph view."""
from __future__ import annotations

import asyncio
import os
import contextlib
import hmac
import html
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from . import query as sparql
from ..graph.io import GraphFileError
from .queryworker import GRACE, JobResult, JobTimeout, WorkerError, WorkerPool
from .store import open_ox

RELOAD_CHECK_SECONDS = 1.0
"""A read-only server on a store looks for a later build at most this often."""
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "nt",
    "text/plain": "nt", "application/ld+json": "jsonld", "application/rdf+xml": "xml",
}
MEDIA = {
    ("select", "json"): "application/sparql-results+json", ("select", "xml"): "application/sparql-results+xml",
    ("select", "csv"): "text/csv; charset=utf-8", ("select", "tsv"): "text/tab-separated-values; charset=utf-8",
    ("graph", "turtle"): "text/turtle; charset=utf-8", ("graph", "nt"): "application/n-triples",
    ("graph", "jsonld"): "application/ld+json", ("graph", "xml"): "application/rdf+xml",
}
SHORT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle", "ttl": "turtle",
               "nt": "nt", "ntriples": "nt", "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "xml"}


@dataclass
class EndpointConfig:
    """Limits and switches of the endpoint."""

    timeout: float = 30.0
    max_results: int = 100_000
    update_token: str | None = None  # None: read-only
    cors_origins: list[str] = field(default_factory=lambda: ["*"])
    workers: int = 8
    max_body: int = 1_000_000
    allow_service: list[str] = field(default_factory=list)  # hosts SERVICE/LOAD may reach; none by default
    view_timeout: float = 120.0


class ProtocolError(Exception):
    """A request that breaks the SPARQL protocol, with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def negotiate(accept: str, table: dict[str, str], default: str) -> str:
    """The best format of ``table`` for an Accept header (q-values honoured, */* gives the default)."""
    best, best_q = None, 0.0
    for i, part in enumerate(accept.split(",")):
        items = [x.strip() for x in part.split(";")]
        media, q = items[0].lower(), 1.0
        for p in items[1:]:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        fmt = table.get(media) or (default if media in ("*/*", "application/*", "text/*", "") else None)
        if fmt and q > best_q:
            best, best_q = fmt, q
    return best or default


class _ReadWriteLock:
    """Many readers or one writer (queries and the view read a store directory that an update writes)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    def acquire(self, write: bool, timeout: float) -> bool:
        with self._cond:
            ok = self._cond.wait_for(lambda: not self._writer and (not write or self._readers == 0), timeout)
            if ok:
                if write:
                    self._writer = True
                else:
                    self._readers += 1
            return ok

    def release(self, write: bool) -> None:
        with self._cond:
            if write:
                self._writer = False
            else:
                self._readers -= 1
            self._cond.notify_all()


class SparqlService:
    """The dataset behind the endpoint: killable worker processes, at most ``workers`` jobs at once, the cached view."""

    def __init__(self, path: str | Path, config: EndpointConfig) -> None:
        self.path = Path(path)
        self.config = config
        if self.path.is_dir():
            open_ox(self.path, read_only=True)  # fail early, with newskg's message, on a bad store
        elif config.update_token is not None:
            raise GraphFileError(f"{self.path}: updates need a store directory (a graph file is served from a "
                                 "read-only snapshot, so updates would be lost); build one with kg build --store, "
                                 "or serve without --allow-updates")
        try:
            self.workers = WorkerPool(self.path)
        except WorkerError as exc:
            raise GraphFileError(str(exc)) from exc
        self.pool = ThreadPoolExecutor(max_workers=config.workers, thread_name_prefix="sparql")
        self._view_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="view")
        self._rw = _ReadWriteLock()
        self._view: str | None = None
        self._view_lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _shutdown, self.workers, self.pool, self._view_pool)
        self._signature = _data_signature(self.path)
        self._checked = time.monotonic()
        self._reload_lock = threading.Lock()

    def refresh(self) -> bool:
        """See a later `kg build --store` without a restart: when the store's files changed, new workers
        (which open the store afresh) replace the idle ones and the cached view is dropped. Read-only servers
        on a store only (a graph file is a snapshot; a server with updates is the only writer); checked at
        most every RELOAD_CHECK_SECONDS; running queries finish on the data they started on."""
        if not self.path.is_dir() or self.config.update_token is not None or \
                time.monotonic() - self._checked < RELOAD_CHECK_SECONDS:
            return False
        with self._reload_lock:
            self._checked = time.monotonic()
            sig = _data_signature(self.path)
            if sig is None or sig == self._signature:
                return False
            self._signature = sig
            self.workers.invalidate()
            self._view = None
            return True

    def close(self) -> None:
        """Stop every running job and the worker processes."""
        self._finalizer()

    async def _submit(self, pool: ThreadPoolExecutor, fn: Callable[[float], JobResult], timeout: float) -> JobResult:
        """Run ``fn(remaining seconds)`` on ``pool``; time spent waiting for a free worker counts."""
        deadline = time.monotonic() + timeout

        def run() -> JobResult:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise sparql.QueryTimeout(f"every query worker stayed busy for the time limit of {timeout:g} s; "
                                          "try again later")
            return fn(remaining)

        fut = pool.submit(run)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(fut), timeout + GRACE + 2)
        except asyncio.TimeoutError as exc:  # only if the machinery itself is stuck
            fut.cancel()
            raise sparql.QueryTimeout(f"the query ran past the time limit of {timeout:g} s") from exc

    def _job(self, job: dict, text: str, remaining: float, write: bool = False) -> JobResult:
        if not self._rw.acquire(write, remaining):
            raise sparql.QueryTimeout("the store stayed locked by an update for the whole time limit")
        try:
            if write:  # idle workers hold read-only handles on the store: replace them around the write
                self.workers.invalidate()
            try:
                return self.workers.run(job, text.encode("utf-8"), remaining)
            except JobTimeout as exc:
                raise sparql.QueryTimeout(str(exc)) from exc
        finally:
            if write:
                self.workers.invalidate()
            self._rw.release(write)

    async def query(self, text: str, default_graphs: list[str], named_graphs: list[str],
                    formats: tuple[str, str] = ("json", "turtle")) -> JobResult:
        """Run a query in a worker process within the time and size limits; the answer is already serialised."""
        cfg = self.config
        self.refresh()
        job = {"op": "query", "max_results": cfg.max_results, "allow_service": cfg.allow_service,
               "default_graphs": default_graphs, "named_graphs": named_graphs,
               "select_format": formats[0], "graph_format": formats[1]}
        return await self._submit(self.pool, lambda left: self._job(job, text, left), cfg.timeout)

    async def update(self, text: str) -> JobResult:
        """Run a SPARQL Update in a worker process (the caller has checked the token)."""
        job = {"op": "update", "allow_service": self.config.allow_service}
        try:
            res = await self._submit(self.pool, lambda left: self._job(job, text, left, write=True),
                                     self.config.timeout)
        finally:
            self._view = None
        return res

    async def view_html(self) -> str:
        """The HTML graph view (kg.view) of the same data /sparql answers from, made on first use and cached."""
        self.refresh()
        if self._view is not None:
            return self._view
        timeout = self.config.view_timeout

        def render(left: float) -> JobResult:
            with self._view_lock:
                if self._view is None:
                    try:
                        res = self._job({"op": "view"}, "", left)
                        self._view = (res.body.decode("utf-8") if res.header.get("status") == 200 else
                                      _fallback_page(res.header.get("message", "")))
                    except (sparql.QueryTimeout, WorkerError) as exc:
                        return JobResult({"status": 200}, _fallback_page(str(exc)).encode())
                return JobResult({"status": 200}, self._view.encode("utf-8"))

        try:
            return (await self._submit(self._view_pool, render, timeout)).body.decode("utf-8")
        except sparql.QueryTimeout as exc:
            return _fallback_page(str(exc))


def _data_signature(path: Path) -> tuple | None:
    """What changes when a store directory is written (its files' names, sizes and times)."""
    try:
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(path) if e.is_file()))
    except OSError:
        return None


def _shutdown(workers: WorkerPool, *pools: ThreadPoolExecutor) -> None:
    workers.close()  # first: running jobs end at once, so the threads waiting for them return
    for pool in pools:
        pool.shutdown(wait=False, cancel_futures=True)


def _fallback_page(reason: str = "") -> str:
    note = f"<p><small>The graph view is not available ({html.escape(reason)}).</small></p>" if reason else ""
    return ("<!doctype html><html><head><meta charset='utf-8'><title>newskg</title></head><body>"
            "<h1>newskg</h1><p>SPARQL endpoint: <a href='/sparql'>/sparql</a></p>" + note + "</body></html>")


FORM_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>newskg SPARQL</title></head><body>
<h1>newskg SPARQL endpoint</h1><form method="get" action="/sparql">
<textarea name="query" rows="12" cols="90">SELECT ?actor ?label WHERE { ?actor a kg:Country ; rdfs:label ?label } LIMIT 20</textarea><br>
<select name="format"><option>json</option><option>xml</option><option>csv</option><option>tsv</option></select>
<button type="submit">Run</button></form><p>Prefixes kg:, actor:, doc:, claim:, rdfs:, skos:, dcterms:, prov:, xsd: are predeclared.</p>
</body></html>"""


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed ``limit`` bytes (before reading it all)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise ProtocolError(400, f"bad Content-Length {declared!r}") from None
        if size > limit:
            raise ProtocolError(413, f"the request body ({size} bytes) is larger than the limit of {limit} bytes "
                                     "(kg serve --max-body)")
    buf = bytearray()
    async for chunk in request.stream():
        buf += chunk
        if len(buf) > limit:
            raise ProtocolError(413, f"the request body is larger than the limit of {limit} bytes (kg serve --max-body)")
    return bytes(buf)


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the request body is not valid UTF-8 (byte {exc.start}); "
                                 "send the query as UTF-8") from None


async def _read_request(request: Request, max_body: int) -> tuple[str | None, str | None, list[str], list[str]]:
    """(query, update, default-graph-uri list, named-graph-uri list) from a protocol request."""
    params = request.query_params
    queries, updates = list(params.getlist("query")), list(params.getlist("update"))
    dg, ng = list(params.getlist("default-graph-uri")), list(params.getlist("named-graph-uri"))
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype not in ("application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"):
            raise ProtocolError(415, f"unsupported content type {ctype!r}: use application/x-www-form-urlencoded, "
                                     "application/sparql-query or application/sparql-update")
        body = _utf8(await _read_body(request, max_body))
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qsl(body, keep_blank_values=True, errors="strict")
            except UnicodeDecodeError:
                raise ProtocolError(400, "a form field is not valid UTF-8 once percent-decoded") from None
            queries += [v for k, v in form if k == "query"]
            updates += [v for k, v in form if k == "update"]
            dg += [v for k, v in form if k == "default-graph-uri"]
            ng += [v for k, v in form if k == "named-graph-uri"]
        elif ctype == "application/sparql-query":
            queries.append(body)
        else:
            updates.append(body)
    if request.method == "GET" and updates:
        raise ProtocolError(405, "updates must be sent with POST")
    if len(queries) + len(updates) > 1:
        raise ProtocolError(400, "send exactly one query or one update")
    return (queries[0] if queries else None), (updates[0] if updates else None), [str(g) for g in dg], [str(g) for g in ng]


def create_app(path: str | Path, config: EndpointConfig | None = None) -> Starlette:
    """The ASGI application of `kg serve` for a graph file or store directory."""
    config = config or EndpointConfig()
    service = SparqlService(path, config)

    def text(status: int, message: str, headers: dict | None = None) -> Response:
        return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)

    async def sparql_endpoint(request: Request) -> Response:
        try:
            query, update, dg, ng = await _read_request(request, config.max_body)
            if query is None and update is None:
                if "text/html" in request.headers.get("accept", ""):
                    return HTMLResponse(FORM_PAGE)
                raise ProtocolError(400, "missing 'query' parameter")
            if update is not None:
                _authorise(request, config)
                res = await service.update(update)
            else:
                res = await service.query(query or "", dg, ng, _formats(request))
        except ProtocolError as exc:
            return text(exc.status, str(exc), {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None)
        except sparql.QueryTimeout as exc:
            return text(503, str(exc))
        except WorkerError as exc:
            return text(503, str(exc))
        status = res.header.get("status", 500)
        if status == 200:
            return Response(res.body, media_type=MEDIA[(res.header["kind"], res.header["format"])])
        if status == 204:
            return Response(status_code=204)
        message = res.header.get("message", "the query failed")
        if res.header.get("error") == "update-not-allowed":
            message = ("this endpoint is read-only: " if config.update_token is None else
                       "send updates with the 'update' parameter: ") + message
        return text(status, message)

    async def index(request: Request) -> Response:
        return HTMLResponse(await service.view_html())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        service.close()

    app = Starlette(
        routes=[Route("/sparql", sparql_endpoint, methods=["GET", "POST"]), Route("/", index, methods=["GET"])],
        middleware=[Middleware(CORSMiddleware, allow_origins=config.cors_origins, allow_methods=["GET", "POST"],
                               allow_headers=["Accept", "Authorization", "Content-Type"], max_age=3600)],
        lifespan=lifespan,
    )
    app.state.service = service
    return app


def _authorise(request: Request, config: EndpointConfig) -> None:
    if config.update_token is None:
        raise ProtocolError(403, "this endpoint is read-only; start kg serve with --allow-updates --update-token")
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), config.update_token.encode()):
        raise ProtocolError(401, "updates need the header 'Authorization: Bearer <token>'")


def _formats(request: Request) -> tuple[str, str]:
    """(solutions format, triples format) asked for by the 'format' parameter or the Accept header."""
    fmt_param = SHORT_NAMES.get(request.query_params.get("format", "").lower())
    accept = request.headers.get("accept", "*/*")
    graph = fmt_param if fmt_param in ("turtle", "nt", "jsonld", "xml") else negotiate(accept, GRAPH_TYPES, "turtle")
    select = fmt_param if fmt_param in ("json", "xml", "csv", "tsv") else negotiate(accept, RESULT_TYPES, "json")
    return select, graph
