package staff

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"amtsbote/store"
)

// TestAgentDepartmentNeverEmpty: an update is checked as a create, so an
// agent cannot lose their department; and an agent stored without one (from
// before the check) sees no department's cases, queue or canned replies.
func TestAgentDepartmentNeverEmpty(t *testing.T) {
	e := team(t)
	_, ref := e.submitMeterReading("web", "citizen-1") // a case of the Stadtwerke
	e.escalate("web", "citizen-2")
	root := e.login("root")
	root.expect(http.StatusOK, "POST", "admin/canned", store.CannedReply{Department: "stadtwerke", Title: "Zähler", Text: "Z"})
	root.expect(http.StatusOK, "POST", "admin/canned", store.CannedReply{Title: "Gruß", Text: "Guten Tag!"})

	root.expect(http.StatusBadRequest, "POST", "admin/accounts/bert", map[string]any{"department": " "})
	root.expect(http.StatusBadRequest, "POST", "admin/accounts/root", map[string]any{"role": store.RoleAgent})
	var accts []accountView
	root.get("admin/accounts", &accts)
	for _, a := range accts {
		if a.Role == store.RoleAgent && a.Department == "" {
			t.Fatalf("an agent without a department: %+v", a)
		}
	}

	h, err := HashPassword(testPassword, cheapArgon)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.core.DB.CreateStaffAccount(t.Context(), store.StaffAccount{Username: "olga", Role: store.RoleAgent, Password: h}); err != nil {
		t.Fatal(err)
	}
	olga := e.login("olga")
	var cases []caseSummary
	olga.get("cases", &cases)
	if len(cases) != 0 {
		t.Errorf("an agent without a department lists %d cases", len(cases))
	}
	if status, _ := olga.do("GET", "cases/"+ref, nil); status != http.StatusForbidden {
		t.Errorf("an agent without a department opens a case: %d", status)
	}
	var q []queueItem
	olga.get("queue", &q)
	if len(q) != 0 {
		t.Errorf("an agent without a department sees the queue %+v", q)
	}
	var canned []store.CannedReply
	olga.get("canned", &canned)
	if len(canned) != 1 || canned[0].Title != "Gruß" {
		t.Errorf("an agent without a department gets the canned replies %+v", canned)
	}
}

// TestDepartmentsFromTheFile: every department the console stores is one of
// the departments file; a typo is refused with the valid ids.
func TestDepartmentsFromTheFile(t *testing.T) {
	e := team(t)
	root := e.login("root")
	for _, tc := range []struct {
		path string
		body any
	}{
		{"admin/accounts", map[string]any{"username": "bert", "department": "stadwerke", "password": testPassword}},
		{"admin/accounts/root", map[string]any{"department": "stadwerke"}},
		{"admin/departments/stadwerke", map[string]any{"name": "X"}},
		{"admin/canned", store.CannedReply{Department: "stadwerke", Title: "Zähler", Text: "Z"}},
	} {
		status, body := root.do("POST", tc.path, tc.body)
		if status != http.StatusBadRequest || !strings.Contains(string(body), "stadtwerke") || !strings.Contains(string(body), "buergerbuero") {
			t.Errorf("POST %s with department stadwerke: %d %s; want 400 listing the valid ones", tc.path, status, body)
		}
	}
	root.expect(http.StatusCreated, "POST", "admin/accounts", map[string]any{"username": "carla", "department": "stadtwerke", "password": testPassword})
	if err := CheckDepartment(e.core.Catalog, ""); err != nil {
		t.Errorf("no department (an admin's): %v", err)
	}
	if err := CheckDepartment(e.core.Catalog, "bauamt "); err == nil {
		t.Error("an unknown department passes")
	}
}

// TestCannedByLanguage: a canned reply may be for one language; a language
// that is no code is refused.
func TestCannedByLanguage(t *testing.T) {
	e := team(t)
	root := e.login("root")
	root.expect(http.StatusOK, "POST", "admin/canned", store.CannedReply{Department: "stadtwerke", Language: "en", Title: "Meter", Text: "Hello"})
	root.expect(http.StatusBadRequest, "POST", "admin/canned", store.CannedReply{Language: "Englisch", Title: "X", Text: "Y"})
	// lang names the language too, as a tag of any of the seven; a language
	// the catalog lacks is refused
	root.expect(http.StatusOK, "POST", "admin/canned", map[string]string{"department": "stadtwerke", "lang": "tr-TR", "title": "Sayaç", "text": "Merhaba"})
	root.expect(http.StatusOK, "POST", "admin/canned", map[string]string{"department": "stadtwerke", "lang": "de-x-ls", "title": "Zähler", "text": "Hallo"})
	root.expect(http.StatusBadRequest, "POST", "admin/canned", map[string]string{"lang": "fr", "title": "X", "text": "Y"})
	var list []store.CannedReply
	e.login("anna").get("canned", &list)
	var langs []string
	for _, c := range list {
		langs = append(langs, c.Language)
	}
	slices.Sort(langs)
	if strings.Join(langs, " ") != "de-x-ls en tr" {
		t.Errorf("anna's canned replies are in %v, want de-x-ls en tr: %+v", langs, list)
	}
}

// The console's own texts are served in every language, with each
// language's name and direction, before any login.
func TestConsoleTexts(t *testing.T) {
	e := team(t)
	resp, err := http.Get(e.srv.URL + "/staff/texts")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var all map[string]map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&all); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /staff/texts: %d %v", resp.StatusCode, err)
	}
	for lang, want := range map[string][3]string{"de": {"Warteschlange", "Deutsch", "ltr"}, "en": {"Queue", "English", "ltr"},
		"ar": {"قائمة الانتظار", "العربية", "rtl"}, "de-x-ls": {"Warte-Liste", "Leichte Sprache", "ltr"}} {
		b := all[lang]
		if b["nav.queue"] != want[0] || b["name"] != want[1] || b["dir"] != want[2] {
			t.Errorf("%s: nav.queue %q, name %q, dir %q; want %v", lang, b["nav.queue"], b["name"], b["dir"], want)
		}
	}
	if len(all) != 7 {
		t.Errorf("%d languages, want 7", len(all))
	}
}
