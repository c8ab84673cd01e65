"""The Typer application that every `kg` sub-command module registers on."""
import typer

app = typer.Typer(
    name="kg",
    help="newskg: build an RDF knowledge graph of who does what to whom from news articles, "
    "then query, serve, export and view it.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def version_text() -> str:
    """`kg --version`: the newskg version and the bundled pipeline's name and version."""
    import json

    from .. import __version__
    from ..extract.nlp import BUNDLED_NAME, BUNDLED_PATH

    try:
        meta = json.loads((BUNDLED_PATH / "meta.json").read_text(encoding="utf-8"))
        pipeline = f"{BUNDLED_NAME} {meta.get('version', '?')}"
    except (OSError, ValueError):
        pipeline = f"{BUNDLED_NAME} missing"
    return f"newskg {__version__} (bundled pipeline {pipeline})"


def _version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                           help="Print the newskg version and exit."),
) -> None:
    """newskg: build an RDF knowledge graph of who does what to whom from news articles, then query, serve,
    export and view it."""
