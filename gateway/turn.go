package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/store"
)

// loaded is a conversation as its worker holds it between turns.
type loaded struct {
	exists  bool
	channel string
	address string
	state   dialog.State
}

// commitTimeout bounds one turn's commit; a turn is never left half-done
// because a channel's request context ended.
const commitTimeout = 30 * time.Second

// turn runs one inbound message: de-duplicate, step the engine, commit, and
// only then report success. On any error the held state is dropped, so the
// next turn starts again from what is committed.
func (g *Gateway) turn(id string, cur *loaded, in channels.Inbound) (*loaded, outcome) {
	fail := func(err error) (*loaded, outcome) {
		return nil, outcome{err: err}
	}
	var dedupe string
	if in.MessageID != "" {
		dedupe = in.Channel + "\x00" + in.MessageID
		seen, err := g.st.Seen(dedupe)
		if err != nil {
			return fail(fmt.Errorf("gateway: %w", err))
		}
		if seen {
			return cur, outcome{receipt: channels.Receipt{Conversation: id, Duplicate: true}}
		}
	}
	if cur == nil {
		var err error
		if cur, err = g.load(id); err != nil {
			return fail(err)
		}
	}
	// Staff and the console's notices write into the conversation; they
	// never take over its address.
	staff := in.From == channels.FromStaff || in.From == channels.FromSystem
	if staff && !cur.exists {
		return fail(fmt.Errorf("gateway: staff message for unknown conversation: %w", store.ErrNotFound))
	}
	// Replies go to where the citizen wrote last; staff write into it.
	channel, address := cur.channel, cur.address
	if !staff {
		channel, address = in.Channel, in.Address
	}
	bind := !staff && (!cur.exists || cur.channel != channel || cur.address != address)

	now := g.cfg.Now()
	in.Conversation = id // the engine may name its conversation (link codes)
	// Step and commit; a booking that lost its slot is decided again.
	res, t, tr, err := g.decide(id, cur, channel, address, bind, dedupe, now, in)
	if err != nil {
		return fail(err)
	}
	if bind {
		g.bound(channel, address)
	}
	if tr.Duplicate {
		return nil, outcome{receipt: channels.Receipt{Conversation: id, Duplicate: true}}
	}
	for i := range min(len(res.Amendments), len(tr.Amended)) {
		res.Amendments[i].Status = tr.Amended[i].Status // as the store left the case
	}
	for _, o := range g.cfg.Observers {
		o.TurnCommitted(id, t.Meta, res.Cases)
		if a, ok := o.(AmendObserver); ok && len(res.Amendments) > 0 {
			a.CasesAmended(id, res.Amendments, now)
		}
		if r, ok := o.(RatingObserver); ok && len(res.AnswerRatings) > 0 {
			ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
			if err := r.AnswersRated(ctx, res.AnswerRatings, now); err != nil {
				g.log.Error("counting answer ratings failed", "component", "gateway", "err", err)
			}
			cancel()
		}
		if r, ok := o.(ConversationRatingObserver); ok && res.Rated != nil {
			ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
			if err := r.ConversationRated(ctx, *res.Rated); err != nil {
				g.log.Error("keeping a conversation's rating failed", "component", "gateway", "err", err)
			}
			cancel()
		}
	}
	g.bookingsCommitted(id, res.Bookings)
	if rm, ok := g.cfg.Meter.(RatingMeter); ok && res.Rated != nil {
		rm.Rated(res.Rated.Score, res.Rated.Comment != "")
	}
	if len(tr.OutboxIDs) > 0 {
		g.wake(channel)
		if len(res.Cases)+len(res.Amendments) > 0 && g.cfg.Handoff != "" {
			g.wake(g.cfg.Handoff)
		}
		if len(res.Mails) > 0 && g.cfg.Mail != "" {
			g.wake(g.cfg.Mail)
		}
	}
	next := &loaded{exists: true, channel: channel, address: address, state: res.State}
	// The citizen's replies come first in the outbox; hand-offs follow.
	replies := tr.OutboxIDs[:min(len(res.Replies), len(tr.OutboxIDs))]
	return next, outcome{receipt: channels.Receipt{Conversation: id, Replies: replies}}
}

// step runs the engine; a panic in it fails this turn (the message is not
// acknowledged) instead of the whole server.
func (g *Gateway) step(st dialog.State, in channels.Inbound, now time.Time) (res dialog.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			g.log.Error("the dialog engine failed on a message", "channel", in.Channel, "panic", fmt.Sprint(p))
			err = fmt.Errorf("gateway: the dialog engine failed: %v", p)
		}
	}()
	return g.engine.Step(st, in, now), nil
}

