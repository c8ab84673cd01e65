"""Throughput of `kg build` against the bare spaCy pipeline on the same text, in one run.

Prints words/s of (a) bare `nlp.pipe` of the loaded pipeline and (b) the whole build (ingest,
newskg components, RDF), and the ratio b/a (target ≥ 0.70). The text is the sample articles
repeated to a few thousand sentences (`--copies`), each copy made unique so nothing is cached.

usage: python benchmarks/bench_build.py [data/raw] [--copies 20] [--model NAME]
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from kg.build.run import build  # noqa: E402
from kg.extract.nlp import load_pipeline  # noqa: E402
from kg.extract.pipeline import add_extraction_components  # noqa: E402
from kg.graph.rdf import to_dataset  # noqa: E402
from kg.graph.io import serialize  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("raw", nargs="?", type=Path, default=Path("data/raw"))
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--model")
    args = ap.parse_args(argv)
    texts = [f.read_text(encoding="utf8") for f in sorted(args.raw.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = []
        for k in range(args.copies):
            for i, t in enumerate(texts):
                body = f"Copy {k} of article {i}.\n\n{t}"
                (Path(tmp) / f"{k:03d}_{i}.txt").write_text(body, encoding="utf8")
                corpus.append(body)
        bare = load_pipeline(args.model)
        bare_names = list(bare.pipe_names)
        words = sum(len(d) for d in bare.tokenizer.pipe(corpus))
        t0 = time.perf_counter()
        for _ in bare.pipe(corpus, batch_size=16):
            pass
        bare_s = time.perf_counter() - t0
        nlp = add_extraction_components(bare)
        t0 = time.perf_counter()
        report = build(nlp, [Path(tmp)])
        data = serialize(to_dataset(report.results), "turtle")
        full_s = time.perf_counter() - t0
    print(f"pipeline {bare_names}; {len(corpus)} articles, {words:,} words")
    print(f"bare nlp.pipe      {words / bare_s:10,.0f} words/s  ({bare_s:.1f} s)")
    print(f"kg build (to RDF)  {words / full_s:10,.0f} words/s  ({full_s:.1f} s; {report.claims} claims, "
          f"{len(data) / 1e6:.1f} MB Turtle)")
    print(f"ratio build/bare   {bare_s / full_s:10.2f}   (target >= 0.70)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
