package dialog_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"amtsbote/channels"

	. "amtsbote/dialog"
	"amtsbote/dialog/route"
)

func TestGreetingMenuFrequentFirst(t *testing.T) {
	cat := extended(t)
	c := newConvo(t, cat, route.New(cat), fakeUsage{"passport", "ghost", "meter-reading"})
	r := c.say("Hallo")
	contains(t, r, "Guten Tag", "Womit kann ich helfen? Häufig genutzt: Reisepass beantragen, Zählerstand melden.", "Oder wählen Sie einen Bereich.")
	want := []string{"service:passport", "service:meter-reading",
		"category:living", "category:mobility", "category:citizens-office", "lang:en"}
	if got := values(t, r); !slices.Equal(got, want) {
		t.Errorf("options = %v, want %v", got, want)
	}
	if c.st.Language() != "de" || c.st.Lang != "de" {
		t.Errorf("language = %q", c.st.Lang)
	}
}

func TestMenuCatalogOrderWithoutUsage(t *testing.T) {
	cat := extended(t)
	c := newConvo(t, cat, route.New(cat), fakeUsage{})
	r := c.say("Guten Tag")
	got := values(t, r)
	// Catalog order: builtin files, then the extra files by name.
	want := []string{"service:meter-reading", "service:appointment", "service:id-card", "service:parking-permit", "service:passport"}
	if !slices.Equal(got[:5], want) {
		t.Errorf("options = %v, want %v first", got, want)
	}
}

func TestGreetingInEnglish(t *testing.T) {
	c := meterConvo(t)
	r := c.say("Hello, can you help me?")
	contains(t, r, "Hello!", "How can I help? Frequently used: Report a meter reading.")
	if !hasValue(t, r, "lang:de") || c.st.Lang != "en" {
		t.Errorf("want English with a lang:de option, got %v, lang %q", values(t, r), c.st.Lang)
	}
}

func TestCategoryPick(t *testing.T) {
	cat := extended(t)
	c := newConvo(t, cat, route.New(cat), nil)
	c.say("Hallo")
	r := c.pick("category:citizens-office")
	contains(t, r, "Bürgerbüro & Termine")
	want := []string{"service:appointment", "service:id-card", "service:passport", "menu"}
	if got := values(t, r); !slices.Equal(got, want) {
		t.Errorf("options = %v, want %v", got, want)
	}
	// A typed category title works as well.
	r = c.say("mobilität & verkehr")
	if got := values(t, r); !slices.Equal(got, []string{"service:parking-permit", "menu"}) {
		t.Errorf("typed category: options = %v", got)
	}
}

func TestFirstMessageStartsService(t *testing.T) {
	c := meterConvo(t)
	r := c.say("Ich möchte meinen Zählerstand melden")
	contains(t, r, "Guten Tag!", "Zählerstand melden: Melden Sie den Stand")
	o := asks(t, r, "customer_number")
	if o.Field.Type != "text" || o.Field.Optional {
		t.Errorf("field = %+v", o.Field)
	}
	if c.st.Service() != "meter-reading" {
		t.Errorf("service = %q", c.st.Service())
	}
	if len(r.Replies) != 3 {
		t.Errorf("want greeting, intro, question; got %d replies", len(r.Replies))
	}
}

func TestRoutingByTextAfterGreeting(t *testing.T) {
	c := meterConvo(t)
	c.say("Hallo")
	r := c.say("wasserzaehler ablesen")
	asks(t, r, "customer_number")
	if text(r) == "" || c.st.Form != "meter-reading" {
		t.Fatalf("not started: %q", text(r))
	}
}

