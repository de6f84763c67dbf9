package postgres

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"amtsbote/store"
	"amtsbote/store/seal"
)

// Lookup returns the conversation bound to (channel, address).
func (d *DB) Lookup(channel, address string) (string, error) {
	var id string
	err := d.pool.QueryRow(bg(), `SELECT conversation FROM endpoints WHERE mac = $1`, d.index.MAC("ep", channel, address)).Scan(&id)
	if err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return "", store.ErrNotFound
		}
		return "", fmt.Errorf("store: lookup: %w", err)
	}
	return id, nil
}

// Seen reports whether a turn with this dedupe key was committed.
func (d *DB) Seen(dedupeKey string) (bool, error) {
	var seen bool
	err := d.pool.QueryRow(bg(), `SELECT EXISTS (SELECT 1 FROM dedupe WHERE mac = $1)`, d.index.MAC("msg", dedupeKey)).Scan(&seen)
	if err != nil {
		return false, fmt.Errorf("store: seen: %w", err)
	}
	return seen, nil
}

// infoCols are the columns scanInfo reads.
const infoCols = `id, channel, language, service, waiting, department, created, updated`

func scanInfo(row pgx.Row, extra ...any) (store.ConversationInfo, error) {
	var c store.ConversationInfo
	m := &c.Meta
	err := row.Scan(append([]any{&c.ID, &c.Channel, &m.Language, &m.Service, &m.WaitingForStaff, &m.Department,
		&c.Created, &c.Updated}, extra...)...)
	return c, err
}

// Conversation reads and opens a conversation's record.
func (d *DB) Conversation(id string) (store.Conversation, error) {
	var sealed, wrapped []byte
	info, err := scanInfo(d.pool.QueryRow(bg(), `SELECT `+infoCols+`, sealed, k.wrapped
		FROM conversations c JOIN conv_keys k ON k.conversation = c.id WHERE c.id = $1`, id), &sealed, &wrapped)
	if err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return store.Conversation{}, store.ErrNotFound
		}
		return store.Conversation{}, fmt.Errorf("store: read conversation: %w", err)
	}
	sk, err := d.unwrap(id, wrapped)
	if err != nil {
		return store.Conversation{}, err
	}
	raw, err := sk.Open(sealed)
	if err != nil {
		return store.Conversation{}, fmt.Errorf("store: conversation %s: %w", id, err)
	}
	var sec seal.ConvSecret
	if err := json.Unmarshal(raw, &sec); err != nil {
		return store.Conversation{}, fmt.Errorf("store: conversation %s: %w", id, err)
	}
	return store.Conversation{ID: id, Channel: info.Channel, Address: sec.Address, State: sec.State,
		Meta: info.Meta, Created: info.Created, Updated: info.Updated}, nil
}

// Transcript returns a conversation's entries after seq `after`, in order.
func (d *DB) Transcript(id string, after uint64) ([]store.Entry, error) {
	rows, err := d.pool.Query(bg(), `SELECT seq, at, kind, sealed FROM transcript
		WHERE conversation = $1 AND seq > $2 ORDER BY seq`, id, int64(min(after, 1<<62)))
	if err != nil {
		return nil, fmt.Errorf("store: transcript: %w", err)
	}
	type row struct {
		e      store.Entry
		sealed []byte
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		var seq int64
		err := r.Scan(&seq, &x.e.Time, &x.e.Kind, &x.sealed)
		x.e.Seq = uint64(seq)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: transcript: %w", err)
	}
	if len(list) == 0 {
		return nil, nil
	}
	sk, err := d.key(bg(), d.pool, id, false)
	if err != nil {
		return nil, err
	}
	out := make([]store.Entry, 0, len(list))
	for _, x := range list {
		if x.e.Body, err = sk.Open(x.sealed); err != nil {
			return nil, fmt.Errorf("store: transcript entry %d: %w", x.e.Seq, err)
		}
		out = append(out, x.e)
	}
	return out, nil
}

// ConversationInfo reads the plaintext part of one conversation.
func (d *DB) ConversationInfo(id string) (store.ConversationInfo, error) {
	c, err := scanInfo(d.pool.QueryRow(bg(), `SELECT `+infoCols+` FROM conversations WHERE id = $1`, id))
	if err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ConversationInfo{}, store.ErrNotFound
		}
		return store.ConversationInfo{}, fmt.Errorf("store: conversation info: %w", err)
	}
	return c, nil
}

