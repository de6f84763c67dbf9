// Amtsbote staff console: plain JavaScript over the JSON API of
// docs/staff-api.md and the live socket /staff/ws. Every text that comes
// from a citizen (or anyone) is inserted with textContent, never as HTML.
// This script holds what every screen shares (texts, helpers, the API,
// login, the live socket) and exports it as window.amtsboteConsole; the
// scripts after it add their screens: conversations.js (the queue and a
// conversation), cases.js (cases, appointments, the audit log), admin.js,
// answers.js and ratings.js. The console starts once all of them ran.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const state = {
    me: null, view: "", conv: null, lastSeq: 0, caseRef: "", ws: null, wsDelay: 1000,
    auditBefore: 0, typingTimer: 0, lastTypingSent: 0,
    depts: {}, waitingSeen: null,
  };
  // C is what this script shares with the others (window.amtsboteConsole):
  // its helpers, and the screens conversations.js and cases.js add to it.
  const C = {};

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
    await C.loadDepartments();
    await C.loadCanned();
    await C.loadOffices();
    if (!state.view || state.view === "login") await C.openQueue(); // unless the agent went elsewhere meanwhile
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
        if (state.view === "queue") C.openQueue();
        break;
      case "queue.changed":
        if (state.view === "queue") C.openQueue();
        else if ($("notify").checked) api("GET", "queue").then(C.noticeNew).catch(() => {});
        if (state.view === "conv") C.refreshConversation(false);
        break;
      case "conversation.message":
      case "conversation.note":
        if (state.view === "conv" && state.conv && state.conv.id === ev.conversation) C.refreshConversation(ev.type === "conversation.note");
        break;
      case "conversation.typing":
        if (state.view === "conv" && state.conv && state.conv.id === ev.conversation) C.showTyping();
        break;
      case "case.changed":
        if (state.view === "cases") C.openCases();
        if (state.view === "case" && state.caseRef === ev.case) C.openCase(ev.case);
        break;
      case "resync": // the node may have missed events of the other nodes: reload what is shown
        if (state.view === "queue") C.openQueue();
        if (state.view === "conv") { C.refreshConversation(true); C.refreshConversation(false); }
        if (state.view === "cases") C.openCases();
        if (state.view === "case" && state.caseRef) C.openCase(state.caseRef);
        break;
    }
  }

  // hooks are the other scripts' parts of a view (ratings.js): "queue"
  // runs when the queue opens, "conversation" with each conversation shown.
  const hooks = { queue: [], conversation: [] };
  function on(view, f) { hooks[view].push(f); }
  // fire runs the other scripts' parts of view with args.
  function fire(view, ...args) { hooks[view].forEach((f) => f(...args)); }
  // consoleLang is the console's language now.
  const consoleLang = () => LANG;

  // ---- for the other scripts ----

  window.amtsboteConsole = Object.assign(C, {
    api, el, $, show, row, deptName, state, fmtTime, fmtClock, fmtWait, today, on, fire, t, consoleLang, languages, langName, langBadge,
    errorText, STATUS, ACTION, VISIT, FROM, CHANNEL,
  });

  // ---- start, once every script of the page ran (deferred scripts run
  // before DOMContentLoaded): the views of the other scripts are there.

  $("console-lang").addEventListener("change", () => {
    localStorage.setItem("amtsbote.lang", $("console-lang").value);
    setLang($("console-lang").value);
    if (state.view === "queue") C.openQueue();
    else if (state.view === "conv" && state.conv) { C.renderConversation(state.conv); C.fillCanned(state.conv.language); }
  });
  document.addEventListener("DOMContentLoaded", () => {
    loadTexts().then(() => api("GET", "me")).then(loggedIn).catch(showLogin);
  });
})();
