"""Load the spaCy pipeline newskg runs on: the user's choice, else the bundled one; once per process."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

BUNDLED_NAME = "en_newskg_sm"
BUNDLED_PATH = Path(__file__).resolve().parent.parent / "models" / BUNDLED_NAME


class PipelineError(Exception):
    """A pipeline that cannot be loaded, with what to do about it."""


def bundled_pipeline_path() -> Path:
    """Where the pipeline shipped inside the package lives."""
    return BUNDLED_PATH


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline to use: `name` (installed package or path) if given, else the bundled one."""
    if name is None or name == BUNDLED_NAME:
        if not (BUNDLED_PATH / "config.cfg").is_file():
            raise PipelineError(
                f"the bundled pipeline is missing at {BUNDLED_PATH}; reinstall newskg, or train it with "
                "`python training/train.py ../shared/data` (see README, 'Model card')")
        return spacy.load(BUNDLED_PATH)
    path = Path(name).expanduser()
    looks_like_path = any(ch in name for ch in "/\\") or name.startswith(".") or path.exists()
    if looks_like_path:
        if not path.exists():
            raise PipelineError(f"pipeline path {name!r} does not exist")
        if not (path / "config.cfg").is_file():
            raise PipelineError(
                f"{name!r} is not a spaCy pipeline folder (no config.cfg in it); "
                "give the folder that `nlp.to_disk()` or `spacy package` produced")
        try:
            return spacy.load(path)
        except Exception as exc:  # spaCy raises OSError/ValueError/KeyError for broken folders
            raise PipelineError(f"cannot load the spaCy pipeline at {name!r}: {exc}") from exc
    try:
        return spacy.load(name)
    except OSError as exc:
        raise PipelineError(
            f"spaCy pipeline {name!r} is not installed. Install it into this Python environment "
            f"(for example `python -m spacy download {name}`, or `pip install` its package file), "
            "give a path to a pipeline folder instead, or leave the option out to use the bundled "
            f"pipeline {BUNDLED_NAME}") from exc
