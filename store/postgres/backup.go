package postgres

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"amtsbote/pgp"
)

// backupTables are every table of the schema, in the order Backup writes them.
var backupTables = []string{"schema_migrations", "meta", "conv_keys", "conversations", "endpoints", "transcript",
	"dedupe", "outbox", "dead_letters", "cases", "case_history", "bookings", "booking_slots", "channel_state",
	"staff_accounts", "staff_sessions", "staff_logins", "departments", "canned_replies", "staff_conversations",
	"notes", "audit"}

// backupSequences are the sequences whose positions a restore needs.
var backupSequences = []string{"outbox_seq", "canned_seq"}

// Backup writes a consistent copy of every table to w while the store
// keeps serving: one REPEATABLE READ transaction, each table as the text of
// COPY … TO STDOUT after a "-- table NAME" line, then the sequences'
// positions. Sealed columns stay sealed (hex bytea), so the copy holds what
// the database holds and no plaintext more. pg_dump of the database is the
// operator's alternative; this one needs no client tools on the node.
func (d *DB) Backup(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	ctx := bg()
	err := pgx.BeginTxFunc(ctx, d.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := fmt.Fprintf(cw, "-- amtsbote postgres backup, schema %d\n", SchemaVersion()); err != nil {
			return err
		}
		for _, t := range backupTables {
			if _, err := fmt.Fprintf(cw, "-- table %s\n", t); err != nil {
				return err
			}
			if _, err := tx.Conn().PgConn().CopyTo(ctx, cw, `COPY `+pgx.Identifier{t}.Sanitize()+` TO STDOUT`); err != nil {
				return fmt.Errorf("table %s: %w", t, err)
			}
			if _, err := io.WriteString(cw, "\\.\n"); err != nil {
				return err
			}
		}
		for _, s := range backupSequences {
			var last int64
			var called bool
			if err := tx.QueryRow(ctx, `SELECT last_value, is_called FROM `+pgx.Identifier{s}.Sanitize()).Scan(&last, &called); err != nil {
				return fmt.Errorf("sequence %s: %w", s, err)
			}
			if _, err := fmt.Fprintf(cw, "-- sequence %s %d %t\n", s, last, called); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return cw.n, fmt.Errorf("store: backup: %w", err)
	}
	return cw.n, nil
}

// countWriter counts what passes to w.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Rewrap re-wraps every conversation key, the index key and the channel
// state from the old portal key to the new one, in one transaction,
// without decrypting any message. Stop every node first: a running node
// keeps the old key in memory and fails to open what it wraps next.
func Rewrap(ctx context.Context, url string, old, next *pgp.Portal) (int, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return 0, fmt.Errorf("store: rewrap: %w: %w", ErrUnreachable, err)
	}
	defer conn.Close(context.Background())
	n := 0
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		n = 0
		rows, err := tx.Query(ctx, `SELECT conversation, wrapped FROM conv_keys ORDER BY conversation FOR UPDATE`)
		if err != nil {
			return err
		}
		type kv struct {
			K string
			V []byte
		}
		keys, err := pgx.CollectRows(rows, pgx.RowToStructByPos[kv])
		if err != nil {
			return err
		}
		b := &pgx.Batch{}
		for _, x := range keys {
			sk, err := old.Unwrap(x.V)
			if err != nil {
				return fmt.Errorf("conversation key %s: %w", x.K, err)
			}
			w, err := next.Wrap(sk)
			if err != nil {
				return err
			}
			b.Queue(`UPDATE conv_keys SET wrapped = $2 WHERE conversation = $1`, x.K, w)
		}
		if err := reencrypt[string](ctx, tx, b, old, next, `SELECT name, value FROM meta WHERE name = 'index-key' FOR UPDATE`,
			`UPDATE meta SET value = $2 WHERE name = $1`); err != nil {
			return fmt.Errorf("index key: %w", err)
		}
		if err := reencrypt[[]byte](ctx, tx, b, old, next, `SELECT mac, sealed FROM channel_state FOR UPDATE`,
			`UPDATE channel_state SET sealed = $2 WHERE mac = $1`); err != nil {
			return fmt.Errorf("channel state: %w", err)
		}
		n = len(keys)
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return 0, fmt.Errorf("store: rewrap: %w", err)
	}
	return n, nil
}

// reencrypt queues, for each (key, value) row sel reads, upd with the value
// decrypted with old and encrypted to next.
func reencrypt[K any](ctx context.Context, tx pgx.Tx, b *pgx.Batch, old, next *pgp.Portal, sel, upd string) error {
	rows, err := tx.Query(ctx, sel)
	if err != nil {
		return err
	}
	type pair struct {
		K K
		V []byte
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[pair])
	if err != nil {
		return err
	}
	for _, p := range list {
		plain, err := old.DecryptMessage(p.V)
		if err != nil {
			return err
		}
		sealed, err := next.EncryptMessage(plain)
		if err != nil {
			return err
		}
		b.Queue(upd, p.K, sealed)
	}
	return nil
}
