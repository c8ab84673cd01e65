"""Frame lexicon: load, validate, merge and index trigger frames (format: docs/frames.md).

A frame says that a trigger word (a verb with its particle, a light verb with its object
noun, or a noun with its fixed modifiers) expresses a relation, and which dependents fill
the subject and the object. Frames live in JSONL files; this module reads them, checks
every line against the schema (a bad line raises `FrameError` naming the file and line),
merges the curated, generated and user files, and indexes the result by head lemma.
No spaCy here and no module state: callers hold the lists and indexes they build.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

POS_TAGS = ("VERB", "NOUN", "ADJ")
RELATIONS = ("supports", "strikes", "coordinatesWith", "opposes", "meetsWith", "memberOf", "leads")
MODALITIES = ("Intended", "Possible")
POLARITIES = ("flip",)
ACTOR_CLASSES = ("Person", "Country", "ArmedGroup", "InternationalOrganization", "Coalition", "Organization")
DEFAULT_OBJECT = {"VERB": ("obj",), "NOUN": (), "ADJ": ("to",)}
DEFAULT_SUBJECT = {"VERB": ("nsubj",), "ADJ": ("nsubj",), "NOUN": ("poss", "amod", "compound", "by", "governor")}
ALLOWED_KEYS = (
    "lemma", "pos", "relation", "with_object", "object", "subject", "polarity", "modality",
    "subject_class", "object_class", "source", "cameo", "note", "marker", "joint",
)
MAX_FILE_BYTES = 50_000_000  # a frames file larger than this is refused (the CAMEO lexicon is < 1 MB)
MAX_LINE_CHARS = 10_000  # one frame is a few hundred characters; longer lines are refused

_STR_KEYS = ("lemma", "pos", "relation", "with_object", "polarity", "modality", "source", "cameo", "note", "marker")
_LIST_KEYS = ("object", "subject", "subject_class", "object_class")


class FrameError(ValueError):
    """A frames file that cannot be used; the message is one line naming the file and line."""


@dataclass(frozen=True)
class Frame:
    """One trigger frame (field meanings in docs/frames.md); `origin` is 'file:line', not compared."""

    lemma: str
    pos: str
    relation: str
    with_object: str | None = None
    object: tuple[str, ...] | None = None
    subject: tuple[str, ...] | None = None
    polarity: str | None = None
    modality: str | None = None
    subject_class: tuple[str, ...] | None = None
    object_class: tuple[str, ...] | None = None
    source: str | None = None
    cameo: str | None = None
    note: str | None = None
    marker: str | None = None
    joint: bool | None = None
    origin: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[str, str, str | None, str | None]:
        """The identity used for merging: (lemma, pos, with_object, marker)."""
        return (self.lemma, self.pos, self.with_object, self.marker)

    @property
    def words(self) -> tuple[str, ...]:
        """The lemma's words."""
        return tuple(self.lemma.split())

    @property
    def head(self) -> str:
        """The head lemma: the first word of a VERB or ADJ lemma, the last word of a NOUN lemma."""
        words = self.words
        return words[-1] if self.pos == "NOUN" else words[0]

    @property
    def extra_words(self) -> tuple[str, ...]:
        """The words besides the head: a verb's particle, a noun's fixed modifiers."""
        words = self.words
        return words[:-1] if self.pos == "NOUN" else words[1:]

    def object_slots(self) -> tuple[str, ...]:
        """Where the object comes from, with the schema's default for the part of speech."""
        return self.object if self.object is not None else DEFAULT_OBJECT[self.pos]

    def subject_slots(self) -> tuple[str, ...]:
        """Where the subject comes from, with the schema's default for the part of speech."""
        return self.subject if self.subject is not None else DEFAULT_SUBJECT[self.pos]

    def to_json(self) -> dict[str, Any]:
        """The frame as a JSON object with only the keys that are set (lists for tuples)."""
        out: dict[str, Any] = {}
        for name in ALLOWED_KEYS:
            value = getattr(self, name)
            if value is not None:
                out[name] = list(value) if isinstance(value, tuple) else value
        return out


def _fail(where: str, message: str) -> FrameError:
    return FrameError(f"{where}: {message}")


def _check_word_list(where: str, key: str, value: Any, allowed: Sequence[str] | None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, f"{key!r} must be a list of strings, got {type(value).__name__}")
    for v in value:
        if allowed is not None and v not in allowed:
            raise _fail(where, f"unknown {key} value {v!r} (allowed: {', '.join(allowed)})")
        if allowed is None and (not v or not v.replace("_", "").isalpha() or v != v.lower()):
            raise _fail(where, f"{key!r} entries must be lower-case words (a dependency label or a preposition), got {v!r}")
    return tuple(value)


