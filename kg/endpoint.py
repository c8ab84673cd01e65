"""`kg serve`: a SPARQL 1.1 Protocol endpoint (Oxigraph's engine behind a small Starlette app) and the graph view."""
from __future__ import annotations

import asyncio
import hmac
import html
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from . import sparql
from .graphio import GraphFileError
from .store import open_ox

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
RELOAD_CHECK_SECONDS = 1.0
"""A read-only server looks for a newer store (or graph file) at most this often, and reopens it."""
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


class SparqlService:
    """The dataset behind the endpoint: an Oxigraph store, the executor that runs queries, the cached view."""

    def __init__(self, path: str | Path, config: EndpointConfig) -> None:
        self.path = Path(path)
        self.config = config
        self.store = open_ox(path, read_only=config.update_token is None)
        self.pool = ThreadPoolExecutor(max_workers=config.workers, thread_name_prefix="sparql")
        self._view: str | None = None
        self._view_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self._signature = _data_signature(self.path)
        self._checked = time.monotonic()

    def refresh(self) -> bool:
        """Reopen the data when another process changed it (a later `kg build`); read-only servers only.

        Checked at most every RELOAD_CHECK_SECONDS; running queries finish on the data they started on.
        """
        if self.config.update_token is not None or time.monotonic() - self._checked < RELOAD_CHECK_SECONDS:
            return False
        with self._reload_lock:
            self._checked = time.monotonic()
            sig = _data_signature(self.path)
            if sig is None or sig == self._signature:
                return False
            try:
                store = open_ox(self.path, read_only=True)
            except (GraphFileError, OSError, SyntaxError):
                return False  # caught mid-write: keep serving the old data, look again later
            with self._view_lock:
                self.store, self._signature, self._view = store, sig, None
            return True

    async def _in_thread(self, fn: Callable, timeout: float | None):
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(self.pool, fn), timeout)
        except asyncio.TimeoutError as exc:
            raise sparql.QueryTimeout(f"the query ran past the time limit of {self.config.timeout:g} s") from exc

    async def query(self, text: str, default_graphs: list[str], named_graphs: list[str]) -> sparql.QueryResult:
        """Run a query within the time and size limits."""
        cfg = self.config

        def run() -> sparql.QueryResult:
            self.refresh()
            if default_graphs or named_graphs:
                return _run_with_dataset(self.store, text, default_graphs, named_graphs, cfg)
            return sparql.run_local(self.store, text, max_results=cfg.max_results, timeout=cfg.timeout)

        return await self._in_thread(run, cfg.timeout)

    async def update(self, text: str) -> None:
        """Run a SPARQL Update (the caller has checked the token)."""
        def run() -> None:
            try:
                self.store.update(text, prefixes=sparql.PREFIX_MAP)
            except SyntaxError as exc:
                raise sparql.QueryError(f"malformed SPARQL update: {exc}") from exc
            self._view = None
        await self._in_thread(run, self.config.timeout)

    def view_html(self) -> str:
        """The HTML graph view (kg.view), made on first use and cached; a fallback page if it is unavailable."""
        self.refresh()
        with self._view_lock:
            if self._view is None:
                try:
                    from .view import render_html  # provided by the view module, when present

                    self._view = render_html(self._dataset())
                except Exception as exc:  # the view is optional: never break the endpoint
                    self._view = _fallback_page(f"{type(exc).__name__}: {exc}")
            return self._view

    def _dataset(self):
        from .graphio import load_dataset

        if self.path.is_dir():
            from oxrdflib import OxigraphStore
            from rdflib import Dataset

            from .namespaces import bind_prefixes

            ds = Dataset(store=OxigraphStore(store=self.store), default_union=True)
            bind_prefixes(ds)
            return ds
        return load_dataset(self.path)


def _data_signature(path: Path) -> tuple | None:
    """What changes when a store directory is written (its files) or a graph file is replaced."""
    try:
        if path.is_dir():
            return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns)
                                for e in os.scandir(path) if e.is_file()))
        st = path.stat()
        return (st.st_ino, st.st_size, st.st_mtime_ns)
    except OSError:
        return None


