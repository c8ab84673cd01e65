"""`newskg_ud_labels`: rewrite a ClearNLP-style parse (spaCy's en_core_web_* pipelines) into the
Universal Dependencies shape the relation rules read.

UD makes content words heads: in "strikes against ISIS" the noun "ISIS" hangs on "strikes" as `nmod`
with "against" as its `case` child, where ClearNLP hangs "against" (`prep`) on "strikes" and "ISIS"
(`pobj`) on "against". This component re-attaches such pairs and renames labels (dobj → obj,
nsubjpass → nsubj:pass, poss → nmod:poss, relcl → acl:relcl, agent → obl:agent, …). A parse that is
already UD is left untouched, so the component is harmless on the bundled pipeline.
"""
from __future__ import annotations

from spacy.attrs import DEP, IS_SPACE
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

CLEARNLP_ONLY = {"dobj", "pobj", "prep", "nsubjpass", "poss", "relcl", "pcomp", "dative", "auxpass", "prt",
                 "agent", "neg", "attr", "acomp", "oprd", "npadvmod"}
RENAME = {"dobj": "obj", "nsubjpass": "nsubj:pass", "csubjpass": "csubj:pass", "poss": "nmod:poss",
          "relcl": "acl:relcl", "dative": "iobj", "auxpass": "aux:pass", "prt": "compound:prt", "neg": "advmod",
          "oprd": "xcomp", "npadvmod": "obl:unmarked", "predet": "det:predet", "preconj": "cc:preconj",
          "quantmod": "advmod", "nummod": "nummod", "intj": "discourse", "meta": "parataxis", "dep": "dep"}
VERBAL = {"VERB", "AUX", "ADJ"}
CLEARNLP_IDS = frozenset(get_string_id(label) for label in CLEARNLP_ONLY)


def is_clearnlp(doc: Doc) -> bool:
    """Whether a parsed Doc uses ClearNLP labels rather than UD ones (read off the label column: no Token
    objects made)."""
    return not CLEARNLP_IDS.isdisjoint(doc.to_array(DEP).tolist())


def to_ud(doc: Doc) -> Doc:
    """Rewrite heads and labels of a ClearNLP parse into UD style, in place."""
    if not doc.has_annotation("DEP") or not is_clearnlp(doc):
        return doc
    heads = [t.head.i for t in doc]
    deps = [t.dep_ for t in doc]
    for t in doc:
        if t.dep_ in ("prep", "agent"):
            objs = [c for c in t.children if c.dep_ in ("pobj", "pcomp")]
            if not objs:
                continue
            obj = objs[0]
            host = t.head
            heads[obj.i] = host.i if host.i != t.i else obj.i
            if obj.dep_ == "pcomp" and obj.pos_ in VERBAL:
                deps[obj.i] = "advcl" if host.pos_ in VERBAL else "acl"
                deps[t.i] = "mark"
            elif t.dep_ == "agent":
                deps[obj.i] = "obl:agent"
                deps[t.i] = "case"
            else:
                deps[obj.i] = "obl" if host.pos_ in VERBAL else "nmod"
                deps[t.i] = "case"
            heads[t.i] = obj.i
            if host.i == t.i:          # a preposition at the root: its object becomes the root
                deps[obj.i] = "ROOT"
    for i, d in enumerate(deps):
        deps[i] = RENAME.get(d, d)
    for t, h, d in zip(doc, heads, deps):
        t.head = doc[h]
        t.dep_ = d
    return doc


def lift_space_tokens(doc: Doc) -> Doc:
    """Take whitespace tokens out of the tree, in place: a run of extra spaces ('expected  Kelvaria to …')
    is a token the parser may make a word's head; its first word child takes its place (head and label), its
    other children hang on that word, and the space hangs on it as ``dep``."""
    if not doc.has_annotation("DEP") or not doc.to_array(IS_SPACE).any():
        return doc
    for t in doc:
        if not t.is_space:
            continue
        kids = [c for c in t.children if not c.is_space and not c.is_punct]
        if not kids:
            continue
        new = kids[0]
        root = t.head.i == t.i
        head, dep = (new, "ROOT") if root else (t.head, t.dep_)
        others = [c for c in t.children if c.i != new.i]
        new.head, new.dep_ = head, dep
        for c in others:
            c.head = new
        t.head, t.dep_ = new, "dep"
    return doc


@Language.component("newskg_ud_labels")
def ud_labels(doc: Doc) -> Doc:
    """spaCy component: make a ClearNLP-labelled parse look like UD (no-op on UD parses), and take whitespace
    tokens out of the tree."""
    return lift_space_tokens(to_ud(doc))
