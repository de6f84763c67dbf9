package dialog

import (
	"slices"
	"strings"
	"unicode"

	"amtsbote/form"
	"amtsbote/internal/fold"
)

// Commands a citizen can give at any point, typed or picked as an option.
const (
	cmdCancel     = "cancel"     // abandon the form
	cmdHelp       = "help"       // explain what can be done here
	cmdBack       = "back"       // previous question
	cmdMenu       = "menu"       // show the menu; a form is paused
	cmdStaff      = "staff"      // talk to a person
	cmdResume     = "resume"     // continue the paused form
	cmdBot        = "bot"        // stop waiting for staff
	cmdSubmit     = "submit"     // option value on the summary
	cmdSkip       = "skip"       // option value of an optional field
	cmdLang       = "lang"       // option "lang:<de|en>" or a typed request
	cmdService    = "service"    // option "service:<id>"
	cmdCategory   = "category"   // option "category:<id>"
	cmdEdit       = "edit"       // option "edit:<field>"
	cmdBook       = "book"       // option "book:<service>": an appointment for that service
	cmdLink       = "link"       // continue this conversation on Telegram
	cmdRate       = "rate"       // rate the conversation: "rate", "rate:good", "rate:bad"
	cmdTranscript = "transcript" // the conversation as text
)

// cmdContact is the option "contact:<department>": start a contact
// request for that department.
const cmdContact = "contact"

// formWords tells the words of answering a form (yes, no, skip, submit,
// edit, cancel) in every language; form.Parser implements it.
type formWords interface {
	Is(w form.Word, s, lang string) bool
}

// command is what a message asks the engine to do besides answering.
type command struct {
	kind string
	arg  string
}

// parseChoice reads the value of a picked option.
func parseChoice(v string) command {
	if kind, arg, ok := strings.Cut(v, ":"); ok {
		switch kind {
		case cmdLang, cmdService, cmdCategory, cmdEdit, cmdBook, cmdContact, cmdRate, cmdAnswer, cmdHelpful:
			return command{kind, arg}
		}
		return command{}
	}
	switch v {
	case cmdCancel, cmdHelp, cmdBack, cmdMenu, cmdStaff, cmdResume, cmdBot, cmdSubmit, cmdSkip, cmdLink, cmdRate, cmdTranscript:
		return command{kind: v}
	}
	return command{}
}

// parseTyped recognises a command in a short typed message, normalised
// (norm); longer messages are never commands. The words of cancelling
// come from w (form.word.cancel, every language).
func parseTyped(s string, w formWords, lang string) command {
	if s == "/cancel" || s == "/stop" || w.Is(form.Cancel, s, lang) {
		return command{kind: cmdCancel}
	}
	switch s {
	case "hilfe", "help", "?", "/help", "/hilfe":
		return command{kind: cmdHelp}
	case "zurueck", "zuruck", "back", "/back", "go back":
		return command{kind: cmdBack}
	case "menue", "menu", "start", "hauptmenue", "hauptmenu", "/start", "/menu", "main menu":
		return command{kind: cmdMenu}
	case "/human", "/staff", "/mensch", "/mitarbeiter", "mitarbeiter", "mitarbeiterin", "mensch", "sachbearbeiter",
		"staff", "human", "agent", "person", "mit einem menschen sprechen", "talk to a person", "talk to a human":
		return command{kind: cmdStaff}
	case "weiter", "fortsetzen", "weitermachen", "resume", "continue", "/resume":
		return command{kind: cmdResume}
	case "weiter mit dem bot", "zurueck zum bot", "bot", "/bot", "back to the bot", "continue with the bot":
		return command{kind: cmdBot}
	case "bewerten", "gespraech bewerten", "bewertung", "/bewerten", "rate", "/rate", "rate this conversation", "feedback":
		return command{kind: cmdRate}
	case "gespraechsverlauf", "verlauf", "verlauf herunterladen", "gespraech herunterladen", "gespraechsverlauf senden",
		"verlauf senden", "/verlauf", "transcript", "/transcript", "download the conversation", "send the transcript":
		return command{kind: cmdTranscript}
	case "telegram", "/telegram", "auf telegram weiter", "weiter auf telegram", "auf telegram weitermachen",
		"per telegram weiter", "continue on telegram", "switch to telegram", "move to telegram":
		return command{kind: cmdLink}
	}
	if lang := langRequest(s); lang != "" {
		return command{kind: cmdLang, arg: lang}
	}
	return command{}
}

