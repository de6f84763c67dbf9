package storetest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"amtsbote/store"
)

// staffContracts: accounts, logins, departments and canned replies.
var staffContracts = []contract{
	{"Accounts", testAccounts},
	{"Sessions", testSessions},
	{"LoginFailures", testLoginFailures},
	{"Departments", testDepartments},
	{"CannedReplies", testCannedReplies},
}

func account(name string) store.StaffAccount {
	return store.StaffAccount{Username: name, Name: "Anna", Department: "buergeramt", Role: store.RoleAgent, Created: t0,
		Password: store.PasswordHash{Time: 1, Memory: 64, Threads: 1, Salt: []byte("salt"), Key: []byte("key")}}
}

func testAccounts(t *testing.T, e *env) {
	ctx := context.Background()
	wantNotFound(t, "unknown account", func() error { _, err := e.s.StaffAccount("anna"); return err }())
	for _, n := range []string{"zoe", "Anna", "bert"} {
		if err := e.s.CreateStaffAccount(ctx, account(n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.s.CreateStaffAccount(ctx, account("anna")); !errors.Is(err, store.ErrExists) {
		t.Errorf("a username taken in another case: %v, want ErrExists", err)
	}
	if err := e.s.CreateStaffAccount(ctx, account("")); err == nil {
		t.Error("an account without username was created")
	}
	a, err := e.s.StaffAccount("ANNA")
	if err != nil || a.Username != "Anna" || a.Role != store.RoleAgent || !a.Created.Equal(t0) ||
		string(a.Password.Salt) != "salt" || a.Password.Memory != 64 {
		t.Fatalf("account read case-insensitively: %+v %v", a, err)
	}
	all, err := e.s.StaffAccounts()
	var names []string
	for _, a := range all {
		names = append(names, a.Username)
	}
	if err != nil || !slices.Equal(names, []string{"Anna", "bert", "zoe"}) {
		t.Errorf("accounts by username: %v %v", names, err)
	}
	up, err := e.s.UpdateStaffAccount(ctx, "anna", func(a *store.StaffAccount) error {
		a.Role, a.Disabled, a.Username = store.RoleAdmin, true, "mallory"
		return nil
	})
	if err != nil || up.Username != "Anna" || up.Role != store.RoleAdmin || !up.Disabled {
		t.Fatalf("update %+v %v", up, err)
	}
	boom := errors.New("boom")
	if _, err := e.s.UpdateStaffAccount(ctx, "anna", func(a *store.StaffAccount) error {
		a.Role = store.RoleAgent
		return boom
	}); !errors.Is(err, boom) {
		t.Errorf("update failing in fn: %v", err)
	}
	if a, _ := e.s.StaffAccount("anna"); a.Role != store.RoleAdmin || !a.Disabled {
		t.Errorf("a failed update changed the account: %+v", a)
	}
	wantNotFound(t, "mallory", func() error { _, err := e.s.StaffAccount("mallory"); return err }())
	wantNotFound(t, "update of an unknown account", func() error {
		_, err := e.s.UpdateStaffAccount(ctx, "nobody", func(*store.StaffAccount) error { return nil })
		return err
	}())
}

func testSessions(t *testing.T, e *env) {
	ctx := context.Background()
	mk := func(id, user string, expires time.Time) store.StaffSession {
		return store.StaffSession{ID: id, Username: user, CSRF: "csrf-" + id, Created: t0, Expires: expires}
	}
	for _, s := range []store.StaffSession{mk("s1", "anna", t0.Add(time.Hour)), mk("s2", "Anna", t0.Add(3*time.Hour)),
		mk("s3", "bert", t0.Add(-time.Minute)), mk("s4", "bert", t0.Add(3*time.Hour))} {
		if err := e.s.CreateStaffSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	s, err := e.s.StaffSession("s1")
	if err != nil || s.Username != "anna" || s.CSRF != "csrf-s1" || !s.Expires.Equal(t0.Add(time.Hour)) {
		t.Fatalf("session %+v %v", s, err)
	}
	if err := e.s.DeleteStaffSession(ctx, "s4"); err != nil {
		t.Fatal(err)
	}
	wantNotFound(t, "deleted session", func() error { _, err := e.s.StaffSession("s4"); return err }())
	if err := e.s.DeleteStaffSession(ctx, "s4"); err != nil {
		t.Errorf("deleting a session twice: %v", err)
	}
	// Expired ones go; with a username, all of that user's too.
	if n, err := e.s.PruneStaffSessions(ctx, t0, ""); err != nil || n != 1 {
		t.Fatalf("prune expired: %d %v", n, err)
	}
	wantNotFound(t, "expired session", func() error { _, err := e.s.StaffSession("s3"); return err }())
	if n, err := e.s.PruneStaffSessions(ctx, t0, "ANNA"); err != nil || n != 2 {
		t.Fatalf("prune anna's: %d %v", n, err)
	}
	wantNotFound(t, "anna's session", func() error { _, err := e.s.StaffSession("s2"); return err }())
}

func testLoginFailures(t *testing.T, e *env) {
	ctx := context.Background()
	const max, window, lock = 3, 10 * time.Minute, 15 * time.Minute
	if f, err := e.s.LoginFailures("anna"); err != nil || f.Count != 0 || !f.LockedUntil.IsZero() {
		t.Fatalf("no failures yet: %+v %v", f, err)
	}
	// fail reserves an attempt and ends it as failed.
	fail := func(at time.Time) store.LoginFailures {
		t.Helper()
		if _, ok, err := e.s.ReserveLoginAttempt(ctx, "anna", at, max, window); err != nil || !ok {
			t.Fatalf("reserve at %v: %v %v", at.Sub(t0), ok, err)
		}
		f, err := e.s.EndLoginAttempt(ctx, "anna", at, true, max, lock)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	fail(t0)
	// A failure after the window starts the count again.
	if f := fail(t0.Add(11 * time.Minute)); f.Count != 1 {
		t.Fatalf("count after the window %d, want 1", f.Count)
	}
	fail(t0.Add(12 * time.Minute))
	f := fail(t0.Add(13 * time.Minute))
	if !f.LockedUntil.Equal(t0.Add(28*time.Minute)) || f.Count != 0 {
		t.Fatalf("third failure in the window: %+v", f)
	}
	if got, _ := e.s.LoginFailures("ANNA"); !got.LockedUntil.Equal(f.LockedUntil) {
		t.Errorf("stored failures %+v", got)
	}
	// Locked: nothing may be checked.
	if _, ok, err := e.s.ReserveLoginAttempt(ctx, "anna", t0.Add(14*time.Minute), max, window); err != nil || ok {
		t.Fatalf("reserved while locked: %v %v", ok, err)
	}
	if got, _ := e.s.LoginFailures("bert"); got.Count != 0 || !got.LockedUntil.IsZero() {
		t.Errorf("another user's failures %+v", got)
	}
	if err := e.s.ClearLoginFailures(ctx, "anna"); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.s.LoginFailures("anna"); got.Count != 0 || !got.LockedUntil.IsZero() {
		t.Errorf("after clearing %+v", got)
	}

	// Reservations are atomic: of many parallel attempts only max are
	// counted, and a success gives its own back.
	var mu sync.Mutex
	reserved := 0
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, ok, err := e.s.ReserveLoginAttempt(ctx, "carl", t0, max, window); err != nil {
				t.Error(err)
			} else if ok {
				mu.Lock()
				reserved++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if reserved != max {
		t.Fatalf("%d attempts reserved at once, want %d", reserved, max)
	}
	if f, err := e.s.EndLoginAttempt(ctx, "carl", t0, false, max, lock); err != nil || f.Count != max-1 || !f.LockedUntil.IsZero() {
		t.Fatalf("after a success: %+v %v", f, err)
	}
	if _, ok, _ := e.s.ReserveLoginAttempt(ctx, "carl", t0, max, window); !ok {
		t.Fatal("the given-back attempt cannot be used again")
	}
	for range max {
		f, _ = e.s.EndLoginAttempt(ctx, "carl", t0, true, max, lock)
	}
	if !f.LockedUntil.Equal(t0.Add(lock)) {
		t.Fatalf("%d failures did not lock: %+v", max, f)
	}
}

func testDepartments(t *testing.T, e *env) {
	ctx := context.Background()
	hours := []store.OfficeHours{{Weekday: time.Monday, From: "08:00", To: "16:00"}}
	for _, d := range []store.Department{{ID: "ordnungsamt", Name: "Ordnung"}, {ID: "buergeramt", Name: "Bürger", Hours: hours, RoundRobin: true}} {
		if err := e.s.PutDepartment(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.s.PutDepartment(ctx, store.Department{ID: "ordnungsamt", Name: "Ordnungsamt"}); err != nil {
		t.Fatal(err)
	}
	if err := e.s.PutDepartment(ctx, store.Department{Name: "no id"}); err == nil {
		t.Error("a department without id was stored")
	}
	ds, err := e.s.Departments()
	if err != nil || len(ds) != 2 || ds[0].ID != "buergeramt" || ds[1].Name != "Ordnungsamt" ||
		len(ds[0].Hours) != 1 || ds[0].Hours[0] != hours[0] || !ds[0].RoundRobin || ds[1].RoundRobin {
		t.Fatalf("departments %+v %v", ds, err)
	}
}

func testCannedReplies(t *testing.T, e *env) {
	ctx := context.Background()
	var made []store.CannedReply
	for _, r := range []store.CannedReply{{Department: "buergeramt", Title: "Zeiten", Text: "…"},
		{Title: "Gruss", Text: "Guten Tag", Language: "en"}, {Department: "ordnungsamt", Title: "Antrag", Text: "…"}} {
		got, err := e.s.PutCannedReply(ctx, r)
		if err != nil || got.ID == "" || got.Title != r.Title {
			t.Fatalf("put canned reply %+v %v", got, err)
		}
		made = append(made, got)
	}
	if made[0].ID == made[1].ID || made[1].ID == made[2].ID || made[0].ID == made[2].ID {
		t.Fatalf("ids handed out twice: %+v", made)
	}
	titles := func(dep string) []string {
		rs, err := e.s.CannedReplies(dep)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.Title)
		}
		return out
	}
	if rs, _ := e.s.CannedReplies(""); len(rs) != 3 || rs[1].Title != "Gruss" || rs[1].Language != "en" || rs[0].Language != "" {
		t.Errorf("the language of a canned reply: %+v", rs)
	}
	if got := titles("buergeramt"); !slices.Equal(got, []string{"Gruss", "Zeiten"}) {
		t.Errorf("buergeramt's, by title: %v", got)
	}
	if got := titles(""); !slices.Equal(got, []string{"Antrag", "Gruss", "Zeiten"}) {
		t.Errorf("all, by title: %v", got)
	}
	edit := made[1]
	edit.Title = "Begruessung"
	if got, err := e.s.PutCannedReply(ctx, edit); err != nil || got.ID != edit.ID {
		t.Fatalf("replace %+v %v", got, err)
	}
	if err := e.s.DeleteCannedReply(ctx, made[0].ID); err != nil {
		t.Fatal(err)
	}
	wantNotFound(t, "deleting it again", e.s.DeleteCannedReply(ctx, made[0].ID))
	if got := titles(""); !slices.Equal(got, []string{"Antrag", "Begruessung"}) {
		t.Errorf("after replace and delete: %v", got)
	}
}
