package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"amtsbote/store"
)

// staffConvContracts: the queue, claims, notes and the audit log.
var staffConvContracts = []contract{
	{"Waiting", testWaiting},
	{"ClaimAndRelease", testClaim},
	{"ClaimRace", testClaimRace},
	{"UpdateStaffConversation", testUpdateStaffConversation},
	{"Notes", testNotes},
	{"AuditPaging", testAuditPaging},
}

func testWaiting(t *testing.T, e *env) {
	for i, w := range []bool{true, false, true} {
		tr := citizenTurn(fmt.Sprintf("c%d", i), "m", t0)
		tr.Meta.WaitingForStaff, tr.Meta.Department = w, "buergeramt"
		e.commit(t, tr)
	}
	ws, err := e.s.WaitingConversations()
	var got []string
	for _, w := range ws {
		got = append(got, w.ID)
		if w.Channel != web || w.Meta.Department != "buergeramt" || !w.Created.Equal(t0) {
			t.Errorf("waiting %+v", w)
		}
	}
	if err != nil || !sameStrings(got, []string{"c0", "c2"}) {
		t.Fatalf("waiting conversations %v %v", got, err)
	}
	if n, _ := e.s.Waiting(); n != 2 {
		t.Errorf("waiting count %d", n)
	}
	wantNotFound(t, "info of an unknown conversation", func() error { _, err := e.s.ConversationInfo("nope"); return err }())
}

