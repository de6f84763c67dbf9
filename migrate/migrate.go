// Package migrate moves a single-node installation from its bbolt file
// into PostgreSQL (`amtsbote migrate`), so that it can run as several
// nodes. It copies the records as they are at rest (package store/seal):
// both stores seal with the conversation's OpenPGP key and key their
// look-ups with MACs under the installation's index key, which the
// database adopts, so nothing is opened on the way and a citizen's
// address, a case's access code and a link code still match afterwards.
//
// A move is idempotent and resumable: each batch of records is one
// PostgreSQL transaction, and a record the database holds already is left
// alone, so a second run copies nothing twice and a run cut short (its
// context cancelled, the process killed) is completed by the next.
package migrate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"amtsbote/pgp"
	"amtsbote/store/bolt"
	"amtsbote/store/postgres"
	"amtsbote/text"
)

// Errors of Run besides the stores' own.
var (
	// ErrInUse: a server holds the bbolt store open.
	ErrInUse = errors.New("the bbolt store is in use by a running node: stop the node first")
	// ErrForeign: the database holds conversations the bbolt store has
	// not: it is in use already, or another installation was moved in.
	ErrForeign = errors.New("the database holds conversations that are not in the bbolt store")
)

// Options tune a move; the zero value is fine.
type Options struct {
	Log *slog.Logger
	// Batch is how many records one transaction writes; 0 means 200.
	Batch int
	// Progress, when set, is called after each transaction with the kind
	// of record and how many of it are done.
	Progress func(kind string, done int)
}

// Count is what one kind of record came to: how many the bbolt store
// holds and how many of them this run wrote (the others were there).
type Count struct {
	Kind   string
	Read   int
	Copied int
}

// Report is a move's counts, kind by kind in the order copied.
type Report struct {
	Counts []Count
}

// Copied is how many records the run wrote in all.
func (r Report) Copied() int {
	n := 0
	for _, c := range r.Counts {
		n += c.Copied
	}
	return n
}

// String is the report in English (Say).
func (r Report) String() string { return r.Say(text.MustBuiltin(), text.En) }

// Run copies the bbolt store in dir (the data directory of a stopped
// node) into the PostgreSQL database at url, sealing with portal (the
// node's portal key, which the nodes on PostgreSQL keep using). The
// database may be new or hold an earlier, possibly interrupted, run of
// the same move; one holding another installation is refused
// (postgres.ErrOtherInstallation, ErrForeign). The report counts what it
// found and wrote, also when it fails.
func Run(ctx context.Context, dir, url string, portal *pgp.Portal, opts Options) (Report, error) {
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	log = log.With("component", "migrate")
	src, err := bolt.OpenExport(dir)
	if errors.Is(err, bolt.ErrInUse) {
		return Report{}, refusal("migrate: ", ErrInUse, "migrate.in_use", "dir", dir)
	}
	if err != nil {
		return Report{}, fmt.Errorf("migrate: source: %w", err)
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, url, portal, postgres.Options{Log: log, MaxConns: 2})
	if err != nil {
		return Report{}, fmt.Errorf("migrate: target: %w", err)
	}
	defer dst.Close()
	if err := dst.AdoptIndexKey(ctx, src.IndexKey()); err != nil {
		return Report{}, fmt.Errorf("migrate: target: %w", err)
	}
	if err := checkForeign(ctx, src, dst); err != nil {
		return Report{}, err
	}
	m := &mover{src: src, dst: dst, batch: opts.Batch, progress: opts.Progress}
	if m.batch <= 0 {
		m.batch = 200
	}
	start := time.Now()
	if err := m.all(ctx); err != nil {
		return m.report, refusal("migrate: ", err, "migrate.incomplete", "err", err)
	}
	log.Info("moved to PostgreSQL", "records", m.report.Copied(), "took", time.Since(start).Round(time.Millisecond))
	return m.report, nil
}

// checkForeign refuses a database with conversations the source lacks.
func checkForeign(ctx context.Context, src *bolt.Export, dst *postgres.DB) error {
	n, example := 0, ""
	err := dst.ConversationIDs(ctx, func(id string) {
		if !src.HasConversation(id) {
			if n == 0 {
				example = id
			}
			n++
		}
	})
	if err != nil {
		return fmt.Errorf("migrate: target: %w", err)
	}
	if n > 0 {
		return refusal("migrate: ", ErrForeign, "migrate.foreign", "n", n, "example", example)
	}
	return nil
}
