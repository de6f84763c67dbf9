package bolt

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/store"
)

func TestAmendmentReplacesAnswersAndReturnsCase(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	ctx := context.Background()
	tr := turn("c1", "m1", "hallo")
	tr.Cases = []cases.Case{
		{Ref: "AB-2026-000001", Service: "meter-reading", Status: "submitted", Created: t0, Answers: map[string]string{"reading": "123"}},
		{Ref: "AB-2026-000002", Service: "meter-reading", Status: "submitted", Created: t0, Answers: map[string]string{"reading": "7"}},
	}
	if _, err := d.CommitTurn(ctx, tr); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CommitTurn(ctx, turn("c2", "m2", "hallo")); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"in-review", "needs-info"} {
		if _, err := d.SetCaseStatus(ctx, "AB-2026-000001", cases.Change{Time: t0, Actor: "anna", Status: s, Field: "reading"}, lifecycle); err != nil {
			t.Fatal(err)
		}
	}
	amend := func(conv, msg, ref, reading string) (store.TurnResult, error) {
		a := turn(conv, msg, "456")
		a.Amendments = []store.Amendment{{Ref: ref, Answers: map[string]string{"reading": reading}, Waiting: "needs-info",
			Change: cases.Change{Time: t0.Add(time.Hour), Status: "in-review", Field: "reading", Amended: []string{"reading"}}}}
		return d.CommitTurn(ctx, a)
	}
	// Another conversation cannot amend the case; the whole turn fails.
	if _, err := amend("c2", "m3", "AB-2026-000001", "999"); err == nil {
		t.Fatal("a case of another conversation was amended")
	}
	if _, err := d.Conversation("c2"); err != nil {
		t.Fatal(err)
	}
	res, err := amend("c1", "m4", "AB-2026-000001", "Zaehlerstand-Geheimnis")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Amended) != 1 || res.Amended[0].From != "needs-info" || res.Amended[0].Status != "in-review" {
		t.Fatalf("amended: %+v", res.Amended)
	}
	c, err := d.Case("AB-2026-000001")
	if err != nil || c.Status != "in-review" || c.Answers["reading"] != "Zaehlerstand-Geheimnis" {
		t.Fatalf("case after amendment: %+v %v %v", c, c.Answers, err)
	}
	hist, err := d.CaseHistory("AB-2026-000001")
	if err != nil || len(hist) != 3 || hist[2].Actor != "" || hist[2].From != "needs-info" ||
		len(hist[2].Amended) != 1 || hist[2].Amended[0] != "reading" {
		t.Fatalf("history: %+v %v", hist, err)
	}
	// A case not waiting for an answer keeps its status; the answers change.
	res, err = amend("c1", "m5", "AB-2026-000002", "8")
	if err != nil || len(res.Amended) != 1 || res.Amended[0].Status != "submitted" {
		t.Fatalf("amending a submitted case: %+v %v", res.Amended, err)
	}
	if c, _ := d.Case("AB-2026-000002"); c.Status != "submitted" || c.Answers["reading"] != "8" {
		t.Fatalf("case 2: %+v", c)
	}
	if res, err := amend("c1", "m6", "AB-2026-999999", "1"); err != nil || len(res.Amended) != 1 || res.Amended[0].Status != "" {
		t.Fatalf("a deleted case must be skipped without failing the turn: %+v %v", res.Amended, err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("Zaehlerstand-Geheimnis")) {
		t.Error("an amended answer is stored in plaintext")
	}
}
