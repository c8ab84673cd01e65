"""Long articles: time and peak RSS of `kg build` on one 1 MB article and on one 10 MB article.

The articles are normal prose: the sample articles (data/raw) repeated, each copy made unique by a
numbered first line. Each build runs as its own child process (`kg build FILE -o out.nq --workers 1`);
its peak RSS is read from the child's own rusage (os.wait4). Targets (issue 11): 1 MB under 60 s and
1 GB; 10 MB processed or refused with a message, never above 2 GB.

usage: python benchmarks/bench_long.py [--sizes 1,10] [--raw data/raw]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def long_article(raw: Path, size: int) -> str:
    """About `size` characters of prose made of the sample articles, each copy with a unique first line."""
    texts = [f.read_text(encoding="utf-8") for f in sorted(raw.glob("*.txt"))]
    parts, n, k = [], 0, 0
    while n < size:
        t = f"Part {k} of the report, filed by desk {k % 97}.\n\n{texts[k % len(texts)]}\n\n"
        parts.append(t)
        n += len(t)
        k += 1
    return "".join(parts)[:size]


def run_child(args: list[str]) -> tuple[float, float, int, str]:
    """Run a command; (seconds, peak RSS in MB of that child alone, exit code, stderr's last line)."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as errf:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errf)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - t0
        errf.seek(0)
        lines = [ln for ln in errf.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    return seconds, usage.ru_maxrss / 1024, proc.returncode, " | ".join(lines[-3:])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10", help="article sizes in MB, comma-separated")
    ap.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (float(s) for s in args.sizes.split(",")):
            src = Path(tmp) / f"long_{mb:g}mb.txt"
            src.write_text(long_article(args.raw, int(mb * 1_000_000)), encoding="utf-8")
            cmd = [sys.executable, "-m", "kg.cli", "build", str(src), "-o", str(Path(tmp) / "out.nq"),
                   "--quiet", "--workers", "1", "--max-file-size", str(mb + 1)]
            seconds, rss, code, tail = run_child(cmd)
            print(f"{mb:g} MB article: exit {code}, {seconds:6.1f} s, peak RSS {rss:7.0f} MB  -- {tail}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
