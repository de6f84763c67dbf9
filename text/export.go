package text

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"golang.org/x/text/feature/plural"
)

// Keys lists the keys of the source catalog, sorted.
func (c *Catalog) Keys() []string {
	var keys []string
	for k := range c.msgs[Source] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Bundle is every text under prefix ("widget.") in l, keyed without the
// prefix, for a browser: a plain text is a string, a plural text an
// object from CLDR category ("one", "few", "other", …) to text, for
// Intl.PluralRules to choose from.
func (c *Catalog) Bundle(l Lang, prefix string) map[string]any {
	out := map[string]any{}
	for _, k := range c.Keys() {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		m, got, _ := c.lookup(l, k)
		if m.Plural == nil {
			out[strings.TrimPrefix(k, prefix)] = m.Text
			continue
		}
		forms := map[string]string{}
		for i, f := range formsOf(got) {
			forms[f] = m.Plural[i]
		}
		out[strings.TrimPrefix(k, prefix)] = forms
	}
	return out
}

// formsOf names the plural categories of l in msgstr order.
func formsOf(l Lang) []string {
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two",
		plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	var out []string
	for _, f := range forms(l) {
		out = append(out, names[f])
	}
	if len(out) > 0 && out[len(out)-1] != "other" {
		out[len(out)-1] = "many" // uk, ru: integers end in many; the browser's "other" (fractions) takes it too
	}
	return out
}

// Export writes l's full catalog as a PO file for translators: every key
// in source order, the German text as a note, the current text of l (the
// built-in or overriding one; empty when missing) and the "# source:" mark
// of the German text it translates, kept from the catalog so that a stale
// translation stays stale until a translator renews it.
func (c *Catalog) Export(w io.Writer, l Lang) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Amtsbote texts, %s. Translate msgstr; the msgid is the key.\n", l)
	b.WriteString("# A line \"# source: …\" records which German text a translation renders;\n")
	b.WriteString("# set it to the mark shown with the German text when you renew a translation.\n")
	fmt.Fprintf(&b, "msgid \"\"\nmsgstr \"\"\n\"Language: %s\\n\"\n\"MIME-Version: 1.0\\n\"\n"+
		"\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Content-Transfer-Encoding: 8bit\\n\"\n\"Plural-Forms: %s\\n\"\n",
		l, pluralForms(l))
	for _, k := range c.Keys() {
		src := c.msgs[Source][k]
		b.WriteString("\n")
		if src.Note != "" && l == Source {
			for _, n := range strings.Split(src.Note, "\n") {
				fmt.Fprintf(&b, "#. %s\n", n)
			}
		}
		if l != Source {
			for _, t := range src.texts() {
				for _, line := range strings.Split(t, "\n") {
					fmt.Fprintf(&b, "#. de: %s\n", line)
				}
			}
			fmt.Fprintf(&b, "#. de mark: %s\n", fingerprint(src.entry))
		}
		m, own := c.msgs[l][k]
		if own && l != Source && m.Mark != "" {
			fmt.Fprintf(&b, "# source: %s\n", m.Mark)
		}
		if own && m.Fuzzy {
			b.WriteString("#, fuzzy\n")
		}
		fmt.Fprintf(&b, "msgid %s\n", quote(k))
		if src.Plural == nil {
			fmt.Fprintf(&b, "msgstr %s\n", quote(m.Text))
			continue
		}
		fmt.Fprintf(&b, "msgid_plural %s\n", quote(k))
		for i := range forms(l) {
			t := ""
			if own && i < len(m.Plural) {
				t = m.Plural[i]
			}
			fmt.Fprintf(&b, "msgstr[%d] %s\n", i, quote(t))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Problem is a translation that is missing or stale.
type Problem struct {
	Lang Lang
	Key  string
	Kind string // "missing", "stale" (the German text changed since), "fuzzy"
	File string // where the translation is, "" when missing
	Line int
}

func (p Problem) String() string {
	if p.File == "" {
		return fmt.Sprintf("%s: %s %s", p.Lang, p.Kind, p.Key)
	}
	return fmt.Sprintf("%s: %s %s (%s:%d)", p.Lang, p.Kind, p.Key, p.File, p.Line)
}

// Check lists the missing, stale and fuzzy translations of every
// language but the source, by language and key. A translation is stale
// when its "# source:" mark is not the fingerprint of the German text it
// translates now (or it has none).
func (c *Catalog) Check() []Problem {
	var out []Problem
	for _, l := range All()[1:] {
		for _, k := range c.Keys() {
			m, ok := c.msgs[l][k]
			switch {
			case !ok:
				out = append(out, Problem{Lang: l, Key: k, Kind: "missing"})
			case m.Mark != fingerprint(c.msgs[Source][k].entry):
				out = append(out, Problem{Lang: l, Key: k, Kind: "stale", File: m.File, Line: m.Line})
			case m.Fuzzy:
				out = append(out, Problem{Lang: l, Key: k, Kind: "fuzzy", File: m.File, Line: m.Line})
			}
		}
	}
	return out
}

// Strings is every plain text under prefix in l, keyed without the
// prefix (plural texts are left out), for templates.
func (c *Catalog) Strings(l Lang, prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range c.Bundle(l, prefix) {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}
