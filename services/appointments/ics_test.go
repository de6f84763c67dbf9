package appointments

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

func TestICSParsesWithTheRightTimes(t *testing.T) {
	loc := sunday(t).Location()
	start := time.Date(2026, 12, 3, 9, 0, 0, 0, loc)
	long := strings.Repeat("Personalausweis, Reisepass; Passfoto – ", 6)
	data := ICS(Event{UID: "AB-2026-000042@amtsbote.invalid", Sequence: 2, Stamp: sunday(t), Start: start,
		End: start.Add(15 * time.Minute), Summary: "Termin Bürgerbüro: Personalausweis beantragen",
		Location: "Bürgerbüro, Rathaus, Am Rathausplatz 1, 33098 Musterstadt", Description: "Referenznummer: AB-2026-000042\n" + long})

	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n")) {
		if len(line) > 75 {
			t.Errorf("line %d has %d octets", i, len(line))
		}
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d holds a bare line break", i)
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	ev := events[0]
	if got, _ := ev.GetStartAt(); !got.Equal(start) {
		t.Errorf("DTSTART %v, want %v", got, start)
	}
	if got, _ := ev.GetEndAt(); !got.Equal(start.Add(15 * time.Minute)) {
		t.Errorf("DTEND %v", got)
	}
	if got, _ := ev.GetDtStampTime(); !got.Equal(sunday(t)) {
		t.Errorf("DTSTAMP %v", got)
	}
	for prop, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertyUniqueId:    "AB-2026-000042@amtsbote.invalid",
		ics.ComponentPropertySummary:     "Termin Bürgerbüro: Personalausweis beantragen",
		ics.ComponentPropertyLocation:    "Bürgerbüro\\, Rathaus\\, Am Rathausplatz 1\\, 33098 Musterstadt",
		ics.ComponentPropertySequence:    "2",
		ics.ComponentPropertyStatus:      "CONFIRMED",
		ics.ComponentPropertyDescription: "Referenznummer: AB-2026-000042\\n" + ics.ToText(long),
	} {
		p := ev.GetProperty(prop)
		if p == nil {
			t.Errorf("%s missing", prop)
			continue
		}
		if p.Value != want && unescape(p.Value) != unescape(want) {
			t.Errorf("%s = %q, want %q", prop, p.Value, want)
		}
	}
}

// unescape undoes RFC 5545 text escaping, for comparing values whichever
// way the parser hands them back.
func unescape(s string) string {
	return strings.NewReplacer(`\n`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(s)
}

func TestFoldKeepsUTF8Whole(t *testing.T) {
	s := strings.Repeat("ä", 100)
	data := ICS(Event{UID: "X@amtsbote.invalid", Summary: s, Start: sunday(t), End: sunday(t).Add(time.Hour)})
	var summary []string
	in := false
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if len(line) > 75 || !utf8.ValidString(line) {
			t.Fatalf("bad fold: %q", line)
		}
		switch {
		case strings.HasPrefix(line, "SUMMARY:"):
			in = true
			summary = append(summary, strings.TrimPrefix(line, "SUMMARY:"))
		case in && strings.HasPrefix(line, " "):
			summary = append(summary, line[1:])
		default:
			in = false
		}
	}
	if len(summary) < 2 || strings.Join(summary, "") != s {
		t.Fatalf("SUMMARY unfolds to %q", strings.Join(summary, ""))
	}
}

func TestICSAlarm(t *testing.T) {
	start := time.Date(2026, 12, 3, 9, 0, 0, 0, sunday(t).Location())
	e := Event{UID: "AB-2026-000042@amtsbote.invalid", Stamp: sunday(t), Start: start, End: start.Add(15 * time.Minute),
		Summary: "Termin Bürgerbüro: Personalausweis beantragen", Location: "Bürgerbüro", Description: "Referenznummer: AB-2026-000042"}
	cal, err := ics.ParseCalendar(bytes.NewReader(ICS(e)))
	if err != nil {
		t.Fatal(err)
	}
	alarms := cal.Events()[0].Alarms()
	if len(alarms) != 1 {
		t.Fatalf("%d alarms", len(alarms))
	}
	a := alarms[0]
	if p := a.GetProperty(ics.ComponentPropertyAction); p == nil || p.Value != string(ics.ActionDisplay) {
		t.Errorf("ACTION %+v", p)
	}
	if p := a.GetProperty(ics.ComponentPropertyDescription); p == nil || ics.FromText(p.Value) != e.Summary {
		t.Errorf("alarm DESCRIPTION %+v (RFC 5545 needs one for DISPLAY)", p)
	}
	p := a.GetProperty(ics.ComponentPropertyTrigger)
	if p == nil {
		t.Fatal("no TRIGGER")
	}
	if rel, ok := p.ICalParameters["RELATED"]; ok && (len(rel) != 1 || rel[0] != "START") {
		t.Errorf("TRIGGER is related to %v", rel)
	}
	if d, err := time.ParseDuration(strings.ToLower(strings.TrimPrefix(p.Value, "-PT"))); err != nil ||
		!strings.HasPrefix(p.Value, "-PT") || start.Add(-d) != time.Date(2026, 12, 3, 7, 0, 0, 0, start.Location()) {
		t.Errorf("TRIGGER %q is not two hours before the start", p.Value)
	}

	e.Cancelled, e.Sequence = true, 1
	cal, err = ics.ParseCalendar(bytes.NewReader(ICS(e)))
	if err != nil {
		t.Fatal(err)
	}
	ev := cal.Events()[0]
	if len(ev.Alarms()) != 0 {
		t.Error("a cancelled appointment still rings")
	}
	if p := ev.GetProperty(ics.ComponentPropertyStatus); p == nil || p.Value != "CANCELLED" {
		t.Errorf("STATUS %+v", p)
	}
}

func TestICSTextWithCarriageReturns(t *testing.T) {
	data := ICS(Event{UID: "X@amtsbote.invalid", Summary: "a\r\nb\rc;d,e\\f", Start: sunday(t), End: sunday(t).Add(time.Hour)})
	if !bytes.Contains(data, []byte("SUMMARY:a\\nb\\nc\\;d\\,e\\\\f\r\n")) {
		t.Errorf("SUMMARY not escaped as TEXT:\n%s", data)
	}
	if bytes.Count(data, []byte("\r")) != bytes.Count(data, []byte("\r\n")) || bytes.Count(data, []byte("\n")) != bytes.Count(data, []byte("\r\n")) {
		t.Error("a bare CR or LF in the file")
	}
}