def validate(obj: Any, where: str) -> Frame:
    """Check one parsed JSON line against the schema; `where` ('file:line') starts every error."""
    if not isinstance(obj, dict):
        raise _fail(where, f"a frame must be a JSON object, got {type(obj).__name__}")
    unknown = sorted(k for k in obj if k not in ALLOWED_KEYS)
    if unknown:
        raise _fail(where, f"unknown key {unknown[0]!r} (allowed: {', '.join(ALLOWED_KEYS)})")
    for key in ("lemma", "pos", "relation"):
        if key not in obj:
            raise _fail(where, f"missing required key {key!r}")
    for key in _STR_KEYS:
        if key in obj and not isinstance(obj[key], str):
            raise _fail(where, f"{key!r} must be a string, got {type(obj[key]).__name__}")
    lemma = obj["lemma"]
    if not lemma.strip() or lemma != " ".join(lemma.split()) or lemma != lemma.lower():
        raise _fail(where, f"'lemma' must be lower-case words separated by single spaces, got {lemma!r}")
    if obj["pos"] not in POS_TAGS:
        raise _fail(where, f"unknown pos {obj['pos']!r} (allowed: {', '.join(POS_TAGS)})")
    if obj["relation"] not in RELATIONS:
        raise _fail(where, f"unknown relation {obj['relation']!r} (allowed: {', '.join(RELATIONS)})")
    if "modality" in obj and obj["modality"] not in MODALITIES:
        raise _fail(where, f"unknown modality {obj['modality']!r} (allowed: {', '.join(MODALITIES)})")
    if "polarity" in obj and obj["polarity"] not in POLARITIES:
        raise _fail(where, f"unknown polarity {obj['polarity']!r} (allowed: {', '.join(POLARITIES)})")
    with_object = obj.get("with_object")
    if with_object is not None and (not with_object.strip() or with_object != with_object.lower() or " " in with_object):
        raise _fail(where, f"'with_object' must be one lower-case lemma, got {with_object!r}")
    marker = obj.get("marker")
    if marker is not None and (not marker.isalpha() or marker != marker.lower()):
        raise _fail(where, f"'marker' must be one lower-case preposition, got {marker!r}")
    if "joint" in obj and not isinstance(obj["joint"], bool):
        raise _fail(where, f"'joint' must be true or false, got {type(obj['joint']).__name__}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_KEYS:
        if key in obj:
            allowed = ACTOR_CLASSES if key.endswith("_class") else None
            lists[key] = _check_word_list(where, key, obj[key], allowed)
    return Frame(
        lemma=lemma, pos=obj["pos"], relation=obj["relation"], with_object=with_object,
        object=lists.get("object"), subject=lists.get("subject"), polarity=obj.get("polarity"),
        modality=obj.get("modality"), subject_class=lists.get("subject_class"),
        object_class=lists.get("object_class"), source=obj.get("source"), cameo=obj.get("cameo"),
        note=obj.get("note"), origin=where, marker=marker, joint=obj.get("joint"))


def parse_frames(text: str, name: str) -> list[Frame]:
    """Parse the text of a frames file (`name` is used in error messages)."""
    frames: list[Frame] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        where = f"{name}:{number}"
        if len(stripped) > MAX_LINE_CHARS:
            raise _fail(where, f"line longer than {MAX_LINE_CHARS} characters")
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise _fail(where, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
        frames.append(validate(obj, where))
    return frames


def load_frames(path: str | Path) -> list[Frame]:
    """Read and validate a frames JSONL file (UTF-8; `//` lines and blank lines are skipped)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(str(path), f"file is {size} bytes, more than the limit of {MAX_FILE_BYTES}")
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(str(path), f"cannot read frames file ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(f"{path}:{line}", "not valid UTF-8") from None
    return parse_frames(text, str(path))


def merge_frames(curated: Iterable[Frame], generated: Iterable[Frame], user: Iterable[Frame] = ()) -> list[Frame]:
    """Merge frame lists on their key (lemma, pos, with_object, marker): user beats curated beats generated.

    A source that has a key replaces every frame of the weaker sources with that key; within one source all
    its frames of a key are kept ('campaign against X' both strikes and opposes)."""
    merged: dict[tuple, list[Frame]] = {}
    for source in (generated, curated, user):
        mine: dict[tuple, list[Frame]] = {}
        for frame in source:
            mine.setdefault(frame.key, []).append(frame)
        for key, frames in mine.items():
            merged.pop(key, None)  # the winner takes the position of its own source
            merged[key] = frames
    return [f for frames in merged.values() for f in frames]


def _specificity(frame: Frame) -> tuple[int, int, str, str]:
    return (-len(frame.extra_words), 0 if frame.with_object else 1, frame.lemma, frame.with_object or "")


class FrameIndex:
    """Frames grouped by (pos, head lemma), most specific first (more words, then with_object)."""

    def __init__(self, frames: Iterable[Frame]) -> None:
        groups: dict[tuple[str, str], list[Frame]] = {}
        for frame in frames:
            groups.setdefault((frame.pos, frame.head), []).append(frame)
        self._groups: dict[tuple[str, str], tuple[Frame, ...]] = {
            key: tuple(sorted(group, key=_specificity)) for key, group in groups.items()
        }

    def __len__(self) -> int:
        return sum(len(group) for group in self._groups.values())

    def heads(self, pos: str) -> frozenset[str]:
        """Every head lemma indexed for this part of speech."""
        return frozenset(head for p, head in self._groups if p == pos)

    def lookup(self, pos: str, head: str) -> tuple[Frame, ...]:
        """All frames whose head lemma is `head` (the matcher checks extra words and objects)."""
        return self._groups.get((pos, head), ())

    def find(self, pos: str, head: str, words: Iterable[str] = (), with_object: str | None = None) -> tuple[Frame, ...]:
        """Frames for `head` whose extra words are all among `words` and whose with_object
        is absent or equals `with_object` (the lemma of the trigger's direct object)."""
        present = set(words)
        return tuple(
            f for f in self.lookup(pos, head)
            if set(f.extra_words) <= present and (f.with_object is None or f.with_object == with_object)
        )

