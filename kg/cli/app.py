"""The Typer application that every `kg` sub-command module registers on."""
import typer

app = typer.Typer(
    name="kg",
    help="newskg: build an RDF knowledge graph of who does what to whom from news articles, "
    "then query, serve, export and view it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
