/* newskg graph view. All text from the graph is untrusted: it only ever reaches the page through
   textContent, option values and canvas labels, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var REL = data.relations, CLS = data.classes, N = data.nodes, E = data.edges, DOCS = data.documents;
  var MAX_CLAIMS = 30;
  var state = { rel: {}, cls: {}, denied: false, pinned: false, isolated: false, from: "", to: "", selected: null };
  REL.forEach(function (r, i) { state.rel[i] = true; });
  CLS.forEach(function (c, i) { state.cls[i] = true; });
  var nodeHidden = N.map(function () { return false; });
  var edgeHidden = E.map(function (e) { return !!e.n; });
  var view = { data: data, ready: false, state: state };
  window.kgView = view;

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = String(text);
    if (cls) x.className = cls;
    return x;
  }

  // ---- network -------------------------------------------------------------------------------
  var nodes = new vis.DataSet(N.map(function (n, i) {
    var c = CLS[n.c];
    var o = { id: i, label: n.l, shape: c.shape, size: n.s, hidden: false,
              color: { background: c.color, border: c.border, highlight: { background: c.color, border: "#000" },
                       hover: { background: c.color, border: "#000" } } };
    if (data.static) { o.x = n.x; o.y = n.y; }
    return o;
  }));
  var edges = new vis.DataSet(E.map(function (e, i) {
    var r = REL[e.r];
    var o = { id: i, from: e.f, to: e.t, width: Math.min(1 + e.w, 9), dashes: !!e.n, hidden: edgeHidden[i],
              arrows: { to: { enabled: !r.symmetric, scaleFactor: 0.6 } },
              color: { color: r.color, highlight: r.color, hover: r.color, opacity: e.n ? 0.6 : 0.9 } };
    if (!data.static) {
      o.smooth = e.k ? { enabled: true, type: "curvedCW", roundness: Math.min(0.15 * e.k, 0.9) } : { enabled: false };
    }
    return o;
  }));
  var options = {
    autoResize: true,
    layout: { improvedLayout: !data.static && N.length <= 100, randomSeed: 7 },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.static, hideEdgesOnZoom: data.static,
                   navigationButtons: false, keyboard: false },
    nodes: { font: { size: 14, face: "system-ui, sans-serif" }, borderWidth: 1 },
    edges: { selectionWidth: 2, smooth: data.static ? false : { enabled: false } },
    physics: data.static ? false : {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -6000, centralGravity: 0.6, springLength: 190, springConstant: 0.03,
                   avoidOverlap: 0.6 },
      stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: true }
    }
  };
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  view.network = network; view.nodes = nodes; view.edges = edges;

  // ---- labels that do not overlap ----------------------------------------------------------------
  // Labels keep one size on screen (FONT_PX) whatever the zoom, and are placed greedily, the selected actor
  // first and then by node size (PageRank): a label is drawn only where its box overlaps no label drawn
  // already and no node placed before it (so a small actor's name never covers a bigger actor, nor hides its
  // name). Zooming in makes room, so more names appear; every name is in the tooltip.
  var FONT_PX = 14, LABEL_PAD = 3;
  var labelShown = N.map(function () { return true; });
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = FONT_PX + "px system-ui, sans-serif";
  var textWidth = N.map(function (n) { return measure.measureText(n.l).width + 4; });
  var byImportance = N.map(function (n, i) { return i; }).sort(function (a, b) { return N[b].s - N[a].s || a - b; });
  function overlaps(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
  function placeLabels() {
    var scale = network.getScale() || 1, font = FONT_PX / scale;
    network.setOptions({ nodes: { font: { size: font } } });
    var pos = network.getPositions(), boxes = [], shapes = [], updates = [];
    var rect = container.getBoundingClientRect(), screen = [0, 0, rect.width, rect.height];
    N.forEach(function (n, i) {
      if (nodeHidden[i] || !pos[i]) return;
      var p = network.canvasToDOM(pos[i]), r = n.s * scale;
      shapes[i] = [p.x - r, p.y - r, p.x + r, p.y + r];
    });
    var order = byImportance.slice();
    if (state.selected && state.selected.kind === "node") {
      order.splice(order.indexOf(state.selected.id), 1); order.unshift(state.selected.id);
    }
    var placed = [];  // shapes of the nodes before this one in the order: a label never covers them
    order.forEach(function (i) {
      var show = false;
      if (shapes[i]) {
        var p = network.canvasToDOM(pos[i]), w = textWidth[i], top = p.y + N[i].s * scale;
        var box = [p.x - w / 2 - LABEL_PAD, top - LABEL_PAD, p.x + w / 2 + LABEL_PAD, top + FONT_PX * 1.3 + LABEL_PAD];
        show = overlaps(box, screen) && !boxes.some(function (b) { return overlaps(box, b); })
               && !placed.some(function (s) { return overlaps(box, s); });
        if (show) boxes.push(box);
        placed.push(shapes[i]);
      }
      if (show !== labelShown[i]) { labelShown[i] = show; updates.push({ id: i, label: show ? N[i].l : "" }); }
    });
    if (updates.length) nodes.update(updates);
  }
  var placing = 0;
  function placeLabelsSoon() {
    if (placing) return;
    placing = requestAnimationFrame(function () { placing = 0; placeLabels(); });
  }
  view.placeLabels = placeLabels;
  view.labelsShown = function () {
    var out = []; labelShown.forEach(function (s, i) { if (s && !nodeHidden[i]) out.push(i); }); return out;
  };
  network.on("zoom", placeLabelsSoon);
  network.on("dragEnd", placeLabelsSoon);
  network.on("resize", placeLabelsSoon);

  function markReady() {
    if (view.ready) return;
    placeLabels();
    view.ready = true;
    document.body.setAttribute("data-ready", "1");
  }
  if (data.static) {
    network.once("afterDrawing", markReady);
    network.fit({ animation: false });
  } else {
    var settle = function () {
      network.setOptions({ physics: false });
      network.fit({ animation: false });
      markReady();
    };
    network.once("stabilizationIterationsDone", settle);
    setTimeout(function () { if (!view.ready) settle(); }, 15000);
  }
  if (N.length === 0) markReady();

  // ---- filters and counts ---------------------------------------------------------------------
  function counts() {
    var nv = 0, ev = 0;
    nodeHidden.forEach(function (h) { if (!h) nv++; });
    E.forEach(function (e, i) { if (!edgeHidden[i] && !nodeHidden[e.f] && !nodeHidden[e.t]) ev++; });
    return { nodes: nv, edges: ev };
  }
  view.counts = counts;

  function showCount() {
    var c = counts();
    document.getElementById("kg-count").textContent =
      c.nodes + " of " + N.length + " actors, " + c.edges + " of " + E.length + " relations shown";
  }

  function docDate(i) { var d = DOCS[i]; return d && d[1] ? String(d[1]).slice(0, 10) : ""; }
  function claimInRange(c) {
    if (!state.from && !state.to) return true;
    var d = c[3] >= 0 ? docDate(c[3]) : "";
    return !!d && (!state.from || d >= state.from) && (!state.to || d <= state.to);
  }
  view.claimInRange = claimInRange;
  // An edge is shown when its relation is on, it is not a hidden denial, both ends' classes are on and (with
  // a date range) one of its claims is dated inside it. An actor is shown when its class is on and one of its
  // edges is shown, or when "actors without a shown relation" is on.
  function applyFilters(refit) {
    var nu = [], eu = [], linked = N.map(function () { return false; });
    E.forEach(function (e, i) {
      var h = !state.rel[e.r] || (!!e.n && !state.denied) || !state.cls[N[e.f].c] || !state.cls[N[e.t].c]
              || (!!(state.from || state.to) && !e.c.some(claimInRange));
      if (!h) { linked[e.f] = true; linked[e.t] = true; }
      if (h !== edgeHidden[i]) { edgeHidden[i] = h; eu.push({ id: i, hidden: h }); }
    });
    N.forEach(function (n, i) {
      var h = !state.cls[n.c] || (!state.isolated && !linked[i]);
      if (h !== nodeHidden[i]) { nodeHidden[i] = h; nu.push({ id: i, hidden: h }); }
    });
    if (nu.length) nodes.update(nu);
    if (eu.length) edges.update(eu);
    hideTooltip();
    showCount();
    showClaims();
    if (refit !== false && view.ready && (nu.length || eu.length)) network.fit({ animation: false });
    if (view.ready) placeLabels();
  }
  view.applyFilters = applyFilters;

  function checkbox(id, label, swatch, count, onchange, checked) {
    var lab = el("label", null, "kg-item");
    var box = el("input");
    box.type = "checkbox"; box.id = id; box.checked = checked;
    box.addEventListener("change", function () { onchange(box.checked); applyFilters(); });
    lab.appendChild(box); lab.appendChild(swatch); lab.appendChild(el("span", label));
    lab.appendChild(el("span", count, "kg-n"));
    return lab;
  }
  var relCount = REL.map(function () { return 0; }), clsCount = CLS.map(function () { return 0; }), nDenied = 0;
  E.forEach(function (e) { relCount[e.r]++; if (e.n) nDenied++; });
  N.forEach(function (n) { clsCount[n.c]++; });
  var relBox = document.getElementById("kg-relations");
  REL.forEach(function (r, i) {
    var sw = el("span", null, "kg-line"); sw.style.borderTopColor = r.color;
    relBox.appendChild(checkbox("kg-rel-" + r.name, r.label + (r.symmetric ? " \u2194" : ""), sw, relCount[i],
                                function (v) { state.rel[i] = v; }, true));
  });
  var clsBox = document.getElementById("kg-classes");
  CLS.forEach(function (c, i) {
    var sw = el("span", c.symbol, "kg-swatch"); sw.style.color = c.color;
    clsBox.appendChild(checkbox("kg-cls-" + c.name, c.label, sw, clsCount[i], function (v) { state.cls[i] = v; }, true));
  });
  document.getElementById("kg-denied-count").textContent = String(nDenied);
  document.getElementById("kg-denied").addEventListener("change", function (ev) {
    state.denied = ev.target.checked; applyFilters();
  });
  var nIsolated = 0;
  N.forEach(function (n, i) { if (!E.some(function (e) { return e.f === i || e.t === i; })) nIsolated++; });
  document.getElementById("kg-isolated-count").textContent = String(nIsolated);
  document.getElementById("kg-isolated").addEventListener("change", function (ev) {
    state.isolated = ev.target.checked; applyFilters();
  });
  var dates = DOCS.map(function (d, i) { return docDate(i); }).filter(function (d) { return d; }).sort();
  ["kg-from", "kg-to"].forEach(function (id) {
    var box = document.getElementById(id);
    if (dates.length) { box.min = dates[0]; box.max = dates[dates.length - 1]; }
    box.addEventListener("change", function () { state[id === "kg-from" ? "from" : "to"] = box.value; applyFilters(); });
  });

  // ---- the claims of the current selection, as a table and as CSV -----------------------------
  function selectedClaims() {
    var sel = state.selected, rows = [];
    if (!sel) return rows;
    E.forEach(function (e, i) {
      if (edgeHidden[i]) return;
      if (sel.kind === "edge" ? sel.id !== i : (e.f !== sel.id && e.t !== sel.id)) return;
      e.c.forEach(function (c) {
        if (!claimInRange(c)) return;
        rows.push([N[e.f].l, REL[e.r].name, N[e.t].l, c[0] ? "asserted" : "denied", c[1], c[4] || "",
                   c[2], c[3] >= 0 ? DOCS[c[3]][0] : "", c[3] >= 0 ? docDate(c[3]) : ""]);
      });
    });
    return rows;
  }
  var CLAIM_HEADER = ["subject", "relation", "object", "polarity", "modality", "speaker", "evidence", "document", "date"];
  function csvCell(v) {
    var t = String(v);
    if (/^[=+\-@\t\r]/.test(t)) t = "'" + t;  // a spreadsheet must not read article text as a formula
    return /[",\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }
  function claimsCsv() {
    return [CLAIM_HEADER].concat(selectedClaims()).map(function (r) { return r.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }
  view.selectedClaims = selectedClaims; view.claimsCsv = claimsCsv;
  function showClaims() {
    var box = document.getElementById("kg-claims"), body = document.getElementById("kg-claims-body");
    var rows = selectedClaims(), link = document.getElementById("kg-claims-csv");
    box.hidden = !state.selected;
    body.replaceChildren();
    rows.slice(0, 500).forEach(function (r) {
      var tr = el("tr");
      [0, 1, 2, 3, 4, 5, 6, 8].forEach(function (k) { tr.appendChild(el("td", r[k])); });
      body.appendChild(tr);
    });
    document.getElementById("kg-claims-n").textContent = String(rows.length);
    link.href = "data:text/csv;charset=utf-8," + encodeURIComponent(claimsCsv());
  }
  showCount();

  // ---- tooltips -------------------------------------------------------------------------------
  var tip = document.getElementById("kg-tooltip");
  function docLabel(i) {
    var d = DOCS[i];
    if (!d) return "";
    return d[0] + (d[1] ? " (" + d[1] + ")" : "");
  }
  function field(dl, name, value) {
    if (value === undefined || value === null || value === "") return;
    dl.appendChild(el("dt", name)); dl.appendChild(el("dd", value));
  }
  function nodeContent(i) {
    var n = N[i], frag = document.createDocumentFragment(), dl = el("dl");
    frag.appendChild(el("h3", n.l));
    field(dl, "Class", CLS[n.c].label);
    field(dl, "Aliases", n.a.join(", "));
    field(dl, "Mentions", n.m);
    field(dl, "Part of", n.p.join(", "));
    frag.appendChild(dl);
    if (n.d.length) {
      frag.appendChild(el("div", "Documents (" + n.d.length + ")", "kg-meta"));
      var ol = el("ol");
      n.d.slice(0, MAX_CLAIMS).forEach(function (d) { ol.appendChild(el("li", docLabel(d))); });
      if (n.d.length > MAX_CLAIMS) ol.appendChild(el("li", "and " + (n.d.length - MAX_CLAIMS) + " more"));
      frag.appendChild(ol);
    }
    return frag;
  }
  function edgeContent(i) {
    var e = E[i], r = REL[e.r], frag = document.createDocumentFragment();
    frag.appendChild(el("h3", N[e.f].l + " \u2014 " + r.label + (r.symmetric ? " \u2014 " : " \u2192 ") + N[e.t].l));
    var pos = 0, neg = 0;
    e.c.forEach(function (c) { if (c[0]) pos++; else neg++; });
    var summary = pos + " asserting, " + neg + " denying claim" + (pos + neg === 1 ? "" : "s");
    if (e.n) summary += "; only ever denied";
    if (e.p) summary += "; stated as a fact in the graph";
    frag.appendChild(el("div", summary, "kg-meta"));
    var ol = el("ol");
    e.c.slice(0, MAX_CLAIMS).forEach(function (c) {
      var li = el("li");
      li.appendChild(el("span", c[0] ? "asserted" : "denied", c[0] ? "kg-pos" : "kg-neg"));
      if (c[1] && c[1] !== "Actual") li.appendChild(el("span", " (" + c[1].toLowerCase() + ")"));
      li.appendChild(document.createTextNode(": "));
      li.appendChild(el("span", "\u201c" + c[2] + "\u201d", "kg-ev"));
      var meta = [];
      if (c[3] >= 0) meta.push("in " + docLabel(c[3]));
      if (c[4]) meta.push("according to " + c[4]);
      if (meta.length) { li.appendChild(el("br")); li.appendChild(el("span", meta.join(", "), "kg-meta")); }
      ol.appendChild(li);
    });
    if (e.c.length > MAX_CLAIMS) ol.appendChild(el("li", "and " + (e.c.length - MAX_CLAIMS) + " more claims"));
    frag.appendChild(ol);
    return frag;
  }
  function showTooltip(content, dom, kind, id) {
    tip.replaceChildren(content);
    tip.hidden = false;
    tip.setAttribute("data-kind", kind);
    tip.setAttribute("data-id", String(id));
    var main = document.getElementById("kg-main");
    var w = main.clientWidth, h = main.clientHeight;
    var x = Math.min(Math.max(dom.x + 12, 0), Math.max(w - tip.offsetWidth - 4, 0));
    var y = Math.min(Math.max(dom.y + 12, 0), Math.max(h - tip.offsetHeight - 4, 0));
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function hideTooltip() { tip.hidden = true; state.pinned = false; }
  view.showNode = function (i) {
    var p = network.getPositions([i])[i];
    showTooltip(nodeContent(i), network.canvasToDOM(p), "node", i);
  };
  network.on("click", function (params) {
    state.selected = params.nodes.length ? { kind: "node", id: params.nodes[0] }
      : params.edges.length ? { kind: "edge", id: params.edges[0] } : null;
    showClaims();
    if (params.nodes.length) placeLabels();
    if (params.nodes.length) {
      state.pinned = true; showTooltip(nodeContent(params.nodes[0]), params.pointer.DOM, "node", params.nodes[0]);
    } else if (params.edges.length) {
      state.pinned = true; showTooltip(edgeContent(params.edges[0]), params.pointer.DOM, "edge", params.edges[0]);
    } else {
      hideTooltip();
    }
  });
  network.on("hoverNode", function (params) {
    if (!state.pinned) showTooltip(nodeContent(params.node), params.pointer.DOM, "node", params.node);
  });
  network.on("hoverEdge", function (params) {
    if (!state.pinned) showTooltip(edgeContent(params.edge), params.pointer.DOM, "edge", params.edge);
  });
  network.on("blurNode", function () { if (!state.pinned) tip.hidden = true; });
  network.on("blurEdge", function () { if (!state.pinned) tip.hidden = true; });
  network.on("dragStart", function () { if (!state.pinned) tip.hidden = true; });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hideTooltip(); });

  // ---- find -----------------------------------------------------------------------------------
  var names = document.getElementById("kg-actor-names");
  var frag = document.createDocumentFragment();
  N.forEach(function (n) { var o = el("option"); o.value = n.l; frag.appendChild(o); });
  names.appendChild(frag);
  function find(query) {
    var q = query.trim().toLowerCase(), hit = -1;
    if (!q) return -1;
    for (var i = 0; i < N.length && hit < 0; i++) if (N[i].l.toLowerCase() === q) hit = i;
    for (i = 0; i < N.length && hit < 0; i++) {
      if (N[i].a.some(function (a) { return a.toLowerCase() === q; })) hit = i;
    }
    for (i = 0; i < N.length && hit < 0; i++) if (N[i].l.toLowerCase().indexOf(q) >= 0) hit = i;
    return hit;
  }
  view.find = find;
  document.getElementById("kg-find-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var msg = document.getElementById("kg-find-msg"), i = find(document.getElementById("kg-find").value);
    msg.textContent = "";
    if (i < 0) { msg.textContent = "No actor of that name."; return; }
    if (nodeHidden[i]) {
      state.cls[N[i].c] = true;
      document.getElementById("kg-cls-" + CLS[N[i].c].name).checked = true;
      applyFilters();
    }
    network.selectNodes([i]);
    state.selected = { kind: "node", id: i };
    showClaims();
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: false });
    placeLabels();
    state.pinned = true;
    view.showNode(i);
  });

  applyFilters(false);  // at the start, actors without a shown relation (isolated names, places) are hidden
})();
