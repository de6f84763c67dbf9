package answers

import (
	"errors"
	"fmt"
	"time"
)

// State is where a version of an answer stands.
type State string

// States of a version.
const (
	Draft     State = "draft"     // saved by an editor, seen only in the console's preview
	Published State = "published" // what citizens get
)

// Record is one version of an answer as the store persists it: the whole
// answer, its number (1, 2, …), its state, and who saved or published it
// when.
type Record struct {
	Answer  Answer    `json:"answer"`
	Version int       `json:"version"`
	State   State     `json:"state"`
	Editor  string    `json:"editor"` // the staff account
	Time    time.Time `json:"time"`   // saved (draft) or published
}

// History is everything the console did to one answer: the draft being
// edited, the published version, and the versions published before it,
// newest first. The store persists one History per answer id.
type History struct {
	ID        string   `json:"id"`
	Draft     *Record  `json:"draft,omitempty"`
	Published *Record  `json:"published,omitempty"`
	Previous  []Record `json:"previous,omitempty"`
}

// Errors of editing.
var (
	ErrNoDraft    = errors.New("answers: there is no draft to publish")
	ErrWrongID    = errors.New("answers: the answer's id differs from the history's")
	ErrNoPrevious = errors.New("answers: there is no previous version")
)

// next is the number of the next version.
func (h *History) next() int {
	n := 0
	for _, r := range append([]*Record{h.Draft, h.Published}, refs(h.Previous)...) {
		if r != nil && r.Version > n {
			n = r.Version
		}
	}
	return n + 1
}

func refs(rs []Record) []*Record {
	out := make([]*Record, len(rs))
	for i := range rs {
		out[i] = &rs[i]
	}
	return out
}

// SaveDraft checks a (Check, and Validate against known) and keeps it as
// the draft, replacing an earlier draft; the published version stays what
// citizens get.
func (h *History) SaveDraft(a Answer, known Known, editor string, at time.Time) error {
	if a.ID != h.ID {
		return fmt.Errorf("%w: %q, not %q", ErrWrongID, a.ID, h.ID)
	}
	a.File, a.Line = "", 0
	if err := a.Validate(known); err != nil {
		return err
	}
	v := h.next()
	if h.Draft != nil {
		v = h.Draft.Version // a draft saved again keeps its number
	}
	h.Draft = &Record{Answer: a, Version: v, State: Draft, Editor: editor, Time: at}
	return nil
}

// Publish makes the draft the published version; the version published
// before is kept in Previous. editor and at are the publisher and time
// (the audit log records them as well).
func (h *History) Publish(editor string, at time.Time) error {
	if h.Draft == nil {
		return ErrNoDraft
	}
	if h.Published != nil {
		h.Previous = append([]Record{*h.Published}, h.Previous...)
	}
	r := *h.Draft
	r.State, r.Editor, r.Time = Published, editor, at
	h.Published, h.Draft = &r, nil
	return nil
}

// Revert makes the newest previous version the draft again, to be
// published like any draft.
func (h *History) Revert(editor string, at time.Time) error {
	if len(h.Previous) == 0 {
		return ErrNoPrevious
	}
	r := h.Previous[0]
	h.Draft = &Record{Answer: r.Answer, Version: h.next(), State: Draft, Editor: editor, Time: at}
	return nil
}

// Overlay returns the answers citizens get: those of defs with every
// published console version in place of (or added to) the definition of
// the same id. Drafts are not shown. defs is not changed.
func Overlay(defs *Set, histories []History) *Set {
	out := NewSet()
	for _, a := range defs.All() {
		out.Put(a)
	}
	for _, h := range histories {
		if h.Published != nil {
			a := h.Published.Answer
			a.File = fmt.Sprintf("console, version %d", h.Published.Version)
			out.Put(&a)
		}
	}
	return out
}
