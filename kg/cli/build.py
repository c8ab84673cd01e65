"""`kg build` and `kg validate`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..build.run import build
from .app import app
from ..graph.io import GraphFileError, check_writable, write_dataset
from ..build.ingest import DEFAULT_MAX_BYTES
from ..extract.nlp import PipelineError
from ..graph.rdf import to_dataset

err = Console(stderr=True, soft_wrap=True, highlight=False)


@app.command("build")
def build_command(
    inputs: list[Path] = typer.Argument(..., help="Article files or folders (.txt, .md, .html, .jsonl)."),
    output: list[Path] = typer.Option(
        [], "--output", "-o",
        help="Graph file to write; the extension picks the syntax: .ttl (one merged graph), .trig / .nq "
             "(one named graph per document), .nt, .jsonld. Repeat to write several."),
    store: Optional[Path] = typer.Option(
        None, "--store", help="Keep the graph in a persistent Oxigraph store in this folder; only new or "
                              "changed articles are processed, each document's named graph is replaced."),
    model: Optional[str] = typer.Option(
        None, "--model", "-m", envvar="NEWSKG_MODEL",
        help="spaCy pipeline to use (installed package name or folder); default: the bundled en_newskg_sm."),
    max_file_size: float = typer.Option(DEFAULT_MAX_BYTES / 1e6, "--max-file-size",
                                        help="Skip input files larger than this many MB."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Read articles and write the knowledge graph of their actors and claims.

    Bad input files are reported by name and skipped; the rest is built. Outputs are written
    atomically, and re-running on the same input gives the same graph.
    """
    if not output and store is None:
        err.print("[red]error:[/] give --output FILE and/or --store DIR")
        raise typer.Exit(2)
    try:
        for out in output:
            check_writable(out)
    except GraphFileError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2)
    try:
        from ..extract.pipeline import extraction_pipeline
        nlp = extraction_pipeline(model)
    except PipelineError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2)

    st = None
    if store is not None:
        try:
            from ..sparql.store import Store
            st = Store(store)
        except GraphFileError as exc:
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2)
    known = st.document_hashes() if st is not None else {}

    def unchanged(article) -> bool:
        from ..namespaces import doc_iri
        return known.get(str(doc_iri(article.doc_id))) == article.sha256

    progress = Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[name]}"), console=err, disable=quiet or not err.is_terminal)
    with progress:
        task = progress.add_task("extract", total=None, name="")
        report = build(nlp, inputs, skip=unchanged if st is not None else None,
                       progress=lambda a, n: progress.update(task, advance=1, name=a.file_name),
                       max_bytes=int(max_file_size * 1e6),
                       on_articles=lambda n: progress.update(task, total=n))
    for p in report.problems:
        err.print(f"[yellow]skipped[/] {p.source}: {p.reason}")
    if not report.results and report.problems and not report.skipped_unchanged:
        err.print("[red]error:[/] no article could be read; nothing written")
        raise typer.Exit(1)
    ds = to_dataset(report.results)
    if st is not None:
        from ..namespaces import doc_iri
        with st:
            stale = superseded(st, report.results)
            for r in report.results:
                iri = doc_iri(r.article.doc_id)
                st.replace_graph(iri, ds.graph(iri))
            for iri in stale:
                st.remove_graph(iri)
            if stale:
                err.print(f"replaced {len(stale)} earlier version(s) of changed articles")
            write_outputs(st.dataset(), output)
    else:
        write_outputs(ds, output)
    wps = report.words / report.seconds if report.seconds else 0.0
    err.print(f"documents {len(report.results)} built"
              + (f", {report.skipped_unchanged} unchanged" if st is not None else "")
              + f", {len(report.problems)} skipped; actors {report.actors}; claims {report.claims}; "
              f"{report.words} words in {report.seconds:.1f} s ({wps:,.0f} words/s)")
    for out in output:
        err.print(f"wrote {out}")


def write_outputs(ds, outputs: list[Path]) -> None:
    """Write the graph to every output file, or exit with a clear error."""
    try:
        for out in outputs:
            write_dataset(ds, out)
    except (GraphFileError, OSError) as exc:
        err.print(f"[red]error:[/] cannot write output: {exc}")
        raise typer.Exit(1)


def superseded(st, results) -> list:
    """Graphs in a store that hold an earlier text of a file being rebuilt now (same file name, new hash)."""
    from rdflib import URIRef

    from ..namespaces import KG, doc_iri
    names = {r.article.file_name: str(doc_iri(r.article.doc_id)) for r in results}
    rows = st.dataset().query(f"SELECT ?d ?f WHERE {{ GRAPH ?d {{ ?d <{KG.fileName}> ?f }} }}")
    return sorted({URIRef(str(d)) for d, f in rows if str(f) in names and names[str(f)] != str(d)})


@app.command("validate")
def validate_command(graph: Path = typer.Argument(..., help="Graph file or store folder to check.")) -> None:
    """Check a built graph against the SHACL shapes in kg/ontology/shapes.ttl (exit 1 on violations)."""
    from ..graph.validate import validate_dataset
    try:
        from ..sparql.store import open_dataset
    except ImportError:  # pragma: no cover - store module always present in a full install
        from ..graph.io import load_dataset as open_dataset
    try:
        ds = open_dataset(graph)
    except GraphFileError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2)
    rep = validate_dataset(ds)
    if rep.conforms:
        print(f"{graph}: conforms to the newskg shapes")
        return
    sys.stdout.write(rep.text)
    err.print(f"[red]{graph}: {rep.violations} SHACL violation(s)[/]")
    raise typer.Exit(1)
