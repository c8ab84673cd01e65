"""Convert the open treebanks (UD English EWT, GUM, PUD + Universal NER) into spaCy DocBin files.

Syntax (tags, morphology, lemmas, dependencies, sentence boundaries) comes from the UD
CoNLL-U files; named entities come from Universal NER (EWT, PUD) and from GUM's own entity
layer restricted to named mentions (a proper-noun head). All entity types map onto one
label set: PERSON, ORG, LOC. Sentences whose NER annotation cannot be aligned keep their
entities *missing* (not "outside"), so they never teach the model that a name is not one.
GUM mentions are mapped onto UNER's conventions: capitalised modifiers stay in the name
("Democratic Party"), places GUM calls organisations are LOC, and a lone capitalised common
noun ("the President") is left missing.

usage: python training/convert.py DATA_DIR OUT_DIR   (DATA_DIR holds UD_English-EWT/ ...)
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

UNER_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
GUM_LABELS = {"person": "PERSON", "organization": "ORG", "place": "LOC"}
SENTS_PER_DOC = 10
NAME_POS = {"ADJ", "NOUN", "NUM", "PROPN"}
ARTICLES = {"the", "a", "an"}
ENTITY_RE = re.compile(r"\(([^()]+)\)|\(([^()]+)|(\d+)\)")


@dataclass
class Sentence:
    sent_id: str
    doc_id: str
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    morphs: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # 0-based within the sentence
    deps: list[str] = field(default_factory=list)
    misc: list[str] = field(default_factory=list)
    ents: list[str | None] | None = None  # IOB per word, None = missing


def read_conllu(path: Path) -> list[Sentence]:
    """Read a CoNLL-U file into sentences of syntactic words (multiword tokens expanded)."""
    sents: list[Sentence] = []
    doc_id, sent_id = "", ""
    cur: Sentence | None = None
    mwt_end, mwt_space = -1, True
    for line in path.read_text(encoding="utf8").splitlines():
        if line.startswith("#"):
            if line.startswith("# newdoc id"):
                doc_id = line.split("=", 1)[1].strip()
            elif line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
            continue
        if not line.strip():
            if cur and cur.words:
                sents.append(cur)
            cur = None
            mwt_end, mwt_space = -1, True
            continue
        cols = line.split("\t")
        if cur is None:
            cur = Sentence(sent_id, doc_id or sent_id.rsplit("-", 1)[0])
        if "." in cols[0]:
            continue  # empty node of the enhanced graph
        if "-" in cols[0]:
            _, end = cols[0].split("-")
            mwt_end, mwt_space = int(end), "SpaceAfter=No" not in cols[9]
            continue
        idx = int(cols[0])
        if idx < mwt_end:
            space = False
        elif idx == mwt_end:
            space = mwt_space
        else:
            space = "SpaceAfter=No" not in cols[9]
        head = int(cols[6])
        cur.words.append(cols[1])
        cur.spaces.append(space)
        cur.lemmas.append(cols[2])
        cur.pos.append(cols[3])
        cur.tags.append(cols[4])
        cur.morphs.append("" if cols[5] == "_" else cols[5])
        cur.heads.append(idx - 1 if head == 0 else head - 1)
        cur.deps.append("ROOT" if cols[7] == "root" else cols[7])
        cur.misc.append(cols[9])
    if cur and cur.words:
        sents.append(cur)
    return sents


def read_iob2(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """Read a Universal NER file: (sent_id, tokens, IOB tags) per sentence."""
    out, toks, tags, sid = [], [], [], ""
    for line in path.read_text(encoding="utf8").splitlines():
        if line.startswith("# sent_id"):
            sid = line.split("=", 1)[1].strip()
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if toks:
                out.append((sid, toks, tags))
            toks, tags = [], []
        else:
            cols = line.split("\t")
            toks.append(cols[1])
            tags.append(cols[2])
    if toks:
        out.append((sid, toks, tags))
    return out


def map_iob(tags: list[str]) -> list[str]:
    """Map UNER IOB2 tags onto the pipeline's label set."""
    out = []
    for t in tags:
        if t == "O" or "-" not in t:
            out.append("O")
        else:
            prefix, label = t.split("-", 1)
            out.append(f"{prefix}-{UNER_LABELS[label]}" if label in UNER_LABELS else "O")
    return out


def attach_uner(sents: list[Sentence], uner: list[tuple[str, list[str], list[str]]], by_id: bool) -> int:
    """Put UNER labels onto sentences with the same words (by sent_id, else by token sequence)."""
    ids = {s: (t, g) for s, t, g in uner}
    seqs = {tuple(t): g for _, t, g in uner}
    n = 0
    for s in sents:
        hit = ids.get(s.sent_id) if by_id else None
        if hit and hit[0] == s.words:
            s.ents = map_iob(hit[1])
        elif tuple(s.words) in seqs:
            s.ents = map_iob(seqs[tuple(s.words)])
        else:
            continue
        n += 1
    return n


