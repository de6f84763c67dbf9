package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"amtsbote/store"
)

// The channels on which nodes tell each other what they committed. A
// payload holds ids only; the receiver reads the rows.
const (
	TurnsChannel  = "amtsbote_turns"  // a TurnNote, as JSON
	FanoutChannel = "amtsbote_fanout" // "<node> <fanout id>"
)

// TurnNote is what a committed turn tells the other nodes: whose it was and
// the references of the cases and bookings it wrote.
type TurnNote struct {
	Node         string   `json:"n"`
	Conversation string   `json:"c"`
	Cases        []string `json:"r,omitempty"`
	Bookings     []string `json:"b,omitempty"`
}

// turnNote is the payload of t's notification.
func (d *DB) turnNote(t store.Turn) (string, error) {
	n := TurnNote{Node: d.node, Conversation: t.Conversation}
	for _, c := range t.Cases {
		n.Cases = append(n.Cases, c.Ref)
	}
	for _, b := range t.Bookings {
		n.Bookings = append(n.Bookings, b.Ref)
	}
	raw, err := json.Marshal(n)
	if err != nil {
		return "", err
	}
	if len(raw) > 7000 { // NOTIFY's limit is 8000 bytes: the receiver reads the rest
		n.Cases, n.Bookings = nil, nil
		raw, _ = json.Marshal(n)
	}
	return string(raw), nil
}

// Note is one notification from another node. Reconnected, alone, says
// that notifications may have been missed: the receiver catches up.
type Note struct {
	Turn        *TurnNote
	Fanout      int64 // the id of a fanout row
	Reconnected bool
}

// Listen calls fn with the other nodes' notifications until ctx ends, on a
// connection of its own that it opens again after a loss (every second);
// after each (re)connect fn gets a Note with Reconnected set.
func (d *DB) Listen(ctx context.Context, fn func(Note)) error {
	for ctx.Err() == nil {
		err := d.listen(ctx, fn)
		if ctx.Err() != nil {
			break
		}
		d.log.Warn("listening for the other nodes failed; connecting again", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
	return nil
}

func (d *DB) listen(ctx context.Context, fn func(Note)) error {
	if d.closed.Load() {
		return store.ErrClosed
	}
	pc, err := d.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	conn := pc.Hijack() // LISTENing: never back into the pool
	defer conn.Close(context.Background())
	for _, ch := range []string{TurnsChannel, FanoutChannel} {
		if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{ch}.Sanitize()); err != nil {
			return err
		}
	}
	fn(Note{Reconnected: true})
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		switch n.Channel {
		case TurnsChannel:
			var t TurnNote
			if json.Unmarshal([]byte(n.Payload), &t) == nil && t.Node != d.node {
				fn(Note{Turn: &t})
			}
		case FanoutChannel:
			node, id, ok := strings.Cut(n.Payload, " ")
			if num, err := strconv.ParseInt(id, 10, 64); ok && err == nil && node != d.node {
				fn(Note{Fanout: num})
			}
		}
	}
}

// fanoutKeep is how long a fanout row waits for the other nodes.
const fanoutKeep = 2 * time.Minute

// Fanout keeps payload (a reply this node showed on its connections) for
// the other nodes, sealed with conversation's key, and tells them its id at
// COMMIT. Rows older than fanoutKeep are dropped on the way.
func (d *DB) Fanout(ctx context.Context, conversation string, payload []byte) error {
	err := d.tx(ctx, func(tx pgx.Tx) error {
		sk, err := d.key(ctx, tx, conversation, false)
		if err != nil {
			return err
		}
		sealed, err := sk.Seal(payload)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO fanout (node, conversation, sealed) VALUES ($1, $2, $3) RETURNING id`,
			d.node, conversation, sealed).Scan(&id); err != nil {
			return err
		}
		if id%256 == 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM fanout WHERE at < now() - make_interval(secs => $1)`, fanoutKeep.Seconds()); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, FanoutChannel, d.node+" "+strconv.FormatInt(id, 10))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: fanout: %w", err)
	}
	return nil
}

// FanoutItem reads and opens a fanout row; store.ErrNotFound when it is gone
// (dropped, or its conversation erased).
func (d *DB) FanoutItem(id int64) (conversation string, payload []byte, err error) {
	var sealed []byte
	err = d.pool.QueryRow(bg(), `SELECT conversation, sealed FROM fanout WHERE id = $1`, id).Scan(&conversation, &sealed)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, store.ErrNotFound
	}
	if err != nil {
		return "", nil, fmt.Errorf("store: fanout: %w", err)
	}
	sk, err := d.key(bg(), d.pool, conversation, false)
	if err != nil {
		return "", nil, fmt.Errorf("store: fanout: %w", err)
	}
	if payload, err = sk.Open(sealed); err != nil {
		return "", nil, fmt.Errorf("store: fanout: %w", err)
	}
	return conversation, payload, nil
}

// LastFanout is the id of the newest fanout row, 0 when there is none:
// where a node starts following.
func (d *DB) LastFanout() (int64, error) {
	var last *int64
	if err := d.pool.QueryRow(bg(), `SELECT max(id) FROM fanout`).Scan(&last); err != nil {
		return 0, fmt.Errorf("store: fanout: %w", err)
	}
	if last == nil {
		return 0, nil
	}
	return *last, nil
}

// FanoutAfter returns the ids of the other nodes' fanout rows after id
// after, in order: what a node that lost its notifications catches up on.
func (d *DB) FanoutAfter(after int64) ([]int64, error) {
	rows, err := d.pool.Query(bg(), `SELECT id FROM fanout WHERE id > $1 AND node <> $2 ORDER BY id`, after, d.node)
	if err != nil {
		return nil, fmt.Errorf("store: fanout: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("store: fanout: %w", err)
	}
	return ids, nil
}
