package answers

import (
	"errors"
	"net/url"
	"strings"
)

// Check validates what an answer says by itself: its id, a title and a
// text in SourceLang, a title for every language of the text, only
// languages Amtsbote speaks (text.All: "de", "uk", "de-x-ls"), links that
// are http(s) URLs, a department and a review date. What the answer
// names elsewhere is checked by Validate.
func (a *Answer) Check() error {
	var ps problems
	if !idPattern.MatchString(a.ID) {
		ps.add("answers.problem.id", "id", quote(a.ID))
	}
	if a.Title[SourceLang] == "" || a.Text[SourceLang] == "" {
		ps.add("answers.problem.no_source", "lang", quote(SourceLang))
	}
	for _, field := range []struct {
		key string
		t   Text
	}{{"answers.problem.lang.title", a.Title}, {"answers.problem.lang.text", a.Text}, {"answers.problem.lang.first", a.First}} {
		for l := range field.t {
			if !knownLang(l) {
				ps.add(field.key, "lang", quote(l), "langs", knownLangs())
			}
		}
	}
	for _, field := range []struct {
		lang, entry string
		w           Words
		oneWord     bool // an entry is one keyword: no comma
	}{{"answers.problem.lang.questions", "answers.problem.entry.questions", a.Questions, false},
		{"answers.problem.lang.keywords", "answers.problem.entry.keywords", a.Keywords, true}} {
		for l, list := range field.w {
			if !knownLang(l) {
				ps.add(field.lang, "lang", quote(l), "langs", knownLangs())
			}
			for _, s := range list {
				if strings.TrimSpace(s) == "" || strings.Contains(s, "\n") {
					ps.add(field.entry, "lang", l)
				}
				if field.oneWord && strings.Contains(s, ",") {
					ps.add("answers.problem.comma", "lang", l, "keyword", quote(s))
				}
			}
		}
	}
	for _, l := range a.Text.Langs() {
		if a.Title[l] == "" {
			ps.add("answers.problem.no_title", "lang", quote(l))
		}
	}
	for _, link := range []struct{ key, url string }{{"answers.problem.url.page", a.Links.Page}, {"answers.problem.url.form", a.Links.Form}} {
		if link.url != "" && !webURL(link.url) {
			ps.add(link.key, "url", quote(link.url))
		}
	}
	ps = append(ps, a.checkPlaceholders()...)
	if a.Department == "" {
		ps.add("answers.problem.no_department")
	}
	if a.Review.IsZero() {
		ps.add("answers.problem.no_review")
	}
	return ps.at(a.where())
}

// webURL reports whether s is an absolute http or https URL with a host.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// Known is what answers may name: the ids of the catalog's services, of
// the offices (offices file) and of the departments. A nil set is not
// checked.
type Known struct {
	Services    map[string]bool
	Offices     map[string]bool
	Departments map[string]bool
}

// Validate checks every answer of the set against known and returns all
// problems at once, each naming the answer's file and line.
func (s *Set) Validate(known Known) error {
	var errs []error
	for _, a := range s.list {
		if err := a.Validate(known); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Validate checks one answer by itself (Check) and against known.
func (a *Answer) Validate(known Known) error {
	if err := a.Check(); err != nil {
		return err
	}
	var ps problems
	if id := a.Links.Service; id != "" && known.Services != nil && !known.Services[id] {
		ps.add("answers.problem.service", "service", quote(id))
	}
	if id := a.Links.Office; id != "" && known.Offices != nil && !known.Offices[id] {
		ps.add("answers.problem.office", "office", quote(id))
	}
	if known.Departments != nil && !known.Departments[a.Department] {
		ps.add("answers.problem.department", "department", quote(a.Department))
	}
	return ps.at(a.where())
}
