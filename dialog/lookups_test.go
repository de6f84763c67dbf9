package dialog_test

import (
	"strings"
	"testing"
	"time"

	"amtsbote/cases"
	. "amtsbote/dialog"
)

// countingStatuses counts the lookups made through it.
type countingStatuses struct {
	fakeStatuses
	n int
}

func (c *countingStatuses) CaseStatus(ref, secret string) (CaseInfo, bool) {
	c.n++
	return c.fakeStatuses.CaseStatus(ref, secret)
}

// lookupConvo is a German conversation whose engine knows one case,
// AB-2026-000042 with the code K7P3M9QX.
func lookupConvo(t *testing.T) (*convo, *countingStatuses) {
	c := meterConvo(t)
	cs := &countingStatuses{fakeStatuses: fakeStatuses{
		"AB-2026-000042": {"K7P3M9QX", CaseInfo{Service: "meter-reading", Status: cases.Approved}}}}
	c.e.SetCases(cs)
	c.say("Hallo")
	return c, cs
}

const (
	rightPair = "Stand AB-2026-000042 K7P3-M9QX"
	wrongPair = "Stand AB-2026-000042 K7P3-M9QA"
)

func TestLookupLimitRefusesAfterFiveFailures(t *testing.T) {
	c, cs := lookupConvo(t)
	start := c.now
	for i := range LookupLimit {
		c.now = start.Add(time.Duration(i) * time.Minute)
		r := c.say(wrongPair)
		contains(t, r, "finde ich keinen Antrag")
		warned := strings.Contains(text(r), "erst ab")
		if warned != (i == LookupLimit-1) {
			t.Errorf("failure %d: warned %v: %q", i+1, warned, text(r))
		}
	}
	if cs.n != LookupLimit || len(c.st.Lookups) != LookupLimit {
		t.Fatalf("lookups made %d, remembered %v", cs.n, c.st.Lookups)
	}
	// Even the right pair is refused now, and not looked up.
	c.now = start.Add(30 * time.Minute)
	r := c.say(rightPair)
	contains(t, r, "Zum Schutz der Anträge", "ab 11:00 Uhr (in 30 Minuten)")
	if strings.Contains(text(r), "genehmigt") || cs.n != LookupLimit {
		t.Errorf("a lookup was made while refused (%d): %q", cs.n, text(r))
	}
	if !hasValue(t, r, "staff") {
		t.Errorf("no person offered: %v", values(t, r))
	}
	// Refused tries do not count: the time told stays true.
	c.now = start.Add(59*time.Minute + 30*time.Second)
	contains(t, c.say(wrongPair), "ab 11:00 Uhr (in einer Minute)")
	c.now = start.Add(time.Hour)
	contains(t, c.say(rightPair), "AB-2026-000042: Zählerstand melden – genehmigt")
	if len(c.st.Lookups) != LookupLimit-1 {
		t.Errorf("lookups after the first left the window: %v", c.st.Lookups)
	}
}

func TestLookupLimitWindowSlides(t *testing.T) {
	c, _ := lookupConvo(t)
	start := c.now
	for i := range LookupLimit { // 10:00, 10:10, …, 10:40
		c.now = start.Add(time.Duration(i) * 10 * time.Minute)
		c.say(wrongPair)
	}
	c.now = start.Add(59 * time.Minute)
	contains(t, c.say(rightPair), "ab 11:00 Uhr")
	// At 11:00 the failure of 10:00 has left the window: one more try, and
	// when it fails, the next wait ends when 10:10 leaves the window.
	c.now = start.Add(time.Hour)
	contains(t, c.say(wrongPair), "finde ich keinen Antrag", "erst ab 11:10 Uhr (in 10 Minuten)")
	c.now = start.Add(time.Hour + 5*time.Minute)
	contains(t, c.say(rightPair), "ab 11:10 Uhr (in 5 Minuten)")
	// An hour after the last failure everything is forgotten.
	c.now = start.Add(2 * time.Hour)
	contains(t, c.say(rightPair), "genehmigt")
	if c.st.Lookups != nil {
		t.Errorf("old failures kept: %v", c.st.Lookups)
	}
}

func TestLookupLimitSuccessesDoNotCount(t *testing.T) {
	c, cs := lookupConvo(t)
	for range LookupLimit - 1 {
		c.say(wrongPair)
		c.say(rightPair) // neither counts nor resets
	}
	if len(c.st.Lookups) != LookupLimit-1 {
		t.Fatalf("lookups = %v", c.st.Lookups)
	}
	for range 3 {
		contains(t, c.say(rightPair), "genehmigt")
	}
	contains(t, c.say(wrongPair), "erst ab 11:00 Uhr")
	contains(t, c.say(rightPair), "Zum Schutz der Anträge")
	// A reference without a code and a status question without one are no
	// lookups and are still answered.
	contains(t, c.say("Stand AB-2026-000042"), "Zugangscode")
	if want := 2*(LookupLimit-1) + 3 + 1; cs.n != want {
		t.Errorf("lookups made %d, want %d", cs.n, want)
	}
}

// TestLookupLimitOwnCasesAndEnglish checks that the conversation's own
// cases are no lookup and answered all along, and the refusal in English.
func TestLookupLimitOwnCasesAndEnglish(t *testing.T) {
	c := meterConvo(t)
	own := submitMeter(t, c)
	c.e.SetCases(fakeStatuses{})
	for range LookupLimit {
		c.say(wrongPair)
	}
	contains(t, c.say("Stand "+own.Ref), own.Ref+": Zählerstand melden – eingegangen")

	c = meterConvo(t)
	c.e.SetCases(fakeStatuses{})
	c.say("Hello")
	for range LookupLimit {
		c.say("Status AB-2026-000042 K7P3-M9QA")
	}
	c.now = c.now.Add(15 * time.Minute)
	r := c.say("Status AB-2026-000042 K7P3-M9QX")
	contains(t, r, "To protect applications", "from 11:00 (in 45 minutes)", "member of staff")
	if !hasValue(t, r, "staff") {
		t.Errorf("no person offered: %v", values(t, r))
	}
}
