package privacy

import (
	"context"
	"log/slog"
	"time"

	"amtsbote/config"
	"amtsbote/store"
)

// retentionEvery is how often the retention job runs; the first run is
// retentionFirst after start.
const (
	retentionEvery = 24 * time.Hour
	retentionFirst = time.Minute
)

// RetentionStore is what the retention job reads and deletes.
type RetentionStore interface {
	Expired(r store.Retention, now time.Time) ([]string, error)
	Delete(ctx context.Context, ids []string) (store.Deleted, error)
	Compact(ctx context.Context) error
	PruneDedupe(ctx context.Context, before time.Time) (int, error)
}

// Eraser deletes conversations for good: from the store, and in a running
// server also from its memory.
type Eraser func(ctx context.Context, ids []string) (store.Deleted, error)

// deleter is a store's own deletion.
type deleter interface {
	Delete(ctx context.Context, ids []string) (store.Deleted, error)
}

// eraserOf is erase, or the store's own Delete when there is no server.
func eraserOf(db deleter, erase Eraser) Eraser {
	if erase != nil {
		return erase
	}
	return db.Delete
}

// Policy is the store's retention policy of the configured days.
func Policy(r config.Retention) store.Retention {
	p := store.Retention{ConversationIdle: time.Duration(r.ConversationDays) * 24 * time.Hour, Cases: map[string]time.Duration{}}
	for status, days := range r.CaseDays {
		p.Cases[status] = time.Duration(days) * 24 * time.Hour
	}
	return p
}

// RunRetention deletes expired data once a day until ctx ends, with erase
// (the running server's, which holds the conversations' turns meanwhile
// and forgets them in memory too).
func RunRetention(ctx context.Context, db RetentionStore, r config.Retention, erase Eraser, log *slog.Logger) {
	t := time.NewTimer(retentionFirst)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := time.Now()
		pruned, err := DedupeOnce(ctx, db, r, now)
		if err != nil {
			log.Error("pruning message ids failed", "component", "retention", "err", err)
		}
		n, err := RetentionOnce(ctx, db, r, now, erase)
		if err != nil {
			log.Error("retention run failed", "component", "retention", "err", err)
		} else {
			log.Info("retention run done", "component", "retention", "deleted_conversations", n,
				"pruned_message_ids", pruned)
		}
		t.Reset(retentionEvery)
	}
}

// RetentionOnce deletes what has expired at now with erase (nil: the
// store alone) and compacts the store; it returns how many conversations
// went.
func RetentionOnce(ctx context.Context, db RetentionStore, r config.Retention, now time.Time, erase Eraser) (int, error) {
	ids, err := db.Expired(Policy(r), now)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	if _, err := eraserOf(db, erase)(ctx, ids); err != nil {
		return 0, err
	}
	return len(ids), db.Compact(ctx)
}

// DedupeOnce forgets the message ids of turns older than the
// de-duplication window at now (config retention.dedupe_days; 0 keeps
// them). It runs in short steps beside the turns and needs no compaction:
// the ids are HMACs, and bbolt reuses the freed pages.
func DedupeOnce(ctx context.Context, db RetentionStore, r config.Retention, now time.Time) (int, error) {
	if r.DedupeDays <= 0 {
		return 0, nil
	}
	return db.PruneDedupe(ctx, now.Add(-time.Duration(r.DedupeDays)*24*time.Hour))
}
