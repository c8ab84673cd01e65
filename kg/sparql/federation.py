"""Which hosts a query's SERVICE calls (and an update's LOAD) may reach: none unless the server allows them."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .query import PREFIX_MAP


class FederationRefused(Exception):
    """A SERVICE or LOAD that would reach a host the endpoint does not allow (HTTP 403)."""


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape_codepoints(text: str) -> str:
    r"""The query with SPARQL's \uXXXX / \UXXXXXXXX escapes replaced (they are processed before parsing)."""
    def repl(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)
    return _ESCAPE.sub(repl, text)


def _mentions(word: str, text: str) -> bool:
    """True when ``word`` occurs as a bare word anywhere (strings and comments included: a cheap, safe pre-check)."""
    pattern = re.compile(rf"(?i)(?<![\w?$:/#.-]){word}(?![\w:-])")
    return bool(pattern.search(text) or pattern.search(unescape_codepoints(text)))


def host_allowed(iri: str, allowed: list[str]) -> bool:
    """True when an http(s) IRI names one of the allowed hosts ('host' or 'host:port', case-insensitive)."""
    try:
        parts = urlsplit(iri)
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not host:
        return False
    names = {host} | ({f"{host}:{port}"} if port else set())
    return any(a.strip().lower() in names for a in allowed)


def _targets(tree: object, prefixes: dict[str, str]) -> list[tuple[str, object]]:
    """(kind, term) of every SERVICE pattern and LOAD operation in an rdflib parse tree."""
    from rdflib.plugins.sparql.parserutils import CompValue

    found: list[tuple[str, object]] = []
    seen: set[int] = set()

    def walk(node: object) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "PrefixDecl":
                prefixes[node.get("prefix") or ""] = str(node.get("iri"))
            elif node.name == "ServiceGraphPattern":
                found.append(("SERVICE", node.get("term")))
            elif node.name == "Load":
                found.append(("LOAD", node.get("iri")))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            for value in node:
                walk(value)
    walk(tree)
    return found


def _resolve(term: object, prefixes: dict[str, str]) -> str | None:
    """The absolute IRI a SERVICE/LOAD target names, or None (a variable, a relative or unknown name)."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    if isinstance(term, CompValue) and term.name == "pname":
        prefix = term.get("prefix") or ""
        return prefixes[prefix] + (term.get("localname") or "") if prefix in prefixes else None
    if isinstance(term, URIRef) and re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", str(term)):
        return str(term)
    return None


def check_federation(text: str, allowed: list[str], update: bool = False) -> None:
    """Raise FederationRefused when a query's SERVICE (or an update's LOAD) targets a host not in ``allowed``."""
    words = ["service", "load"] if update else ["service"]
    if not any(_mentions(w, text) for w in words):
        return  # no SERVICE/LOAD keyword can be present, not even escaped
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    hint = ("federated queries (SERVICE) and LOAD are disabled on this endpoint; start kg serve with "
            "--allow-service HOST to allow a host")
    try:
        tree = (parseUpdate if update else parseQuery)(unescape_codepoints(text))
    except Exception as exc:  # rdflib cannot read it: refuse rather than guess what Oxigraph would call
        raise FederationRefused(f"the request mentions SERVICE or LOAD and could not be checked ({type(exc).__name__}); "
                                + hint) from None
    prefixes = dict(PREFIX_MAP)
    for kind, term in _targets(tree, prefixes):
        iri = _resolve(term, prefixes)
        if iri is None:
            raise FederationRefused(f"{kind} with a variable, relative or unknown name is not allowed; {hint}")
        if not allowed:
            raise FederationRefused(f"{kind} <{iri}> refused: {hint}")
        if not host_allowed(iri, allowed):
            raise FederationRefused(f"{kind} <{iri}> refused: only http(s) IRIs of the hosts "
                                    f"{', '.join(allowed)} are allowed (--allow-service)")
