"""Checking untrusted text (a JSON Lines 'url') before it may become an IRI."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pyoxigraph as ox

MAX_IRI_LENGTH = 4096
"""Longer 'url' values are kept as text, never as IRIs."""
UNSAFE = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]')
"""Characters never allowed in an IRI (RFC 3987), plus every kind of space and control character."""
PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def web_iri(text: object) -> str | None:
    """The text itself when it is a valid absolute http(s) IRI with a host, else None."""
    if not isinstance(text, str) or not text or len(text) > MAX_IRI_LENGTH or UNSAFE.search(text) or PCT.search(text):
        return None
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not text.lower().startswith(
            (parts.scheme.lower() + "://")):
        return None
    try:
        ox.NamedNode(text)        # Oxigraph's RFC 3987 parser: what the store and its writers accept
    except ValueError:
        return None
    return text
