"use strict";
// Draws the provenance report from the JSON in #report-data.
// Article text and metadata are untrusted: they only ever reach the page as
// text nodes (append/textContent) or values of fixed attributes, never as markup.
(() => {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const SVG_NS = "http://www.w3.org/2000/svg";
  const PAGE = 200;
  const byId = (id) => document.getElementById(id);
  // A Map, not the parsed object: an id such as "constructor" must not find a property of Object.
  const articles = new Map(Object.entries(data.articles));

  function build(make, attrs, children) {
    const element = make();
    for (const [name, value] of Object.entries(attrs || {})) element.setAttribute(name, String(value));
    for (const child of children) {
      if (child !== null && child !== undefined) element.append(child instanceof Node ? child : String(child));
    }
    return element;
  }
  const html = (tag, attrs, ...children) => build(() => document.createElement(tag), attrs, children);
  const svg = (tag, attrs, ...children) => build(() => document.createElementNS(SVG_NS, tag), attrs, children);
  const clip = (text, width) => (text.length > width ? text.slice(0, width - 1) + "\u2026" : text);
  const token = (text) => String(text).toLowerCase().replace(/[^a-z]+/g, "-");
  const shortTime = (utc) => (utc ? utc.slice(0, 16).replace("T", " ") : "no date");
  const percent = (share) => `${Math.round(share * 100)}%`;

  // Matches, found by either article.
  const matchOf = new Map();
  const matchesOf = new Map();
  for (const m of data.matches) {
    matchOf.set(m.a + "\u0000" + m.b, m);
    for (const id of [m.a, m.b]) {
      if (!matchesOf.has(id)) matchesOf.set(id, []);
      matchesOf.get(id).push(m);
    }
  }
  function findMatch(a, b) {
    // Either order: the store sorts ids as SQLite does, which is not how JavaScript compares strings.
    const m = matchOf.get(a + "\u0000" + b) || matchOf.get(b + "\u0000" + a);
    if (!m) return null;
    if (m.a === a) return { match: m, mine: (p) => [p[0], p[1]], theirs: (p) => [p[2], p[3]], coverage: [m.a_coverage, m.b_coverage] };
    return { match: m, mine: (p) => [p[2], p[3]], theirs: (p) => [p[0], p[1]], coverage: [m.b_coverage, m.a_coverage] };
  }

  // ---- The cluster list: filtered, sorted, drawn a page at a time. ----
  const clusters = data.clusters;
  const clusterById = new Map(clusters.map((c) => [c.id, c]));
  for (const c of clusters) {
    const titles = c.articles.map((id) => (articles.get(id) ? articles.get(id).title : ""));
    c.haystack = [c.id, c.root || "", ...c.outlets, ...c.articles, ...titles].join("\n").toLowerCase();
  }
  const sortKeys = {
    id: (c) => c.id,
    size: (c) => c.size,
    first: (c) => c.first_published || "\uffff",
    from: (c) => (c.first_outlet || "").toLowerCase(),
    root: (c) => (c.root || "").toLowerCase(),
    outlets: (c) => c.outlets.length,
    kinds: (c) => [c.kinds.copy, c.kinds.light, c.kinds.heavy].map((n) => String(n).padStart(9, "0")).join("/"),
    span: (c) => (c.span_hours === null ? -1 : c.span_hours),
  };
  const view = { key: "size", direction: -1, limit: PAGE, query: "" };

  function visibleClusters() {
    const terms = view.query.toLowerCase().split(/\s+/).filter(Boolean);
    const key = sortKeys[view.key];
    return clusters
      .filter((c) => terms.every((term) => c.haystack.includes(term)))
      .sort((x, y) => {
        if (view.key === "first" && !x.first_published !== !y.first_published) return x.first_published ? -1 : 1;  // undated last
        const a = key(x), b = key(y);
        if (a < b) return -view.direction;
        if (a > b) return view.direction;
        return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
      });
  }

  function rootLabel(c) {
    if (!c.root) return "none";
    if (c.root_type === "article") return c.root;
    return c.root_type === "unknown" ? "unknown common source" : `${c.root} (not in corpus)`;
  }

  function clusterRow(c) {
    const span = c.span_hours === null ? "" : `${c.span_hours.toFixed(1)} h`;
    const outlets = `${c.outlets.length}: ${clip(c.outlets.join(", "), 60)}`;
    const row = html(
      "tr",
      { "data-id": c.id },
      html("td", {}, c.id),
      html("td", { class: "num" }, c.size),
      html("td", {}, shortTime(c.first_published)),
      html("td", {}, c.first_outlet || ""),
      html("td", {}, clip(rootLabel(c), 48)),
      html("td", {}, outlets),
      html("td", { class: "num" }, `${c.kinds.copy}/${c.kinds.light}/${c.kinds.heavy}`),
      html("td", { class: "num" }, span)
    );
    if (c.id === current.cluster) row.classList.add("current");
    return row;
  }

  function drawList() {
    const rows = visibleClusters();
    byId("cluster-table").tBodies[0].replaceChildren(...rows.slice(0, view.limit).map(clusterRow));
    const more = rows.length > view.limit;
    byId("shown").textContent =
      `${rows.length} of ${clusters.length} clusters` + (more ? `; the first ${view.limit} are listed` : "");
    byId("more").hidden = !more;
    for (const th of document.querySelectorAll("#cluster-table th")) {
      if (th.dataset.key === view.key) th.setAttribute("aria-sort", view.direction > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
  }

  byId("search").addEventListener("input", (event) => {
    view.query = event.target.value;
    view.limit = PAGE;
    drawList();
  });
  byId("more").addEventListener("click", () => {
    view.limit += PAGE;
    drawList();
  });
  for (const th of document.querySelectorAll("#cluster-table th")) {
    th.addEventListener("click", () => {
      const key = th.dataset.key;
      view.direction = view.key === key ? -view.direction : ["id", "first", "from", "root"].includes(key) ? 1 : -1;
      view.key = key;
      drawList();
    });
  }
  byId("cluster-table").tBodies[0].addEventListener("click", (event) => {
    const row = event.target.closest("tr");
    if (row) go({ cluster: row.dataset.id }, true);
  });

  // ---- One cluster: lineage graph, timeline, members, a pair side by side. ----
  const current = { cluster: null, a: null, b: null };

  function primarySource(c, id) {
    return c.lineage.find((row) => row.article === id) || null;
  }

  function partnerOf(c, id) {
    const source = primarySource(c, id);
    if (source && source.parent_type === "article") return source.parent;
    const members = new Set(c.articles);
    const best = (matchesOf.get(id) || [])
      .filter((m) => members.has(m.a === id ? m.b : m.a))
      .sort((x, y) => y.score - x.score)[0];
    if (best) return best.a === id ? best.b : best.a;
    return c.articles.find((other) => other !== id) || id;
  }

  function strongestPair(c) {
    const members = new Set(c.articles);
    let best = null;
    for (const id of c.articles) {
      for (const m of matchesOf.get(id) || []) {
        if (members.has(m.a) && members.has(m.b) && (!best || m.score > best.score)) best = m;
      }
    }
    if (best) return [best.a, best.b];
    return [c.articles[0], c.articles[1] || c.articles[0]];
  }

  function drawGraph(c) {
    const g = c.graph;
    const w = g.node_width, h = g.node_height;
    const at = new Map(g.nodes.map((n) => [n.id, n]));
    const picture = svg("svg", {
      width: g.width, height: g.height, viewBox: `0 0 ${g.width} ${g.height}`,
      role: "img", "aria-label": `Lineage of cluster ${c.id}`,
    });
    picture.append(
      svg("defs", {}, svg("marker", {
        id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto",
      }, svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrow" })))
    );
    const lines = svg("g", { class: "links" }), labels = svg("g", { class: "labels" });
    const incoming = new Map();
    for (const row of c.lineage) {
      // Outside sources have ids of their own, so a source named like an article is still a source.
      const s = at.get(row.parent_type === "article" ? row.parent : "source:" + row.parent), t = at.get(row.article);
      if (!s || !t) continue;
      const nth = incoming.get(row.article) || 0;  // a second source's label goes above the first's
      incoming.set(row.article, nth + 1);
      const x1 = s.x + w, y1 = s.y + h / 2, x2 = t.x, y2 = t.y + h / 2 - 14 * nth, mid = (x1 + x2) / 2;
      const why = [`${row.parent} \u2192 ${row.article}: ${row.relation}, confidence ${row.confidence.toFixed(2)}`, ...row.evidence];
      lines.append(svg("path", { class: `edge ${token(row.relation)}`, d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, "marker-end": "url(#arrow)" },
        svg("title", {}, why.join("\n"))));
      const label = `${row.relation} ${row.confidence.toFixed(2)}`, across = label.length * 6 + 4;
      labels.append(svg("rect", { class: "label-ground", x: x2 - 8 - across, y: y2 - 16, width: across + 4, height: 14 }),
        svg("text", { class: "edge-label", x: x2 - 6, y: y2 - 5, "text-anchor": "end" }, label, svg("title", {}, why.join("\n"))));
    }
    picture.append(lines, labels);  // labels over every line, on a ground of their own, so none is crossed out
    for (const n of g.nodes) {
      const a = n.type === "article" ? articles.get(n.id) : null;
      const about = a ? [a.title || n.id, `${a.outlet || "no outlet"}, ${a.when}`, n.id] : [n.label, n.sub];
      const box = svg("g", { class: `node ${token(n.type)}`, transform: `translate(${n.x},${n.y})`, "data-id": n.id },
        svg("rect", { width: w, height: h, rx: 4 }),
        svg("text", { x: 8, y: 16 }, clip(n.label, 24)),
        svg("text", { x: 8, y: 32, class: "sub" }, clip(n.sub, 28)),
        svg("title", {}, about.join("\n")));
      if (n.type === "article") {
        if (n.id === current.a || n.id === current.b) box.classList.add("chosen");
        box.addEventListener("click", () => go({ cluster: c.id, a: n.id, b: partnerOf(c, n.id) }, false));
      }
      picture.append(box);
    }
    byId("graph").replaceChildren(picture);
    const partners = new Map();
    for (const [inside, other] of c.quotations) partners.set(other, [...(partners.get(other) || []), inside]);
    const quoted = [...partners].map(([other, inside]) => `${other} (with ${inside.join(", ")})`);
    byId("quotations").textContent = quoted.length
      ? `Sharing only quotations with this cluster, so pointing to the quoted statement rather than to any article: ${quoted.join("; ")}.`
      : "";
  }

  function drawTimeline(c) {
    const dated = c.articles.filter((id) => articles.get(id) && articles.get(id).utc);
    const undated = c.articles.filter((id) => !(articles.get(id) && articles.get(id).utc));
    const outlets = [...new Set(dated.map((id) => articles.get(id).outlet || "(no outlet)"))];
    const left = 160, right = 70, rowHeight = 24, top = 14;
    const width = Math.max(480, Math.min(1200, byId("timeline").clientWidth - 4));
    const height = top + outlets.length * rowHeight + 40;
    if (!dated.length) {
      byId("timeline").replaceChildren(html("p", { class: "note" }, `No article of this cluster is dated: ${undated.join(", ")}`));
      return;
    }
    const picture = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `Timeline of cluster ${c.id}` });
    {
      const times = dated.map((id) => Date.parse(articles.get(id).utc));
      const first = times.reduce((m, t) => Math.min(m, t)), last = times.reduce((m, t) => Math.max(m, t));
      let t0 = first, t1 = last;
      if (t1 === t0) { t0 -= 1800e3; t1 += 1800e3; }
      const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
      const axis = top + outlets.length * rowHeight + 6;
      outlets.forEach((outlet, i) => {
        const y = top + i * rowHeight + rowHeight / 2;
        picture.append(
          svg("text", { x: 4, y: y + 4 }, clip(outlet, 22)),
          svg("line", { class: "axis", x1: left, x2: width - right, y1: y, y2: y })
        );
      });
      for (const id of dated) {
        const a = articles.get(id);
        const y = top + outlets.indexOf(a.outlet || "(no outlet)") * rowHeight + rowHeight / 2;
        const dot = svg("circle", { class: a.exact ? "dot" : "dot inexact", cx: x(Date.parse(a.utc)), cy: y, r: 5, "data-id": id },
          svg("title", {}, `${id}\n${a.when}${a.exact ? "" : " (time not exact)"}`));
        dot.addEventListener("click", () => go({ cluster: c.id, a: id, b: partnerOf(c, id) }, false));
        const after = (Date.parse(a.utc) - first) / 3600e3;
        picture.append(dot, svg("text", { class: "sub", x: x(Date.parse(a.utc)) + 8, y: y - 6 }, after ? `+${after.toFixed(1)} h` : "first"));
      }
      const hours = (last - first) / 3600e3;
      picture.append(
        svg("line", { class: "axis", x1: left, x2: width - right, y1: axis, y2: axis }),
        svg("text", { x: left, y: axis + 16 }, shortTime(new Date(first).toISOString())),
        svg("text", { x: width - right, y: axis + 16, "text-anchor": "end" }, shortTime(new Date(last).toISOString())),
        svg("text", { x: (left + width - right) / 2, y: axis + 30, "text-anchor": "middle", class: "sub" }, `${hours.toFixed(1)} hours, UTC`)
      );
    }
    byId("timeline").replaceChildren(picture);
    if (undated.length) byId("timeline").append(html("p", { class: "note" }, `No date: ${undated.join(", ")}`));
  }

  function drawMembers(c) {
    const rows = c.articles.map((id) => {
      const a = articles.get(id) || { outlet: "", when: "", title: "" };
      const source = primarySource(c, id);
      const from = source ? `${source.parent_type === "unknown" ? "unknown common source" : source.parent} (${source.relation}, ${source.confidence.toFixed(2)})` : "none found";
      return html("tr", {}, html("td", {}, id), html("td", {}, a.outlet), html("td", {}, a.when), html("td", {}, from), html("td", {}, a.title));
    });
    byId("members").tBodies[0].replaceChildren(...rows);
  }

  function fillPickers(c) {
    const ids = [...c.articles, ...c.quotations.map(([, other]) => other).filter((id, i, all) => all.indexOf(id) === i)];
    for (const picker of [byId("pick-a"), byId("pick-b")]) {
      picker.replaceChildren(...ids.map((id) => new Option(`${id} \u2014 ${(articles.get(id) && articles.get(id).outlet) || "no outlet"}`, id)));
    }
  }

  function markedText(text, spans) {
    // Passages may overlap or nest: cut the text at every passage boundary,
    // and mark each piece with every passage that covers it.
    const box = html("div", { class: "text" });
    const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.begin, s.end])])]
      .filter((cut) => cut >= 0 && cut <= text.length)
      .sort((x, y) => x - y);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const begin = cuts[i], end = cuts[i + 1];
      const covering = spans.filter((s) => s.begin <= begin && s.end >= end).sort((x, y) => x.n - y.n);
      if (!covering.length) {
        box.append(text.slice(begin, end));
        continue;
      }
      const about = covering.map((s) => `passage ${s.n}: ${s.kind}, similarity ${s.similarity.toFixed(2)}`).join("; ");
      const mark = html("mark", { class: token(covering[0].kind), "data-n": covering.map((s) => s.n).join(" "), title: about });
      const starting = covering.filter((s) => s.begin === begin).map((s) => s.n);
      if (starting.length) mark.append(html("sup", {}, starting.join(",")));
      mark.append(text.slice(begin, end));
      box.append(mark);
    }
    return box;
  }

  function side(label, id, spans) {
    const a = articles.get(id);
    return html("div", { class: "side", "data-side": label },
      html("h4", {}, `${label}: ${clip(a.title || id, 90)}`),
      html("p", { class: "meta" }, `${id} \u00b7 ${a.outlet || "no outlet"} \u00b7 ${a.when}${a.credit ? ` \u00b7 credit: ${a.credit}` : ""}`),
      markedText(a.text, spans));
  }

  function drawPair(a, b) {
    byId("pick-a").value = a;
    byId("pick-b").value = b;
    const pair = byId("pair"), summary = byId("pair-summary");
    if (!articles.get(a) || !articles.get(b)) {
      summary.textContent = "Choose two articles of the cluster.";
      pair.replaceChildren();
      return;
    }
    if (a === b) {
      summary.textContent = "Choose two different articles.";
      pair.replaceChildren();
      return;
    }
    const found = findMatch(a, b);
    let left = [], right = [];
    if (found) {
      const m = found.match;
      const passages = m.passages.map((p, i) => ({ p, n: i + 1 }));
      left = passages.map(({ p, n }) => ({ begin: found.mine(p)[0], end: found.mine(p)[1], kind: p[4], similarity: p[5], n }));
      right = passages.map(({ p, n }) => ({ begin: found.theirs(p)[0], end: found.theirs(p)[1], kind: p[4], similarity: p[5], n }));
      summary.replaceChildren(
        `${m.kind}, score ${m.score.toFixed(2)}: ${passages.length} passage${passages.length === 1 ? "" : "s"} cover ` +
          `${percent(found.coverage[0])} of A and ${percent(found.coverage[1])} of B; ${percent(m.verbatim_share)} of it verbatim. `,
        html("span", { class: "legend" }, html("span", { class: "verbatim" }, "verbatim"), html("span", { class: "rewritten" }, "rewritten"), html("span", { class: "quotation" }, "quotation"))
      );
    } else {
      summary.textContent = "These two share no passage that counts as reuse.";
    }
    pair.replaceChildren(side("A", a, left), side("B", b, right));
  }

  byId("pair").addEventListener("click", (event) => {
    const mark = event.target.closest("mark");
    if (!mark) return;
    for (const chosen of byId("pair").querySelectorAll("mark.chosen")) chosen.classList.remove("chosen");
    const numbers = new Set(mark.dataset.n.split(" "));
    const other = mark.closest(".side").dataset.side === "A" ? "B" : "A";
    let first = null;
    for (const twin of byId("pair").querySelectorAll("mark")) {
      if (!twin.dataset.n.split(" ").some((n) => numbers.has(n))) continue;
      twin.classList.add("chosen");
      if (!first && twin.closest(".side").dataset.side === other) first = twin;
    }
    if (first) first.closest(".text").scrollTop = first.offsetTop - 40;  // the text box is the mark's offset parent
  });
  for (const picker of [byId("pick-a"), byId("pick-b")]) {
    picker.addEventListener("change", () => go({ cluster: current.cluster, a: byId("pick-a").value, b: byId("pick-b").value }, false));
  }

  function show(place, scroll) {
    const c = clusterById.get(place.cluster);
    const section = byId("cluster");
    if (!c) {
      section.hidden = true;
      current.cluster = current.a = current.b = null;
      drawList();
      return;
    }
    const opened = current.cluster !== c.id;
    let [a, b] = strongestPair(c);
    const choices = new Set([...c.articles, ...c.quotations.map(([, other]) => other)]);
    if (place.a && choices.has(place.a)) a = place.a;
    if (place.b && choices.has(place.b)) b = place.b;
    Object.assign(current, { cluster: c.id, a, b });
    section.hidden = false;
    byId("cluster-heading").textContent =
      `Cluster ${c.id}: ${c.size} articles from ${c.outlets.length} outlet${c.outlets.length === 1 ? "" : "s"}; root source ${rootLabel(c)}`;
    if (opened) {
      drawMembers(c);
      fillPickers(c);
      drawTimeline(c);
    }
    drawGraph(c);
    drawPair(a, b);
    for (const row of byId("cluster-table").tBodies[0].rows) row.classList.toggle("current", row.dataset.id === c.id);
    if (scroll) section.scrollIntoView();
  }

  function go(place, scroll) {
    const params = new URLSearchParams();
    for (const key of ["cluster", "a", "b"]) if (place[key]) params.set(key, place[key]);
    history.replaceState(null, "", "#" + params.toString());
    show(place, scroll);
  }

  function fromHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    return { cluster: params.get("cluster"), a: params.get("a"), b: params.get("b") };
  }

  window.addEventListener("hashchange", () => show(fromHash(), true));
  drawList();
  show(fromHash(), false);
})();
