package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/gateway"
	"amtsbote/store"
)

// Case references handed out on two nodes at once are unique and count on
// from the highest stored, in the AB-YYYY-NNNNNN form.
func TestCaseRefsAcrossNodes(t *testing.T) {
	u := testDatabase(t)
	p := portalKey(t)
	a, b := node(t, u, p, "a", time.Minute), node(t, u, p, "b", time.Minute)
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	tr := store.Turn{Conversation: "c0", Channel: "web", Address: "x", Time: now,
		Cases: []cases.Case{{Ref: "AB-2026-000041", Service: "s", Status: cases.Submitted, Created: now, Answers: map[string]string{}}}}
	if _, err := a.CommitTurn(context.Background(), tr); err != nil {
		t.Fatal(err)
	}
	refs := []*gateway.CaseRefs{gateway.NewCaseRefs("AB", a, time.UTC, nil), gateway.NewCaseRefs("AB", b, time.UTC, nil)}
	var mu sync.Mutex
	got := map[string]bool{}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			r := refs[i%2].NextCaseRef(now)
			mu.Lock()
			defer mu.Unlock()
			if got[r] {
				t.Errorf("%s handed out twice", r)
			}
			got[r] = true
		})
	}
	wg.Wait()
	if len(got) != 40 || !got["AB-2026-000042"] || !got["AB-2026-000081"] {
		t.Fatalf("references: %v", got)
	}
	if r := refs[0].NextCaseRef(now.AddDate(1, 0, 0)); r != "AB-2027-000001" {
		t.Fatalf("a new year: %s", r)
	}
}