func TestClarifyBetweenTwoServices(t *testing.T) {
	cat := extended(t)
	c := newConvo(t, cat, stubRouter{Intent: "passport", Confidence: 0.6, RunnerUp: "id-card", Language: "de"}, nil)
	c.st.Lang = "de"
	r := c.say("ich brauche einen Ausweis")
	contains(t, r, "Meinen Sie „Reisepass beantragen“ oder „Personalausweis beantragen“?")
	if got := values(t, r); !slices.Equal(got, []string{"service:passport", "service:id-card"}) {
		t.Errorf("options = %v", got)
	}
	r = c.pick("service:id-card")
	contains(t, r, "Personalausweis beantragen:", "Gebühr: 37 Euro", "persönlich vorbeikommen", "Termin vereinbaren?")
	if !hasValue(t, r, "book:id-card") {
		t.Errorf("no appointment offer: %v", values(t, r))
	}
}

func TestInPersonOffersAppointment(t *testing.T) {
	cat := extended(t)
	c := newConvo(t, cat, route.New(cat), nil)
	c.say("Hallo")
	r := c.say("Reisepass")
	contains(t, r, "Mitzubringen: ein biometrisches Passfoto", "Gebühr: 70 Euro")
	asked := c.pick("service:appointment")
	asks(t, asked, "day")
}

func TestFallbackTwiceOffersMenuAndStaff(t *testing.T) {
	c := meterConvo(t)
	c.say("Hallo")
	r := c.say("blubb")
	contains(t, r, "Das habe ich leider nicht verstanden", "„Zählerstand melden“")
	if anyReplyHas(r, "staff") || c.st.Misses != 1 {
		t.Errorf("first miss: options %v, misses %d", r.Replies[0].Options, c.st.Misses)
	}
	r = c.say("quark")
	if !hasValue(t, r, "staff") || !hasValue(t, r, "service:meter-reading") || !hasValue(t, r, "category:living") {
		t.Errorf("second miss should offer menu and staff: %v", values(t, r))
	}
	c.say("Zählerstand")
	if c.st.Misses != 0 {
		t.Errorf("understood message did not reset misses: %d", c.st.Misses)
	}
}

func anyReplyHas(r Result, v string) bool {
	for _, o := range r.Replies {
		for _, opt := range o.Options {
			if opt.Value == v {
				return true
			}
		}
	}
	return false
}

func TestStaffRequestAndRelay(t *testing.T) {
	c := meterConvo(t)
	c.say("Zählerstand melden")
	c.say("12345678")
	r := c.say("Ich möchte mit einem Mitarbeiter sprechen")
	if r.Escalation == nil || *r.Escalation != (Escalation{Reason: "asked", Service: "meter-reading", Department: "stadtwerke"}) {
		t.Fatalf("escalation = %+v", r.Escalation)
	}
	contains(t, r, "hier in diesem Gespräch")
	if !c.st.WaitingForStaff() {
		t.Fatal("not waiting for staff")
	}
	if r = c.say("Hallo? Ist da jemand?"); len(r.Replies) != 0 {
		t.Errorf("bot answered while waiting: %q", text(r))
	}
	if r = c.say("abc123"); len(r.Replies) != 0 || c.st.Misses != 0 {
		t.Errorf("bot answered or counted while waiting: %q", text(r))
	}
	r = c.step(channels.Inbound{From: channels.FromStaff, Text: "menu"})
	if len(r.Replies) != 1 || r.Replies[0].From != channels.FromStaff || r.Replies[0].Text != "menu" {
		t.Fatalf("staff relay = %+v", r.Replies)
	}
	if !c.st.WaitingForStaff() {
		t.Error("a staff message was read as a command")
	}
	r = c.say("weiter mit dem Bot")
	if c.st.WaitingForStaff() {
		t.Fatal("still waiting")
	}
	asks(t, r, "meter_number")
}

func TestStaffByCommandAndOption(t *testing.T) {
	for _, in := range []channels.Inbound{{Text: "/human"}, {Choice: "staff"}} {
		c := meterConvo(t)
		c.say("Hallo")
		r := c.step(in)
		if r.Escalation == nil || r.Escalation.Reason != ReasonAsked || r.Escalation.Service != "" {
			t.Errorf("%+v: escalation = %+v", in, r.Escalation)
		}
		r = c.say("Menü")
		if c.st.WaitingForStaff() || !hasValue(t, r, "service:meter-reading") {
			t.Errorf("menu did not end waiting: %q", text(r))
		}
	}
}

