package main

import (
	"context"
	"log/slog"
	"time"

	"amtsbote/config"
	"amtsbote/store"
	"amtsbote/store/bolt"
)

// retentionEvery is how often the retention job runs; the first run is
// retentionFirst after start.
const (
	retentionEvery = 24 * time.Hour
	retentionFirst = time.Minute
)

func retentionPolicy(r config.Retention) store.Retention {
	p := store.Retention{ConversationIdle: time.Duration(r.ConversationDays) * 24 * time.Hour, Cases: map[string]time.Duration{}}
	for status, days := range r.CaseDays {
		p.Cases[status] = time.Duration(days) * 24 * time.Hour
	}
	return p
}

// runRetention deletes expired data once a day until ctx ends, with erase
// (the running server's, which holds the conversations' turns meanwhile
// and forgets them in memory too).
func runRetention(ctx context.Context, db *bolt.DB, r config.Retention, erase eraser, log *slog.Logger) {
	t := time.NewTimer(retentionFirst)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := time.Now()
		pruned, err := dedupeOnce(ctx, db, r, now)
		if err != nil {
			log.Error("pruning message ids failed", "component", "retention", "err", err)
		}
		n, err := retentionOnce(ctx, db, r, now, erase)
		if err != nil {
			log.Error("retention run failed", "component", "retention", "err", err)
		} else {
			log.Info("retention run done", "component", "retention", "deleted_conversations", n,
				"pruned_message_ids", pruned)
		}
		t.Reset(retentionEvery)
	}
}

// eraser deletes conversations for good: from the store, and in a running
// server also from its memory (see (*app).erase).
type eraser func(ctx context.Context, ids []string) (store.Deleted, error)

// eraserOf is erase, or the store's own Delete when there is no server.
func eraserOf(db *bolt.DB, erase eraser) eraser {
	if erase != nil {
		return erase
	}
	return db.Delete
}

// retentionOnce deletes what has expired at now with erase (nil: the
// store alone) and compacts the store.
func retentionOnce(ctx context.Context, db *bolt.DB, r config.Retention, now time.Time, erase eraser) (int, error) {
	ids, err := db.Expired(retentionPolicy(r), now)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	if _, err := eraserOf(db, erase)(ctx, ids); err != nil {
		return 0, err
	}
	return len(ids), db.Compact(ctx)
}

// dedupeOnce forgets the message ids of turns older than the
// de-duplication window at now (config retention.dedupe_days; 0 keeps
// them). It runs in short steps beside the turns and needs no compaction:
// the ids are HMACs, and bbolt reuses the freed pages.
func dedupeOnce(ctx context.Context, db *bolt.DB, r config.Retention, now time.Time) (int, error) {
	if r.DedupeDays <= 0 {
		return 0, nil
	}
	return db.PruneDedupe(ctx, now.Add(-time.Duration(r.DedupeDays)*24*time.Hour))
}

// erase deletes conversations in the running server: the gateway holds
// their turns while the store deletes them (a turn in progress cannot write
// back what was deleted) and drops their cached states; then the views that
// answer from memory forget them, so that nothing deleted is answered
// before the next start (which seeds them from the store): case statuses
// and parking permits. The staff console keeps no such view: it reads the
// store on every request. Bookings are not deleted with their conversation,
// so the appointment ledger keeps them too.
func (a *app) erase(ctx context.Context, ids []string) (store.Deleted, error) {
	var gone store.Deleted
	err := a.gw.Erase(ctx, ids, func(ctx context.Context) error {
		var err error
		gone, err = a.db.Delete(ctx, ids)
		return err
	})
	if err != nil {
		return store.Deleted{}, err
	}
	for _, ref := range gone.Cases {
		a.cases.Forget(ref)
		a.permits.Forget(ref)
	}
	a.log.Info("deleted conversations forgotten in memory too", "component", "retention",
		"conversations", len(gone.Conversations), "cases", len(gone.Cases))
	return gone, nil
}
