package form

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// maxAnswer is the longest answer in bytes read for types other than text;
// it keeps big-number parsing cheap. Text has its own MaxLen.
const maxAnswer = 1000

// emptyProblem asks for an answer of type typ.
func emptyProblem(typ string) *Problem {
	if typ == Decimal {
		typ = Number
	}
	return problem("form.problem.empty." + typ)
}

// patterns caches compiled, anchored text patterns by their source.
var patterns sync.Map

// pattern compiles the field pattern p anchored to the whole answer; an
// empty p gives nil.
func pattern(p string) (*regexp.Regexp, error) {
	if p == "" {
		return nil, nil
	}
	if re, ok := patterns.Load(p); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(`^(?:` + p + `)$`)
	if err != nil {
		return nil, fmt.Errorf("form: field pattern %q: %w", p, err)
	}
	patterns.Store(p, re)
	return re, nil
}

// parseText collapses whitespace and checks length and pattern.
func parseText(s string, r Rules, re *regexp.Regexp) (string, *Problem) {
	for _, c := range s {
		if unicode.IsControl(c) && !unicode.IsSpace(c) {
			return "", problem("form.problem.text.control")
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	n := utf8.RuneCountInString(s)
	if r.MinLen > 0 && n < r.MinLen {
		return "", problem("form.problem.text.short", "min", r.MinLen)
	}
	if r.MaxLen > 0 && n > r.MaxLen {
		return "", problem("form.problem.text.long", "n", n, "max", r.MaxLen)
	}
	if re != nil && !re.MatchString(s) {
		return "", problem("form.problem.text.pattern")
	}
	return s, nil
}

// parseYesNo reads a yes or no answer as "yes" or "no": a word of yes or
// no (form.word.yes, form.word.no) in the conversation's language or
// another, alone or followed by polite words ("ja bitte", "ні, дякую",
// "evet lütfen").
func parseYesNo(s string, own, any *vocab) (string, *Problem) {
	if v, ok := yesNo(s, own, any); ok {
		return v, nil
	}
	return "", problem("form.problem.yesno")
}

// yesNo is parseYesNo without the problem: "yes", "no" or not ok.
func yesNo(s string, own, any *vocab) (string, bool) {
	k := key(s)
	yes, no := is(Yes, k, own, any), is(No, k, own, any)
	if !yes && !no {
		if first, rest, ok := strings.Cut(k, " "); ok && politeOnly(rest, own, any) {
			yes, no = is(Yes, first, own, any), is(No, first, own, any)
		}
	}
	switch {
	case yes && !no:
		return "yes", true
	case no && !yes:
		return "no", true
	case yes && no && own.words[Yes][k] != own.words[No][k]:
		if own.words[Yes][k] {
			return "yes", true
		}
		return "no", true
	}
	return "", false
}

// politeOnly reports whether every word of the folded s is polite.
func politeOnly(s string, own, any *vocab) bool {
	for rest := s; rest != ""; {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		if !is(polite, w, own, any) {
			return false
		}
	}
	return s != ""
}

// parsePostcode reads a German postcode ("33098", "D-33098").
func parsePostcode(s string) (string, *Problem) {
	s = strings.Join(strings.Fields(s), "")
	for _, pre := range []string{"DE-", "D-", "DE", "D"} {
		if len(s) > len(pre) && strings.EqualFold(s[:len(pre)], pre) {
			s = s[len(pre):]
			break
		}
	}
	if len(s) != 5 || strings.Trim(s, "0123456789") != "" {
		return "", problem("form.problem.postcode.digits")
	}
	if strings.HasPrefix(s, "00") {
		return "", problem("form.problem.postcode.zeros")
	}
	return s, nil
}
