"""Benchmark `kg view` on a synthetic graph: HTML size, and how long headless Chromium takes to open it and go idle.

Target (issue): 2,000 actors and 10,000 edges open and become idle in under 10 s in headless Chromium on a
2-core machine; the HTML stays under 15 MB.

The graph is made with kg.records + kg.graph.rdf.to_dataset, so it has exactly the shape `kg build` writes:
documents of 50 claims each, about 10 % of the edges stated twice, 5 % only denied, 3 % contested.
"Open" is the page's own clock (performance.now(), from navigation start) when the view says it is ready
(static layout drawn, physics off); "idle" is the last redraw seen within a quiet window after that.
The page runs with every network request aborted and recorded, as in the browser tests.

Run: python benchmarks/bench_view.py [--actors 2000] [--edges 10000] [--out /tmp/bench_view.html] [--json]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

from kg.explore.analysis import read_graph
from kg.namespaces import ACTOR_CLASSES, RELATIONS, SYMMETRIC
from kg.graph.rdf import to_dataset
from kg.records import Actor, Article, Claim, DocumentResult
from kg.explore.view import render_kgraph

WORDS = ("army forces said ministry strikes near border talks officials reported village rebels capital "
         "government troops attack support weapons agreement ceasefire envoy meeting sources").split()
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def synthetic_results(n_actors: int, n_edges: int, seed: int = 0) -> list[DocumentResult]:
    """Documents whose claims give exactly n_edges distinct (subject, relation, object) edges over n_actors actors."""
    rng = random.Random(seed)
    names = [f"Actor {i:05d} {rng.choice(WORDS).title()}" for i in range(n_actors)]
    actors = {n: Actor(n, ACTOR_CLASSES[i % len(ACTOR_CLASSES)], frozenset({n, f"A{i}", f"{n.split()[-1]} {i}"}))
              for i, n in enumerate(names)}
    weights = [1.0 / (i + 1) ** 0.6 for i in range(n_actors)]  # a few hubs, a long tail
    edges: set[tuple[str, str, str]] = set()
    while len(edges) < n_edges:
        s, o = rng.choices(names, weights, k=2)
        rel = rng.choice(RELATIONS)
        if s == o:
            continue
        if rel in SYMMETRIC:
            s, o = sorted((s, o))
        edges.add((s, rel, o))
    claims = []
    for s, rel, o in sorted(edges):
        r = rng.random()
        pols = ["Negative"] if r < 0.05 else ["Positive", "Negative"] if r < 0.08 else \
            ["Positive", "Positive"] if r < 0.18 else ["Positive"]
        for pol in pols:
            ev = f"{s} {' '.join(rng.choices(WORDS, k=10))} {o}."
            speaker = rng.choice(names) if rng.random() < 0.3 else None
            claims.append(Claim(s, rel, o, pol, "Actual", speaker, ev, 0, len(ev), 0.8, ""))
    rng.shuffle(claims)
    unused = set(names) - {c.subject for c in claims} - {c.object for c in claims} - \
        {c.speaker for c in claims if c.speaker}
    results = []
    for d in range(0, len(claims), 50):
        chunk = claims[d:d + 50]
        text = " ".join(c.evidence for c in chunk)
        doc_id = f"{d // 50:016x}"
        used = {c.subject for c in chunk} | {c.object for c in chunk} | {c.speaker for c in chunk if c.speaker}
        if d == 0:
            used |= unused  # every actor is mentioned somewhere, even one in no claim
        art = Article(doc_id, f"synthetic-{d // 50}.txt", text, doc_id * 4, title=f"Synthetic article {d // 50}",
                      date="2020-01-01")
        results.append(DocumentResult(art, {n: actors[n] for n in used}, {n: 1 for n in used}, chunk))
    return results


def measure_browser(path: Path, chromium: str, quiet_ms: int = 1500, screenshot: Path | None = None) -> dict:
    """Open the page in headless Chromium with the network blocked; seconds to ready and to idle, and counts."""
    from playwright.sync_api import sync_playwright

    url = path.resolve().as_uri()
    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.on("request", lambda r: outside.append(r.url) if r.url != url else None)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
        page.add_init_script("""
            window.__draws = [];
            document.addEventListener('DOMContentLoaded', () => {
              const hook = () => { if (window.kgView && kgView.network) {
                  kgView.network.on('afterDrawing', () => window.__draws.push(performance.now())); } };
              setTimeout(hook, 0);
            });""")
        wall0 = time.perf_counter()
        page.goto(url, timeout=120_000)
        # A selector, not wait_for_function: the page's CSP forbids the eval that the latter uses.
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=120_000)
        wall_ready = time.perf_counter() - wall0
        ready_ms = page.evaluate("performance.now()")
        page.wait_for_timeout(quiet_ms)
        draws = page.evaluate("window.__draws")
        state = page.evaluate("""[kgView.network.body.nodeIndices.length, kgView.network.body.edgeIndices.length,
                                  kgView.network.physics.options.enabled, performance.now()]""")
        if screenshot:
            page.screenshot(path=str(screenshot))
        browser.close()
    last_draw = max(draws) if draws else ready_ms
    return {
        "ready_s": round(ready_ms / 1000, 3),
        "idle_s": round(max(last_draw, ready_ms) / 1000, 3),
        "wall_ready_s": round(wall_ready, 3),
        "redraws_after_ready": sum(1 for t in draws if t > ready_ms),
        "drawn_nodes": state[0], "drawn_edges": state[1], "physics_on": state[2],
        "outside_requests": outside, "console_errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    """Build, render and open the synthetic graph; print the numbers; exit 1 if a target is missed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=2000)
    ap.add_argument("--edges", type=int, default=10000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench_view.html"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    ap.add_argument("--screenshot", type=Path, help="save a screenshot of the opened page here")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    ds = to_dataset(synthetic_results(args.actors, args.edges))
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    kg = read_graph(ds)
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    page = render_kgraph(kg, title=f"bench {args.actors} actors / {args.edges} edges")
    t_render = time.perf_counter() - t
    data = page.encode("utf-8")
    args.out.write_bytes(data)
    result = {
        "actors": len(kg.actors), "edges": len(kg.edges), "only_denied": sum(e.only_denied for e in kg.edges),
        "claims": kg.n_claims, "build_dataset_s": round(t_build, 2), "read_graph_s": round(t_read, 2),
        "render_s": round(t_render, 2), "html_mb": round(len(data) / 1e6, 2), "html": str(args.out),
    }
    if Path(args.chromium).exists():
        result.update(measure_browser(args.out, args.chromium, screenshot=args.screenshot))
    else:
        result["browser"] = f"skipped: no Chromium at {args.chromium}"
    ok = result["html_mb"] < 15 and result.get("idle_s", 0) < 10 and not result.get("outside_requests") \
        and not result.get("console_errors")
    result["targets_met"] = ok
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>20}: {v}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
