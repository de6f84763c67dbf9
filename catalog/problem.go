package catalog

import (
	"errors"
	"strconv"
	"strings"

	"amtsbote/text"
)

// DefinitionError is a problem of a definition file: the file, the field
// that is wrong as the file writes it and what is wrong with it, a text of
// the catalog (catalog.problem.*). Error says it in English, as the logs
// and tests read it; Say in the operator's language. An error of a library
// inside (reading the file, YAML, a regular expression) stays English.
type DefinitionError struct {
	// File is the definition file ("builtin:x.yaml", DIR/x.yaml); "" for
	// a problem of no one file.
	File string
	// Field is the field that is wrong: "id", "fields[2] (meter)",
	// "charge", "[3]" (an entry of a list file); "" for the whole file.
	Field string
	// Path is where inside Field: "options[0].note"; "" for Field itself.
	Path string
	// Text is the catalog's key of the problem (catalog.problem.*), Args
	// its placeholders as name, value pairs.
	Text string
	Args []any
	// Err is the library's error inside, or nil.
	Err error
}

func (e *DefinitionError) Error() string { return e.Say(text.MustBuiltin(), text.En) }

// Unwrap is the library's error inside the problem, if any.
func (e *DefinitionError) Unwrap() error { return e.Err }

// Say is the error in language l from the catalog c, framed like Error:
// "services: FILE: field FIELD: PATH: problem", each part only when known;
// the file, field and path as the file writes them.
func (e *DefinitionError) Say(c *text.Catalog, l text.Lang) string {
	var b strings.Builder
	b.WriteString("services: ")
	if e.File != "" {
		b.WriteString(e.File + ": ")
	}
	if e.Field != "" {
		b.WriteString(c.Text(l, "catalog.problem.field", "field", e.Field) + ": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(c.Text(l, e.Text, e.Args...))
	return b.String()
}

// problem is the DefinitionError of the catalog's text key with args.
func problem(key string, args ...any) *DefinitionError {
	return &DefinitionError{Text: key, Args: args}
}

// inFile is err with file as its File when it is a DefinitionError.
func inFile(file string, err error) error {
	var de *DefinitionError
	if errors.As(err, &de) {
		de.File = file
	}
	return err
}

// quote is how a value of a definition appears in a problem: Go quoted,
// the same in every language.
func quote(v string) string { return strconv.Quote(v) }
