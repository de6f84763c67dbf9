package text

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed po/*.po
var builtin embed.FS

// message is one key's text in one language, with where it came from.
type message struct {
	entry
	File string // "built-in de.po" or the override file's path
}

// Catalog is the texts of every language: the built-in catalogs with a
// city's overrides laid over them. It is read-only after Load and safe
// for concurrent use.
type Catalog struct {
	msgs map[Lang]map[string]message
}

// Builtin returns the built-in catalogs alone. They are constant data of
// the binary, so they are read once per process and shared: a Catalog is
// read-only after Load. (The one cache of the package.)
func Builtin() (*Catalog, error) { return builtinOnce() }

var builtinOnce = sync.OnceValues(func() (*Catalog, error) { return Load("") })

// Load reads the built-in catalogs and lays the PO files of dir over
// them ("" for none): dir holds files named by language ("de.po",
// "de-x-ls.po", "ar.po"); a file overrides some or all of that language's
// texts. Every text is checked: a key the built-in German catalog lacks,
// a placeholder the German text lacks or one it has that is missing, a
// wrong number of plural forms and a malformed file are errors naming
// file and line; all errors are returned joined.
func Load(dir string) (*Catalog, error) {
	c := &Catalog{msgs: map[Lang]map[string]message{}}
	var errs []error
	for _, l := range All() {
		name := "po/" + string(l) + ".po"
		f, err := builtin.Open(name)
		if err != nil {
			return nil, fmt.Errorf("text: built-in catalog for %s: %w", l, err)
		}
		errs = append(errs, c.add(l, "built-in "+name, f, false))
		f.Close()
	}
	if dir != "" {
		errs = append(errs, c.overlay(dir))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("text: %w", err)
	}
	return c, nil
}

// overlay lays the PO files of dir over the catalogs.
func (c *Catalog) overlay(dir string) error {
	files, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("override directory: %w", err)
	}
	var errs []error
	for _, de := range files {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".po") {
			continue
		}
		path := filepath.Join(dir, de.Name())
		l, err := Parse(strings.TrimSuffix(de.Name(), ".po"))
		if err != nil || string(l) != strings.TrimSuffix(de.Name(), ".po") {
			errs = append(errs, fmt.Errorf("%s: the file name is not a language (want one of %s.po)", path, strings.Join(names(), ".po, ")))
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, c.add(l, path, f, true))
		f.Close()
	}
	return errors.Join(errs...)
}

// add reads one PO file into language l. Entries of the source language
// in the built-in catalog define the keys; everything else is checked
// against them.
func (c *Catalog) add(l Lang, name string, r fs.File, override bool) error {
	pf, err := parsePO(name, r)
	if err != nil {
		return err
	}
	if c.msgs[l] == nil {
		c.msgs[l] = map[string]message{}
	}
	var errs []error
	for _, e := range pf.Entries {
		if err := c.check(l, e, override); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", name, e.Line, err))
			continue
		}
		if override && e.Text == "" && e.Plural == nil {
			continue // an empty msgstr is "not translated": keep the built-in text
		}
		c.msgs[l][e.Key] = message{entry: e, File: name}
	}
	return errors.Join(errs...)
}

// check checks an entry against the source catalog.
func (c *Catalog) check(l Lang, e entry, override bool) error {
	if l == Source && !override {
		if e.Text == "" && e.Plural == nil {
			return fmt.Errorf("%q has no text", e.Key)
		}
		if e.Plural != nil && len(e.Plural) != len(forms(l)) {
			return fmt.Errorf("%q has %d plural forms, %s has %d", e.Key, len(e.Plural), l, len(forms(l)))
		}
		return nil
	}
	src, ok := c.msgs[Source][e.Key]
	if !ok {
		return fmt.Errorf("unknown key %q (not in the German catalog)", e.Key)
	}
	if (src.Plural != nil) != (e.Plural != nil) {
		return fmt.Errorf("%q: the German text has plural forms and this one has not, or the other way round", e.Key)
	}
	if e.Plural != nil && len(e.Plural) != len(forms(l)) && !(override && allEmpty(e.Plural)) {
		return fmt.Errorf("%q has %d plural forms, %s has %d", e.Key, len(e.Plural), l, len(forms(l)))
	}
	want := placeholders(src.texts()...)
	for _, t := range e.texts() {
		if t == "" {
			continue
		}
		got := placeholders(t)
		for _, p := range got {
			if !slices.Contains(want, p) {
				return fmt.Errorf("%q: placeholder {%s} is not in the German text (it has %s)", e.Key, p, braces(want))
			}
		}
		for _, p := range want {
			if !slices.Contains(got, p) && !(e.Plural != nil && p == "n") {
				return fmt.Errorf("%q: placeholder {%s} of the German text is missing", e.Key, p)
			}
		}
	}
	return nil
}

func allEmpty(ss []string) bool {
	for _, s := range ss {
		if s != "" {
			return false
		}
	}
	return true
}

// texts is the entry's text or its plural forms.
func (e entry) texts() []string {
	if e.Plural != nil {
		return e.Plural
	}
	return []string{e.Text}
}

var placeholder = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

// placeholders lists the distinct {names} in the texts, sorted.
func placeholders(texts ...string) []string {
	var out []string
	for _, t := range texts {
		for _, m := range placeholder.FindAllStringSubmatch(t, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	sort.Strings(out)
	return out
}

func braces(ps []string) string {
	if len(ps) == 0 {
		return "none"
	}
	return "{" + strings.Join(ps, "}, {") + "}"
}

// fingerprint identifies a source text, for "# source:" marks: a
// translation whose mark differs from its source's fingerprint is stale.
func fingerprint(e entry) string {
	sum := sha256.Sum256([]byte(strings.Join(e.texts(), "\x00")))
	return hex.EncodeToString(sum[:4])
}

// lookup finds key in l or along its fallbacks.
func (c *Catalog) lookup(l Lang, key string) (message, Lang, bool) {
	for {
		if m, ok := c.msgs[l][key]; ok {
			return m, l, true
		}
		next, ok := l.Fallback()
		if !ok {
			return message{}, "", false
		}
		l = next
	}
}

// Text is key's text in l (or its fallback language) with the
// placeholders filled from args, given as name, value pairs:
// Text(De, "staff.joined", "name", n, "team", t). An unknown key returns
// the key itself, so a missing text shows and a test catches it.
func (c *Catalog) Text(l Lang, key string, args ...any) string {
	m, _, ok := c.lookup(l, key)
	if !ok {
		return key
	}
	t := m.Text
	if m.Plural != nil {
		t = m.Plural[len(m.Plural)-1]
	}
	return fill(t, args)
}

// Count is key's plural text in l for the count n, chosen by the CLDR
// plural rules of l; {n} is n, other placeholders come from args.
func (c *Catalog) Count(l Lang, key string, n int, args ...any) string {
	m, got, ok := c.lookup(l, key)
	if !ok {
		return key
	}
	if m.Plural == nil {
		return fill(m.Text, append([]any{"n", n}, args...))
	}
	return fill(m.Plural[formIndex(got, n)], append([]any{"n", n}, args...))
}

// Has reports whether the source catalog defines key.
func (c *Catalog) Has(key string) bool {
	_, ok := c.msgs[Source][key]
	return ok
}

// fill replaces {name} by the value following name in args. It scans
// by hand (as placeholder matches): it runs for every text a turn shows.
func fill(t string, args []any) string {
	if len(args) == 0 || !strings.Contains(t, "{") {
		return t
	}
	var b strings.Builder
	b.Grow(len(t) + 32)
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(t[i+1:], '}')
		if j < 0 {
			break
		}
		name := t[i+1 : i+1+j]
		v, ok := argOf(name, args)
		if !ok || !isName(name) {
			b.WriteString(t[:i+1])
			t = t[i+1:]
			continue
		}
		b.WriteString(t[:i])
		b.WriteString(v)
		t = t[i+j+2:]
	}
	b.WriteString(t)
	return b.String()
}

// argOf is the value following name in args, written as text.
func argOf(name string, args []any) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if k, _ := args[i].(string); k == name {
			switch v := args[i+1].(type) {
			case string:
				return v, true
			case int:
				return strconv.Itoa(v), true
			default:
				return fmt.Sprint(v), true
			}
		}
	}
	return "", false
}

// isName reports whether s is a placeholder's name: [a-z][a-z0-9_]*.
func isName(s string) bool {
	for i, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '_')) {
			return false
		}
	}
	return s != ""
}

// MustBuiltin is Builtin for constructors that cannot fail: the built-in
// catalogs are checked by this package's tests, so an error here is a
// broken build and panics.
func MustBuiltin() *Catalog {
	c, err := Builtin()
	if err != nil {
		panic(err)
	}
	return c
}

// Name is the language's name in itself ("Türkçe", "Leichte Sprache"),
// the catalog's "lang.name": what a language menu lists.
func (c *Catalog) Name(l Lang) string { return c.Text(l, "lang.name") }
