package route

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// TestExplain prints how each word of $ROUTE_EXPLAIN (lines) counts for
// the intents of the router app.Build makes (services and answers); it is
// a tool for tuning and skips without the variable.
func TestExplain(t *testing.T) {
	texts := os.Getenv("ROUTE_EXPLAIN")
	if texts == "" {
		t.Skip("set ROUTE_EXPLAIN to explain texts")
	}
	r := loadKnowledge(t).router
	for _, text := range strings.Split(texts, "\n") {
		t.Log(r.explain(text))
	}
}

// explain describes what analyse makes of each word of text.
func (r *Router) explain(text string) string {
	var b strings.Builder
	m := r.Route(text)
	fmt.Fprintf(&b, "%q → %+v\n", text, m)
	n := r.v.n
	buf := make([]float64, 5*n)
	s := scratch{score: buf[:n], c: buf[n : 2*n], tmp: buf[2*n : 3*n], pair: buf[3*n : 4*n], best: buf[4*n:]}
	c := s.c
	st := newStemmer()
	st.other = r.foreign(text, tokens(text))
	for _, tok := range tokens(text) {
		if r.stopLang(tok) != 0 || len(tok) < 2 || isNumber(tok) {
			continue
		}
		strong := make([]bool, n)
		w := r.analyse(tok, st, s, strong)
		type iv struct {
			id string
			v  float64
		}
		var top []iv
		for i, x := range c {
			if x > 0 {
				id := r.ids[i]
				if strong[i] {
					id += "*"
				}
				top = append(top, iv{id, x})
			}
		}
		sort.Slice(top, func(i, j int) bool { return top[i].v > top[j].v })
		var terms []string
		for id, k := range r.v.terms {
			for _, x := range w.first {
				if x == k {
					terms = append(terms, id)
				}
			}
		}
		fmt.Fprintf(&b, "  %-20s de=%s en=%s known=%v terms=%v:", tok, st.german(tok), st.english(tok), w.known, terms)
		for _, x := range top[:min(4, len(top))] {
			fmt.Fprintf(&b, " %s=%.2f", x.id, x.v)
		}
		b.WriteString("\n")
	}
	return b.String()
}
