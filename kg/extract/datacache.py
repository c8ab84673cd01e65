"""A compiled cache of tables built from data files (the actor gazetteer), keyed by the files' content.

The first process to build a table writes it, pickled, to the user's cache directory; later processes read it
back instead of parsing and validating the data files again. The key is a SHA-256 of the files' bytes, of the
code that builds the table, and of the versions of Python, newskg and pycountry, so an edited data file or
module gives a new key. The cache is an optimisation only: a missing, corrupt, unreadable or foreign cache
file is ignored and the table is rebuilt; a directory that cannot be written to just means no cache.

Where: ``$NEWSKG_CACHE_DIR`` if set (``off`` turns the cache off), else ``$XDG_CACHE_HOME/newskg``, else
``~/.cache/newskg``. At most :data:`KEEP` files of one kind are kept (the oldest are removed).
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
ENV = "NEWSKG_CACHE_DIR"
FORMAT = 1
"""Bumped when what a cache file holds changes shape."""
KEEP = 8
"""Cache files kept per kind (a build with a user's actor table has a key of its own)."""


def cache_dir() -> Path | None:
    """The directory for newskg's cache files, or None when the cache is turned off."""
    env = os.environ.get(ENV)
    if env is not None and env.strip():
        return None if env.strip().lower() == "off" else Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "newskg"


def content_key(kind: str, files: Iterable[Path], code: Iterable[Path] = ()) -> str:
    """SHA-256 over the kind, the versions, the code files and the data files (a missing file counts as
    missing); raises OSError when a file exists but cannot be read."""
    import pycountry

    from .. import __version__

    h = hashlib.sha256()
    meta = (kind, FORMAT, sys.version, __version__, getattr(pycountry, "__version__", ""))
    h.update(repr(meta).encode())
    for part, paths in (("code", code), ("data", files)):
        for p in paths:
            h.update(f"\0{part}\0{p.name}\0".encode())
            if p.is_file():
                h.update(hashlib.sha256(p.read_bytes()).digest())
            else:
                h.update(b"\0missing")
    return h.hexdigest()


def _read(path: Path, key: str):
    """The cached value, or None when the file is absent, not ours, unreadable or does not hold ``key``."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if hasattr(os, "getuid") and st.st_uid != os.getuid():
                return None           # written by someone else: never unpickled
            data = f.read()
    except OSError:
        return None
    enabled = gc.isenabled()
    gc.disable()                      # tens of thousands of small objects: collections only slow the load
    try:
        stored_key, value = pickle.loads(data)
    except Exception:                 # a corrupt or truncated file, an old format: rebuild
        return None
    finally:
        if enabled:
            gc.enable()
    return value if stored_key == key else None


def _write(folder: Path, path: Path, key: str, value) -> None:
    """Write atomically (a temporary file renamed into place), keep the newest KEEP files; failures are silent."""
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((key, value), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        kind = path.name.split("-", 1)[0]
        old = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for p in old[KEEP:]:
            p.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def cached(kind: str, files: Iterable[Path], build: Callable[[], T], code: Iterable[Path] = ()) -> T:
    """``build()``'s value, read from the cache when the files (and code) are unchanged, else built and stored.

    Errors of ``build`` (a malformed data file) propagate as they would without a cache; nothing is stored then.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        key = content_key(kind, list(files), list(code))
    except OSError:
        return build()                # an unreadable file: let the builder report it
    path = folder / f"{kind}-{key[:32]}.pickle"
    value = _read(path, key)
    if value is not None:
        return value
    value = build()
    _write(folder, path, key, value)
    return value
