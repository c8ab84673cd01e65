"""`kg build` and `kg validate`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rdflib import URIRef
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..build.run import build
from .app import app
from ..graph.io import GraphFileError, check_writable, write_dataset
from ..build.ingest import DEFAULT_MAX_BYTES
from ..extract.nlp import PipelineError
from ..graph.rdf import BuildInfo, build_activity, pipeline_info, to_dataset
from ..graph.rdf import build_date as make_build_date

if TYPE_CHECKING:
    from spacy.language import Language

    from ..sparql.store import Store

err = Console(stderr=True, soft_wrap=True, highlight=False)


@app.command("build")
def build_command(
    inputs: list[Path] = typer.Argument(
        ..., help="Article files or folders (.txt, .md, .html, .jsonl); '-' reads standard input: JSON Lines "
                  "(UTF-8) when its first non-blank line is a JSON object, else the whole input is one text article."),
    output: list[Path] = typer.Option(
        [], "--output", "-o",
        help="Graph file to write; the extension picks the syntax: .ttl (one merged graph), .trig / .nq "
             "(one named graph per document), .nt, .jsonld. Repeat to write several."),
    store: Optional[Path] = typer.Option(
        None, "--store", help="Keep the graph in a persistent Oxigraph store in this folder; only new or "
                              "changed articles are processed. A document is identified by its text: an "
                              "edited file replaces its earlier version, nothing still in the input is removed. "
                              "The store also keeps the query view (the set union of its graphs with the ontology "
                              "hierarchy) that kg query/serve use as the default graph."),
    model: Optional[str] = typer.Option(
        None, "--model", "-m", envvar="NEWSKG_MODEL",
        help="spaCy pipeline to use (installed package name or folder); default: the bundled en_newskg_sm."),
    max_file_size: float = typer.Option(DEFAULT_MAX_BYTES / 1e6, "--max-file-size",
                                        help="Skip articles larger than this many MB (a file, or one line of a .jsonl file)."),
    frames: list[Path] = typer.Option(
        [], "--frames", help="Extra frame lexicon (JSON Lines, one frame a line: {\"lemma\": \"hornswoggle\", "
                             "\"pos\": \"VERB\", \"relation\": \"opposes\"}; keys in docs/frames.md). Its frames "
                             "win over the bundled ones with the same trigger. Repeatable."),
    actors: list[Path] = typer.Option(
        [], "--actors", help="Extra actor table (TSV with a header: label, class, aliases separated by |; optional "
                             "code, roles, iso3, member_of, leads; see docs/actor-data.md). Its actors replace bundled "
                             "ones of the same label. Repeatable."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    build_date: Optional[str] = typer.Option(
        None, "--build-date", metavar="DATE",
        help="Date of the build's prov:Activity: an ISO 8601 date or date-time, 'today' or 'now'. Default: "
             "SOURCE_DATE_EPOCH's UTC date when set, else no date (so the same input gives the same graph)."),
) -> None:
    """Read articles and write the knowledge graph of their actors and claims.

    Bad input files (and bad JSON Lines lines) are reported by name and skipped; the rest is built.
    When no article at all can be read, nothing is written and the exit code is 1. Outputs are
    written atomically, and re-running on the same input gives the same graph.
    """
    if not output and store is None:
        err.print("[red]error:[/] give --output FILE and/or --store DIR")
        raise typer.Exit(2)
    try:
        date = make_build_date(build_date)
    except ValueError as exc:
        fail(exc, 2)
    try:
        for out in output:
            check_writable(out)
    except GraphFileError as exc:
        fail(exc, 2)
    try:
        from ..extract.actordict import ActorTableError
        from ..extract.frames import FrameError
        from ..extract.pipeline import extraction_pipeline
        nlp = extraction_pipeline(model, tuple(str(f) for f in frames), tuple(str(a) for a in actors))
    except (PipelineError, FrameError, ActorTableError) as exc:
        fail(exc, 2)

    st = None
    if store is not None:
        try:
            from ..sparql.store import Store
            st = Store(store)
        except GraphFileError as exc:
            fail(exc, 2)
    try:
        build_into(nlp, inputs, st, output, quiet, int(max_file_size * 1e6), date)
    finally:
        if st is not None:
            st.close()


def build_into(nlp: Language, inputs: list[Path], st: Store | None, output: list[Path], quiet: bool,
               max_bytes: int, date: str = "") -> None:
    """Build the inputs into the store (when given) and the output files, and print what was done."""
    known = st.document_hashes() if st is not None else {}
    present: dict[str, str] = {}          # every input document's IRI -> its file name now

    def unchanged(article) -> bool:
        from ..namespaces import doc_iri
        iri = str(doc_iri(article.doc_id))
        present[iri] = article.file_name
        return known.get(iri) == article.sha256

    progress = Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        TextColumn("{task.fields[name]}", markup=False), console=err,
                        disable=quiet or not err.is_terminal)
    with progress:
        task = progress.add_task("extract", total=None, name="")
        report = build(nlp, inputs, skip=unchanged if st is not None else None,
                       progress=lambda a, n: progress.update(task, advance=1, name=a.file_name),
                       max_bytes=max_bytes,
                       on_articles=lambda n: progress.update(task, total=n))
    skipped = [p for p in report.problems if p.skipped]
    for p in report.problems:
        err.print(f"[yellow]{'skipped' if p.skipped else 'warning'}[/] {escape(p.source)}: {escape(p.reason)}")
    if not report.results and not report.skipped_unchanged:
        err.print("[red]error:[/] no article could be read from the input; nothing written "
                  "(existing output files and the store are left as they were)")
        raise typer.Exit(1)
    ds = to_dataset(report.results)
    activity = add_provenance(ds, nlp, inputs, report.results, date) if report.results else None
    if st is not None:
        from ..namespaces import doc_iri
        built = {str(doc_iri(r.article.doc_id)) for r in report.results}
        stale = st.superseded(((r.article.file_name, str(doc_iri(r.article.doc_id))) for r in report.results),
                              present)
        names = st.document_files()
        moved = sorted((iri, name) for iri, name in present.items()
                       if iri in known and iri not in built and names.get(iri) != name)
        touched = [*built, *map(str, stale), *(iri for iri, _ in moved), *([str(activity)] if activity else [])]
        from ..sparql.entail import graph_triples, update_query_view
        import pyoxigraph as ox
        before = graph_triples(st.ox, map(ox.NamedNode, touched))
        for r in report.results:
            iri = doc_iri(r.article.doc_id)
            st.replace_graph(iri, ds.graph(iri))
        if activity is not None:
            st.replace_graph(activity, ds.graph(activity))
        for iri in stale:
            st.remove_graph(iri)
        for iri, name in moved:
            st.rename_document(URIRef(iri), name)
        after = graph_triples(st.ox, map(ox.NamedNode, touched))
        update_query_view(st.ox, before - after, after - before)  # the store's default graph for kg query/serve
        if stale:
            err.print(f"replaced {len(stale)} earlier version(s) of changed articles")
        if moved:
            err.print(f"{len(moved)} unchanged article(s) under a new file name: name updated")
        write_outputs(st.dataset(), output)
    else:
        write_outputs(ds, output)
    wps = report.words / report.seconds if report.seconds else 0.0
    warnings = len(report.problems) - len(skipped)
    err.print(f"documents {len(report.results)} built"
              + (f", {report.skipped_unchanged} unchanged" if st is not None else "")
              + f", {len(skipped)} skipped" + (f", {warnings} warning(s)" if warnings else "")
              + f"; actors {report.actors}; claims {report.claims}; "
              f"{report.words} words in {report.seconds:.1f} s ({wps:,.0f} words/s)")
    for out in output:
        err.print(f"wrote {escape(str(out))}")


def add_provenance(ds, nlp: Language, inputs: list[Path], results: list, date: str) -> URIRef:
    """Add the build's prov:Activity (kg.graph.rdf.build_activity) for the documents built now; its IRI."""
    from ..namespaces import doc_iri

    info = BuildInfo(date, len(inputs), *pipeline_info(nlp))
    return build_activity(ds, info, [doc_iri(r.article.doc_id) for r in results])


