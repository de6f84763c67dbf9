package dialog_test

import (
	"encoding/json"
	"strings"
	"testing"

	. "amtsbote/dialog"
	"amtsbote/dialog/route"
)

// A citizen lost inside the meter reading who asks for a person gets one,
// although the message names the service's own words (Zählernummer).
func TestConfusedCitizenGetsPerson(t *testing.T) {
	for _, msg := range []string{
		"Ich verstehe nicht, wo die Zählernummer steht. Kann mir ein Mensch helfen?",
		"Wo steht die Zählernummer? Ich möchte mit einem Mitarbeiter sprechen",
		"I don't understand where the meter number is. Can a human help me?",
	} {
		c := meterConvo(t)
		asks(t, c.say("Zählerstand melden"), "customer_number")
		asks(t, c.say("1234567"), "meter_number")
		r := c.say(msg)
		if r.Escalation == nil || r.Escalation.Reason != "asked" || r.Escalation.Service != "meter-reading" {
			t.Errorf("%q: escalation %+v, replies %q", msg, r.Escalation, text(r))
		}
		if !c.st.WaitingForStaff() {
			t.Errorf("%q: not waiting for staff", msg)
		}
	}
}

// A name like "Agent Smith" or an answer naming a person is still an answer.
func TestPersonWordsInAnswersStayAnswers(t *testing.T) {
	c := meterConvo(t)
	c.say("Zählerstand melden")
	c.say("1234567")
	c.say("AB-1234")
	c.say("345")
	asks(t, c.say("heute"), "name")
	r := c.say("Agent Mensch")
	if r.Escalation != nil {
		t.Fatalf("a name escalated: %q", text(r))
	}
}

// Long forms say where the citizen is, counting only the fields that apply.
func TestStepCounter(t *testing.T) {
	c := meterConvo(t)
	r := c.say("Zählerstand melden")
	contains(t, r, "Schritt 1 von 6")
	r = c.say("1234567")
	contains(t, r, "Schritt 2 von 6")
	r = c.say("AB-1234")
	contains(t, r, "Schritt 3 von 6")
}

// After submitting, one message holds the reference, the access code and
// what happens next; the question after it has at most four options, and
// the reply carries the reference for a card.
func TestSubmitKeepsConfirmationInView(t *testing.T) {
	c := meterConvo(t)
	for _, m := range []string{"Zählerstand melden", "1234567", "Z-4711", "345", "heute", "Erika Mustermann", "überspringen"} {
		c.say(m)
	}
	r := c.say("absenden")
	if len(r.Replies) != 2 {
		t.Fatalf("want 2 replies (confirmation, anything else?), got %d: %q", len(r.Replies), text(r))
	}
	conf := r.Replies[0]
	secret := c.st.Cases[0].Secret
	for _, w := range []string{"AB-2026-000001", secret[:4] + "-" + secret[4:], "Wie es weitergeht", "Stadtwerke"} {
		if !strings.Contains(conf.Text, w) {
			t.Errorf("confirmation lacks %q: %q", w, conf.Text)
		}
	}
	if conf.Reference == nil || conf.Reference.Ref != "AB-2026-000001" || conf.Reference.Code != secret[:4]+"-"+secret[4:] {
		t.Errorf("reference card = %+v", conf.Reference)
	}
	if n := len(last(t, r).Options); n == 0 || n > 4 {
		t.Errorf("%d options after submitting: %v", n, values(t, r))
	}
	if !hasValue(t, r, "rate") || !hasValue(t, r, "transcript") || !hasValue(t, r, "menu") {
		t.Errorf("options %v", values(t, r))
	}
	if len(r.Mails) != 0 {
		t.Errorf("a confirmation without an address: %+v", r.Mails)
	}
}

// A form's confirmation address gets a mail: the signed part holds only
// reference, service and date; the answers only in the private part.
func TestConfirmationMail(t *testing.T) {
	for _, lang := range []string{"de", "en"} {
		c := meterConvo(t)
		if lang == "en" {
			c.say("I want to report my meter reading")
		} else {
			c.say("Zählerstand melden")
		}
		for _, m := range []string{"1234567", "Z-4711", "345", "29.11.2026", "Erika Mustermann", "erika@example.org"} {
			c.say(m)
		}
		r := c.say("absenden")
		if len(r.Mails) != 1 {
			t.Fatalf("%s: mails %+v", lang, r.Mails)
		}
		m := r.Mails[0]
		if m.To != "erika@example.org" || m.Message.Mail == nil {
			t.Fatalf("%s: mail %+v", lang, m)
		}
		want := map[string][]string{"de": {"AB-2026-000001", "Zählerstand melden", "29.11.2026"},
			"en": {"AB-2026-000001", "Report a meter reading", "29 November 2026"}}[lang]
		for _, w := range want {
			if !strings.Contains(m.Message.Text, w) || !strings.Contains(m.Message.Mail.Subject+m.Message.Text, w) {
				t.Errorf("%s: confirmation lacks %q: %q", lang, w, m.Message.Text)
			}
		}
		for _, answer := range []string{"1234567", "Z-4711", "Erika", c.st.Cases[0].Secret} {
			if strings.Contains(m.Message.Text, answer) || strings.Contains(m.Message.Mail.Subject, answer) {
				t.Errorf("%s: the signed part holds %q", lang, answer)
			}
		}
		if !strings.Contains(m.Message.Mail.Private, "Z-4711") || !strings.Contains(m.Message.Mail.Private, "Erika Mustermann") {
			t.Errorf("%s: private part %q", lang, m.Message.Mail.Private)
		}
		if !strings.Contains(text(r), "erika@example.org") {
			t.Errorf("%s: the citizen is not told where the confirmation goes: %q", lang, text(r))
		}
	}
}

