package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"amtsbote/cases"
	"amtsbote/pgp"
	"amtsbote/store"
)

// caseCols are the plaintext columns of a case, as scanCase reads them.
const caseCols = `ref, service, status, conversation, created, department, secret_mac`

func scanCase(row pgx.Row, extra ...any) (store.CaseIndexEntry, error) {
	var c store.CaseIndexEntry
	err := row.Scan(append([]any{&c.Ref, &c.Service, &c.Status, &c.Conversation, &c.Created, &c.Department, &c.SecretMAC}, extra...)...)
	return c, err
}

func caseOf(x store.CaseIndexEntry) cases.Case {
	return cases.Case{Ref: x.Ref, Service: x.Service, Status: x.Status, Conversation: x.Conversation,
		Created: x.Created, Department: x.Department}
}

// openCases reads cases with their sealed answers and review and opens them.
func (d *DB) openCases(where string, args ...any) ([]cases.Case, error) {
	rows, err := d.pool.Query(bg(), `SELECT `+caseCols+`, sealed, review FROM cases `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: cases: %w", err)
	}
	type row struct {
		c              cases.Case
		answers, notes []byte
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		e, err := scanCase(r, &x.answers, &x.notes)
		x.c = caseOf(e)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: cases: %w", err)
	}
	out := make([]cases.Case, 0, len(list))
	for _, x := range list {
		sk, err := d.key(bg(), d.pool, x.c.Conversation, false)
		if err != nil {
			return nil, fmt.Errorf("store: case %s: %w", x.c.Ref, err)
		}
		c := x.c
		raw, err := sk.Open(x.answers)
		if err != nil {
			return nil, fmt.Errorf("store: case %s: %w", c.Ref, err)
		}
		if err := json.Unmarshal(raw, &c.Answers); err != nil {
			return nil, fmt.Errorf("store: case %s: answers unreadable: %w", c.Ref, err)
		}
		if x.notes != nil {
			review, err := sk.Open(x.notes)
			if err != nil {
				return nil, fmt.Errorf("store: case %s: %w", c.Ref, err)
			}
			c.Review = string(review)
		}
		out = append(out, c)
	}
	return out, nil
}

// Case reads and opens one case.
func (d *DB) Case(ref string) (cases.Case, error) {
	cs, err := d.openCases(`WHERE ref = $1`, ref)
	if err != nil {
		return cases.Case{}, err
	}
	if len(cs) == 0 {
		return cases.Case{}, store.ErrNotFound
	}
	return cs[0], nil
}

// CasesOf returns the cases of a conversation, opened.
func (d *DB) CasesOf(conversation string) ([]cases.Case, error) {
	return d.openCases(`WHERE conversation = $1 ORDER BY ref`, conversation)
}

// CasesOfService returns every case of a service, opened.
func (d *DB) CasesOfService(service string) ([]cases.Case, error) {
	return d.openCases(`WHERE service = $1 ORDER BY ref`, service)
}

// eachCase calls fn with the plaintext part of the cases a query selects.
func (d *DB) eachCase(fn func(store.CaseIndexEntry), where string, args ...any) error {
	rows, err := d.pool.Query(bg(), `SELECT `+caseCols+` FROM cases `+where, args...)
	if err != nil {
		return fmt.Errorf("store: cases: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.CaseIndexEntry, error) { return scanCase(r) })
	if err != nil {
		return fmt.Errorf("store: cases: %w", err)
	}
	for _, x := range list {
		fn(x)
	}
	return nil
}

// CaseIndex calls fn with every case's plaintext part.
func (d *DB) CaseIndex(fn func(store.CaseIndexEntry)) error {
	return d.eachCase(fn, `ORDER BY ref`)
}

// CaseTimes calls fn with the service and creation time of every case
// created since `since`.
func (d *DB) CaseTimes(since time.Time, fn func(service string, created time.Time)) error {
	return d.eachCase(func(x store.CaseIndexEntry) { fn(x.Service, x.Created) }, `WHERE created >= $1 ORDER BY ref`, since)
}

// Cases lists the cases that match f, without their answers, newest first.
func (d *DB) Cases(f store.CaseFilter) ([]cases.Case, error) {
	var services []string
	for s, ok := range f.Services {
		if ok {
			services = append(services, s)
		}
	}
	if f.Services != nil && services == nil {
		services = []string{}
	}
	var out []cases.Case
	err := d.eachCase(func(x store.CaseIndexEntry) {
		c := caseOf(x)
		c.Department = ""
		out = append(out, c)
	}, `WHERE ($1 = '' OR status = $1) AND ($2::text[] IS NULL OR service = ANY($2)) ORDER BY created DESC, ref`,
		f.Status, services)
	return out, err
}

// SetCaseStatus changes a case's status in one transaction, checking the
// change with allowed against the status read under the row's lock;
// ErrTransition when it is not allowed. The change is appended to the
// case's history with its note sealed.
func (d *DB) SetCaseStatus(ctx context.Context, ref string, ch cases.Change, allowed func(from, to string) bool) (cases.Change, error) {
	var out cases.Change
	err := d.tx(ctx, func(tx pgx.Tx) error {
		var from, conv string
		err := tx.QueryRow(ctx, `SELECT status, conversation FROM cases WHERE ref = $1 FOR UPDATE`, ref).Scan(&from, &conv)
		if err != nil {
			return notFound(err)
		}
		if !allowed(from, ch.Status) {
			return fmt.Errorf("%w: %s → %s", store.ErrTransition, from, ch.Status)
		}
		sk, err := d.key(ctx, tx, conv, false)
		if err != nil {
			return err
		}
		out = ch
		out.From = from
		if _, err := tx.Exec(ctx, `UPDATE cases SET status = $2 WHERE ref = $1`, ref, ch.Status); err != nil {
			return err
		}
		return appendHistory(ctx, tx, sk, ref, out)
	})
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return cases.Change{}, err
		}
		return cases.Change{}, fmt.Errorf("store: case status: %w", err)
	}
	return out, nil
}

