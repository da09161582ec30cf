// precis page. Article text and everything derived from it is untrusted: the DOM is built with
// createElement/textContent only (never innerHTML), and the server's CSP forbids inline code.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";

  // Offsets in records count Unicode code points (Python strings); JS strings count UTF-16
  // units, so the article is kept as an array of code points.
  let article = { cps: [], record: null };
  let worldPromise = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = String(v);
      else if (k === "class") node.className = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  function slice(span) {
    if (!Array.isArray(span) || span.length !== 2) return "";
    return article.cps.slice(span[0], span[1]).join("");
  }

  function isSpan(s) {
    return Array.isArray(s) && s.length === 2 && Number.isInteger(s[0]) && Number.isInteger(s[1]);
  }

  function status(msg, isError) {
    const s = $("status");
    s.textContent = msg || "";
    s.classList.toggle("error", !!isError);
  }

  // -- the article with marked spans ------------------------------------------------------------

  function renderArticle(spans) {
    const box = $("article");
    box.replaceChildren();
    const cps = article.cps;
    const marks = (spans || []).filter(isSpan)
      .map(([s, e]) => [Math.max(0, s), Math.min(cps.length, e)])
      .filter(([s, e]) => e > s)
      .sort((a, b) => a[0] - b[0]);
    // Merge overlaps so every character is marked at most once.
    const merged = [];
    for (const m of marks) {
      const last = merged[merged.length - 1];
      if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]);
      else merged.push([m[0], m[1]]);
    }
    let pos = 0;
    for (const [s, e] of merged) {
      if (s > pos) box.append(document.createTextNode(cps.slice(pos, s).join("")));
      box.append(el("mark", { class: "hl", text: cps.slice(s, e).join("") }));
      pos = e;
    }
    if (pos < cps.length) box.append(document.createTextNode(cps.slice(pos).join("")));
    const first = box.querySelector("mark");
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  // A clickable, keyboard-operable item that marks ``spans`` in the article.
  function selectable(node, spans, group) {
    node.tabIndex = 0;
    node.setAttribute("role", "button");
    node.setAttribute("aria-pressed", "false");
    node.classList.add("selectable");
    const choose = () => {
      for (const other of document.querySelectorAll(".selectable[aria-pressed=true]")) {
        other.setAttribute("aria-pressed", "false");
      }
      node.setAttribute("aria-pressed", "true");
      renderArticle(spans);
    };
    node.addEventListener("click", choose);
    node.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        choose();
      }
    });
    if (group) node.dataset.group = group;
    return node;
  }

  function none(text) {
    return el("p", { class: "none", text });
  }

  function ran(record, stage) {
    return Array.isArray(record.stages) && record.stages.includes(stage);
  }

  // -- panels ---------------------------------------------------------------------------------

  function renderHighlights(record) {
    const list = $("highlights");
    list.replaceChildren();
    const items = Array.isArray(record.highlights) ? record.highlights : [];
    if (!items.length) {
      const why = (record.warnings || []).join("; ");
      list.append(el("li", { class: "none", text: why ? "none: " + why : "none" }));
      return;
    }
    for (const h of items) {
      const li = el("li", { class: "highlight" }, el("span", { class: "hl-text", text: h.text }));
      li.append(el("span", { class: "source", text: h.source ? "Source: " + h.source : "Source: the article" }));
      list.append(selectable(li, h.spans || [], "highlight"));
    }
  }

  function claimText(c) {
    return (c.content || []).filter(isSpan).map(slice).join(" … ");
  }

  function claimSpans(c) {
    return [c.source, c.cue, ...(c.content || [])].filter(isSpan);
  }

  // The cue and source words are marked in the article when the claim is selected.
  function claimNode(c, index, withSpeaker) {
    const node = el("div", { class: "claim" },
      withSpeaker ? el("span", { class: "who", text: (c.speaker || "Unattributed") + ": " }) : null,
      // Direct quotes keep their own quotation marks; <q> adds marks to the rest.
      /^\s*["“‘']/.test(claimText(c)) ? el("span", { text: claimText(c) }) : el("q", { text: claimText(c) }));
    if (c.negated) node.append(el("span", { class: "tag", text: "negated" }));
    if (index !== undefined) node.dataset.claim = String(index);
    return selectable(node, claimSpans(c), "claim");
  }

  function renderSpeakers(record) {
    const box = $("speakers");
    box.replaceChildren();
    if (!ran(record, "claims")) return box.append(none("not analysed (the claims stage did not run)"));
    const claims = Array.isArray(record.claims) ? record.claims : [];
    if (!claims.length) return box.append(none("none: no attributed claims found"));
    const speakers = new Map((record.speakers || []).map((s) => [s.id, s]));
    const groups = new Map();
    claims.forEach((c, i) => {
      const key = c.speaker_id || c.speaker || "";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push([c, i]);
    });
    for (const [key, items] of groups) {
      const sp = speakers.get(key);
      const name = sp ? sp.name : items[0][0].speaker || "Unattributed";
      const role = sp ? [sp.role, sp.affiliation].filter(Boolean).join(", ") : "";
      const group = el("div", { class: "speaker" },
        el("h3", {}, el("span", { text: name }), role ? el("span", { class: "role", text: " — " + role }) : null));
      for (const [c, i] of items) group.append(claimNode(c, i, false));
      box.append(group);
    }
  }

  // Dispute kinds in words (an unknown kind is shown as it is).
  const KINDS = { denial: "one denies the other", contradiction: "contradiction", figures: "different figures" };

  function renderDisputes(record) {
    const box = $("disputes");
    box.replaceChildren();
    if (!("disputes" in record)) return box.append(none("not analysed (no disputes stage in this record)"));
    const disputes = Array.isArray(record.disputes) ? record.disputes : [];
    if (!disputes.length) return box.append(none("none: no claims of this article contradict each other"));
    const claims = Array.isArray(record.claims) ? record.claims : [];
    for (const d of disputes) {
      const pair = Array.isArray(d.claims) ? d.claims : [];
      const sides = el("div", { class: "sides" });
      for (const i of pair) {
        const c = claims[i];
        sides.append(c ? claimNode(c, i, true) : el("div", { class: "claim", text: "claim " + i }));
      }
      // The conflict model's call: how they conflict (kind), how sure (score), and why.
      const about = el("p", { class: "why" });
      if (d.kind) about.append(el("span", { class: "tag kind", text: (Object.hasOwn(KINDS, d.kind) ? KINDS[d.kind] : String(d.kind)) }));
      if (typeof d.score === "number" && Number.isFinite(d.score)) {
        about.append(el("span", { class: "tag score", title: "the conflict model's probability that both cannot be true",
          text: "conflict " + Math.round(100 * d.score) + "%" }));
      }
      const topic = Array.isArray(d.topic) ? d.topic.filter((t) => typeof t === "string" && t) : [];
      if (topic.length) about.append(el("span", { class: "tag", text: "about: " + topic.join(", ") }));
      if (d.detail) about.append(el("span", { class: "detail", text: String(d.detail) }));
      box.append(el("div", { class: "dispute" }, sides, about));
    }
  }

  function factList(title, items, label, spans) {
    const wrap = el("div", { class: "fact-group" }, el("h3", { text: title }));
    if (!items.length) {
      wrap.append(none("none"));
      return wrap;
    }
    const ul = el("ul", { class: "chips" });
    for (const it of items) ul.append(selectable(el("li", { class: "chip", text: label(it) }), spans(it), "fact"));
    wrap.append(ul);
    return wrap;
  }

  function renderFacts(record) {
    const box = $("facts");
    box.replaceChildren();
    if (!ran(record, "facts")) return box.append(none("not analysed (the facts stage did not run)"));
    const ents = Array.isArray(record.entities) ? record.entities : [];
    const mentions = (x) => (x.mentions || []).filter(isSpan);
    box.append(
      factList("People", ents.filter((e) => e.type === "person"), (e) => e.name, mentions),
      factList("Organisations", ents.filter((e) => e.type === "org" || e.type === "group"), (e) => e.name, mentions),
      factList("Figures", record.figures || [],
        (f) => f.text + (f.what && !String(f.text).includes(f.what) ? " (" + f.what + ")" : ""),
        (f) => [f.span].filter(isSpan)),
      factList("Dates", record.dates || [],
        (d) => d.text + (d.date ? " → " + d.date : ""), (d) => [d.span].filter(isSpan)));
  }

  // -- map ------------------------------------------------------------------------------------

  function loadWorld() {
    if (!worldPromise) {
      worldPromise = fetch("/static/world.json").then((r) => {
        if (!r.ok) throw new Error("map data: HTTP " + r.status);
        return r.json();
      });
    }
    return worldPromise;
  }

  function renderPlaces(record) {
    const box = $("map");
    const list = $("places");
    box.replaceChildren();
    list.replaceChildren();
    if (!ran(record, "facts")) return box.append(none("not analysed (the facts stage did not run)"));
    const places = Array.isArray(record.places) ? record.places : [];
    if (!places.length) return box.append(none("none: no places named"));
    for (const p of places) {
      const where = p.lat === null || p.lat === undefined ? " (not located)" : p.country ? " (" + p.country + ")" : "";
      list.append(selectable(el("li", { class: "chip", text: p.name + where }), (p.mentions || []).filter(isSpan), "place"));
    }
    const located = places.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
    if (!located.length) return box.append(none("none of the places could be located"));
    loadWorld().then((world) => drawMap(box, world, record, located))
      .catch((err) => box.replaceChildren(none("map unavailable: " + err.message)));
  }

  function drawMap(box, world, record, located) {
    // Fit the view to the markers (equirectangular: x = lon + 180, y = 90 - lat), at least
    // 40 x 20 degrees so neighbouring countries give context.
    const xs = located.map((p) => p.lon + 180);
    const ys = located.map((p) => 90 - p.lat);
    let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    let w = Math.max(40, (x1 - x0) * 1.4), h = Math.max(20, (y1 - y0) * 1.4);
    if (w / h > 2) h = w / 2; else w = h * 2;
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const vx = Math.min(Math.max(cx - w / 2, 0), Math.max(0, 360 - w));
    const vy = Math.min(Math.max(cy - h / 2, 0), Math.max(0, 180 - h));
    const map = svg("svg", { viewBox: [vx, vy, Math.min(w, 360), Math.min(h, 180)].map((n) => n.toFixed(2)).join(" "),
      role: "img", "aria-label": "Map of the places the article names", class: "world" });
    const named = new Set(located.map((p) => p.country).filter(Boolean));
    const land = svg("g", { class: "land" });
    for (const c of world.countries || []) {
      const path = svg("path", { d: c.d, class: named.has(c.iso2) ? "country named" : "country" });
      const title = svg("title", {});
      title.textContent = c.name;
      path.append(title);
      land.append(path);
    }
    map.append(land);
    const r = Math.max(0.4, w / 90);
    const markers = svg("g", { class: "markers" });
    for (const p of located) {
      const m = svg("circle", { cx: (p.lon + 180).toFixed(3), cy: (90 - p.lat).toFixed(3), r: r.toFixed(3),
        class: "marker", "aria-label": p.name });
      const title = svg("title", {});
      title.textContent = p.name + (p.ambiguous ? " (ambiguous)" : "");
      m.append(title);
      markers.append(selectable(m, (p.mentions || []).filter(isSpan), "marker"));
      const label = svg("text", { x: (p.lon + 180 + r * 1.5).toFixed(3), y: (90 - p.lat + r / 2).toFixed(3),
        class: "marker-label", "font-size": (r * 3).toFixed(3) });
      label.textContent = p.name;
      markers.append(label);
    }
    map.append(markers);
    box.replaceChildren(map);
  }

  // -- one record -----------------------------------------------------------------------------

  function show(record, text) {
    article = { cps: Array.from(text || ""), record };
    $("results").hidden = false;
    const meta = [record.title, record.published].filter(Boolean).join(" · ");
    $("article-meta").textContent = meta;
    renderArticle([]);
    renderHighlights(record);
    renderDisputes(record);
    renderSpeakers(record);
    renderFacts(record);
    renderPlaces(record);
    const warn = (record.warnings || []).length ? " Warnings: " + record.warnings.join("; ") : "";
    status((record.highlights || []).length + " highlights." + warn);
  }

  async function apiError(resp) {
    try {
      const body = await resp.json();
      return body.error || resp.statusText;
    } catch (e) {
      return resp.status + " " + resp.statusText;
    }
  }

  function looksLikeHtml(s) {
    return /^\s*(<!doctype html|<html[\s>])/i.test(s);
  }

  async function analyze(ev) {
    ev.preventDefault();
    const raw = $("article-input").value;
    if (!raw.trim()) {
      status("Paste an article first.", true);
      return;
    }
    const fmt = $("format-input").value;
    const asHtml = fmt === "html" || (fmt === "auto" && looksLikeHtml(raw));
    const body = asHtml ? { html: raw } : { text: raw };
    if ($("title-input").value.trim()) body.title = $("title-input").value.trim();
    if ($("date-input").value) body.published = $("date-input").value;
    const button = $("analyze-button");
    button.disabled = true;
    status("Analysing…");
    try {
      const resp = await fetch("/v1/analyze?include_text=true", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!resp.ok) {
        status("Not analysed: " + (await apiError(resp)), true);
        return;
      }
      const record = await resp.json();
      if (record.error) {
        status("Not analysed: " + record.error, true);
        return;
      }
      show(record, typeof record.text === "string" ? record.text : raw);
    } catch (err) {
      status("Could not reach the server: " + err.message, true);
    } finally {
      button.disabled = false;
    }
  }

  function readFile() {
    const file = $("file-input").files[0];
    if (!file) return;
    file.text().then((s) => {
      $("article-input").value = s;
      if (/\.html?$/i.test(file.name)) $("format-input").value = "html";
      else if (/\.txt$/i.test(file.name)) $("format-input").value = "text";
    });
  }

  // -- corpus ---------------------------------------------------------------------------------

  async function openArticle(ident) {
    selectTab("analyze");
    status("Loading " + ident + "…");
    const resp = await fetch("/v1/articles/" + encodeURIComponent(ident) + "?include_text=true");
    if (!resp.ok) return status("Cannot open " + ident + ": " + (await apiError(resp)), true);
    const record = await resp.json();
    if (record.error) return status("Stored record has an error: " + record.error, true);
    if (typeof record.text !== "string") return status("The store has no text for " + ident, true);
    show(record, record.text);
  }

  function memberLink(m) {
    const ident = m.id || m.key;
    const label = (m.title || ident) + (m.published ? " (" + m.published + ")" : "");
    const a = el("button", { type: "button", class: "link", text: label });
    a.addEventListener("click", () => openArticle(ident));
    return el("li", {}, a);
  }

  function cardValue(v) {
    if (v === null || v === undefined) return null;
    if (typeof v !== "object") return el("span", { text: String(v) });
    if (Array.isArray(v)) {
      if (!v.length) return none("none");
      const ul = el("ul", { class: "card-list" });
      for (const x of v) ul.append(el("li", {}, x && typeof x === "object" && !Array.isArray(x)
        ? cardItem(x) : cardValue(x)));
      return ul;
    }
    return el("span", { text: v.text || v.name || JSON.stringify(v) });
  }

  // One entry of a card list: a highlight {text}, a dispute {detail}, a speaker's claims
  // {speaker, claims: [{text}]}, or anything else as its JSON.
  function cardItem(x) {
    if (x.speaker && Array.isArray(x.claims)) {
      return el("span", {}, el("strong", { text: x.speaker + ": " }),
        x.claims.map((c) => (c && c.text) || String(c)).join(" / "));
    }
    return el("span", { text: x.text || x.detail || x.name || JSON.stringify(x) });
  }

  function storyNode(s) {
    const card = s.card && typeof s.card === "object" ? s.card : {};
    const title = s.title || card.title || s.id;
    const dates = [s.first_date, s.last_date].filter(Boolean);
    const node = el("article", { class: "card story" },
      el("h3", { text: title }),
      el("p", { class: "meta", text: s.size + " report" + (s.size === 1 ? "" : "s") +
        (dates.length ? " · " + Array.from(new Set(dates)).join(" – ") : "") }));
    const shown = ["highlights", "disputes", "claims"];
    for (const key of shown) {
      node.append(el("h4", { text: key === "claims" ? "Who said what" : key[0].toUpperCase() + key.slice(1) }));
      node.append(key in card ? cardValue(card[key]) : none("none"));
    }
    for (const [k, v] of Object.entries(card)) {
      if (shown.includes(k) || k === "title" || v === null || typeof v === "object") continue;
      node.append(el("p", { class: "meta", text: k + ": " + v }));
    }
    node.append(el("h4", { text: "Reports" }));
    const members = el("ul", { class: "list" });
    for (const m of s.members || []) members.append(memberLink(m));
    node.append(members.childElementCount ? members : none("none"));
    return node;
  }

  async function loadStories() {
    const box = $("stories");
    const st = $("corpus-status");
    box.replaceChildren();
    st.textContent = "Loading stories…";
    try {
      const resp = await fetch("/v1/stories");
      if (!resp.ok) {
        st.textContent = await apiError(resp);
        return;
      }
      const data = await resp.json();
      st.textContent = data.stories.length ? data.total + " stories" : "No stories: " + (data.note || "none");
      for (const s of data.stories) box.append(storyNode(s));
    } catch (err) {
      st.textContent = "Could not reach the server: " + err.message;
    }
  }

  async function search(ev) {
    ev.preventDefault();
    const q = $("search-input").value.trim();
    const out = $("search-results");
    out.replaceChildren();
    if (!q) return;
    const resp = await fetch("/v1/search?q=" + encodeURIComponent(q));
    if (!resp.ok) {
      out.append(el("li", { class: "none", text: await apiError(resp) }));
      return;
    }
    const data = await resp.json();
    if (!data.hits.length) out.append(el("li", { class: "none", text: "none: " + (data.note || "no matches") }));
    for (const h of data.hits) {
      const li = memberLink({ id: h.id, key: h.key, title: h.title });
      li.append(el("div", { class: "snippet", text: h.snippet }));
      out.append(li);
    }
  }

  // -- tabs -----------------------------------------------------------------------------------

  function selectTab(name) {
    for (const t of ["analyze", "corpus"]) {
      $("tab-" + t).setAttribute("aria-selected", String(t === name));
      $("view-" + t).hidden = t !== name;
    }
    if (name === "corpus") loadStories();
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("input-form").addEventListener("submit", analyze);
    $("file-input").addEventListener("change", readFile);
    $("search-form").addEventListener("submit", search);
    $("tab-analyze").addEventListener("click", () => selectTab("analyze"));
    $("tab-corpus").addEventListener("click", () => selectTab("corpus"));
    document.body.dataset.ready = "true";
  });
})();