func TestStatusBeforeAndAfterSubmit(t *testing.T) {
	c := meterConvo(t)
	c.say("Hallo")
	r := c.say("Wie ist der Status meines Antrags?")
	contains(t, r, "noch keinen Antrag gestellt", "Referenznummer")
	c.say("Zählerstand melden")
	for _, a := range []string{"12345678", "ZX-2024-1", "123", "heute", "Erika Mustermann", "-", "absenden"} {
		c.say(a)
	}
	if len(c.cases) != 1 {
		t.Fatalf("cases = %+v", c.cases)
	}
	r = c.say("status")
	contains(t, r, "AB-2026-000001: Zählerstand melden – eingegangen")
}

func TestStateJSONRoundTrip(t *testing.T) {
	st := State{Lang: "en", Form: "meter-reading", Field: "reading", Answers: map[string]string{"customer_number": "12345678", "email": ""},
		Paused: true, Staff: true, Misses: 1, Cases: []CaseRef{{Ref: "AB-2026-000001", Service: "meter-reading"}}}
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	var back State
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(st, back) {
		t.Errorf("round trip: %+v != %+v", back, st)
	}
	if data, _ := json.Marshal(State{}); string(data) != "{}" {
		t.Errorf("zero state = %s", data)
	}
	if (State{}).Language() != "de" || back.Service() != "meter-reading" || !back.WaitingForStaff() {
		t.Error("accessors")
	}
}

func TestStepDoesNotMutateInput(t *testing.T) {
	c := meterConvo(t)
	st := State{Lang: "de", Form: "meter-reading", Field: "email",
		Answers: map[string]string{"customer_number": "12345678", "meter_number": "ZX-1", "reading": "1",
			"reading_date": "2026-11-29", "name": "Erika Mustermann"},
		Cases: []CaseRef{{Ref: "AB-2026-000009", Service: "meter-reading"}}}
	before := st.Clone()
	for _, text := range []string{"skip", "erika@example.de", "zurück", "abbrechen", "/human"} {
		res := c.e.Step(st, channels.Inbound{Text: text}, c.now)
		if !reflect.DeepEqual(before, st) {
			t.Fatalf("%q changed the input state", text)
		}
		if text == "erika@example.de" {
			// Submitting from here appends to Cases: it must not write into st's array.
			sub := c.e.Step(res.State, channels.Inbound{Text: "absenden"}, c.now)
			if len(sub.State.Cases) != 2 || len(res.State.Cases) != 1 {
				t.Fatalf("cases: %+v", sub.State.Cases)
			}
		}
	}
}

func TestStaffEventsHandOver(t *testing.T) {
	c := meterConvo(t)
	c.say("Zählerstand melden")
	r := c.step(channels.Inbound{From: channels.FromSystem, Event: channels.StaffJoined, Text: "Frau Schmidt ist jetzt für Sie da."})
	if len(r.Replies) != 1 || r.Replies[0].From != channels.FromSystem || !r.State.WaitingForStaff() {
		t.Fatalf("joined: %+v", r)
	}
	if r := c.say("1234567"); len(r.Replies) != 0 {
		t.Fatalf("the bot answered while a person has the conversation: %+v", r.Replies)
	}
	r = c.step(channels.Inbound{From: channels.FromSystem, Event: channels.StaffReleased, Text: "Sie schreiben wieder mit dem Bot."})
	if r.State.WaitingForStaff() {
		t.Fatal("released, but still with staff")
	}
	if r := c.say("menü"); len(r.Replies) == 0 {
		t.Fatal("the bot is silent after release")
	}
}

func TestSlashCommandKeepsGerman(t *testing.T) {
	c := meterConvo(t)
	r := c.say("/start")
	if c.st.Lang != "de" {
		t.Fatalf("/start set the language to %q: %s", c.st.Lang, text(r))
	}
}
