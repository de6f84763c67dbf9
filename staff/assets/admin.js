// Amtsbote staff console, admin screens: accounts (add, disable, reset the
// password, change the department), canned replies by department and
// language, and the departments' office hours. It uses the helpers
// console.js exports; every text is inserted with textContent.
"use strict";

(function () {
  const { api, el, $, show, row, deptName, state, loadDepartments, loadCanned, t, languages, langName } = window.amtsboteConsole;
  const DAYS = ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"];

  function deptOptions(withNone, noneLabel) {
    const opts = (state.deptList || []).map((d) => el("option", { value: d.id }, d.name));
    return withNone ? [el("option", { value: "" }, noneLabel), ...opts] : opts;
  }

  function report(id, e, ok) {
    $(id).textContent = e ? e.message : "";
    $(id + "-ok").textContent = e ? "" : ok || "";
  }

  async function openAdmin() {
    show("admin");
    if (!state.deptList) await loadDepartments(); // opened before the login finished loading them
    $("acct-new-dept").replaceChildren(...deptOptions(true, "keine (nur Admin)"));
    $("canned-new-dept").replaceChildren(...deptOptions(true, "alle Abteilungen"));
    // a canned reply is for one language (each by its own name) or all
    $("canned-new-lang").replaceChildren(el("option", { value: "" }, t("canned.all")),
      ...languages().map((code) => el("option", { value: code, lang: code }, langName(code))));
    $("hours-dept").replaceChildren(...deptOptions(false));
    await Promise.all([openAccounts(), openCannedList()]);
    showHours();
  }

  // ---- accounts ----

  async function openAccounts() {
    let list;
    try { list = await api("GET", "admin/accounts"); } catch (e) { report("acct-error", e); return; }
    $("acct-list").replaceChildren(...list.map((a) => {
      const dept = el("select", { "aria-label": "Abteilung von " + a.username, class: "acct-dept" },
        ...deptOptions(true, "keine (nur Admin)"));
      dept.value = a.department;
      const pw = el("input", { type: "password", autocomplete: "new-password", class: "acct-pw",
        "aria-label": "Neues Passwort für " + a.username, placeholder: "neues Passwort" });
      return row("acct-table", { class: "acct-item", "data-username": a.username },
        el("td", { text: a.username }),
        el("td", { text: a.name || "—" }),
        el("td", { text: a.role === "admin" ? "Admin" : "Sachbearbeitung" }),
        el("td", {}, dept, el("button", { type: "button", class: "acct-save-dept",
          onclick: () => update(a.username, { department: dept.value }, "Abteilung geändert.") }, "Ändern")),
        el("td", { text: a.disabled ? "gesperrt" : "aktiv" }),
        el("td", { class: "acct-actions" },
          el("button", { type: "button", class: "acct-toggle",
            onclick: () => update(a.username, { disabled: !a.disabled }, a.disabled ? "Konto entsperrt." : "Konto gesperrt.") },
          a.disabled ? "Entsperren" : "Sperren"),
          pw, el("button", { type: "button", class: "acct-reset",
            onclick: () => update(a.username, { password: pw.value, unlock: true }, "Passwort zurückgesetzt.") }, "Passwort setzen")));
    }));
  }

  async function update(username, body, ok) {
    try {
      await api("POST", "admin/accounts/" + encodeURIComponent(username), body);
      report("acct-error", null, username + ": " + ok);
    } catch (e) { report("acct-error", e); return; }
    openAccounts();
  }

  $("acct-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = {
      username: $("acct-new-username").value.trim(), name: $("acct-new-name").value.trim(),
      department: $("acct-new-dept").value, role: $("acct-new-admin").checked ? "admin" : "agent",
      password: $("acct-new-password").value,
    };
    try {
      await api("POST", "admin/accounts", body);
      report("acct-error", null, body.username + ": Konto angelegt.");
      $("acct-form").reset();
    } catch (e) { report("acct-error", e); return; }
    openAccounts();
  });

  // ---- canned replies ----

  async function openCannedList() {
    let list;
    try { list = await api("GET", "canned"); } catch (e) { report("canned-error", e); return; }
    $("canned-list").replaceChildren(...list.map((c) => row("canned-table", { class: "canned-item" },
      el("td", { text: c.department ? deptName(c.department) : "alle" }),
      el("td", c.language ? { lang: c.language } : {}, c.language ? langName(c.language) : t("canned.all")),
      el("td", { text: c.title }),
      el("td", { class: "pre", text: c.text }),
      el("td", {}, el("button", { type: "button", class: "canned-delete", onclick: () => deleteCanned(c) }, "Löschen")))));
  }

  async function deleteCanned(c) {
    try {
      await api("DELETE", "admin/canned/" + encodeURIComponent(c.id));
      report("canned-error", null, "„" + c.title + "“ gelöscht.");
    } catch (e) { report("canned-error", e); return; }
    openCannedList();
    loadCanned();
  }

  $("canned-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const body = {
      department: $("canned-new-dept").value, lang: $("canned-new-lang").value,
      title: $("canned-new-title").value.trim(), text: $("canned-new-text").value.trim(),
    };
    try {
      await api("POST", "admin/canned", body);
      report("canned-error", null, "„" + body.title + "“ gespeichert.");
      $("canned-form").reset();
    } catch (e) { report("canned-error", e); return; }
    openCannedList();
    loadCanned();
  });

  // ---- office hours ----

  function hoursRow(h) {
    const day = el("select", { class: "hours-day", "aria-label": "Wochentag" },
      ...[1, 2, 3, 4, 5, 6, 0].map((d) => el("option", { value: String(d) }, DAYS[d])));
    day.value = String(h.weekday);
    return el("li", { class: "hours-row" }, day,
      el("input", { type: "time", class: "hours-from", "aria-label": "von", value: h.from }),
      el("input", { type: "time", class: "hours-to", "aria-label": "bis", value: h.to }),
      el("button", { type: "button", class: "link hours-remove", onclick: (ev) => ev.target.closest("li").remove() }, "Entfernen"));
  }

  function showHours() {
    const d = (state.deptList || []).find((x) => x.id === $("hours-dept").value);
    $("hours-list").replaceChildren(...(d ? d.hours : []).map(hoursRow));
    $("hours-source").textContent = !d ? "" : d.hours_source === "console"
      ? "In der Konsole festgelegt: " + d.hours_text + ". Sie gelten statt der Zeiten der Abteilungsdatei."
      : d.hours_source === "file" ? "Aus der Abteilungsdatei: " + d.hours_text + "."
        : "Keine Sprechzeiten bekannt: Anfragen gelten immer als innerhalb der Sprechzeiten.";
    $("hours-reset").hidden = !d || d.hours_source !== "console";
    $("hours-rr").checked = !!(d && d.round_robin);
    report("hours-error", null);
  }

  async function saveHours(hours, ok) {
    const id = $("hours-dept").value;
    try {
      await api("POST", "admin/departments/" + encodeURIComponent(id), { hours });
      report("hours-error", null, deptName(id) + ": " + ok);
    } catch (e) { report("hours-error", e); return; }
    await loadDepartments();
    $("hours-dept").value = id;
    const msg = $("hours-error-ok").textContent;
    showHours();
    $("hours-error-ok").textContent = msg;
  }

  $("hours-dept").addEventListener("change", showHours);
  $("hours-rr").addEventListener("change", async () => {
    const id = $("hours-dept").value, on = $("hours-rr").checked;
    try {
      await api("POST", "admin/departments/" + encodeURIComponent(id), { round_robin: on });
      report("hours-error", null, deptName(id) + (on ? ": neue Gespräche werden reihum verteilt." : ": neue Gespräche bleiben in der Warteschlange."));
    } catch (e) { report("hours-error", e); $("hours-rr").checked = !on; return; }
    await loadDepartments();
  });
  $("hours-add").addEventListener("click", () => $("hours-list").append(hoursRow({ weekday: 1, from: "08:00", to: "12:00" })));
  $("hours-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const hours = [...document.querySelectorAll("#hours-list .hours-row")].map((li) => ({
      weekday: Number(li.querySelector(".hours-day").value),
      from: li.querySelector(".hours-from").value, to: li.querySelector(".hours-to").value,
    }));
    if (!hours.length) { report("hours-error", new Error("Bitte mindestens einen Zeitraum angeben.")); return; }
    await saveHours(hours, "Sprechzeiten gespeichert.");
  });
  $("hours-reset").addEventListener("click", () => saveHours([], "wieder die Zeiten der Abteilungsdatei."));

  $("nav-admin").addEventListener("click", openAdmin);
})();