def gum_mentions(s: Sentence) -> list[tuple[int, int, str]]:
    """Entity mentions (start, end exclusive, GUM type, identity) from GUM's MISC Entity layer."""
    stack: dict[str, list[tuple[int, str, str]]] = {}
    spans = []
    for i, misc in enumerate(s.misc):
        m = re.search(r"(?:^|\|)Entity=([^|]+)", misc)
        if not m:
            continue
        for single, opening, closing in ENTITY_RE.findall(m.group(1)):
            if single or opening:
                parts = (single or opening).split("-", 7)
                eid, etype = parts[0], parts[1] if len(parts) > 1 else ""
                ident = parts[7] if len(parts) > 7 else ""
                if single:
                    spans.append((i, i + 1, etype, ident))
                else:
                    stack.setdefault(eid, []).append((i, etype, ident))
            elif closing and stack.get(closing):
                start, etype, ident = stack[closing].pop()
                spans.append((start, i + 1, etype, ident))
    return spans


def named_core(s: Sentence, start: int, end: int) -> tuple[int, int] | None:
    """The proper-noun core of a mention: the PROPN run around its syntactic head."""
    heads = [i for i in range(start, end) if not start <= s.heads[i] < end or s.heads[i] == i]
    if not heads or s.pos[heads[0]] != "PROPN":
        return None
    h = heads[0]
    left = h
    while left - 1 >= start and s.pos[left - 1] == "PROPN":
        left -= 1
    right = h + 1
    while right < end:
        if s.pos[right] == "PROPN":
            right += 1
        elif (right + 1 < end and s.words[right].lower() in {"of", "the", "and", "&", "de", "-"}
              and s.pos[right + 1] in {"PROPN", "DET"}):
            right += 1
        else:
            break
    while right > h + 1 and s.pos[right - 1] != "PROPN":
        right -= 1
    # capitalised modifiers belong to the name as UNER marks it: "Democratic Party", "Supreme Court"
    while (left - 1 >= start and s.pos[left - 1] in NAME_POS and s.words[left - 1][:1].isupper()
           and s.words[left - 1].lower() not in ARTICLES):
        left -= 1
    return left, right


def common_words(sents: list[Sentence], min_count: int = 5) -> set[str]:
    """Words used as lower-case nouns or adjectives at least min_count times: capitalised alone, a title."""
    counts: dict[str, int] = {}
    for s in sents:
        for w, pos in zip(s.words, s.pos):
            if pos in ("NOUN", "ADJ") and w.islower():
                counts[w] = counts.get(w, 0) + 1
    return {w for w, n in counts.items() if n >= min_count}


def place_names(sents: list[Sentence]) -> set[str]:
    """Names annotated as LOC more often than as anything else (UNER EWT and GUM places of the training split)."""
    counts: dict[str, dict[str, int]] = {}
    for s in sents:
        for a, b, label in iob_spans(s.ents or []):
            by_label = counts.setdefault(" ".join(s.words[a:b]), {})
            by_label[label] = by_label.get(label, 0) + 1
    return {name for name, c in counts.items() if max(c, key=c.get) == "LOC"}


