package postgres

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// maxPendingNotes bounds the turn notes waiting for the database; more are
// dropped (the other nodes miss a view update, never a message).
const maxPendingNotes = 10_000

// notifier tells the other nodes of this node's committed turns, the notes
// of all turns that committed meanwhile in one statement, right after
// their COMMITs. A NOTIFY inside the turn's own transaction would take
// PostgreSQL's notification lock at COMMIT and hold it through the WAL
// flush: the turns of all nodes would commit one after the other, never
// sharing a flush. A node that dies between a turn's COMMIT and its note
// leaves the other nodes' views (staff console, ledger) one update behind
// until that conversation's next note; no message depends on a turn note.
type notifier struct {
	pool *pgxpool.Pool
	log  *slog.Logger

	mu      sync.Mutex
	pending []string // TurnNote payloads, in commit order
	dropped int      // notes dropped since the last warning

	wake chan struct{}
	stop chan struct{}
	done chan struct{}
}

// newNotifier starts a notifier; stopNotes ends it.
func newNotifier(pool *pgxpool.Pool, log *slog.Logger) *notifier {
	n := &notifier{pool: pool, log: log, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go n.run()
	return n
}

// add queues a committed turn's note.
func (n *notifier) add(payload string) {
	n.mu.Lock()
	if len(n.pending) < maxPendingNotes {
		n.pending = append(n.pending, payload)
	} else {
		n.dropped++
	}
	n.mu.Unlock()
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

// close sends what waits and stops the notifier.
func (n *notifier) close() {
	close(n.stop)
	<-n.done
}

func (n *notifier) run() {
	defer close(n.done)
	for {
		select {
		case <-n.wake:
			n.send()
		case <-n.stop:
			n.send()
			return
		}
	}
}

// send sends the waiting notes, one statement (and one transaction) for
// all of them, until none wait.
func (n *notifier) send() {
	for {
		n.mu.Lock()
		list, dropped := n.pending, n.dropped
		n.pending, n.dropped = nil, 0
		n.mu.Unlock()
		if dropped > 0 {
			n.log.Warn("too many turn notes waited for the database; some were dropped", "dropped", dropped)
		}
		if len(list) == 0 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := n.pool.Exec(ctx, `SELECT pg_notify($1, p) FROM unnest($2::text[]) AS n(p)`, TurnsChannel, list)
		cancel()
		if err != nil {
			n.log.Warn("telling the other nodes of turns failed", "turns", len(list), "err", err)
		}
	}
}
