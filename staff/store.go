package staff

import (
	"context"
	"time"

	"amtsbote/cases"
	"amtsbote/store"
)

// AccountStore keeps staff accounts.
type AccountStore interface {
	StaffAccount(username string) (store.StaffAccount, error)
	CreateStaffAccount(ctx context.Context, a store.StaffAccount) error
}

// Store is what the console needs of the store (store/bolt implements it).
type Store interface {
	AccountStore
	StaffAccounts() ([]store.StaffAccount, error)
	UpdateStaffAccount(ctx context.Context, username string, fn func(a *store.StaffAccount) error) (store.StaffAccount, error)

	CreateStaffSession(ctx context.Context, s store.StaffSession) error
	StaffSession(id string) (store.StaffSession, error)
	DeleteStaffSession(ctx context.Context, id string) error
	PruneStaffSessions(ctx context.Context, now time.Time, username string) (int, error)

	ReserveLoginAttempt(ctx context.Context, username string, now time.Time, limit int, window time.Duration) (store.LoginFailures, bool, error)
	EndLoginAttempt(ctx context.Context, username string, now time.Time, failed bool, limit int, lock time.Duration) (store.LoginFailures, error)
	ClearLoginFailures(ctx context.Context, username string) error

	Conversation(id string) (store.Conversation, error)
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
}

// CaseIndex learns of status changes: the in-memory view the dialog engine
// answers status questions from (gateway.CaseIndex).
type CaseIndex interface {
	Changed(ref, status string, at time.Time)
}
