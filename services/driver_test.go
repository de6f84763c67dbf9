package services_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/dialog/route"
	"amtsbote/services/handlers"
	"amtsbote/services/parking"
)

// refs numbers cases from 1.
type refs struct{ n int }

func (r *refs) NextCaseRef(now time.Time) string {
	r.n++
	return fmt.Sprintf("AB-%d-%06d", now.Year(), r.n)
}

// berlin is the city's time zone in every test.
func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// flow drives one conversation through an engine over the builtin catalog
// with the builtin handlers, at Sunday 2026-11-29 10:00 in Berlin. Like the
// dialog package's tests it checks on every step that Step leaves its input
// alone and that the state survives a JSON round trip.
type flow struct {
	t       *testing.T
	e       *dialog.Engine
	cat     *catalog.Catalog
	permits *parking.Registry
	now     time.Time
	st      dialog.State
	last    dialog.Result
	cases   []cases.Case
	esc     []*dialog.Escalation
}

func newFlow(t *testing.T) *flow { t.Helper(); return newFlowWith(t, dialog.Options{}) }

// newFlowWith is newFlow with some engine options set (NoEmail).
func newFlowWith(t *testing.T, opts dialog.Options) *flow {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	loc := berlin(t)
	permits := parking.NewRegistry(loc)
	opts.Location = loc
	opts.Handlers = handlers.Builtin(handlers.Options{Permits: permits, Location: loc})
	opts.Rand = rand.NewChaCha8([32]byte{7})
	e := dialog.New(cat, route.New(cat), &refs{}, nil, opts)
	return &flow{t: t, e: e, cat: cat, permits: permits, now: time.Date(2026, 11, 29, 10, 0, 0, 0, loc)}
}

func (f *flow) step(in channels.Inbound) dialog.Result {
	f.t.Helper()
	before, _ := json.Marshal(f.st)
	res := f.e.Step(f.st, in, f.now)
	if after, _ := json.Marshal(f.st); string(before) != string(after) {
		f.t.Fatalf("Step changed its input state")
	}
	data, err := json.Marshal(res.State)
	if err != nil {
		f.t.Fatal(err)
	}
	var next dialog.State
	if err := json.Unmarshal(data, &next); err != nil {
		f.t.Fatal(err)
	}
	if !reflect.DeepEqual(next.Answers, res.State.Answers) && len(res.State.Answers) > 0 {
		f.t.Fatalf("state does not survive JSON: %+v", res.State)
	}
	f.st, f.last = next, res
	f.cases = append(f.cases, res.Cases...)
	if res.Escalation != nil {
		f.esc = append(f.esc, res.Escalation)
	}
	return res
}

// say sends a typed message; "file:NAME" sends a file of that name.
func (f *flow) say(text string) dialog.Result {
	f.t.Helper()
	if name, ok := strings.CutPrefix(text, "file:"); ok {
		mt := map[string]string{"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}[name[strings.LastIndex(name, ".")+1:]]
		if mt == "" {
			mt = "application/octet-stream"
		}
		return f.step(channels.Inbound{Channel: "web", Attachments: []channels.Attachment{{Name: name, MediaType: mt, Data: []byte("%PDF-1.7 test")}}})
	}
	return f.step(channels.Inbound{Channel: "web", Text: text})
}

// pick picks an option by value.
func (f *flow) pick(value string) dialog.Result {
	f.t.Helper()
	return f.step(channels.Inbound{Channel: "web", Choice: value})
}

// asking returns the field the last reply asks for, or "".
func (f *flow) asking() string {
	if n := len(f.last.Replies); n > 0 && f.last.Replies[n-1].Field != nil {
		return f.last.Replies[n-1].Field.Name
	}
	return ""
}

// answer checks that field is being asked and answers it.
func (f *flow) answer(field, input string) {
	f.t.Helper()
	if got := f.asking(); got != field {
		f.t.Fatalf("want question %q before answering %q, got %q in:\n%s", field, input, got, f.text())
	}
	f.say(input)
}

// answers answers fields in turn: pairs of field name and input.
func (f *flow) answers(pairs ...string) {
	f.t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		f.answer(pairs[i], pairs[i+1])
	}
}

// refuse answers field with input and checks that the field is asked again
// with a reason containing why.
func (f *flow) refuse(field, input, why string) {
	f.t.Helper()
	f.answer(field, input)
	if f.asking() != field {
		f.t.Fatalf("%q for %s was taken; replies:\n%s", input, field, f.text())
	}
	f.contains(why)
}

// text joins the texts of the last replies.
func (f *flow) text() string {
	var parts []string
	for _, o := range f.last.Replies {
		parts = append(parts, o.Text)
	}
	return strings.Join(parts, "\n")
}

func (f *flow) contains(want ...string) {
	f.t.Helper()
	got := f.text()
	for _, w := range want {
		if !strings.Contains(got, w) {
			f.t.Errorf("replies lack %q:\n%s", w, got)
		}
	}
}

// hasOption reports whether any of the last replies offers value.
func (f *flow) hasOption(value string) bool {
	for _, o := range f.last.Replies {
		for _, opt := range o.Options {
			if opt.Value == value {
				return true
			}
		}
	}
	return false
}

// submit checks that the summary is shown, submits, and returns the case.
func (f *flow) submit(want ...string) cases.Case {
	f.t.Helper()
	if f.asking() != "" || f.st.Form == "" {
		f.t.Fatalf("no summary, but: %q\n%s", f.asking(), f.text())
	}
	f.contains(append([]string{"Bitte prüfen Sie Ihre Angaben:"}, want...)...)
	n := len(f.cases)
	f.say("Absenden")
	if len(f.cases) != n+1 {
		f.t.Fatalf("no case after submitting:\n%s", f.text())
	}
	c := f.cases[n]
	f.contains("Referenznummer: "+c.Ref, "Ihr Zugangscode: ")
	if len(c.Secret) != 8 {
		f.t.Errorf("case secret %q", c.Secret)
	}
	return c
}

// wantAnswers checks some answers of a case.
func wantAnswers(t *testing.T, c cases.Case, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if c.Answers[k] != v {
			t.Errorf("case %s: answer %s = %q, want %q (all: %v)", c.Service, k, c.Answers[k], v, c.Answers)
		}
	}
}
