package main

import (
	"context"
	"log/slog"
	"time"

	"amtsbote/config"
	"amtsbote/store/bolt"
)

// retentionEvery is how often the retention job runs; the first run is
// retentionFirst after start.
const (
	retentionEvery = 24 * time.Hour
	retentionFirst = time.Minute
)

func retentionPolicy(r config.Retention) bolt.Retention {
	p := bolt.Retention{ConversationIdle: time.Duration(r.ConversationDays) * 24 * time.Hour, Cases: map[string]time.Duration{}}
	for status, days := range r.CaseDays {
		p.Cases[status] = time.Duration(days) * 24 * time.Hour
	}
	return p
}

// runRetention deletes expired data once a day until ctx ends; forget
// tells the in-memory views what went.
func runRetention(ctx context.Context, db *bolt.DB, r config.Retention, forget func(bolt.Deleted), log *slog.Logger) {
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
		n, err := retentionOnce(ctx, db, r, now, forget)
		if err != nil {
			log.Error("retention run failed", "component", "retention", "err", err)
		} else {
			log.Info("retention run done", "component", "retention", "deleted_conversations", n,
				"pruned_message_ids", pruned)
		}
		t.Reset(retentionEvery)
	}
}

// retentionOnce deletes what has expired at now, tells forget (if not nil)
// what went as soon as the deletion is committed, and compacts the store.
func retentionOnce(ctx context.Context, db *bolt.DB, r config.Retention, now time.Time, forget func(bolt.Deleted)) (int, error) {
	ids, err := db.Expired(retentionPolicy(r), now)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	gone, err := db.Delete(ctx, ids)
	if err != nil {
		return 0, err
	}
	if forget != nil {
		forget(gone)
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

// forgetDeleted drops what the store deleted from the views that answer
// from memory, so that nothing deleted is answered before the next start
// (which seeds them from the store): case statuses, parking permits and
// the gateway's cached dialog states. The staff console keeps no such view:
// it reads the store on every request. Bookings are not deleted with their
// conversation, so the appointment ledger keeps them too.
func (a *app) forgetDeleted(d bolt.Deleted) {
	for _, ref := range d.Cases {
		a.cases.Forget(ref)
		a.permits.Forget(ref)
	}
	a.gw.ForgetConversations(d.Conversations...)
	a.log.Info("in-memory views forgot deleted data", "component", "retention",
		"conversations", len(d.Conversations), "cases", len(d.Cases))
}
