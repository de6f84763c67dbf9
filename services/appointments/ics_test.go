package appointments

import (
	"bytes"
	"strings"
	"testing"
	"time"

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
		ics.ComponentPropertyDescription: "Referenznummer: AB-2026-000042\\n" + escapeText(long),
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
	for _, line := range strings.Split(strings.TrimSuffix(foldLine("X:"+s), "\r\n"), "\r\n ") {
		if len(line) > 75 || !strings.HasPrefix(line, "X:") && !strings.HasPrefix(line, "ä") {
			t.Fatalf("bad fold: %q", line)
		}
	}
}
