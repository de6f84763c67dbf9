package text

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// entry is one message of a PO file. The msgid is the key
// ("telegram.edited"): Amtsbote's PO files are monolingual, as Weblate's
// "gettext PO (monolingual)" and Poedit with a reference file read them.
type entry struct {
	Key    string
	Text   string   // msgstr, for a message without plural forms
	Plural []string // msgstr[0..], for a message with msgid_plural
	Mark   string   // "# source: …": the fingerprint of the source text translated
	Note   string   // "#. …" lines: a note for translators
	Fuzzy  bool     // "#, fuzzy": a translation the translator marked as doubtful
	Line   int      // the line of the msgid
}

// poFile is a parsed PO file: its header values and its entries in order.
type poFile struct {
	Header  map[string]string
	Entries []entry
}

// parsePO reads a PO file; name is only for errors, which say "name:line:".
func parsePO(name string, r io.Reader) (*poFile, error) {
	p := &poParser{name: name, f: &poFile{Header: map[string]string{}}, seen: map[string]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		p.line++
		if err := p.feed(strings.TrimSpace(sc.Text())); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := p.flush(); err != nil {
		return nil, err
	}
	return p.f, nil
}

type poParser struct {
	name string
	line int
	f    *poFile
	seen map[string]int // key → line of its msgid

	cur     entry
	has     bool    // cur has a msgid
	plural  bool    // cur has msgid_plural
	target  *string // the string continuation lines append to
	comment entry   // comments read before the next msgid
}

func (p *poParser) errf(format string, a ...any) error {
	return fmt.Errorf("%s:%d: %s", p.name, p.line, fmt.Sprintf(format, a...))
}

func (p *poParser) feed(l string) error {
	switch {
	case l == "":
		p.target = nil
		return nil
	case strings.HasPrefix(l, "#"):
		if p.has && p.target != nil {
			if err := p.flush(); err != nil {
				return err
			}
		}
		p.target = nil
		switch {
		case strings.HasPrefix(l, "#,"):
			p.comment.Fuzzy = p.comment.Fuzzy || strings.Contains(l, "fuzzy")
		case strings.HasPrefix(l, "#."):
			p.comment.Note = strings.TrimSpace(p.comment.Note + "\n" + strings.TrimSpace(l[2:]))
		case strings.HasPrefix(l, "# source:"):
			p.comment.Mark = strings.TrimSpace(l[len("# source:"):])
		}
		return nil
	case strings.HasPrefix(l, `"`):
		if p.target == nil {
			return p.errf("a string continues nothing")
		}
		s, err := p.unquote(l)
		if err != nil {
			return err
		}
		*p.target += s
		return nil
	}
	kw, rest, _ := strings.Cut(l, " ")
	s, err := p.unquote(strings.TrimSpace(rest))
	if err != nil {
		return err
	}
	switch {
	case kw == "msgctxt":
		return p.errf("msgctxt is not used: the msgid is the key")
	case kw == "msgid":
		if p.has {
			if err := p.flush(); err != nil {
				return err
			}
		}
		p.cur = p.comment
		p.comment = entry{}
		p.cur.Key, p.cur.Line, p.has = s, p.line, true
		p.target = &p.cur.Key
	case kw == "msgid_plural" && p.has:
		p.plural = true
		var ignored string // the English plural source of bilingual files; the key is enough
		ignored = s
		p.target = &ignored
	case kw == "msgstr" && p.has && !p.plural:
		p.cur.Text = s
		p.target = &p.cur.Text
	case strings.HasPrefix(kw, "msgstr[") && strings.HasSuffix(kw, "]") && p.has && p.plural:
		i, err := strconv.Atoi(kw[len("msgstr[") : len(kw)-1])
		if err != nil || i != len(p.cur.Plural) {
			return p.errf("%s out of order (want msgstr[%d])", kw, len(p.cur.Plural))
		}
		p.cur.Plural = append(p.cur.Plural, s)
		p.target = &p.cur.Plural[i]
	default:
		return p.errf("unexpected %q", kw)
	}
	return nil
}

// flush ends the current entry.
func (p *poParser) flush() error {
	if !p.has {
		return nil
	}
	e := p.cur
	p.cur, p.has, p.plural, p.target = entry{}, false, false, nil
	if e.Key == "" {
		for _, l := range strings.Split(e.Text, "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok {
				p.f.Header[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		return nil
	}
	if first, dup := p.seen[e.Key]; dup {
		return fmt.Errorf("%s:%d: %q is already defined on line %d", p.name, e.Line, e.Key, first)
	}
	p.seen[e.Key] = e.Line
	p.f.Entries = append(p.f.Entries, e)
	return nil
}

// unquote reads a PO string literal with its C escapes.
func (p *poParser) unquote(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", p.errf("want a quoted string, got %q", s)
	}
	var b strings.Builder
	in := s[1 : len(s)-1]
	for i := 0; i < len(in); i++ {
		c := in[i]
		if c == '"' {
			return "", p.errf("unescaped quote in %s", s)
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i++; i == len(in) {
			return "", p.errf("string ends in a backslash")
		}
		switch in[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '"', '\\':
			b.WriteByte(in[i])
		default:
			return "", p.errf("unknown escape \\%c", in[i])
		}
	}
	return b.String(), nil
}

// quote writes s as a PO string, split after line breaks as msgmerge does.
func quote(s string) string {
	esc := func(s string) string {
		r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
		return `"` + r.Replace(s) + `"`
	}
	if !strings.Contains(strings.TrimSuffix(s, "\n"), "\n") {
		return esc(s)
	}
	parts := strings.SplitAfter(s, "\n")
	out := `""`
	for _, part := range parts {
		if part != "" {
			out += "\n" + esc(part)
		}
	}
	return out
}
