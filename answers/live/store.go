package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"amtsbote/answers"
	"amtsbote/dialog"
	"amtsbote/store"
)

// Channel is the channel-state namespace the knowledge base keeps its
// versions and ratings in (store.ChannelState, sealed like every value).
const Channel = "answers"

// Keys under Channel.
const (
	keyIndex    = "index"     // JSON list of the answer ids with a history
	keyRated    = "rated"     // JSON list of the answer ids with ratings
	prefHistory = "history/"  // + id: an answers.History
	prefRating  = "feedback/" // + id: an answers.Feedback
)

// Actions of the audit log.
const (
	ActionDraft   = "answer.draft"
	ActionPublish = "answer.publish"
	ActionRevert  = "answer.revert"
)

// KV is the part of the store the knowledge base uses: the sealed
// key-value channel state, changed atomically (also by several nodes on
// one database), and the audit log (store/bolt, store/postgres).
type KV interface {
	ChannelState(channel, key string) ([]byte, error)
	UpdateChannelState(ctx context.Context, channel, key string, fn func(old []byte, exists bool) ([]byte, error)) ([]byte, error)
	Audit(ctx context.Context, e store.AuditEntry) error
}

// Meter counts ratings (package metrics).
type Meter interface {
	AnswerRated(id string, helpful bool)
}

// Peers tells the other nodes on a shared store that the answers citizens
// get changed (app.Relay over store/postgres); they Reload.
type Peers interface {
	AnswersChanged(ctx context.Context, id string)
}

// Editor keeps the console's versions of the answers and the citizens'
// ratings in the store, and updates the Base after each publish.
//
// Every change is one atomic read-modify-write of one value in the store
// (KV.UpdateChannelState), so edits and ratings on several nodes sharing
// one database are all kept. After a publish the editor
// rebuilds its Base from the store and tells the Peers, which do the same.
type Editor struct {
	kv    KV
	base  *Base
	meter Meter
	peers Peers
	// mu orders the reloads of the base: the last one reads the newest
	// versions.
	mu sync.Mutex
}

// NewEditor returns the editor over kv; it does not read anything yet
// (Histories does). meter may be nil.
func NewEditor(kv KV, base *Base, meter Meter) *Editor {
	return &Editor{kv: kv, base: base, meter: meter}
}

// SetPeers makes the editor tell p of every publish and revert; call it
// before the editor is used.
func (e *Editor) SetPeers(p Peers) { e.peers = p }

// Base returns the knowledge base the editor updates.
func (e *Editor) Base() *Base { return e.base }

// get reads the JSON value key into v; false when it is not stored.
func (e *Editor) get(key string, v any) (bool, error) {
	data, err := e.kv.ChannelState(Channel, key)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("answers: read %s: %w", key, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("answers: read %s: %w", key, err)
	}
	return true, nil
}

// update changes the JSON value under key atomically: f edits v, which
// holds the stored value (or stays as given when there is none). f may run
// more than once, each time on a fresh v from newV; its error is returned
// as it is.
func update[T any](ctx context.Context, kv KV, key string, newV func() T, f func(v *T) error) (T, error) {
	var out T
	var fErr error
	_, err := kv.UpdateChannelState(ctx, Channel, key, func(old []byte, exists bool) ([]byte, error) {
		v := newV()
		if exists {
			if err := json.Unmarshal(old, &v); err != nil {
				return nil, err
			}
		}
		if fErr = f(&v); fErr != nil {
			return nil, fErr
		}
		out = v
		return json.Marshal(v)
	})
	if fErr != nil {
		return out, fErr
	}
	if err != nil {
		return out, fmt.Errorf("answers: write %s: %w", key, err)
	}
	return out, nil
}

// addToList adds id to the id list under key. The lists only grow, so an
// id read there stays there: only a missing one costs a write.
func (e *Editor) addToList(ctx context.Context, key, id string) error {
	var ids []string
	if _, err := e.get(key, &ids); err != nil {
		return err
	}
	if slices.Contains(ids, id) {
		return nil
	}
	_, err := update(ctx, e.kv, key, func() []string { return nil }, func(ids *[]string) error {
		if !slices.Contains(*ids, id) {
			*ids = append(*ids, id)
		}
		return nil
	})
	return err
}

// Histories returns every stored history.
func (e *Editor) Histories() ([]answers.History, error) {
	var ids []string
	if _, err := e.get(keyIndex, &ids); err != nil {
		return nil, err
	}
	out := make([]answers.History, 0, len(ids))
	for _, id := range ids {
		var h answers.History
		if ok, err := e.get(prefHistory+id, &h); err != nil {
			return nil, err
		} else if ok {
			out = append(out, h)
		}
	}
	return out, nil
}

