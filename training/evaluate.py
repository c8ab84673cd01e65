"""Evaluate a pipeline on the held-out test splits and print every target of the model card.

Prints UPOS / LAS / UAS / lemma accuracy on UD English EWT test (and GUM, PUD test), NER P/R/F1 per
label on UNER EWT test, GUM test (named person/organization/place) and UNER PUD (news), speed in
words/s on one core with nlp.pipe, size on disk and load time. `--json FILE` also writes the numbers (train.py stores them in meta.json).

usage: python training/evaluate.py MODEL_DIR CORPUS_DIR [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import spacy  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402
from spacy.training import Example  # noqa: E402

TEST_SETS = {"ewt": "ewt-test.spacy", "gum": "gum-test.spacy", "pud": "pud-test.spacy"}


def examples(nlp, path: Path) -> list[Example]:
    """Gold docs of a DocBin paired with unannotated copies of their text."""
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    return [Example(nlp.make_doc(d.text), d) for d in docs]


def size_mb(path: Path) -> float:
    """Size of a folder on disk in MB."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def speed(nlp, texts: list[str], rounds: int = 2) -> float:
    """Words per second of the whole pipeline with nlp.pipe on one core (best of a few rounds)."""
    words = sum(len(d) for d in nlp.tokenizer.pipe(texts))
    best = 0.0
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        best = max(best, words / (time.perf_counter() - t0))
    return best


def evaluate(model: Path, corpus: Path) -> dict:
    """All model-card numbers for one pipeline."""
    t0 = time.perf_counter()
    nlp = spacy.load(model)
    load_s = time.perf_counter() - t0
    out: dict = {"load_seconds": round(load_s, 3), "size_mb": round(size_mb(model), 1)}
    for name, file in TEST_SETS.items():
        exs = examples(nlp, corpus / file)
        s = nlp.evaluate(exs)
        has_ents = any(e.reference.has_annotation("ENT_IOB") for e in exs)
        res = {"upos": s.get("pos_acc"), "xpos": s.get("tag_acc"), "morph": s.get("morph_acc"),
               "lemma": s.get("lemma_acc"), "uas": s.get("dep_uas"), "las": s.get("dep_las"),
               "sents_f": s.get("sents_f")}
        if has_ents:
            res.update({"ner_p": s.get("ents_p"), "ner_r": s.get("ents_r"), "ner_f": s.get("ents_f"),
                        "ner_per_type": s.get("ents_per_type")})
        out[name] = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in res.items()}
    texts = [e.reference.text for e in examples(nlp, corpus / TEST_SETS["ewt"])]
    out["words_per_second"] = round(speed(nlp, texts))
    return out


def report(r: dict) -> str:
    """The numbers as a readable table."""
    lines = []
    for name in TEST_SETS:
        x = r[name]
        lines.append(f"{name.upper():4} test  UPOS {x['upos']:.3f}  XPOS {x['xpos']:.3f}  lemma {x['lemma']:.3f}  "
                     f"UAS {x['uas']:.3f}  LAS {x['las']:.3f}  sents F {x['sents_f']:.3f}")
        if "ner_f" in x:
            lines.append(f"           NER P {x['ner_p']:.3f} R {x['ner_r']:.3f} F1 {x['ner_f']:.3f}  " + "  ".join(
                f"{k} {v['f']:.3f}" for k, v in sorted((x["ner_per_type"] or {}).items())))
    lines.append(f"speed {r['words_per_second']:,} words/s (1 core, nlp.pipe)   size {r['size_mb']} MB   "
                 f"load {r['load_seconds']:.2f} s")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", type=Path)
    ap.add_argument("corpus", type=Path, help="folder with ewt-test.spacy, gum-test.spacy, pud-test.spacy")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    r = evaluate(args.model, args.corpus)
    print(report(r))
    if args.json:
        args.json.write_text(json.dumps(r, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