// WaitingConversations lists the conversations whose dialog waits for
// staff, from their plaintext part (a partial index keeps it O(waiting)).
func (d *DB) WaitingConversations() ([]store.ConversationInfo, error) {
	rows, err := d.pool.Query(bg(), `SELECT `+infoCols+` FROM conversations WHERE waiting ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: waiting conversations: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.ConversationInfo, error) { return scanInfo(r) })
	if err != nil {
		return nil, fmt.Errorf("store: waiting conversations: %w", err)
	}
	return out, nil
}

// Waiting counts the conversations waiting for staff.
func (d *DB) Waiting() (int, error) {
	var n int
	if err := d.pool.QueryRow(bg(), `SELECT count(*) FROM conversations WHERE waiting`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: waiting: %w", err)
	}
	return n, nil
}

// MaxCaseNumber returns the highest number n of the references
// "<prefix>-<year>-<n>" stored, or 0.
func (d *DB) MaxCaseNumber(prefix string, year int) (int, error) {
	head := fmt.Sprintf("%s-%04d-", prefix, year)
	var n int64
	err := d.pool.QueryRow(bg(), `SELECT coalesce(max(substr(ref, $2)::bigint), 0) FROM cases
		WHERE starts_with(ref, $1) AND substr(ref, $2) ~ '^[0-9]{1,18}$'`, head, len([]rune(head))+1).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: cases: %w", err)
	}
	return int(n), nil
}

// OutboxDepth counts the replies waiting per channel.
func (d *DB) OutboxDepth() (map[string]int, error) {
	rows, err := d.pool.Query(bg(), `SELECT channel, count(*) FROM outbox GROUP BY channel`)
	if err != nil {
		return nil, fmt.Errorf("store: outbox depth: %w", err)
	}
	out := map[string]int{}
	var ch string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&ch, &n}, func() error { out[ch] = n; return nil })
	if err != nil {
		return nil, fmt.Errorf("store: outbox depth: %w", err)
	}
	return out, nil
}

// CaseCounts counts the cases per (service, status).
func (d *DB) CaseCounts() (map[[2]string]int, error) {
	rows, err := d.pool.Query(bg(), `SELECT service, status, count(*) FROM cases GROUP BY service, status`)
	if err != nil {
		return nil, fmt.Errorf("store: case counts: %w", err)
	}
	out := map[[2]string]int{}
	var sv, st string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&sv, &st, &n}, func() error { out[[2]string{sv, st}] = n; return nil })
	if err != nil {
		return nil, fmt.Errorf("store: case counts: %w", err)
	}
	return out, nil
}

// NextCaseNumber hands out the next case number for prefix and year, the
// same for no two calls on any node: a counter row updated in its own
// transaction, started from the highest number stored. A number whose turn
// fails is skipped, never given out again.
//
// The transaction commits without waiting for its WAL flush
// (synchronous_commit off for it alone), so that its row lock does not make
// the turns of all nodes take their numbers one flush after the other. A
// number reaches a citizen only in a turn that commits after it with
// synchronous_commit on, and that flush writes the counter's record too
// (WAL is flushed in order): a crash loses only numbers no turn holds.
func (d *DB) NextCaseNumber(prefix string, year int) (int, error) {
	var n int64
	found := false
	b := &pgx.Batch{}
	b.Queue(`BEGIN`)
	b.Queue(`SET LOCAL synchronous_commit = off`)
	b.Queue(`UPDATE case_counters SET last = last + 1 WHERE prefix = $1 AND year = $2 RETURNING last`, prefix, year).
		QueryRow(func(r pgx.Row) error { err := r.Scan(&n); found = err == nil; return noRows(err) })
	b.Queue(`COMMIT`) // a connection left in a failed transaction is closed by the pool
	err := d.pool.SendBatch(bg(), b).Close()
	if err == nil && !found {
		err = pgx.ErrNoRows
	}
	if errors.Is(err, pgx.ErrNoRows) {
		stored, merr := d.MaxCaseNumber(prefix, year)
		if merr != nil {
			return 0, merr
		}
		err = d.pool.QueryRow(bg(), `INSERT INTO case_counters (prefix, year, last) VALUES ($1, $2, $3 + 1)
			ON CONFLICT (prefix, year) DO UPDATE SET last = case_counters.last + 1 RETURNING last`,
			prefix, year, stored).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("store: case number: %w", err)
	}
	return int(n), nil
}

// DedupesOnCommit reports that CommitTurn finds a duplicate at no extra
// cost (the dedupe key rides on the turn's first round trip), so the
// gateway need not ask Seen first.
func (d *DB) DedupesOnCommit() bool { return true }
