// Package storetest is the conformance suite every store implementation
// passes: store/bolt today, a PostgreSQL store next. It plays the part
// go-imap's backend/memory plays for its backends: the contract, written as
// tests. The suite speaks only the methods of Store and the types of
// package store; no test reaches into an implementation. What only an
// implementation can show (the bytes it keeps at rest, how its key is
// rotated) comes in through the optional hooks of Harness.
//
// An implementation runs it from a test of its own:
//
//	func TestConformance(t *testing.T) { storetest.Run(t, opener) }
package storetest

import (
	"context"
	"io"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/store"
)

// Store is every method the core calls on its store, grouped by the caller
// that needs it. consumers_test.go checks that it covers the consumers'
// interfaces, so a method a consumer adds is a method the suite must know.
type Store interface {
	// gateway.Store, gateway.Transcripts, gateway.CaseNumbers.
	Lookup(channel, address string) (string, error)
	Seen(dedupeKey string) (bool, error)
	Conversation(id string) (store.Conversation, error)
	CommitTurn(ctx context.Context, t store.Turn) (store.TurnResult, error)
	Transcript(id string, after uint64) ([]store.Entry, error)
	MaxCaseNumber(prefix string, year int) (int, error)

	// gateway.Outbox and its optional abilities (outboxExcept, outboxBatch).
	Due(channel string, now time.Time, limit int) ([]store.Delivery, time.Time, error)
	DueExcept(channel string, now time.Time, limit int, except func(id string) bool) ([]store.Delivery, time.Time, error)
	Delivered(ctx context.Context, channel, id string) error
	DeliveredAll(ctx context.Context, channel string, ids []string) error
	Retry(ctx context.Context, channel, id string, next time.Time) error
	GiveUp(ctx context.Context, channel, id, reason string, now time.Time) error

	// staff.Store (with staff.AccountStore).
	StaffAccount(username string) (store.StaffAccount, error)
	CreateStaffAccount(ctx context.Context, a store.StaffAccount) error
	StaffAccounts() ([]store.StaffAccount, error)
	UpdateStaffAccount(ctx context.Context, username string, fn func(a *store.StaffAccount) error) (store.StaffAccount, error)
	CreateStaffSession(ctx context.Context, s store.StaffSession) error
	StaffSession(id string) (store.StaffSession, error)
	DeleteStaffSession(ctx context.Context, id string) error
	PruneStaffSessions(ctx context.Context, now time.Time, username string) (int, error)
	LoginFailures(username string) (store.LoginFailures, error)
	ReserveLoginAttempt(ctx context.Context, username string, now time.Time, limit int, window time.Duration) (store.LoginFailures, bool, error)
	EndLoginAttempt(ctx context.Context, username string, now time.Time, failed bool, limit int, lock time.Duration) (store.LoginFailures, error)
	ClearLoginFailures(ctx context.Context, username string) error
	ConversationInfo(id string) (store.ConversationInfo, error)
	WaitingConversations() ([]store.ConversationInfo, error)
	StaffConversation(id string) (store.StaffConversation, error)
	StaffConversations() ([]store.StaffConversation, error)
	UpdateStaffConversation(ctx context.Context, id string,
		fn func(sc *store.StaffConversation, exists bool) (keep bool, err error)) (store.StaffConversation, error)
	ClaimConversation(ctx context.Context, id, agent, department string, now time.Time) (store.StaffConversation, error)
	AddNote(ctx context.Context, conversation string, n store.Note) (store.Note, error)
	Notes(conversation string) ([]store.Note, error)
	Case(ref string) (cases.Case, error)
	Cases(f store.CaseFilter) ([]cases.Case, error)
	SetCaseStatus(ctx context.Context, ref string, ch cases.Change, allowed func(from, to string) bool) (cases.Change, error)
	CaseHistory(ref string) ([]cases.Change, error)
	Departments() ([]store.Department, error)
	PutDepartment(ctx context.Context, d store.Department) error
	CannedReplies(department string) ([]store.CannedReply, error)
	PutCannedReply(ctx context.Context, r store.CannedReply) (store.CannedReply, error)
	DeleteCannedReply(ctx context.Context, id string) error
	Audit(ctx context.Context, e store.AuditEntry) error
	AuditLog(before uint64, limit int) ([]store.AuditEntry, error)

	// staff.BookingStore, and the bookings cmd/amtsbote reads.
	BookingsAt(office string, from, to time.Time) ([]cases.Booking, error)
	Booking(ref string) (cases.Booking, error)
	SetBookingStatus(ctx context.Context, ref, status string, now time.Time) (cases.Booking, error)
	BookingIndex(fn func(cases.Booking)) error
	BookingsOf(conversation string) ([]cases.Booking, error)

	// The channels' StateStore (web, telegram, email).
	ChannelState(channel, key string) ([]byte, error)
	SetChannelState(ctx context.Context, channel, key string, value []byte) error

	// metrics.Source.
	OutboxDepth() (map[string]int, error)
	Waiting() (int, error)
	CaseCounts() (map[[2]string]int, error)

	// cmd/amtsbote: seeding the in-memory views at start, the keyed MACs
	// of case codes and link codes, the subject's export and erasure,
	// retention, health, backup and shutdown.
	CaseTimes(since time.Time, fn func(service string, created time.Time)) error
	CaseIndex(fn func(store.CaseIndexEntry)) error
	CasesOfService(service string) ([]cases.Case, error)
	CasesOf(conversation string) ([]cases.Case, error)
	CaseSecretMAC(ref, secret string) []byte
	LinkMAC(parts ...string) []byte
	Expired(r store.Retention, now time.Time) ([]string, error)
	Delete(ctx context.Context, ids []string) (store.Deleted, error)
	Compact(ctx context.Context) error
	PruneDedupe(ctx context.Context, before time.Time) (int, error)
	Ping() error
	Backup(w io.Writer) (int64, error)
	Close() error
}

// Harness is one store under test, on data of its own.
type Harness struct {
	// Open opens the store: empty the first time, the same data again on
	// every later call (after Close).
	Open func(t *testing.T) Store
	// Close closes the store Open returned last.
	Close func(t *testing.T)
	// RawBytes, optional, returns every byte the implementation keeps at
	// rest (bbolt: the file; a database: a dump of its tables). The suite
	// calls it only while the store is closed. Nil skips the checks that
	// nothing personal is readable in them.
	RawBytes func(t *testing.T) []byte
	// RotateKey, optional, moves the closed store to a new key (the portal
	// key's rotation); the next Open uses the new key. Nil skips the test.
	RotateKey func(t *testing.T)
}

// Opener makes a Harness on fresh, empty data for one test. It may use
// t.TempDir and t.Cleanup.
type Opener func(t *testing.T) Harness

// Run runs every contract as a subtest, each on a store of its own.
func Run(t *testing.T, open Opener) {
	groups := []struct {
		name  string
		tests []contract
	}{
		{"turns", turnContracts},
		{"outbox", outboxContracts},
		{"bookings", bookingContracts},
		{"cases", caseContracts},
		{"staff", staffContracts},
		{"staffconvs", staffConvContracts},
		{"erase", eraseContracts},
		{"keys", keyContracts},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, c := range g.tests {
				t.Run(c.name, func(t *testing.T) { c.run(t, start(t, open)) })
			}
		})
	}
}

// contract is one subtest of the suite.
type contract struct {
	name string
	run  func(t *testing.T, e *env)
}
