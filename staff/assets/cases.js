// Amtsbote staff console, the cases, the appointments and the audit log:
// the cases of the agent's department (search, one case with its answers,
// files and history, a change of its status), an office's day plan
// (seen, no-show) and, for admins, who opened what. It uses the helpers
// console.js exports and adds its views to them; every text is inserted
// with textContent.
"use strict";

(function () {
  const C = window.amtsboteConsole;
  const { api, el, $, show, row, deptName, state, fmtTime, fmtClock, today, t, STATUS, ACTION, VISIT, FROM } = C;

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

  $("case-conversation").addEventListener("click", () => { if (state.caseConv) C.openConversation(state.caseConv); });

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

  Object.assign(C, { openCases, openCase, loadOffices });
})();
