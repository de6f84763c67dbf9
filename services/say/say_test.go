package say

import (
	"testing"

	"amtsbote/catalog"
	"amtsbote/text"
)

func TestPair(t *testing.T) {
	c := Or(nil)
	render := func(l text.Lang) string { return c.Text(l, "appointments.option.tomorrow") }
	for lang, want := range map[string]catalog.Text{
		"de":      {De: "Morgen", En: "Tomorrow"},
		"en":      {De: "Morgen", En: "Tomorrow"},
		"":        {De: "Morgen", En: "Tomorrow"},
		"tr":      {De: "Yarın", En: "Yarın"},
		"ar":      {De: "غدًا", En: "غدًا"},
		"de-x-ls": {De: "Morgen", En: "Morgen"},
	} {
		if got := Pair(lang, render); got != want {
			t.Errorf("Pair(%q) = %+v, want %+v", lang, got, want)
		}
	}
	if p := Problem("uk", render); p.In("uk") != "Завтра" || p.In("de") != "Завтра" {
		t.Errorf("Problem(uk) = %+v", p)
	}
	if k := Key(c, "ru", "appointments.option.later"); k.In("ru") != "Позже" {
		t.Errorf("Key(ru) = %+v", k)
	}
}

func TestOr(t *testing.T) {
	var none *text.Catalog
	for _, in := range []Texts{nil, none} {
		if got := Or(in).Text(text.Tr, "appointments.option.tomorrow"); got != "Yarın" {
			t.Errorf("Or(%#v) says %q", in, got)
		}
	}
}

func TestIn(t *testing.T) {
	bring := catalog.Text{De: "Ihr Reisepass", En: "your passport"}
	for lang, want := range map[string]string{"de": "Ihr Reisepass", "de-x-ls": "Ihr Reisepass", "en": "your passport",
		"tr": "your passport", "ar": "your passport", "uk": "your passport", "xx": "Ihr Reisepass"} {
		if got := In(bring, lang); got != want {
			t.Errorf("In(%s) = %q, want %q", lang, got, want)
		}
	}
	if got := In(catalog.Text{De: "Bürgerbüro"}, "tr"); got != "Bürgerbüro" {
		t.Errorf("German only: %q", got)
	}
}
