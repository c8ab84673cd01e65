"""Extraction quality on gold sets, against the targets of the extraction issues, in one run.

Builds each gold set's articles with `kg build` (a child process, so the numbers are those of the CLI),
scores the graph with the gold set's scorer, and prints precision, recall and F1 per relation, the
*events* line (all but memberOf/leads), memberOf + leads, actors, and each target as met or not.

usage: python benchmarks/bench_quality.py [--set NAME RAW_DIR GOLD_DIR]... [--scorer SCORE.py]

Without --set, the two gold sets beside the checkout are used when they exist: the development corpus
(`../shared/devset/raw`, `../shared/devset/gold`) and the sample articles (`data/raw`, `../shared/gold`);
the scorer defaults to `../shared/tools/score.py`. The gold sets are not part of the project.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TARGETS = {
    "devset": [("events R", ">=", 0.50), ("events P", ">=", 0.75), ("relations F1", ">=", 0.60),
               ("actors F1", ">=", 0.95), ("memberOf+leads F1", ">=", 0.85), ("relations F1 (with actors)", ">=", 0.70)],
    "samples": [("relations F1", ">=", 0.85), ("actors F1", ">=", 0.98)],
}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(scorer: Path, graph: Path, gold: Path) -> dict:
    """The scorer's JSON report of one graph against one gold folder."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "score.json"
        subprocess.run([sys.executable, str(scorer), str(graph), str(gold), "--json", str(out)],
                       check=True, capture_output=True, text=True)
        return json.loads(out.read_text())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", nargs=3, action="append", metavar=("NAME", "RAW_DIR", "GOLD_DIR"))
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score.py")
    args = ap.parse_args()
    sets = args.set or [("devset", SHARED / "devset" / "raw", SHARED / "devset" / "gold"),
                        ("samples", ROOT / "data" / "raw", SHARED / "gold")]
    if not args.scorer.is_file():
        sys.exit(f"error: no scorer at {args.scorer} (give --scorer)")
    for name, raw, gold in sets:
        raw, gold = Path(raw), Path(gold)
        if not raw.is_dir() or not gold.is_dir():
            print(f"{name}: skipped ({raw} or {gold} missing)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            graph = Path(tmp) / "kg.ttl"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg.cli", "build", str(raw), "-o", str(graph), "-q", "--workers", "1"],
                           check=True, capture_output=True, text=True, cwd=ROOT)
            secs = time.perf_counter() - t0
            rep = score(args.scorer, graph, gold)
        by_rel = rep["per_relation"]
        values = {}
        rel = (rep["relations"]["precision"], rep["relations"]["recall"], rep["relations"]["f1"])
        values["relations F1"] = values["relations F1 (with actors)"] = rel[2]
        ep = (rep["events"]["precision"], rep["events"]["recall"], rep["events"]["f1"])
        values["events P"], values["events R"] = ep[0], ep[1]
        ml = [by_rel[p] for p in ("memberOf", "leads") if p in by_rel]
        values["memberOf+leads F1"] = prf(sum(x["tp"] for x in ml), sum(x["fp"] for x in ml), sum(x["fn"] for x in ml))[2]
        values["actors F1"] = rep["actors"]["f1"]
        print(f"== {name}: {raw} ({secs:.1f} s to build)")
        print(f"   relations P={rel[0]:.3f} R={rel[1]:.3f} F1={rel[2]:.3f}; events P={ep[0]:.3f} R={ep[1]:.3f} "
              f"F1={ep[2]:.3f}; memberOf+leads F1={values['memberOf+leads F1']:.3f}; actors F1={values['actors F1']:.3f}")
        for p in sorted(by_rel):
            x = by_rel[p]
            pp, rr, ff = prf(x["tp"], x["fp"], x["fn"])
            print(f"   {p:16} P={pp:.3f} R={rr:.3f} F1={ff:.3f} (tp={x['tp']} fp={x['fp']} fn={x['fn']})")
        for label, op, goal in TARGETS.get(name, []):
            got = values[label]
            print(f"   target {label} {op} {goal:.2f}: {got:.3f} {'met' if got >= goal else 'NOT met'}")


if __name__ == "__main__":
    main()
