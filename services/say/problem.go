package say

import (
	"strconv"
	"strings"

	"amtsbote/text"
)

// FileError is a problem of a file of the city's data that a service
// reads (the offices file, the table of parking zones): where it is and
// what is wrong, a text of the catalog (offices.problem.*,
// zones.problem.*). Error says it in English, as the logs and tests read
// it; Say in the operator's language. An error of a library inside
// (reading the file, YAML, CSV) stays English.
type FileError struct {
	// Package comes first in every language: "appointments", "parking".
	Package string
	// File is the file, Line its line; "" and 0 when not known.
	File string
	Line int
	// Setting is what is wrong as the file names it: "offices[0]:
	// counters", "services[4].minutes"; "" for the whole file or line.
	Setting string
	// Text is the catalog's key of the problem, Args its placeholders as
	// name, value pairs.
	Text string
	Args []any
	// Err is the library's error inside, or nil.
	Err error
}

func (e *FileError) Error() string { return e.Say(text.MustBuiltin(), text.En) }

// Unwrap is the library's error inside the problem, if any.
func (e *FileError) Unwrap() error { return e.Err }

// Say is the error in language l from the catalog c, framed like Error:
// "PACKAGE: FILE:LINE: SETTING: problem", each part only when known.
func (e *FileError) Say(c *text.Catalog, l text.Lang) string {
	var b strings.Builder
	b.WriteString(e.Package + ": ")
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	}
	if e.Setting != "" {
		b.WriteString(e.Setting + ": ")
	}
	b.WriteString(c.Text(l, e.Text, e.Args...))
	return b.String()
}
