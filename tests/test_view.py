"""kg.explore.analysis and kg.explore.view without a browser: what is drawn, escaping, offline page, `kg view` CLI."""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.explore.analysis import centrality, communities, layout, pagerank, read_graph
from kg.cli.app import app
from kg.graph.io import load_dataset, write_dataset
from kg.namespaces import RELATIONS, actor_iri
from kg.graph.rdf import to_dataset
from kg.records import Actor, Article, Claim, DocumentResult
from kg.explore.view import render_html, render_kgraph, safe_json, view_data
from view_expect import expected_edges, expected_nodes, only_denied

import kg.cli.view  # noqa: F401  (registers the commands)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "sample.trig"
XSS = FIXTURES / "view_xss.trig"
PAYLOADS = ("<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1;alert(1)">',
            "</script><script>window.__pwned=1</script><!--")


@pytest.fixture(scope="module")
def sample_ds():
    return load_dataset(SAMPLE)


@pytest.fixture(scope="module")
def xss_ds():
    return load_dataset(XSS)


def page_data(page: str) -> dict:
    """The JSON data block of a rendered page."""
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def inline_scripts(page: str) -> list[str]:
    """The contents of the executable inline <script> elements."""
    return re.findall(r"<script>(.*?)</script>", page, re.S)


def drawn_edge_keys(data: dict, kg) -> set[tuple[str, str, str]]:
    ids = list(kg.actors)
    return {(ids[e["f"]], RELATIONS[e["r"]], ids[e["t"]]) for e in data["edges"]}


@pytest.mark.parametrize("fixture", ["sample_ds", "xss_ds"])
def test_nodes_and_edges_match_the_rdf(fixture, request):
    ds = request.getfixturevalue(fixture)
    kg = read_graph(ds)
    data = view_data(kg)
    edges = expected_edges(ds)
    assert set(kg.actors) == expected_nodes(ds)
    assert len(data["nodes"]) == len(expected_nodes(ds))
    assert drawn_edge_keys(data, kg) == set(edges)
    ids = list(kg.actors)
    denied = {(ids[e["f"]], RELATIONS[e["r"]], ids[e["t"]]) for e in data["edges"] if e.get("n")}
    assert denied == only_denied(edges)


def test_sample_edge_semantics(sample_ds):
    kg = read_graph(sample_ds)
    by_key = {(e.source, e.relation, e.target): e for e in kg.edges}
    russia, us, fsa = actor_iri("Russia"), actor_iri("United States"), actor_iri("Free Syrian Army")
    first, second = sorted((str(russia), str(us)))
    coord = by_key[(first, "coordinatesWith", second)]
    assert coord.symmetric and coord.contested and not coord.only_denied
    assert (coord.n_positive, coord.n_negative) == (1, 1)
    denied = by_key[(str(russia), "supports", str(fsa))]
    assert denied.only_denied and denied.weight == 1 and not denied.asserted_triple
    syria = by_key[(str(russia), "supports", str(actor_iri("Syria")))]
    assert syria.weight == 2 and syria.asserted_triple
    # Speaker, document and evidence of each claim are kept.
    speakers = {c.speaker for c in syria.claims}
    assert speakers == {str(actor_iri("Sergey Lavrov")), str(actor_iri("RT"))}
    assert all(c.evidence and c.document in kg.documents for e in kg.edges for c in e.claims)
    # Homs is a Place in no relation: not drawn.
    assert str(actor_iri("Homs")) not in kg.actors and kg.places == 1
    assert kg.actors[str(actor_iri("Russia"))].mentions == 10


def test_place_in_a_relation_is_drawn(xss_ds):
    kg = read_graph(xss_ds)
    places = [a for a in kg.actors.values() if a.cls == "Place"]
    assert [p.label for p in places] == ['Town <img src=x onerror="window.__pwned=1;alert(1)">']
    assert kg.places == 2
    assert "Place" in [c["name"] for c in view_data(kg)["classes"]]


def test_centrality_communities_layout_are_deterministic(sample_ds):
    kg = read_graph(sample_ds)
    cent = centrality(kg)
    top = max(cent, key=lambda k: cent[k].pagerank)
    assert top == str(actor_iri("Russia"))
    assert max(cent, key=lambda k: cent[k].betweenness) == top
    assert math.isclose(sum(c.pagerank for c in cent.values()), 1.0, rel_tol=1e-6)
    assert communities(kg) == communities(read_graph(sample_ds))
    assert all(len(c) >= 2 for c in communities(kg))
    pos = layout(kg)
    assert set(pos) == set(kg.actors) and pos == layout(kg)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in pos.values())