def fail(exc: object, code: int) -> None:
    """Print an error (its text escaped: it may hold file names) and exit with this code."""
    err.print(f"[red]error:[/] {escape(str(exc))}")
    raise typer.Exit(code)


def write_outputs(ds, outputs: list[Path]) -> None:
    """Write the graph to every output file, or exit with a clear error."""
    try:
        for out in outputs:
            write_dataset(ds, out)
    except (GraphFileError, OSError) as exc:
        fail(f"cannot write output: {exc}", 1)


@app.command("validate")
def validate_command(graph: Path = typer.Argument(
        ..., help="Graph file or store folder to check; '-' reads graph data from standard input.")) -> None:
    """Check a built graph against the SHACL shapes in kg/ontology/shapes.ttl (exit 1 on violations)."""
    from ..graph.validate import validate_dataset
    try:
        from ..sparql.store import open_dataset
    except ImportError:  # pragma: no cover - store module always present in a full install
        from ..graph.io import load_dataset as open_dataset
    try:
        if str(graph) == "-":
            from ..graph.io import load_dataset
            ds = load_dataset("-")
        else:
            ds = open_dataset(graph)
    except GraphFileError as exc:
        fail(exc, 2)
    rep = validate_dataset(ds)
    if rep.conforms:
        print(f"{graph}: conforms to the newskg shapes")
        return
    sys.stdout.write(rep.text)
    err.print(f"[red]{escape(str(graph))}: {rep.violations} SHACL violation(s)[/]")
    raise typer.Exit(1)
