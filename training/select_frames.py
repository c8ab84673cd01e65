"""Measure the generated CAMEO frames on gold sets and keep only those that measure well.

    python training/select_frames.py --gold RAW_DIR GOLD_DIR [--gold RAW_DIR GOLD_DIR ...] \
        [--frames kg/data/frames_cameo.jsonl] [--min-precision 0.5]

Builds every gold set's articles with all frames, reads each claim's cue (a lemma, or 'verb noun' for a
light-verb idiom), and counts, for every trigger that only a generated frame supplies, how many of its claims match a gold relation of the same
document (true) and how many do not (false). A trigger whose claims are mostly false (precision below
``--min-precision``) is dropped from the frames file, which is rewritten in place (atomically, header
kept). Triggers the gold sets never fire on are kept: nothing measured them. The counts are printed.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build.run import build_results  # noqa: E402
from kg.extract.frames import load_frames  # noqa: E402
from kg.extract.pipeline import extraction_pipeline  # noqa: E402

SYMMETRIC = {"coordinatesWith", "meetsWith"}


def gold_relations(gold_dir: Path) -> tuple[dict[str, set[str]], dict[str, list[dict]]]:
    """Alias → entity ids, and document name → its gold relations."""
    alias: dict[str, set[str]] = {}
    for e in json.loads((gold_dir / "entities.json").read_text()):
        for a in [e["id"], *e.get("aliases", [])]:
            alias.setdefault(a.lower(), set()).add(e["id"])
    docs = {}
    for f in sorted(gold_dir.glob("*.json")):
        if f.name != "entities.json":
            d = json.loads(f.read_text())
            docs[d["doc"]] = d["relations"]
    return alias, docs


def as_set(x) -> set[str]:
    return set(x) if isinstance(x, list) else {x}


def matches(claim, rels: list[dict], alias: dict[str, set[str]]) -> bool:
    """True when the claim (subject, relation, object, polarity) is one of the document's gold relations."""
    s_ids = alias.get(claim.subject.lower(), {claim.subject})
    o_ids = alias.get(claim.object.lower(), {claim.object})
    pol = claim.polarity.lower()
    for r in rels:
        if r["p"] != claim.relation or r.get("polarity", "positive") != pol:
            continue
        gs, go = as_set(r["s"]), as_set(r["o"])
        if (s_ids & gs and o_ids & go) or (claim.relation in SYMMETRIC and s_ids & go and o_ids & gs):
            return True
    return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", nargs=2, action="append", metavar=("RAW_DIR", "GOLD_DIR"), required=True)
    ap.add_argument("--frames", type=Path, default=ROOT / "kg" / "data" / "frames_cameo.jsonl")
    ap.add_argument("--curated", type=Path, default=ROOT / "kg" / "data" / "frames.jsonl")
    ap.add_argument("--min-precision", type=float, default=0.5)
    ap.add_argument("--dry-run", action="store_true", help="print the counts, rewrite nothing")
    args = ap.parse_args()

    def key(f):
        return (f"{f.lemma} {f.with_object}", "IDIOM") if f.with_object else (f.head, f.pos)

    curated = {key(f) for f in load_frames(args.curated)}
    generated = {key(f) for f in load_frames(args.frames)} - curated
    nlp = extraction_pipeline(None)
    true, false = Counter(), Counter()
    for raw, gold in args.gold:
        alias, docs = gold_relations(Path(gold))
        results, _ = build_results(nlp, [Path(raw)])
        for res in results:
            rels = docs.get(Path(res.article.file_name).name)
            if rels is None:
                continue
            for c in res.claims:
                k = next((k for k in ((c.cue, "IDIOM"), (c.cue, "VERB"), (c.cue, "NOUN")) if k in generated), None)
                if k is None:
                    continue
                (true if matches(c, rels, alias) else false)[k] += 1
    drop = {k for k in set(true) | set(false) if true[k] / (true[k] + false[k]) < args.min_precision}
    for k in sorted(set(true) | set(false)):
        print(f"{k[1]:5} {k[0]:20} true {true[k]:3} false {false[k]:3} {'DROP' if k in drop else 'keep'}")
    print(f"{len(set(true) | set(false))} generated triggers fired; {len(drop)} dropped", file=sys.stderr)
    if args.dry_run or not drop:
        return
    lines = args.frames.read_text(encoding="utf-8").splitlines(keepends=True)
    def dropped(f: dict) -> bool:
        if "with_object" in f:
            return (f"{f['lemma']} {f['with_object']}", "IDIOM") in drop
        return (f["lemma"].split()[0] if f["pos"] == "VERB" else f["lemma"].split()[-1], f["pos"]) in drop

    kept = [ln for ln in lines if ln.startswith("//") or not ln.strip() or not dropped(json.loads(ln))]
    fd, tmp = tempfile.mkstemp(dir=args.frames.parent, prefix=".frames-")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.writelines(kept)
    os.replace(tmp, args.frames)
    print(f"wrote {args.frames}: {len(lines) - len(kept)} frames dropped", file=sys.stderr)


if __name__ == "__main__":
    main()
