package migrate

import (
	"context"
	"fmt"

	"amtsbote/store/bolt"
	"amtsbote/store/postgres"
)

// mover copies one store's records into the other, kind by kind.
type mover struct {
	src      *bolt.Export
	dst      *postgres.DB
	batch    int
	progress func(kind string, done int)
	report   Report
}

// all copies every kind of record, then raises the database's counters.
func (m *mover) all(ctx context.Context) error {
	steps := []func(context.Context) error{
		kind(m, "conversations", m.src.Conversations, m.dst.LoadConversations),
		kind(m, "addresses", m.src.Endpoints, m.dst.LoadEndpoints),
		kind(m, "message ids", m.src.Dedupe, m.dst.LoadDedupe),
		kind(m, "outbox", m.src.Outbox, m.dst.LoadOutbox),
		kind(m, "dead letters", m.src.DeadLetters, m.dst.LoadDeadLetters),
		kind(m, "cases", m.src.Cases, m.dst.LoadCases),
		kind(m, "bookings", m.src.Bookings, m.dst.LoadBookings),
		kind(m, "channel states", m.src.ChannelStates, m.dst.LoadChannelStates),
		kind(m, "notes", m.src.Notes, m.dst.LoadNotes),
		m.staff,
		kind(m, "audit entries", m.src.Audit, m.dst.LoadAudit),
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return m.dst.LoadSequences(ctx, m.src.Sequences())
}

// kind is the step that copies one kind of record (copyKind).
func kind[T any](m *mover, name string, each func(func(T) error) error,
	load func(context.Context, []T) (int, error)) func(context.Context) error {
	return func(ctx context.Context) error { return copyKind(ctx, m, name, each, load) }
}

// copyKind reads the records of one kind with each and writes them with
// load, m.batch a transaction, counting them in m.report.
func copyKind[T any](ctx context.Context, m *mover, kind string, each func(func(T) error) error,
	load func(context.Context, []T) (int, error)) error {
	c := Count{Kind: kind}
	defer func() { m.report.Counts = append(m.report.Counts, c) }()
	batch := make([]T, 0, m.batch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := load(ctx, batch)
		if err != nil {
			return err
		}
		c.Read, c.Copied = c.Read+len(batch), c.Copied+n
		batch = batch[:0]
		if m.progress != nil {
			m.progress(kind, c.Read)
		}
		return nil
	}
	err := each(func(x T) error {
		batch = append(batch, x)
		if len(batch) >= m.batch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	return nil
}

// staff copies the staff console's records in one transaction: they are
// few (accounts, sessions, departments, canned replies, the queue).
func (m *mover) staff(ctx context.Context) error {
	var s postgres.Staff
	err := firstErr(
		m.src.StaffAccounts(appendTo(&s.Accounts)),
		m.src.StaffSessions(appendTo(&s.Sessions)),
		m.src.Departments(appendTo(&s.Departments)),
		m.src.CannedReplies(appendTo(&s.Canned)),
		m.src.StaffConversations(appendTo(&s.Conversations)),
	)
	if err != nil {
		return fmt.Errorf("staff: %w", err)
	}
	c := Count{Kind: "staff records", Read: len(s.Accounts) + len(s.Sessions) + len(s.Departments) + len(s.Canned) +
		len(s.Conversations)}
	defer func() { m.report.Counts = append(m.report.Counts, c) }()
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.Copied, err = m.dst.LoadStaff(ctx, s); err != nil {
		return fmt.Errorf("staff: %w", err)
	}
	if m.progress != nil {
		m.progress(c.Kind, c.Read)
	}
	return nil
}

// appendTo is an each callback that collects into list.
func appendTo[T any](list *[]T) func(T) error {
	return func(x T) error { *list = append(*list, x); return nil }
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
