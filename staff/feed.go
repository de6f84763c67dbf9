package staff

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"amtsbote/cases"
	"amtsbote/store"
)

// feedBuffer is how many events the Feed holds for the console.
const feedBuffer = 1024

// Feed carries what happens in the core to the console without ever
// blocking the core: committed turns (it implements gateway.Observer) and
// citizens typing. When the console falls behind, events are dropped and
// counted; the queue and the transcripts stay right in the store, and the
// console's page reloads them on its next refresh.
type Feed struct {
	ch      chan feedEvent
	dropped atomic.Uint64
}

// feedEvent is one committed turn or one typing notice.
type feedEvent struct {
	conversation string
	meta         store.Meta
	cases        []caseRef
	typing       bool
	amended      bool // cases only: the citizen amended them
}

// caseRef names a case a turn created.
type caseRef struct{ ref, service string }

// NewFeed makes a Feed; register it in gateway.Config.Observers and pass
// it to New in Deps.Feed.
func NewFeed() *Feed { return &Feed{ch: make(chan feedEvent, feedBuffer)} }

// TurnCommitted implements gateway.Observer; it never blocks.
func (f *Feed) TurnCommitted(conversation string, meta store.Meta, submitted []cases.Case) {
	ev := feedEvent{conversation: conversation, meta: meta}
	for _, c := range submitted {
		ev.cases = append(ev.cases, caseRef{ref: c.Ref, service: c.Service})
	}
	f.put(ev)
}

// CasesAmended implements gateway.AmendObserver: the consoles showing a
// case the citizen amended reload it. It never blocks.
func (f *Feed) CasesAmended(conversation string, amended []cases.Amendment, _ time.Time) {
	ev := feedEvent{conversation: conversation, amended: true}
	for _, a := range amended {
		ev.cases = append(ev.cases, caseRef{ref: a.Ref, service: a.Service})
	}
	f.put(ev)
}

// CitizenTyping notes that the citizen of a conversation types; it never
// blocks. Give it to the web channel as web.Options.OnTyping.
func (f *Feed) CitizenTyping(conversation string) {
	f.put(feedEvent{conversation: conversation, typing: true})
}

func (f *Feed) put(ev feedEvent) {
	select {
	case f.ch <- ev:
	default:
		f.dropped.Add(1)
	}
}

// handle keeps the staff records in step with the dialog (a conversation
// that starts waiting enters its department's queue; one the citizen took
// back to the bot leaves it) and tells the live consoles.
func (c *Console) handle(ctx context.Context, ev feedEvent) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	sc, err := c.st.StaffConversation(ev.conversation)
	has := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		c.log.Error("reading a staff record failed", "err", err)
		return
	}
	if ev.amended { // amendments reach the other nodes' feeds only this way
		for _, cs := range ev.cases {
			c.shareCase(ctx, cs.ref, c.serviceDepartment(cs.service))
		}
		return
	}
	if ev.typing {
		info, err := c.st.ConversationInfo(ev.conversation)
		if err == nil && (has || info.Meta.WaitingForStaff) {
			c.hub.conversationChanged(ev.conversation, c.department(info, sc, has), "conversation.typing")
		}
		return
	}
	info := store.ConversationInfo{ID: ev.conversation, Meta: ev.meta}
	dept := c.department(info, sc, has)
	switch {
	case ev.meta.WaitingForStaff && !has:
		now := c.now()
		_, err := c.st.UpdateStaffConversation(ctx, ev.conversation, func(sc *store.StaffConversation, exists bool) (bool, error) {
			if !exists {
				sc.Department, sc.Since = dept, now
			}
			return true, nil
		})
		if err != nil {
			c.log.Error("queueing a conversation failed", "err", err)
		} else {
			c.roundRobin(ctx, ev.conversation, dept, ev.meta)
		}
		c.hub.queueChanged(dept)
	case ev.meta.WaitingForStaff && sc.Agent == "":
		// Queued already: by an earlier turn, or by the node that took
		// this turn when it reached this node from another (app.Relay),
		// whose queue event stays on that node. The queue shows it anew.
		c.hub.queueChanged(dept)
	case !ev.meta.WaitingForStaff && has:
		c.clearStale(ctx, ev.conversation)
		c.hub.queueChanged(dept)
	}
	if ev.meta.WaitingForStaff || has {
		c.hub.conversationChanged(ev.conversation, dept, "conversation.message")
	}
	for _, cs := range ev.cases {
		c.hub.caseChanged(cs.ref, c.serviceDepartment(cs.service))
	}
}

// clearStale deletes the staff record of a conversation that no longer
// waits for staff, unless the record was written after the conversation's
// last turn (a claim racing with the turn that hands it over).
func (c *Console) clearStale(ctx context.Context, id string) {
	info, err := c.st.ConversationInfo(id)
	gone := errors.Is(err, store.ErrNotFound)
	if err != nil && !gone {
		c.log.Error("reading a conversation failed", "err", err)
		return
	}
	if !gone && info.Meta.WaitingForStaff {
		return
	}
	_, err = c.st.UpdateStaffConversation(ctx, id, func(sc *store.StaffConversation, exists bool) (bool, error) {
		latest := sc.Since
		if sc.Claimed.After(latest) {
			latest = sc.Claimed
		}
		return exists && !gone && latest.After(info.Updated), nil
	})
	if err != nil {
		c.log.Error("clearing a staff record failed", "err", err)
	}
}

// reconcile brings the staff records in step with the conversations at
// start, after events that were dropped or came while the console was down.
func (c *Console) reconcile(ctx context.Context) {
	recs, err := c.st.StaffConversations()
	if err != nil {
		c.log.Error("reading staff records failed", "err", err)
		return
	}
	has := map[string]bool{}
	for _, sc := range recs {
		has[sc.ID] = true
		c.clearStale(ctx, sc.ID)
	}
	waiting, err := c.st.WaitingConversations()
	if err != nil {
		c.log.Error("reading the queue failed", "err", err)
		return
	}
	for _, info := range waiting {
		if has[info.ID] {
			continue
		}
		dept := c.department(info, store.StaffConversation{}, false)
		_, err := c.st.UpdateStaffConversation(ctx, info.ID, func(sc *store.StaffConversation, exists bool) (bool, error) {
			if !exists {
				sc.Department, sc.Since = dept, info.Updated
			}
			return true, nil
		})
		if err != nil {
			c.log.Error("queueing a conversation failed", "err", err)
		}
	}
}
