package staff

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"amtsbote/answers"
	"amtsbote/store"
	"amtsbote/text"
)

// answersEnv is a console with an editor of the waste management, an
// agent of the same department and an admin.
func answersEnv(t *testing.T) (*env, *agent, *agent, *agent) {
	e := newEnv(t, Options{})
	e.account("erika", "abfallwirtschaft", store.RoleEditor)
	e.account("anton", "abfallwirtschaft", store.RoleAgent)
	e.account("ada", "", store.RoleAdmin)
	return e, e.login("erika"), e.login("anton"), e.login("ada")
}

func (e *env) citizenText(id string) string {
	r, ok := e.core.App.Answers.Base().Answer(id, "de")
	if !ok {
		e.t.Fatalf("no answer %s", id)
	}
	return r.Text
}

// TestAnswerEditorFlow: an editor of a department drafts, previews and
// publishes an answer of that department; citizens get it only once it is
// published; the audit log names the editor; the previous version is kept.
func TestAnswerEditorFlow(t *testing.T) {
	e, erika, anton, ada := answersEnv(t)
	anton.expect(http.StatusForbidden, "GET", "answers", nil)

	var list []answerItem
	erika.get("answers", &list)
	editable := map[string]bool{}
	for _, it := range list {
		editable[it.ID] = it.Editable
	}
	if len(list) < 40 || !editable["bulky-waste"] || editable["lost-id"] {
		t.Fatalf("%d answers, editable bulky-waste %v, lost-id %v", len(list), editable["bulky-waste"], editable["lost-id"])
	}
	var found []answerItem
	erika.get("answers?q=Sofa+entsorgen", &found)
	if len(found) == 0 || found[0].ID != "bulky-waste" {
		t.Errorf("search: %+v", found)
	}

	var d answerDetail
	erika.get("answers/bulky-waste", &d)
	old := d.Answer.Text["de"]
	a := d.Answer
	a.Text = map[string]string{"de": "Sperrmüll holen wir jetzt zweimal im Jahr kostenlos ab."}
	a.First = nil
	a.Title = map[string]string{"de": d.Answer.Title["de"]}
	a.Questions, a.Keywords = map[string][]string{"de": d.Answer.Questions["de"]}, map[string][]string{"de": d.Answer.Keywords["de"]}

	// No CSRF token, no change.
	if status, _ := erika.request("POST", "answers/bulky-waste/draft", a, ""); status != http.StatusForbidden {
		t.Errorf("draft without CSRF: %d", status)
	}
	// Another department's answer, or moving one there: forbidden.
	var lost answerDetail
	erika.get("answers/lost-id", &lost)
	erika.expect(http.StatusForbidden, "POST", "answers/lost-id/draft", lost.Answer)
	moved := a
	moved.Department = "buergerbuero"
	erika.expect(http.StatusForbidden, "POST", "answers/bulky-waste/draft", moved)
	anton.expect(http.StatusForbidden, "POST", "answers/bulky-waste/draft", a)
	// A broken answer is refused with a reason.
	bad := a
	bad.Page = "javascript:alert(1)"
	if b := erika.expect(http.StatusBadRequest, "POST", "answers/bulky-waste/draft", bad); !bytes.Contains(b, []byte("http")) {
		t.Errorf("bad link: %s", b)
	}

	var p renderedJSON
	if err := json.Unmarshal(erika.expect(http.StatusOK, "POST", "answers/bulky-waste/preview", a), &p); err != nil || !strings.Contains(p.Text, "zweimal") {
		t.Errorf("preview %+v %v", p, err)
	}
	erika.expect(http.StatusOK, "POST", "answers/bulky-waste/draft", a)
	if got := e.citizenText("bulky-waste"); got != old {
		t.Errorf("a draft reached citizens: %q", got)
	}
	var pub answerDetail
	if err := json.Unmarshal(erika.expect(http.StatusOK, "POST", "answers/bulky-waste/publish", nil), &pub); err != nil {
		t.Fatal(err)
	}
	if got := e.citizenText("bulky-waste"); !strings.Contains(got, "zweimal") {
		t.Errorf("published, citizens get %q", got)
	}
	if pub.Draft != nil || len(pub.Versions) != 1 || pub.Versions[0].Editor != "erika" {
		t.Errorf("after publishing: %+v", pub)
	}
	erika.expect(http.StatusConflict, "POST", "answers/bulky-waste/publish", nil)

	// A second version keeps the first.
	a.Text = map[string]string{"de": "Sperrmüll: dreimal im Jahr."}
	erika.expect(http.StatusOK, "POST", "answers/bulky-waste/draft", a)
	erika.expect(http.StatusOK, "POST", "answers/bulky-waste/publish", nil)
	h, _ := e.core.App.Answers.History("bulky-waste")
	if h.Published.Version != 2 || len(h.Previous) != 1 || !strings.Contains(h.Previous[0].Answer.Text["de"], "zweimal") {
		t.Errorf("history %+v", h)
	}

	// Back to the first version: it becomes the draft, to be published.
	var rev answerDetail
	if err := json.Unmarshal(erika.expect(http.StatusOK, "POST", "answers/bulky-waste/revert", nil), &rev); err != nil {
		t.Fatal(err)
	}
	if rev.Draft == nil || !strings.Contains(rev.Draft.Text["de"], "zweimal") || !strings.Contains(e.citizenText("bulky-waste"), "dreimal") {
		t.Errorf("after revert: draft %+v, citizens get %q", rev.Draft, e.citizenText("bulky-waste"))
	}
	erika.expect(http.StatusOK, "POST", "answers/bulky-waste/publish", nil)
	if !strings.Contains(e.citizenText("bulky-waste"), "zweimal") {
		t.Errorf("reverted and published: %q", e.citizenText("bulky-waste"))
	}

	var log []store.AuditEntry
	ada.get("admin/audit", &log)
	var actions []string
	for _, x := range log {
		if x.Object == "bulky-waste" && x.Actor == "erika" {
			actions = append(actions, x.Action)
		}
	}
	if strings.Join(actions, ",") != "answer.publish,answer.revert,answer.publish,answer.draft,answer.publish,answer.draft" {
		t.Errorf("audit %v", actions)
	}
	// An admin edits any department's answer.
	ada.expect(http.StatusOK, "POST", "answers/lost-id/draft", lost.Answer)
}

