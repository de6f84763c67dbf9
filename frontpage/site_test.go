package frontpage

import (
	"strings"
	"testing"

	"amtsbote/catalog"
)

// TestCityData: the contact box is the departments file's office, the
// legal pages are the configured ones (in the footer and handed to the
// widget), and nothing of the old hard-coded sample is left.
func TestCityData(t *testing.T) {
	legal := Legal{Imprint: "https://www.paderborn.de/impressum", Privacy: "/datenschutz",
		Accessibility: "https://www.paderborn.de/barrierefreiheit", Feedback: "mailto:barrierefrei@paderborn.de"}
	cat, srv := serve(t, Options{CityName: "Stadt Paderborn", Legal: legal})
	_, body := get(t, srv.URL+"/")
	page := string(body)
	first := cat.Departments()[0]
	for _, want := range []string{
		"Stadt Paderborn", first.Address, first.Phone, first.Email, first.Hours.De, `href="tel:0123456781`,
		`<a href="https://www.paderborn.de/impressum">Impressum</a>`, `<a href="/datenschutz">Datenschutzerklärung</a>`,
		`<a href="https://www.paderborn.de/barrierefreiheit">Erklärung zur Barrierefreiheit</a>`,
		`<a href="mailto:barrierefrei@paderborn.de">Barriere melden</a>`,
		`data-privacy="/datenschutz"`, `data-accessibility="https://www.paderborn.de/barrierefreiheit"`,
		`data-feedback="mailto:barrierefrei@paderborn.de"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, old := range []string{"Marktplatz 1", "12345 Musterstadt", "8 bis 16 Uhr", "0123 4567-0", "fiktiven"} {
		if strings.Contains(page, old) {
			t.Errorf("page still says %q", old)
		}
	}
	_, en := get(t, srv.URL+"/?lang=en")
	if !strings.Contains(string(en), first.Hours.En) || !strings.Contains(string(en), "Accessibility statement") {
		t.Error("the English page lacks the English hours or legal links")
	}

	_, srv = serve(t, Options{Contact: "stadtwerke"})
	_, body = get(t, srv.URL+"/")
	sw, _ := cat.Department("stadtwerke")
	if !strings.Contains(string(body), sw.Address) || !strings.Contains(string(body), sw.Hours.De) {
		t.Error("contact: stadtwerke is not shown")
	}
	if _, err := New(Options{Contact: "stadwerke"}, cat); err == nil || !strings.Contains(err.Error(), "stadwerke") {
		t.Errorf("an unknown contact department: %v", err)
	}
	if _, err := New(Options{}, (*catalog.Catalog)(nil)); err != nil {
		t.Errorf("no catalog: %v", err)
	}
}

// TestHoursAtRequest: with Options.Hours the page shows the hours in
// effect at the request (an admin's change in the console), not those of
// the start.
func TestHoursAtRequest(t *testing.T) {
	hours := "Mo–Fr 8–13 Uhr, Do 14–18 Uhr"
	_, srv := serve(t, Options{Hours: func(department, lang string) string {
		if department != "buergerbuero" {
			return ""
		}
		return hours
	}})
	_, body := get(t, srv.URL+"/")
	if !strings.Contains(string(body), hours) {
		t.Fatal("the file's hours are not shown")
	}
	hours = "Sa 09:00–12:00"
	_, body = get(t, srv.URL+"/")
	if !strings.Contains(string(body), "Sa 09:00–12:00") || strings.Contains(string(body), "Mo–Fr 8–13 Uhr") {
		t.Error("the changed hours are not shown")
	}
}