def _run_with_dataset(store: ox.Store, text: str, default_graphs: list[str], named_graphs: list[str],
                      cfg: EndpointConfig) -> sparql.QueryResult:
    """A query with the protocol's default-graph-uri / named-graph-uri dataset."""
    try:
        res = store.query(text, prefixes=sparql.PREFIX_MAP,
                          default_graph=[ox.NamedNode(g) for g in default_graphs] or None,
                          named_graphs=[ox.NamedNode(g) for g in named_graphs] or None,
                          use_default_graph_as_union=not default_graphs)
    except (SyntaxError, ValueError) as exc:
        raise sparql.QueryError(f"malformed SPARQL query: {exc}") from exc
    if isinstance(res, ox.QueryBoolean):
        return sparql.QueryResult("ask", boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        rows = [[s[n] for n in names] for s in res]
        if len(rows) > cfg.max_results:
            raise sparql.ResultTooLarge(f"the result has more than {cfg.max_results} rows; add a LIMIT")
        return sparql.QueryResult("select", variables=names, rows=rows)
    return sparql.QueryResult("graph", triples=list(res))


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


async def _read_request(request: Request) -> tuple[str | None, str | None, list[str], list[str]]:
    """(query, update, default-graph-uri list, named-graph-uri list) from a protocol request."""
    params = request.query_params
    queries, updates = list(params.getlist("query")), list(params.getlist("update"))
    dg, ng = list(params.getlist("default-graph-uri")), list(params.getlist("named-graph-uri"))
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qsl((await request.body()).decode("utf-8", errors="replace"), keep_blank_values=True)
            queries += [v for k, v in form if k == "query"]
            updates += [v for k, v in form if k == "update"]
            dg += [v for k, v in form if k == "default-graph-uri"]
            ng += [v for k, v in form if k == "named-graph-uri"]
        elif ctype == "application/sparql-query":
            queries.append((await request.body()).decode("utf-8"))
        elif ctype == "application/sparql-update":
            updates.append((await request.body()).decode("utf-8"))
        else:
            raise ProtocolError(415, f"unsupported content type {ctype!r}: use application/x-www-form-urlencoded, "
                                     "application/sparql-query or application/sparql-update")
    if request.method == "GET" and updates:
        raise ProtocolError(405, "updates must be sent with POST")
    if len(queries) + len(updates) > 1:
        raise ProtocolError(400, "send exactly one query or one update")
    return (queries[0] if queries else None), (updates[0] if updates else None), [str(g) for g in dg], [str(g) for g in ng]


def create_app(path: str | Path, config: EndpointConfig | None = None) -> Starlette:
    """The ASGI application of `kg serve` for a graph file or store directory."""
    config = config or EndpointConfig()
    service = SparqlService(path, config)

    async def sparql_endpoint(request: Request) -> Response:
        try:
            query, update, dg, ng = await _read_request(request)
            if query is None and update is None:
                if "text/html" in request.headers.get("accept", ""):
                    return HTMLResponse(FORM_PAGE)
                raise ProtocolError(400, "missing 'query' parameter")
            if update is not None:
                _authorise(request, config)
                await service.update(update)
                return Response(status_code=204)
            res = await service.query(query or "", dg, ng)
            return _render(request, res)
        except ProtocolError as exc:
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            return PlainTextResponse(str(exc) + "\n", status_code=exc.status, headers=headers)
        except sparql.UpdateNotAllowed as exc:
            return PlainTextResponse(("this endpoint is read-only: " if config.update_token is None else
                                      "send updates with the 'update' parameter: ") + str(exc) + "\n", status_code=403)
        except sparql.QueryError as exc:
            return PlainTextResponse(str(exc) + "\n", status_code=400)
        except sparql.QueryTimeout as exc:
            return PlainTextResponse(str(exc) + "\n", status_code=503)
        except sparql.ResultTooLarge as exc:
            return PlainTextResponse(str(exc) + "\n", status_code=422)

    async def index(request: Request) -> Response:
        loop = asyncio.get_running_loop()
        return HTMLResponse(await loop.run_in_executor(service.pool, service.view_html))

    app = Starlette(
        routes=[Route("/sparql", sparql_endpoint, methods=["GET", "POST"]), Route("/", index, methods=["GET"])],
        middleware=[Middleware(CORSMiddleware, allow_origins=config.cors_origins, allow_methods=["GET", "POST"],
                               allow_headers=["Accept", "Authorization", "Content-Type"], max_age=3600)],
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


def _render(request: Request, res: sparql.QueryResult) -> Response:
    fmt_param = SHORT_NAMES.get(request.query_params.get("format", "").lower())
    accept = request.headers.get("accept", "*/*")
    kind = "graph" if res.kind == "graph" else "select"
    if kind == "graph":
        fmt = fmt_param if fmt_param in ("turtle", "nt", "jsonld", "xml") else negotiate(accept, GRAPH_TYPES, "turtle")
    else:
        fmt = fmt_param if fmt_param in ("json", "xml", "csv", "tsv") else negotiate(accept, RESULT_TYPES, "json")
    return Response(sparql.serialize_result(res, fmt), media_type=MEDIA[(kind, fmt)])
