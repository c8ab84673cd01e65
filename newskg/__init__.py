"""newskg's Python API under its project name: the functions of kg.api (extract, build, load, query, view)."""
from kg import __version__
from kg.api import BuildError, DocumentResult, View, build, extract, load, query, view

__all__ = ["__version__", "extract", "build", "load", "query", "view", "View", "DocumentResult", "BuildError"]
