package storetest

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/store"
)

// caseContracts: case numbers, status changes and their history,
// amendments, and the reads the server seeds its views from.
var caseContracts = []contract{
	{"MaxCaseNumber", testMaxCaseNumber},
	{"StatusAndHistory", testCaseStatus},
	{"Amendments", testAmendments},
	{"IndexAndLists", testCaseIndex},
	{"SecretMAC", testSecretMAC},
}

// withCases commits a turn of conv creating cases.
func (e *env) withCases(t *testing.T, conv string, at time.Time, cs ...cases.Case) {
	t.Helper()
	e.turns++
	tr := citizenTurn(conv, "cases-"+string(rune('a'+e.turns%26))+at.Format("150405.000"), at)
	tr.Cases = cs
	e.commit(t, tr)
}

func testMaxCaseNumber(t *testing.T, e *env) {
	if n, err := e.s.MaxCaseNumber("AB", 2026); err != nil || n != 0 {
		t.Fatalf("empty store: %d %v", n, err)
	}
	e.withCases(t, "c1", t0, newCase(ref(2026, 7), "s", t0), newCase(ref(2026, 12), "s", t0),
		newCase(ref(2025, 99), "s", t0), newCase("XY-2026-000500", "s", t0), newCase("ABC-2026-000900", "s", t0))
	e.withCases(t, "c2", t0.Add(time.Second), newCase(ref(2026, 9), "s", t0))
	for _, c := range []struct {
		prefix string
		year   int
		want   int
	}{{"AB", 2026, 12}, {"AB", 2025, 99}, {"AB", 2027, 0}, {"XY", 2026, 500}, {"A", 2026, 0}, {"ABC", 2026, 900}} {
		if n, err := e.s.MaxCaseNumber(c.prefix, c.year); err != nil || n != c.want {
			t.Errorf("MaxCaseNumber(%s, %d) = %d %v, want %d", c.prefix, c.year, n, err, c.want)
		}
	}
}

func testCaseStatus(t *testing.T, e *env) {
	ctx := context.Background()
	r := ref(2026, 1)
	e.withCases(t, "c1", t0, newCase(r, "passport", t0))
	// The lifecycle: submitted → in-progress → needs-info, nothing back.
	allowed := func(from, to string) bool {
		return from == "submitted" && to == "in-progress" || from == "in-progress" && to == "needs-info"
	}
	if _, err := e.s.SetCaseStatus(ctx, r, cases.Change{Status: "needs-info", Actor: "anna", Time: t0}, allowed); !errors.Is(err, store.ErrTransition) {
		t.Fatalf("forbidden change: %v, want ErrTransition", err)
	}
	if h, _ := e.s.CaseHistory(r); len(h) != 0 {
		t.Fatalf("a forbidden change left history %+v", h)
	}
	ch1 := cases.Change{Time: t0.Add(time.Minute), Actor: "anna", Status: "in-progress", Note: "Begruendung-Q7Zr4Wm2"}
	got, err := e.s.SetCaseStatus(ctx, r, ch1, allowed)
	if err != nil || got.From != "submitted" || got.Status != "in-progress" || got.Note != ch1.Note {
		t.Fatalf("change: %+v %v", got, err)
	}
	ch2 := cases.Change{Time: t0.Add(2 * time.Minute), Actor: "bert", Status: "needs-info", Note: "Rueckfrage-Q7Zr4Wm2", Field: "birthdate"}
	if _, err := e.s.SetCaseStatus(ctx, r, ch2, allowed); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.SetCaseStatus(ctx, r, cases.Change{Status: "submitted", Time: t0}, allowed); !errors.Is(err, store.ErrTransition) {
		t.Errorf("change back: %v, want ErrTransition", err)
	}
	c, err := e.s.Case(r)
	if err != nil || c.Status != "needs-info" {
		t.Fatalf("case after changes: %+v %v", c, err)
	}
	h, err := e.s.CaseHistory(r)
	if err != nil || len(h) != 2 {
		t.Fatalf("history %+v %v", h, err)
	}
	ch1.From, ch2.From = "submitted", "in-progress"
	for i, want := range []cases.Change{ch1, ch2} {
		if h[i].From != want.From || h[i].Status != want.Status || h[i].Actor != want.Actor || h[i].Note != want.Note ||
			h[i].Field != want.Field || !h[i].Time.Equal(want.Time) {
			t.Errorf("history %d: %+v, want %+v", i, h[i], want)
		}
	}
	wantNotFound(t, "status of an unknown case", func() error {
		_, err := e.s.SetCaseStatus(ctx, "AB-2026-999999", ch1, always)
		return err
	}())
	wantNotFound(t, "history of an unknown case", func() error { _, err := e.s.CaseHistory("AB-2026-999999"); return err }())
	if counts, err := e.s.CaseCounts(); err != nil || counts[[2]string{"passport", "needs-info"}] != 1 || len(counts) != 1 {
		t.Errorf("case counts %v %v", counts, err)
	}
}