def iob_spans(tags: list[str | None]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the entities of an IOB tag list."""
    out, i = [], 0
    while i < len(tags):
        t = tags[i]
        if t and t[:2] in ("B-", "I-"):
            j = i + 1
            while j < len(tags) and tags[j] == "I-" + t[2:]:
                j += 1
            out.append((i, j, t[2:]))
            i = j
        else:
            i += 1
    return out


def attach_gum(sents: list[Sentence], common: set[str] = frozenset(), places: set[str] = frozenset()) -> int:
    """Derive PERSON/ORG/LOC entities from GUM's named person, organisation and place mentions.

    Mapped onto UNER's conventions: a country or city GUM calls an organisation (a government acting)
    is LOC, as UNER always marks it; a lone capitalised common noun ("the President", "the Court") is
    a title rather than a name, and is left *missing* instead of teaching either answer.
    """
    n = 0
    for s in sents:
        tags: list[str | None] = ["O"] * len(s.words)
        cands = []
        for start, end, etype, _ident in gum_mentions(s):
            if etype not in GUM_LABELS:
                continue
            core = named_core(s, start, end)
            if not core or (core[1] - core[0] == 1 and s.tags[core[0]] == "NNPS"):
                continue
            label = GUM_LABELS[etype]
            if label == "ORG" and " ".join(s.words[core[0]:core[1]]) in places:
                label = "LOC"
            if core[1] - core[0] == 1 and s.words[core[0]].lower() in common:
                label = None
            cands.append((core[0], core[1], label))
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken = set()
        for a, b, label in cands:
            if taken & set(range(a, b)):
                continue
            taken |= set(range(a, b))
            if label is None:
                tags[a:b] = [None] * (b - a)
                continue
            tags[a] = f"B-{label}"
            for k in range(a + 1, b):
                tags[k] = f"I-{label}"
            n += 1
        s.ents = tags
    return n


def to_docs(vocab, sents: list[Sentence], per_doc: int = SENTS_PER_DOC) -> list[Doc]:
    """Group consecutive sentences of one source document into spaCy Docs."""
    docs, group = [], []

    def flush():
        if not group:
            return
        words, spaces, lemmas, pos, tags, morphs, heads, deps, ents, starts = ([] for _ in range(10))
        for s in group:
            off = len(words)
            words += s.words
            sp = list(s.spaces)
            sp[-1] = True
            spaces += sp
            lemmas += s.lemmas
            pos += s.pos
            tags += s.tags
            morphs += s.morphs
            heads += [h + off for h in s.heads]
            deps += s.deps
            ents += s.ents if s.ents is not None else [None] * len(s.words)
            starts += [True] + [False] * (len(s.words) - 1)
        spaces[-1] = False
        has_ents = any(e is not None for e in ents)
        doc = Doc(vocab, words=words, spaces=spaces, lemmas=lemmas, pos=pos, tags=tags,
                  morphs=morphs, heads=heads, deps=deps, sent_starts=starts)
        if has_ents:
            spans = [doc.char_span(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), label=label)
                     for a, b, label in iob_spans(ents)]
            missing = [doc[i:i + 1] for i, e in enumerate(ents) if e is None]
            doc.set_ents([sp for sp in spans if sp is not None], missing=missing, default="outside")
        docs.append(doc)
        group.clear()

    for s in sents:
        if group and (s.doc_id != group[-1].doc_id or len(group) >= per_doc):
            flush()
        group.append(s)
    flush()
    return docs


def save(docs: list[Doc], path: Path) -> None:
    """Write Docs to a DocBin file with every annotation the training reads."""
    db = DocBin(attrs=["ORTH", "TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "SENT_START"],
                store_user_data=False)
    for d in docs:
        db.add(d)
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="folder holding UD_English-EWT/, UD_English-GUM/, UNER_English-EWT/ ...")
    ap.add_argument("out", type=Path, help="folder for the .spacy files")
    args = ap.parse_args(argv)
    d, vocab = args.data, spacy.blank("en").vocab
    ewt_uner = {"train": "en_ewt-ud-train.0c7ce0d-normalised.iob2", "dev": "en_ewt-ud-dev.iob2",
                "test": "en_ewt-ud-test.iob2"}
    out: dict = {}
    common: set[str] = set()
    places: set[str] = set()
    for split in ("train", "dev", "test"):
        ewt = read_conllu(d / "UD_English-EWT" / f"en_ewt-ud-{split}.conllu")
        n = attach_uner(ewt, read_iob2(d / "UNER_English-EWT" / ewt_uner[split]), by_id=True)
        print(f"EWT {split}: {len(ewt)} sentences, NER aligned on {n}", file=sys.stderr)
        gum = read_conllu(d / "UD_English-GUM" / f"en_gum-ud-{split}.conllu")
        if split == "train":  # conventions learnt from the training split only
            common = common_words(ewt + gum)
            attach_gum(gum)
            places = place_names(ewt + gum)
        n = attach_gum(gum, common, places)
        print(f"GUM {split}: {len(gum)} sentences, {n} named entities", file=sys.stderr)
        out[split] = (to_docs(vocab, ewt), to_docs(vocab, gum))
    save(out["train"][0] + out["train"][1], args.out / "train.spacy")
    save(out["dev"][0] + out["dev"][1], args.out / "dev.spacy")
    save(out["test"][0], args.out / "ewt-test.spacy")
    save(out["test"][1], args.out / "gum-test.spacy")
    pud = read_conllu(d / "UD_English-PUD" / "en_pud-ud-test.conllu")
    n = attach_uner(pud, read_iob2(d / "UNER_English-PUD" / "en_pud-ud-test.iob2"), by_id=False)
    print(f"PUD test: {len(pud)} sentences, NER aligned on {n}", file=sys.stderr)
    save(to_docs(vocab, pud), args.out / "pud-test.spacy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
