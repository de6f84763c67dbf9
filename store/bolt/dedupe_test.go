package bolt

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"
)

func dedupeCount(t *testing.T, d *DB) int {
	t.Helper()
	n := 0
	if err := d.view(func(tx *bbolt.Tx) error {
		n = tx.Bucket(bDedupe).Stats().KeyN
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPruneDedupeForgetsOldMessageIDsOnly(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	ctx := context.Background()
	window := 30 * 24 * time.Hour
	old := turn("old", "m-old", "alt")
	old.Time = t0.Add(-window - time.Hour)
	recent := turn("recent", "m-recent", "neu")
	recent.Time = t0.Add(-window + time.Hour)
	if _, err := d.CommitTurn(ctx, old); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CommitTurn(ctx, recent); err != nil {
		t.Fatal(err)
	}
	// Many more, so that pruning takes several steps: 2,500 old ids of the
	// old conversation and 1,500 recent ones of the recent one.
	const nOld, nRecent = 2500, 1500
	if err := d.w.do(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bDedupe)
		for i := range nOld + nRecent {
			conv, at := "old", old.Time.Add(-time.Duration(i)*time.Minute)
			if i >= nOld {
				conv, at = "recent", recent.Time.Add(time.Duration(i)*time.Second)
			}
			if err := b.Put(d.mac("msg", fmt.Sprint("web\x00bulk-", i)), dedupeValue(conv, at)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n := dedupeCount(t, d); n != nOld+nRecent+2 {
		t.Fatalf("precondition: %d keys", n)
	}

	// Turns go on while pruning runs.
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tr := turn(fmt.Sprint("live-", i), fmt.Sprint("live-", i), "während")
			if _, err := d.CommitTurn(ctx, tr); err != nil {
				errs <- err
			}
		}()
	}
	pruned, err := d.PruneDedupe(ctx, t0.Add(-window))
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("a turn during pruning: %v", err)
	}
	if err != nil || pruned != nOld+1 {
		t.Fatalf("pruned %d keys (%v), want %d", pruned, err, nOld+1)
	}
	if n := dedupeCount(t, d); n != nRecent+1+20 {
		t.Fatalf("%d keys left, want %d", n, nRecent+1+20)
	}
	// A recent message redelivered is still recognised; an old one is not.
	if res, err := d.CommitTurn(ctx, recent); err != nil || !res.Duplicate {
		t.Fatalf("the recent message redelivered: %+v %v", res, err)
	}
	if pruned, err := d.PruneDedupe(ctx, t0.Add(-window)); err != nil || pruned != 0 {
		t.Fatalf("second run pruned %d (%v)", pruned, err)
	}
	if res, err := d.CommitTurn(ctx, old); err != nil || res.Duplicate {
		t.Fatalf("the pruned message redelivered: %+v %v", res, err)
	}
	if _, err := d.Conversation("old"); err != nil {
		t.Fatalf("pruning touched a conversation: %v", err)
	}
	// It is all in the file.
	d.Close()
	d = openTest(t, dir)
	defer d.Close()
	if n := dedupeCount(t, d); n != nRecent+1+20+1 { // + the old message taken again
		t.Fatalf("after reopening %d keys, want %d", n, nRecent+22)
	}
	if res, err := d.CommitTurn(ctx, recent); err != nil || !res.Duplicate {
		t.Fatalf("the recent message redelivered after reopening: %+v %v", res, err)
	}
}

func TestPruneDedupeStopsWithItsContext(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.PruneDedupe(ctx, t0); err == nil {
		t.Fatal("a cancelled prune reported success")
	}
}
