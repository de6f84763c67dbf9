package dialog_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	_ "time/tzdata"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"

	. "amtsbote/dialog"
	"amtsbote/dialog/route"
	catalogtext "amtsbote/text"
)

// fakeRefs numbers cases from 1.
type fakeRefs struct{ n int }

func (r *fakeRefs) NextCaseRef(now time.Time) string {
	r.n++
	return fmt.Sprintf("AB-%d-%06d", now.Year(), r.n)
}

// fakeUsage returns a fixed list.
type fakeUsage []string

func (u fakeUsage) Top(n int) []string { return u[:min(n, len(u))] }

// stubRouter returns a fixed match for every text.
type stubRouter Match

func (s stubRouter) Route(string) Match { return Match(s) }

// testNow is the fixed time of every test: 2026-11-29 10:00 in Berlin.
func testNow(t *testing.T) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, 11, 29, 10, 0, 0, 0, loc)
}

// coreFiles are the builtin files of the small catalog most engine tests
// run on: the menu's structure, and meter reading as the one service.
var coreFiles = []string{"categories.yaml", "departments.yaml", "intents.yaml", "meter-reading.yaml"}

// small loads the core files of the builtin catalog plus the files of dir.
func small(t *testing.T, dir string) *catalog.Catalog {
	t.Helper()
	core := fstest.MapFS{}
	for _, name := range coreFiles {
		data, err := fs.ReadFile(catalog.BuiltinFS(), name)
		if err != nil {
			t.Fatal(err)
		}
		core[name] = &fstest.MapFile{Data: data}
	}
	layers := []catalog.Layer{{FS: core, Name: "core:"}}
	if dir != "" {
		layers = append(layers, catalog.Layer{FS: os.DirFS(dir), Name: dir + "/"})
	}
	cat, err := catalog.LoadFS(layers...)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// extraDefs are services added to the builtin catalog for tests.
const extraDefs = `
-- parking-permit.yaml --
id: parking-permit
category: mobility
title: {de: "Bewohnerparkausweis beantragen", en: "Apply for a resident parking permit"}
description: {de: "Mit dem Ausweis parken Sie in Ihrem Wohngebiet.", en: "The permit lets you park in your neighbourhood."}
keywords: {de: [bewohnerparkausweis, parkausweis, anwohnerparken], en: [parking permit, resident parking]}
fee: {de: "30 Euro im Jahr", en: "30 euros a year"}
department: ordnungsamt
mode: online
fields:
  - name: vehicle
    type: choice
    label: {de: "Fahrzeug", en: "Vehicle"}
    prompt: {de: "Wem gehört das Fahrzeug?", en: "Who owns the vehicle?"}
    options:
      - {value: own, label: {de: "Mir selbst", en: "Myself"}}
      - {value: company, label: {de: "Meinem Arbeitgeber", en: "My employer"}}
  - name: employer_letter
    type: file
    label: {de: "Bescheinigung", en: "Employer's letter"}
    prompt: {de: "Bitte senden Sie die Bescheinigung Ihres Arbeitgebers.", en: "Please send your employer's letter."}
    when: {field: vehicle, equals: [company]}
    media_types: [application/pdf]
  - name: plate
    type: plate
    label: {de: "Kennzeichen", en: "Licence plate"}
    prompt: {de: "Wie lautet das Kennzeichen?", en: "What is the licence plate?"}
  - name: garage
    type: yesno
    label: {de: "Garage", en: "Garage"}
    prompt: {de: "Haben Sie eine eigene Garage?", en: "Do you have a garage of your own?"}
-- passport.yaml --
id: passport
category: citizens-office
title: {de: "Reisepass beantragen", en: "Apply for a passport"}
description: {de: "Einen neuen Reisepass beantragen Sie persönlich im Bürgerbüro.", en: "You apply for a new passport in person at the citizens' office."}
keywords: {de: [reisepass, pass], en: [passport]}
fee: {de: "70 Euro", en: "70 euros"}
documents: [{de: "ein biometrisches Passfoto", en: "a biometric passport photo"}]
department: buergerbuero
mode: in-person
-- id-card.yaml --
id: id-card
category: citizens-office
title: {de: "Personalausweis beantragen", en: "Apply for an identity card"}
description: {de: "Den Personalausweis beantragen Sie persönlich.", en: "You apply for an identity card in person."}
keywords: {de: [personalausweis, ausweis], en: [identity card, id card]}
fee: {de: "37 Euro", en: "37 euros"}
department: buergerbuero
mode: in-person
-- appointment.yaml --
id: appointment
category: citizens-office
title: {de: "Termin vereinbaren", en: "Book an appointment"}
description: {de: "Ein Termin im Bürgerbüro.", en: "An appointment at the citizens' office."}
keywords: {de: [termin], en: [appointment]}
department: buergerbuero
mode: online
fields:
  - name: day
    type: date
    label: {de: "Tag", en: "Day"}
    prompt: {de: "An welchem Tag möchten Sie kommen?", en: "On which day would you like to come?"}
    not_past: true
`

// extended loads the small catalog plus extraDefs from a temp dir.
func extended(t *testing.T) *catalog.Catalog {
	t.Helper()
	dir := t.TempDir()
	for _, part := range strings.Split(extraDefs, "-- ")[1:] {
		name, body, _ := strings.Cut(part, " --\n")
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return small(t, dir)
}

// convo drives one conversation through an engine and checks, on every
// step, that Step leaves its input state alone and that the new state
// survives a JSON round trip (the next step runs on the decoded copy).
type convo struct {
	t     *testing.T
	e     *Engine
	refs  *fakeRefs
	st    State
	now   time.Time
	cases []cases.Case
}

func newConvo(t *testing.T, cat *catalog.Catalog, r Router, usage Usage) *convo {
	t.Helper()
	refs := &fakeRefs{}
	now := testNow(t)
	return &convo{t: t, e: New(cat, r, refs, usage, Options{Location: now.Location(), Texts: builtinTexts(t)}), refs: refs, now: now}
}

// builtinTexts is the built-in text catalog the engine speaks from.
func builtinTexts(t *testing.T) *catalogtext.Catalog {
	t.Helper()
	c, err := catalogtext.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// meterConvo is a conversation over the small catalog with the router.
func meterConvo(t *testing.T) *convo {
	cat := small(t, "")
	return newConvo(t, cat, route.New(cat), nil)
}

func (c *convo) step(in channels.Inbound) Result {
	c.t.Helper()
	before := c.st.Clone()
	res := c.e.Step(c.st, in, c.now)
	if !reflect.DeepEqual(before, c.st) {
		c.t.Fatalf("Step changed its input state:\nbefore %+v\nafter  %+v", before, c.st)
	}
	if !res.State.PhaseHolds() {
		c.t.Fatalf("phase %q does not hold for %+v", res.State.Phase, res.State)
	}
	data, err := json.Marshal(res.State)
	if err != nil {
		c.t.Fatal(err)
	}
	var next State
	if err := json.Unmarshal(data, &next); err != nil {
		c.t.Fatal(err)
	}
	c.st = next
	c.cases = append(c.cases, res.Cases...)
	return res
}

func (c *convo) say(text string) Result {
	c.t.Helper()
	return c.step(channels.Inbound{Channel: "web", Text: text})
}

func (c *convo) pick(value string) Result {
	c.t.Helper()
	return c.step(channels.Inbound{Channel: "web", Choice: value})
}

// text joins the texts of all replies.
func text(r Result) string {
	var parts []string
	for _, o := range r.Replies {
		parts = append(parts, o.Text)
	}
	return strings.Join(parts, "\n")
}

// last returns the last reply, failing when there is none.
func last(t *testing.T, r Result) channels.Outbound {
	t.Helper()
	if len(r.Replies) == 0 {
		t.Fatal("no reply")
	}
	return r.Replies[len(r.Replies)-1]
}

// values returns the option values of the last reply.
func values(t *testing.T, r Result) []string {
	t.Helper()
	var out []string
	for _, o := range last(t, r).Options {
		out = append(out, o.Value)
	}
	return out
}

func hasValue(t *testing.T, r Result, v string) bool {
	t.Helper()
	for _, x := range values(t, r) {
		if x == v {
			return true
		}
	}
	return false
}

// asks checks that the last reply asks field name and returns it.
func asks(t *testing.T, r Result, name string) channels.Outbound {
	t.Helper()
	o := last(t, r)
	if o.Field == nil || o.Field.Name != name {
		t.Fatalf("want question %q, got field %+v in %q", name, o.Field, text(r))
	}
	return o
}

func contains(t *testing.T, r Result, want ...string) {
	t.Helper()
	got := text(r)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("reply lacks %q:\n%s", w, got)
		}
	}
}