// appendHistory records a status change with its note sealed.
func appendHistory(ctx context.Context, tx pgx.Tx, sk *pgp.SessionKey, ref string, ch cases.Change) error {
	var note []byte
	if ch.Note != "" {
		var err error
		if note, err = sk.Seal([]byte(ch.Note)); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO case_history (ref, at, actor, from_status, status, field, amended, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, ref, ch.Time, ch.Actor, ch.From, ch.Status, ch.Field, ch.Amended, note)
	return err
}

// applyAmendment replaces a case's answers inside a turn's transaction and
// records the change; the waiting status moves on to the change's status,
// any other status stays. The case must belong to conversation conv; a case
// that no longer exists is skipped (the change returned is zero).
func applyAmendment(ctx context.Context, tx pgx.Tx, sk *pgp.SessionKey, conv string, a store.Amendment) (cases.Change, error) {
	var status, owner string
	err := tx.QueryRow(ctx, `SELECT status, conversation FROM cases WHERE ref = $1 FOR UPDATE`, a.Ref).Scan(&status, &owner)
	if errors.Is(err, pgx.ErrNoRows) {
		return cases.Change{}, nil // deleted meanwhile: nothing to amend, no reason to fail the turn
	}
	if err != nil {
		return cases.Change{}, err
	}
	if owner != conv {
		return cases.Change{}, fmt.Errorf("amendment of case %s from another conversation", a.Ref)
	}
	ch := a.Change
	ch.From = status
	if status != a.Waiting {
		ch.Status = status
	}
	raw, err := json.Marshal(a.Answers)
	if err != nil {
		return cases.Change{}, fmt.Errorf("case %s: encode answers: %w", a.Ref, err)
	}
	answers, err := sk.Seal(raw)
	if err != nil {
		return cases.Change{}, err
	}
	if _, err := tx.Exec(ctx, `UPDATE cases SET status = $2, sealed = $3 WHERE ref = $1`, a.Ref, ch.Status, answers); err != nil {
		return cases.Change{}, err
	}
	return ch, appendHistory(ctx, tx, sk, a.Ref, ch)
}

// CaseHistory opens a case's status changes, oldest first.
func (d *DB) CaseHistory(ref string) ([]cases.Change, error) {
	var conv string
	if err := d.pool.QueryRow(bg(), `SELECT conversation FROM cases WHERE ref = $1`, ref).Scan(&conv); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, store.ErrNotFound
		}
		return nil, fmt.Errorf("store: case history: %w", err)
	}
	rows, err := d.pool.Query(bg(), `SELECT at, actor, from_status, status, field, amended, note
		FROM case_history WHERE ref = $1 ORDER BY id`, ref)
	if err != nil {
		return nil, fmt.Errorf("store: case history: %w", err)
	}
	type row struct {
		ch   cases.Change
		note []byte
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		err := r.Scan(&x.ch.Time, &x.ch.Actor, &x.ch.From, &x.ch.Status, &x.ch.Field, &x.ch.Amended, &x.note)
		return x, err
	})
	if err != nil || len(list) == 0 {
		if err != nil {
			err = fmt.Errorf("store: case history: %w", err)
		}
		return nil, err
	}
	sk, err := d.key(bg(), d.pool, conv, false)
	if err != nil {
		return nil, fmt.Errorf("store: case history: %w", err)
	}
	out := make([]cases.Change, 0, len(list))
	for i, x := range list {
		if x.note != nil {
			note, err := sk.Open(x.note)
			if err != nil {
				return nil, fmt.Errorf("store: case history %s/%d: %w", ref, i+1, err)
			}
			x.ch.Note = string(note)
		}
		out = append(out, x.ch)
	}
	return out, nil
}