// release drops agent's claim as the console does.
func (e *env) release(t *testing.T, id, agent string) {
	t.Helper()
	_, err := e.s.UpdateStaffConversation(context.Background(), id, func(sc *store.StaffConversation, exists bool) (bool, error) {
		if sc.Agent == agent {
			sc.Agent, sc.Claimed = "", time.Time{}
		}
		return exists, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testClaim(t *testing.T, e *env) {
	ctx := context.Background()
	e.commit(t, citizenTurn("c1", "m", t0))
	sc, err := e.s.ClaimConversation(ctx, "c1", "anna", "buergeramt", t0)
	if err != nil || sc.Agent != "anna" || sc.Department != "buergeramt" || !sc.Claimed.Equal(t0) || !sc.Since.Equal(t0) || sc.ID != "c1" {
		t.Fatalf("claim %+v %v", sc, err)
	}
	sc, err = e.s.ClaimConversation(ctx, "c1", "bert", "ordnungsamt", t0.Add(time.Minute))
	if !errors.Is(err, store.ErrClaimed) || sc.Agent != "anna" {
		t.Fatalf("second agent's claim: %+v %v, want ErrClaimed naming anna", sc, err)
	}
	// Claiming again is no change.
	if sc, err := e.s.ClaimConversation(ctx, "c1", "anna", "x", t0.Add(time.Hour)); err != nil || !sc.Claimed.Equal(t0) || sc.Department != "buergeramt" {
		t.Fatalf("claim again %+v %v", sc, err)
	}
	e.release(t, "c1", "bert") // not bert's: nothing changes
	if sc, _ := e.s.StaffConversation("c1"); sc.Agent != "anna" {
		t.Fatalf("another agent's release dropped the claim: %+v", sc)
	}
	e.release(t, "c1", "anna")
	sc, err = e.s.ClaimConversation(ctx, "c1", "bert", "ordnungsamt", t0.Add(2*time.Minute))
	if err != nil || sc.Agent != "bert" || sc.Department != "buergeramt" {
		t.Fatalf("claim after release %+v %v", sc, err)
	}
}

func testClaimRace(t *testing.T, e *env) {
	e.commit(t, citizenTurn("c1", "m", t0))
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = e.s.ClaimConversation(context.Background(), "c1", fmt.Sprintf("agent%d", i), "", t0)
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won >= 0:
			t.Fatalf("agents %d and %d both claimed c1", won, i)
		case err == nil:
			won = i
		case !errors.Is(err, store.ErrClaimed):
			t.Fatalf("claim %d: %v", i, err)
		}
	}
	if sc, _ := e.s.StaffConversation("c1"); won < 0 || sc.Agent != fmt.Sprintf("agent%d", won) {
		t.Fatalf("winner %d, stored %+v", won, sc)
	}
}

func testUpdateStaffConversation(t *testing.T, e *env) {
	ctx := context.Background()
	wantNotFound(t, "no staff record", func() error { _, err := e.s.StaffConversation("c1"); return err }())
	sc, err := e.s.UpdateStaffConversation(ctx, "c1", func(sc *store.StaffConversation, exists bool) (bool, error) {
		if exists || sc.ID != "c1" {
			t.Errorf("fn got %+v exists %v", sc, exists)
		}
		sc.Department, sc.Since, sc.Reason = "buergeramt", t0, "asked"
		return true, nil
	})
	if err != nil || sc.Reason != "asked" {
		t.Fatalf("create %+v %v", sc, err)
	}
	boom := errors.New("boom")
	if _, err := e.s.UpdateStaffConversation(ctx, "c1", func(sc *store.StaffConversation, _ bool) (bool, error) {
		sc.Reason = "transfer"
		return true, boom
	}); !errors.Is(err, boom) {
		t.Fatalf("failing fn: %v", err)
	}
	if sc, _ := e.s.StaffConversation("c1"); sc.Reason != "asked" || !sc.Since.Equal(t0) {
		t.Errorf("a failing fn changed the record: %+v", sc)
	}
	if _, err := e.s.UpdateStaffConversation(ctx, "c2", func(sc *store.StaffConversation, _ bool) (bool, error) {
		sc.Reason = "needs-info"
		return true, nil
	}); err != nil {
		t.Fatal(err)
	}
	if all, err := e.s.StaffConversations(); err != nil || len(all) != 2 {
		t.Fatalf("staff conversations %+v %v", all, err)
	}
	if _, err := e.s.UpdateStaffConversation(ctx, "c1", func(*store.StaffConversation, bool) (bool, error) { return false, nil }); err != nil {
		t.Fatal(err)
	}
	wantNotFound(t, "record kept false", func() error { _, err := e.s.StaffConversation("c1"); return err }())
}

func testNotes(t *testing.T, e *env) {
	ctx := context.Background()
	e.commit(t, citizenTurn("c1", "m", t0))
	e.commit(t, citizenTurn("c2", "m", t0))
	var seqs []uint64
	for i := range 3 {
		n, err := e.s.AddNote(ctx, "c1", store.Note{Time: t0.Add(time.Duration(i) * time.Minute), Author: "anna", Text: fmt.Sprintf("Notiz-%d-Q7Zr4Wm2", i)})
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, n.Seq)
	}
	if _, err := e.s.AddNote(ctx, "c2", store.Note{Time: t0, Author: "bert", Text: "Notiz-c2-Q7Zr4Wm2"}); err != nil {
		t.Fatal(err)
	}
	if !(seqs[0] < seqs[1] && seqs[1] < seqs[2]) {
		t.Errorf("note seqs %v", seqs)
	}
	ns, err := e.s.Notes("c1")
	if err != nil || len(ns) != 3 {
		t.Fatalf("notes %+v %v", ns, err)
	}
	for i, n := range ns {
		if n.Seq != seqs[i] || n.Text != fmt.Sprintf("Notiz-%d-Q7Zr4Wm2", i) || n.Author != "anna" || !n.Time.Equal(t0.Add(time.Duration(i)*time.Minute)) {
			t.Errorf("note %d: %+v", i, n)
		}
	}
	if ns, err := e.s.Notes("c3"); err != nil || len(ns) != 0 {
		t.Errorf("notes of a conversation without: %+v %v", ns, err)
	}
}

func testAuditPaging(t *testing.T, e *env) {
	ctx := context.Background()
	if l, err := e.s.AuditLog(0, 10); err != nil || len(l) != 0 {
		t.Fatalf("empty audit log %+v %v", l, err)
	}
	for i := range 25 {
		if err := e.s.Audit(ctx, store.AuditEntry{Time: t0.Add(time.Duration(i) * time.Second), Actor: "anna",
			Action: "case.status", Object: fmt.Sprintf("obj%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	var objs []string
	before := uint64(0)
	for page := 0; ; page++ {
		l, err := e.s.AuditLog(before, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(l) == 0 {
			break
		}
		if page > 3 || len(l) > 10 {
			t.Fatalf("page %d has %d entries", page, len(l))
		}
		for _, x := range l {
			if before != 0 && x.Seq >= before {
				t.Fatalf("entry %d on the page before %d", x.Seq, before)
			}
			objs = append(objs, x.Object)
		}
		before = l[len(l)-1].Seq
	}
	if len(objs) != 25 || objs[0] != "obj24" || objs[24] != "obj00" {
		t.Fatalf("audit log newest first: %v", objs)
	}
	for i := 1; i < len(objs); i++ {
		if objs[i] >= objs[i-1] {
			t.Fatalf("audit log out of order: %v", objs)
		}
	}
}
