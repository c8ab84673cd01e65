"""SPARQL queries on a graph file, a store or a remote endpoint: execution, safe parameters, result formats."""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Sequence

import pyoxigraph as ox

from ..namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}
"""newskg's prefixes, predeclared for every local query (a query's own PREFIX lines take precedence)."""

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
}

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class QueryError(Exception):
    """A malformed query or parameter (the user's fault): CLI exit code 2, HTTP 400."""


class UpdateNotAllowed(QueryError):
    """A SPARQL Update sent where only queries are accepted (HTTP 403)."""


class QueryTimeout(Exception):
    """The query ran longer than the time limit."""


class ResultTooLarge(Exception):
    """The query produced more rows or triples than the result-size limit."""


class EvaluationError(Exception):
    """The engine failed while evaluating a query (e.g. a SERVICE call with an unusable answer)."""


class EndpointError(Exception):
    """A remote endpoint that cannot be reached or that failed."""


@dataclass
class QueryResult:
    """The answer of one query: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


# --- reading queries and parameters -----------------------------------------------------------

QUERY_FILE_SUFFIXES = (".rq", ".sparql")
MAX_QUERY_BYTES = 1 << 20
"""A query (text, file or standard input) may have at most 1 MiB."""


def looks_like_query_text(arg: str) -> bool:
    """True when an argument is SPARQL text rather than a file name, decided without the file system.

    Query text has a group ``{`` or a line break, or is longer than a path can be; a file name has neither.
    """
    return "{" in arg or "\n" in arg or "\r" in arg or len(arg) >= 4096 or any(len(c) > 255 for c in arg.split("/"))


def read_query(text_or_file: str) -> str:
    """The query text: the argument itself, standard input for ``-``, or the content of the file it names."""
    import sys

    if text_or_file == "-":
        data = sys.stdin.buffer.read(MAX_QUERY_BYTES + 1)
        if len(data) > MAX_QUERY_BYTES:
            raise QueryError(f"standard input: a query of more than {MAX_QUERY_BYTES} bytes")
        return _decode(data, "standard input")
    if looks_like_query_text(text_or_file):
        return text_or_file
    p = Path(text_or_file)
    try:
        is_file = p.is_file()
    except OSError:  # e.g. a name the file system cannot hold: text, then
        is_file = False
    if text_or_file.lower().endswith(QUERY_FILE_SUFFIXES) and not is_file:
        raise QueryError(f"{text_or_file}: no such query file")
    if not is_file:
        return text_or_file
    if p.stat().st_size > MAX_QUERY_BYTES:
        raise QueryError(f"{text_or_file}: a query file of more than {MAX_QUERY_BYTES} bytes")
    return _decode(p.read_bytes(), text_or_file)


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{where}: the query is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def declared_prefixes(query: str) -> dict[str, str]:
    """The PREFIX declarations of a query text (used to expand prefixed names in parameters)."""
    return {m.group(1): m.group(2) for m in re.finditer(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*|):\s*<([^>\s]*)>", query)}


_LITERAL = re.compile(r'^"(?P<lex>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<dt>\S+))?$', re.S)
_PNAME = re.compile(r"^([A-Za-z][\w.-]*|):([\w.%:-]*)$")
_UNESCAPE = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _iri(text: str, prefixes: dict[str, str]) -> ox.NamedNode:
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    m = _PNAME.match(text)
    if m and m.group(1) in prefixes:
        return ox.NamedNode(prefixes[m.group(1)] + m.group(2))
    raise QueryError(f"not an IRI: {text!r} (write <http://…> or a prefixed name with a known prefix)")


def parse_term(value: str, prefixes: dict[str, str] | None = None) -> Term:
    """An RDF term from a parameter value: <iri>, prefix:name, "literal"(@lang|^^type), number, true/false, or text."""
    prefixes = {**PREFIX_MAP, **(prefixes or {})}
    v = value.strip()
    try:
        if v.startswith("<") and v.endswith(">"):
            return _iri(v, prefixes)
        m = _LITERAL.match(v)
        if m:
            lex = re.sub(r"\\(.)", lambda e: _UNESCAPE.get(e.group(1), e.group(0)), m.group("lex"))
            if m.group("lang"):
                return ox.Literal(lex, language=m.group("lang"))
            if m.group("dt"):
                return ox.Literal(lex, datatype=_iri(m.group("dt"), prefixes))
            return ox.Literal(lex)
        if re.fullmatch(r"[+-]?\d+", v):
            return ox.Literal(v, datatype=ox.NamedNode(XSD + "integer"))
        if re.fullmatch(r"[+-]?\d*\.\d+", v):
            return ox.Literal(v, datatype=ox.NamedNode(XSD + "decimal"))
        if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+", v):
            return ox.Literal(v, datatype=ox.NamedNode(XSD + "double"))
        if v in ("true", "false"):
            return ox.Literal(v, datatype=ox.NamedNode(XSD + "boolean"))
        if _PNAME.match(v) and v.split(":", 1)[0] in prefixes:
            return _iri(v, prefixes)
    except ValueError as exc:  # pyoxigraph rejects invalid IRIs / language tags
        raise QueryError(f"invalid RDF term {value!r}: {exc}") from exc
    return ox.Literal(value)


def parse_params(pairs: Sequence[str], query: str = "") -> dict[str, Term]:
    """``name=value`` strings as variable bindings (values parsed as RDF terms, never pasted as text)."""
    out: dict[str, Term] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad --param {pair!r}: expected name=value with a SPARQL variable name")
        out[name] = parse_term(value, declared_prefixes(query))
    return out


def values_clause(params: dict[str, Term]) -> str:
    """A SPARQL VALUES clause binding the parameters (terms written by Oxigraph's serialiser, never pasted text)."""
    if not params:
        return ""
    names = " ".join(f"?{n}" for n in params)
    row = " ".join(str(t) for t in params.values())
    return f"\nVALUES ({names}) {{ ({row}) }}\n"


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|'
                     r'"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'')
_WORD = re.compile(r"[A-Za-z_][\w-]*")


def _tokens(query: str) -> Iterable[tuple[int, str]]:
    """(offset, token) for the braces and bare words of a query, outside comments, strings and IRIs."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            m = _STRING.match(query, i)
            i = m.end() if m else i + 1
        elif c == "<":
            m = _IRIREF.match(query, i)
            i = m.end() if m else i + 1
        elif c in "?$":  # a variable: its name is not a keyword
            m = _WORD.match(query, i + 1)
            i = m.end() if m else i + 1
        elif c in "{}":
            yield i, c
            i += 1
        elif c.isalpha() or c == "_":
            m = _WORD.match(query, i)
            j = m.end()
            if j < n and query[j] == ":":  # a prefixed name, not a keyword
                j += 1
                while j < n and (query[j].isalnum() or query[j] in "_-.%:"):
                    j += 1
                yield i, ""
            else:
                yield i, m.group(0).upper()
            i = j
        else:
            i += 1


def where_group_start(query: str) -> int | None:
    """The offset just after the '{' that opens the query's outermost WHERE group (None if there is none).

    Comments, strings and IRIs are skipped; a CONSTRUCT template is not the WHERE group, and the short
    form ``CONSTRUCT WHERE { … }`` (a template, where VALUES may not go) gives None.
    """
    form = None
    for pos, tok in _tokens(query):
        if form is None:
            if tok in ("SELECT", "ASK", "DESCRIBE"):
                form = tok
            elif tok == "CONSTRUCT":
                form = "CONSTRUCT-TEMPLATE"
            continue
        if form == "CONSTRUCT-TEMPLATE":
            if tok == "WHERE":
                return None  # the short form: its group is a template
            if tok == "{":
                form = "CONSTRUCT-SKIP"
                depth = 1
            continue
        if form == "CONSTRUCT-SKIP":
            depth += {"{": 1, "}": -1}.get(tok, 0)
            if depth == 0:
                form = "CONSTRUCT"
            continue
        if tok == "{":
            return pos + 1
    return None


def bind_parameters(query: str, params: dict[str, Term]) -> str:
    """The query with its parameters bound by a VALUES block opening its outermost WHERE group.

    A VALUES clause after the query (SPARQL's trailing form) is joined with the final solutions, which
    Virtuoso gets wrong (it relabels the aggregated rows of a sub-select instead of filtering them);
    as the first pattern of the WHERE group it restricts the solutions before grouping, ordering and
    OPTIONALs on every engine, as Oxigraph's initial bindings do.
    """
    if not params:
        return query
    at = where_group_start(query)
    clause = values_clause(params)
    if at is None:
        return query + clause
    return query[:at] + clause + query[at:]


# --- local execution --------------------------------------------------------------------------

def _is_update(query: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(query)
        return True
    except Exception:
        return False


def run_local(store: ox.Store, query: str, params: dict[str, Term] | None = None, *,
              max_results: int | None = None, timeout: float | None = None,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> QueryResult:
    """Run a query with Oxigraph's engine, rows counted and timed as they stream.

    The default graph is the union of all graphs (the set union with the ontology's hierarchy entailed when
    the store has the query view of kg.sparql.entail, else Oxigraph's union), unless ``default_graphs`` names
    graphs (the protocol's default-graph-uri); ``named_graphs`` restricts the graphs GRAPH can see.
    """
    subs = {ox.Variable(k): v for k, v in (params or {}).items()}
    deadline = time.monotonic() + timeout if timeout else None
    try:
        dataset = {"default_graph": [ox.NamedNode(g) for g in default_graphs] if default_graphs else None,
                   "named_graphs": [ox.NamedNode(g) for g in named_graphs] if named_graphs else None}
    except ValueError as exc:
        raise QueryError(f"invalid graph IRI in default-graph-uri/named-graph-uri: {exc}") from exc
    if not default_graphs and not named_graphs:
        dataset = dataset_options(store, query)
    elif not default_graphs:
        dataset["use_default_graph_as_union"] = True
    try:
        res = store.query(query, prefixes=PREFIX_MAP, substitutions=subs or None,
                          **{k: v for k, v in dataset.items() if v is not None})
    except SyntaxError as exc:
        if _is_update(query):
            raise UpdateNotAllowed("this is a SPARQL Update; only queries are allowed here") from exc
        raise QueryError(f"malformed SPARQL query: {exc}") from exc
    except RuntimeError as exc:  # e.g. a parameter that is not a result variable
        raise QueryError(f"cannot run the query: {exc} (parameters must be variables the query returns)") from exc
    except (OSError, ValueError) as exc:
        raise EvaluationError(str(exc)) from exc
    # Oxigraph's result iterators must be dropped on the thread that made them: an exception that leaves
    # this function must not carry (in its traceback) a frame that still holds one.
    error: Exception | None = None
    try:
        return _collect(res, max_results, deadline)
    except (ResultTooLarge, QueryTimeout) as exc:
        error = type(exc)(str(exc))
    except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
        error = EvaluationError(" ".join(str(exc).split()) or type(exc).__name__)
    finally:
        del res
    raise error


def has_from(query: str) -> bool:
    """Whether a query names its own dataset (FROM / FROM NAMED before its WHERE group)."""
    end = where_group_start(query)
    return any(tok == "FROM" for pos, tok in _tokens(query) if end is None or pos < end)


def dataset_options(store: ox.Store, query: str) -> dict:
    """Oxigraph's dataset arguments: the query view's union graph as the default graph (hidden from
    GRAPH ?g: the other graphs are listed as the named graphs when the query has a GRAPH pattern) when the
    store has one, else Oxigraph's union of all graphs; a query's FROM wins."""
    from .entail import UNION_GRAPH, has_query_view

    if has_from(query):
        return {}
    if has_query_view(store):
        if not reads_named_graphs(query):      # listing the graphs costs (2x on 2,000 graphs): only when read
            return {"default_graph": UNION_GRAPH}
        return {"default_graph": UNION_GRAPH,
                "named_graphs": [g for g in store.named_graphs() if g != UNION_GRAPH]}
    return {"use_default_graph_as_union": True}


def reads_named_graphs(query: str) -> bool:
    """Whether a query has a GRAPH pattern (outside comments, strings and IRIs), the only way to read the
    dataset's named graphs."""
    return any(tok == "GRAPH" for _, tok in _tokens(query))


def _collect(res: object, max_results: int | None, deadline: float | None) -> QueryResult:
    if isinstance(res, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        rows = []
        for sol in res:
            # a solution iterates its values in the order of res.variables (None when unbound): 5x cheaper
            # than looking each cell up by name, which dominated large answers
            rows.append(list(sol))
            _check(len(rows), max_results, deadline)
        return QueryResult("select", variables=names, rows=rows)
    triples = []
    for t in res:  # type: ignore[attr-defined]
        triples.append(t)
        _check(len(triples), max_results, deadline)
    return QueryResult("graph", triples=triples)


def _check(n: int, max_results: int | None, deadline: float | None) -> None:
    if max_results is not None and n > max_results:
        raise ResultTooLarge(f"the result has more than {max_results} rows; add a LIMIT or narrow the query")
    if deadline is not None and n % 64 == 0 and time.monotonic() > deadline:
        raise QueryTimeout("the query ran past the time limit")


# --- remote execution -------------------------------------------------------------------------

def _prologue(query: str) -> str:
    declared = declared_prefixes(query)
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIX_MAP.items() if p not in declared)


def run_remote(endpoint: str, query: str, params: dict[str, Term] | None = None, *,
               user: str | None = None, password: str | None = None, auth: str = "basic",
               timeout: float = 60) -> QueryResult:
    """Run a query on a remote SPARQL endpoint through SPARQLWrapper (parameters bound by bind_parameters)."""
    from urllib.error import HTTPError, URLError

    from SPARQLWrapper import BASIC, DIGEST, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

    text = _prologue(query) + bind_parameters(query, params or {})
    sw = SPARQLWrapper(endpoint)
    sw.setMethod(POST)
    sw.setTimeout(int(timeout))
    if user:
        sw.setHTTPAuth(DIGEST if auth == "digest" else BASIC)
        sw.setCredentials(user, password or "")
    sw.setQuery(text)
    kind = sw.queryType
    if kind in ("INSERT", "DELETE", "CREATE", "CLEAR", "DROP", "LOAD", "COPY", "MOVE", "ADD"):
        raise UpdateNotAllowed("this is a SPARQL Update; kg query only runs queries")
    graph = kind in ("CONSTRUCT", "DESCRIBE")
    sw.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9" if graph
                           else "application/sparql-results+json, application/sparql-results+xml;q=0.9")
    try:
        resp = sw.query().response
        body, ctype = resp.read(), (resp.headers.get("Content-Type") or "").split(";")[0].strip()
    except QueryBadFormed as exc:
        raise QueryError(f"the endpoint rejected the query: {_short(exc)}") from exc
    except SPARQLWrapperException as exc:
        raise EndpointError(f"{endpoint}: {_short(exc)}") from exc
    except HTTPError as exc:
        detail = _short(Exception(exc.read().decode("utf-8", "replace")))[:500]
        raise EndpointError(f"{endpoint}: HTTP {exc.code} {exc.reason}: {detail}") from exc
    except (URLError, OSError) as exc:
        raise EndpointError(f"{endpoint}: cannot reach the endpoint: {getattr(exc, 'reason', exc)}") from exc
    return parse_response(body, ctype, graph)


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:2000]


def parse_response(body: bytes, content_type: str, graph: bool) -> QueryResult:
    """A QueryResult from an HTTP response body in a SPARQL results or RDF format."""
    try:
        if graph:
            fmt = ox.RdfFormat.from_media_type(content_type) or ox.RdfFormat.TURTLE
            return QueryResult("graph", triples=[q.triple for q in ox.parse(body, format=fmt)])
        fmt = ox.QueryResultsFormat.from_media_type(content_type) or ox.QueryResultsFormat.JSON
        res = ox.parse_query_results(body, format=fmt)
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(f"unreadable answer from the endpoint ({content_type}): {exc}") from exc
    if isinstance(res, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(res))
    names = [v.value for v in res.variables]
    return QueryResult("select", variables=names, rows=[list(s) for s in res])


# --- result formats ---------------------------------------------------------------------------

def _json_term(t: Term) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d: dict = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value not in (XSD + "string", RDF_LANGSTRING):
            d["datatype"] = t.datatype.value
        return d
    return {"type": "triple", "value": str(t)}


def results_json(res: QueryResult) -> bytes:
    """SPARQL 1.1 Query Results JSON."""
    if res.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(res.boolean)}).encode()
    bindings = [{v: _json_term(t) for v, t in zip(res.variables, row) if t is not None} for row in res.rows]
    return json.dumps({"head": {"vars": res.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


def serialize_result(res: QueryResult, fmt: str) -> bytes:
    """Solutions or a boolean as json|xml|csv|tsv; triples as turtle|nt|jsonld|xml."""
    if res.kind == "graph":
        rdf = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
        prefixes = PREFIX_MAP if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD) else None
        return ox.serialize(res.triples, format=rdf, prefixes=prefixes) or b""
    data = results_json(res)
    if fmt == "json":
        return data
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    if res.kind == "ask" and fmt in ("csv", "tsv"):
        return b"true\n" if res.boolean else b"false\n"
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_FORMATS[fmt])


def short(t: Term | None) -> str:
    """A compact, human-readable form of a term for tables: prefixed IRIs, bare literal values."""
    if t is None:
        return ""
    if isinstance(t, ox.NamedNode):
        best = max(((p, ns) for p, ns in PREFIX_MAP.items() if t.value.startswith(ns)),
                   key=lambda x: len(x[1]), default=None)
        if best and re.fullmatch(r"[\w.-]*", t.value[len(best[1]):]):
            return f"{best[0]}:{t.value[len(best[1]):]}"
        return f"<{t.value}>"
    if isinstance(t, ox.Literal):
        return t.value + (f"@{t.language}" if t.language else "")
    return str(t)


def table_rows(res: QueryResult) -> tuple[list[str], list[list[str]]]:
    """Header and cells of a SELECT/ASK result for terminal display."""
    if res.kind == "ask":
        return ["ask"], [["true" if res.boolean else "false"]]
    return res.variables, [[short(t) for t in row] for row in res.rows]


# --- comparing answers across engines ---------------------------------------------------------

NUMERIC = {XSD + n for n in ("integer", "int", "long", "short", "byte", "decimal", "double", "float",
                             "nonNegativeInteger", "positiveInteger", "unsignedInt", "unsignedLong")}


def normal_term(t: Term | None) -> tuple:
    """A comparable form of a term: numbers by value, xsd:string and plain literals alike, IRIs by value.

    Used to compare answers of different engines (Oxigraph, Virtuoso, rdflib), which write the same
    number as xsd:integer or xsd:int, ``0.80`` or ``0.8``, and may drop xsd:string.
    """
    if t is None:
        return ("unbound",)
    if isinstance(t, ox.NamedNode):
        return ("iri", t.value)
    if isinstance(t, ox.BlankNode):
        return ("bnode",)
    if isinstance(t, ox.Literal):
        if t.language:
            return ("lang", t.value, t.language.lower())
        dt = t.datatype.value
        if dt in NUMERIC:
            try:
                return ("num", Decimal(t.value).normalize())
            except InvalidOperation:
                return ("num", t.value)
        if dt == XSD + "boolean":
            return ("bool", t.value in ("true", "1"))
        if dt == XSD + "string":
            return ("str", t.value)
        return ("typed", t.value, dt)
    return ("other", str(t))


def normal_rows(res: QueryResult) -> list[tuple]:
    """A sorted list of normalised rows (order-insensitive comparison of SELECT answers)."""
    if res.kind == "ask":
        return [("ask", bool(res.boolean))]
    if res.kind == "graph":
        return sorted(tuple(normal_term(x) for x in (t.subject, t.predicate, t.object)) for t in res.triples)
    return sorted((tuple(normal_term(t) for t in row) for row in res.rows), key=repr)


def iter_query_files(folder: str | Path) -> Iterable[Path]:
    """The .rq files of a folder, sorted by name."""
    return sorted(Path(folder).glob("*.rq"))
