package bolt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/store"
)

func TestStaffAccountsAndSessions(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	a := store.StaffAccount{Username: "Anna", Name: "Anna", Department: "buergerbuero", Role: store.RoleAgent,
		Password: store.PasswordHash{Time: 1, Memory: 64, Threads: 1, Salt: []byte("salt"), Key: []byte("key")}, Created: t0}
	if err := d.CreateStaffAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := d.CreateStaffAccount(ctx, store.StaffAccount{Username: "anna"}); !errors.Is(err, store.ErrExists) {
		t.Fatalf("second anna: %v", err)
	}
	got, err := d.StaffAccount("ANNA")
	if err != nil || got.Department != "buergerbuero" || string(got.Password.Key) != "key" {
		t.Fatalf("account: %+v %v", got, err)
	}
	up, err := d.UpdateStaffAccount(ctx, "anna", func(a *store.StaffAccount) error {
		a.Disabled, a.Username = true, "mallory"
		return nil
	})
	if err != nil || !up.Disabled || up.Username != "Anna" {
		t.Fatalf("update: %+v %v", up, err)
	}
	if _, err := d.UpdateStaffAccount(ctx, "nobody", func(*store.StaffAccount) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("update of nobody: %v", err)
	}
	if all, _ := d.StaffAccounts(); len(all) != 1 {
		t.Fatalf("accounts: %d", len(all))
	}

	for i, exp := range []time.Time{t0.Add(time.Hour), t0.Add(-time.Hour)} {
		s := store.StaffSession{ID: fmt.Sprint("s", i), Username: "anna", CSRF: "x", Created: t0, Expires: exp}
		if err := d.CreateStaffSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := d.PruneStaffSessions(ctx, t0, ""); err != nil || n != 1 {
		t.Fatalf("prune expired: %d %v", n, err)
	}
	if s, err := d.StaffSession("s0"); err != nil || s.Username != "anna" {
		t.Fatalf("session: %+v %v", s, err)
	}
	if _, err := d.StaffSession("s1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("expired session still there: %v", err)
	}
	if n, _ := d.PruneStaffSessions(ctx, t0, "ANNA"); n != 1 {
		t.Fatalf("prune anna's sessions: %d", n)
	}
	if err := d.DeleteStaffSession(ctx, "s0"); err != nil {
		t.Fatal(err)
	}
}

func TestLoginFailuresLock(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	fail := func(user string, at time.Time, window time.Duration) store.LoginFailures {
		t.Helper()
		if _, ok, err := d.ReserveLoginAttempt(ctx, user, at, 5, window); err != nil || !ok {
			t.Fatalf("reserve %s at %v: %v %v", user, at, ok, err)
		}
		f, err := d.EndLoginAttempt(ctx, user, at, true, 5, 15*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	var f store.LoginFailures
	for i := range 5 {
		f = fail("anna", t0.Add(time.Duration(i)*time.Second), time.Hour)
		if i < 4 && !f.LockedUntil.IsZero() {
			t.Fatalf("locked after %d failures", i+1)
		}
	}
	if want := t0.Add(4*time.Second + 15*time.Minute); !f.LockedUntil.Equal(want) {
		t.Fatalf("locked until %v, want %v", f.LockedUntil, want)
	}
	if got, _ := d.LoginFailures("Anna"); !got.LockedUntil.Equal(f.LockedUntil) {
		t.Fatal("lock not stored")
	}
	if _, ok, _ := d.ReserveLoginAttempt(ctx, "anna", t0.Add(time.Minute), 5, time.Hour); ok {
		t.Fatal("an attempt was reserved while locked")
	}
	// Failures outside the window start the count again.
	fail("bert", t0, time.Minute)
	f = fail("bert", t0.Add(2*time.Minute), time.Minute)
	if f.Count != 1 {
		t.Fatalf("count after the window: %d", f.Count)
	}
	if err := d.ClearLoginFailures(ctx, "anna"); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.LoginFailures("anna"); !got.LockedUntil.IsZero() || got.Count != 0 {
		t.Fatalf("after clear: %+v", got)
	}
}

// TestLoginAttemptsReservedBeforeTheCheck: running attempts count, so no
// more than the limit can be checked at once; an attempt that succeeds is
// given back.
func TestLoginAttemptsReservedBeforeTheCheck(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	var mu sync.Mutex
	reserved := 0
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			if _, ok, err := d.ReserveLoginAttempt(ctx, "carl", t0, 5, time.Hour); err != nil {
				t.Error(err)
			} else if ok {
				mu.Lock()
				reserved++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if reserved != 5 {
		t.Fatalf("%d attempts reserved at once, want 5", reserved)
	}
	f, err := d.EndLoginAttempt(ctx, "carl", t0, false, 5, time.Hour)
	if err != nil || f.Count != 4 || !f.LockedUntil.IsZero() {
		t.Fatalf("after a success: %+v %v", f, err)
	}
	if _, ok, _ := d.ReserveLoginAttempt(ctx, "carl", t0, 5, time.Hour); !ok {
		t.Fatal("the given-back attempt cannot be used again")
	}
	for range 5 {
		f, _ = d.EndLoginAttempt(ctx, "carl", t0, true, 5, time.Hour)
	}
	if !f.LockedUntil.Equal(t0.Add(time.Hour)) {
		t.Fatalf("five failures did not lock: %+v", f)
	}
}

func TestClaimRaceOneWins(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	const agents = 8
	var wg sync.WaitGroup
	errs := make([]error, agents)
	holders := make([]string, agents)
	for i := range agents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sc store.StaffConversation
			sc, errs[i] = d.ClaimConversation(ctx, "c1", fmt.Sprint("agent", i), "stadtwerke", t0)
			holders[i] = sc.Agent
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, store.ErrClaimed):
			t.Fatalf("claim: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d agents won the claim", won)
	}
	sc, err := d.StaffConversation("c1")
	if err != nil || sc.Department != "stadtwerke" || sc.Agent == "" {
		t.Fatalf("record: %+v %v", sc, err)
	}
	for i, h := range holders {
		if h != sc.Agent {
			t.Fatalf("claim %d says %q holds it, the record %q", i, h, sc.Agent)
		}
	}
	other := "agent0"
	if sc.Agent == other {
		other = "agent1"
	}
	if err := d.ReleaseConversation(ctx, "c1", other); !errors.Is(err, store.ErrClaimed) {
		t.Fatalf("release by another agent: %v", err)
	}
	if _, err := d.ClaimConversation(ctx, "c1", sc.Agent, "x", t0); err != nil {
		t.Fatalf("claiming again by the holder: %v", err)
	}
	if err := d.ReleaseConversation(ctx, "c1", sc.Agent); err != nil {
		t.Fatal(err)
	}
	if sc, _ := d.StaffConversation("c1"); sc.Agent != "" || sc.Department != "stadtwerke" {
		t.Fatalf("after release: %+v", sc)
	}
	if _, err := d.ClaimConversation(ctx, "c1", other, "", t0); err != nil {
		t.Fatalf("claim after release: %v", err)
	}
	if _, err := d.UpdateStaffConversation(ctx, "c1", func(*store.StaffConversation, bool) (bool, error) { return false, nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := d.StaffConversation("c1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted record: %v", err)
	}
}

// lifecycle is a case lifecycle for the tests: a chain.
func lifecycle(from, to string) bool {
	next := map[string]string{"submitted": "in-review", "in-review": "needs-info", "needs-info": "rejected", "rejected": "closed"}
	return next[from] == to
}

func TestNotesAndCaseHistorySealed(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	ctx := context.Background()
	tr := turn("c1", "m1", "hallo")
	tr.Meta.WaitingForStaff = true
	tr.Cases = []cases.Case{{Ref: "AB-2026-000001", Service: "meter-reading", Status: "submitted", Created: t0, Answers: map[string]string{}},
		{Ref: "AB-2026-000002", Service: "resident-parking", Status: "submitted", Created: t0.Add(time.Minute), Answers: map[string]string{}}}
	if _, err := d.CommitTurn(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CommitTurn(ctx, turn("c2", "m2", "hallo")); err != nil {
		t.Fatal(err)
	}
	waiting, err := d.WaitingConversations()
	if err != nil || len(waiting) != 1 || waiting[0].ID != "c1" || waiting[0].Channel != "web" {
		t.Fatalf("waiting: %+v %v", waiting, err)
	}
	if _, err := d.AddNote(ctx, "c1", store.Note{Time: t0, Author: "anna", Text: "Notiz-Geheimnis"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddNote(ctx, "missing", store.Note{Text: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("note on a missing conversation: %v", err)
	}

	set := func(status, note string) error {
		_, err := d.SetCaseStatus(ctx, "AB-2026-000001", cases.Change{Time: t0, Actor: "anna", Status: status, Note: note}, lifecycle)
		return err
	}
	if err := set("closed", ""); !errors.Is(err, store.ErrTransition) {
		t.Fatalf("submitted → closed: %v", err)
	}
	for _, s := range []string{"in-review", "needs-info", "rejected", "closed"} {
		if err := set(s, "Begruendung-Geheimnis"); err != nil {
			t.Fatalf("→ %s: %v", s, err)
		}
	}
	if err := set("in-review", ""); !errors.Is(err, store.ErrTransition) {
		t.Fatalf("closed → in-review: %v", err)
	}
	if _, err := d.SetCaseStatus(ctx, "AB-2026-999999", cases.Change{Status: "in-review"}, lifecycle); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing case: %v", err)
	}
	hist, err := d.CaseHistory("AB-2026-000001")
	if err != nil || len(hist) != 4 || hist[0].From != "submitted" || hist[3].Status != "closed" ||
		hist[2].Note != "Begruendung-Geheimnis" || hist[2].Actor != "anna" {
		t.Fatalf("history: %+v %v", hist, err)
	}
	if c, _ := d.Case("AB-2026-000001"); c.Status != "closed" {
		t.Fatalf("case status %q", c.Status)
	}
	list, _ := d.Cases(store.CaseFilter{Status: "submitted"})
	if len(list) != 1 || list[0].Ref != "AB-2026-000002" || list[0].Answers != nil {
		t.Fatalf("submitted cases: %+v", list)
	}
	list, _ = d.Cases(store.CaseFilter{Services: map[string]bool{"meter-reading": true}})
	if len(list) != 1 || list[0].Ref != "AB-2026-000001" {
		t.Fatalf("meter-reading cases: %+v", list)
	}
	if all, _ := d.Cases(store.CaseFilter{}); len(all) != 2 || all[0].Ref != "AB-2026-000002" {
		t.Fatalf("all cases, newest first: %+v", all)
	}

	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Notiz-Geheimnis", "Begruendung-Geheimnis"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the store file contains %q in plaintext", secret)
		}
	}
	d = openTest(t, dir)
	defer d.Close()
	notes, err := d.Notes("c1")
	if err != nil || len(notes) != 1 || notes[0].Text != "Notiz-Geheimnis" || notes[0].Seq != 1 || notes[0].Author != "anna" {
		t.Fatalf("notes: %+v %v", notes, err)
	}
	if notes, err := d.Notes("c2"); err != nil || len(notes) != 0 {
		t.Fatalf("notes of c2: %+v %v", notes, err)
	}
}

func TestAuditCannedDepartments(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	if log, err := d.AuditLog(0, 10); err != nil || len(log) != 0 {
		t.Fatalf("empty audit: %v %v", log, err)
	}
	for i := range 5 {
		if err := d.Audit(ctx, store.AuditEntry{Time: t0, Actor: "anna", Action: "case.open", Object: fmt.Sprint("AB-", i)}); err != nil {
			t.Fatal(err)
		}
	}
	page, _ := d.AuditLog(0, 2)
	if len(page) != 2 || page[0].Seq != 5 || page[1].Object != "AB-3" {
		t.Fatalf("newest page: %+v", page)
	}
	page, _ = d.AuditLog(page[1].Seq, 10)
	if len(page) != 3 || page[0].Seq != 3 || page[2].Seq != 1 {
		t.Fatalf("older page: %+v", page)
	}
	if page, _ = d.AuditLog(99, 1); len(page) != 1 || page[0].Seq != 5 {
		t.Fatalf("page before a seq past the end: %+v", page)
	}

	r, err := d.PutCannedReply(ctx, store.CannedReply{Department: "stadtwerke", Title: "Gruß", Text: "Guten Tag"})
	if err != nil || r.ID == "" {
		t.Fatalf("canned: %+v %v", r, err)
	}
	d.PutCannedReply(ctx, store.CannedReply{Title: "Alle", Text: "für alle"})
	d.PutCannedReply(ctx, store.CannedReply{Department: "gewerbeamt", Title: "Andere", Text: "x"})
	if l, _ := d.CannedReplies("stadtwerke"); len(l) != 2 {
		t.Fatalf("canned of stadtwerke: %+v", l)
	}
	if l, _ := d.CannedReplies(""); len(l) != 3 {
		t.Fatalf("all canned: %+v", l)
	}
	if err := d.DeleteCannedReply(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if err := d.DeleteCannedReply(ctx, r.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
	dep := store.Department{ID: "stadtwerke", Name: "Stadtwerke", Hours: []store.OfficeHours{{Weekday: time.Monday, From: "08:00", To: "16:00"}}}
	if err := d.PutDepartment(ctx, dep); err != nil {
		t.Fatal(err)
	}
	if l, _ := d.Departments(); len(l) != 1 || l[0].Hours[0].To != "16:00" {
		t.Fatalf("departments: %+v", l)
	}
}
