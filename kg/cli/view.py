"""`kg view` (self-contained HTML network page) and `kg stats` (graph analytics) commands."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rdflib import Dataset

from .app import app
from ..graph.io import GraphFileError, write_bytes_atomic

try:
    from ..sparql.store import open_dataset
except ModuleNotFoundError as exc:  # kg.sparql.store not there yet: graph files only
    if exc.name != "kg.sparql.store":
        raise
    from ..graph.io import load_dataset as open_dataset


class Layout(str, Enum):
    """How `kg view` lays the network out."""

    auto = "auto"
    static = "static"
    physics = "physics"


class Format(str, Enum):
    """Output formats of `kg stats`."""

    table = "table"
    json = "json"


def _open(graph: Path) -> Dataset:
    """Open a graph file or store directory, or exit with a message."""
    try:
        if str(graph) == "-":
            from ..graph.io import load_dataset

            return load_dataset("-")
        return open_dataset(graph)
    except (GraphFileError, OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


@app.command("view")
def view_command(
    graph: Path = typer.Argument(..., help="A graph file (.trig, .nq, .ttl, ...), a store directory, or '-' "
                                           "(graph data on standard input)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="The HTML file to write (default: the graph's name with .html, in "
                                               "the current folder); '-' writes to standard output."),
    title: str = typer.Option("", "--title", help="Page title (default: the graph's file name)."),
    layout: Layout = typer.Option(Layout.auto, "--layout",
                                  help="auto: static above 300 actors, else physics until it settles."),
) -> None:
    """Write the graph's actor network as one self-contained, offline HTML page."""
    from ..explore.analysis import read_graph
    from ..explore.view import render_kgraph

    if output is None:
        stem = "" if str(graph) == "-" else (graph.stem if graph.suffix else graph.name)
        output = Path(f"{stem or 'kg'}.html")
    if output.is_dir():
        typer.echo(f"error: {output}: is a directory, expected a file name", err=True)
        raise typer.Exit(1)
    kg = read_graph(_open(graph))
    static = {Layout.auto: None, Layout.static: True, Layout.physics: False}[layout]
    page = render_kgraph(kg, title=title or f"newskg: {graph.name}", static=static)
    if str(output) == "-":
        sys.stdout.buffer.write(page.encode("utf-8"))
        sys.stdout.flush()
        return
    try:
        write_bytes_atomic(page.encode("utf-8"), output)
    except OSError as exc:
        typer.echo(f"error: {output}: cannot write: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from exc
    denied = sum(1 for e in kg.edges if e.only_denied)
    typer.echo(f"wrote {output} ({len(page.encode('utf-8')) / 1e6:.2f} MB): {len(kg.actors)} actors, "
               f"{len(kg.edges)} relation edges ({denied} only denied, hidden by default)")


@app.command("stats")
def stats_command(
    graph: Path = typer.Argument(..., help="A graph file (.trig, .nq, .ttl, ...) or a store directory."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table for people, json for scripts."),
    top: int = typer.Option(10, "--top", min=1, help="How many central actors to list per measure."),
) -> None:
    """Summarise a graph: actors and claims by class and relation, central actors, communities, contested."""
    from ..explore.stats import graph_stats, print_stats

    stats = graph_stats(_open(graph), top=top)
    if fmt is Format.json:
        typer.echo(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_stats(stats)
