package answers_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"amtsbote/answers"
)

func TestDraftPublishKeepsPrevious(t *testing.T) {
	defs, err := answers.Load("")
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := defs.Answer("bulky-waste")
	known := answers.Known{Departments: map[string]bool{"abfallwirtschaft": true}}
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	h := answers.History{ID: "bulky-waste"}

	if err := h.Publish("anna", t0); !errors.Is(err, answers.ErrNoDraft) {
		t.Fatalf("publish without draft: %v", err)
	}
	v1 := *orig
	v1.Text = answers.Text{"de": "Sperrmüll: jetzt dreimal im Jahr.", "en": "Bulky waste: now three times a year."}
	if err := h.SaveDraft(v1, known, "anna", t0); err != nil {
		t.Fatal(err)
	}
	// A draft is not what citizens get.
	if a, _ := answers.Overlay(defs, []answers.History{h}).Answer("bulky-waste"); a.Text["de"] != orig.Text["de"] {
		t.Fatalf("a draft is shown: %q", a.Text["de"])
	}
	if err := h.Publish("ben", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if h.Draft != nil || h.Published.Version != 1 || h.Published.Editor != "ben" || h.Published.State != answers.Published {
		t.Fatalf("after publish: %+v", h)
	}
	over := answers.Overlay(defs, []answers.History{h})
	if a, _ := over.Answer("bulky-waste"); a.Text["de"] != "Sperrmüll: jetzt dreimal im Jahr." || a.File != "console, version 1" {
		t.Fatalf("published edit not shown: %+v", a)
	}
	if a, _ := defs.Answer("bulky-waste"); a.Text["de"] != orig.Text["de"] {
		t.Fatal("Overlay changed the definitions")
	}

	v2 := v1
	v2.Text = answers.Text{"de": "Zweite Fassung."}
	if err := h.SaveDraft(v2, known, "anna", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := h.Publish("ben", t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if h.Published.Version != 2 || len(h.Previous) != 1 || h.Previous[0].Version != 1 || h.Previous[0].Answer.Text["de"] != "Sperrmüll: jetzt dreimal im Jahr." {
		t.Fatalf("previous not kept: %+v", h)
	}
	if err := h.Revert("anna", t0.Add(4*time.Hour)); err != nil || h.Draft.Version != 3 || h.Draft.Answer.Text["de"] != "Sperrmüll: jetzt dreimal im Jahr." {
		t.Fatalf("revert: %v %+v", err, h.Draft)
	}

	// Bad drafts are refused and change nothing.
	bad := v2
	bad.Department = "raumfahrt"
	if err := h.SaveDraft(bad, known, "anna", t0); err == nil || !strings.Contains(err.Error(), `no department "raumfahrt"`) {
		t.Errorf("unknown department: %v", err)
	}
	other := v2
	other.ID = "dog-tax"
	if err := h.SaveDraft(other, known, "anna", t0); !errors.Is(err, answers.ErrWrongID) {
		t.Errorf("other id: %v", err)
	}
	if h.Draft.Version != 3 {
		t.Errorf("a refused draft changed the history: %+v", h.Draft)
	}

	// The store persists the history as JSON: it comes back whole.
	data, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	var back answers.History
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Published.Answer.Review.String() != orig.Review.String() || back.Previous[0].Answer.Text["de"] != h.Previous[0].Answer.Text["de"] || !back.Published.Time.Equal(h.Published.Time) {
		t.Errorf("JSON round trip: %s", data)
	}
}

func TestOfficeAnswersOverriddenByDefinitions(t *testing.T) {
	set := answers.NewSet()
	review, _ := answers.ParseDate("2027-01-01")
	own := &answers.Answer{ID: "hours-standesamt", Title: answers.Text{"de": "Eigenes"}, Text: answers.Text{"de": "Eigener Text"}, Department: "standesamt", Review: review}
	set.Put(own)
	for _, a := range answers.OfficeAnswers([]answers.OfficeRef{
		{ID: "standesamt", Department: "standesamt", Name: answers.Text{"de": "Standesamt", "en": "Registry office"}},
		{ID: "auslaenderbehoerde", Department: "auslaenderbehoerde", Name: answers.Text{"de": "Ausländerbehörde"}},
	}, review) {
		if err := a.Check(); err != nil {
			t.Fatal(err)
		}
		set.PutDefault(a)
	}
	if a, _ := set.Answer("hours-standesamt"); a != own {
		t.Error("a generated answer replaced the city's own")
	}
	a, ok := set.Answer("hours-auslaenderbehoerde")
	if !ok || a.Questions["de"][0] != "Wann hat die Ausländerbehörde geöffnet?" || a.Links.Office != "auslaenderbehoerde" {
		t.Errorf("generated: %+v", a)
	}
}

func TestOverdue(t *testing.T) {
	d, _ := answers.ParseDate("2027-01-31")
	a := answers.Answer{Review: d}
	if a.Overdue(time.Date(2027, 1, 31, 23, 0, 0, 0, time.UTC)) || !a.Overdue(time.Date(2027, 2, 1, 0, 1, 0, 0, time.UTC)) {
		t.Error("overdue is the day after the review date")
	}
}

func TestFeedback(t *testing.T) {
	var f answers.Feedback
	t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	f.Add(true, t0)
	f.Add(false, t0.Add(time.Hour))
	f.Add(false, t0.Add(-time.Hour)) // late, out of order
	if f.Helpful != 1 || f.NotHelpful != 2 || !f.Last.Equal(t0.Add(time.Hour)) {
		t.Fatalf("%+v", f)
	}
	if !f.Failing(3) || f.Failing(4) {
		t.Error("failing: 1 of 3 helpful fails at min 3, not at min 4")
	}
	f.Add(true, t0)
	f.Add(true, t0)
	if f.Failing(3) {
		t.Error("3 of 5 helpful does not fail")
	}
}
