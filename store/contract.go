package store

import (
	"context"
	"io"
	"time"

	"amtsbote/cases"
)

// Store is every method the core calls on its store, grouped by the caller
// that needs it: what store/bolt and store/postgres both implement and the
// conformance suite (store/storetest) checks. The composition root holds
// its store as a Store.
type Store interface {
	// gateway.Store, gateway.Transcripts, gateway.CaseNumbers.
	Lookup(channel, address string) (string, error)
	Seen(dedupeKey string) (bool, error)
	Conversation(id string) (Conversation, error)
	CommitTurn(ctx context.Context, t Turn) (TurnResult, error)
	Transcript(id string, after uint64) ([]Entry, error)
	MaxCaseNumber(prefix string, year int) (int, error)

	// gateway.Outbox and its optional abilities (outboxExcept, outboxBatch).
	Due(channel string, now time.Time, limit int) ([]Delivery, time.Time, error)
	DueExcept(channel string, now time.Time, limit int, except func(id string) bool) ([]Delivery, time.Time, error)
	Delivered(ctx context.Context, channel, id string) error
	DeliveredAll(ctx context.Context, channel string, ids []string) error
	Retry(ctx context.Context, channel, id string, next time.Time) error
	GiveUp(ctx context.Context, channel, id, reason string, now time.Time) error

	// staff.Store (with staff.AccountStore).
	StaffAccount(username string) (StaffAccount, error)
	CreateStaffAccount(ctx context.Context, a StaffAccount) error
	StaffAccounts() ([]StaffAccount, error)
	UpdateStaffAccount(ctx context.Context, username string, fn func(a *StaffAccount) error) (StaffAccount, error)
	CreateStaffSession(ctx context.Context, s StaffSession) error
	StaffSession(id string) (StaffSession, error)
	DeleteStaffSession(ctx context.Context, id string) error
	PruneStaffSessions(ctx context.Context, now time.Time, username string) (int, error)
	LoginFailures(username string) (LoginFailures, error)
	ReserveLoginAttempt(ctx context.Context, username string, now time.Time, limit int, window time.Duration) (LoginFailures, bool, error)
	EndLoginAttempt(ctx context.Context, username string, now time.Time, failed bool, limit int, lock time.Duration) (LoginFailures, error)
	ClearLoginFailures(ctx context.Context, username string) error
	ConversationInfo(id string) (ConversationInfo, error)
	WaitingConversations() ([]ConversationInfo, error)
	StaffConversation(id string) (StaffConversation, error)
	StaffConversations() ([]StaffConversation, error)
	UpdateStaffConversation(ctx context.Context, id string,
		fn func(sc *StaffConversation, exists bool) (keep bool, err error)) (StaffConversation, error)
	ClaimConversation(ctx context.Context, id, agent, department string, now time.Time) (StaffConversation, error)
	AddNote(ctx context.Context, conversation string, n Note) (Note, error)
	Notes(conversation string) ([]Note, error)
	Case(ref string) (cases.Case, error)
	Cases(f CaseFilter) ([]cases.Case, error)
	SetCaseStatus(ctx context.Context, ref string, ch cases.Change, allowed func(from, to string) bool) (cases.Change, error)
	CaseHistory(ref string) ([]cases.Change, error)
	Departments() ([]Department, error)
	PutDepartment(ctx context.Context, d Department) error
	CannedReplies(department string) ([]CannedReply, error)
	PutCannedReply(ctx context.Context, r CannedReply) (CannedReply, error)
	DeleteCannedReply(ctx context.Context, id string) error
	Audit(ctx context.Context, e AuditEntry) error
	AuditLog(before uint64, limit int) ([]AuditEntry, error)

	// staff.BookingStore, and the bookings cmd/amtsbote reads.
	BookingsAt(office string, from, to time.Time) ([]cases.Booking, error)
	Booking(ref string) (cases.Booking, error)
	SetBookingStatus(ctx context.Context, ref, status string, now time.Time) (cases.Booking, error)
	BookingIndex(fn func(cases.Booking)) error
	BookingsOf(conversation string) ([]cases.Booking, error)

	// The channels' StateStore (web, telegram, email), and live.KV (the
	// answers' versions and ratings, changed by several nodes at once).
	ChannelState(channel, key string) ([]byte, error)
	SetChannelState(ctx context.Context, channel, key string, value []byte) error
	UpdateChannelState(ctx context.Context, channel, key string, fn func(old []byte, exists bool) ([]byte, error)) ([]byte, error)

	// metrics.Source.
	OutboxDepth() (map[string]int, error)
	Waiting() (int, error)
	CaseCounts() (map[[2]string]int, error)

	// cmd/amtsbote: seeding the in-memory views at start, the keyed MACs
	// of case codes and link codes, the subject's export and erasure,
	// retention, health, backup and shutdown.
	CaseTimes(since time.Time, fn func(service string, created time.Time)) error
	CaseIndex(fn func(CaseIndexEntry)) error
	CasesOfService(service string) ([]cases.Case, error)
	CasesOf(conversation string) ([]cases.Case, error)
	CaseSecretMAC(ref, secret string) []byte
	LinkMAC(parts ...string) []byte
	Expired(r Retention, now time.Time) ([]string, error)
	Delete(ctx context.Context, ids []string) (Deleted, error)
	Compact(ctx context.Context) error
	PruneDedupe(ctx context.Context, before time.Time) (int, error)
	Ping() error
	Backup(w io.Writer) (int64, error)
	Close() error
}
