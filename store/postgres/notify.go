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
	FanoutChannel = "amtsbote_fanout" // "<node> <fanout id>,<fanout id>…"
	EventsChannel = "amtsbote_events" // "<node> <kind> <body>": an Event
)

// Event is what a node tells the others outside a turn: that something of
// a kind changed (a console's claim, a published answer), naming it by ids
// only. The receiver reads the state from the store.
type Event struct {
	Kind string
	Body string
}

// Announce tells the other nodes of ev at once; call it after the change
// it names is committed. Kind is one word; kind and body together stay
// under NOTIFY's 8000 bytes.
func (d *DB) Announce(ctx context.Context, ev Event) error {
	if d.closed.Load() {
		return store.ErrClosed
	}
	if ev.Kind == "" || strings.ContainsAny(ev.Kind, " \n") || len(ev.Kind)+len(ev.Body) > 7000 {
		return fmt.Errorf("store: announce: bad event kind %q or body of %d bytes", ev.Kind, len(ev.Body))
	}
	if _, err := d.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, EventsChannel, d.node+" "+ev.Kind+" "+ev.Body); err != nil {
		return fmt.Errorf("store: announce: %w", err)
	}
	return nil
}

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
	Fanout      []int64 // ids of fanout rows: items another node delivered
	Event       *Event  // what another node announced
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
	for _, ch := range []string{TurnsChannel, FanoutChannel, EventsChannel} {
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
			node, list, ok := strings.Cut(n.Payload, " ")
			if !ok || node == d.node {
				continue
			}
			var ids []int64
			for _, f := range strings.Split(list, ",") {
				if id, err := strconv.ParseInt(f, 10, 64); err == nil {
					ids = append(ids, id)
				}
			}
			fn(Note{Fanout: ids})
		case EventsChannel:
			node, rest, ok := strings.Cut(n.Payload, " ")
			if !ok || node == d.node {
				continue
			}
			kind, body, _ := strings.Cut(rest, " ")
			fn(Note{Event: &Event{Kind: kind, Body: body}})
		}
	}
}

// fanoutKeep is how long a fanout row waits for the other nodes.
const fanoutKeep = 2 * time.Minute

// fanoutDelivered copies the delivered items ids of channel into fanout,
// inside the transaction that deletes them, and tells the other nodes
// their new ids at COMMIT (as many notifications as the ids need).
func (d *DB) fanoutDelivered(ctx context.Context, tx pgx.Tx, channel string, ids []int64) error {
	rows, err := tx.Query(ctx, `INSERT INTO fanout (node, channel, conversation, created, sealed)
		SELECT $3, channel, conversation, created, sealed FROM outbox WHERE channel = $1 AND id = ANY($2) ORDER BY id
		RETURNING id`, channel, ids, d.node)
	if err != nil {
		return err
	}
	made, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(made) == 0 {
		return err
	}
	if made[0]%64 == 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM fanout WHERE at < now() - make_interval(secs => $1)`, fanoutKeep.Seconds()); err != nil {
			return err
		}
	}
	var b strings.Builder
	flush := func() error {
		if b.Len() == 0 {
			return nil
		}
		_, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, FanoutChannel, d.node+" "+b.String())
		b.Reset()
		return err
	}
	for _, id := range made {
		if b.Len() > 7000 {
			if err := flush(); err != nil {
				return err
			}
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return flush()
}

// FanoutItem reads and opens a fanout row: an item another node delivered.
// store.ErrNotFound when it is gone (dropped, or its conversation erased).
func (d *DB) FanoutItem(id int64) (store.Delivery, error) {
	var dl store.Delivery
	var sealed, wrapped []byte
	err := d.pool.QueryRow(bg(), `SELECT f.channel, f.conversation, f.created, f.sealed, k.wrapped
		FROM fanout f JOIN conv_keys k ON k.conversation = f.conversation WHERE f.id = $1`, id).
		Scan(&dl.Channel, &dl.Conversation, &dl.Created, &sealed, &wrapped)
	if errors.Is(err, pgx.ErrNoRows) {
		return dl, store.ErrNotFound
	}
	if err != nil {
		return dl, fmt.Errorf("store: fanout: %w", err)
	}
	sec, err := d.openOutbox(dl.Conversation, wrapped, sealed)
	if err != nil {
		return dl, fmt.Errorf("store: fanout %d: %w", id, err)
	}
	dl.ID, dl.Address, dl.Body = formatID(id), sec.Address, sec.Body
	return dl, nil
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
