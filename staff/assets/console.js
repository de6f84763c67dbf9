// Amtsbote staff console: plain JavaScript over the JSON API of
// docs/staff-api.md and the live socket /staff/ws. Every text that comes
// from a citizen (or anyone) is inserted with textContent, never as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const state = {
    me: null, view: "", conv: null, lastSeq: 0, caseRef: "", ws: null, wsDelay: 1000,
    auditBefore: 0, typingTimer: 0, lastTypingSent: 0,
    depts: {}, waitingSeen: null,
  };

  // named is the text of key prefix+name ("state.in_review" for a case's
  // status "in-review"), or name itself when the catalog has none.
  const named = (prefix, name) => (T[prefix + String(name).replace("-", "_")] ? t(prefix + name.replace("-", "_")) : name);
  const STATUS = (s) => named("state.", s);
  const ACTION = (s) => named("to.", s);
  const VISIT = (s) => named("visit.", s);
  const FROM = (from) => (T["from." + from] ? t("from." + from) : from);
  const CHANNEL = (ch) => (T["channel." + ch] ? t("channel." + ch) : ch);

  // ---- the console's own texts: the catalog's "console.*" in every
  // language (GET /staff/texts), written into the elements marked
  // data-t (content), data-t-label (aria-label), data-t-placeholder and
  // data-t-title. The console speaks the language chosen in its header
  // (kept in localStorage), else the browser's first the catalog has,
  // else German.
  let TEXTS = {}, LANG = "de", T = {};
  function t(key, args) {
    let s = T[key] ?? (TEXTS.de && TEXTS.de[key]) ?? key;
    for (const [k, v] of Object.entries(args || {})) s = s.replace("{" + k + "}", v);
    return s;
  }
  function pickLang() {
    const tags = [localStorage.getItem("amtsbote.lang") || "", ...(navigator.languages || [navigator.language || ""])];
    for (const tag of tags) {
      const low = String(tag).toLowerCase();
      if (TEXTS[low]) return low;
      if (TEXTS[low.split("-")[0]]) return low.split("-")[0];
    }
    return "de";
  }
  function setLang(code) {
    LANG = TEXTS[code] ? code : "de";
    T = TEXTS[LANG] || {};
    document.documentElement.lang = LANG;
    document.documentElement.dir = T.dir || "ltr";
    document.title = t("title");
    for (const e of document.querySelectorAll("[data-t]")) e.textContent = t(e.dataset.t);
    for (const e of document.querySelectorAll("[data-t-label]")) e.setAttribute("aria-label", t(e.dataset.tLabel));
    for (const e of document.querySelectorAll("[data-t-placeholder]")) e.placeholder = t(e.dataset.tPlaceholder);
    for (const e of document.querySelectorAll("[data-t-title]")) e.title = t(e.dataset.tTitle);
    $("console-lang").value = LANG;
  }
  async function loadTexts() {
    try {
      const resp = await fetch("/staff/texts", { credentials: "same-origin" });
      if (resp.ok) TEXTS = await resp.json();
    } catch (e) { /* the page's own German stays */ }
    $("console-lang").replaceChildren(...languages().map((code) =>
      el("option", { value: code, lang: code, dir: TEXTS[code].dir }, TEXTS[code].name)));
    setLang(pickLang());
  }
  // languages are the catalog's languages in its order.
  function languages() { return Object.keys(TEXTS).sort((a, b) => TEXTS[a].rank - TEXTS[b].rank); }
  // langName is a language's name in itself ("Türkçe").
  function langName(code) { return (TEXTS[code] && TEXTS[code].name) || code; }
  // langBadge shows a citizen's language by its own name, marked up in it.
  function langBadge(code) {
    if (!code) return el("span", { class: "lang-badge none" }, "—");
    return el("span", { class: "lang-badge", lang: code, dir: (TEXTS[code] && TEXTS[code].dir) || "auto" }, langName(code));
  }

  // el builds an element; string children become text nodes (never HTML).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c == null) continue;
      e.append(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return e;
  }

  // errorText is an API error in the console's language: the catalog's
  // console.error.<code>, its placeholders filled from the answer's args
  // (and {name} from claimed_by); console.error naming the code for a code
  // it has no text for; the English message only without any texts.
  function errorText(status, body) {
    const code = (body && body.error) || "HTTP " + status;
    if (T.error == null && !(TEXTS.de && TEXTS.de.error)) return (body && body.message) || code;
    const key = "error." + code;
    if (T[key] == null && !(TEXTS.de && TEXTS.de[key])) return t("error", { code });
    return t(key, { name: body.claimed_by || "", ...(body.args || {}) });
  }

  class APIError extends Error {
    constructor(status, body) {
      super(errorText(status, body));
      this.status = status;
      this.body = body || {};
    }
  }

  async function api(method, path, body) {
    const headers = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && state.me) headers["X-CSRF-Token"] = state.me.csrf;
    const resp = await fetch("/staff/api/" + path, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    if (resp.status !== 204) {
      try { data = await resp.json(); } catch (e) { data = null; }
    }
    if (resp.status === 401 && path !== "login") {
      showLogin();
    }
    if (!resp.ok) throw new APIError(resp.status, data);
    return data;
  }

  // Every time is shown in the city's time zone (from /me), never the
  // browser's: an 08:00 booking is 08:00 on a machine set to UTC too.
  const tz = () => (state.me && state.me.time_zone) || undefined;

  function fmtTime(iso) {
    const d = new Date(iso);
    return isNaN(d) ? "" : d.toLocaleString(locale(), { dateStyle: "short", timeStyle: "short", timeZone: tz() });
  }

  function fmtClock(iso) {
    const d = new Date(iso);
    return isNaN(d) ? "" : d.toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit", timeZone: tz() });
  }

  // locale formats dates and times in the console's language.
  function locale() { return LANG === "en" ? "en-GB" : LANG === "de-x-ls" ? "de-DE" : LANG; }

  // today is the city's date, "2026-12-07".
  function today() {
    return new Date().toLocaleDateString("sv-SE", { timeZone: tz() });
  }

  // deptName is a department's name from the departments file.
  function deptName(id) {
    if (!id) return t("general");
    return state.depts[id] || id;
  }

  // row builds a table row whose cells carry their column's name, shown
  // before each cell when the table is stacked on a small screen.
  function row(table, attrs, ...cells) {
    const heads = [...document.querySelectorAll("#" + table + " thead th")].map((th) => th.textContent);
    cells.forEach((td, i) => { if (heads[i] && !td.querySelector("button")) td.setAttribute("data-label", heads[i]); });
    return el("tr", attrs, ...cells);
  }

  function fmtWait(secs) {
    if (secs < 60) return secs + " s";
    if (secs < 3600) return Math.floor(secs / 60) + " min";
    return Math.floor(secs / 3600) + " h " + Math.floor((secs % 3600) / 60) + " min";
  }

  function show(view) {
    state.view = view;
    for (const v of ["login", "queue", "conv", "cases", "case", "appts", "answers", "audit", "admin"]) {
      $(v + "-view").hidden = v !== view;
    }
    for (const t of ["queue", "cases", "appts", "answers", "audit", "admin"]) {
      $("nav-" + t).classList.toggle("active", view === t || (view === "conv" && t === "queue") || (view === "case" && t === "cases"));
    }
  }

  // ---- login ----

  function showLogin() {
    state.me = null;
    if (state.ws) { state.ws.onclose = null; state.ws.close(); state.ws = null; }
    $("nav").hidden = true;
    $("whoami").hidden = true;
    show("login");
    $("login-username").focus();
  }

  async function loggedIn(me) {
    state.me = me;
    $("me-name").textContent = me.name || me.username;
    $("me-dept").textContent = me.role === "admin" ? "Admin" : (me.department_name || me.department);
    $("nav").hidden = false;
    $("whoami").hidden = false;
    $("nav-audit").hidden = me.role !== "admin";
    $("nav-admin").hidden = me.role !== "admin";
    $("nav-answers").hidden = me.role !== "admin" && me.role !== "editor";
    $("notify").checked = localStorage.getItem("amtsbote.notify") === "1";
    connectLive();
    await loadDepartments();
    await loadCanned();
    await loadOffices();
    if (!state.view || state.view === "login") await openQueue(); // unless the agent went elsewhere meanwhile
  }

  $("login-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("login-error").textContent = "";
    try {
      const me = await api("POST", "login", { username: $("login-username").value, password: $("login-password").value });
      $("login-password").value = "";
      await loggedIn(me);
    } catch (e) {
      const msg = t(e.status === 429 ? "login.rate_limited" : e.status === 401 ? "login.wrong" : "login.failed");
      $("login-error").textContent = msg;
    }
  });

  $("logout").addEventListener("click", async () => {
    try { await api("POST", "logout"); } catch (e) { /* the session may be gone already */ }
    showLogin();
  });

  // ---- live ----

  function connectLive() {
    if (state.ws || !state.me) return;
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(proto + "//" + location.host + "/staff/ws");
    state.ws = ws;
    ws.onopen = () => { state.wsDelay = 1000; };
    ws.onmessage = (m) => {
      let ev;
      try { ev = JSON.parse(m.data); } catch (e) { return; }
      onLive(ev);
    };
    ws.onclose = () => {
      $("live-state").className = "live off";
      state.ws = null;
      if (!state.me) return;
      setTimeout(connectLive, state.wsDelay);
      state.wsDelay = Math.min(state.wsDelay * 2, 30000);
    };
  }

  function onLive(ev) {
    switch (ev.type) {
      case "ready":
        $("live-state").className = "live on";
        if (state.view === "queue") openQueue();
        break;
      case "queue.changed":
        if (state.view === "queue") openQueue();
        else if ($("notify").checked) api("GET", "queue").then(noticeNew).catch(() => {});
        if (state.view === "conv") refreshConversation(false);
        break;
      case "conversation.message":
      case "conversation.note":
        if (state.view === "conv" && state.conv && state.conv.id === ev.conversation) refreshConversation(ev.type === "conversation.note");
        break;
      case "conversation.typing":
        if (state.view === "conv" && state.conv && state.conv.id === ev.conversation) showTyping();
        break;
      case "case.changed":
        if (state.view === "cases") openCases();
        if (state.view === "case" && state.caseRef === ev.case) openCase(ev.case);
        break;
      case "resync": // the node may have missed events of the other nodes: reload what is shown
        if (state.view === "queue") openQueue();
        if (state.view === "conv") { refreshConversation(true); refreshConversation(false); }
        if (state.view === "cases") openCases();
        if (state.view === "case" && state.caseRef) openCase(state.caseRef);
        break;
    }
  }

  function showTyping() {
    $("typing").hidden = false;
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => { $("typing").hidden = true; }, 5000);
  }

  // hooks are the other scripts' parts of a view (ratings.js): "queue"
  // runs when the queue opens, "conversation" with each conversation shown.
  const hooks = { queue: [], conversation: [] };
  function on(view, f) { hooks[view].push(f); }

  // ---- queue ----

  async function openQueue() {
    show("queue");
    hooks.queue.forEach((f) => f());
    let items;
    try { items = await api("GET", "queue"); } catch (e) { return; }
    noticeNew(items);
    if (state.view !== "queue") return;
    $("queue-empty").hidden = items.length > 0;
    $("queue-list").replaceChildren(...items.map((it) => row("queue-table", { class: "queue-item", "data-id": it.id },
      el("td", { text: fmtWait(it.waiting_seconds) }),
      el("td", { text: CHANNEL(it.channel) }),
      el("td", { class: "lang" }, langBadge(it.language)),
      el("td", { text: it.service_title || it.service || "—" }),
      el("td", { text: it.department_name || deptName(it.department) }),
      el("td", { text: it.claimed_by || "—" }),
      el("td", {}, el("button", { type: "button", class: "open", onclick: () => openConversation(it.id) }, t("open"))),
    )));
  }

  // noticeNew plays a sound and shows a desktop notification (when the
  // agent opted in) for a conversation that waits, or was given to the
  // agent by round robin, and was not seen before.
  function noticeNew(items) {
    const mine = (it) => !it.claimed_by || (state.me && it.claimed_by === state.me.username);
    const seen = state.waitingSeen;
    state.waitingSeen = new Set(items.filter(mine).map((it) => it.id));
    if (!seen || !$("notify").checked) return;
    const fresh = items.filter((it) => mine(it) && !seen.has(it.id));
    if (!fresh.length) return;
    document.body.dataset.notified = String(Number(document.body.dataset.notified || 0) + fresh.length);
    beep();
    if ("Notification" in window && Notification.permission === "granted") {
      const it = fresh[0];
      const n = new Notification(t("notify.title"), {
        body: (it.service_title || t("notify.general")) + " · " + (it.department_name || deptName(it.department)),
        tag: "amtsbote-" + it.id,
      });
      n.onclick = () => { window.focus(); openConversation(it.id); n.close(); };
    }
  }

  function beep() {
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.4);
      osc.onended = () => ctx.close();
    } catch (e) { /* no sound */ }
  }

  $("notify").addEventListener("change", async () => {
    localStorage.setItem("amtsbote.notify", $("notify").checked ? "1" : "0");
    if ($("notify").checked && "Notification" in window && Notification.permission === "default") {
      try { await Notification.requestPermission(); } catch (e) { /* sound only */ }
    }
  });

  $("nav-queue").addEventListener("click", openQueue);
  $("conv-back").addEventListener("click", openQueue);

  // ---- conversation ----

  async function openConversation(id) {
    $("conv-error").textContent = "";
    let conv;
    try { conv = await api("GET", "conversations/" + encodeURIComponent(id)); } catch (e) {
      $("conv-error").textContent = e.message;
      return;
    }
    state.conv = conv;
    state.lastSeq = 0;
    fillCanned(conv.language);
    $("transcript").replaceChildren();
    $("typing").hidden = true;
    show("conv");
    renderConversation(conv);
    appendEntries(conv.entries);
  }

  function renderConversation(conv) {
    const mine = state.me && conv.claimed_by === state.me.username;
    $("conv-title").textContent = (conv.service_title || t("conv.title")) + " · " + CHANNEL(conv.channel);
    $("conv-status").textContent = conv.claimed_by ? t("status.claimed", { name: conv.claimed_by }) : t(conv.waiting ? "status.waiting" : "status.bot");
    $("conv-lang").replaceChildren(el("span", { class: "sr-only" }, t("conv.language") + ": "), langBadge(conv.language));
    $("conv-lang").title = t("conv.language");
    $("act-claim").disabled = mine;
    $("act-release").disabled = !conv.waiting;
    $("act-close").disabled = !conv.waiting;
    $("reply-text").disabled = !mine;
    $("reply-send").disabled = !mine;
    $("canned").disabled = !mine;
    const f = conv.form;
    $("form-title").textContent = f ? f.title + " – " + (f.field ? t("form.asking", { field: f.field_label || f.field }) : t("form.summary")) : t("form.none");
    $("form-answers").replaceChildren(...(f ? f.answers : []).flatMap((a) => [el("dt", { text: a.label }), el("dd", { text: a.value || "—" })]));
    $("conv-cases").replaceChildren(...conv.cases.map((c) => el("li", {},
      el("button", { type: "button", class: "link", onclick: () => openCase(c.ref) }, c.ref), " " + STATUS(c.status))));
    renderNotes(conv.notes);
    hooks.conversation.forEach((f) => f(conv));
  }

  function renderNotes(notes) {
    $("notes").replaceChildren(...notes.map((n) => el("li", {},
      el("span", { class: "meta", text: n.author + ", " + fmtTime(n.time) }), el("span", { class: "note-text", text: n.text }))));
  }

  function appendEntries(entries) {
    const list = $("transcript");
    for (const e of entries) {
      if (e.seq <= state.lastSeq) continue;
      state.lastSeq = e.seq;
      const who = e.from === "staff" && e.author ? e.author : FROM(e.from);
      const li = el("li", { class: "entry from-" + e.from, "data-seq": String(e.seq) },
        el("span", { class: "meta", text: who + " · " + fmtTime(e.time) }),
        el("span", { class: "text", text: e.text || e.choice || "" }));
      for (const f of e.files || []) {
        li.append(el("a", { class: "file", href: f.url, download: f.name }, f.name + " (" + f.media_type + ")"));
      }
      if (e.options && e.options.length) {
        li.append(el("span", { class: "options", text: t("options", { list: e.options.map((o) => o.label).join(" · ") }) }));
      }
      list.append(li);
    }
    list.scrollTop = list.scrollHeight;
  }

  async function refreshConversation(full) {
    const id = state.conv && state.conv.id;
    if (!id) return;
    try {
      if (full) {
        const conv = await api("GET", "conversations/" + encodeURIComponent(id) + "/notes");
        renderNotes(conv);
        return;
      }
      const data = await api("GET", "conversations/" + encodeURIComponent(id) + "/entries?after=" + state.lastSeq);
      if (state.conv && state.conv.id === id) appendEntries(data.entries);
      const q = await api("GET", "queue");
      const it = q.find((x) => x.id === id);
      state.conv.waiting = !!it;
      state.conv.claimed_by = it ? it.claimed_by : "";
      if (it && it.language && it.language !== state.conv.language) {
        state.conv.language = it.language; // the citizen picked another language
        fillCanned(it.language);
      }
      renderConversation(state.conv);
    } catch (e) { /* shown on the next action */ }
  }

  async function act(path, body) {
    $("conv-error").textContent = "";
    const id = state.conv.id;
    try {
      await api("POST", "conversations/" + encodeURIComponent(id) + "/" + path, body);
    } catch (e) {
      $("conv-error").textContent = e.status === 409 && e.body.claimed_by
        ? t("claimed_by", { name: e.body.claimed_by }) : e.message;
      return false;
    }
    return true;
  }

  $("act-claim").addEventListener("click", async () => {
    if (await act("claim")) openConversation(state.conv.id);
  });
  // After an action that ends the agent's part, back to the queue, unless
  // the agent went elsewhere meanwhile.
  const backToQueue = () => { if (state.view === "conv") openQueue(); };
  $("act-release").addEventListener("click", async () => { if (await act("release")) backToQueue(); });
  $("act-close").addEventListener("click", async () => { if (await act("close")) backToQueue(); });
  $("act-transfer").addEventListener("click", async () => {
    const dept = $("transfer-dept").value;
    if (dept && await act("transfer", { department: dept })) backToQueue();
  });

  $("reply-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = $("reply-text").value.trim();
    if (!text) return;
    $("reply-send").disabled = true;
    if (await act("messages", { text })) $("reply-text").value = "";
    $("reply-send").disabled = false;
    refreshConversation(false);
  });

  $("reply-text").addEventListener("input", () => {
    const now = Date.now();
    if (now - state.lastTypingSent < 3000 || !state.conv) return;
    state.lastTypingSent = now;
    api("POST", "conversations/" + encodeURIComponent(state.conv.id) + "/typing").catch(() => {});
  });

  $("note-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = $("note-text").value.trim();
    if (!text) return;
    if (await act("notes", { text })) $("note-text").value = "";
    refreshConversation(true);
  });

  async function loadCanned() {
    let list = [];
    try { list = await api("GET", "canned"); } catch (e) { /* none */ }
    state.canned = list;
    fillCanned("");
  }

  // fillCanned offers the canned replies in the citizen's language first,
  // then those for every language, then those in other languages (each
  // marked with its language's name).
  function fillCanned(lang) {
    const all = state.canned || [];
    const group = (label, list) => (list.length ? [el("optgroup", { label }, ...list.map((c) =>
      el("option", { value: c.text, lang: c.language || LANG }, c.title + (c.language && c.language !== lang ? " (" + langName(c.language) + ")" : ""))))] : []);
    $("canned").replaceChildren(el("option", { value: "" }, t("canned.choose")),
      ...(lang ? group(langName(lang), all.filter((c) => c.language === lang)) : []),
      ...group(t("canned.all"), all.filter((c) => !c.language)),
      ...group(t("canned.other"), all.filter((c) => c.language && c.language !== lang)));
  }

  $("canned").addEventListener("change", () => {
    const text = $("canned").value;
    if (text) $("reply-text").value = ($("reply-text").value ? $("reply-text").value + "\n" : "") + text;
    $("canned").value = "";
  });

  async function loadDepartments() {
    let list = [];
    try { list = await api("GET", "departments"); } catch (e) { /* none */ }
    state.deptList = list;
    state.depts = Object.fromEntries(list.map((d) => [d.id, d.name]));
    $("transfer-dept").replaceChildren(el("option", { value: "" }, t("transfer.choose")),
      ...list.map((d) => el("option", { value: d.id }, d.name + (d.online ? " (online)" : ""))));
  }

  // ---- cases ----

  async function openCases() {
    show("cases");
    $("cases-error").textContent = "";
    const params = new URLSearchParams();
    for (const [k, id] of [["status", "cases-status"], ["q", "cases-q"], ["from", "cases-from"], ["to", "cases-to"]]) {
      if ($(id).value.trim()) params.set(k, $(id).value.trim());
    }
    let list;
    const qs = params.toString();
    try { list = await api("GET", "cases" + (qs ? "?" + qs : "")); } catch (e) {
      $("cases-error").textContent = e.message;
      return;
    }
    if (state.view !== "cases") return;
    $("cases-empty").hidden = list.length > 0;
    $("cases-list").replaceChildren(...list.map((c) => row("cases-table", { class: "case-item", "data-ref": c.ref },
      el("td", { text: c.ref }), el("td", { text: c.service_title }), el("td", { text: c.department_name || deptName(c.department) }),
      el("td", { text: STATUS(c.status) }), el("td", { text: fmtTime(c.created) }),
      el("td", {}, el("button", { type: "button", class: "open", onclick: () => openCase(c.ref) }, t("open"))))));
  }

  $("nav-cases").addEventListener("click", openCases);
  $("cases-status").addEventListener("change", openCases);
  $("cases-search").addEventListener("submit", (ev) => { ev.preventDefault(); openCases(); });
  $("case-back").addEventListener("click", openCases);

  async function openCase(ref) {
    $("case-error").textContent = "";
    let c;
    try { c = await api("GET", "cases/" + encodeURIComponent(ref)); } catch (e) {
      $("case-error").textContent = e.message;
      return;
    }
    $("case-info").textContent = state.caseInfo && state.caseInfo.ref === ref && c.status === "needs-info" ? state.caseInfo.text : "";
    state.caseRef = ref;
    state.caseConv = c.conversation;
    show("case");
    $("case-title").textContent = c.ref + " · " + c.service_title;
    $("case-status").textContent = STATUS(c.status);
    $("case-answers").replaceChildren(...c.answers.flatMap((a) => [el("dt", { text: a.label }), el("dd", { text: a.value || "—" })]));
    $("case-files").replaceChildren(...c.files.map((f) => el("li", {}, el("a", { href: f.url, download: f.name }, f.name))));
    const labels = Object.fromEntries(c.answers.map((a) => [a.name, a.label]));
    $("case-history").replaceChildren(...c.history.map((h) => el("li", {},
      fmtTime(h.time) + " · " + (h.actor || FROM("citizen")) + ": " + STATUS(h.from) + " → " + STATUS(h.status),
      h.amended ? el("span", { class: "note-text", text: " – " + t("case.amended", { fields: h.amended.map((n) => labels[n] || n).join(", ") }) }) : null,
      h.field && !h.amended ? el("span", { class: "note-text", text: " – " + t("case.asked", { field: labels[h.field] || h.field }) }) : null,
      h.note ? el("span", { class: "note-text", text: " – " + h.note }) : null)));
    $("case-field").replaceChildren(el("option", { value: "" }, t("case.field_none")),
      ...(c.fields || []).map((f) => el("option", { value: f.name }, f.label)));
    $("case-field-label").hidden = !c.transitions.includes("needs-info");
    $("case-actions").replaceChildren(...c.transitions.map((s) =>
      el("button", { type: "button", class: "status-" + s, "data-status": s, onclick: () => setStatus(c.ref, s) }, ACTION(s))));
  }

  async function setStatus(ref, status) {
    $("case-error").textContent = "";
    const note = $("case-note").value.trim();
    if ((status === "rejected" || status === "needs-info") && !note) {
      $("case-error").textContent = t(status === "rejected" ? "case.need_reason" : "case.need_question");
      return;
    }
    try {
      const body = { status, note };
      if (status === "needs-info" && $("case-field").value) body.field = $("case-field").value;
      const res = await api("POST", "cases/" + encodeURIComponent(ref) + "/status", body);
      $("case-note").value = "";
      state.caseInfo = status !== "needs-info" ? null : {
        ref, text: t(res.reopened ? "case.reopened" : "case.queued"),
      };
    } catch (e) {
      $("case-error").textContent = e.message;
    }
    openCase(ref);
  }

  $("case-conversation").addEventListener("click", () => { if (state.caseConv) openConversation(state.caseConv); });

  // ---- appointments: an office's day plan ----


  async function loadOffices() {
    let list = [];
    try { list = await api("GET", "offices"); } catch (e) { list = []; }
    $("nav-appts").hidden = list.length === 0;
    $("appts-office").replaceChildren(...list.map((o) => el("option", { value: o.id }, o.name)));
    if (!$("appts-date").value) $("appts-date").value = today();
  }

  async function openAppointments() {
    show("appts");
    $("appts-error").textContent = "";
    const office = $("appts-office").value;
    if (!office) return;
    let plan;
    try {
      plan = await api("GET", "offices/" + encodeURIComponent(office) + "/day?date=" + encodeURIComponent($("appts-date").value));
    } catch (e) {
      $("appts-error").textContent = e.message;
      return;
    }
    if (state.view !== "appts") return;
    $("appts-info").textContent = plan.closed ? t("appts.closed", { reason: plan.closed })
      : t("appts.open", { hours: plan.hours.join(", "), counters: plan.counters, n: plan.appointments.length });
    $("appts-list").replaceChildren(...plan.appointments.map((a) => row("appts-table", { class: "appt-item", "data-ref": a.ref },
      el("td", { text: fmtClock(a.start) + "–" + fmtClock(a.end) }), el("td", { text: a.ref }), el("td", { text: a.service_title }),
      el("td", { text: a.name || "—" }), el("td", { text: VISIT(a.status) }),
      el("td", {},
        el("button", { type: "button", class: "visit-seen", onclick: () => markVisit(a.ref, "seen") }, VISIT("seen")),
        el("button", { type: "button", class: "visit-no-show", onclick: () => markVisit(a.ref, "no-show") }, VISIT("no-show"))))));
  }

  async function markVisit(ref, status) {
    try {
      await api("POST", "appointments/" + encodeURIComponent(ref) + "/status", { status });
    } catch (e) {
      $("appts-error").textContent = e.message;
      return;
    }
    openAppointments();
  }

  $("nav-appts").addEventListener("click", openAppointments);
  $("appts-office").addEventListener("change", openAppointments);
  $("appts-date").addEventListener("change", openAppointments);

  // ---- audit ----

  async function openAudit(more) {
    show("audit");
    if (!more) { state.auditBefore = 0; $("audit-list").replaceChildren(); }
    let list;
    try { list = await api("GET", "admin/audit?limit=100" + (state.auditBefore ? "&before=" + state.auditBefore : "")); } catch (e) { return; }
    for (const a of list) {
      $("audit-list").append(el("tr", {}, el("td", { text: fmtTime(a.time) }), el("td", { text: a.actor }),
        el("td", { text: a.action }), el("td", { text: a.object })));
      state.auditBefore = a.seq;
    }
    $("audit-more").hidden = list.length < 100;
  }

  $("nav-audit").addEventListener("click", () => openAudit(false));
  $("audit-more").addEventListener("click", () => openAudit(true));

  // ---- for admin.js ----

  window.amtsboteConsole = { api, el, $, show, row, deptName, state, loadDepartments, loadCanned, fmtTime, on, t, languages, langName, errorText };

  // ---- start ----

  $("console-lang").addEventListener("change", () => {
    localStorage.setItem("amtsbote.lang", $("console-lang").value);
    setLang($("console-lang").value);
    if (state.view === "queue") openQueue();
    else if (state.view === "conv" && state.conv) { renderConversation(state.conv); fillCanned(state.conv.language); }
  });
  loadTexts().then(() => api("GET", "me")).then(loggedIn).catch(showLogin);
})();
