package postgres

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"amtsbote/store/seal"
)

// Moving an installation in (package migrate): the Load methods write
// records another store hands out as they are at rest (package
// store/seal), nothing opened, each call in one transaction. A record
// already stored is left as it is and not counted, so that loading the
// same records again changes nothing and an interrupted move completes
// when it is run again. Start no node on the database until the move is
// done.

// ErrOtherInstallation is returned by AdoptIndexKey when the database holds
// the records of an installation with another index key.
var ErrOtherInstallation = errors.New("the database holds another installation")

// dataTables are the tables whose rows belong to an installation; a
// database with none of them filled holds no installation yet.
var dataTables = []string{"conversations", "conv_keys", "endpoints", "dedupe", "outbox", "dead_letters", "cases",
	"bookings", "channel_state", "staff_accounts", "departments", "canned_replies", "staff_conversations", "notes", "audit"}

// AdoptIndexKey makes sealed (another store's index key, sealed to the
// portal key) this database's index key, so that the MACs it holds for
// addresses, message ids, channel-state keys and access codes are found
// here. A database that holds records under another index key is refused
// with ErrOtherInstallation; an empty one takes the key.
func (d *DB) AdoptIndexKey(ctx context.Context, sealed []byte) error {
	raw, err := seal.OpenIndexKey(d.portal, sealed)
	if err != nil {
		return fmt.Errorf("store: %w (the source's index key): %v", ErrWrongKey, err)
	}
	err = d.tx(ctx, func(tx pgx.Tx) error {
		var stored []byte
		if err := tx.QueryRow(ctx, `SELECT value FROM meta WHERE name = 'index-key' FOR UPDATE`).Scan(&stored); err != nil {
			return err
		}
		if have, err := seal.OpenIndexKey(d.portal, stored); err == nil && hmac.Equal(have, raw) {
			return nil
		}
		for _, t := range dataTables {
			var filled bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+pgx.Identifier{t}.Sanitize()+`)`).Scan(&filled); err != nil {
				return err
			}
			if filled {
				return fmt.Errorf("%w (its table %s has rows under another index key)", ErrOtherInstallation, t)
			}
		}
		_, err := tx.Exec(ctx, `UPDATE meta SET value = $1 WHERE name = 'index-key'`, sealed)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: adopt index key: %w", err)
	}
	d.index = seal.NewIndex(raw)
	return nil
}

// ConversationIDs calls fn with the id of every conversation stored.
func (d *DB) ConversationIDs(ctx context.Context, fn func(id string)) error {
	rows, err := d.pool.Query(ctx, `SELECT id FROM conversations ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: conversations: %w", err)
	}
	var id string
	if _, err := pgx.ForEachRow(rows, []any{&id}, func() error { fn(id); return nil }); err != nil {
		return fmt.Errorf("store: conversations: %w", err)
	}
	return nil
}

// loadLock is the transaction advisory lock every Load transaction holds.
var loadLock = lockKey("amtsbote", "load")

// load runs fill in one transaction and returns how many records it
// wrote: what fill's batch counts.
func (d *DB) load(ctx context.Context, what string, fill func(tx pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error) (int, error) {
	n := 0
	count := func(tag pgconn.CommandTag) error { n += int(tag.RowsAffected()); return nil }
	err := d.tx(ctx, func(tx pgx.Tx) error {
		n = 0
		// Two moves into one database at once take turns, so that what
		// one skips as stored is what the other committed.
		if err := lock(ctx, tx, loadLock); err != nil {
			return err
		}
		b := &pgx.Batch{}
		if err := fill(tx, b, count); err != nil {
			return err
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return 0, fmt.Errorf("store: load %s: %w", what, err)
	}
	return n, nil
}

// stored returns which of keys query ($1 an array of them) finds.
func stored(ctx context.Context, tx pgx.Tx, query string, keys []string) (map[string]bool, error) {
	rows, err := tx.Query(ctx, query, keys)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	var k string
	_, err = pgx.ForEachRow(rows, []any{&k}, func() error { have[k] = true; return nil })
	return have, err
}

// LoadConversations writes conversations with their keys and transcripts;
// a conversation stored already is skipped whole.
func (d *DB) LoadConversations(ctx context.Context, cs []seal.Conversation) (int, error) {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return d.load(ctx, "conversations", func(tx pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error {
		have, err := stored(ctx, tx, `SELECT id FROM conversations WHERE id = ANY($1)`, ids)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if have[c.ID] {
				continue
			}
			if c.Key != nil {
				b.Queue(`INSERT INTO conv_keys (conversation, wrapped) VALUES ($1, $2) ON CONFLICT DO NOTHING`, c.ID, c.Key)
			}
			b.Queue(`INSERT INTO conversations (id, channel, language, service, waiting, department, created, updated, last_seq, sealed)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`, c.ID, c.Channel, c.Language, c.Service, c.Waiting,
				c.Department, c.Created, c.Updated, int64(c.LastSeq), c.Sealed).Exec(count)
			for _, e := range c.Entries {
				b.Queue(`INSERT INTO transcript (conversation, seq, at, kind, sealed) VALUES ($1, $2, $3, $4, $5)
					ON CONFLICT DO NOTHING`, c.ID, int64(e.Seq), e.Time, entryKind(e.Kind), e.Sealed)
			}
		}
		return nil
	})
}

// LoadEndpoints writes channel addresses bound to conversations.
func (d *DB) LoadEndpoints(ctx context.Context, refs []seal.Ref) (int, error) {
	return d.load(ctx, "endpoints", func(_ pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error {
		for _, r := range refs {
			b.Queue(`INSERT INTO endpoints (mac, conversation) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
				r.MAC, r.Conversation).Exec(count)
		}
		return nil
	})
}

// LoadDedupe writes the message ids seen.
func (d *DB) LoadDedupe(ctx context.Context, refs []seal.Ref) (int, error) {
	return d.load(ctx, "dedupe keys", func(_ pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error {
		for _, r := range refs {
			b.Queue(`INSERT INTO dedupe (mac, conversation, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
				r.MAC, r.Conversation, r.Time).Exec(count)
		}
		return nil
	})
}

// LoadOutbox writes items waiting for delivery under their own numbers;
// any node may send them.
func (d *DB) LoadOutbox(ctx context.Context, items []seal.OutboxItem) (int, error) {
	return d.load(ctx, "outbox", func(_ pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error {
		for _, o := range items {
			b.Queue(`INSERT INTO outbox (id, channel, conversation, attempts, created, next_at, scheduled, sealed)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`, int64(o.ID), o.Channel, o.Conversation,
				o.Attempts, o.Created, o.NextAt, o.Scheduled, o.Sealed).Exec(count)
		}
		return nil
	})
}

// LoadDeadLetters writes items given up on.
func (d *DB) LoadDeadLetters(ctx context.Context, items []seal.DeadLetter) (int, error) {
	return d.load(ctx, "dead letters", func(_ pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error {
		for _, o := range items {
			b.Queue(`INSERT INTO dead_letters (id, channel, conversation, attempts, created, failed, sealed, reason)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`, int64(o.ID), o.Channel, o.Conversation,
				o.Attempts, o.Created, o.Failed, o.Sealed, o.Reason).Exec(count)
		}
		return nil
	})
}
