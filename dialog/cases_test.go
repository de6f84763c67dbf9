package dialog_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"

	. "amtsbote/dialog"
	"amtsbote/dialog/route"
)

// fakeStatuses answers for cases whose secret matches.
type fakeStatuses map[string]struct {
	secret string
	info   CaseInfo
}

func (f fakeStatuses) CaseStatus(ref, secret string) (CaseInfo, bool) {
	c, ok := f[ref]
	if !ok || secret == "" || c.secret != secret {
		return CaseInfo{}, false
	}
	return c.info, true
}

// submitMeter completes a meter reading in c and returns its case.
func submitMeter(t *testing.T, c *convo) cases.Case {
	t.Helper()
	c.say("Zählerstand melden")
	for _, a := range []string{"12345678", "ZX-2024-1", "123", "heute", "Erika Mustermann", "-", "absenden"} {
		c.say(a)
	}
	if len(c.cases) == 0 {
		t.Fatal("no case")
	}
	return c.cases[len(c.cases)-1]
}

func TestCaseSecretToldOnce(t *testing.T) {
	c := meterConvo(t)
	c.e.SetRand(bytes.NewReader(bytes.Repeat([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10)))
	got := submitMeter(t, c)
	if got.Secret != "23456789" || got.Department != "stadtwerke" {
		t.Fatalf("case = %+v", got)
	}
	r := c.e.Step(c.st, channels.Inbound{Text: "status"}, c.now)
	if strings.Contains(text(r), "2345") {
		t.Errorf("the code is repeated later: %q", text(r))
	}
	src := rand.NewChaCha8([32]byte{1})
	for i := 0; i < 200; i++ {
		s, err := NewSecret(src)
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != SecretLen || strings.Trim(s, SecretAlphabet) != "" || !strings.ContainsAny(s, "23456789") {
			t.Fatalf("secret %q", s)
		}
	}
	if _, err := NewSecret(strings.NewReader("")); err == nil {
		t.Error("no error without randomness")
	}
}

func TestStatusOwnCaseFromView(t *testing.T) {
	c := meterConvo(t)
	got := submitMeter(t, c)
	// Without a view: the state's status.
	r := c.say("Wie ist der Stand meines Antrags?")
	contains(t, r, got.Ref+": Zählerstand melden – eingegangen")
	// With a view: the current status.
	c.e.SetCases(fakeStatuses{got.Ref: {got.Secret, CaseInfo{Service: "meter-reading", Status: cases.InReview}}})
	r = c.say("Status?")
	contains(t, r, got.Ref+": Zählerstand melden – in Bearbeitung")
}

func TestStatusOtherConversationNeedsSecret(t *testing.T) {
	c := meterConvo(t)
	c.e.SetCases(fakeStatuses{"AB-2026-000042": {"K7P3M9QX", CaseInfo{Service: "meter-reading", Status: cases.Approved}}})
	c.say("Hallo")
	// A reference alone tells nothing.
	r := c.say("Wie ist der Status von AB-2026-000042?")
	contains(t, r, "Zugangscode")
	if strings.Contains(text(r), "genehmigt") || strings.Contains(text(r), "Zählerstand melden –") {
		t.Errorf("a reference alone told something: %q", text(r))
	}
	// A wrong code and an unknown reference get the same answer.
	wrong := text(c.say("AB-2026-000042 K7P3M9QA"))
	unknown := text(c.say("AB-2026-000043 K7P3M9QX"))
	if strings.ReplaceAll(wrong, "000042", "") != strings.ReplaceAll(unknown, "000043", "") || !strings.Contains(wrong, "finde ich keinen Antrag") {
		t.Errorf("wrong code %q vs unknown ref %q", wrong, unknown)
	}
	// Reference and code, in any spelling.
	r = c.say("ab-2026-000042 k7p3-m9qx")
	contains(t, r, "AB-2026-000042: Zählerstand melden – genehmigt")
	// Without a view, staff are offered.
	c.e.SetCases(nil)
	r = c.say("AB-2026-000042 K7P3M9QX")
	contains(t, r, "kann ich hier leider nicht nachsehen")
	if !hasValue(t, r, "staff") {
		t.Errorf("no staff offered: %v", values(t, r))
	}
}

func TestFindRefAndSecret(t *testing.T) {
	for in, want := range map[string][2]string{
		"AB-2026-000042 K7P3-M9QX":             {"AB-2026-000042", "K7P3M9QX"},
		"Status ab-2026-000042, Code k7p3m9qx": {"AB-2026-000042", "K7P3M9QX"},
		"Wie ist der Stand meines Antrages?":   {"", ""},
		"AB-2026-000042 ANTRAGES":              {"AB-2026-000042", ""},
	} {
		if r, s := FindRef(in), FindSecret(in); r != want[0] || s != want[1] {
			t.Errorf("%q: %q %q, want %q", in, r, s, want)
		}
	}
}

func TestCaseUpdateTellsCitizen(t *testing.T) {
	c := meterConvo(t)
	got := submitMeter(t, c)
	c.say("English please")
	pdf := channels.Attachment{Name: "bescheid.pdf", MediaType: "application/pdf", Data: []byte("%PDF")}
	before := c.st.Clone()
	res := c.e.CaseUpdate(c.st, CaseUpdate{Ref: got.Ref, Status: cases.NeedsInfo, Note: "Please send a photo of the meter.", Attachments: []channels.Attachment{pdf}}, c.now)
	if !slices.Equal(before.Cases, c.st.Cases) {
		t.Fatal("CaseUpdate changed its input")
	}
	if res.State.Cases[0].Status != cases.NeedsInfo || len(res.Replies) != 1 || len(res.Replies[0].Attachments) != 1 {
		t.Fatalf("result = %+v", res)
	}
	contains(t, res, "News about your application "+got.Ref+" (Report a meter reading): query", "Please send a photo")
}

// handlerDefs is a service for the handler hooks.
const handlerDefs = `
-- slots.yaml --
id: slots
category: citizens-office
title: {de: "Termin buchen", en: "Book a slot"}
description: {de: "Test.", en: "Test."}
intro: {de: "Ihre Daten sind sicher.", en: "Your data are safe."}
offer_staff: true
keywords: {de: [slot], en: [slot]}
fee: {de: "5 €", en: "€5"}
charge: {base: 5}
department: buergerbuero
mode: online
fields:
  - name: slot
    type: choice
    label: {de: "Zeit", en: "Time"}
    prompt: {de: "Welche Zeit?", en: "Which time?"}
    options:
      - {value: none, label: {de: "keine", en: "none"}}
      - {value: later, label: {de: "später", en: "later"}}
  - name: nationality
    type: text
    label: {de: "Staatsangehörigkeit", en: "Nationality"}
    prompt: {de: "Staatsangehörigkeit?", en: "Nationality?"}
  - name: agree
    type: yesno
    label: {de: "Einverstanden", en: "Agreed"}
    prompt: {de: "Einverstanden?", en: "Agreed?"}
    expect: {value: "yes", problem: {de: "Ohne Ihr Einverständnis geht es nicht.", en: "Not without your consent."}}
`

// slotHandler offers two slots and books at submission.
type slotHandler struct{}

func (slotHandler) FieldOptions(service, field string, _ map[string]string, _ string, _ time.Time) ([]catalog.OptionDef, bool) {
	if field != "slot" {
		return nil, false
	}
	return []catalog.OptionDef{
		{Value: "2026-12-01T09:00", Label: catalog.Text{De: "Di 1.12. 9 Uhr", En: "Tue 1 Dec 9 am"}},
		{Value: "2026-12-01T10:00", Label: catalog.Text{De: "Di 1.12. 10 Uhr", En: "Tue 1 Dec 10 am"}},
	}, true
}

func (slotHandler) CheckAnswer(a Answer) Check {
	if a.Field == "slot" && a.Value == "2026-12-01T10:00" {
		return Check{Problem: nil, Note: catalog.Text{De: "Gute Wahl.", En: "Good choice."}}
	}
	return Check{}
}

func (slotHandler) Submit(s Submission) (Decision, error) {
	return Decision{Status: cases.Approved, Answers: map[string]string{"booked": s.Answers["slot"]},
		Reply: catalog.Text{De: "Gebucht: " + s.Answers["slot"], En: "Booked"}}, nil
}

func TestHandlerHooks(t *testing.T) {
	dir := t.TempDir()
	for _, part := range strings.Split(handlerDefs, "-- ")[1:] {
		name, body, _ := strings.Cut(part, " --\n")
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cat := small(t, dir)
	c := newConvo(t, cat, route.New(cat), nil)
	c.e.SetHandlers(map[string]Handler{"slots": slotHandler{}})
	r := c.pick("service:slots")
	contains(t, r, "Ihre Daten sind sicher.")
	if !anyReplyHas(r, "staff") {
		t.Error("no person offered at the start")
	}
	// Dynamic options replace the definition's.
	asks(t, r, "slot")
	if got := values(t, r); !slices.Equal(got, []string{"2026-12-01T09:00", "2026-12-01T10:00"}) {
		t.Fatalf("options = %v", got)
	}
	r = c.pick("2026-12-01T10:00")
	contains(t, r, "Gute Wahl.")
	// "deutsch" answers a text question instead of switching the language.
	asks(t, r, "nationality")
	r = c.say("deutsch")
	asks(t, r, "agree")
	if c.st.Answers["nationality"] != "deutsch" {
		t.Errorf("answers = %v", c.st.Answers)
	}
	// The expected answer: a no is asked again with the definition's reason.
	r = c.say("nein")
	asks(t, r, "agree")
	contains(t, r, "Ohne Ihr Einverständnis geht es nicht.")
	r = c.say("ja")
	contains(t, r, "Zeit: Di 1.12. 10 Uhr", "Gebühr: 5,00 €")
	r = c.say("absenden")
	if len(r.Cases) != 1 || r.Cases[0].Status != cases.Approved || r.Cases[0].Answers["booked"] != "2026-12-01T10:00" || r.Cases[0].Answers["fee"] != "5.00" {
		t.Fatalf("cases = %+v", r.Cases)
	}
	contains(t, r, "Gebucht: 2026-12-01T10:00")
}
