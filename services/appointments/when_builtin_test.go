package appointments

import (
	"sync"
	"time"

	"amtsbote/text"
)

// builtinWhen is the reader of the built-in catalog's words, built once
// for the tests (read-only, as the catalog is).
var builtinWhen = sync.OnceValue(func() *whenReader {
	c := text.MustBuiltin()
	return newWhenReader(c, c)
})

// ParseWhen reads a wish with the built-in words, in no conversation's
// language in particular (whenReader.parseWhen).
func ParseWhen(text string, now time.Time, horizonDays int) (Query, bool) {
	return builtinWhen().parseWhen(text, "", now, horizonDays)
}

// refine is whenReader.refine with the built-in words.
func refine(q Query, text string, now time.Time, horizonDays int) (Query, bool) {
	return builtinWhen().refine(q, text, "", now, horizonDays)
}
