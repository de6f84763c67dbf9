package postgres

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"amtsbote/store"
	"amtsbote/store/seal"
)

// LoadCases writes cases with their histories (a case stored already is
// skipped whole) and raises the case counters (case_counters) to the
// highest number loaded, so that new references count on from it.
func (d *DB) LoadCases(ctx context.Context, cs []seal.Case) (int, error) {
	refs := make([]string, len(cs))
	for i, c := range cs {
		refs[i] = c.Ref
	}
	return d.load(ctx, "cases", func(tx pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error {
		have, err := stored(ctx, tx, `SELECT ref FROM cases WHERE ref = ANY($1)`, refs)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if prefix, year, n, ok := caseNumber(c.Ref); ok {
				b.Queue(`INSERT INTO case_counters (prefix, year, last) VALUES ($1, $2, $3)
					ON CONFLICT (prefix, year) DO UPDATE SET last = GREATEST(case_counters.last, excluded.last)`, prefix, year, n)
			}
			if have[c.Ref] {
				continue
			}
			b.Queue(`INSERT INTO cases (ref, service, status, conversation, created, department, sealed, review, secret_mac)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`, c.Ref, c.Service, c.Status, c.Conversation, c.Created,
				c.Department, c.Sealed, c.Review, c.SecretMAC).Exec(count)
			for _, ch := range c.History {
				b.Queue(`INSERT INTO case_history (ref, at, actor, from_status, status, field, amended, note)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, c.Ref, ch.Time, ch.Actor, ch.From, ch.Status, ch.Field,
					ch.Amended, ch.Note)
			}
		}
		return nil
	})
}

// caseNumber splits a reference "<prefix>-<year>-<n>".
func caseNumber(ref string) (prefix string, year int, n int64, ok bool) {
	i := strings.LastIndexByte(ref, '-')
	if i <= 0 {
		return "", 0, 0, false
	}
	j := strings.LastIndexByte(ref[:i], '-')
	if j <= 0 {
		return "", 0, 0, false
	}
	y, err1 := strconv.Atoi(ref[j+1 : i])
	num, err2 := strconv.ParseInt(ref[i+1:], 10, 64)
	if err1 != nil || err2 != nil || num < 0 {
		return "", 0, 0, false
	}
	return ref[:j], y, num, true
}

// LoadBookings writes bookings, and the slots of those that hold them.
func (d *DB) LoadBookings(ctx context.Context, bs []seal.Booking) (int, error) {
	return d.load(ctx, "bookings", func(_ pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error {
		for _, x := range bs {
			var reminder *int64
			if x.Reminder != 0 {
				r := int64(x.Reminder)
				reminder = &r
			}
			b.Queue(`INSERT INTO bookings (`+bookingCols+`)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING`,
				x.Ref, x.Office, x.Service, x.Department, x.Start, x.End, x.Slots, x.Status, int64(x.Rev),
				x.Conversation, x.Created, x.Updated, x.SecretMAC, x.Sealed, reminder).Exec(count)
			if !x.Holds {
				continue
			}
			for _, at := range x.Slots {
				b.Queue(`INSERT INTO booking_slots (office, slot, ref) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
					x.Office, at, x.Ref)
			}
		}
		return nil
	})
}

