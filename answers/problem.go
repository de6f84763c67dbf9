package answers

import (
	"strconv"
	"strings"

	"amtsbote/text"
)

// Problem is one thing wrong with an answer or a CSV file of answers: the
// catalog's key of what is wrong (answers.problem.*) and its placeholders
// as name, value pairs. Values are the same in every language: the ids,
// languages and addresses an answer holds are Go quoted ("fr"), as the
// configuration's problems quote theirs.
type Problem struct {
	Key  string
	Args []any
}

// Say is the problem in language l from the catalog c.
func (p Problem) Say(c *text.Catalog, l text.Lang) string { return c.Text(l, p.Key, p.Args...) }

// Error is what Check, Validate, ReadCSV and ParseDate find wrong: where
// (the file and line of an answer, "answer ID", or the name of a CSV file
// and its row) and every problem found there, each a text of the catalog.
// Error gives it in English for logs and tests, in today's shape
// ("answers: FILE:LINE: problem; problem"); Say in a language of the
// catalog. An error of a library inside it (reading, CSV syntax) stays
// English inside the catalog's sentence, and Unwrap returns it.
type Error struct {
	// Where is the file and line ("defs/waste.yaml:7"), "answer ID", or
	// the CSV file's name: the same in every language. "" for a value by
	// itself (ParseDate), which Error gives without a frame.
	Where string
	// Row is the row of a CSV file the problems are in (the header is
	// row 1; the first row of the answer for what is wrong with a whole
	// answer), 0 outside one. Say frames it as answers.problem.row.
	Row      int
	Problems []Problem
	// Err is the library's error inside the problem, or nil.
	Err error
}

func (e *Error) Error() string { return e.Say(text.MustBuiltin(), text.En) }

// Unwrap is the library's error inside the problem, if any.
func (e *Error) Unwrap() error { return e.Err }

// Say is the error in language l from the catalog c: framed like Error
// ("answers:", where, the row), the problems in l, separated by "; ".
func (e *Error) Say(c *text.Catalog, l text.Lang) string {
	var b strings.Builder
	if e.Where != "" {
		b.WriteString("answers: " + e.Where + ": ")
	}
	if e.Row > 0 {
		b.WriteString(c.Text(l, "answers.problem.row", "row", e.Row) + ": ")
	}
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Say(c, l))
	}
	return b.String()
}

// problems collects the problems of one answer or file.
type problems []Problem

// add records the problem of catalog key with args as name, value pairs.
func (ps *problems) add(key string, args ...any) { *ps = append(*ps, Problem{Key: key, Args: args}) }

// at is the error of the problems at where, nil when there are none.
func (ps problems) at(where string) error {
	if len(ps) == 0 {
		return nil
	}
	return &Error{Where: where, Problems: ps}
}

// failAt is the error of one problem at where, in row (0: none).
func failAt(where string, row int, key string, args ...any) *Error {
	return &Error{Where: where, Row: row, Problems: []Problem{{Key: key, Args: args}}}
}

// quote is how a value of an answer appears in a problem: Go quoted, the
// same in every language.
func quote(v string) string { return strconv.Quote(v) }