// langRequest recognises "English please", "in English", "auf Deutsch",
// "deutsch bitte" and the like in a normalised message.
func langRequest(s string) string {
	toks := strings.Fields(s)
	if len(toks) == 0 || len(toks) > 6 {
		return ""
	}
	lang := ""
	for _, w := range toks {
		switch w {
		case "english", "englisch", "englische":
			lang = "en"
		case "deutsch", "german", "deutsche":
			lang = "de"
		case "please", "bitte", "in", "auf", "speak", "sprechen", "sie", "can", "we", "you", "could",
			"switch", "to", "language", "sprache", "gern", "gerne", "i", "would", "like", "prefer", "do",
			"lets", "let's", "weiter", "on", "continue", "mit", "wir", "koennen", "koennten":
		default:
			return ""
		}
	}
	return lang
}

// personWords name a person to talk to, normalised.
var personWords = []string{"mensch", "menschen", "mitarbeiter", "mitarbeiterin", "mitarbeitenden",
	"mitarbeitende", "sachbearbeiter", "sachbearbeiterin", "ansprechpartner", "ansprechpartnerin",
	"human", "person", "someone", "somebody", "jemand", "jemanden", "staff", "agent", "operator"}

// wantsPerson reports whether the normalised words toks ask for a person:
// a person word with a word of asking for help or talking ("Kann mir ein
// Mensch helfen", "can a human help me", "mit einem Mitarbeiter sprechen").
func wantsPerson(toks []string) bool {
	person, help := false, false
	for _, w := range toks {
		w = strings.Trim(w, "?")
		switch {
		case slices.Contains(personWords, w):
			person = true
		case slices.Contains([]string{"helfen", "hilft", "help", "sprechen", "reden", "talk", "speak",
			"verbinden", "connect", "anrufen", "call"}, w):
			help = true
		}
	}
	return person && help
}

// isSkip reports whether the normalised text s declines an optional
// question: "-", "/skip" or a word of skipping in any language
// (form.word.skip: "überspringen", "пропустити", "atla").
func isSkip(s string, w formWords, lang string) bool {
	return s == "-" || s == "/skip" || w.Is(form.Skip, s, lang)
}

// isSubmit reports whether the normalised text s confirms the summary: a
// word of submitting or a yes, in any language ("absenden", "ja bitte",
// "надіслати", "evet").
func isSubmit(s string, w formWords, lang string) bool {
	return w.Is(form.Submit, s, lang) || w.Is(form.Yes, s, lang)
}

// isNo reports whether the normalised text s rejects the summary without
// saying what to change: a no or a word of editing alone, in any language.
func isNo(s string, w formWords, lang string) bool {
	return w.Is(form.No, s, lang) || w.Is(form.Edit, s, lang)
}

// editTarget reads "<label> ändern", "Zählernummer korrigieren",
// "change <label>" or "змінити <label>" in the words toks of a normalised
// text and returns what stands for the field, normalised; ok is false when
// text is no such request. The verbs are the words of editing of every
// language (form.word.edit).
func editTarget(toks []string, w formWords, lang string) (target string, ok bool) {
	var rest []string
	for _, t := range toks {
		switch {
		case w.Is(form.Edit, t, lang):
			ok = true
		case slices.Contains(editFillers, t):
		default:
			rest = append(rest, t)
		}
	}
	return strings.Join(rest, " "), ok && len(rest) > 0
}

// editFillers are the words around a field's name in a correction.
var editFillers = []string{"die", "den", "das", "der", "meine", "meinen", "mein", "bitte", "ich", "moechte", "will",
	"my", "the", "please", "i", "want", "to", "would", "like"}

// hasQuestionWord reports whether the words toks of a normalised text read like a question: it holds a
// question word, or starts with a verb that opens a yes/no question.
func hasQuestionWord(toks []string) bool {
	for i, w := range toks {
		w = strings.Trim(w, "?")
		switch w {
		case "wer", "was", "wann", "wo", "wie", "warum", "wieso", "weshalb", "welche", "welcher", "welches",
			"welchen", "welchem", "wozu", "woher", "wohin", "wieviel", "what", "who", "when", "where", "how",
			"why", "which", "whom", "whose":
			return true
		case "kann", "koennen", "gibt", "muss", "darf", "brauche", "ist", "sind", "habe", "hat",
			"can", "could", "do", "does", "is", "are", "may", "should", "must":
			if i == 0 {
				return true
			}
		}
	}
	return false
}

// norm lower-cases text, folds umlauts (ä → ae, ß → ss), drops the
// punctuation ".,!;:" and collapses spaces, so typed commands compare
// without regard to case, umlaut spelling or a trailing full stop.
func norm(text string) string {
	s := fold.Letters(text)
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(".,!;:", r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// tokens splits a folded text into words of letters and digits.
func tokens(folded string) []string {
	return strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
