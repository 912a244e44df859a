// claimgraph provenance viewer: reads the GraphQL API and draws a claim's provenance
// (or an event's claims) as an SVG graph. Plain JavaScript, no dependencies.
//
// Every piece of data reaches the page through textContent or setAttribute, never
// as markup. The page's state is exposed for tests and scripts:
//   document.body.dataset.state            "loading", "ready" or "error"
//   #search-results[data-state]            "loading", "done" or "error"
//   SVG nodes: g[data-node-id][data-kind][data-label]
//   SVG edges: path[data-from][data-to][data-label][data-route]
//   edge labels: text[data-label-from][data-label-to] over a rect.label-bg
(function () {
  "use strict";

  const SVGNS = "http://www.w3.org/2000/svg";
  const VIEW = "/view/";
  const endpointMeta = document.querySelector('meta[name="claimgraph-graphql"]');
  const ENDPOINT = (endpointMeta && endpointMeta.getAttribute("content")) || "/query";

  // ---------------------------------------------------------------- the API

  class APIError extends Error {
    constructor(message, codes) {
      super(message);
      this.codes = codes || [];
    }
  }

  // A server run with --private answers only requests with a token; the viewer asks
  // for one then and keeps it for the browser tab (sessionStorage).
  const TOKEN_KEY = "claimgraph.viewer.token";

  function storedToken() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY);
    } catch (err) {
      return null;
    }
  }

  // gql posts one query to the GraphQL endpoint and returns its data, or throws an
  // APIError with the errors' messages and extensions.code values.
  async function gql(query, variables) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const token = storedToken();
    if (token) headers.Authorization = "Bearer " + token;
    let res;
    try {
      res = await fetch(ENDPOINT, {
        method: "POST",
        headers: headers,
        body: JSON.stringify({ query: query, variables: variables || {} }),
        credentials: "same-origin",
      });
    } catch (err) {
      throw new APIError("cannot reach the API at " + ENDPOINT + ": " + err.message);
    }
    let body = null;
    try {
      body = await res.json();
    } catch (err) {
      throw new APIError("the API answered " + res.status + " " + res.statusText + " without JSON");
    }
    if (body && Array.isArray(body.errors) && body.errors.length > 0) {
      const codes = body.errors.map((e) => (e.extensions && e.extensions.code) || "");
      if (res.status === 401 && !codes.includes("UNAUTHENTICATED")) codes.push("UNAUTHENTICATED");
      throw new APIError(body.errors.map((e) => e.message).join("; "), codes);
    }
    if (!res.ok || !body || !body.data) {
      throw new APIError("the API answered " + res.status + " " + res.statusText, res.status === 401 ? ["UNAUTHENTICATED"] : []);
    }
    return body.data;
  }

  // searchClaims asks the API's full-text search (BM25, stemmed, over a claim's text,
  // its quotes and its claimant) for claims. It returns {total, claims: [{id, text,
  // claimant, event, snippet}]}, snippet being the first matching text with its
  // highlights, or null.
  const SEARCH_QUERY = `query ViewerSearch($text: String!, $first: Int) {
  search(query: $text, types: [CLAIM], first: $first) {
    totalCount
    edges {
      snippets { field text highlights { start end } }
      node { ... on Claim { id text claimant { id name } event { id name } } }
    }
  }
}`;
  async function searchClaims(text) {
    const data = await gql(SEARCH_QUERY, { text: text, first: 25 });
    return {
      total: data.search.totalCount,
      claims: data.search.edges.map((e) => ({
        id: e.node.id,
        text: e.node.text,
        claimant: e.node.claimant ? e.node.claimant.name : null,
        event: e.node.event,
        snippet: e.snippets.find((sn) => sn.field !== "text") || null,
      })),
    };
  }

  // snippetLine renders a search snippet with its matching words as <mark>; the API
  // counts offsets in code points.
  function snippetLine(sn) {
    const cps = Array.from(sn.text);
    const line = el("span", { class: "snippet" }, sn.field + ": “");
    let at = 0;
    for (const h of sn.highlights.slice().sort((a, b) => a.start - b.start)) {
      if (h.start < at || h.end > cps.length) continue;
      line.appendChild(document.createTextNode(cps.slice(at, h.start).join("")));
      line.appendChild(el("mark", null, cps.slice(h.start, h.end).join("")));
      at = h.end;
    }
    line.appendChild(document.createTextNode(cps.slice(at).join("") + "”"));
    return line;
  }

  const CLAIM_QUERY = `query ViewerClaim($id: ID!) {
  claim(id: $id) {
    id text medium statedAt
    related {
      outgoing
      relation { id kind note assertedBy { id name } }
      claim { id text claimant { id name } }
    }
    trace {
      claimant { ...ViewerActor }
      affiliationChain { ...ViewerActor }
      event { id name location startTime endTime }
      appearances {
        attribution {
          id quote mention cue kind medium start end
          viaActor { id name } viaSource { id title }
        }
        source { ...ViewerSource cites { id title } }
        publisher { id name }
        chain { relation depth actor { ...ViewerActor } source { ...ViewerSource cites { id } } }
        drift { similarity segments { op text } substitutions { from to } }
      }
      earliest { attribution { id } }
    }
  }
}
fragment ViewerActor on Actor { id name kind role }
fragment ViewerSource on Source { id title kind url publishedAt publisher { id name } }`;

  const EVENT_CLAIMS = 200;
  const EVENT_QUERY = `query ViewerEvent($id: ID!, $first: Int) {
  event(id: $id) {
    id name description startTime endTime location
    claims(first: $first) {
      totalCount
      nodes {
        id text medium
        claimant { id name kind role }
        attributions { id cue kind source { id } }
        related { outgoing relation { kind } claim { id } }
      }
    }
    sources { id title kind url publishedAt publisher { id name } }
  }
}`;

  const SOURCE_QUERY = `query ViewerSource($id: ID!) {
  source(id: $id) {
    id title kind url publishedAt retrievedAt textSha256 hasText
    publisher { id name }
    cites { id title }
    citedBy { id title }
    attributions { id quote cue kind claim { id text claimant { name } } }
  }
}`;

  const ACTOR_QUERY = `query ViewerActor($id: ID!) {
  actor(id: $id) {
    id name kind role aliases
    affiliation { id name }
    members { id name }
    claims(first: 20) { totalCount nodes { id text event { id name } } }
  }
}`;

  const EVENTS_QUERY = `query ViewerEvents {
  events(first: 100) {
    totalCount
    nodes { id name location startTime claims(first: 1) { totalCount } }
  }
}`;

  // ---------------------------------------------------------------- DOM helpers

  // el makes an HTML element: attrs are set with setAttribute (class, href, ...),
  // children are nodes or strings (as text).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    setAttrs(e, attrs);
    append(e, children);
    return e;
  }

  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVGNS, tag);
    setAttrs(e, attrs);
    append(e, children);
    return e;
  }

  function setAttrs(e, attrs) {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      e.setAttribute(k, v === true ? "" : String(v));
    }
  }

  function append(e, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
  }

  function clear(e) {
    while (e.firstChild) e.removeChild(e.firstChild);
  }

  const $ = (id) => document.getElementById(id);

  function claimHref(id) {
    return VIEW + "claim/" + encodeURIComponent(id);
  }

  function eventHref(id) {
    return VIEW + "event/" + encodeURIComponent(id);
  }

  // safeURL returns url when it is http(s), else null: a source's URL is data.
  function safeURL(url) {
    if (!url) return null;
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (err) {
      return null;
    }
  }

  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // fmtTime formats an RFC 3339 time in UTC, the same wherever the page is opened.
  function fmtTime(s) {
    if (!s) return null;
    const d = new Date(s);
    if (isNaN(d.getTime())) return s;
    const hm = String(d.getUTCHours()).padStart(2, "0") + ":" + String(d.getUTCMinutes()).padStart(2, "0");
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear() + (hm === "00:00" ? "" : " " + hm + " UTC");
  }

  function lower(s) {
    return String(s || "").toLowerCase();
  }

  function humanKind(s) {
    return lower(s).replace(/_/g, " ");
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many || one + "s");
  }

  function setState(state) {
    document.body.dataset.state = state;
  }

  function showStatus(message, isError) {
    const st = $("status");
    st.textContent = message || "";
    st.classList.toggle("error", !!isError);
  }

  function setHeading(kicker, title, subtitle) {
    $("kicker").textContent = kicker || "";
    const h = $("title");
    clear(h);
    append(h, [title]);
    const sub = $("subtitle");
    clear(sub);
    append(sub, subtitle || []);
  }

  // ---------------------------------------------------------------- text measuring

  const measure = document.createElement("canvas").getContext("2d");
  let fontFamily = null;

  function textWidth(text, size, weight) {
    if (fontFamily === null) {
      fontFamily = getComputedStyle(document.body).fontFamily || "sans-serif";
    }
    measure.font = (weight || 400) + " " + size + "px " + fontFamily;
    return measure.measureText(text).width;
  }

  // wrap breaks text into at most maxLines lines of at most width pixels, ending
  // the last with an ellipsis when the text is longer.
  function wrap(text, width, size, weight, maxLines) {
    const words = String(text || "").split(/\s+/).filter(Boolean);
    const lines = [];
    let line = "";
    let i = 0;
    for (; i < words.length; i++) {
      let w = words[i];
      const candidate = line ? line + " " + w : w;
      if (textWidth(candidate, size, weight) <= width) {
        line = candidate;
        continue;
      }
      if (line) {
        lines.push(line);
        line = "";
        if (lines.length === maxLines) break;
      }
      // A word wider than the line is cut.
      while (textWidth(w, size, weight) > width && w.length > 1) {
        let n = w.length - 1;
        while (n > 1 && textWidth(w.slice(0, n), size, weight) > width) n--;
        lines.push(w.slice(0, n));
        w = w.slice(n);
        if (lines.length === maxLines) break;
      }
      if (lines.length === maxLines) break;
      line = w;
    }
    if (line && lines.length < maxLines) {
      lines.push(line);
      i = words.length;
    }
    if (i < words.length || lines.length > maxLines) {
      lines.length = Math.min(lines.length, maxLines);
      let last = lines[lines.length - 1] || "";
      while (last && textWidth(last + "…", size, weight) > width) last = last.slice(0, -1).trimEnd();
      lines[lines.length - 1] = last + "…";
    }
    return lines;
  }

  function truncate(text, width, size, weight) {
    return wrap(text, width, size, weight, 1)[0] || "";
  }

  // ---------------------------------------------------------------- graph model

  const PAD_X = 10;
  const PAD_Y = 8;
  const HEAD_H = 14;
  const LINE_H = 17;
  const FOOT_H = 16;
  const GAP_Y = 16;
  const GAP_X = 64;
  const MARGIN = 16;
  const BODY_SIZE = 13;

  // Graph holds nodes (by ID, in insertion order) and edges, then lays them out in
  // columns and draws them. Nodes: {id, kind, classes, head, body, foot, width,
  // col, maxLines, strong, href, action, tooltip}; x, y, w, h once laid out.
  class Graph {
    constructor() {
      this.nodes = new Map();
      this.edges = [];
      this.edgeKeys = new Map();
      this.banner = null;
      this.columnTitles = [];
    }

    node(spec) {
      const existing = this.nodes.get(spec.id);
      if (existing) return existing;
      const lines = wrap(spec.body, spec.width - 2 * PAD_X, BODY_SIZE, spec.strong ? 600 : 400, spec.maxLines || 4);
      const n = Object.assign({ classes: [], parents: [] }, spec, {
        lines: lines,
        w: spec.width,
        h: PAD_Y + HEAD_H + lines.length * LINE_H + (spec.foot ? FOOT_H : 0) + PAD_Y - 2,
        x: 0,
        y: 0,
      });
      this.nodes.set(n.id, n);
      return n;
    }

    // edge adds an edge, or adds its label to the edge already between from and to.
    edge(from, to, label, classes, route) {
      const key = from.id + ">" + to.id;
      const existing = this.edgeKeys.get(key);
      if (existing) {
        if (!existing.label.split(" / ").includes(label)) existing.label += " / " + label;
        return existing;
      }
      const e = { from: from, to: to, label: label, classes: classes || [], route: route || "auto" };
      this.edgeKeys.set(key, e);
      this.edges.push(e);
      to.parents.push(from);
      return e;
    }

    column(c) {
      return [...this.nodes.values()].filter((n) => n.col === c);
    }

    bounds() {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const n of this.nodes.values()) {
        if (n === this.banner) continue;
        minX = Math.min(minX, n.x);
        minY = Math.min(minY, n.y);
        maxX = Math.max(maxX, n.x + n.w);
        maxY = Math.max(maxY, n.y + n.h);
      }
      return { minX: minX, minY: minY, maxX: maxX, maxY: maxY };
    }
  }

  const center = (n) => n.y + n.h / 2;

  function mean(xs, dflt) {
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : dflt;
  }

  // placeColumn stacks nodes at their desired centres (sorted by them, stable), no
  // two closer than GAP_Y, then moves the stack so that it sits on average where
  // its nodes want to be.
  function placeColumn(nodes, desired, gap) {
    gap = gap || GAP_Y;
    const items = nodes.map((n, i) => ({ n: n, d: desired(n), i: i }));
    items.sort((a, b) => a.d - b.d || a.i - b.i);
    let bottom = -Infinity;
    for (const it of items) {
      it.n.y = Math.max(it.d - it.n.h / 2, bottom + gap + (it.n.extraGap || 0));
      bottom = it.n.y + it.n.h;
    }
    const shift = mean(items.map((it) => it.d - center(it.n)), 0);
    for (const it of items) it.n.y += shift;
  }

  // stack places nodes one above another (up = true) or below, starting at y.
  function stack(nodes, y, up, gap) {
    gap = gap || GAP_Y;
    for (const n of nodes) {
      if (up) {
        n.y = y - n.h;
        y = n.y - gap;
      } else {
        n.y = y;
        y += n.h + gap;
      }
    }
  }

  // finishLayout sets each column's x, moves everything below the banner and column
  // titles, and sizes the banner to the graph's width.
  function finishLayout(g, titles) {
    const cols = [...new Set([...g.nodes.values()].filter((n) => n !== g.banner).map((n) => n.col))].sort((a, b) => a - b);
    // A gap is wide enough for the labels of the edges that cross it (a cue such as
    // "had previously outlined" is wider than GAP_X).
    const gapAfter = {};
    for (const e of g.edges) {
      if (e.showLabel === false || !e.label || e.route !== "auto" || Math.abs(e.from.col - e.to.col) !== 1) continue;
      const c = Math.min(e.from.col, e.to.col);
      gapAfter[c] = Math.max(gapAfter[c] || GAP_X, textWidth(e.label, 11, 700) + 24);
    }
    let x = MARGIN;
    const colX = {};
    for (const c of cols) {
      const width = Math.max(...g.column(c).map((n) => n.w));
      colX[c] = { x: x, w: width };
      for (const n of g.column(c)) n.x = x + (width - n.w) / 2;
      x += width + (gapAfter[c] || GAP_X);
    }
    g.colX = colX;
    let top = MARGIN;
    if (g.banner) {
      const b = g.banner;
      const last = cols[cols.length - 1];
      const right = colX[last].x + colX[last].w;
      b.w = Math.max(right - MARGIN, 320);
      const lines = wrap(b.body, b.w - 2 * PAD_X, BODY_SIZE + 2, 600, 2);
      b.lines = lines;
      b.h = PAD_Y + HEAD_H + lines.length * (LINE_H + 2) + (b.foot ? FOOT_H : 0) + PAD_Y;
      b.x = MARGIN;
      b.y = MARGIN;
      top = b.y + b.h + 18;
    }
    g.columnTitles = [];
    for (const c of cols) {
      if (titles[c]) g.columnTitles.push({ x: colX[c].x, y: top + 10, text: titles[c](c) });
    }
    top += 26;
    const bounds = g.bounds();
    const dy = top - bounds.minY;
    for (const n of g.nodes.values()) if (n !== g.banner) n.y += dy;
  }

  // ---------------------------------------------------------------- drawing

  const EDGE_COLOURS = {
    default: "#94a3b8",
    actor: "#6d28d9",
    appears: "#0f766e",
    corroborates: "#15803d",
    contradicts: "#b91c1c",
    refines: "#b45309",
    event: "#475569",
  };

  function markerFor(classes) {
    for (const c of ["corroborates", "contradicts", "refines", "appears"]) if (classes.includes(c)) return c;
    if (classes.includes("event-edge")) return "event";
    if (classes.includes("asserted") || classes.includes("affiliation")) return "actor";
    return "default";
  }

  // roundedPath draws the polyline pts (horizontal and vertical runs) with rounded
  // corners.
  function roundedPath(pts, radius) {
    let d = "M" + pts[0][0] + "," + pts[0][1];
    for (let i = 1; i < pts.length - 1; i++) {
      const [px, py] = pts[i - 1];
      const [cx, cy] = pts[i];
      const [nx, ny] = pts[i + 1];
      const l1 = Math.hypot(cx - px, cy - py);
      const l2 = Math.hypot(nx - cx, ny - cy);
      const r = Math.min(radius, l1 / 2, l2 / 2);
      if (r <= 0) {
        d += " L" + cx + "," + cy;
        continue;
      }
      d += " L" + (cx - ((cx - px) / l1) * r) + "," + (cy - ((cy - py) / l1) * r);
      d += " Q" + cx + "," + cy + " " + (cx + ((nx - cx) / l2) * r) + "," + (cy + ((ny - cy) / l2) * r);
    }
    const last = pts[pts.length - 1];
    return d + " L" + last[0] + "," + last[1];
  }

  const colLeft = (g, c) => g.colX[c].x;
  const colRight = (g, c) => g.colX[c].x + g.colX[c].w;

  // blockedInColumn reports whether a node of a's column lies between a and b, which a
  // straight line from one to the other would pass behind.
  function blockedInColumn(g, a, b) {
    const top = Math.min(a.y + a.h, b.y + b.h);
    const bottom = Math.max(a.y, b.y);
    return g.column(a.col).some((n) => n !== a && n !== b && n.y < bottom && n.y + n.h > top);
  }

  // assignLanes picks the routes that keep edges out of boxes: an edge between two
  // nodes of one column with others between them goes out to a lane right of the
  // column; an edge across a column or more goes round the columns in between. Each
  // such edge gets its own lane.
  function assignLanes(g) {
    const used = new Map();
    const next = (key) => {
      const k = used.get(key) || 0;
      used.set(key, k + 1);
      return k;
    };
    for (const e of g.edges) {
      if (e.route !== "auto" || e.from === g.banner || e.to === g.banner) continue;
      const a = e.from;
      const b = e.to;
      if (a.col === b.col && blockedInColumn(g, a, b)) {
        e.route = "side-lane";
        e.lane = Math.min(12 + 8 * next("side" + a.col), 36);
      } else if (Math.abs(a.col - b.col) >= 2) {
        e.route = "round";
        e.lane = 12 + 8 * next("round");
      }
    }
  }

  // route returns an edge's path, where its label goes and how far right and down it
  // reaches.
  function route(e, g) {
    const a = e.from;
    const b = e.to;
    const out = (d, lx, ly, anchor, maxX, maxY) => ({ d: d, lx: lx, ly: ly, anchor: anchor, maxX: maxX || 0, maxY: maxY || 0 });
    if (e.route === "lane-left") {
      // A related claim to the claim: out of the left sides to a lane beside the column.
      const x1 = a.x;
      const x2 = b.x;
      const y1 = e.dy1 !== undefined ? a.y + e.dy1 : center(a);
      const y2 = e.dy2 !== undefined ? b.y + e.dy2 : center(b);
      const lane = Math.min(x1, x2) - e.lane;
      return out(roundedPath([[x1, y1], [lane, y1], [lane, y2], [x2, y2]], 6), lane - 4, (y1 + y2) / 2, "end");
    }
    if (e.route === "side-lane") {
      // Between nodes of one column with others between them: out of their right
      // sides to a lane right of the column, so that it passes behind no box.
      const y1 = center(a);
      const y2 = center(b);
      const lane = colRight(g, a.col) + e.lane;
      return out(roundedPath([[a.x + a.w, y1], [lane, y1], [lane, y2], [b.x + b.w, y2]], 6), lane + 4, (y1 + y2) / 2 + 4, "start", lane + 40);
    }
    if (e.route === "round") {
      // Across columns: down the gap beside a, along a channel below the columns in
      // between, up the gap beside b.
      const forward = a.col < b.col;
      const x1 = forward ? a.x + a.w : a.x;
      const x2 = forward ? b.x : b.x + b.w;
      const g1 = forward ? colRight(g, a.col) + GAP_X / 2 : colLeft(g, a.col) - GAP_X / 2;
      const g2 = forward ? colLeft(g, b.col) - GAP_X / 2 : colRight(g, b.col) + GAP_X / 2;
      const lo = Math.min(a.col, b.col);
      const hi = Math.max(a.col, b.col);
      let bottom = Math.max(a.y + a.h, b.y + b.h);
      for (const n of g.nodes.values()) if (n !== g.banner && n.col > lo && n.col < hi) bottom = Math.max(bottom, n.y + n.h);
      const cy = bottom + e.lane;
      const d = roundedPath([[x1, center(a)], [g1, center(a)], [g1, cy], [g2, cy], [g2, center(b)], [x2, center(b)]], 6);
      return out(d, (g1 + g2) / 2, cy - 3, "middle", 0, cy + 6);
    }
    if (e.route === "up") {
      // To the banner: straight up from the top of the node.
      const x = e.x !== undefined ? e.x : a.x + a.w / 2;
      const d = "M" + x + "," + a.y + " L" + x + "," + (b.y + b.h);
      return out(d, x + 6, (a.y + b.y + b.h) / 2, "start");
    }
    if (e.route === "banner-lane") {
      // From the top of the node's right side up a lane close beside it to the banner:
      // above the edges that leave the node's middle. The label sits under the banner.
      const x1 = a.x + a.w;
      const y1 = a.y + 8;
      const lane = x1 + e.lane;
      const y2 = b.y + b.h;
      return out(roundedPath([[x1, y1], [lane, y1], [lane, y2]], 6), lane + 4, y2 + 13, "start");
    }
    if (a.col === b.col) {
      // Same column, nothing between: vertical, from the facing sides.
      const x = a.x + a.w / 2;
      const down = a.y < b.y;
      const y1 = down ? a.y + a.h : a.y;
      const y2 = down ? b.y : b.y + b.h;
      return out("M" + x + "," + y1 + " L" + x + "," + y2, x + 6, (y1 + y2) / 2 + 4, "start");
    }
    const forward = a.col < b.col;
    const x1 = forward ? a.x + a.w : a.x;
    const x2 = forward ? b.x : b.x + b.w;
    const y1 = center(a);
    const y2 = center(b);
    const dx = (x2 - x1) / 2;
    const d = "M" + x1 + "," + y1 + " C" + (x1 + dx) + "," + y1 + " " + (x2 - dx) + "," + y2 + " " + x2 + "," + y2;
    return out(d, (x1 + x2) / 2, (y1 + y2) / 2 - 3, "middle");
  }

  const LABEL_H = 13;

  // placeLabel returns the label box nearest the edge's label point (moved up or down
  // by a line at a time) that overlaps no node and no label placed before, or the
  // first try when every one does.
  function placeLabel(r, w, taken) {
    const x = r.anchor === "middle" ? r.lx - w / 2 : r.anchor === "end" ? r.lx - w : r.lx;
    const clash = (box) => taken.some((t) => box.x < t.x + t.w && t.x < box.x + box.w && box.y < t.y + t.h && t.y < box.y + box.h);
    let first = null;
    for (const dy of [0, -LABEL_H, LABEL_H, -2 * LABEL_H, 2 * LABEL_H, -3 * LABEL_H, 3 * LABEL_H]) {
      const box = { x: x - 2, y: r.ly + dy - 10, w: w + 4, h: LABEL_H };
      first = first || box;
      if (!clash(box)) return box;
    }
    return first;
  }

  function drawGraph(g, container, description) {
    assignLanes(g);
    const routes = new Map(g.edges.map((e) => [e, route(e, g)]));
    const b = g.bounds();
    let width = b.maxX + MARGIN;
    let height = b.maxY + MARGIN;
    for (const r of routes.values()) {
      width = Math.max(width, r.maxX + MARGIN);
      height = Math.max(height, r.maxY + MARGIN);
    }
    if (g.banner) width = Math.max(width, g.banner.x + g.banner.w + MARGIN);
    const root = svg("svg", {
      class: "provenance",
      width: Math.ceil(width),
      height: Math.ceil(height),
      viewBox: "0 0 " + Math.ceil(width) + " " + Math.ceil(height),
      role: "img",
      "aria-label": description,
    });
    const defs = svg("defs");
    for (const [name, colour] of Object.entries(EDGE_COLOURS)) {
      defs.appendChild(
        svg(
          "marker",
          {
            id: "arrow-" + name,
            viewBox: "0 0 10 10",
            refX: 9,
            refY: 5,
            markerWidth: 8,
            markerHeight: 8,
            markerUnits: "userSpaceOnUse",
            orient: "auto-start-reverse",
          },
          svg("path", { d: "M0,0 L10,5 L0,10 z", fill: colour })
        )
      );
    }
    root.appendChild(defs);
    for (const t of g.columnTitles) {
      root.appendChild(svg("text", { class: "column-title", x: t.x, y: t.y }, t.text));
    }
    const edgeLayer = svg("g", { class: "edges" });
    const labelLayer = svg("g", { class: "edge-labels" });
    const taken = [...g.nodes.values()].map((n) => ({ x: n.x, y: n.y, w: n.w, h: n.h }));
    for (const e of g.edges) {
      const r = routes.get(e);
      const path = svg("path", {
        class: ["edge"].concat(e.classes).join(" "),
        d: r.d,
        "data-from": e.from.id,
        "data-to": e.to.id,
        "data-label": e.label,
        "data-route": e.route,
        "marker-end": "url(#arrow-" + markerFor(e.classes) + ")",
      });
      path.appendChild(svg("title", null, e.label));
      edgeLayer.appendChild(path);
      if (e.showLabel !== false && e.label) {
        const w = textWidth(e.label, 11, e.classes.some((c) => /corroborates|contradicts|refines/.test(c)) ? 700 : 400);
        const box = placeLabel(r, w, taken);
        taken.push(box);
        const cls = e.classes.filter((c) => /corroborates|contradicts|refines/.test(c));
        labelLayer.appendChild(svg("rect", { class: "label-bg", x: box.x, y: box.y, width: box.w, height: box.h, rx: 2 }));
        labelLayer.appendChild(
          svg("text", { class: ["edge-label"].concat(cls).join(" "), x: box.x + 2, y: box.y + 10, "data-label-from": e.from.id, "data-label-to": e.to.id }, e.label)
        );
      }
    }
    root.appendChild(edgeLayer);
    root.appendChild(labelLayer);
    const nodeLayer = svg("g", { class: "nodes" });
    for (const n of g.nodes.values()) nodeLayer.appendChild(drawNode(n, n === g.banner));
    root.appendChild(nodeLayer);
    clear(container);
    container.appendChild(root);
    return root;
  }

  function drawNode(n, isBanner) {
    const clickable = !!(n.href || n.action);
    const grp = svg("g", {
      class: ["node", n.kind].concat(n.classes, clickable ? ["clickable"] : []).join(" "),
      transform: "translate(" + n.x + "," + n.y + ")",
      "data-node-id": n.id,
      "data-kind": n.kind,
      "data-label": n.label || n.body,
      tabindex: clickable ? 0 : null,
      role: n.href ? "link" : clickable ? "button" : null,
      "aria-label": (n.head ? n.head + ": " : "") + (n.label || n.body),
    });
    grp.appendChild(svg("title", null, n.tooltip || n.label || n.body));
    grp.appendChild(svg("rect", { width: n.w, height: n.h, rx: isBanner ? 10 : 8 }));
    let y = PAD_Y + 9;
    if (n.head) {
      const headText = truncate(n.head, n.w - 2 * PAD_X, 10, 700);
      grp.appendChild(svg("text", { class: "head", x: PAD_X, y: y }, headText));
    }
    y += HEAD_H - 9 + (isBanner ? LINE_H + 2 : LINE_H) - 4;
    for (const line of n.lines) {
      grp.appendChild(svg("text", { class: "body" + (n.strong || isBanner ? " strong" : "") + (isBanner ? " big" : ""), x: PAD_X, y: y }, line));
      y += isBanner ? LINE_H + 2 : LINE_H;
    }
    if (n.foot) {
      grp.appendChild(svg("text", { class: "foot", x: PAD_X, y: y - 1 }, truncate(n.foot, n.w - 2 * PAD_X, 11, 400)));
    }
    if (clickable) {
      const activate = (ev) => {
        ev.preventDefault();
        if (n.href) window.location.href = n.href;
        else n.action(n, grp);
      };
      grp.addEventListener("click", activate);
      grp.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") activate(ev);
      });
    }
    return grp;
  }

  function selectNode(grp) {
    for (const s of document.querySelectorAll("#graph .node.selected")) s.classList.remove("selected");
    if (grp) grp.classList.add("selected");
  }

  function legend(items) {
    const lg = $("legend");
    clear(lg);
    for (const it of items) {
      const sw = el("i", { class: "swatch" + (it.line ? " line" : "") });
      // Colours come from our own constant table, set through the CSSOM (allowed by
      // the CSP, unlike style attributes).
      if (it.line) sw.style.borderTopColor = it.colour;
      else {
        sw.style.background = it.fill;
        sw.style.borderColor = it.colour;
      }
      lg.appendChild(el("span", null, sw, it.text));
    }
  }

  // ---------------------------------------------------------------- details panel

  // detailsSeq numbers the details asked for, so that a slow answer does not
  // replace a later one.
  let detailsSeq = 0;

  function closeDetails() {
    $("details").hidden = true;
    selectNode(null);
  }

  function openDetails(title, ...content) {
    const d = $("details");
    clear(d);
    const close = el("button", { class: "close", type: "button", "aria-label": "Close" }, "×");
    close.addEventListener("click", closeDetails);
    append(d, [close, el("h2", null, title), content]);
    d.hidden = false;
  }

  function dl(pairs) {
    const list = el("dl");
    for (const [k, v] of pairs) {
      if (v === null || v === undefined || v === "") continue;
      append(list, [el("dt", null, k), el("dd", null, v)]);
    }
    return list;
  }

  function sourceButton(src) {
    const b = el("button", { class: "link-button", type: "button" }, src.title);
    b.addEventListener("click", () => showSource(src.id));
    return b;
  }

  function actorButton(actor) {
    const b = el("button", { class: "link-button", type: "button" }, actor.name);
    b.addEventListener("click", () => showActor(actor.id));
    return b;
  }

  async function showSource(id, grp) {
    selectNode(grp || document.querySelector('#graph [data-node-id="' + CSS.escape(id) + '"]'));
    openDetails("Loading source…");
    const seq = ++detailsSeq;
    try {
      const data = await gql(SOURCE_QUERY, { id: id });
      if (seq !== detailsSeq) return;
      const s = data.source;
      const url = safeURL(s.url);
      const list = el("ul");
      for (const a of s.attributions) {
        append(list, [
          el(
            "li",
            null,
            el("a", { href: claimHref(a.claim.id) }, a.claim.text),
            el("div", { class: "meta" }, (a.claim.claimant ? a.claim.claimant.name + " · " : "") + lower(a.kind) + (a.cue ? ", " + a.cue : "") + ": “" + a.quote + "”")
          ),
        ]);
      }
      openDetails(
        s.title,
        dl([
          ["ID", s.id],
          ["Kind", humanKind(s.kind)],
          ["Publisher", s.publisher ? actorButton(s.publisher) : "not given"],
          ["Published", fmtTime(s.publishedAt) || "not given"],
          ["Retrieved", fmtTime(s.retrievedAt)],
          ["URL", url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, s.url) : s.url],
          ["Text", s.hasText ? "archived" : "not archived"],
          ["SHA-256", s.textSha256 ? el("code", null, s.textSha256.slice(0, 16) + "…") : null],
        ]),
        s.cites.length ? [el("strong", null, "Cites"), el("ul", null, s.cites.map((c) => el("li", null, sourceButton(c))))] : null,
        s.citedBy.length ? [el("strong", null, "Cited by"), el("ul", null, s.citedBy.map((c) => el("li", null, sourceButton(c))))] : null,
        el("strong", null, plural(s.attributions.length, "claim appearance") + " in this source"),
        list
      );
    } catch (err) {
      if (seq === detailsSeq) openDetails("Source " + id, el("p", null, err.message));
    }
  }

  async function showActor(id, grp) {
    selectNode(grp || document.querySelector('#graph [data-node-id="' + CSS.escape(id) + '"]'));
    openDetails("Loading actor…");
    const seq = ++detailsSeq;
    try {
      const data = await gql(ACTOR_QUERY, { id: id });
      if (seq !== detailsSeq) return;
      const a = data.actor;
      openDetails(
        a.name,
        dl([
          ["ID", a.id],
          ["Kind", humanKind(a.kind)],
          ["Role", a.role],
          ["Also known as", a.aliases.join(", ")],
          ["Affiliation", a.affiliation ? actorButton(a.affiliation) : null],
          ["Members", a.members.length ? a.members.map((m) => m.name).join(", ") : null],
        ]),
        el("strong", null, plural(a.claims.totalCount, "claim")),
        el("ul", null, a.claims.nodes.map((c) => el("li", null, el("a", { href: claimHref(c.id) }, c.text))))
      );
    } catch (err) {
      if (seq === detailsSeq) openDetails("Actor " + id, el("p", null, err.message));
    }
  }

  // ---------------------------------------------------------------- search

  let searchSeq = 0;

  function initSearch() {
    const form = $("search-form");
    const input = $("search-input");
    const params = new URLSearchParams(window.location.search);
    const q = params.get("q");
    if (q) input.value = q;
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      runSearch(input.value);
    });
    if (q && document.body.dataset.page === "search") runSearch(q);
  }

  async function runSearch(raw) {
    const text = String(raw || "").trim();
    const box = $("search-results");
    const seq = ++searchSeq;
    clear(box);
    if (!text) {
      box.hidden = true;
      delete box.dataset.state;
      return;
    }
    box.hidden = false;
    box.dataset.state = "loading";
    box.dataset.query = text;
    box.appendChild(el("p", { class: "meta" }, "Searching for “" + text + "”…"));
    if (document.body.dataset.page === "search") {
      const url = new URL(window.location.href);
      url.searchParams.set("q", text);
      window.history.replaceState(null, "", url.pathname + url.search);
    }
    try {
      const res = await searchClaims(text);
      if (seq !== searchSeq) return;
      clear(box);
      const close = el("button", { class: "close", type: "button", "aria-label": "Close the results" }, "×");
      close.addEventListener("click", () => {
        box.hidden = true;
      });
      const heading =
        res.total === 0
          ? "No claim matches “" + text + "”"
          : plural(res.total, "claim") + " " + (res.total === 1 ? "matches" : "match") + " “" + text + "”" + (res.total > res.claims.length ? ", the first " + res.claims.length + " shown" : "");
      const list = el("ol", { class: "claims-list" });
      for (const c of res.claims) {
        const meta = [c.claimant || "claimant unknown", c.event ? c.event.name : null].filter(Boolean).join(" · ");
        list.appendChild(
          el("li", { "data-claim-id": c.id }, el("a", { href: claimHref(c.id) }, c.text), " ", el("span", { class: "meta" }, "— " + meta), c.snippet ? el("div", { class: "meta" }, snippetLine(c.snippet)) : null)
        );
      }
      append(box, [close, el("h2", null, heading), res.claims.length ? list : null]);
      box.dataset.state = "done";
    } catch (err) {
      if (seq !== searchSeq) return;
      clear(box);
      box.appendChild(el("p", { class: "status error" }, "Search failed: " + err.message));
      box.dataset.state = "error";
    }
  }

  // ---------------------------------------------------------------- claim page

  function actorHead(a) {
    return humanKind(a.kind).toUpperCase();
  }

  function actorSpec(a, col, classes) {
    return {
      id: a.id,
      kind: "actor",
      classes: classes || [],
      head: actorHead(a),
      body: a.name,
      label: a.name,
      strong: true,
      foot: a.role || null,
      width: 170,
      col: col,
      maxLines: 2,
      action: (n, grp) => showActor(a.id, grp),
    };
  }

  // sourceSpec describes a source's node; headPrefix says how an intermediary was
  // reached ("VIA ", "CITED · ").
  function sourceSpec(s, kind, col, headPrefix) {
    const published = fmtTime(s.publishedAt);
    const foot = [s.publisher ? s.publisher.name : null, published].filter(Boolean).join(" · ");
    return {
      id: s.id,
      kind: kind,
      classes: headPrefix === "VIA " ? ["via"] : kind === "intermediary" ? ["cited"] : [],
      head: (headPrefix || "") + humanKind(s.kind).toUpperCase(),
      body: s.title,
      label: s.title,
      foot: foot || null,
      width: kind === "intermediary" ? 200 : 230,
      col: col,
      maxLines: kind === "intermediary" ? 3 : 4,
      action: (n, grp) => showSource(s.id, grp),
    };
  }

  const RELATION_ORDER = { CORROBORATES: 0, REFINES: 1, CONTRADICTS: 2 };

  function buildClaimGraph(claim) {
    const g = new Graph();
    const tr = claim.trace;
    const COL_ACTOR = 0;
    const COL_CLAIM = 1;
    const COL_ATT = 2;
    const COL_SRC = 3;
    const COL_INTER = 4;

    if (tr.event) {
      const ev = tr.event;
      g.banner = g.node({
        id: ev.id,
        kind: "event",
        head: ["EVENT", ev.location, fmtTime(ev.startTime)].filter(Boolean).join(" · ").toUpperCase(),
        body: ev.name,
        label: ev.name,
        width: 400,
        col: -1,
        maxLines: 2,
        href: eventHref(ev.id),
      });
    }

    const main = g.node({
      id: claim.id,
      kind: "claim",
      classes: ["main"],
      head: "CLAIM" + (claim.medium ? " · " + claim.medium.toUpperCase() : ""),
      body: claim.text,
      label: claim.text,
      strong: true,
      foot: [plural(tr.appearances.length, "appearance"), fmtTime(claim.statedAt)].filter(Boolean).join(" · "),
      width: 260,
      col: COL_CLAIM,
      maxLines: 7,
    });

    // Claimant and the bodies it speaks for.
    let claimant;
    if (tr.claimant) {
      claimant = g.node(actorSpec(tr.claimant, COL_ACTOR, ["claimant"]));
    } else {
      claimant = g.node({ id: "claimant-unknown", kind: "actor", classes: ["unknown"], head: "CLAIMANT", body: "not recorded", label: "claimant not recorded", width: 170, col: COL_ACTOR, maxLines: 1 });
    }
    g.edge(claimant, main, "asserted", ["asserted"]);
    const chain = [];
    let prev = claimant;
    for (const a of tr.affiliationChain) {
      const n = g.node(actorSpec(a, COL_ACTOR, ["affiliation"]));
      chain.push(n);
      g.edge(prev, n, "member of", ["affiliation"]);
      prev = n;
    }

    // Related claims: corroborating above the claim, refining and contradicting below.
    // A claim related in two ways is drawn once, where its first relation puts it.
    const related = claim.related
      .filter((r) => r.claim.id !== claim.id)
      .sort((a, b) => RELATION_ORDER[a.relation.kind] - RELATION_ORDER[b.relation.kind] || (a.claim.id < b.claim.id ? -1 : 1));
    const above = [];
    const below = [];
    for (const r of related) {
      const kind = lower(r.relation.kind);
      const verb = { corroborates: "CORROBORATES", contradicts: "CONTRADICTS", refines: "REFINES" }[kind];
      if (g.nodes.has(r.claim.id)) {
        g.nodes.get(r.claim.id).relations.push(r);
        continue;
      }
      const n = g.node({
        id: r.claim.id,
        kind: "related",
        classes: [kind],
        head: r.outgoing ? "THIS CLAIM " + verb : verb + " THIS CLAIM",
        body: r.claim.text,
        label: r.claim.text,
        foot: r.claim.claimant ? r.claim.claimant.name : "claimant unknown",
        tooltip: r.claim.text + (r.relation.note ? "\n\n" + r.relation.note : ""),
        width: 260,
        col: COL_CLAIM,
        maxLines: 3,
        href: claimHref(r.claim.id),
      });
      n.relations = [r];
      (kind === "corroborates" ? above : below).push(n);
    }

    // Attributions, grouped by source so that their edges do not cross.
    const apps = tr.appearances.slice();
    const srcOrder = new Map();
    apps.forEach((ap) => {
      if (!srcOrder.has(ap.source.id)) srcOrder.set(ap.source.id, srcOrder.size);
    });
    apps.sort((a, b) => srcOrder.get(a.source.id) - srcOrder.get(b.source.id));
    const earliest = tr.earliest ? tr.earliest.attribution.id : null;
    const attNodes = [];
    const srcNodes = [];
    const inter = [];
    for (const ap of apps) {
      const at = ap.attribution;
      const pct = Math.round(ap.drift.similarity * 100);
      const att = g.node({
        id: at.id,
        kind: "attribution",
        classes: at.id === earliest ? ["earliest"] : [],
        head: [at.kind, at.cue, at.mention ? "“" + at.mention + "”" : null].filter(Boolean).join(" · ").toUpperCase(),
        body: "“" + at.quote + "”",
        label: at.quote,
        foot: "wording " + pct + "% the same" + (at.medium ? " · " + at.medium : "") + (at.id === earliest ? " · earliest" : ""),
        width: 230,
        col: COL_ATT,
        maxLines: 4,
        action: () => focusAppearance(at.id),
      });
      attNodes.push(att);
      g.edge(main, att, at.cue || lower(at.kind), ["appears"]);
      const src = g.node(sourceSpec(ap.source, "source", COL_SRC));
      if (!srcNodes.includes(src)) srcNodes.push(src);
      g.edge(att, src, "in", ["in"]);
      inter.push({ ap: ap, src: src });
    }

    // Intermediaries are the trace's chain and nothing else: the via actor and via
    // source an attribution names ("via" from its source), and the sources a chain
    // source cites ("cites" from the citing source). A cited source that carries the
    // claim itself is already in the sources column. An intermediary sits in the column
    // of its smallest depth, so that no chain edge skips a column going right.
    const minDepth = new Map();
    const viaIDs = new Set();
    for (const ap of apps) {
      for (const l of ap.chain) {
        const target = l.actor || l.source;
        if (!target) continue;
        minDepth.set(target.id, Math.min(minDepth.has(target.id) ? minDepth.get(target.id) : Infinity, l.depth));
        if (l.relation === "via") viaIDs.add(target.id);
      }
    }
    const interNodes = [];
    for (const { ap, src } of inter) {
      const parents = chainParents(ap);
      ap.chain.forEach((l, i) => {
        const target = l.actor || l.source;
        if (!target) return;
        let n = g.nodes.get(target.id);
        if (!n) {
          const col = COL_INTER + Math.max(minDepth.get(target.id), 1) - 1;
          const prefix = viaIDs.has(target.id) ? "VIA " : "CITED · ";
          n = l.actor
            ? g.node(Object.assign(actorSpec(l.actor, col, ["via"]), { kind: "intermediary", head: prefix + actorHead(l.actor) }))
            : g.node(sourceSpec(l.source, "intermediary", col, prefix));
          interNodes.push(n);
        }
        const parent = parents[i] ? g.nodes.get(parents[i].id) || src : null;
        if (parent && parent !== n) g.edge(parent, n, l.relation === "via" ? "via" : "cites", [l.relation === "via" ? "via" : "cites"]);
      });
    }

    // Vertical layout around the claim, whose centre is y = 0.
    main.y = -main.h / 2;
    stack(above, main.y - GAP_Y, true);
    stack(below, main.y + main.h + GAP_Y, false);
    claimant.y = -claimant.h / 2;
    stack(chain, claimant.y - 30, true, 30);
    placeColumn(attNodes, () => 0);
    placeColumn(srcNodes, (n) => mean(n.parents.map(center), 0));
    const interCols = [...new Set(interNodes.map((n) => n.col))].sort((a, b) => a - b);
    for (const c of interCols) {
      placeColumn(
        interNodes.filter((n) => n.col === c),
        (n) => mean(n.parents.map(center), 0)
      );
    }

    // Related claims reach the claim through lanes on its left; the event through a
    // lane on its right, or straight up when nothing is above the claim.
    const laneEdges = (list, sideY) => {
      list.forEach((n, i) => {
        for (const r of n.relations) {
          const kind = lower(r.relation.kind);
          const e = r.outgoing ? [main, n] : [n, main];
          const edge = g.edge(e[0], e[1], kind, ["related", kind], "lane-left");
          edge.showLabel = false;
          edge.lane = Math.min(18 + 12 * i, 50); // short of the claimant column
          // Where the edge meets the claim, from the claim's top (the layout
          // moves nodes after this).
          if (r.outgoing) {
            edge.dy1 = sideY(i);
          } else {
            edge.dy2 = sideY(i);
          }
        }
      });
    };
    laneEdges(above, (i) => 10 + 7 * i);
    laneEdges(below, (i) => main.h - 10 - 7 * i);
    if (g.banner) {
      if (above.length === 0) {
        g.edge(main, g.banner, "about", ["event-edge"], "up");
      } else {
        g.edge(main, g.banner, "about", ["event-edge"], "banner-lane").lane = 10;
      }
    }

    const interTitle = (c) => (c === COL_INTER ? "INTERMEDIARIES" : "CITED, DEPTH " + (c - COL_INTER + 1));
    const titles = { [COL_ACTOR]: () => "CLAIMANT", [COL_CLAIM]: () => (related.length ? "CLAIM AND RELATED CLAIMS" : "CLAIM"), [COL_ATT]: () => "ATTRIBUTIONS", [COL_SRC]: () => "SOURCES" };
    for (const c of interCols) titles[c] = interTitle;
    finishLayout(g, titles);
    return g;
  }

  function focusAppearance(id) {
    const item = document.getElementById("appearance-" + id);
    if (!item) return;
    item.scrollIntoView({ behavior: "smooth", block: "center" });
    item.classList.remove("flash");
    void item.offsetWidth;
    item.classList.add("flash");
    setTimeout(() => item.classList.remove("flash"), 1600);
  }

  // driftLine renders a quote's segments against the canonical text: words only in
  // the quote as <ins>, canonical words it leaves out as <del>.
  function driftLine(drift) {
    const line = el("p", { class: "drift" }, el("span", { class: "label" }, "Wording against the claim:"));
    drift.segments.forEach((s, i) => {
      if (i > 0) line.appendChild(document.createTextNode(" "));
      if (s.op === "INSERT") line.appendChild(el("ins", { title: "in the quote, not in the claim's canonical text" }, s.text));
      else if (s.op === "DELETE") line.appendChild(el("del", { title: "in the claim's canonical text, not in the quote" }, s.text));
      else line.appendChild(el("span", { class: "same" }, s.text));
    });
    return line;
  }

  // chainParents returns, for each link of an appearance's chain, where it was reached
  // from: the appearance's source for a via link and for a source it cites, the chain
  // source one step nearer that cites it for a deeper one; null when no such source is
  // in the trace (nothing is drawn then rather than a guessed path).
  function chainParents(ap) {
    const citesIt = (s, id) => !!s && (s.cites || []).some((c) => c.id === id);
    return ap.chain.map((l) => {
      if (l.relation === "via") return ap.source;
      const id = (l.source || l.actor).id;
      if (l.depth <= 1) return citesIt(ap.source, id) ? ap.source : null;
      const p = ap.chain.find((q) => q.depth === l.depth - 1 && citesIt(q.source, id));
      return p ? p.source : null;
    });
  }

  function appearanceItem(ap, earliest) {
    const at = ap.attribution;
    const pct = Math.round(ap.drift.similarity * 100);
    const head = el(
      "p",
      { class: "source-line" },
      el("span", { class: "tag" }, lower(at.kind)),
      at.cue ? el("span", { class: "tag" }, at.cue) : null,
      at.id === earliest ? el("span", { class: "tag corroborates" }, "earliest") : null,
      " in ",
      sourceButton(ap.source),
      at.mention ? el("span", { class: "meta" }, " · names the speaker “" + at.mention + "”") : null,
      at.medium ? el("span", { class: "meta" }, " · " + at.medium) : null
    );
    const subs = ap.drift.substitutions.length
      ? el(
          "p",
          { class: "subs" },
          el("span", { class: "label" }, "Substitutions:"),
          ap.drift.substitutions.map((s) => el("span", { class: "sub" }, el("span", { class: "from" }, s.from), " → ", el("span", { class: "to" }, s.to)))
        )
      : null;
    const parents = chainParents(ap);
    const target = (l) => (l.source ? sourceButton(l.source) : actorButton(l.actor));
    const chain = ap.chain.length
      ? el(
          "p",
          { class: "meta chain" },
          "Through: ",
          ap.chain.map((l, i) => [
            i ? "; " : "",
            l.relation === "via" ? ["via ", target(l)] : [parents[i] ? (parents[i] === ap.source ? "the source" : parents[i].title) : "a source", " cites ", target(l)],
          ])
        )
      : null;
    // What the source cites besides its chain: shown as citations, not as this quote's path.
    const inChain = new Set(ap.chain.map((l) => (l.source || l.actor).id));
    const others = (ap.source.cites || []).filter((c) => !inChain.has(c.id));
    const alsoCites = others.length
      ? el("p", { class: "meta also-cites" }, "The source also cites, not as a path of this quote: ", others.map((c, i) => [i ? ", " : "", sourceButton(c)]))
      : null;
    return el(
      "article",
      { class: "appearance", id: "appearance-" + at.id, "data-attribution-id": at.id, "data-quote": at.quote },
      head,
      el("blockquote", null, "“" + at.quote + "”"),
      driftLine(ap.drift),
      subs,
      el("p", { class: "sim" }, "similarity", el("meter", { min: 0, max: 1, value: ap.drift.similarity }), pct + "%"),
      chain,
      alsoCites
    );
  }

  async function claimPage(id) {
    const data = await gql(CLAIM_QUERY, { id: id });
    const claim = data.claim;
    if (!claim) throw new APIError("There is no claim " + id + ".", ["NOT_FOUND"]);
    const tr = claim.trace;
    document.title = claim.text + " · claimgraph";
    setHeading("Claim · " + claim.id, "“" + claim.text + "”", [
      tr.claimant ? ["Asserted by ", el("strong", null, tr.claimant.name + (tr.claimant.role ? " (" + tr.claimant.role + ")" : ""))] : "Claimant not recorded",
      claim.medium ? " on " + claim.medium : "",
      tr.event ? [" · about ", el("a", { href: eventHref(tr.event.id) }, tr.event.name)] : "",
      " · " + plural(tr.appearances.length, "appearance") + " in " + plural(new Set(tr.appearances.map((a) => a.source.id)).size, "source"),
    ]);
    const g = buildClaimGraph(claim);
    $("graph-panel").hidden = false;
    drawGraph(g, $("graph"), "Provenance of the claim: " + claim.text);
    legend([
      { fill: "#ede9fe", colour: "#6d28d9", text: "claimant and affiliations" },
      { fill: "#dbeafe", colour: "#1d4ed8", text: "claim" },
      { fill: "#ccfbf1", colour: "#0f766e", text: "attribution (quote)" },
      { fill: "#f1f5f9", colour: "#475569", text: "source" },
      { fill: "#ffffff", colour: "#94a3b8", text: "intermediary: named as via, or cited by one" },
      { line: true, colour: "#15803d", text: "corroborates" },
      { line: true, colour: "#b91c1c", text: "contradicts" },
      { line: true, colour: "#b45309", text: "refines" },
    ]);

    const list = $("list");
    clear(list);
    const earliest = tr.earliest ? tr.earliest.attribution.id : null;
    list.appendChild(el("h2", null, plural(tr.appearances.length, "appearance") + ", each quote against the canonical text"));
    list.appendChild(
      el(
        "p",
        { class: "meta drift" },
        "Canonical text: “" + claim.text + "” — ",
        el("ins", { class: "legend-ins" }, "added"),
        " marks the source's own words, ",
        el("del", { class: "legend-del" }, "struck"),
        " the canonical words it leaves out."
      )
    );
    for (const ap of tr.appearances) list.appendChild(appearanceItem(ap, earliest));
    if (claim.related.length) {
      list.appendChild(el("h2", null, plural(claim.related.length, "related claim")));
      const ul = el("ul", { class: "claims-list" });
      for (const r of claim.related) {
        const kind = lower(r.relation.kind);
        ul.appendChild(
          el(
            "li",
            null,
            el("span", { class: "tag " + kind }, r.outgoing ? "this claim " + kind : kind + " this claim"),
            el("a", { href: claimHref(r.claim.id) }, r.claim.text),
            el("span", { class: "meta" }, " — " + (r.claim.claimant ? r.claim.claimant.name : "claimant unknown") + (r.relation.note ? ". " + r.relation.note : ""))
          )
        );
      }
      list.appendChild(ul);
    }
  }

  // ---------------------------------------------------------------- event page

  function buildEventGraph(ev) {
    const g = new Graph();
    g.banner = g.node({
      id: ev.id,
      kind: "event",
      head: ["EVENT", ev.location, fmtTime(ev.startTime)].filter(Boolean).join(" · ").toUpperCase(),
      body: ev.name,
      label: ev.name,
      width: 400,
      col: -1,
      maxLines: 2,
    });
    const claims = ev.claims.nodes;
    // Claims grouped by claimant: claimants in order of their first claim, the
    // claims whose claimant is unknown last.
    const groups = new Map();
    for (const c of claims) {
      const key = c.claimant ? c.claimant.id : "claimant-unknown";
      if (!groups.has(key)) groups.set(key, { actor: c.claimant, claims: [] });
      groups.get(key).claims.push(c);
    }
    const ordered = [...groups.entries()].sort((a, b) => (a[0] === "claimant-unknown") - (b[0] === "claimant-unknown"));
    const sourceIDs = new Set(ev.sources.map((s) => s.id));
    const srcNodes = ev.sources.map((s) => g.node(sourceSpec(s, "source", 2)));
    const actorNodes = [];
    const claimNodes = [];
    for (const [key, grp] of ordered) {
      const a = grp.actor
        ? g.node(Object.assign(actorSpec(grp.actor, 0), { foot: [grp.actor.role, plural(grp.claims.length, "claim")].filter(Boolean).join(" · ") }))
        : g.node({ id: key, kind: "actor", classes: ["unknown"], head: "CLAIMANT", body: "not recorded", label: "claimant not recorded", foot: plural(grp.claims.length, "claim"), width: 170, col: 0, maxLines: 1 });
      actorNodes.push(a);
      grp.claims.forEach((c, i) => {
        const counts = {};
        for (const r of c.related) counts[lower(r.relation.kind)] = (counts[lower(r.relation.kind)] || 0) + 1;
        const rel = Object.entries(counts).map(([k, n]) => k + " ×" + n);
        const n = g.node({
          id: c.id,
          kind: "claim",
          classes: counts.contradicts ? ["contested"] : [],
          head: "CLAIM" + (c.medium ? " · " + c.medium.toUpperCase() : ""),
          body: c.text,
          label: c.text,
          foot: [plural(c.attributions.length, "appearance")].concat(rel).join(" · "),
          width: 340,
          col: 1,
          maxLines: 3,
          href: claimHref(c.id),
        });
        if (i === 0 && claimNodes.length) n.extraGap = 14;
        claimNodes.push(n);
        g.edge(a, n, "asserted", ["asserted"]);
        for (const at of c.attributions) {
          if (!sourceIDs.has(at.source.id)) continue;
          g.edge(n, g.nodes.get(at.source.id), "in", ["appears"]);
        }
      });
    }
    let y = 0;
    for (const n of claimNodes) {
      n.y = y + (n.extraGap || 0);
      y = n.y + n.h + 10;
    }
    placeColumn(actorNodes, (n) => mean(g.edges.filter((e) => e.from === n).map((e) => center(e.to)), 0), 10);
    placeColumn(srcNodes, (n) => mean(n.parents.map(center), 0));
    for (const e of g.edges) e.showLabel = false; // "asserted" and "in" on every edge would be noise
    finishLayout(g, { 0: () => "CLAIMANTS", 1: () => "CLAIMS, GROUPED BY CLAIMANT", 2: () => "SOURCES" });
    return { graph: g, groups: ordered };
  }

  async function eventPage(id) {
    const data = await gql(EVENT_QUERY, { id: id, first: EVENT_CLAIMS });
    const ev = data.event;
    if (!ev) throw new APIError("There is no event " + id + ".", ["NOT_FOUND"]);
    document.title = ev.name + " · claimgraph";
    const when = [fmtTime(ev.startTime), ev.endTime ? "to " + fmtTime(ev.endTime) : null, ev.location].filter(Boolean).join(" · ");
    const shown = ev.claims.nodes.length;
    setHeading("Event · " + ev.id, ev.name, [
      when ? when + " · " : "",
      plural(ev.claims.totalCount, "claim") + (shown < ev.claims.totalCount ? " (the first " + shown + " drawn)" : "") + " · " + plural(ev.sources.length, "source"),
    ]);
    const { graph, groups } = buildEventGraph(ev);
    $("graph-panel").hidden = false;
    drawGraph(graph, $("graph"), "Claims about the event " + ev.name);
    legend([
      { fill: "#ede9fe", colour: "#6d28d9", text: "claimant" },
      { fill: "#dbeafe", colour: "#1d4ed8", text: "claim (click to trace it)" },
      { fill: "#dbeafe", colour: "#b91c1c", text: "claim another claim contradicts" },
      { fill: "#f1f5f9", colour: "#475569", text: "source (click for details)" },
    ]);
    const list = $("list");
    clear(list);
    if (ev.description) list.appendChild(el("p", null, ev.description));
    list.appendChild(el("h2", null, "Claims by claimant"));
    for (const [, grp] of groups) {
      list.appendChild(el("h3", null, grp.actor ? grp.actor.name : "Claimant not recorded"));
      list.appendChild(el("ul", { class: "claims-list" }, grp.claims.map((c) => el("li", null, el("a", { href: claimHref(c.id) }, c.text), el("span", { class: "meta" }, " — " + plural(c.attributions.length, "appearance"))))));
    }
    list.appendChild(el("h2", null, "Sources"));
    list.appendChild(el("ul", null, ev.sources.map((s) => el("li", null, sourceButton(s)))));
  }

  // ---------------------------------------------------------------- landing page

  async function searchPage() {
    setHeading("Provenance viewer", "Who said it, where it was reported, and how the words changed", [
      "Search claims by their words with the box above, or start from an event. Each claim page draws the claimant, every attribution, its sources and intermediaries, and related claims.",
    ]);
    const data = await gql(EVENTS_QUERY, {});
    const list = $("list");
    clear(list);
    list.appendChild(el("h2", null, plural(data.events.totalCount, "event")));
    list.appendChild(
      el(
        "ul",
        { class: "events-list" },
        data.events.nodes.map((e) =>
          el("li", null, el("a", { href: eventHref(e.id) }, e.name), el("span", { class: "meta" }, " — " + [e.location, fmtTime(e.startTime), plural(e.claims.totalCount, "claim")].filter(Boolean).join(" · ")))
        )
      )
    );
  }

  // ---------------------------------------------------------------- start

  function idFromPath(kind) {
    const m = window.location.pathname.match(new RegExp("/" + kind + "/([^/]+)/?$"));
    return m ? decodeURIComponent(m[1]) : null;
  }

  async function start() {
    initSearch();
    document.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape" && !$("details").hidden) closeDetails();
    });
    const page = document.body.dataset.page;
    try {
      if (page === "claim") await claimPage(idFromPath("claim"));
      else if (page === "event") await eventPage(idFromPath("event"));
      else await searchPage();
      setState("ready");
    } catch (err) {
      const what = page === "claim" || page === "event" ? page : "page";
      setHeading(what === "page" ? "Provenance viewer" : what.charAt(0).toUpperCase() + what.slice(1), err.codes && err.codes.includes("NOT_FOUND") ? "Not found" : "Cannot show this " + what, []);
      showStatus(err.message, true);
      // An ID of the other kind: offer its page.
      const id = what === "claim" || what === "event" ? idFromPath(what) || "" : "";
      const other = what === "claim" && id.startsWith("evt_") ? eventHref(id) : what === "event" && id.startsWith("clm_") ? claimHref(id) : null;
      if (other) {
        $("status").appendChild(document.createTextNode(". "));
        $("status").appendChild(el("a", { href: other }, "Open " + id + " as " + (what === "claim" ? "an event" : "a claim")));
      }
      if (err.codes && err.codes.includes("UNAUTHENTICATED")) $("status").appendChild(tokenForm());
      setState("error");
    }
  }

  // tokenForm asks for an API token, keeps it for this tab and reloads the page.
  function tokenForm() {
    const input = el("input", { type: "password", autocomplete: "off", "aria-label": "API token", placeholder: "API token" });
    const form = el("form", { class: "token-form" }, el("span", null, storedToken() ? "Use another token: " : "Read with a token: "), input, el("button", { type: "submit" }, "Use token"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      try {
        if (input.value.trim()) window.sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        else window.sessionStorage.removeItem(TOKEN_KEY);
      } catch (err) {
        return;
      }
      window.location.reload();
    });
    return form;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