// LoadChannelStates writes channel values.
func (d *DB) LoadChannelStates(ctx context.Context, states []seal.State) (int, error) {
	return d.load(ctx, "channel state", func(_ pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error {
		for _, s := range states {
			b.Queue(`INSERT INTO channel_state (mac, sealed) VALUES ($1, $2) ON CONFLICT DO NOTHING`, s.MAC, s.Sealed).Exec(count)
		}
		return nil
	})
}

// LoadNotes writes conversations' internal notes; a conversation that has
// notes stored already is skipped whole. It counts notes.
func (d *DB) LoadNotes(ctx context.Context, ns []seal.Notes) (int, error) {
	convs := make([]string, len(ns))
	for i, n := range ns {
		convs[i] = n.Conversation
	}
	return d.load(ctx, "notes", func(tx pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error {
		have, err := stored(ctx, tx, `SELECT DISTINCT conversation FROM notes WHERE conversation = ANY($1)`, convs)
		if err != nil {
			return err
		}
		for _, n := range ns {
			if have[n.Conversation] {
				continue
			}
			for _, s := range n.Sealed {
				b.Queue(`INSERT INTO notes (conversation, sealed) VALUES ($1, $2)`, n.Conversation, s).Exec(count)
			}
		}
		return nil
	})
}

// LoadStaff writes the staff console's records: accounts, sessions,
// departments, canned replies and conversations' staff records. It counts
// the records written.
func (d *DB) LoadStaff(ctx context.Context, s Staff) (int, error) {
	return d.load(ctx, "staff", func(_ pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error {
		for _, a := range s.Accounts {
			raw, err := json.Marshal(a)
			if err != nil {
				return err
			}
			b.Queue(`INSERT INTO staff_accounts (username, account) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
				accountKey(a.Username), raw).Exec(count)
		}
		for _, x := range s.Sessions {
			raw, err := json.Marshal(x)
			if err != nil {
				return err
			}
			b.Queue(`INSERT INTO staff_sessions (id, username, expires, session) VALUES ($1, $2, $3, $4)
				ON CONFLICT DO NOTHING`, x.ID, x.Username, x.Expires, raw).Exec(count)
		}
		for _, dep := range s.Departments {
			raw, err := json.Marshal(dep)
			if err != nil {
				return err
			}
			b.Queue(`INSERT INTO departments (id, department) VALUES ($1, $2) ON CONFLICT DO NOTHING`, dep.ID, raw).Exec(count)
		}
		for _, r := range s.Canned {
			b.Queue(`INSERT INTO canned_replies (id, department, language, title, text) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT DO NOTHING`, r.ID, r.Department, r.Language, r.Title, r.Text).Exec(count)
		}
		for _, sc := range s.Conversations {
			b.Queue(`INSERT INTO staff_conversations (`+staffConvCols+`) VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT DO NOTHING`, sc.ID, sc.Department, nullTime(sc.Since), sc.Reason, sc.Agent, nullTime(sc.Claimed)).Exec(count)
		}
		return nil
	})
}

// LoadAudit writes audit entries under their own numbers.
func (d *DB) LoadAudit(ctx context.Context, es []store.AuditEntry) (int, error) {
	return d.load(ctx, "audit log", func(_ pgx.Tx, b *pgx.Batch, count func(pgconn.CommandTag) error) error {
		for _, e := range es {
			b.Queue(`INSERT INTO audit (seq, at, actor, action, object) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
				int64(e.Seq), e.Time, e.Actor, e.Action, e.Object).Exec(count)
		}
		return nil
	})
}

// Staff are the staff console's records, for LoadStaff.
type Staff struct {
	Accounts      []store.StaffAccount
	Sessions      []store.StaffSession
	Departments   []store.Department
	Canned        []store.CannedReply
	Conversations []store.StaffConversation
}

// LoadSequences raises the counters new outbox items, canned replies and
// audit entries take their numbers from to at least s (and past every
// number stored), so that no number loaded is handed out again.
func (d *DB) LoadSequences(ctx context.Context, s seal.Sequences) error {
	_, err := d.load(ctx, "sequences", func(_ pgx.Tx, b *pgx.Batch, _ func(pgconn.CommandTag) error) error {
		for _, q := range []struct {
			seq, floor string
			at         uint64
		}{
			{"outbox_seq", `SELECT max(id) FROM outbox UNION ALL SELECT max(id) FROM dead_letters`, s.Outbox},
			{"canned_seq", `SELECT max(substr(id, 2)::bigint) FROM canned_replies WHERE id ~ '^c[0-9]{1,18}$'`, s.Canned},
			{"audit_seq_seq", `SELECT max(seq) FROM audit`, s.Audit},
		} {
			b.Queue(`SELECT setval('`+q.seq+`', n) FROM (SELECT GREATEST($1::bigint, (SELECT max(m) FROM (`+q.floor+`) AS f(m))) AS n) AS x
				WHERE n > 0 AND n > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM `+q.seq+`)`, int64(q.at))
		}
		return nil
	})
	return err
}
