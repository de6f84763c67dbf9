package dialog_test

import (
	"testing"

	. "amtsbote/dialog"
	"amtsbote/dialog/route"
)

// The engine's thresholds over the test catalog: route.Router (the one
// router) routes what the engine tests say.
func TestRouter(t *testing.T) {
	r := route.New(extended(t))
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

func TestRouterRunnerUp(t *testing.T) {
	r := route.New(extended(t))
	// The keyword router put id-card first; route.Router puts passport
	// first. Either way the close call names both.
	m := r.Route("Ausweis oder Pass?")
	if [2]string{m.Intent, m.RunnerUp} != [2]string{"id-card", "passport"} &&
		[2]string{m.Intent, m.RunnerUp} != [2]string{"passport", "id-card"} {
		t.Errorf("close call = %+v, want id-card and passport, one the runner-up", m)
	}
	if m := r.Route("Reisepass"); m.RunnerUp != "" {
		t.Errorf("clear call has a runner-up: %+v", m)
	}
}

// The languages the keyword router's detectLanguage told apart, from the
// router the engine runs with.
func TestRouterLanguage(t *testing.T) {
	r := route.New(extended(t))
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
		if got := r.Route(text).Language; got != want {
			t.Errorf("Route(%q).Language = %q, want %q", text, got, want)
		}
	}
}
