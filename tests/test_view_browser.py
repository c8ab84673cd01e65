"""The HTML view in a real headless Chromium (Debian's `chromium`), with all network access blocked.

Checks: no console error, no request leaves the page, drawn nodes and edges equal the graph's actors and
relation triples (computed with SPARQL), filters change what is drawn, a click on a node shows its tooltip,
the layout stops moving, and the injection fixture runs nothing. Screenshots go to tests/artifacts/.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.graph.io import load_dataset
from kg.namespaces import RELATIONS
from kg.explore.view import render_html
from view_expect import expected_edges, expected_nodes, linked, only_denied, persons

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium not installed (Debian package chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Page:
    """A page opened from a file with every request recorded and everything but the file itself aborted."""

    def __init__(self, browser, html: str, tmp_path: Path, name: str, bypass_csp: bool = False):
        self.file = tmp_path / f"{name}.html"
        self.file.write_text(html, encoding="utf-8")
        self.url = self.file.as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True,
                                          bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", lambda route: route.continue_() if route.request.url == self.url else route.abort())
        self.page.goto(self.url)
        # A selector, not wait_for_function: the page's CSP forbids the eval that the latter uses.
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=20000)

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def drawn(self) -> tuple[int, int]:
        """Nodes and edges vis-network actually draws (visible, with both ends visible)."""
        return tuple(self.js("[kgView.network.body.nodeIndices.length, kgView.network.body.edgeIndices.length]"))

    def click_node(self, label: str) -> None:
        """A real mouse click on the node with this label."""
        xy = self.js("""(label) => {
            const i = kgView.data.nodes.findIndex(n => n.l === label);
            const p = kgView.network.canvasToDOM(kgView.network.getPositions([i])[i]);
            const r = document.getElementById('kg-network').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""", label)
        self.page.mouse.click(*xy)

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url]

    def close(self, screenshot: str | None = None) -> None:
        if screenshot:
            ARTIFACTS.mkdir(exist_ok=True)
            self.page.screenshot(path=str(ARTIFACTS / screenshot))
        self.context.close()


def test_sample_view(browser, tmp_path):
    ds = load_dataset(FIXTURES / "sample.trig")
    nodes, edges = expected_nodes(ds), expected_edges(ds)
    denied = only_denied(edges)
    shown = set(edges) - denied
    p = Page(browser, render_html(ds), tmp_path, "sample")
    try:
        # Everything with a shown relation is drawn, except the edges only ever denied, hidden by default;
        # actors without one (the sample's media name RT) wait behind a switch.
        assert linked(shown) < nodes
        assert p.drawn() == (len(linked(shown)), len(shown))
        p.page.check("#kg-isolated")
        assert p.drawn() == (len(nodes), len(shown))
        p.page.uncheck("#kg-isolated")
        p.page.check("#kg-denied")
        assert p.drawn() == (len(linked(edges)), len(edges))
        dashed = p.js("kgView.edges.get({filter: e => e.dashes}).map(e => e.id)")
        assert len(dashed) == len(denied) and all(p.js(f"kgView.data.edges[{i}].n") == 1 for i in dashed)

        # Relation filter: strikes off hides exactly the strikes edges, and the actors left without an edge.
        rest = {k for k in edges if k[1] != "strikes"}
        p.page.uncheck("#kg-rel-strikes")
        assert p.drawn() == (len(linked(rest)), len(rest))
        p.page.check("#kg-rel-strikes")

        # Class filter: Person off hides the persons and every edge touching one.
        ps = persons(ds)
        rest = {k for k in edges if k[0] not in ps and k[2] not in ps}
        p.page.uncheck("#kg-cls-Person")
        assert p.drawn() == (len(linked(rest)), len(rest))
        assert p.page.text_content("#kg-count").startswith(f"{len(linked(rest))} of {len(nodes)} actors")
        p.page.check("#kg-cls-Person")
        assert p.drawn() == (len(linked(edges)), len(edges))

        # The layout has settled: physics off, nothing moves.
        assert p.js("kgView.network.physics.options.enabled") is False
        before = p.js("JSON.stringify(kgView.network.getPositions())")
        p.page.wait_for_timeout(300)
        assert p.js("JSON.stringify(kgView.network.getPositions())") == before

        # A click on a node shows its tooltip with class, aliases, mentions and documents.
        p.click_node("Sergey Lavrov")
        tip = p.page.locator("#kg-tooltip")
        tip.wait_for(state="visible", timeout=3000)
        text = tip.text_content()
        assert "Sergey Lavrov" in text and "Person" in text and "Sergei Lavrov" in text
        assert "Lavrov: Russia backs Damascus" in text
        assert p.page.get_attribute("#kg-tooltip", "data-kind") == "node"

        # Find an actor by alias.
        p.page.fill("#kg-find", "the Kremlin")
        p.page.click("#kg-find-go")
        assert p.js("kgView.network.getSelectedNodes().map(i => kgView.data.nodes[i].l)") == ["Russia"]
        assert "Russia" in tip.text_content()

        assert p.errors == [] and p.dialogs == []
        assert p.outside_requests() == []
    finally:
        p.close("view_sample.png")


def test_edge_tooltip_lists_claims(browser, tmp_path):
    ds = load_dataset(FIXTURES / "sample.trig")
    p = Page(browser, render_html(ds), tmp_path, "edge")
    try:
        xy = p.js("""() => {
            const d = kgView.data, i = d.edges.findIndex(e => d.relations[e.r].name === 'supports'
                && d.nodes[e.f].l === 'Russia' && d.nodes[e.t].l === 'Syria');
            const pos = kgView.network.getPositions([d.edges[i].f, d.edges[i].t]);
            const a = pos[d.edges[i].f], b = pos[d.edges[i].t], net = kgView.network;
            const r = document.getElementById('kg-network').getBoundingClientRect();
            for (let t = 0.3; t < 0.95; t += 0.05) {  // a point on the edge not covered by a node
                const m = net.canvasToDOM({x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)});
                if (net.getNodeAt(m) === undefined && net.getEdgeAt(m) === i) return [r.left + m.x, r.top + m.y];
            }
            throw new Error('no free point on the edge');
        }""")
        p.page.mouse.click(*xy)
        tip = p.page.locator("#kg-tooltip")
        tip.wait_for(state="visible", timeout=3000)
        text = tip.text_content()
        assert "Russia" in text and "supports" in text and "Syria" in text
        assert "Russia supports Damascus" in text and "according to Sergey Lavrov" in text
        assert "according to RT" in text and "2 asserting" in text
        assert p.errors == [] and p.outside_requests() == []
    finally:
        p.close()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_injected_markup_never_runs(browser, tmp_path, bypass_csp):
    ds = load_dataset(FIXTURES / "view_xss.trig")
    nodes, edges = expected_nodes(ds), expected_edges(ds)
    p = Page(browser, render_html(ds, title="<img src=x onerror=alert(1)>"), tmp_path, "xss", bypass_csp)
    try:
        p.page.check("#kg-denied")
        p.page.check("#kg-isolated")
        assert p.drawn() == (len(nodes), len(edges))
        # Show every node's and every edge's tooltip, hover included.
        for i in range(len(nodes)):
            p.js("(i) => kgView.showNode(i)", i)
        labels = p.js("kgView.data.nodes.map(n => n.l)")
        for label in labels:
            p.click_node(label)
            p.page.mouse.move(5, 5)
        p.page.fill("#kg-find", "Evil")
        p.page.click("#kg-find-go")
        text = p.page.text_content("#kg-tooltip")
        assert "Evil <script>window.__pwned=1</script>" in text
        assert p.page.title() == "<img src=x onerror=alert(1)>"
        p.page.wait_for_timeout(200)
        assert p.js("typeof window.__pwned") == "undefined"
        assert p.js("document.querySelectorAll('img').length") == 0
        assert p.js("document.querySelectorAll('script').length") == 3
        assert p.dialogs == []
        assert p.errors == []
        assert p.outside_requests() == []
    finally:
        p.close(None if bypass_csp else "view_xss.png")


def test_static_layout_page(browser, tmp_path):
    from kg.explore.analysis import read_graph
    from kg.explore.view import render_kgraph

    ds = load_dataset(FIXTURES / "sample.trig")
    edges = expected_edges(ds)
    p = Page(browser, render_kgraph(read_graph(ds), static=True), tmp_path, "static")
    try:
        assert p.js("kgView.data.static") is True
        shown = set(edges) - only_denied(edges)
        assert p.drawn() == (len(linked(shown)), len(shown))
        assert p.js("kgView.network.physics.options.enabled") is False
        for r in RELATIONS:
            p.page.uncheck(f"#kg-rel-{r}")
        assert p.drawn() == (0, 0)
        p.page.check("#kg-isolated")
        assert p.drawn() == (len(expected_nodes(ds)), 0)
        assert p.errors == [] and p.outside_requests() == []
    finally:
        p.close()


def test_empty_graph(browser, tmp_path):
    from rdflib import Dataset

    p = Page(browser, render_html(Dataset()), tmp_path, "empty")
    try:
        assert p.drawn() == (0, 0)
        assert p.page.text_content("#kg-count") == "0 of 0 actors, 0 of 0 relations shown"
        assert p.errors == [] and p.outside_requests() == []
    finally:
        p.close()


VISIBLE_WITHOUT_EDGE = """() => {
    const b = kgView.network.body, shown = new Set(b.nodeIndices), ends = new Set();
    for (const id of b.edgeIndices) { const e = b.edges[id]; ends.add(e.fromId); ends.add(e.toId); }
    return [...shown].filter(i => !ends.has(i)).length;
}"""


@pytest.mark.parametrize("relation", RELATIONS)
def test_one_relation_leaves_no_node_without_an_edge(browser, tmp_path, relation):
    ds = load_dataset(FIXTURES / "sample.trig")
    edges = expected_edges(ds)
    keep = {k for k in set(edges) - only_denied(edges) if k[1] == relation}
    p = Page(browser, render_html(ds), tmp_path, f"one-{relation}")
    try:
        for r in RELATIONS:
            if r != relation:
                p.page.uncheck(f"#kg-rel-{r}")
        assert p.drawn() == (len(linked(keep)), len(keep))
        assert p.js(VISIBLE_WITHOUT_EDGE) == 0
        if keep:  # the view is re-fitted to what is left: centred on the shown actors' bounding box
            off = p.js("""() => { const n = kgView.network, ids = n.body.nodeIndices, pos = n.getPositions(ids);
                const xs = ids.map(i => pos[i].x), ys = ids.map(i => pos[i].y), v = n.getViewPosition();
                return Math.hypot(v.x - (Math.min(...xs) + Math.max(...xs)) / 2, v.y - (Math.min(...ys) + Math.max(...ys)) / 2);
            }""")
            assert off < 40
        assert p.errors == []
    finally:
        p.close()


def test_date_range_and_claims_table(browser, tmp_path):
    ds = load_dataset(FIXTURES / "sample.trig")
    p = Page(browser, render_html(ds), tmp_path, "dates")
    try:
        # a.txt is dated 2015-10-01, b.txt 2015-10-15, c.txt 2016-02-20: keep October 2015 only
        in_range = p.js("""() => { const d = kgView.data; return d.edges.filter(e => !e.n && e.c.some(c => c[3] >= 0
            && d.documents[c[3]][1] >= '2015-10-01' && d.documents[c[3]][1] <= '2015-10-31')).length; }""")
        total = p.drawn()[1]
        p.page.fill("#kg-from", "2015-10-01")
        p.page.fill("#kg-to", "2015-10-31")
        p.page.dispatch_event("#kg-to", "change")
        assert 0 < p.drawn()[1] == in_range < total
        assert p.js(VISIBLE_WITHOUT_EDGE) == 0
        p.page.fill("#kg-from", "")
        p.page.fill("#kg-to", "")
        p.page.dispatch_event("#kg-from", "change")
        p.page.dispatch_event("#kg-to", "change")
        assert p.drawn()[1] == total

        # select Russia: the table lists the claims of its shown edges, and the CSV link holds them
        p.page.fill("#kg-find", "Russia")
        p.page.click("#kg-find-go")
        expected = p.js("""() => { const d = kgView.data, r = d.nodes.findIndex(n => n.l === 'Russia');
            return d.edges.filter(e => !e.n && (e.f === r || e.t === r)).reduce((n, e) => n + e.c.length, 0); }""")
        assert expected > 0
        assert p.page.is_visible("#kg-claims")
        assert p.page.locator("#kg-claims-body tr").count() == expected
        assert p.page.text_content("#kg-claims-n") == str(expected)
        href = p.page.get_attribute("#kg-claims-csv", "href")
        from urllib.parse import unquote
        import csv as csvmod
        import io
        rows = list(csvmod.reader(io.StringIO(unquote(href.split(",", 1)[1]))))
        assert rows[0][:3] == ["subject", "relation", "object"] and len(rows) == expected + 1
        assert all("Russia" in (r[0], r[2]) for r in rows[1:])
        assert p.errors == [] and p.outside_requests() == []
    finally:
        p.close("view_dates.png")


LABEL_BOXES = """() => {
    const net = kgView.network, out = [];
    for (const id of net.body.nodeIndices) {
        const n = net.body.nodes[id];
        if (!n.options.label) continue;
        const s = n.labelModule.size;
        out.push([s.left, s.top, s.left + s.width, s.top + s.height, id]);
    }
    return out;
}"""


def crowded_graph():
    """A hub with 36 actors of long names around it, and six more linked to one of those: crowded labels."""
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from kg.namespaces import ACTOR, DOC, KG
    ds = Dataset()
    g = ds.graph(DOC["crowded"])
    g.add((DOC["crowded"], RDF.type, KG.Document))
    hub = ACTOR["hub"]
    g.add((hub, RDF.type, KG.Country))
    g.add((hub, RDFS.label, Literal("Central Republic")))
    for i in range(36):
        a = ACTOR[f"a{i}"]
        g.add((a, RDF.type, KG.Person))
        g.add((a, RDFS.label, Literal(f"Minister Number {i} of Somewhere Far")))
        g.add((a, KG.supports if i % 2 else KG.opposes, hub))
    for i in range(6):
        b = ACTOR[f"b{i}"]
        g.add((b, RDF.type, KG.ArmedGroup))
        g.add((b, RDFS.label, Literal(f"Brigade of the Long Name {i}")))
        g.add((b, KG.strikes, URIRef(ACTOR["a0"])))
    return ds


def overlapping(boxes) -> list[tuple[int, int]]:
    return [(a[4], b[4]) for k, a in enumerate(boxes) for b in boxes[k + 1:]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


def test_start_view_labels_do_not_overlap(browser, tmp_path):
    """No two drawn labels overlap (measured on vis-network's own label boxes), the biggest actors keep their
    names, zooming in shows more names, and a found actor is always labelled."""
    p = Page(browser, render_html(crowded_graph()), tmp_path, "crowded")
    try:
        p.page.wait_for_timeout(200)  # one more frame: label boxes are measured when drawn
        boxes = p.js(LABEL_BOXES)
        assert overlapping(boxes) == []
        shown = {b[4] for b in boxes}
        sizes = p.js("kgView.data.nodes.map(n => n.s)")
        top = max(range(len(sizes)), key=lambda i: (sizes[i], -i))
        assert top in shown and p.js("kgView.data.nodes[%d].l" % top) == "Central Republic"
        assert 3 <= len(shown) < len(sizes)                      # crowded: some names wait for a zoom
        assert set(p.js("kgView.labelsShown()")) == shown
        p.js("() => { kgView.network.moveTo({scale: kgView.network.getScale() * 4}); kgView.placeLabels(); }")
        p.page.wait_for_timeout(200)
        zoomed = p.js(LABEL_BOXES)
        assert overlapping(zoomed) == []
        assert p.js("() => kgView.network.getScale()") > 1
        hidden = next(i for i in range(len(sizes)) if i not in {b[4] for b in zoomed}
                      and p.js(f"kgView.network.body.nodes[{i}] !== undefined"))
        p.page.fill("#kg-find", p.js(f"kgView.data.nodes[{hidden}].l"))
        p.page.click("#kg-find-go")
        p.page.wait_for_timeout(200)
        assert hidden in {b[4] for b in p.js(LABEL_BOXES)}
        assert p.errors == []
    finally:
        p.close("view_crowded.png")
