package form

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"amtsbote/internal/fold"
)

// parseChoice finds the choice a citizen means. In this order it accepts:
// the exact value (what buttons send), a value or label in folded form (see
// fold), the option number ("2" is the second choice, 1-based), and a unique
// label prefix of at least 3 letters. Values that look like the number of
// another option ("1" as the value of the second option) should be avoided:
// the value wins.
func parseChoice(s string, r Rules) (string, *Problem) {
	if len(r.Choices) == 0 {
		return "", problem("form.problem.choice.none")
	}
	for _, c := range r.Choices {
		if c.Value == s {
			return c.Value, nil
		}
	}
	n := normal(s)
	for _, c := range r.Choices {
		if normal(c.Value) == n {
			return c.Value, nil
		}
	}
	for _, c := range r.Choices {
		for _, l := range c.Labels {
			if normal(l) == n {
				return c.Value, nil
			}
		}
	}
	if d := asciiDigits(n); d != "" && onlyDigitsAnd(d) {
		n = d
		i, err := strconv.Atoi(n)
		if err == nil && i >= 1 && i <= len(r.Choices) {
			return r.Choices[i-1].Value, nil
		}
		return "", problem("form.problem.choice.number", "max", len(r.Choices))
	}
	if utf8.RuneCountInString(n) >= 3 {
		var hits []int
		for i, c := range r.Choices {
			for _, l := range append([]string{c.Value}, c.Labels...) {
				if strings.HasPrefix(normal(l), n) {
					hits = append(hits, i)
					break
				}
			}
		}
		if len(hits) == 1 {
			return r.Choices[hits[0]].Value, nil
		}
		if len(hits) > 1 {
			names := make([]string, len(hits))
			for i, h := range hits {
				names[i] = label(r.Choices[h])
			}
			list := strings.Join(names, ", ")
			return "", problem("form.problem.choice.several", "input", s, "list", list)
		}
	}
	names := make([]string, len(r.Choices))
	for i, c := range r.Choices {
		names[i] = label(c)
	}
	list := strings.Join(names, ", ")
	return "", problem("form.problem.choice.pick", "list", list)
}

// label is the first label of c, or its value when it has none.
func label(c ChoiceRule) string {
	if len(c.Labels) > 0 {
		return c.Labels[0]
	}
	return c.Value
}

// normal makes an answer or label comparable: folded (fold.Letters: lower
// case, umlauts spelt out, accents dropped), whitespace collapsed, and
// surrounding punctuation and quotes removed ("2.", "2)", "„Bus“").
func normal(s string) string {
	s = strings.Trim(fold.Letters(s), " \t\n.!?:()[]\"'„“”‚‘’«»")
	return strings.Join(strings.Fields(s), " ")
}
