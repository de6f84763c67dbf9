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
// key-value channel state and the audit log (store/bolt, store/postgres).
type KV interface {
	ChannelState(channel, key string) ([]byte, error)
	SetChannelState(ctx context.Context, channel, key string, value []byte) error
	Audit(ctx context.Context, e store.AuditEntry) error
}

// Meter counts ratings (package metrics).
type Meter interface {
	AnswerRated(id string, helpful bool)
}

// Editor keeps the console's versions of the answers and the citizens'
// ratings in the store, and updates the Base after each publish.
//
// Every change is a read-modify-write of one value, guarded by one mutex:
// correct within one process. Several nodes on one database would need a
// lock in the store (the contract has none yet); until then run the
// console's editing on one node — ratings from several nodes may lose a
// count when two land at the same instant.
type Editor struct {
	kv    KV
	base  *Base
	meter Meter
	mu    sync.Mutex
}

// NewEditor returns the editor over kv; it does not read anything yet
// (Histories does). meter may be nil.
func NewEditor(kv KV, base *Base, meter Meter) *Editor {
	return &Editor{kv: kv, base: base, meter: meter}
}

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

func (e *Editor) put(ctx context.Context, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("answers: write %s: %w", key, err)
	}
	if err := e.kv.SetChannelState(ctx, Channel, key, data); err != nil {
		return fmt.Errorf("answers: write %s: %w", key, err)
	}
	return nil
}

// addToList adds id to the id list under key.
func (e *Editor) addToList(ctx context.Context, key, id string) error {
	var ids []string
	if _, err := e.get(key, &ids); err != nil {
		return err
	}
	if slices.Contains(ids, id) {
		return nil
	}
	return e.put(ctx, key, append(ids, id))
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
// entry and, after a publish, updates the base.
func (e *Editor) change(ctx context.Context, id, editor, action string, now time.Time, f func(*answers.History) error) (answers.History, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	h, err := e.History(id)
	if err != nil {
		return answers.History{}, err
	}
	if err := f(&h); err != nil {
		return answers.History{}, err
	}
	if err := e.put(ctx, prefHistory+id, h); err != nil {
		return answers.History{}, err
	}
	if err := e.addToList(ctx, keyIndex, id); err != nil {
		return answers.History{}, err
	}
	if err := e.kv.Audit(ctx, store.AuditEntry{Time: now, Actor: editor, Action: action, Object: id}); err != nil {
		return answers.History{}, fmt.Errorf("answers: audit: %w", err)
	}
	if action != ActionDraft {
		all, err := e.Histories()
		if err != nil {
			return answers.History{}, err
		}
		e.base.Update(all)
	}
	return h, nil
}

// AnswersRated counts the ratings of a committed turn
// (gateway.RatingObserver): in the store, per answer, and in the metrics,
// which count even when storing fails.
func (e *Editor) AnswersRated(ctx context.Context, ratings []dialog.AnswerRating, at time.Time) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	var errs []error
	for _, r := range ratings {
		if e.meter != nil {
			e.meter.AnswerRated(r.Answer, r.Helpful)
		}
		f := answers.Feedback{ID: r.Answer}
		if _, err := e.get(prefRating+r.Answer, &f); err != nil {
			errs = append(errs, err)
			continue
		}
		f.Add(r.Helpful, at)
		if err := e.put(ctx, prefRating+r.Answer, f); err != nil {
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
