"""Benchmark: `kg serve` under 200 concurrent simple queries from 20 clients; prints errors and latencies.

Usage: python benchmarks/bench_serve.py [GRAPH|STORE_DIR] [--clients 20] [--queries 200]
(default graph: tests/fixtures/sample.trig). The server runs as a separate `kg serve` process.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "SELECT DISTINCT ?c ?label WHERE { ?c a kg:Country ; rdfs:label ?label } ORDER BY ?label LIMIT 50",
    "ASK { ?s kg:strikes ?o }",
    "SELECT (COUNT(DISTINCT ?claim) AS ?n) WHERE { ?claim a kg:Assertion }",
    "SELECT ?claim ?evidence WHERE { ?claim kg:polarity kg:Negative ; kg:evidence ?evidence } LIMIT 20",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("graph", nargs="?", default=str(ROOT / "tests" / "fixtures" / "sample.trig"))
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--queries", type=int, default=200, help="total queries, spread over the clients")
    args = ap.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", args.graph, "--port", str(port)],
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(url, params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    sys.exit("kg serve did not start")
                time.sleep(0.2)
        per_client = args.queries // args.clients

        def client(i: int) -> list[tuple[int, float, str]]:
            out = []
            with httpx.Client(timeout=60) as c:
                for j in range(per_client):
                    q = QUERIES[(i + j) % len(QUERIES)]
                    t0 = time.perf_counter()
                    try:
                        r = c.post(url, data={"query": q}, headers={"Accept": "application/sparql-results+json"})
                        out.append((r.status_code, time.perf_counter() - t0, "" if r.status_code == 200 else r.text[:200]))
                    except httpx.HTTPError as exc:
                        out.append((0, time.perf_counter() - t0, str(exc)))
            return out

        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            results = [r for batch in pool.map(client, range(args.clients)) for r in batch]
        wall = time.perf_counter() - t0
        errors = [r for r in results if r[0] != 200]
        lat = sorted(r[1] for r in results)
        print(f"{len(results)} queries from {args.clients} concurrent clients in {wall:.2f} s "
              f"({len(results) / wall:.0f} queries/s)")
        print(f"errors: {len(errors)}" + (f"  first: {errors[0]}" if errors else ""))
        print(f"latency: median {statistics.median(lat) * 1000:.1f} ms, p95 {lat[int(0.95 * (len(lat) - 1))] * 1000:.1f} ms, "
              f"max {lat[-1] * 1000:.1f} ms")
        sys.exit(1 if errors else 0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