// TestAnswerOverdue: an answer past its review date is flagged.
func TestAnswerOverdue(t *testing.T) {
	e, erika, _, _ := answersEnv(t)
	_ = e
	var d answerDetail
	erika.get("answers/bulky-waste", &d)
	d.Answer.Review = "2020-01-31"
	erika.expect(http.StatusOK, "POST", "answers/bulky-waste/draft", d.Answer)
	erika.expect(http.StatusOK, "POST", "answers/bulky-waste/publish", nil)
	var list []answerItem
	erika.get("answers?overdue=1", &list)
	if len(list) != 1 || list[0].ID != "bulky-waste" || !list[0].Overdue {
		t.Errorf("overdue: %+v", list)
	}
}

// TestAnswerCSVRoundTrip: the export of a department, imported again with
// one text changed, becomes drafts, and the draft holds the change; an
// import naming another department's answer saves nothing.
func TestAnswerCSVRoundTrip(t *testing.T) {
	e, erika, _, _ := answersEnv(t)
	status, body := raw(t, erika, "GET", "answers/export.csv?department=abfallwirtschaft", "", nil)
	if status != http.StatusOK || !bytes.HasPrefix(body, []byte("\ufeff")) {
		t.Fatalf("export: %d %.80s", status, body)
	}
	list, err := answers.ReadCSV("export", bytes.NewReader(body))
	if err != nil || len(list) != 5 {
		t.Fatalf("export read back: %d answers, %v", len(list), err)
	}
	changed := strings.Replace(string(body), "Sperrmüll", "Sperrmuell-NEU", 1)
	status, b := raw(t, erika, "POST", "answers/import", "text/csv", []byte(changed))
	if status != http.StatusOK {
		t.Fatalf("import: %d %s", status, b)
	}
	var res importResult
	if err := json.Unmarshal(b, &res); err != nil || len(res.Drafts) != 5 {
		t.Fatalf("import: %s %v", b, err)
	}
	var drafts int
	for _, id := range res.Drafts {
		h, _ := e.core.App.Answers.History(id)
		if h.Draft != nil {
			drafts++
			if h.Draft.Answer.Department != "abfallwirtschaft" {
				t.Errorf("%s: department %q", id, h.Draft.Answer.Department)
			}
		}
	}
	if drafts != 5 || !strings.Contains(changed, "Sperrmuell-NEU") {
		t.Errorf("%d drafts", drafts)
	}
	_, all := raw(t, erika, "GET", "answers/export.csv", "", nil)
	if status, _ := raw(t, erika, "POST", "answers/import", "text/csv", all); status != http.StatusForbidden {
		t.Errorf("importing other departments' answers: %d", status)
	}
	h, _ := e.core.App.Answers.History("lost-id")
	if h.Draft != nil {
		t.Error("a refused import saved a draft")
	}
	if status, b := raw(t, erika, "POST", "answers/import", "text/csv", []byte("id;lang\nx;de\n")); status != http.StatusBadRequest {
		t.Errorf("broken CSV: %d %s", status, b)
	}
}

