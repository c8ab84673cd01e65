"""`kg build` and `kg validate`."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text

from .build import build, default_workers
from .cli_app import app
from .graphio import GraphFileError, check_writable, write_dataset
from .ingest import DEFAULT_MAX_BYTES
from .nlp import PipelineError

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
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1,
        help="Processes extracting in parallel on this machine (default: the cores available); "
             "the output is the same byte for byte for any number."),
    dask: Optional[str] = typer.Option(
        None, "--dask", metavar="SCHEDULER",
        help="Run the extraction on a Dask cluster (scheduler address, e.g. tcp://10.0.0.5:8786); "
             "needs newskg's optional 'dask' extra and the pipeline on every worker; see docs/scale.md."),
) -> None:
    """Read articles and write the knowledge graph of their actors and claims.

    Bad input files are reported by name and skipped; the rest is built. Outputs are written
    atomically, and re-running on the same input gives the same graph. Articles longer than
    50,000 characters are processed in pieces; longer than 2,000,000 characters, skipped with a message.
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
    runner = None
    if dask is not None:
        try:
            from .distributed import dask_runner
            runner = dask_runner(dask, model)
        except (ImportError, OSError, ValueError) as exc:
            err.print(f"[red]error:[/] cannot use the Dask scheduler: {exc}")
            raise typer.Exit(2)

    try:
        from .pipeline import extraction_pipeline
        nlp = extraction_pipeline(model)
    except PipelineError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2)

    st = None
    if store is not None:
        try:
            from .store import Store
            st = Store(store)
        except GraphFileError as exc:
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2)
    known = st.document_hashes() if st is not None else {}

    def unchanged(article) -> bool:
        from .namespaces import doc_iri
        return known.get(str(doc_iri(article.doc_id))) == article.sha256

    from .streaming import ShardWriter, merge_shards, merge_sorted, write_from_nquads
    work_dir = (output[0].parent if output else store.parent) or Path(".")
    progress = Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                        TextColumn("{task.fields[name]}"), console=err, disable=quiet or not err.is_terminal)
    try:
        with tempfile.TemporaryDirectory(prefix=".kg-build-", dir=work_dir) as tmp:
            shards = ShardWriter(Path(tmp) / "shards")

            def sink(out) -> None:
                if st is not None:
                    from .namespaces import doc_iri
                    st.replace_graph_nquads(doc_iri(out.doc_id), out.nquads)
                else:
                    shards.add(out.nquads)

            with progress:
                task = progress.add_task("extract", total=None, name="")
                report = build(nlp, inputs, sink, skip=unchanged if st is not None else None,
                               progress=lambda name, n: progress.update(task, advance=1, name=name),
                               max_bytes=int(max_file_size * 1e6),
                               on_articles=lambda n: progress.update(task, total=n),
                               workers=workers or default_workers(), runner=runner)
            shards.close()
            for p in report.problems:
                err.print(f"[yellow]skipped[/] {p.source}: {p.reason}")
            if not report.built and report.problems and not report.skipped_unchanged:
                err.print("[red]error:[/] no article could be read; nothing written")
                raise typer.Exit(1)
            merged = Path(tmp) / "merged.nq"
            if st is not None:
                stale = superseded(st, report.documents)
                for iri in stale:
                    st.remove_graph(iri)
                if stale:
                    err.print(f"replaced {len(stale)} earlier version(s) of changed articles")
                if output:
                    merge_sorted(st.nquads_lines(), merged)
            else:
                merge_shards(shards.shards, merged)
            write_outputs(merged, output, write_from_nquads)
    finally:
        if st is not None:
            st.close()
    wps = report.words / report.seconds if report.seconds else 0.0
    err.print(f"documents {report.built} built"
              + (f", {report.skipped_unchanged} unchanged" if st is not None else "")
              + f", {len(report.problems)} skipped; actors {report.actors}; claims {report.claims}; "
              f"{report.words} words in {report.seconds:.1f} s ({wps:,.0f} words/s)")
    for out in output:
        err.print(f"wrote {out}")


def write_outputs(ds, outputs: list[Path], writer=None) -> None:
    """Write the graph (a Dataset, or the merged N-Quads file given a writer) to every output, or exit."""
    try:
        if writer is not None:
            writer(ds, outputs)
            return
        for out in outputs:
            write_dataset(ds, out)
    except (GraphFileError, OSError) as exc:
        err.print(f"[red]error:[/] cannot write output: {exc}")
        raise typer.Exit(1)


def superseded(st, documents) -> list:
    """Graphs in a store that hold an earlier text of a file being rebuilt now (same file name, new hash).

    `documents` are the (doc_id, file_name) pairs of the documents just built.
    """
    from rdflib import URIRef

    from .namespaces import KG, doc_iri
    names = {file_name: str(doc_iri(doc_id)) for doc_id, file_name in documents}
    rows = st.dataset().query(f"SELECT ?d ?f WHERE {{ GRAPH ?d {{ ?d <{KG.fileName}> ?f }} }}")
    return sorted({URIRef(str(d)) for d, f in rows if str(f) in names and names[str(f)] != str(d)})


class RateColumn(ProgressColumn):
    """Articles per second of a progress task."""

    def render(self, task) -> Text:  # noqa: ANN001 - rich's Task
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "- articles/s", style="progress.data.speed")


@app.command("validate")
def validate_command(graph: Path = typer.Argument(..., help="Graph file or store folder to check.")) -> None:
    """Check a built graph against the SHACL shapes in ontology/shapes.ttl (exit 1 on violations)."""
    from .validate import validate_dataset
    try:
        from .store import open_dataset
    except ImportError:  # pragma: no cover - store module always present in a full install
        from .graphio import load_dataset as open_dataset
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
