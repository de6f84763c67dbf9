package email

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlToText turns an HTML mail body into plain text: block elements become
// line breaks, list items get a dash, and what a reader does not see
// (head, style, script) or what is quoted from earlier mail (blockquote and
// the quote containers of Gmail, Outlook and Thunderbird) is left out.
func htmlToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := atom.Atom(0) // element being skipped
	skipName := ""
	depth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken: // io.EOF or broken markup: what was read stays
			return tidy(b.String())
		case html.TextToken:
			if depth == 0 {
				b.WriteString(collapse(string(z.Text())))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if depth > 0 {
				if tt == html.StartTagToken && sameTag(tok, skip, skipName) && !void(tok.DataAtom) {
					depth++
				}
				continue
			}
			if tt == html.StartTagToken && !void(tok.DataAtom) && hidden(tok) {
				skip, skipName, depth = tok.DataAtom, tok.Data, 1
				continue
			}
			switch tok.DataAtom {
			case atom.Br:
				b.WriteString("\n")
			case atom.Li:
				b.WriteString("\n- ")
			case atom.Td, atom.Th:
				b.WriteString(" ")
			default:
				if block(tok.DataAtom) {
					b.WriteString("\n")
				}
			}
		case html.EndTagToken:
			tok := z.Token()
			if depth > 0 {
				if sameTag(tok, skip, skipName) {
					depth--
				}
				continue
			}
			if block(tok.DataAtom) {
				b.WriteString("\n")
			}
		}
	}
}

func sameTag(t html.Token, a atom.Atom, name string) bool {
	if a != 0 {
		return t.DataAtom == a
	}
	return t.Data == name
}

// hidden reports whether an element's content is not part of the new text.
func hidden(t html.Token) bool {
	switch t.DataAtom {
	case atom.Head, atom.Style, atom.Script, atom.Title, atom.Blockquote, atom.Template:
		return true
	}
	for _, a := range t.Attr {
		v := strings.ToLower(a.Val)
		switch strings.ToLower(a.Key) {
		case "class":
			if strings.Contains(v, "gmail_quote") || strings.Contains(v, "moz-cite-prefix") ||
				strings.Contains(v, "yahoo_quoted") || strings.Contains(v, "outlookmessageheader") {
				return true
			}
		case "id":
			if v == "divrplyfwdmsg" || v == "appendonsend" || strings.HasPrefix(v, "reply-intro") {
				return true
			}
		}
	}
	return false
}

// void elements have no end tag.
func void(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// block elements start and end a line.
func block(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Tr, atom.Table, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Pre, atom.Hr, atom.Section, atom.Article, atom.Header,
		atom.Footer, atom.Address, atom.Dl, atom.Dt, atom.Dd:
		return true
	}
	return false
}

// collapse turns runs of white space into one space, as a browser shows it.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\u00a0':
			space = true
		default:
			if space {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// tidy trims every line and keeps at most one empty line in a row.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	empty := true
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			if !empty {
				out = append(out, "")
			}
			empty = true
			continue
		}
		out = append(out, l)
		empty = false
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
