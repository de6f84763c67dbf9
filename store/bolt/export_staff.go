package bolt

import (
	"encoding/json"
	"fmt"

	"amtsbote/store"
)

// The staff console's records hold nothing sealed: an Export hands them
// out as the store package's types.

// eachJSON calls fn with every record of bucket name, decoded.
func eachJSON[T any](e *Export, name []byte, fn func(T) error) error {
	return e.each(name, func(k, v []byte) error {
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return fmt.Errorf("store: %s/%s is corrupt: %w", name, k, err)
		}
		return fn(x)
	})
}

// StaffAccounts calls fn with every staff account.
func (e *Export) StaffAccounts(fn func(store.StaffAccount) error) error {
	return eachJSON(e, bStaffAccounts, fn)
}

// StaffSessions calls fn with every staff session (expired ones too).
func (e *Export) StaffSessions(fn func(store.StaffSession) error) error {
	return eachJSON(e, bStaffSessions, fn)
}

// Departments calls fn with every department.
func (e *Export) Departments(fn func(store.Department) error) error {
	return eachJSON(e, bStaffDepts, fn)
}

// CannedReplies calls fn with every canned reply.
func (e *Export) CannedReplies(fn func(store.CannedReply) error) error {
	return eachJSON(e, bStaffCanned, fn)
}

// StaffConversations calls fn with every conversation's staff record.
func (e *Export) StaffConversations(fn func(store.StaffConversation) error) error {
	return eachJSON(e, bStaffConvs, fn)
}

// Audit calls fn with every audit entry, oldest first.
func (e *Export) Audit(fn func(store.AuditEntry) error) error {
	return eachJSON(e, bStaffAudit, fn)
}
