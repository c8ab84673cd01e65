"""`kg build` and `kg validate`."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional

import typer
from rdflib import URIRef
from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text

from ..build.run import DocumentOutput, build, default_workers
from .app import app
from ..graph.io import GraphFileError, check_writable, write_dataset
from ..build.ingest import DEFAULT_MAX_BYTES
from ..extract.nlp import PipelineError
from ..graph.rdf import BuildInfo, build_activity, new_dataset, pipeline_info
from ..graph.rdf import build_date as make_build_date

if TYPE_CHECKING:
    from rdflib import Dataset
    from spacy.language import Language

    from ..records import Article
    from ..sparql.store import Store

Runner = Callable[[Iterable["Article"], list[tuple[str, str]]], Iterable[DocumentOutput]]

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
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1,
        help="Processes extracting in parallel on this machine (default: the cores available); "
             "the output is the same byte for byte for any number."),
    dask: Optional[str] = typer.Option(
        None, "--dask", metavar="SCHEDULER",
        help="Run the extraction on a Dask cluster (scheduler address, e.g. tcp://10.0.0.5:8786); "
             "needs newskg's optional 'dask' extra and the pipeline (--model) on every worker; --frames and "
             "--actors files are sent to the workers; see docs/scale.md."),
) -> None:
    """Read articles and write the knowledge graph of their actors and claims.

    Bad input files (and bad JSON Lines lines) are reported by name and skipped; the rest is built.
    When no article at all can be read, nothing is written and the exit code is 1. Outputs are
    written atomically, and re-running on the same input gives the same graph. Documents are written
    as they finish (into the store, or into temporary N-Quads shards next to the first output), so
    memory stays flat in the number of articles. Articles longer than 50,000 characters are processed
    in pieces; longer than 2,000,000 characters, skipped with a message.
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
    runner = None
    if dask is not None:
        try:
            from ..build.distributed import dask_runner
            runner = dask_runner(dask, model, frames, actors)
        except (ImportError, OSError, ValueError) as exc:
            fail(f"cannot use the Dask scheduler: {exc}", 2)

    st = None
    if store is not None:
        try:
            from ..sparql.store import Store
            st = Store(store)
        except GraphFileError as exc:
            fail(exc, 2)
    try:
        build_into(nlp, inputs, st, output, quiet, int(max_file_size * 1e6), date,
                   workers=workers or default_workers(), runner=runner)
    finally:
        if st is not None:
            st.close()


def build_into(nlp: Language, inputs: list[Path], st: Store | None, output: list[Path], quiet: bool,
               max_bytes: int, date: str = "", workers: int = 1, runner: Runner | None = None) -> None:
    """Build the inputs into the store (when given) and the output files, and print what was done.

    Each document goes into the store (its query view updated) or an N-Quads shard as it finishes; the
    build's prov:Activity is added at the end, and the output files are written from the merged,
    sorted N-Quads (the same bytes whatever the number of workers)."""
    from ..build.streaming import ShardWriter, merge_shards, merge_sorted, quad_lines, write_from_nquads
    from ..namespaces import doc_iri

    known = st.document_hashes() if st is not None else {}
    present: dict[str, str] = {}          # every input document's IRI -> its file name now

    def unchanged(article) -> bool:
        iri = str(doc_iri(article.doc_id))
        present[iri] = article.file_name
        return known.get(iri) == article.sha256

    work_dir = output[0].parent if output else (st.path.parent if st is not None else Path("."))
    progress = Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                        TextColumn("{task.fields[name]}", markup=False), console=err,
                        disable=quiet or not err.is_terminal)
    try:                                  # shards next to the output (same disk); else the system's temp
        work = tempfile.TemporaryDirectory(prefix=".kg-build-", dir=work_dir)
    except OSError:
        work = tempfile.TemporaryDirectory(prefix="kg-build-")
    with work as tmp:
        shards = ShardWriter(Path(tmp) / "shards")
        sink = (lambda out: store_document(st, out)) if st is not None else (lambda out: shards.add(out.nquads))
        with progress:
            task = progress.add_task("extract", total=None, name="")
            report = build(nlp, inputs, sink, skip=unchanged if st is not None else None,
                           progress=lambda name, n: progress.update(task, advance=1, name=name),
                           max_bytes=max_bytes, on_articles=lambda n: progress.update(task, total=n),
                           workers=workers, runner=runner)
        skipped = [p for p in report.problems if p.skipped]
        for p in report.problems:
            err.print(f"[yellow]{'skipped' if p.skipped else 'warning'}[/] {escape(p.source)}: {escape(p.reason)}")
        if not report.built and not report.skipped_unchanged:
            err.print("[red]error:[/] no article could be read from the input; nothing written "
                      "(existing output files and the store are left as they were)")
            raise typer.Exit(1)
        prov = new_dataset()
        activity = add_provenance(prov, nlp, inputs, [doc_id for doc_id, _ in report.documents], date) \
            if report.built else None
        merged = Path(tmp) / "merged.nq"
        if st is not None:
            finish_store(st, report.documents, present, known, prov, activity)
            if output:
                merge_sorted(st.nquads_lines(), merged)
        else:
            if activity is not None:
                shards.add("".join(quad_lines((s, p, o, getattr(g, "identifier", g))
                                              for s, p, o, g in prov.quads((None, None, None, None)))))
            shards.close()
            merge_shards(shards.shards, merged)
        write_outputs(merged, output, write_from_nquads)
    wps = report.words / report.seconds if report.seconds else 0.0
    warnings = len(report.problems) - len(skipped)
    err.print(f"documents {report.built} built"
              + (f", {report.skipped_unchanged} unchanged" if st is not None else "")
              + f", {len(skipped)} skipped" + (f", {warnings} warning(s)" if warnings else "")
              + f"; actors {report.actors}; claims {report.claims}; "
              f"{report.words} words in {report.seconds:.1f} s ({wps:,.0f} words/s)")
    for out in output:
        err.print(f"wrote {escape(str(out))}")


