"""`kg` command line: imports each command module so that it registers its commands."""
from __future__ import annotations

import importlib

from .app import app

COMMAND_MODULES = ("kg.cli.build", "kg.cli.sparql", "kg.cli.view")


def main() -> None:
    """Entry point of the `kg` console script."""
    for name in COMMAND_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    app()


if __name__ == "__main__":
    main()
