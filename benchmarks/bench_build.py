"""Throughput and memory of `kg build`, measured in one run (the ratios are what count).

0. seconds to load the pipeline (spaCy's, then newskg's components and data; target <= 3 s).
1. words/s of bare `nlp.pipe` (the loaded pipeline without newskg's components) against the whole
   streamed build with one worker (ingest, newskg components, N-Quads, merged Turtle), on texts
   repeated to a few thousand sentences (`--copies`), each copy made unique by a numbered first line.
   Target: build/bare >= 0.90.
2. the same build with `--workers 2` against one worker (target >= 1.7 on two free cores).
3. peak RSS of a `kg build` child process (`-o .nq`, one worker) on a small and a large synthetic
   corpus of short articles made of varied real sentences (target: large within 1.5x of small).

usage: python benchmarks/bench_build.py [RAW_DIR] [--copies N] [--rss-small 1000] [--rss-large 20000]
RAW_DIR defaults to ../shared/devset/raw when it exists, else data/raw.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_long import run_child  # noqa: E402
from kg.build.run import build  # noqa: E402
from kg.build.streaming import ShardWriter, merge_shards, write_from_nquads  # noqa: E402
from kg.extract.nlp import load_pipeline  # noqa: E402
from kg.extract.pipeline import add_extraction_components  # noqa: E402


def streamed_build(nlp, src: Path, out: Path, workers: int):
    """The build `kg build SRC -o OUT` runs, in this process: (seconds, report)."""
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        shards = ShardWriter(Path(tmp) / "shards")
        report = build(nlp, [src], lambda o: shards.add(o.nquads), workers=workers)
        shards.close()
        merge_shards(shards.shards, Path(tmp) / "merged.nq")
        write_from_nquads(Path(tmp) / "merged.nq", [out])
    return time.perf_counter() - t0, report


def synthetic_corpus(texts: list[str], n: int, folder: Path, seed: int = 7) -> None:
    """n short unique articles of 4 real sentences each (shuffled from the texts), written as .txt files."""
    sents = [s.strip() for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if 40 < len(s.strip()) < 300]
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = " ".join(rnd.sample(sents, 4))
        (folder / f"{i:06d}.txt").write_text(f"Bulletin {i}.\n\n{body}\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = ROOT.parent / "shared" / "devset" / "raw"
    ap.add_argument("raw", nargs="?", type=Path, default=shared if shared.is_dir() else ROOT / "data" / "raw")
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--model")
    ap.add_argument("--rss-small", type=int, default=1000)
    ap.add_argument("--rss-large", type=int, default=20000)
    ap.add_argument("--skip-rss", action="store_true")
    args = ap.parse_args(argv)
    texts = [f.read_text(encoding="utf8") for f in sorted(args.raw.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus"
        src.mkdir()
        corpus = []
        for k in range(args.copies):
            for i, t in enumerate(texts):
                body = f"Copy {k} of article {i}.\n\n{t}"
                (src / f"{k:03d}_{i}.txt").write_text(body, encoding="utf8")
                corpus.append(body)
        t0 = time.perf_counter()
        bare = load_pipeline(args.model)
        load_s = time.perf_counter() - t0
        bare_names = list(bare.pipe_names)
        words = sum(len(d) for d in bare.tokenizer.pipe(corpus))
        sentences = sum(len(list(d.sents)) for d in bare.pipe(corpus[: len(texts)], batch_size=16)) * args.copies
        t0 = time.perf_counter()
        for _ in bare.pipe(corpus, batch_size=16):
            pass
        bare_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        nlp = add_extraction_components(bare)
        load_s += time.perf_counter() - t0
        print(f"pipeline load            {load_s:10.2f} s  (spaCy pipeline + newskg components and data; target <= 3 s)",
              flush=True)
        one_s, report = streamed_build(nlp, src, Path(tmp) / "one.ttl", 1)
        two_s, _ = streamed_build(nlp, src, Path(tmp) / "two.ttl", 2)
        same = (Path(tmp) / "one.ttl").read_bytes() == (Path(tmp) / "two.ttl").read_bytes()
        print(f"pipeline {bare_names}; {args.raw}: {len(corpus)} articles, ~{sentences:,} sentences, {words:,} words")
        print(f"bare nlp.pipe            {words / bare_s:10,.0f} words/s  ({bare_s:.1f} s)")
        print(f"kg build, 1 worker       {words / one_s:10,.0f} words/s  ({one_s:.1f} s; {report.claims} claims)")
        print(f"kg build, 2 workers      {words / two_s:10,.0f} words/s  ({two_s:.1f} s; output identical: {same})")
        print(f"ratio build/bare         {bare_s / one_s:10.2f}   (target >= 0.90)")
        print(f"ratio 2 workers/1        {one_s / two_s:10.2f}   (target >= 1.7; {os.cpu_count()} cores, shared)")
        if args.skip_rss:
            return 0
        rss = {}
        for n in (args.rss_small, args.rss_large):
            folder = Path(tmp) / f"synth{n}"
            synthetic_corpus(texts, n, folder)
            cmd = [sys.executable, "-m", "kg.cli", "build", str(folder), "-o", str(Path(tmp) / f"synth{n}.nq"),
                   "--quiet", "--workers", "1"]
            seconds, peak, code, tail = run_child(cmd)
            rss[n] = peak
            print(f"synthetic {n:6d} articles: exit {code}, {seconds:6.1f} s, peak RSS {peak:6.0f} MB  -- {tail}",
                  flush=True)
        print(f"peak RSS {args.rss_large} / {args.rss_small} articles: "
              f"{rss[args.rss_large] / rss[args.rss_small]:.2f}   (target <= 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