def test_pagerank_matches_networkx():
    pytest.importorskip("scipy", reason="networkx's pagerank needs scipy")
    import random

    import networkx as nx

    g = nx.gnm_random_graph(200, 900, directed=True, seed=3)
    rng = random.Random(3)
    for u, v in g.edges():
        g[u][v]["weight"] = rng.randint(1, 4)
    g.add_node("isolated")
    ours, theirs = pagerank(g), nx.pagerank(g, weight="weight", tol=1e-12)
    assert max(abs(ours[k] - theirs[k]) for k in theirs) < 1e-8


def test_page_is_self_contained_and_offline(sample_ds):
    page = render_html(sample_ds)
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]*\ssrc=", page)
    assert not re.search(r"<link[^>]*href=\"(?!data:)", page)
    assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?(https?:)?//""", page)
    assert "cdnjs" not in page and "jsdelivr" not in page
    assert "vis.Network" in page and "vis-network" in page
    # The CSP allows exactly the page's own inline scripts, and no network.
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    for code in inline_scripts(page):
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert len(inline_scripts(page)) == 2


def test_untrusted_text_cannot_break_out(xss_ds):
    page = render_html(xss_ds, title="<b>title</b>")
    for p in PAYLOADS:
        assert p not in page
    assert "<img" not in page
    # Exactly three script elements: data, vis-network, the view (vis-network has one "<script>" string).
    vis_js = inline_scripts(page)[0]
    assert page.count("<script") == 3 + vis_js.count("<script")
    assert "<title>&lt;b&gt;title&lt;/b&gt;</title>" in page
    data = page_data(page)
    labels = {n["l"] for n in data["nodes"]}
    assert "Evil <script>window.__pwned=1</script>" in labels
    evidence = [c[2] for e in data["edges"] for c in e["c"]]
    assert any("</script><script>" in ev for ev in evidence)
    assert [d[0] for d in data["documents"]] == [f"Title {PAYLOADS[2]} {PAYLOADS[1]}"]


def test_safe_json_round_trips():
    value = {"a": "</script><!-- & \u2028\u2029 <img>", "b": [1, "x"]}
    text = safe_json(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_static_layout_for_large_graphs():
    actors = {f"Actor {i}": Actor(f"Actor {i}", "Country", frozenset({f"Actor {i}"})) for i in range(320)}
    claims = [Claim(f"Actor {i}", "supports", f"Actor {(i * 7 + 1) % 320}", evidence=f"s{i}") for i in range(320)]
    art = Article("abcdef0123456789", "big.txt", "text", "0" * 64)
    kg = read_graph(to_dataset([DocumentResult(art, actors, {}, claims)]))
    data = view_data(kg)
    assert data["static"] is True
    assert all("x" in n and "y" in n for n in data["nodes"])
    small = view_data(read_graph(load_dataset(SAMPLE)))
    assert small["static"] is False and "x" not in small["nodes"][0]
    assert render_kgraph(kg, static=False).count('"static":false') == 1


def test_cli_view_writes_the_page(tmp_path):
    out = tmp_path / "out" / "kg.html"
    res = CliRunner().invoke(app, ["view", str(SAMPLE), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "12 actors, 15 relation edges (1 only denied" in res.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 12 and len(data["edges"]) == 15


def test_cli_view_layout_option_and_errors(tmp_path):
    out = tmp_path / "kg.html"
    res = CliRunner().invoke(app, ["view", str(SAMPLE), "-o", str(out), "--layout", "static", "--title", "T"])
    assert res.exit_code == 0, res.output
    assert page_data(out.read_text())["static"] is True
    res = CliRunner().invoke(app, ["view", str(tmp_path / "missing.trig"), "-o", str(out)])
    assert res.exit_code == 1 and "missing.trig" in res.output
    res = CliRunner().invoke(app, ["view", str(SAMPLE), "-o", str(tmp_path)])
    assert res.exit_code == 1 and "directory" in res.output


def test_cli_view_reads_a_store_directory(tmp_path):
    store_mod = pytest.importorskip("kg.sparql.store")
    with store_mod.Store(tmp_path / "store") as st:
        st.load_file(SAMPLE)
    out = tmp_path / "kg.html"
    res = CliRunner().invoke(app, ["view", str(tmp_path / "store"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert page_data(out.read_text()) == page_data(render_html(load_dataset(SAMPLE)))


def test_graph_built_in_memory_round_trips_through_a_file(tmp_path, xss_ds):
    path = tmp_path / "x.trig"
    write_dataset(xss_ds, path)
    assert page_data(render_html(load_dataset(path))) == page_data(render_html(xss_ds))


def test_kg_serve_shows_the_same_view():
    endpoint = pytest.importorskip("kg.sparql.endpoint")
    from starlette.testclient import TestClient

    res = TestClient(endpoint.create_app(SAMPLE)).get("/", headers={"accept": "text/html"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
    assert res.text == render_html(load_dataset(SAMPLE))
