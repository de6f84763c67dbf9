// Amtsbote staff console, the queue and one conversation: the waiting
// conversations (with a sound and a desktop notice for new ones), a
// conversation's transcript, form, cases and notes, and the agent's
// actions in it (claim, reply with canned replies, release, close,
// transfer). It uses the helpers console.js exports and adds its views to
// them; every text is inserted with textContent.
"use strict";

(function () {
  const C = window.amtsboteConsole;
  const { api, el, $, show, row, deptName, state, fmtTime, fmtWait, fire, t, consoleLang, langName, langBadge, STATUS, FROM, CHANNEL } = C;

  // ---- queue ----

  async function openQueue() {
    show("queue");
    fire("queue");
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
      el("button", { type: "button", class: "link", onclick: () => C.openCase(c.ref) }, c.ref), " " + STATUS(c.status))));
    renderNotes(conv.notes);
    fire("conversation", conv);
  }

  function showTyping() {
    $("typing").hidden = false;
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => { $("typing").hidden = true; }, 5000);
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
      el("option", { value: c.text, lang: c.language || consoleLang() }, c.title + (c.language && c.language !== lang ? " (" + langName(c.language) + ")" : ""))))] : []);
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

  Object.assign(C, { openQueue, noticeNew, openConversation, renderConversation, refreshConversation, showTyping, loadCanned, fillCanned, loadDepartments });
})();