// History returns the history of answer id (empty when it has none).
func (e *Editor) History(id string) (answers.History, error) {
	h := answers.History{ID: id}
	_, err := e.get(prefHistory+id, &h)
	return h, err
}

// SaveDraft checks a and keeps it as the draft of its answer; citizens
// still get the published version. The audit log records the editor.
func (e *Editor) SaveDraft(ctx context.Context, editor string, a answers.Answer, now time.Time) (answers.History, error) {
	return e.change(ctx, a.ID, editor, ActionDraft, now, func(h *answers.History) error {
		return h.SaveDraft(a, e.base.Known(), editor, now)
	})
}

// Publish makes the draft of answer id what citizens get from the next
// message on; the version published before is kept.
func (e *Editor) Publish(ctx context.Context, editor, id string, now time.Time) (answers.History, error) {
	return e.change(ctx, id, editor, ActionPublish, now, func(h *answers.History) error { return h.Publish(editor, now) })
}

// Revert makes the newest previous version the draft again.
func (e *Editor) Revert(ctx context.Context, editor, id string, now time.Time) (answers.History, error) {
	return e.change(ctx, id, editor, ActionRevert, now, func(h *answers.History) error { return h.Revert(editor, now) })
}

// change applies f to the history of id, stores it, writes the audit
// entry and, after a publish, reloads the base and tells the peers (a
// draft, also one a revert made, changes nothing for citizens).
func (e *Editor) change(ctx context.Context, id, editor, action string, now time.Time, f func(*answers.History) error) (answers.History, error) {
	h, err := update(ctx, e.kv, prefHistory+id, func() answers.History { return answers.History{ID: id} }, f)
	if err != nil {
		return answers.History{}, err
	}
	if err := e.addToList(ctx, keyIndex, id); err != nil {
		return answers.History{}, err
	}
	if err := e.kv.Audit(ctx, store.AuditEntry{Time: now, Actor: editor, Action: action, Object: id}); err != nil {
		return answers.History{}, fmt.Errorf("answers: audit: %w", err)
	}
	if action == ActionPublish {
		if e.peers != nil { // first: the nodes rebuild at the same time
			e.peers.AnswersChanged(ctx, id)
		}
		if err := e.Reload(); err != nil {
			return answers.History{}, err
		}
	}
	return h, nil
}

// Reload rebuilds the base from the published versions in the store: after
// a publish here, or when another node tells of one.
func (e *Editor) Reload() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	all, err := e.Histories()
	if err != nil {
		return err
	}
	e.base.Update(all)
	return nil
}

// AnswersRated counts the ratings of a committed turn
// (gateway.RatingObserver): in the store, per answer, and in the metrics,
// which count even when storing fails.
func (e *Editor) AnswersRated(ctx context.Context, ratings []dialog.AnswerRating, at time.Time) error {
	var errs []error
	for _, r := range ratings {
		if e.meter != nil {
			e.meter.AnswerRated(r.Answer, r.Helpful)
		}
		_, err := update(ctx, e.kv, prefRating+r.Answer, func() answers.Feedback { return answers.Feedback{ID: r.Answer} },
			func(f *answers.Feedback) error {
				f.Add(r.Helpful, at)
				return nil
			})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, e.addToList(ctx, keyRated, r.Answer))
	}
	return errors.Join(errs...)
}

// Feedback returns the ratings of every rated answer.
func (e *Editor) Feedback() ([]answers.Feedback, error) {
	var ids []string
	if _, err := e.get(keyRated, &ids); err != nil {
		return nil, err
	}
	out := make([]answers.Feedback, 0, len(ids))
	for _, id := range ids {
		f := answers.Feedback{ID: id}
		if _, err := e.get(prefRating+id, &f); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// Current returns the answers citizens get now, in order.
func (e *Editor) Current() []*answers.Answer { return e.base.Set().All() }

// Preview renders a in lang as citizens would get it, with the hours and
// address of its office as the offices file has them now.
func (e *Editor) Preview(a *answers.Answer, lang string) (answers.Rendered, error) {
	return answers.Render(a, lang, e.base.Offices())
}

// Find returns the ids of the k answers whose texts fit text best.
func (e *Editor) Find(lang, text string, k int) []string { return e.base.Search(lang, text, k) }

// Validate checks a by itself and against what answers may name.
func (e *Editor) Validate(a *answers.Answer) error { return a.Validate(e.base.Known()) }
