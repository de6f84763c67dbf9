// Amtsbote staff console, the knowledge base: editors (their department's
// answers) and admins list, search, edit, preview and publish answers,
// see which are overdue for review and which citizens found unhelpful,
// and exchange them as CSV. It uses the helpers console.js exports; every
// text is inserted with textContent.
"use strict";

(function () {
  const { api, el, $, show, row, deptName, state, t, errorText } = window.amtsboteConsole;
  let current = null; // the answer being edited (API form)

  // report shows an error (or clears it and shows ok). An invalid answer
  // or CSV file (bad_answer, bad_csv) comes with its problems: each a
  // catalog text (answers.problem.*) with its placeholders, listed under
  // the error in the console's language, a CSV row before it.
  function report(e, ok) {
    $("ans-error").textContent = e ? e.message : "";
    $("ans-error-ok").textContent = e ? "" : ok || "";
    const problems = (e && e.body && e.body.problems) || [];
    problemList().replaceChildren(...problems.map((p) => {
      const args = p.args || {};
      const said = t(p.key, args);
      return el("li", { text: args.row ? t("answers.problem.row", { row: args.row }) + ": " + said : said });
    }));
    problemList().hidden = !problems.length;
  }

  // problemList is the list under the error, made at its first use.
  function problemList() {
    let ul = $("ans-problems");
    if (!ul) {
      ul = el("ul", { id: "ans-problems", class: "error" });
      ul.hidden = true;
      $("ans-error").after(ul);
    }
    return ul;
  }

  async function openAnswers() {
    show("answers");
    $("ans-edit").hidden = true;
    await loadList();
  }

  async function loadList() {
    const q = $("ans-q").value.trim();
    let path = "answers?";
    if (q) path += "q=" + encodeURIComponent(q) + "&";
    if ($("ans-overdue").checked) path += "overdue=1";
    let list;
    try { list = await api("GET", path); } catch (e) { report(e); return; }
    $("ans-list").replaceChildren(...list.map((a) => {
      const open = el("button", { type: "button", class: "link", onclick: () => openAnswer(a.id) }, a.title);
      const stand = [];
      stand.push(a.version ? t("ans.version", { n: a.version }) : t("ans.file"));
      if (a.draft) stand.push(t("ans.draft_open"));
      const rated = a.helpful + a.not_helpful;
      const rating = rated ? t("ans.of", { n: a.helpful, total: rated }) + (a.failing ? " – " + t("ans.failing") : "") : "–";
      return row("ans-table", { "data-id": a.id, class: a.overdue || a.failing ? "flag" : "" },
        el("td", {}, open),
        el("td", { text: deptName(a.department) }),
        el("td", { text: a.review + (a.overdue ? " (" + t("ans.overdue") + ")" : "") }),
        el("td", { text: stand.join(", ") }),
        el("td", { text: rating }));
    }));
    if (!list.length) report(null, t("ans.none"));
  }

  function fill(a) {
    $("ans-title").value = (a.title || {}).de || "";
    $("ans-text").value = (a.text || {}).de || "";
    $("ans-first").value = (a.first || {}).de || "";
    $("ans-questions").value = ((a.questions || {}).de || []).join("\n");
    $("ans-keywords").value = ((a.keywords || {}).de || []).join(", ");
    $("ans-page").value = a.page || "";
    $("ans-form-url").value = a.form || "";
    $("ans-review").value = a.review || "";
  }

  // edited returns the answer with the form's German texts; the other
  // languages are kept as they are.
  function edited() {
    const a = JSON.parse(JSON.stringify(current));
    const set = (k, v) => { a[k] = Object.assign({}, a[k] || {}); if (v) a[k].de = v; else delete a[k].de; };
    set("title", $("ans-title").value.trim());
    set("text", $("ans-text").value.trim());
    set("first", $("ans-first").value.trim());
    a.questions = Object.assign({}, a.questions || {}, { de: $("ans-questions").value.split("\n").map((s) => s.trim()).filter(Boolean) });
    a.keywords = Object.assign({}, a.keywords || {}, { de: $("ans-keywords").value.split(",").map((s) => s.trim()).filter(Boolean) });
    a.page = $("ans-page").value.trim();
    a.form = $("ans-form-url").value.trim();
    a.review = $("ans-review").value;
    return a;
  }

  function showDetail(d) {
    current = d.draft || d.answer;
    $("ans-edit").hidden = false;
    $("ans-edit-title").textContent = (d.answer.title || {}).de || d.answer.id;
    const st = [deptName(d.answer.department)];
    if (d.draft) st.push(t("ans.draft_saved_unpublished"));
    if (d.overdue) st.push(t("ans.review_passed"));
    if (!d.editable) st.push(t("ans.read_only"));
    $("ans-edit-state").textContent = st.join(" · ");
    fill(current);
    for (const id of ["ans-save", "ans-publish", "ans-preview"]) $(id).disabled = !d.editable;
    $("ans-publish").disabled = !d.editable || !d.draft;
    $("ans-revert").disabled = !d.editable || d.versions.length < 2;
    showPreview(d.preview);
    $("ans-versions").replaceChildren(...d.versions.map((v) =>
      el("li", { text: t("ans.version", { n: v.version }) + " – " + v.editor + ", " + new Date(v.time).toLocaleString(document.documentElement.lang === "de-x-ls" ? "de-DE" : document.documentElement.lang) })));
  }

  function showPreview(p) {
    const box = $("ans-preview-box");
    if (!p || !p.title) { box.replaceChildren(); return; }
    const parts = [el("h4", { text: t("ans.previewing", { title: p.title }) }), el("p", { class: "pre", text: p.text })];
    if (p.first) parts.push(el("p", { text: t("ans.first_prefix", { text: p.first }) }));
    if (p.office) parts.push(el("p", { class: "muted", text: p.office.name + ", " + p.office.address + " – " + p.office.hours }));
    for (const l of p.links || []) {
      let host = "";
      try { host = new URL(l.url).host; } catch (e) { continue; }
      if (!/^https?:$/.test(new URL(l.url).protocol)) continue;
      parts.push(el("p", {}, el("a", { href: l.url, target: "_blank", rel: "noopener noreferrer" }, t(l.kind === "form" ? "ans.form" : "ans.more")), " (" + host + ")"));
    }
    box.replaceChildren(...parts);
  }

  async function openAnswer(id) {
    report(null);
    try { showDetail(await api("GET", "answers/" + encodeURIComponent(id))); } catch (e) { report(e); }
  }

  async function preview() {
    try { showPreview(await api("POST", "answers/" + encodeURIComponent(current.id) + "/preview", edited())); report(null); } catch (e) { report(e); }
  }

  async function save(ev) {
    ev.preventDefault();
    try {
      showDetail(await api("POST", "answers/" + encodeURIComponent(current.id) + "/draft", edited()));
      report(null, t("ans.saved"));
    } catch (e) { report(e); }
  }

  async function publish() {
    try {
      showDetail(await api("POST", "answers/" + encodeURIComponent(current.id) + "/publish"));
      report(null, t("ans.published"));
      await loadList();
    } catch (e) { report(e); }
  }

  async function revert() {
    try {
      showDetail(await api("POST", "answers/" + encodeURIComponent(current.id) + "/revert"));
      report(null, t("ans.reverted"));
    } catch (e) { report(e); }
  }

  async function importCSV() {
    const f = $("ans-import").files[0];
    if (!f) return;
    try {
      const resp = await fetch("/staff/api/answers/import", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "text/csv", "X-CSRF-Token": state.me.csrf }, body: await f.text(),
      });
      const data = await resp.json().catch(() => null);
      if (!resp.ok) {
        const err = new Error(data && data.error ? errorText(resp.status, data) : t("ans.import_failed"));
        err.body = data || {};
        throw err;
      }
      report(null, t("ans.imported", { n: data.drafts.length }));
      await loadList();
    } catch (e) { report(e); }
    $("ans-import").value = "";
  }

  $("nav-answers").addEventListener("click", openAnswers);
  $("ans-search").addEventListener("submit", (ev) => { ev.preventDefault(); loadList(); });
  $("ans-form").addEventListener("submit", save);
  $("ans-preview").addEventListener("click", preview);
  $("ans-publish").addEventListener("click", publish);
  $("ans-revert").addEventListener("click", revert);
  $("ans-import").addEventListener("change", importCSV);
})();
