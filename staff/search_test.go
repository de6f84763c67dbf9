package staff

import (
	"net/http"
	"testing"
	"time"

	"amtsbote/store"
)

// TestCaseSearch: cases are found by reference, service (folded: "Zählerstand" as "zaehlerstand"; by title
// or id) and the day they came in, in the city's time zone; the lists name
// departments as the departments file does, and /me tells the page the
// city's time zone.
func TestCaseSearch(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, Options{Location: berlin})
	e.account("anna", "stadtwerke", store.RoleAgent)
	_, ref := e.submitMeterReading("web", "citizen-1")
	anna := e.login("anna")
	today := time.Now().In(berlin).Format(time.DateOnly)
	tomorrow := time.Now().In(berlin).AddDate(0, 0, 1).Format(time.DateOnly)
	for query, want := range map[string]int{
		"":                                 1,
		"?q=" + ref[len(ref)-6:]:           1,
		"?q=Z%C3%A4hlerstand":              1,
		"?q=meter-reading":                 1,
		"?q=gewerbe":                       0,
		"?from=" + today + "&to=" + today:  1,
		"?from=" + tomorrow:                0,
		"?to=" + today + "&q=zaehlerstand": 1,
		"?status=approved&q=" + ref:        0,
	} {
		var list []caseSummary
		anna.get("cases"+query, &list)
		if len(list) != want {
			t.Errorf("cases%s: %d cases, want %d", query, len(list), want)
		}
		if len(list) == 1 && list[0].DepartmentName != "Stadtwerke, Kundenservice" {
			t.Errorf("cases%s: department name %q", query, list[0].DepartmentName)
		}
	}
	anna.expect(http.StatusBadRequest, "GET", "cases?from=7.12.2026", nil)
	anna.expect(http.StatusBadRequest, "GET", "cases?from="+tomorrow+"&to="+today, nil)

	var me meResponse
	anna.get("me", &me)
	if me.TimeZone != "Europe/Berlin" || me.DepartmentName != "Stadtwerke, Kundenservice" {
		t.Errorf("me: %+v", me)
	}
}
