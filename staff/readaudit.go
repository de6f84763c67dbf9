package staff

import (
	"context"
	"net/http"
)

// auditRead records in the audit log that a reads conversation id's
// transcript or notes: once per session and conversation (opening the
// conversation records "conversation.open" every time and counts as the
// session's read). It answers 503 itself and returns false when the audit
// log cannot be written; then nothing may be shown.
func (c *Console) auditRead(ctx context.Context, w http.ResponseWriter, a *actor, action, id string) bool {
	c.mu.Lock()
	done := c.read[a.session.ID][id]
	c.mu.Unlock()
	if done && action != "conversation.open" {
		return true
	}
	if c.auditLog(ctx, a.Username, action, id) != nil {
		writeError(w, http.StatusServiceUnavailable, "audit", "the audit log cannot be written; try again")
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.idle[a.session.ID]; !ok {
		return true // the session ended meanwhile; nothing to remember
	}
	if c.read[a.session.ID] == nil {
		c.read[a.session.ID] = map[string]bool{}
	}
	c.read[a.session.ID][id] = true
	return true
}
