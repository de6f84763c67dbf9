package dialog

import (
	"testing"

	"amtsbote/form"
	texts "amtsbote/text"
)

func TestTypedCommands(t *testing.T) {
	for text, want := range map[string]command{
		"Abbrechen":          {kind: cmdCancel},
		"STOPP!":             {kind: cmdCancel},
		"hilfe":              {kind: cmdHelp},
		"?":                  {kind: cmdHelp},
		"Zurück":             {kind: cmdBack},
		"zurueck":            {kind: cmdBack},
		"Hauptmenü":          {kind: cmdMenu},
		"start":              {kind: cmdMenu},
		"/human":             {kind: cmdStaff},
		"weiter":             {kind: cmdResume},
		"Weiter mit dem Bot": {kind: cmdBot},
		"English please":     {kind: cmdLang, arg: "en"},
		"in English":         {kind: cmdLang, arg: "en"},
		"auf Deutsch":        {kind: cmdLang, arg: "de"},
		"Deutsch bitte.":     {kind: cmdLang, arg: "de"},
		"Ich heiße English":  {},
		"Zählerstand melden": {},
	} {
		if got := read(text, "", nil, nil, form.New(texts.MustBuiltin()), "de").cmd; got != want {
			t.Errorf("parseTyped(%q) = %+v, want %+v", text, got, want)
		}
	}
	for v, want := range map[string]command{
		"service:meter-reading": {cmdService, "meter-reading"},
		"category:living":       {cmdCategory, "living"},
		"edit:email":            {cmdEdit, "email"},
		"lang:en":               {cmdLang, "en"},
		"submit":                {kind: cmdSubmit},
		"bogus:x":               {},
		"own":                   {},
	} {
		if got := parseChoice(v); got != want {
			t.Errorf("parseChoice(%q) = %+v, want %+v", v, got, want)
		}
	}
}
