package dialog

import "testing"

func TestKeywordRouter(t *testing.T) {
	r := NewKeywordRouter(extended(t))
	for _, tc := range []struct {
		text, intent, lang string
		minConf            float64
	}{
		{"Zählerstand", "meter-reading", "de", RouteThreshold},
		{"zaehlerstand", "meter-reading", "de", RouteThreshold},
		{"ZAEHLERSTAND!", "meter-reading", "de", RouteThreshold},
		{"Ich möchte meinen Zählerstand melden", "meter-reading", "de", DigressionConfidence},
		{"Wasserzählerstand durchgeben", "meter-reading", "de", RouteThreshold},
		{"I want to report my meter reading", "meter-reading", "en", DigressionConfidence},
		{"meter reading", "meter-reading", "en", RouteThreshold},
		{"Ich brauche einen neuen Personalausweis", "id-card", "de", RouteThreshold},
		{"passport", "passport", "en", RouteThreshold},
		{"Kann ich mit einem Mitarbeiter sprechen?", IntentStaff, "de", RouteThreshold},
		{"I want to talk to a human", IntentStaff, "en", RouteThreshold},
		{"Wie ist der Stand meines Antrags?", IntentStatus, "de", RouteThreshold},
		{"What is my application status?", IntentStatus, "en", RouteThreshold},
		{"Bearbeitungsstand", IntentStatus, "de", RouteThreshold},
	} {
		m := r.Route(tc.text)
		if m.Intent != tc.intent || m.Language != tc.lang || m.Confidence < tc.minConf || m.Confidence >= 1 {
			t.Errorf("Route(%q) = %+v, want %s/%s with confidence ≥ %.2f", tc.text, m, tc.intent, tc.lang, tc.minConf)
		}
	}
	for _, text := range []string{"", "Hallo", "blubb", "12345678", "Personalien"} {
		if m := r.Route(text); m.Confidence >= RouteThreshold {
			t.Errorf("Route(%q) = %+v, want nothing", text, m)
		}
	}
}

func TestKeywordRouterRunnerUp(t *testing.T) {
	r := NewKeywordRouter(extended(t))
	m := r.Route("Ausweis oder Pass?")
	if m.Intent != "id-card" || m.RunnerUp != "passport" {
		t.Errorf("close call = %+v, want id-card with runner-up passport", m)
	}
	if m := r.Route("Reisepass"); m.RunnerUp != "" {
		t.Errorf("clear call has a runner-up: %+v", m)
	}
}

func TestDetectLanguage(t *testing.T) {
	for text, want := range map[string]string{
		"Hallo":                           "de",
		"Hi":                              "en",
		"Grüße":                           "de",
		"Can you help me with this?":      "en",
		"Können Sie mir helfen?":          "de",
		"12345":                           "de",
		"I need help with the form":       "en",
		"Ich brauche Hilfe beim Formular": "de",
	} {
		if got := detectLanguage(text, langVotes{}); got != want {
			t.Errorf("detectLanguage(%q) = %q, want %q", text, got, want)
		}
	}
}

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
		if got := parseTyped(text); got != want {
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
