package answers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/iotest"

	"amtsbote/internal/srcscan"
	"amtsbote/text"
)

// TestProblemKeys fails when an answers.problem.* key the code uses is
// not in the built-in catalog, or the catalog has one no code uses.
func TestProblemKeys(t *testing.T) {
	for _, p := range srcscan.PrefixProblems("*.go", "answers.problem.", 30, text.MustBuiltin()) {
		t.Error(p)
	}
}

// leftover finds a placeholder that was not filled.
var leftover = regexp.MustCompile(`\{[a-z][a-z0-9_]*\}`)

// problemErrors are errors of Check, Validate, ParseDate, ParseReview and
// ReadCSV that find every problem there is.
func problemErrors(t *testing.T) []error {
	t.Helper()
	bad := &Answer{ID: "Bad_Id", File: "a.yaml", Line: 3,
		Title:     Text{"fr": "Titre", "de": "Offen {when}"},
		Text:      Text{"en": "Open {hours}", "xx": "?"},
		First:     Text{"yy": "?"},
		Questions: Words{"zz": {"?"}, "de": {"", "zwei\nZeilen"}},
		Keywords:  Words{"qq": {"a"}, "de": {"a, b", " "}},
		Links:     Links{Page: "javascript:alert(1)", Form: "ftp://x"},
	}
	review, _ := ParseDate("2027-01-01")
	ok := &Answer{ID: "ok", Title: Text{"de": "T"}, Text: Text{"de": "A"}, Department: "mond",
		Links: Links{Service: "pizza", Office: "saturn"}, Review: review}
	known := Known{Services: map[string]bool{}, Offices: map[string]bool{}, Departments: map[string]bool{}}
	_, errDate := ParseDate("1.1.2027")
	_, errReview := ParseReview("1.1.2027")
	_, errNoReview := ParseReview("")

	head := "id;lang;title;text;first;questions;keywords;page;form;service;office;department;review\n"
	row := "fees;de;Gebühren;46 €;;;;https://x.example/g;;;;buergerbuero;2027-01-01\n"
	csvErr := func(data string) error {
		_, err := ReadCSV("c.csv", strings.NewReader(data))
		if err == nil {
			t.Errorf("%q: no error", data)
		}
		return err
	}
	_, errRead := ReadCSV("c.csv", iotest.ErrReader(errors.New("disk gone")))
	_, errLarge := ReadCSV("c.csv", bytes.NewReader(bytes.Repeat([]byte("x"), maxCSV+1)))
	return []error{bad.Check(), ok.Validate(known), errDate, errReview, errNoReview, errRead, errLarge,
		csvErr(""),
		csvErr("id;lang\n"),
		csvErr(strings.Replace(head, "first", "erstens", 1) + row),
		csvErr(head + "fees;de\n"),
		csvErr(head + `fees;de;"Geb"ühren` + "\n"),
		csvErr(head + strings.Replace(row, ";de;", ";fr;", 1)),
		csvErr(head + strings.Replace(row, "2027-01-01", "", 1)),
		csvErr(head + strings.Replace(row, "2027-01-01", "1.1.2027", 1)),
		csvErr(head + row + row),
		csvErr(head + row + strings.Replace(row, ";de;", ";en;", 1) + strings.Replace(strings.Replace(row, ";de;", ";tr;", 1), "x.example", "y.example", 1)),
		csvErr(head + strings.Replace(row, "46 €", "", 1)),
	}
}

// Every problem says itself in every language with its placeholders
// filled; its English is what Error says, its German differs.
func TestProblemsSayThemselves(t *testing.T) {
	cat := text.MustBuiltin()
	seen := map[string]bool{}
	for _, err := range problemErrors(t) {
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%v is no *Error", err)
			continue
		}
		if got := e.Say(cat, text.En); got != e.Error() {
			t.Errorf("English %q, Error %q", got, e.Error())
		}
		if e.Say(cat, text.De) == e.Error() {
			t.Errorf("German is English: %q", e.Error())
		}
		if e.Where != "" && !strings.HasPrefix(e.Error(), "answers: "+e.Where+": ") {
			t.Errorf("frame: %q", e.Error())
		}
		if e.Row > 0 {
			seen["answers.problem.row"] = true
		}
		for _, p := range e.Problems {
			seen[p.Key] = true
			if p.Say(cat, text.De) == p.Say(cat, text.En) {
				t.Errorf("%s: German is English: %q", p.Key, p.Say(cat, text.En))
			}
			// With plain values, nothing in braces is left in any language.
			plain := Problem{Key: p.Key}
			for i := 0; i+1 < len(p.Args); i += 2 {
				plain.Args = append(plain.Args, p.Args[i], "X")
			}
			for _, l := range text.All() {
				if s := plain.Say(cat, l); leftover.MatchString(s) || s == p.Key {
					t.Errorf("%s in %s: %q", p.Key, l, s)
				}
			}
		}
	}
	for _, k := range cat.Keys() {
		if strings.HasPrefix(k, "answers.problem.") && !seen[k] {
			t.Errorf("no case finds %s", k)
		}
	}
}

// The errors keep today's English, frame and rows, and unwrap to the
// library's error inside.
func TestProblemShape(t *testing.T) {
	errs := problemErrors(t)
	for i, want := range map[int]string{
		0:  `answers: a.yaml:3: id "Bad_Id" is not a lower-case id like "bulky-waste"; `,
		1:  `answers: answer ok: links.service: no service "pizza" in the catalog; links.office: no office "saturn" in the offices file; department: no department "mond"`,
		2:  `"1.1.2027" is no date like 2027-06-30`,
		3:  `review: "1.1.2027" is no date like 2027-06-30`,
		4:  `an answer needs a review date (review: 2027-06-30)`,
		5:  `answers: c.csv: cannot be read: disk gone`,
		6:  `answers: c.csv: larger than 32 MB`,
		9:  `answers: c.csv: row 1: column 5 is "erstens", want "first" (columns: id, lang, `,
		13: `answers: c.csv: row 2: an answer needs a review date (review: 2027-06-30)`,
		15: `answers: c.csv: row 3: a second row for "fees" in "de" (the first is row 2)`,
		14: `answers: c.csv: row 2: review: "1.1.2027" is no date like 2027-06-30`,
		16: `answers: c.csv: row 4: links, department or review of "fees" differ from its row 2`,
		17: `answers: c.csv: row 2: an answer needs a title and a text in "de"`,
	} {
		if !strings.HasPrefix(errs[i].Error(), want) {
			t.Errorf("error %d: %q, want %q", i, errs[i], want)
		}
	}
	var pe *csv.ParseError
	if !errors.As(errs[11], &pe) || !strings.Contains(errs[11].Error(), "row 2: not readable as CSV: parse error") {
		t.Errorf("a CSV error: %v", errs[11])
	}
	if errs[5].(*Error).Unwrap() == nil {
		t.Error("a read error does not unwrap")
	}
	cat := text.MustBuiltin()
	if got := errs[15].(*Error).Say(cat, text.De); got != `answers: c.csv: Zeile 3: Eine zweite Zeile für "fees" in der Sprache "de" (die erste ist Zeile 2)` {
		t.Errorf("in German: %q", got)
	}
}
