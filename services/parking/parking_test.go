package parking

import (
	"strings"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/dialog"
)

func TestSampleZones(t *testing.T) {
	z := SampleZones()
	for _, tc := range []struct {
		street, number, zone string
		ok                   bool
	}{
		{"Westernstraße", "12", "A", true},
		{"westernstr.", "12a", "A", true},
		{"WESTERNSTRASSE", "1", "A", true},
		{"Königstr", "39", "A", true},
		{"Königstraße", "40", "B", true},
		{"Koenigstrasse", "121", "", false},
		{"Königstraße", "", "", false}, // the street is split: the number decides
		{"Borchener Str.", "5", "C", true},
		{"Musterweg", "1", "", false},
	} {
		zone, ok := z.Lookup(tc.street, tc.number)
		if ok != tc.ok || zone.ID != tc.zone {
			t.Errorf("Lookup(%q, %q) = %+v, %v; want %s, %v", tc.street, tc.number, zone, ok, tc.zone, tc.ok)
		}
	}
	if name, ok := z.Street("le mans wall"); !ok || name != "Le-Mans-Wall" {
		t.Errorf("Street = %q, %v", name, ok)
	}
}

func TestReadZonesErrors(t *testing.T) {
	for in, want := range map[string]string{
		"Kamp,A\n":                   "z.csv:1: want 3 or 5 fields",
		"# only a comment\n":         "no streets",
		"Kamp,A,Mitte\nGrube,,X\n":   "z.csv:2: street and zone",
		"Kamp,A,Mitte,10,2\n":        "z.csv:1: house numbers",
		"Kamp,A,Mitte\n\"unclosed\n": "z.csv",
	} {
		_, err := ReadZones(strings.NewReader(in), "z.csv")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadZones(%q) = %v, want %q", in, err, want)
		}
	}
	if z, err := LoadZones(""); err != nil || z == nil {
		t.Errorf("LoadZones(\"\") = %v", err)
	}
	if _, err := LoadZones("/nonexistent/zones.csv"); err == nil {
		t.Error("missing file: no error")
	}
}

func TestRegistry(t *testing.T) {
	r := NewRegistry(time.UTC)
	r.Put(Permit{Ref: "AB-2026-000001", Code: "CODE234567", Plate: "PB-AB 123", ValidFrom: "2026-01-01", ValidUntil: "2026-12-31"})
	r.Put(Permit{Ref: "AB-2026-000002", Code: "CODE765432", Plate: "PB-AB 123", ValidFrom: "2027-01-01", ValidUntil: "2027-12-31"})
	if p, ok := r.Active("PB-AB 123", "2026-06-01"); !ok || p.Ref != "AB-2026-000001" {
		t.Errorf("active in 2026: %+v", p)
	}
	if p, ok := r.Active("PB-AB 123", "2027-06-01"); !ok || p.Ref != "AB-2026-000002" {
		t.Errorf("active in 2027: %+v", p)
	}
	if _, ok := r.Active("PB-AB 123", "2028-01-01"); ok {
		t.Error("active after expiry")
	}
	if !r.HasActive("PB-AB 123", time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)) || r.HasActive("PB-CD 1", time.Now()) {
		t.Error("HasActive")
	}
	// A new plate on the same permit moves it.
	r.Put(Permit{Ref: "AB-2026-000001", Code: "CODE999999", Plate: "PB-XY 9", ValidFrom: "2026-01-01", ValidUntil: "2026-12-31"})
	if _, ok := r.Active("PB-AB 123", "2026-06-01"); ok {
		t.Error("old plate still active")
	}
	if _, ok := r.ByCode("CODE234567"); ok {
		t.Error("old code still valid")
	}
	if p, ok := r.ByCode("code999999"); !ok || p.Plate != "PB-XY 9" {
		t.Errorf("ByCode = %+v", p)
	}
	r.Revoke("AB-2026-000001")
	if _, ok := r.Active("PB-XY 9", "2026-06-01"); ok {
		t.Error("revoked permit active")
	}
	// Record takes approved parking cases only.
	c := cases.Case{Ref: "AB-2026-000003", Service: ServiceID, Status: cases.Approved, Answers: map[string]string{
		"plate": "PB-Q 1", AnswerZone: "A", AnswerValidFrom: "2026-01-01", AnswerValidUntil: "2026-12-31", AnswerCode: "ZZZZ222222"}}
	sub := c
	sub.Ref, sub.Status = "AB-2026-000004", cases.Submitted
	r.Record(c, sub, cases.Case{Service: "meter-reading", Status: cases.Approved})
	if _, ok := r.ByRef("ab-2026-000003"); !ok {
		t.Error("approved case not recorded")
	}
	if _, ok := r.ByRef("AB-2026-000004"); ok {
		t.Error("submitted case recorded")
	}
}

