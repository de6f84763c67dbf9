package business

import (
	"testing"

	"amtsbote/cases"
	"amtsbote/dialog"
)

func TestVagueActivity(t *testing.T) {
	for _, s := range []string{
		"Handel mit Waren aller Art", "handel mit waren aller art.", "Dienstleistungen aller Art", "Alles",
		"Diverses", "Onlinehandel", "Import/Export", "Verkauf von diversen Waren", "Handel mit verschiedenen Artikeln",
		"Kleidung, Schuhe, Taschen usw.", "Beratung", "Handel und Dienstleistungen",
	} {
		if VagueActivity(s) == "" {
			t.Errorf("%q passes as precise", s)
		}
	}
	for _, s := range []string{
		"Einzelhandel mit Fahrrädern und Fahrradzubehör", "Onlinehandel mit gebrauchten Smartphones",
		"Reinigung von Büroräumen", "Unternehmensberatung im Bereich IT-Sicherheit", "Imbiss mit Ausschank alkoholfreier Getränke",
		"Import und Export von Olivenöl und Gewürzen",
	} {
		if p := VagueActivity(s); p != "" {
			t.Errorf("%q refused: %s", s, p)
		}
	}
}

func TestCheckPartners(t *testing.T) {
	for s, ok := range map[string]bool{
		"Anna Müller, 03.04.1985; Ben Schmidt, 12.12.1990":                   true,
		"Anna Müller 1985-04-03; Ben Schmidt 1990-12-12; Cem Kaya, 1.2.1979": true,
		"Anna Müller, 03.04.1985":                                            false,
		"Anna Müller; Ben Schmidt":                                           false,
		"Müller, 03.04.1985; Schmidt, 12.12.1990":                            false,
	} {
		if got := checkPartners(s) == ""; got != ok {
			t.Errorf("checkPartners(%q) ok = %v, want %v", s, got, ok)
		}
	}
	h := New(nil)
	if c := h.CheckAnswer(dialog.Answer{Field: "activity", Value: "Alles", Lang: "de"}); c.Problem == nil ||
		c.Problem.De != "Das ist zu allgemein. Bitte beschreiben Sie die Tätigkeit genau: welche Waren oder Leistungen, und wie (z. B. „Onlinehandel mit gebrauchten Fahrrädern“ oder „Hausmeisterdienste ohne Meisterpflicht“)." {
		t.Errorf("handler took a vague activity: %+v", c.Problem)
	}
	if c := h.CheckAnswer(dialog.Answer{Field: "partners", Value: "Anna Müller", Lang: "tr"}); c.Problem == nil ||
		c.Problem.In("tr") != "Bir şahıs şirketinin (Personengesellschaft) en az iki ortağı vardır. Lütfen hepsini noktalı virgülle ayırarak yazın." {
		t.Errorf("one partner, in Turkish: %+v", c.Problem)
	}
	if c := h.CheckAnswer(dialog.Answer{Field: "last_name", Value: "Alles"}); c.Problem != nil {
		t.Error("handler checked another field")
	}
}

func TestRecordOfOtherService(t *testing.T) {
	if _, err := RecordOf(cases.Case{Service: "meter-reading"}, nil); err == nil {
		t.Error("no error for another service")
	}
	if _, err := RecordOf(cases.Case{Service: Registration}, nil); err == nil {
		t.Error("no error without a definition")
	}
}
