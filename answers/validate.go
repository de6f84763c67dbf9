package answers

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Check validates what an answer says by itself: its id, a title and a
// text in SourceLang, a title for every language of the text, only
// languages Amtsbote speaks (text.All: "de", "uk", "de-x-ls"), links that
// are http(s) URLs, a department and a review date. What the answer
// names elsewhere is checked by Validate.
func (a *Answer) Check() error {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if !idPattern.MatchString(a.ID) {
		bad("id %q is not a lower-case id like \"bulky-waste\"", a.ID)
	}
	if a.Title[SourceLang] == "" || a.Text[SourceLang] == "" {
		bad("an answer needs a title and a text in %q", SourceLang)
	}
	for _, field := range []struct {
		name string
		t    Text
	}{{"title", a.Title}, {"text", a.Text}, {"first", a.First}} {
		for l := range field.t {
			if !knownLang(l) {
				bad("%s: %q is no language Amtsbote speaks (%s)", field.name, l, knownLangs())
			}
		}
	}
	for _, field := range []struct {
		name string
		w    Words
	}{{"questions", a.Questions}, {"keywords", a.Keywords}} {
		for l, list := range field.w {
			if !knownLang(l) {
				bad("%s: %q is no language Amtsbote speaks (%s)", field.name, l, knownLangs())
			}
			for _, s := range list {
				if strings.TrimSpace(s) == "" || strings.Contains(s, "\n") {
					bad("%s.%s: an empty entry or one of several lines", field.name, l)
				}
				if field.name == "keywords" && strings.Contains(s, ",") {
					bad("keywords.%s: %q holds a comma (one keyword per entry)", l, s)
				}
			}
		}
	}
	for _, l := range a.Text.Langs() {
		if a.Title[l] == "" {
			bad("the text is in %q but the title is not", l)
		}
	}
	for name, u := range map[string]string{"links.page": a.Links.Page, "links.form": a.Links.Form} {
		if u != "" && !webURL(u) {
			bad("%s: %q is no http(s) URL", name, u)
		}
	}
	errs = append(errs, a.checkPlaceholders()...)
	if a.Department == "" {
		bad("an answer needs the department responsible")
	}
	if a.Review.IsZero() {
		bad("an answer needs a review date (review: 2027-06-30)")
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s: %s", a.where(), strings.Join(errs, "; "))
	}
	return nil
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
	var errs []string
	if id := a.Links.Service; id != "" && known.Services != nil && !known.Services[id] {
		errs = append(errs, fmt.Sprintf("links.service: no service %q in the catalog", id))
	}
	if id := a.Links.Office; id != "" && known.Offices != nil && !known.Offices[id] {
		errs = append(errs, fmt.Sprintf("links.office: no office %q in the offices file", id))
	}
	if known.Departments != nil && !known.Departments[a.Department] {
		errs = append(errs, fmt.Sprintf("department: no department %q", a.Department))
	}
	if len(errs) > 0 {
		return fmt.Errorf("answers: %s: %s", a.where(), strings.Join(errs, "; "))
	}
	return nil
}
