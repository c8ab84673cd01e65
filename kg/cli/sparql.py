"""`kg query`, `kg serve`, `kg export`, `kg push`, `kg load`: the SPARQL side of the command line."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .app import app
from ..graph.io import GraphFileError


def _fail(msg: str, code: int = 1) -> None:
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(code)


DATA_HELP = "Graph file or store directory to query ('-': graph data on standard input)."


@app.command("query")
def query_cmd(
    query: str = typer.Argument(..., help="A SPARQL query, the path of a .rq file (see queries/), or '-' to read "
                                          "it from standard input."),
    data: Optional[Path] = typer.Option(None, "--data", "-d", help=DATA_HELP),
    graph: Optional[Path] = typer.Option(None, "--graph", "-g", hidden=True,
                                         help="Deprecated name of --data (in kg push, --graph is a graph IRI)."),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", "-e", help="Remote SPARQL endpoint URL instead of --data."),
    fmt: str = typer.Option("table", "--format", "-f",
                            help="table|csv|tsv|json|xml for SELECT/ASK; turtle|nt|jsonld|xml for CONSTRUCT/DESCRIBE. "
                                 "A table is for people; scripts want tsv, csv or json."),
    param: List[str] = typer.Option([], "--param", "-p",
                                    help="Bind a variable: name=value, value an `<IRI>`, `prefix:name`, \"literal\" or number. Repeatable."),
    user: Optional[str] = typer.Option(None, "--user", help="User for the remote endpoint."),
    password: Optional[str] = typer.Option(None, "--password", envvar="KG_PASSWORD", help="Password (or env KG_PASSWORD)."),
    digest: bool = typer.Option(False, "--digest", help="HTTP digest instead of basic authentication."),
) -> None:
    """Run a SPARQL query on a graph file, a store or a remote endpoint."""
    from ..sparql import query as sparql

    if graph is not None:
        typer.echo("warning: --graph/-g is deprecated in kg query; use --data/-d", err=True)
        if data is not None:
            _fail("give --data once (--graph is its deprecated name)", 2)
        data = graph
    if (data is None) == (endpoint is None):
        _fail("give exactly one of --data GRAPH|STORE_DIR or --endpoint URL", 2)
    if query == "-" and data is not None and str(data) == "-":
        _fail("standard input can hold the query or the data, not both", 2)
    try:
        text = sparql.read_query(query)
        params = sparql.parse_params(param, text)
        if endpoint:
            res = sparql.run_remote(endpoint, text, params, user=user, password=password,
                                    auth="digest" if digest else "basic")
        else:
            res = sparql.run_local(_open_store(data), text, params)
    except sparql.QueryError as exc:
        _fail(str(exc), 2)
    except (GraphFileError, sparql.EndpointError) as exc:
        _fail(str(exc), 1)
    if res.kind == "graph":
        if fmt not in sparql.GRAPH_FORMATS and fmt != "table":
            _fail(f"unknown --format {fmt!r} for CONSTRUCT/DESCRIBE; use turtle, nt, jsonld or xml", 2)
        out = sparql.serialize_result(res, fmt if fmt in sparql.GRAPH_FORMATS else "turtle")
        sys.stdout.buffer.write(out)
        return
    if fmt == "table":
        _print_table(res)
        return
    if fmt not in sparql.RESULT_FORMATS:
        _fail(f"unknown --format {fmt!r}; use table, csv, tsv, json or xml", 2)
    sys.stdout.buffer.write(sparql.serialize_result(res, fmt))
    sys.stdout.flush()


def _open_store(data: Path):
    """An Oxigraph store of a graph file, a store directory or standard input ('-').

    A file or standard input is loaded into memory with the query view of kg.sparql.entail (the default graph as
    a set, with the ontology's class and property hierarchy); a store directory is queried as it is.
    """
    import pyoxigraph as ox

    from ..sparql.entail import add_query_view
    from ..graph.io import load_dataset
    from ..sparql.store import dataset_quads, is_store_dir, open_ox

    if str(data) != "-" and is_store_dir(data):
        return open_ox(data, read_only=True)
    if str(data) == "-":
        store = ox.Store()
        store.bulk_extend(dataset_quads(load_dataset("-")))
    else:
        store = open_ox(data, read_only=True)  # a graph file: a fresh in-memory store
    add_query_view(store)
    return store


def _print_table(res) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..sparql.query import table_rows

    header, rows = table_rows(res)
    table = Table()
    for h in header:
        table.add_column(Text(h), overflow="fold")
    for row in rows:
        table.add_row(*(Text(c) for c in row))  # Text, not markup: article text is untrusted
    piped = not sys.stdout.isatty()
    # piped or redirected: as wide as the cells need, never cut (a terminal gets wrapped cells instead)
    console = Console(highlight=False, width=TABLE_MAX_WIDTH if piped else None, soft_wrap=piped)
    console.print(table, crop=not piped)
    if res.kind == "select":
        typer.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
                   + ("  (for scripts use --format tsv, csv or json)" if piped else ""), err=True)


TABLE_MAX_WIDTH = 100_000
"""Width of a table written to a pipe or file: cells are wrapped only beyond 100,000 characters a line."""


@app.command("serve")
def serve_cmd(
    graph: Path = typer.Argument(..., help="Graph file (served as a read-only snapshot) or store directory to serve."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    timeout: float = typer.Option(30.0, "--timeout", help="Time limit of a query or update in seconds (the worker process is killed)."),
    max_results: int = typer.Option(100_000, "--max-results", help="Result-size limit (rows or triples)."),
    max_body: int = typer.Option(1_000_000, "--max-body", help="Request body limit in bytes (larger requests get 413)."),
    workers: int = typer.Option(8, "--workers", min=1, help="Queries run at once (each in its own process)."),
    allow_service: List[str] = typer.Option([], "--allow-service",
                                            help="Host that SERVICE (and LOAD) may reach, 'host' or 'host:port'; repeatable. Default: none."),
    allow_updates: bool = typer.Option(False, "--allow-updates", help="Accept SPARQL Update on a store directory (needs --update-token)."),
    update_token: Optional[str] = typer.Option(None, "--update-token", envvar="KG_UPDATE_TOKEN",
                                               help="Bearer token required for updates (or env KG_UPDATE_TOKEN)."),
    cors: str = typer.Option("*", "--cors-origins", help="Comma-separated origins allowed by CORS ('*' for all)."),
) -> None:
    """Serve a SPARQL 1.1 Protocol endpoint at /sparql and the graph view at / (limits: docs/limits-serve.md)."""
    import uvicorn

    from ..sparql.endpoint import EndpointConfig, create_app

    if allow_updates and not update_token:
        _fail("--allow-updates needs --update-token TOKEN (or env KG_UPDATE_TOKEN)", 2)
    if allow_updates and not graph.is_dir():
        _fail(f"{graph}: --allow-updates needs a store directory (build one with kg build --store); "
              "a graph file is served as a read-only snapshot and updates to it would be lost", 2)
    if max_body < 1 or timeout <= 0:
        _fail("--max-body and --timeout must be positive", 2)
    try:
        application = create_app(graph, EndpointConfig(timeout=timeout, max_results=max_results, max_body=max_body,
                                                       workers=workers, allow_service=list(allow_service),
                                                       update_token=update_token if allow_updates else None,
                                                       cors_origins=[o.strip() for o in cors.split(",") if o.strip()]))
    except GraphFileError as exc:
        _fail(str(exc))
    typer.echo(f"SPARQL endpoint: http://{host}:{port}/sparql  (graph view: http://{host}:{port}/)", err=True)
    uvicorn.run(application, host=host, port=port, log_level="warning", timeout_graceful_shutdown=3)


@app.command("export")
def export_cmd(
    graph: Path = typer.Argument(..., help="Graph file or store directory ('-': graph data on standard input)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f",
                                      help="turtle|nt|nquads|trig|jsonld|xml (RDF/XML), or graphml|gexf (the actor "
                                           "network for Cytoscape, Gephi) or csv (the claims with evidence). "
                                           "Default: from the --output extension, turtle on standard output."),
    output: str = typer.Option("-", "--output", "-o",
                               help="File to write (atomically); '-' (the default) writes to standard output."),
) -> None:
    """Write the graph in another RDF syntax (named graphs kept by nquads, trig and jsonld), as a network or as a
    claims table."""
    from ..graph.export import export, resolve_format

    if output != "-":
        out = Path(output)
        folder = next((a for a in (out.parent, *out.parent.parents) if a.exists()), None)
        if folder is not None and not folder.is_dir():
            _fail(f"{output}: {folder} is not a folder")
    try:
        chosen = resolve_format(fmt, output)
    except GraphFileError as exc:
        _fail(str(exc), 2)
    try:
        n, what = export(graph, chosen, output)
    except GraphFileError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{output}: cannot write: {exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else ""))
    typer.echo(f"wrote {n} {what} to {'standard output' if output == '-' else output}", err=True)


@app.command("push")
def push_cmd(
    graph: Path = typer.Argument(..., help="Graph file or store directory to upload."),
    endpoint: str = typer.Option(..., "--endpoint", "-e", help="SPARQL Update endpoint (or GSP endpoint with --gsp)."),
    graph_iri: Optional[str] = typer.Option(None, "--graph-iri", "--graph",
                                            help="Put every triple in this named graph (default: keep one graph per document)."),
    user: Optional[str] = typer.Option(None, "--user", help="User name."),
    password: Optional[str] = typer.Option(None, "--password", envvar="KG_PASSWORD", help="Password (or env KG_PASSWORD)."),
    auth: str = typer.Option("auto", "--auth", help="auto|basic|digest (auto answers the server's challenge)."),
    batch: int = typer.Option(5000, "--batch-size", help="Triples per INSERT DATA request."),
    replace: bool = typer.Option(False, "--replace", help="Drop each target graph before loading it."),
    gsp: bool = typer.Option(False, "--gsp", help="Use the SPARQL 1.1 Graph Store Protocol (HTTP POST/PUT of Turtle) instead of Update."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds within which each request must be answered completely."),
    deadline: float = typer.Option(3600.0, "--deadline", help="Seconds within which the whole push must end (0: no limit)."),
) -> None:
    """Load the graph into a remote triple store with SPARQL 1.1 Update (batched INSERT DATA) or the Graph Store Protocol."""
    from ..sparql.push import PushError, push

    try:
        report = push(graph, endpoint, graph_iri=graph_iri, user=user, password=password, auth=auth,
                      batch_size=batch, replace=replace, gsp=gsp, timeout=timeout, deadline=deadline or None)
    except GraphFileError as exc:
        _fail(str(exc))
    except PushError as exc:
        _fail(str(exc))
    typer.echo(f"pushed {report.triples} triples in {report.requests} requests to {report.graphs} graph(s) at {endpoint}",
               err=True)


@app.command("load")
def load_cmd(
    store: Path = typer.Argument(..., help="Store directory to load into (made when missing)."),
    files: List[Path] = typer.Argument(..., help="Graph files (.nq, .trig, .ttl, .nt, .jsonld, .rdf) or folders of "
                                                 "them (the files with those extensions or .owl directly in the "
                                                 "folder), e.g. the .nq outputs or shards of several builds."),
    query_view: bool = typer.Option(True, "--query-view/--no-query-view",
                                    help="Give a store that has no query view one (the default graph as a set, with "
                                         "the ontology's hierarchy, as kg query gives on a file). A store that has "
                                         "one always keeps it up to date."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress line."),
) -> None:
    """Bulk-load graph files into a store directory, for kg query and kg serve (docs/scale.md).

    Every file is read whole first: a bad one is reported and nothing is loaded. Each named graph of the
    files replaces the store's graph of that name (a document built again replaces its earlier version);
    triples outside named graphs are added. Not atomic once loading has begun (Oxigraph's bulk loader is not):
    an interrupted load leaves part of the files in the store; load them again.
    """
    from contextlib import nullcontext

    from rich.console import Console
    from rich.markup import escape

    from ..sparql.bulkload import load_files
    from ..sparql.store import Store

    console = Console(stderr=True, highlight=False)
    made = not store.exists()
    try:
        with Store(store) as st, console.status("", spinner="dots") if console.is_terminal and not quiet \
                else nullcontext() as status:
            report = load_files(st, files, query_view=query_view,
                                progress=(lambda what: status.update(escape(what))) if status else None)
    except GraphFileError as exc:
        if made and store.is_dir():       # nothing was loaded: no empty store left behind
            import shutil
            shutil.rmtree(store, ignore_errors=True)
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{store}: cannot write the store: {exc.strerror or exc}")
    typer.echo(f"loaded {len(report.files)} file(s), {report.quads:,} quads in {report.graphs:,} named graph(s) "
               f"({report.replaced:,} replaced) into {store} in {report.seconds:.1f} s; query view "
               + (report.view if report.view != "none" else
                  "none (Oxigraph's union of the graphs is the default graph)"), err=True)