func testAmendments(t *testing.T, e *env) {
	ctx := context.Background()
	waiting, decided := ref(2026, 1), ref(2026, 2)
	e.withCases(t, "c1", t0, newCase(waiting, "passport", t0), newCase(decided, "passport", t0))
	e.withCases(t, "c2", t0, newCase(ref(2026, 3), "passport", t0))
	for _, r := range []string{waiting, decided} {
		if _, err := e.s.SetCaseStatus(ctx, r, cases.Change{Time: t0, Actor: "anna", Status: "needs-info"}, always); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.s.SetCaseStatus(ctx, decided, cases.Change{Time: t0, Actor: "anna", Status: "rejected"}, always); err != nil {
		t.Fatal(err)
	}
	amend := func(r string) store.Amendment {
		return store.Amendment{Ref: r, Answers: map[string]string{"name": "Korrektur-" + r + "-Q7Zr4Wm2"}, Waiting: "needs-info",
			Change: cases.Change{Time: t0.Add(time.Hour), Status: "submitted", Amended: []string{"name"}}}
	}
	tr := citizenTurn("c1", "amend", t0.Add(time.Hour))
	tr.Amendments = []store.Amendment{amend(waiting), amend(decided), amend("AB-2026-999999")}
	res := e.commit(t, tr)
	if len(res.Amended) != 3 {
		t.Fatalf("amended %+v", res.Amended)
	}
	if a := res.Amended[0]; a.From != "needs-info" || a.Status != "submitted" || !slices.Equal(a.Amended, []string{"name"}) {
		t.Errorf("amendment of the waiting case %+v", a)
	}
	if a := res.Amended[1]; a.From != "rejected" || a.Status != "rejected" {
		t.Errorf("amendment of a decided case %+v: it stays where staff put it", a)
	}
	if a := res.Amended[2]; a.Status != "" || a.From != "" {
		t.Errorf("amendment of a missing case %+v, want a zero entry", a)
	}
	for _, r := range []string{waiting, decided} {
		c, _ := e.s.Case(r)
		if !maps.Equal(c.Answers, amend(r).Answers) {
			t.Errorf("answers of %s: %v", r, c.Answers)
		}
		h, _ := e.s.CaseHistory(r)
		if len(h) == 0 || !slices.Equal(h[len(h)-1].Amended, []string{"name"}) {
			t.Errorf("history of %s: %+v", r, h)
		}
	}
	if c, _ := e.s.Case(waiting); c.Status != "submitted" {
		t.Errorf("waiting case status %s", c.Status)
	}
	// Another conversation's case cannot be amended: the turn fails whole.
	foreign := citizenTurn("c1", "foreign", t0.Add(2*time.Hour))
	foreign.Amendments = []store.Amendment{amend(ref(2026, 3))}
	if _, err := e.s.CommitTurn(ctx, foreign); err == nil {
		t.Fatal("amending another conversation's case committed")
	}
	if c, _ := e.s.Case(ref(2026, 3)); maps.Equal(c.Answers, amend(ref(2026, 3)).Answers) {
		t.Error("another conversation's case was amended")
	}
	if seen, _ := e.s.Seen(foreign.DedupeKey); seen {
		t.Error("the failed amendment's turn is seen")
	}
}

func testCaseIndex(t *testing.T, e *env) {
	e.withCases(t, "c1", t0, newCase(ref(2026, 1), "passport", t0), newCase(ref(2026, 2), "parking", t0.Add(time.Hour)))
	e.withCases(t, "c2", t0.Add(2*time.Hour), newCase(ref(2026, 3), "parking", t0.Add(2*time.Hour)))
	if _, err := e.s.SetCaseStatus(context.Background(), ref(2026, 3), cases.Change{Time: t0, Status: "approved"}, always); err != nil {
		t.Fatal(err)
	}
	var index []store.CaseIndexEntry
	if err := e.s.CaseIndex(func(x store.CaseIndexEntry) { index = append(index, x) }); err != nil || len(index) != 3 {
		t.Fatalf("case index %+v %v", index, err)
	}
	for _, x := range index {
		if x.Ref == ref(2026, 3) && (x.Service != "parking" || x.Status != "approved" || x.Conversation != "c2" ||
			x.Department != "buergeramt" || !x.Created.Equal(t0.Add(2*time.Hour)) ||
			string(x.SecretMAC) != string(e.s.CaseSecretMAC(x.Ref, "K7-"+x.Ref))) {
			t.Errorf("index entry %+v", x)
		}
	}
	list, err := e.s.Cases(store.CaseFilter{})
	if err != nil || len(list) != 3 || list[0].Ref != ref(2026, 3) || list[2].Ref != ref(2026, 1) {
		t.Fatalf("cases, newest first: %+v %v", list, err)
	}
	if list[0].Answers != nil {
		t.Error("Cases lists answers")
	}
	if l, _ := e.s.Cases(store.CaseFilter{Status: "submitted", Services: map[string]bool{"parking": true}}); len(l) != 1 || l[0].Ref != ref(2026, 2) {
		t.Errorf("filtered cases %+v", l)
	}
	if l, _ := e.s.Cases(store.CaseFilter{Services: map[string]bool{}}); len(l) != 0 {
		t.Errorf("cases of no service %+v", l)
	}
	of, err := e.s.CasesOf("c1")
	if err != nil || len(of) != 2 || of[0].Answers == nil {
		t.Errorf("cases of c1 %+v %v", of, err)
	}
	sv, err := e.s.CasesOfService("parking")
	if err != nil || !sameStrings([]string{sv[0].Ref, sv[len(sv)-1].Ref}, []string{ref(2026, 2), ref(2026, 3)}) || len(sv) != 2 || sv[0].Answers == nil {
		t.Errorf("cases of parking %+v %v", sv, err)
	}
	var since []string
	err = e.s.CaseTimes(t0.Add(time.Hour), func(service string, created time.Time) {
		since = append(since, service+"@"+created.Sub(t0).String())
	})
	if err != nil || !sameStrings(since, []string{"parking@1h0m0s", "parking@2h0m0s"}) {
		t.Errorf("case times since t0+1h: %v %v", since, err)
	}
}

func testSecretMAC(t *testing.T, e *env) {
	r := ref(2026, 1)
	mac := e.s.CaseSecretMAC(r, "K7X-4QP")
	if len(mac) == 0 {
		t.Fatal("empty MAC")
	}
	// A citizen types the code as they like: case, hyphens, spaces.
	for _, typed := range []string{"k7x-4qp", "K7X4QP", " k7x 4qp"} {
		if string(e.s.CaseSecretMAC(r, typed)) != string(mac) {
			t.Errorf("code typed %q does not match", typed)
		}
	}
	if string(e.s.CaseSecretMAC(r, "K7X-4QQ")) == string(mac) || string(e.s.CaseSecretMAC(ref(2026, 2), "K7X-4QP")) == string(mac) {
		t.Error("another code or reference gives the same MAC")
	}
	link := e.s.LinkMAC("c1", "ABCD")
	if len(link) == 0 || string(e.s.LinkMAC("c1", "ABCE")) == string(link) || string(e.s.LinkMAC("c1A", "BCD")) == string(link) {
		t.Error("LinkMAC does not tell its parts apart")
	}
	if string(e.s.LinkMAC("c1", "ABCD")) != string(link) {
		t.Error("LinkMAC is not deterministic")
	}
}
