"""`kg build --dask SCHEDULER`: the same extraction on a Dask cluster (dask.distributed).

The client reads the articles and sends them in partitions; every worker loads the pipeline once (it
is cached per process) and returns each document's N-Quads, which the client writes as shards and
merges exactly as a local build does: the output is the same byte for byte. At most two partitions
per worker are in flight, so the client's memory stays bounded. Needs `pip install newskg[dask]`
on the client and the workers, and the same pipeline (`--model`) installed on every worker. The
`--frames` / `--actors` files are read on the client and sent with each task; a worker writes them
once into its temporary folder and builds its pipeline from them.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from spacy.language import Language

from .run import DocumentOutput, extract_outputs
from ..records import Article

PARTITION_SIZE = 32
"""Articles per Dask task."""

Files = tuple[tuple[str, bytes], ...]
"""User data files sent to the workers: (file name, content) pairs."""


def read_files(paths: Iterable[str | Path]) -> Files:
    """The file name and content of each of the user's frame or actor files (read on the client)."""
    return tuple((Path(p).name, Path(p).read_bytes()) for p in paths)


def local_copies(files: Files, kind: str) -> tuple[str, ...]:
    """Paths of the sent files on this worker: written once (atomically) under the temporary folder, in a
    folder named by their content, each under its own file name (messages name it)."""
    if not files:
        return ()
    key = hashlib.sha256(b"\0".join(n.encode() + b"\0" + data for n, data in files)).hexdigest()[:24]
    root = Path(tempfile.gettempdir()) / f"newskg-dask-{kind}-{key}"
    paths = []
    for i, (name, data) in enumerate(files):
        path = root / str(i) / name
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        paths.append(str(path))
    return tuple(paths)


@lru_cache(maxsize=4)
def worker_pipeline(model: str | None, frames: tuple[str, ...] = (), actors: tuple[str, ...] = ()) -> Language:
    """The pipeline of a worker process for `model` and these user files, loaded once per process.

    With user files the pipeline is loaded afresh: `extraction_pipeline` shares one loaded model between
    calls with different frames/actors (its components, added once, keep the first call's files), and a
    Dask worker lives on from one build to the next.
    """
    from ..extract.nlp import load_pipeline
    from ..extract.pipeline import add_extraction_components, extraction_pipeline
    if not frames and not actors:
        return extraction_pipeline(model)
    return add_extraction_components(load_pipeline.__wrapped__(model), frames, actors)


def extract_partition(model: str | None, articles: list[Article], frames: Files = (), actors: Files = (),
                      ) -> tuple[list[DocumentOutput], list[tuple[str, str]]]:
    """Run on a worker: the documents of one partition as N-Quads, and the articles that failed."""
    nlp = worker_pipeline(model, local_copies(frames, "frames"), local_copies(actors, "actors"))
    errors: list[tuple[str, str]] = []
    return list(extract_outputs(nlp, articles, errors)), errors


def dask_runner(scheduler: object, model: str | None = None, frames: Iterable[str | Path] = (),
                actors: Iterable[str | Path] = (), partition_size: int = PARTITION_SIZE,
                ) -> Callable[[Iterable[Article], list[tuple[str, str]]], Iterator[DocumentOutput]]:
    """A `build` runner that extracts on the Dask cluster at `scheduler` (an address or a cluster), with
    the pipeline `model` plus the user's `frames` and `actors` files (as `kg build --frames/--actors`).

    Connects at once, so that a wrong address fails before any work (after Dask's connect time-out,
    `distributed.comm.timeouts.connect`, e.g. DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=5s).
    """
    from distributed import Client

    frame_files, actor_files = read_files(frames), read_files(actors)
    client = Client(scheduler, set_as_default=False)

    def run(articles: Iterable[Article], errors: list[tuple[str, str]]) -> Iterator[DocumentOutput]:
        from distributed import as_completed
        try:
            it = iter(articles)
            workers = max(1, len(client.nthreads()))
            pending: dict = {}

            def submit() -> object | None:
                batch = []
                for a in it:
                    batch.append(a)
                    if len(batch) >= partition_size:
                        break
                if not batch:
                    return None
                fut = client.submit(extract_partition, model, batch, frame_files, actor_files, pure=False)
                pending[fut.key] = [a.doc_id for a in batch]
                return fut

            first = [f for f in (submit() for _ in range(2 * workers)) if f is not None]
            queue = as_completed(first, loop=client.loop)
            for fut in queue:
                ids = pending.pop(fut.key)
                try:
                    outs, errs = fut.result()
                except Exception as exc:  # a worker died or the task failed: its articles are reported
                    outs, errs = [], [(i, f"Dask task failed: {type(exc).__name__}: {exc}") for i in ids]
                fut.release()
                errors.extend(errs)
                yield from outs
                nxt = submit()
                if nxt is not None:
                    queue.add(nxt)
        finally:
            client.close()

    return run