func TestRegistryForgetsDeletedPermit(t *testing.T) {
	r := NewRegistry(time.UTC)
	r.Put(Permit{Ref: "AB-2026-000001", Code: "CODE234567", Holder: "Erika Mustermann", Plate: "PB-AB 123", ValidFrom: "2026-01-01", ValidUntil: "2026-12-31"})
	r.Put(Permit{Ref: "AB-2026-000002", Code: "CODE765432", Plate: "PB-AB 123", ValidFrom: "2027-01-01", ValidUntil: "2027-12-31"})
	r.Forget("AB-2026-000001")
	r.Forget("AB-2026-000009") // unknown: nothing happens
	if _, ok := r.ByRef("AB-2026-000001"); ok {
		t.Error("a forgotten permit is found by reference")
	}
	if _, ok := r.ByCode("CODE234567"); ok {
		t.Error("a forgotten permit verifies")
	}
	if _, ok := r.Active("PB-AB 123", "2026-06-01"); ok {
		t.Error("a forgotten permit is active for its plate")
	}
	if p, ok := r.Active("PB-AB 123", "2027-06-01"); !ok || p.Ref != "AB-2026-000002" {
		t.Errorf("the other permit of the plate: %+v %v", p, ok)
	}
}

func TestVerifyCode(t *testing.T) {
	code, err := verifyCode(strings.NewReader(strings.Repeat("\x00\x01\xff\x1e", 10)))
	if err != nil || len(code) != 10 || strings.ContainsAny(code, "01ILO") {
		t.Errorf("code %q, %v", code, err)
	}
	if _, err := verifyCode(strings.NewReader("ab")); err == nil {
		t.Error("short randomness: no error")
	}
}

// TestStreetSpellings: a street the table writes without "straße" ("Kamp")
// is found with it, abbreviated, and with a house number in the same
// answer; a different street is not.
func TestStreetSpellings(t *testing.T) {
	z := SampleZones()
	for in, want := range map[string]string{
		"Kampstraße":      "Kamp",
		"Kamp Str. 12":    "Kamp",
		"Kampstrasse 12":  "Kamp",
		"kamp":            "Kamp",
		"Kampstr.":        "Kamp",
		"Westernstraße":   "Westernstraße",
		"Westernstr.":     "Westernstraße",
		"Western":         "Westernstraße",
		"Westernstr. 3a":  "Westernstraße",
		"Borchener Str 5": "Borchener Straße",
	} {
		if got, ok := z.Street(in); !ok || got != want {
			t.Errorf("Street(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"Kampweg", "Kampstraßenweg", "Am Kamp", "Kämpstraße", "Westerngasse", "Straße", "12"} {
		if got, ok := z.Street(in); ok {
			t.Errorf("Street(%q) = %q; want no street", in, got)
		}
	}
	if zone, ok := z.Lookup("Königstraße 40", ""); !ok || zone.ID != "B" {
		t.Errorf("Lookup(Königstraße 40) = %+v, %v; want B", zone, ok)
	}
	// a table with both "Kamp" and "Kampstraße" keeps the two apart
	two, err := ReadZones(strings.NewReader("Kamp,A,Mitte\nKampstraße,B,Nord\n"), "t")
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{"Kamp 3": "A", "Kampstr. 3": "B", "Kampstraße": "B"} {
		if zone, ok := two.Lookup(in, ""); !ok || zone.ID != want {
			t.Errorf("two streets: Lookup(%q) = %+v, %v; want %s", in, zone, ok, want)
		}
	}
}

// TestStreetAnswerWithNumber: "Kamp Str. 12" as the street answer is the
// table's "Kamp", and its number answers the house number question.
func TestStreetAnswerWithNumber(t *testing.T) {
	h := New(Options{})
	c := h.CheckAnswer(dialog.Answer{Field: "street", Value: "Kamp Str. 12"})
	if c.Value != "Kamp" || c.Fill["house_number"] != "12" || c.Problem != nil {
		t.Errorf("CheckAnswer(Kamp Str. 12) = %+v", c)
	}
	if c := h.CheckAnswer(dialog.Answer{Field: "street", Value: "Kampstraße"}); c.Value != "Kamp" || c.Fill != nil {
		t.Errorf("CheckAnswer(Kampstraße) = %+v", c)
	}
	if c := h.CheckAnswer(dialog.Answer{Field: "street", Value: "Kampweg 3"}); c.Value != "" || c.Note.De == "" {
		t.Errorf("CheckAnswer(Kampweg 3) = %+v; want the note of no zone", c)
	}
}