// Without an email channel the optional confirmation address is not asked
// and nothing is mailed; the step counter counts without it.
func TestNoEmailChannelNoConfirmationField(t *testing.T) {
	cat := small(t, "")
	now := testNow(t)
	c := &convo{t: t, e: New(cat, route.New(cat), &fakeRefs{}, nil, Options{Location: now.Location(), NoEmail: true}), now: now}
	contains(t, c.say("Zählerstand melden"), "Schritt 1 von 5")
	for _, m := range []string{"1234567", "Z-4711", "345", "heute"} {
		c.say(m)
	}
	r := c.say("Erika Mustermann")
	if c.st.Phase != PhaseSummary {
		t.Fatalf("after the name: phase %s, %q", c.st.Phase, text(r))
	}
	r = c.say("absenden")
	if len(r.Cases) != 1 || len(r.Mails) != 0 {
		t.Fatalf("cases %d, mails %+v", len(r.Cases), r.Mails)
	}
}

// The end of a conversation: a rating with two options and an optional
// comment, kept in the state and handed to the caller to count.
func TestRatingWithComment(t *testing.T) {
	c := meterConvo(t)
	c.say("hallo")
	r := c.pick("rate")
	if v := values(t, r); len(v) != 2 || v[0] != "rate:good" || v[1] != "rate:bad" {
		t.Fatalf("rating options %v", v)
	}
	r = c.pick("rate:bad")
	if r.Rated == nil || r.Rated.Score != RatingBad || c.st.Rating == nil {
		t.Fatalf("rated %+v, state %+v", r.Rated, c.st.Rating)
	}
	r = c.say("Die Zählernummer war schwer zu finden")
	if r.Rated == nil || r.Rated.Comment != "Die Zählernummer war schwer zu finden" || c.st.Rating.Comment == "" {
		t.Fatalf("comment: rated %+v, %q", r.Rated, text(r))
	}
	r = c.say("Zählerstand melden") // the next message is no comment any more
	if r.Rated != nil {
		t.Fatalf("a second comment: %+v", r.Rated)
	}
	asks(t, r, "customer_number")
	// English, typed.
	c = meterConvo(t)
	c.say("hello, I need help")
	r = c.say("rate")
	contains(t, r, "How helpful")
}

// Asking for the transcript asks the caller to attach it, in the
// citizen's language, and a form in progress continues.
func TestTranscriptRequest(t *testing.T) {
	c := meterConvo(t)
	c.say("Zählerstand melden")
	r := c.say("Gesprächsverlauf")
	if r.Transcript == nil || r.Transcript.Name != "gespraech-2026-11-29.txt" || r.Transcript.Citizen != "Sie" {
		t.Fatalf("transcript %+v", r.Transcript)
	}
	if !strings.Contains(r.Replies[r.Transcript.Reply].Text, "Verlauf") {
		t.Errorf("reply %d = %q", r.Transcript.Reply, r.Replies[r.Transcript.Reply].Text)
	}
	asks(t, r, "customer_number")
}

// A rating says what the conversation was about: the newest application
// submitted and its department (the console counts them per department
// and service), or the form in progress.
func TestRatingNamesServiceAndDepartment(t *testing.T) {
	c := meterConvo(t)
	for _, m := range []string{"Zählerstand melden", "1234567", "Z-4711", "345", "heute", "Erika Mustermann", "überspringen", "absenden"} {
		c.say(m)
	}
	r := c.pick("rate:good")
	if r.Rated == nil || r.Rated.Service != "meter-reading" || r.Rated.Department != "stadtwerke" {
		t.Fatalf("rated %+v", r.Rated)
	}
	v, err := ReadView(mustJSON(t, c.st))
	if err != nil || v.Rating == nil || v.Rating.Score != RatingGood || v.Rating.Department != "stadtwerke" {
		t.Fatalf("view %+v, %v", v.Rating, err)
	}
	c = meterConvo(t)
	c.say("hallo")
	if r := c.pick("rate:bad"); r.Rated == nil || r.Rated.Service != "" || r.Rated.Department != "" {
		t.Fatalf("rated without a service %+v", r.Rated)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
