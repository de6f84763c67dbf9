// Package text holds every citizen-, staff- and operator-facing text of the
// channels, the staff console and the front page as data: gettext PO
// catalogs, one file per language, built in (embedded) and laid over by a
// city's own directory of PO files. German is the source language; every
// other catalog translates it key by key.
package text

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// Lang is a language a catalog speaks, as a BCP 47 tag.
type Lang string

// The languages Amtsbote speaks. DeLS is Leichte Sprache (plain German).
const (
	De   Lang = "de"
	En   Lang = "en"
	Uk   Lang = "uk"
	Tr   Lang = "tr"
	Ar   Lang = "ar"
	Ru   Lang = "ru"
	DeLS Lang = "de-x-ls"
)

// Source is the language every other catalog translates.
const Source = De

// All returns every language, the source first.
func All() []Lang { return []Lang{De, En, Uk, Tr, Ar, Ru, DeLS} }

// Parse returns the language a tag names ("DE", "de_DE", "de-x-ls",
// "ar-SY"); a region is dropped, an unknown language is an error.
func Parse(tag string) (Lang, error) {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"))
	if t == string(DeLS) || t == "de-ls" || t == "ls" {
		return DeLS, nil
	}
	primary, _, _ := strings.Cut(t, "-")
	for _, l := range All() {
		if string(l) == primary {
			return l, nil
		}
	}
	return "", fmt.Errorf("text: unknown language %q (known: %s)", tag, strings.Join(names(), ", "))
}

func names() []string {
	var out []string
	for _, l := range All() {
		out = append(out, string(l))
	}
	return out
}

// Dir is the writing direction, "rtl" for Arabic, else "ltr".
func (l Lang) Dir() string {
	if l == Ar {
		return "rtl"
	}
	return "ltr"
}

// Fallback is the language whose text stands in for a missing one:
// Leichte Sprache falls back to German (a reader of plain German reads
// German better than English), English to German (the source), every
// other language to English (more widely read by their readers than
// German). German has none.
func (l Lang) Fallback() (Lang, bool) {
	switch l {
	case De:
		return "", false
	case DeLS, En:
		return De, true
	}
	return En, true
}

// Tag is the language's tag for CLDR data (Leichte Sprache follows German).
func (l Lang) Tag() language.Tag {
	if l == DeLS {
		return language.German
	}
	return language.Make(string(l))
}
