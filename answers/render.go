package answers

import (
	"fmt"
	"regexp"
	"strings"
)

// Offices tells the hours and address of an office at render time, read
// from the offices file (and the departments), so that an answer never
// holds a copy that goes stale.
type Offices interface {
	Name(id, lang string) (string, bool)
	Hours(id, lang string) (string, bool)
	Address(id string) (string, bool)
}

// LinkKind tells what a link is.
type LinkKind string

// Kinds of links.
const (
	LinkPage LinkKind = "page" // the city's page on the matter
	LinkForm LinkKind = "form" // a form
)

// Link is a web link of a rendered answer; URL is http(s) (Check).
type Link struct {
	Kind LinkKind
	URL  string
}

// Place is the office of a rendered answer, as the offices file has it now.
type Place struct {
	ID, Name, Hours, Address string
}

// Rendered is an answer ready for a channel, in one language.
type Rendered struct {
	ID    string
	Lang  string // the language shown: the one asked for, or SourceLang
	Title string
	Text  string // placeholders filled in
	First string // the one thing to do first; may be ""
	Links []Link
	// Service is a catalog service the bot offers to start ("" for none).
	Service string
	// Office is the answer's office with its current hours and address, or nil.
	Office *Place
}

// placeholder matches {name}, {hours} and {address} in an answer's text.
var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// placeholders are the ones an answer with links.office may use.
var placeholders = map[string]bool{"{name}": true, "{hours}": true, "{address}": true}

// checkPlaceholders reports placeholders that are unknown or that have no
// office to be filled from.
func (a *Answer) checkPlaceholders() problems {
	var ps problems
	for _, t := range []Text{a.Text, a.First, a.Title} {
		for l, s := range t {
			for _, p := range placeholder.FindAllString(s, -1) {
				switch {
				case !placeholders[p]:
					ps.add("answers.problem.placeholder", "lang", l, "placeholder", p, "known", "{name}, {hours}, {address}")
				case a.Links.Office == "":
					ps.add("answers.problem.placeholder_office", "lang", l, "placeholder", p)
				}
			}
		}
	}
	return ps
}

// Render returns the answer in lang. An answer not written in lang is
// shown whole in SourceLang (title, text and first step are never mixed
// from two languages); Rendered.Lang says which. The office's name, hours
// and address come from offices, in the shown language; an office it does
// not know is an error, as is a nil offices for an answer with an office.
func Render(a *Answer, lang string, offices Offices) (Rendered, error) {
	text, shown := a.Text.In(lang)
	r := Rendered{ID: a.ID, Lang: shown, Title: a.Title[shown], Text: text, First: a.First[shown], Service: a.Links.Service}
	if a.Links.Page != "" {
		r.Links = append(r.Links, Link{Kind: LinkPage, URL: a.Links.Page})
	}
	if a.Links.Form != "" {
		r.Links = append(r.Links, Link{Kind: LinkForm, URL: a.Links.Form})
	}
	if id := a.Links.Office; id != "" {
		p, err := place(offices, id, shown)
		if err != nil {
			return Rendered{}, fmt.Errorf("answers: render %s: %w", a.ID, err)
		}
		r.Office = &p
		fill := strings.NewReplacer("{name}", p.Name, "{hours}", p.Hours, "{address}", p.Address)
		r.Title, r.Text, r.First = fill.Replace(r.Title), fill.Replace(r.Text), fill.Replace(r.First)
	}
	return r, nil
}

// place reads office id from offices in lang.
func place(offices Offices, id, lang string) (Place, error) {
	if offices == nil {
		return Place{}, fmt.Errorf("office %q: no offices to read it from", id)
	}
	name, ok1 := offices.Name(id, lang)
	hours, ok2 := offices.Hours(id, lang)
	addr, ok3 := offices.Address(id)
	if !ok1 || !ok2 || !ok3 {
		return Place{}, fmt.Errorf("office %q is not in the offices file", id)
	}
	return Place{ID: id, Name: name, Hours: hours, Address: addr}, nil
}
