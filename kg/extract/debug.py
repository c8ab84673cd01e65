"""`python -m kg.extract.debug "sentence" [--model M]`: show tokens, parse, actor mentions and claims of a text."""
from __future__ import annotations

import argparse
import sys

from .pipeline import extraction_pipeline


def explain(text: str, model: str | None = None) -> str:
    """A readable dump of what the extractor sees in a text."""
    nlp = extraction_pipeline(model)
    doc = nlp(text)
    lines = []
    for sent in doc.sents:
        lines.append(f"## {sent.text.strip()}")
        for t in sent:
            m = t._.actor
            lines.append(f"  {t.i:3} {t.text:15} {t.lemma_:12} {t.pos_:5} {t.dep_:12} -> {t.head.i:3} {t.head.text:12}"
                         + (f"  [{m.kb_id_} / {m.label_} / {m.id_}]" if m is not None else ""))
    for a in doc._.newskg_affiliations or ():
        lines.append(f"  affiliation: {a}")
    for c in doc._.newskg_claims or ():
        lines.append(f"  CLAIM {c.subject} {c.relation} {c.object} {c.polarity} {c.modality} speaker={c.speaker} cue={c.cue}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("text")
    ap.add_argument("--model", "-m")
    args = ap.parse_args(argv)
    print(explain(args.text, args.model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