// load reads a conversation's committed state; a new one starts empty.
func (g *Gateway) load(id string) (*loaded, error) {
	c, err := g.st.Conversation(id)
	if errors.Is(err, store.ErrNotFound) {
		return &loaded{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("gateway: %w", err)
	}
	l := &loaded{exists: true, channel: c.Channel, address: c.Address}
	if len(c.State) > 0 {
		if err := json.Unmarshal(c.State, &l.state); err != nil {
			return nil, fmt.Errorf("gateway: conversation %s: state unreadable: %w", id, err)
		}
	}
	return l, nil
}

// buildTurn turns the engine's decision into the one record the store commits.
func buildTurn(id, channel, address string, bind bool, dedupe string, now time.Time,
	in channels.Inbound, res dialog.Result, handoff, mailer string) (store.Turn, error) {
	state, err := json.Marshal(res.State)
	if err != nil {
		return store.Turn{}, fmt.Errorf("gateway: encode state: %w", err)
	}
	inBody, err := json.Marshal(in)
	if err != nil {
		return store.Turn{}, fmt.Errorf("gateway: encode message: %w", err)
	}
	t := store.Turn{
		Conversation: id, Channel: channel, Address: address, Bind: bind, DedupeKey: dedupe,
		Time: now, State: state, Meta: metaOf(res),
		Entries: []store.Entry{{Kind: store.EntryIn, Time: in.Received, Body: inBody}},
	}
	for _, r := range res.Replies {
		r.ID = newID()
		body, err := json.Marshal(r)
		if err != nil {
			return store.Turn{}, fmt.Errorf("gateway: encode reply: %w", err)
		}
		t.Entries = append(t.Entries, store.Entry{Kind: store.EntryOut, Body: body})
		t.Outbox = append(t.Outbox, store.OutboxItem{Channel: channel, Address: address, Body: body, Decoded: r})
	}
	// The citizen's replies come first in the outbox (see Receipt.Replies).
	if mailer != "" {
		for _, m := range res.Mails {
			m.Message.ID = newID()
			body, err := json.Marshal(m.Message)
			if err != nil {
				return store.Turn{}, fmt.Errorf("gateway: encode mail: %w", err)
			}
			t.Outbox = append(t.Outbox, store.OutboxItem{Channel: mailer, Address: m.To, Body: body, Decoded: m.Message})
		}
	}
	for _, c := range res.Cases {
		c.Conversation = id
		t.Cases = append(t.Cases, c)
		if handoff != "" {
			item, err := handoffItem(handoff, c)
			if err != nil {
				return store.Turn{}, err
			}
			t.Outbox = append(t.Outbox, item)
		}
	}
	for _, a := range res.Amendments {
		t.Amendments = append(t.Amendments, store.Amendment{Ref: a.Ref, Answers: a.Answers, Waiting: cases.NeedsInfo,
			Change: cases.Change{Time: now, Status: a.Status, Field: a.Field, Amended: a.Changed}})
		if handoff != "" && a.Department != "" && len(a.Changed) > 0 { // the back office gets the amended case too
			item, err := handoffItem(handoff, cases.Case{Ref: a.Ref, Service: a.Service, Answers: a.Answers,
				Status: a.Status, Created: a.Created, Department: a.Department, Amended: a.Changed})
			if err != nil {
				return store.Turn{}, err
			}
			t.Outbox = append(t.Outbox, item)
		}
	}
	return t, nil
}

// handoffItem is the outbox item that takes a new case to its department's
// back office: the case as a JSON attachment, addressed to the department.
// The access code stays out of it.
func handoffItem(channel string, c cases.Case) (store.OutboxItem, error) {
	c.Secret = ""
	record, err := json.Marshal(c)
	if err != nil {
		return store.OutboxItem{}, fmt.Errorf("gateway: encode case: %w", err)
	}
	body, err := json.Marshal(channels.Outbound{ID: newID(), From: channels.FromSystem, Text: c.Ref,
		Attachments: []channels.Attachment{{Name: c.Ref + ".json", MediaType: "application/json", Data: record}}})
	if err != nil {
		return store.OutboxItem{}, fmt.Errorf("gateway: encode case: %w", err)
	}
	return store.OutboxItem{Channel: channel, Address: c.Department, Body: body}, nil
}

func metaOf(res dialog.Result) store.Meta {
	m := store.Meta{Language: res.State.Citizen(), Service: res.State.Service(),
		WaitingForStaff: res.State.WaitingForStaff()}
	if res.Escalation != nil {
		m.Department = res.Escalation.Department
	}
	return m
}
