// Amtsbote staff console, the citizens' ratings of their conversations:
// the counts per department and service under the queue (an agent sees
// their department's), and on a conversation its rating with the comment.
// It uses the helpers console.js exports; every text is inserted with
// textContent.
"use strict";

(function () {
  const { api, el, $, row, deptName, fmtTime, on, state, t } = window.amtsboteConsole;
  const SCORE = (s) => (s === "good" || s === "bad" ? t("rating." + s) : s);

  async function loadCounts() {
    let list;
    try { list = await api("GET", "ratings"); } catch (e) {
      $("ratings-error").textContent = e.message;
      return;
    }
    $("ratings-error").textContent = "";
    $("ratings-empty").hidden = list.length > 0;
    $("ratings-table").hidden = list.length === 0;
    $("ratings-list").replaceChildren(...list.map((r) => row("ratings-table", { class: "rating-count" },
      el("td", { text: r.department ? (r.department_name || deptName(r.department)) : "allgemein" }),
      el("td", { text: r.service_title || r.service || "ohne Anliegen" }),
      el("td", { text: String(r.good) }),
      el("td", { text: String(r.bad) }),
      el("td", { text: String(r.comments) }),
      el("td", { text: fmtTime(r.last) }),
    )));
  }

  function showRating(conv) {
    const r = conv.rating;
    $("conv-rating").textContent = r ? SCORE(r.score) + " · " + fmtTime(r.at) : t("rating.none");
    $("conv-rating").classList.toggle("muted", !r);
    $("conv-rating-comment").textContent = r && r.comment ? r.comment : "";
    $("conv-rating-comment").hidden = !(r && r.comment);
  }

  on("queue", loadCounts);
  on("conversation", showRating);
  if (state.view === "queue") loadCounts(); // the queue opened before this script ran
})();
