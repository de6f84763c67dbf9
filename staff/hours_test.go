package staff

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/store"
)

func TestParseAndFormatHours(t *testing.T) {
	mon := func(d time.Weekday, from, to string) store.OfficeHours {
		return store.OfficeHours{Weekday: d, From: from, To: to}
	}
	got, err := ParseHours("nur mit Termin: Mo–Mi 8–13 Uhr, Do 14:30-18 Uhr und nach Vereinbarung")
	want := []store.OfficeHours{mon(1, "08:00", "13:00"), mon(2, "08:00", "13:00"), mon(3, "08:00", "13:00"), mon(4, "14:30", "18:00")}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ParseHours = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "nach Vereinbarung", "Mo 13–8 Uhr", "Mo 8–25 Uhr"} {
		if _, err := ParseHours(bad); err == nil {
			t.Errorf("ParseHours(%q) passes", bad)
		}
	}
	h, _ := ParseHours("Mo–Fr 8–13 Uhr, Do 14–18 Uhr")
	if s := FormatHours(h, "de"); s != "Mo–Mi 08:00–13:00, Do 08:00–13:00 und 14:00–18:00, Fr 08:00–13:00" {
		t.Errorf("FormatHours de = %q", s)
	}
	if s := FormatHours(h, "en"); s != "Mon–Wed 08:00–13:00, Thu 08:00–13:00 and 14:00–18:00, Fri 08:00–13:00" {
		t.Errorf("FormatHours en = %q", s)
	}
}

// TestHoursOneSource: without hours stored, a department keeps the
// departments file's hours (not "always open"); an admin's hours win and
// are what citizens read; saving none goes back to the file.
func TestHoursOneSource(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, Options{Location: berlin})
	e.account("anna", "stadtwerke", store.RoleAgent)
	e.account("root", "", store.RoleAdmin)
	if err := CheckHours(e.core.Catalog); err != nil {
		t.Fatalf("the sample departments file: %v", err)
	}
	e.login("anna").socket(t)
	root := e.login("root")
	saturday := time.Date(2026, 12, 5, 10, 0, 0, 0, berlin)
	monday := time.Date(2026, 12, 7, 8, 30, 0, 0, berlin)
	if e.console.Available("stadtwerke", saturday) || !e.console.Available("stadtwerke", monday) ||
		e.console.Available("stadtwerke", monday.Add(8*time.Hour)) {
		t.Fatal("the departments file's hours (Mo–Fr 8–16 Uhr) are not used")
	}
	if got := e.console.HoursText("stadtwerke", "de"); got != "Mo–Fr 8–16 Uhr" {
		t.Errorf("HoursText from the file = %q", got)
	}
	root.expect(http.StatusOK, "POST", "admin/departments/stadtwerke", map[string]any{
		"hours": []store.OfficeHours{{Weekday: time.Saturday, From: "09:00", To: "12:00"}}})
	if !e.console.Available("stadtwerke", saturday) || e.console.Available("stadtwerke", monday) {
		t.Fatal("the admin's hours do not win")
	}
	if got := e.console.HoursText("stadtwerke", "en"); got != "Sat 09:00–12:00" {
		t.Errorf("HoursText from the console = %q", got)
	}
	var deps []departmentItem
	root.get("departments", &deps)
	for _, d := range deps {
		if d.ID == "stadtwerke" && (d.HoursSource != "console" || d.HoursText != "Sa 09:00–12:00" || d.Name != "Stadtwerke, Kundenservice") {
			t.Errorf("departments: %+v", d)
		}
	}
	root.expect(http.StatusOK, "POST", "admin/departments/stadtwerke", map[string]any{"hours": []store.OfficeHours{}})
	if e.console.Available("stadtwerke", saturday) || e.console.HoursText("stadtwerke", "de") != "Mo–Fr 8–16 Uhr" {
		t.Error("saving no hours does not go back to the file")
	}
}

// TestAnswerHoursFollowConsole: the answers read office hours from the same
// one source: an admin changes the Bürgerbüro's hours in the console, and
// the next citizen who asks when it is open gets the new hours; going back
// to the file brings the offices file's hours back.
func TestAnswerHoursFollowConsole(t *testing.T) {
	e := newEnv(t, Options{})
	e.core.App.Presence.SetConsole(e.console) // as app/server wires it
	e.account("root", "", store.RoleAdmin)
	root := e.login("root")
	ask := func(address string) string {
		t.Helper()
		e.citizen("web", address, channels.Inbound{Text: "Wann hat das Bürgerbüro offen?"})
		return e.web.next(t, address, func(d channels.Delivery) bool { return strings.Contains(d.Message.Text, "Öffnungszeiten") }).Message.Text
	}
	if got := ask("before"); !strings.Contains(got, "Do 8–13 und 14–18 Uhr") {
		t.Fatalf("the offices file's hours are not shown: %q", got)
	}
	root.expect(http.StatusOK, "POST", "admin/departments/buergerbuero", map[string]any{
		"hours": []store.OfficeHours{{Weekday: time.Tuesday, From: "07:30", To: "19:00"}, {Weekday: time.Saturday, From: "09:00", To: "12:00"}}})
	got := ask("after")
	if !strings.Contains(got, "Di 07:30–19:00, Sa 09:00–12:00") || strings.Contains(got, "14–18") {
		t.Fatalf("the console's hours are not shown: %q", got)
	}
	root.expect(http.StatusOK, "POST", "admin/departments/buergerbuero", map[string]any{"hours": []store.OfficeHours{}})
	if got := ask("reset"); !strings.Contains(got, "Do 8–13 und 14–18 Uhr") {
		t.Fatalf("back to the file: %q", got)
	}
	// A department without an office in the offices file: an answer that
	// names it (the property tax, Steueramt) shows its hours too.
	propertyTax := func(address string) string {
		t.Helper()
		e.citizen("web", address, channels.Inbound{Text: "Wann ist die Grundsteuer fällig?"})
		return e.web.next(t, address, func(d channels.Delivery) bool { return strings.Contains(d.Message.Text, "Öffnungszeiten") }).Message.Text
	}
	if got := propertyTax("tax1"); !strings.Contains(got, "Öffnungszeiten: Mo–Fr 8–12 Uhr, Do 14–17 Uhr") {
		t.Fatalf("the departments file's hours are not shown: %q", got)
	}
	root.expect(http.StatusOK, "POST", "admin/departments/steueramt", map[string]any{
		"hours": []store.OfficeHours{{Weekday: time.Wednesday, From: "10:00", To: "11:00"}}})
	if got := propertyTax("tax2"); !strings.Contains(got, "Öffnungszeiten: Mi 10:00–11:00") {
		t.Fatalf("the console's hours of the Steueramt are not shown: %q", got)
	}
}
