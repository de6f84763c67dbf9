package staff

import (
	"context"
	"errors"

	"amtsbote/channels"
	"amtsbote/store"
)

// roundRobin gives a conversation that just started waiting in department
// to the next of its agents with the console open (a live socket), in turn
// by username, when an admin switched round robin on for the department.
// The agent holds it as after a claim, and the citizen is told who joined.
// Without anyone at the console it stays in the queue.
func (c *Console) roundRobin(ctx context.Context, id, department string, meta store.Meta) {
	if department == "" || !c.wantsRoundRobin(department) {
		return
	}
	agents := c.hub.agents(department)
	if len(agents) == 0 {
		return
	}
	c.mu.Lock()
	next := agents[0]
	for _, u := range agents {
		if u > c.turns[department] {
			next = u
			break
		}
	}
	c.turns[department] = next
	c.mu.Unlock()
	acct, err := c.st.StaffAccount(next)
	if err != nil || acct.Disabled {
		c.log.Warn("round robin: the next agent's account cannot take conversations", "err", err)
		return
	}
	if _, err := c.st.ClaimConversation(ctx, id, next, department, c.now()); errors.Is(err, store.ErrClaimed) {
		return // someone was quicker
	} else if err != nil {
		c.log.Error("round robin: assigning failed", "err", err)
		return
	}
	a := &actor{StaffAccount: acct}
	lang := meta.Language
	if err := c.systemNotice(ctx, id, channels.StaffJoined, c.joinedText(lang, a.displayName(), c.teamName(department, lang))); err != nil {
		c.dropClaim(ctx, id, next)
		c.log.Error("round robin: announcing failed", "err", err)
		return
	}
	_ = c.auditLog(ctx, next, "conversation.assign", id)
}

// wantsRoundRobin reports whether an admin switched round robin on for
// department.
func (c *Console) wantsRoundRobin(department string) bool {
	deps, err := c.st.Departments()
	if err != nil {
		c.log.Error("reading departments failed", "err", err)
		return false
	}
	for _, d := range deps {
		if d.ID == department {
			return d.RoundRobin
		}
	}
	return false
}
