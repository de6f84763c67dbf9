package main

import (
	"errors"
	"strings"

	"amtsbote/text"
)

// localized is an error that says itself in a language from the text
// catalog: a problem of the configuration (*config.KeyError), of a
// service definition (*catalog.DefinitionError), of the offices file or
// the table of parking zones (*say.FileError), a refusal of a move
// (*migrate.Error). Its Error stays English, for logs.
type localized interface {
	error
	Say(c *text.Catalog, l text.Lang) string
}

// explain is err in the operator's language: each error of a joined
// error (errors.Join) on its own line; one that says itself in the
// operator's language, after whatever wraps it; anything else as its
// Error says it. An error of a library inside stays English.
func explain(s say, err error) string {
	if err == nil {
		return ""
	}
	all := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		all = j.Unwrap()
	}
	lines := make([]string, 0, len(all))
	for _, e := range all {
		lines = append(lines, explainOne(s, e))
	}
	return strings.Join(lines, "\n")
}

// explainOne is one error in the operator's language: the localized
// error in it said in their language, the words that wrap it in front
// kept; err.Error() when there is none or it is not at the end.
func explainOne(s say, err error) string {
	var l localized
	if !errors.As(err, &l) {
		return err.Error()
	}
	wrapping, ok := strings.CutSuffix(err.Error(), l.Error())
	if !ok {
		return err.Error()
	}
	return wrapping + l.Say(s.cat, s.lang)
}