def store_document(st: Store, out: DocumentOutput) -> None:
    """Write one finished document's graph into the store and bring the store's query view up to date."""
    import pyoxigraph as ox

    from ..namespaces import doc_iri
    from ..sparql.entail import graph_triples, update_query_view

    iri = doc_iri(out.doc_id)
    node = [ox.NamedNode(str(iri))]
    before = graph_triples(st.ox, node)
    st.replace_graph_nquads(iri, out.nquads)
    after = graph_triples(st.ox, node)
    update_query_view(st.ox, before - after, after - before)  # the store's default graph for kg query/serve


def finish_store(st: Store, documents: list[tuple[str, str]], present: dict[str, str], known: dict[str, str],
                 prov: Dataset, activity: URIRef | None) -> None:
    """After the documents are in the store: the build's provenance, earlier versions of changed articles
    removed, unchanged articles under a new file name renamed, the query view updated for all of it."""
    import pyoxigraph as ox

    from ..namespaces import doc_iri
    from ..sparql.entail import graph_triples, update_query_view
    from ..sparql.store import dataset_quads

    built = {str(doc_iri(doc_id)) for doc_id, _ in documents}
    stale = st.superseded(((name, str(doc_iri(doc_id))) for doc_id, name in documents), present)
    names = st.document_files()
    moved = sorted((iri, name) for iri, name in present.items()
                   if iri in known and iri not in built and names.get(iri) != name)
    touched = [*map(str, stale), *(iri for iri, _ in moved), *([str(activity)] if activity else [])]
    before = graph_triples(st.ox, map(ox.NamedNode, touched))
    stamped: set[ox.Triple] = set()      # prov:wasGeneratedBy in each document built now
    if activity is not None:
        st.replace_graph(activity, prov.graph(activity))
        quads = [q for q in dataset_quads(prov) if q.graph_name != ox.NamedNode(str(activity))]
        st.ox.extend(quads)
        stamped = {q.triple for q in quads}
    for iri in stale:
        st.remove_graph(iri)
    for iri, name in moved:
        st.rename_document(URIRef(iri), name)
    after = graph_triples(st.ox, map(ox.NamedNode, touched))
    update_query_view(st.ox, before - after, (after - before) | stamped)
    if stale:
        err.print(f"replaced {len(stale)} earlier version(s) of changed articles")
    if moved:
        err.print(f"{len(moved)} unchanged article(s) under a new file name: name updated")


def add_provenance(ds, nlp: Language, inputs: list[Path], doc_ids: list[str], date: str) -> URIRef:
    """Add the build's prov:Activity (kg.graph.rdf.build_activity) for the documents built now; its IRI."""
    from ..namespaces import doc_iri

    info = BuildInfo(date, len(inputs), *pipeline_info(nlp))
    return build_activity(ds, info, [doc_iri(d) for d in doc_ids])


def fail(exc: object, code: int) -> None:
    """Print an error (its text escaped: it may hold file names) and exit with this code."""
    err.print(f"[red]error:[/] {escape(str(exc))}")
    raise typer.Exit(code)


def write_outputs(ds, outputs: list[Path], writer: Callable[[Path, list[Path]], None] | None = None) -> None:
    """Write the graph (a Dataset, or the merged N-Quads file given a writer) to every output, or exit."""
    try:
        if writer is not None:
            writer(ds, outputs)
            return
        for out in outputs:
            write_dataset(ds, out)
    except (GraphFileError, OSError) as exc:
        fail(f"cannot write output: {exc}", 1)


class RateColumn(ProgressColumn):
    """Articles per second of a progress task."""

    def render(self, task) -> Text:  # noqa: ANN001 - rich's Task
        """The task's speed as articles per second ('-' before the first article)."""
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "- articles/s", style="progress.data.speed")


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
