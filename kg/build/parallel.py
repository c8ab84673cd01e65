"""`kg build --workers N`: extraction in a pool of forked processes sharing the loaded pipeline.

Articles go to the workers in small batches, at most two batches per worker in flight (memory stays
bounded); each worker returns its documents' N-Quads. The merged output is sorted, so it is the same
byte for byte whatever the number of workers or the order in which batches finish.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Iterable, Iterator

from spacy.language import Language

from .run import BATCH_SIZE, DocumentOutput, extract_outputs
from ..records import Article

_NLP: Language | None = None
"""The pipeline inherited by a forked worker (the loaded pipeline is the one global)."""


def _init(nlp: Language) -> None:
    global _NLP
    _NLP = nlp


def _run_batch(articles: list[Article]) -> tuple[list[DocumentOutput], list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    assert _NLP is not None, "worker started without a pipeline"
    try:
        return list(extract_outputs(_NLP, articles, errors)), errors
    except Exception as exc:  # a failure outside the components: report every article of the batch
        return [], [(a.doc_id, f"{type(exc).__name__}: {exc}") for a in articles]


def batch_size(total: int, workers: int) -> int:
    """Articles per task: small enough to spread `total` over the workers, at most BATCH_SIZE."""
    return max(1, min(BATCH_SIZE, total // (workers * 4) or 1))


def pool_outputs(nlp: Language, articles: Iterable[Article], errors: list[tuple[str, str]], workers: int,
                 total: int) -> Iterator[DocumentOutput]:
    """Extract in `workers` forked processes; yield documents as batches finish (order not fixed)."""
    size = batch_size(total, workers)
    it = iter(articles)
    ctx = mp.get_context("fork")
    # the objects alive now (the pipeline, its data) moved out of the collector's reach while the workers
    # run: a worker's collections then leave the inherited pages unwritten (shared, not copied) and take
    # less time (2 workers / 1: 1.72-1.80 with it, 1.50-1.77 without, bench_build.py)
    gc.collect()
    gc.freeze()
    try:
        yield from _pooled(nlp, it, size, errors, workers, ctx)
    finally:
        gc.unfreeze()


def _pooled(nlp: Language, it: Iterator[Article], size: int, errors: list[tuple[str, str]], workers: int,
            ctx: mp.context.BaseContext) -> Iterator[DocumentOutput]:
    """The pool of ``pool_outputs``: at most two batches per worker in flight."""
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init, initargs=(nlp,)) as pool:
        pending: dict[Future, list[str]] = {}

        def submit() -> bool:
            batch = list(islice(it, size))
            if batch:
                try:
                    pending[pool.submit(_run_batch, batch)] = [a.doc_id for a in batch]
                except BrokenProcessPool as exc:  # the pool is gone: the rest fail with the reason
                    errors.extend((a.doc_id, f"worker failed: {exc}") for a in batch)
            return bool(batch)

        while len(pending) < 2 * workers and submit():
            pass
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                ids = pending.pop(fut)
                try:
                    outs, errs = fut.result()
                except Exception as exc:  # a worker died (killed, out of memory)
                    outs, errs = [], [(i, f"worker failed: {type(exc).__name__}: {exc}") for i in ids]
                errors += errs
                yield from outs
                submit()
