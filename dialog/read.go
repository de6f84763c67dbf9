package dialog

import (
	"strings"

	"amtsbote/channels"
)

// reading is one inbound message of a citizen, read once: whatever a phase
// handler asks about the message (a command, yes or no, skip, submit, a
// correction, a question, a case reference, the routed intent) is worked
// out here from the text normalised once; the intent and a case reference,
// the costly ones, when a handler first asks for them.
type reading struct {
	text   string // as typed, trimmed
	choice string // the value of a picked option, trimmed
	files  []channels.Attachment

	norm  string  // text normalised (norm)
	words int     // words of text
	cmd   command // the command the message gives: of the choice, else typed

	skip     bool   // declines an optional question ("überspringen")
	submit   bool   // confirms the summary ("absenden", "ja")
	no       bool   // rejects the summary without saying what to change
	edit     string // what a typed correction names, normalised; "" when none
	question bool   // ends with '?'
	asks     bool   // holds a question word or opens like a yes/no question
	person   bool   // asks for a person to help (wantsPerson)

	forms formWords // the words of answering a form in every language
	lang  string    // the conversation's language, whose words come first

	router Router // asked once, on the first call of intent
	routed bool
	match  Match

	refRead     bool
	ref, secret string // see caseRef
}

// read reads a message once. r routes it when a handler asks for the
// intent; nil leaves the intent empty. w knows the words of forms, those of
// lang first.
func read(text, choice string, files []channels.Attachment, r Router, w formWords, lang string) *reading {
	text, choice = strings.TrimSpace(text), strings.TrimSpace(choice)
	m := &reading{text: text, choice: choice, files: files, router: r, forms: w, lang: lang, norm: norm(text)}
	m.words = len(strings.Fields(text))
	if choice != "" {
		m.cmd = parseChoice(choice)
	} else {
		m.cmd = parseTyped(m.norm, w, lang)
	}
	m.skip, m.submit, m.no = isSkip(m.norm, w, lang), isSubmit(m.norm, w, lang), isNo(m.norm, w, lang)
	toks := strings.Fields(m.norm)
	if target, ok := editTarget(toks, w, lang); ok {
		m.edit = target
	}
	m.question = strings.HasSuffix(text, "?")
	m.asks = hasQuestionWord(toks)
	m.person = wantsPerson(toks)
	return m
}

// caseRef is the case reference in the text, upper-cased, and the access
// code given with it ("" when none), found at most once.
func (m *reading) caseRef() (ref, secret string) {
	if !m.refRead {
		m.refRead = true
		if strings.ContainsRune(m.text, '-') { // every reference has hyphens
			if m.ref = findRef(m.text); m.ref != "" {
				m.secret = findSecret(m.text)
			}
		}
	}
	return m.ref, m.secret
}

// intent is what the router finds in the text, asked at most once.
func (m *reading) intent() Match {
	if !m.routed {
		m.routed = true
		if m.text != "" && m.router != nil {
			m.match = m.router.Route(m.text)
		}
	}
	return m.match
}

// asTyped reads a picked option the engine does not know as typed text.
func (m *reading) asTyped() *reading {
	return read(m.choice, "", m.files, m.router, m.forms, m.lang)
}