// raw calls the API with a body of any content type and the CSRF token.
func raw(t *testing.T, a *agent, method, path, ctype string, body []byte) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, a.e.srv.URL+"/staff/api/"+path, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("X-CSRF-Token", a.me.CSRF)
	resp, err := a.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestAnswerProblems: an invalid answer, saved or imported, is refused
// with its problems: each a text of the catalog with its placeholders by
// name (and the CSV row), which GET /staff/texts serves to the console.
func TestAnswerProblems(t *testing.T) {
	e, erika, _, ada := answersEnv(t)
	cat := e.core.App.Texts
	if cat == nil {
		cat = text.MustBuiltin()
	}
	refused := func(b []byte, code, message string) errorResponse {
		t.Helper()
		var got errorResponse
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		if got.Error != code || message != "" && !strings.Contains(got.Message, message) || len(got.Problems) == 0 {
			t.Fatalf("%s", b)
		}
		for _, p := range got.Problems {
			if !strings.HasPrefix(p.Key, "answers.problem.") || !cat.Has(p.Key) {
				t.Errorf("problem %q is no text of the catalog", p.Key)
			}
		}
		return got
	}
	find := func(r errorResponse, key string, args map[string]string) {
		t.Helper()
		for _, p := range r.Problems {
			if p.Key != key {
				continue
			}
			for k, v := range args {
				if p.Args[k] != v {
					t.Errorf("%s: args[%s] = %q, want %q (%v)", key, k, p.Args[k], v, p.Args)
				}
			}
			return
		}
		t.Errorf("no problem %s in %+v", key, r.Problems)
	}

	var d answerDetail
	erika.get("answers/bulky-waste", &d)
	bad := d.Answer
	bad.Page = "javascript:alert(1)"
	bad.Text = map[string]string{"de": "Offen {when}"}
	r := refused(erika.expect(http.StatusBadRequest, "POST", "answers/bulky-waste/draft", bad), "bad_answer", `links.page: "javascript:alert(1)" is no http(s) URL`)
	find(r, "answers.problem.url.page", map[string]string{"url": `"javascript:alert(1)"`})
	find(r, "answers.problem.placeholder", map[string]string{"lang": "de", "placeholder": "{when}"})
	if _, ok := r.Problems[0].Args["row"]; ok {
		t.Errorf("a saved answer has a row: %+v", r.Problems)
	}
	r = refused(erika.expect(http.StatusBadRequest, "POST", "answers/bulky-waste/preview", bad), "bad_answer", "links.page")
	find(r, "answers.problem.url.page", map[string]string{"url": `"javascript:alert(1)"`})

	late := d.Answer
	late.Review = "31.12.2027"
	r = refused(erika.expect(http.StatusBadRequest, "POST", "answers/bulky-waste/draft", late), "bad_answer", "the review date is a day written 2027-06-30")
	find(r, "answers.problem.review", map[string]string{"value": `"31.12.2027"`})
	late.Review = ""
	find(refused(erika.expect(http.StatusBadRequest, "POST", "answers/bulky-waste/draft", late), "bad_answer", ""), "answers.problem.no_review", nil)

	moved := d.Answer
	moved.Department, moved.Service = "raumfahrt", "pizza"
	r = refused(ada.expect(http.StatusBadRequest, "POST", "answers/bulky-waste/draft", moved), "bad_answer", `department: no department "raumfahrt"`)
	find(r, "answers.problem.department", map[string]string{"department": `"raumfahrt"`})
	find(r, "answers.problem.service", map[string]string{"service": `"pizza"`})

	// The import: the file's problems as bad_csv, an answer's as
	// bad_answer, each with its row.
	header := strings.Join([]string{"id", "lang", "title", "text", "first", "questions", "keywords", "page", "form", "service", "office", "department", "review"}, ";") + "\n"
	row := func(lang, service string) string {
		return strings.Join([]string{"christmas-trees", lang, "Weihnachtsbäume", "Abholung im Januar.", "", "", "", "", "", service, "", "abfallwirtschaft", "2028-01-01"}, ";") + "\n"
	}
	imported := func(csv string) []byte {
		t.Helper()
		status, b := raw(t, erika, "POST", "answers/import", "text/csv", []byte(csv))
		if status != http.StatusBadRequest {
			t.Fatalf("import: %d %s", status, b)
		}
		return b
	}
	r = refused(imported(header+row("de", "")+row("en", "")+row("de", "")), "bad_csv", `import: row 4: a second row for "christmas-trees" in "de"`)
	find(r, "answers.problem.twice", map[string]string{"row": "4", "first": "2", "id": `"christmas-trees"`, "lang": `"de"`})
	r = refused(imported(strings.Replace(header, "first", "erstens", 1)+row("de", "")), "bad_csv", "row 1")
	find(r, "answers.problem.header", map[string]string{"row": "1", "column": "5", "value": `"erstens"`, "want": `"first"`})
	r = refused(imported(header+row("de", "")+row("fr", "")), "bad_csv", "")
	find(r, "answers.problem.lang.csv", map[string]string{"row": "3", "lang": `"fr"`})
	r = refused(imported(header+"x;de\n"), "bad_csv", "")
	find(r, "answers.problem.columns", map[string]string{"row": "2", "n": "2", "want": "13"})
	r = refused(imported(header+row("de", "pizza")), "bad_answer", `no service "pizza"`)
	find(r, "answers.problem.service", map[string]string{"row": "2", "service": `"pizza"`})
	if h, _ := e.core.App.Answers.History("christmas-trees"); h.Draft != nil {
		t.Error("a refused import saved a draft")
	}

	// The console gets the texts of the problems in every language.
	resp, err := http.Get(e.srv.URL + "/staff/texts")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var all map[string]map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&all); err != nil {
		t.Fatal(err)
	}
	for _, l := range text.All() {
		for _, k := range cat.Keys() {
			if strings.HasPrefix(k, "answers.problem.") && all[string(l)][k] != cat.Text(l, k) {
				t.Errorf("%s: /staff/texts serves %s as %q", l, k, all[string(l)][k])
			}
		}
	}
	if all["de"]["answers.problem.row"] != "Zeile {row}" || all["de"]["nav.queue"] != "Warteschlange" {
		t.Errorf("de: %v %v", all["de"]["answers.problem.row"], all["de"]["nav.queue"])
	}
}
