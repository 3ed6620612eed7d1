// AsterFarm dashboard: keeps server-rendered pages live (server-sent events, small fragment refreshes), draws the run
// timeline, follows build logs and sends the token-guarded actions. No framework: every URL is relative to <base>.
"use strict";
(() => {
  const $ = (selector, root = document) => root.querySelector(selector);
  const url = (path) => new URL(path, document.baseURI).toString();

  // The token lives in this tab only (sessionStorage) and is sent as a bearer header by the actions, never as a cookie.
  const tokenInput = $("#token");
  const tokenKey = "asterfarm-token";
  if (tokenInput) {
    tokenInput.value = sessionStorage.getItem(tokenKey) || "";
    tokenInput.addEventListener("input", () => sessionStorage.setItem(tokenKey, tokenInput.value.trim()));
  }
  const token = () => (tokenInput ? tokenInput.value.trim() : "");

  const toastBox = $("#toast");
  let toastTimer = 0;
  function toast(message, error = false) {
    toastBox.textContent = message;
    toastBox.className = "show" + (error ? " error" : "");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toastBox.className = ""), 6000);
  }

  async function action(path) {
    const headers = {};
    if (token()) headers.Authorization = "Bearer " + token();
    const response = await fetch(url(path), { method: "POST", headers });
    let body = {};
    try { body = await response.json(); } catch { /* an empty answer */ }
    return { ok: response.ok, status: response.status, body };
  }

  // Fragments that refresh themselves every few seconds while the tab is visible: one request per viewer.
  for (const element of document.querySelectorAll("[data-live-src]")) {
    const every = Number(element.dataset.liveEvery || 5) * 1000;
    const refresh = async () => {
      if (document.visibilityState === "visible" && !element.querySelector("details[open]")) {
        try {
          const response = await fetch(url(element.dataset.liveSrc));
          if (response.ok) element.innerHTML = await response.text();
        } catch { /* the next tick tries again */ }
      }
      setTimeout(refresh, every);
    };
    setTimeout(refresh, every);
  }

  // ---- run page ----
  const body = document.body;
  if (body.dataset.run) runPage(body.dataset.run);

  function runPage(run) {
    let partsUrl = body.dataset.parts;
    const finished = (state) => ["Succeeded", "Failed", "Cancelled", "Unknown"].includes(state);
    let partsTimer = 0, timelineTimer = 0;

    async function refreshParts() {
      const response = await fetch(url(partsUrl));
      if (!response.ok) return;
      const parts = await response.json();
      $("#run-state").innerHTML = parts.badge;
      $("#progress").innerHTML = parts.progress;
      $("#builds").innerHTML = parts.builds;
      body.dataset.state = parts.state;
    }
    const soon = (fn, timer, ms) => { clearTimeout(timer); return setTimeout(fn, ms); };

    const events = new EventSource(url(body.dataset.events));
    const changed = (message) => {
      partsTimer = soon(refreshParts, partsTimer, 400);
      timelineTimer = soon(timeline.load, timelineTimer, 1500);
      if (message && message.type === "status") {
        const status = JSON.parse(message.data);
        if (finished(status.state)) { events.close(); refreshParts(); timeline.load(); }
      }
    };
    events.addEventListener("status", changed);
    events.addEventListener("build", changed);
    events.onerror = () => { if (events.readyState === EventSource.CLOSED) setTimeout(refreshParts, 2000); };

    // Filtering and paging fetch the parts in place and keep the address shareable.
    const form = $("#build-filter");
    const show = (page) => {
      const q = $("#q").value, state = $("#state").value;
      partsUrl = `dashboard/api/runs/${run}/parts?state=${encodeURIComponent(state)}&q=${encodeURIComponent(q)}&page=${page}`;
      history.replaceState(null, "", `runs/${run}?state=${encodeURIComponent(state)}&q=${encodeURIComponent(q)}&page=${page}`);
      refreshParts();
    };
    form.addEventListener("submit", (e) => { e.preventDefault(); show(1); });
    $("#state").addEventListener("change", () => show(1));
    $("#builds").addEventListener("click", (e) => {
      const link = e.target.closest("a[data-page]");
      if (link) { e.preventDefault(); show(link.dataset.page); }
    });

    $("#cancel").addEventListener("click", async () => {
      if (!confirm("Cancel this run? Builds no other run needs are stopped.")) return;
      const result = await action(`dashboard/api/runs/${run}/cancel`);
      if (result.ok) { toast("Run cancelled"); refreshParts(); }
      else toast(`Refused (${result.status}): ${result.body.detail || result.body.title || "no answer"}`, true);
    });
    $("#rebuild").addEventListener("click", async () => {
      const result = await action(`dashboard/api/runs/${run}/rebuild-failed`);
      if (result.ok) { toast(`Rebuilding ${result.body.roots} failed derivations`); location.href = url(`runs/${result.body.run}`); }
      else toast(`Refused (${result.status}): ${result.body.detail || result.body.title || "no answer"}`, true);
    });

    const timeline = Timeline($("#timeline"), $("#timeline-note"));
    timeline.load();
  }

  // ---- timeline: one lane per builder slot (builds packed greedily per builder), zoom and pan ----
  function Timeline(box, note) {
    const ns = "http://www.w3.org/2000/svg";
    const labelWidth = 150, laneHeight = 18, axisHeight = 22;
    let data = null, scale = 0, fitted = true;

    function el(name, attrs, parent) {
      const node = document.createElementNS(ns, name);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      if (parent) parent.appendChild(node);
      return node;
    }

    function lanes(bars) {
      const byNode = new Map();
      for (const bar of bars) {
        if (!byNode.has(bar.node)) byNode.set(bar.node, []);
        byNode.get(bar.node).push(bar);
      }
      const result = [];
      for (const [node, list] of [...byNode.entries()].sort()) {
        const slotEnds = [];
        const start = result.length;
        for (const bar of list.sort((a, b) => a.t0 - b.t0)) {
          let slot = slotEnds.findIndex((end) => end <= bar.t0 + 1e-3);
          if (slot < 0) { slot = slotEnds.length; slotEnds.push(0); result.push({ label: `${node} #${slot + 1}`, bars: [] }); }
          slotEnds[slot] = bar.t1;
          result[start + slot].bars.push(bar);
        }
      }
      return result;
    }

    function draw() {
      if (!data || data.bars.length === 0) {
        box.innerHTML = '<p class="muted" style="padding:8px 12px">No build has been dispatched in this run yet.</p>';
        return;
      }
      const t0 = Math.min(...data.bars.map((b) => b.t0));
      const t1 = Math.max(...data.bars.map((b) => b.t1));
      const span = Math.max(1, t1 - t0);
      const available = Math.max(200, box.clientWidth - labelWidth - 12);
      if (fitted || !scale) scale = available / span;
      const width = labelWidth + span * scale + 12;
      const rows = lanes(data.bars);
      const height = axisHeight + rows.length * laneHeight + 6;
      const svg = el("svg", { width, height, role: "presentation" });
      const step = niceStep(span, (span * scale) / 90);
      for (let t = 0; t <= span; t += step) {
        const x = labelWidth + t * scale;
        el("line", { x1: x, x2: x, y1: axisHeight - 4, y2: height, class: "grid" }, svg);
        el("text", { x: x + 2, y: 14, class: "axis" }, svg).textContent = formatSeconds(t);
      }
      rows.forEach((row, i) => {
        const y = axisHeight + i * laneHeight;
        el("text", { x: 4, y: y + 13, class: "lane-label" }, svg).textContent = row.label;
        for (const bar of row.bars) {
          const classes = ["bar", bar.emulated ? "emulated" : "native", bar.state.toLowerCase()];
          if (bar.critical) classes.push("critical");
          const rect = el("rect", {
            x: labelWidth + (bar.t0 - t0) * scale, y: y + 3, width: Math.max(2, (bar.t1 - bar.t0) * scale), height: laneHeight - 6, rx: 2,
            class: classes.join(" "),
          }, svg);
          el("title", {}, rect).textContent =
            `${bar.drv}\n${bar.node} · ${bar.emulated ? "emulated" : "native"} · ${formatSeconds(bar.t1 - bar.t0)}${bar.state === "Running" ? " so far" : ""}` +
            `${bar.state === "Failed" ? " · failed" : ""}${bar.critical ? " · critical path" : ""}`;
          rect.addEventListener("click", () => (location.href = url(`drv/${encodeURIComponent(bar.drv)}`)));
        }
      });
      box.replaceChildren(svg);
      const critical = data.bars.filter((b) => b.critical);
      const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
      note.textContent = `${plural(rows.length, "builder slot")}, ${plural(data.bars.length, "build")}` +
        (data.total > data.bars.length ? ` shown (the longest and the critical path) of ${data.total}` : "") +
        (critical.length ? `; critical path: ${plural(critical.length, "build")} over ${formatSeconds(Math.max(...critical.map((b) => b.t1)) - Math.min(...critical.map((b) => b.t0)))}` : "") + ".";
    }

    async function load() {
      try {
        const response = await fetch(url(box.dataset.src));
        if (!response.ok) return;
        const json = await response.json();
        const now = Date.parse(json.now) / 1000;
        data = {
          total: json.total,
          bars: json.bars.map((b) => ({ ...b, t0: Date.parse(b.start) / 1000, t1: b.end ? Date.parse(b.end) / 1000 : now })),
        };
        const scroll = box.scrollLeft;
        draw();
        box.scrollLeft = scroll;
      } catch { /* the next event reloads */ }
    }

    function zoom(factor, anchor) {
      if (!data) return;
      const x = anchor ?? box.clientWidth / 2;
      const at = (box.scrollLeft + x - labelWidth) / scale;
      fitted = false;
      scale *= factor;
      draw();
      box.scrollLeft = at * scale + labelWidth - x;
    }
    for (const button of document.querySelectorAll("[data-zoom]")) {
      button.addEventListener("click", () => {
        const kind = button.dataset.zoom;
        if (kind === "fit") { fitted = true; draw(); } else zoom(kind === "in" ? 2 : 0.5);
      });
    }
    box.addEventListener("wheel", (e) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      zoom(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - box.getBoundingClientRect().left);
    }, { passive: false });
    box.addEventListener("keydown", (e) => {
      if (e.key === "+" || e.key === "=") zoom(2);
      else if (e.key === "-") zoom(0.5);
      else if (e.key === "ArrowRight") box.scrollLeft += 80;
      else if (e.key === "ArrowLeft") box.scrollLeft -= 80;
    });
    let drag = null;
    box.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, left: box.scrollLeft }; box.classList.add("dragging"); });
    window.addEventListener("pointerup", () => { drag = null; box.classList.remove("dragging"); });
    window.addEventListener("pointermove", (e) => { if (drag) box.scrollLeft = drag.left - (e.clientX - drag.x); });
    window.addEventListener("resize", () => { if (fitted) draw(); });
    return { load };
  }

  function niceStep(span, count) {
    const raw = span / Math.max(1, count);
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400];
    return steps.find((s) => s >= raw) || 86400;
  }
  function formatSeconds(s) {
    if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, "0")} s`;
    return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
  }

  // ---- derivation page: the log live from the builder, then whole from the cache ----
  const log = $("#log");
  if (log) buildLog(log);

  function buildLog(pre) {
    const follow = $("#follow");
    const logNote = $("#log-note");
    const maxShown = 512 * 1024;
    const append = (text) => {
      pre.append(text);
      if (pre.textContent.length > maxShown * 1.5) pre.textContent = pre.textContent.slice(-maxShown);
      if (follow.checked) pre.scrollTop = pre.scrollHeight;
    };
    async function whole(attempts) {
      const response = await fetch(url(pre.dataset.full));
      if (response.ok) {
        const text = await response.text();
        pre.textContent = text.length > maxShown ? text.slice(-maxShown) : text;
        logNote.textContent = text.length > maxShown ? `The last ${maxShown / 1024} KiB of ${Math.round(text.length / 1024)} KiB; the raw log has it all.` : "The whole log, from the cache.";
        if (follow.checked) pre.scrollTop = pre.scrollHeight;
      } else if (attempts > 0) {
        setTimeout(() => whole(attempts - 1), 1000);
      } else {
        pre.textContent = "";
        logNote.textContent = "The cache has no log of this derivation (it has not been built here yet).";
      }
    }
    if (pre.dataset.running !== "true") { whole(0); return; }
    let started = false;
    const events = new EventSource(url(pre.dataset.stream));
    logNote.textContent = "Following the build live.";
    events.addEventListener("log", (e) => {
      if (!started) { pre.textContent = ""; started = true; }
      append(e.data);
    });
    events.addEventListener("end", () => {
      events.close();
      logNote.textContent = "The build ended; loading the whole log from the cache…";
      whole(10);
    });
  }
})();
