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

// runRetention deletes expired data once a day until ctx ends.
func runRetention(ctx context.Context, db *bolt.DB, r config.Retention, log *slog.Logger) {
	t := time.NewTimer(retentionFirst)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := retentionOnce(ctx, db, r, time.Now())
		if err != nil {
			log.Error("retention run failed", "component", "retention", "err", err)
		} else {
			log.Info("retention run done", "component", "retention", "deleted_conversations", n)
		}
		t.Reset(retentionEvery)
	}
}

// retentionOnce deletes what has expired at now and compacts the store.
func retentionOnce(ctx context.Context, db *bolt.DB, r config.Retention, now time.Time) (int, error) {
	ids, err := db.Expired(retentionPolicy(r), now)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	if err := db.Delete(ctx, ids); err != nil {
		return 0, err
	}
	return len(ids), db.Compact(ctx)
}
