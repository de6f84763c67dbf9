// Package live is the knowledge base as the running server has it: the
// definition files with the city's published console versions laid over
// them (answers.Overlay), the router that routes to them and to the
// services (route.NewWithAnswers), and the search over their texts
// (internal/search). A publish replaces all three at once between two
// turns; readers never lock.
//
// Base implements dialog.Router and dialog.Knowledge for the engine.
package live

import (
	"sync/atomic"

	"amtsbote/answers"
	"amtsbote/catalog"
	"amtsbote/dialog"
	"amtsbote/dialog/route"
	"amtsbote/internal/search"
)

// Base is the knowledge base in use. It is safe for concurrent use.
type Base struct {
	cat     *catalog.Catalog
	defs    *answers.Set
	offices answers.Offices
	known   answers.Known
	cur     atomic.Pointer[snapshot]
}

// snapshot is one consistent state: answers, router and index built from
// the same set.
type snapshot struct {
	set    *answers.Set
	router *route.Router
	index  *search.Index
}

var (
	_ dialog.Router    = (*Base)(nil)
	_ dialog.Knowledge = (*Base)(nil)
	_ dialog.Languages = (*Base)(nil)
)

// New validates the definitions defs against known (an answer naming a
// service, office or department that does not exist is an error) and
// builds the base with the published versions of histories over them.
// offices renders the hours and addresses.
func New(cat *catalog.Catalog, defs *answers.Set, offices answers.Offices, known answers.Known,
	histories []answers.History) (*Base, error) {
	if err := defs.Validate(known); err != nil {
		return nil, err // each problem is framed "answers: FILE:LINE:" already
	}
	b := &Base{cat: cat, defs: defs, offices: offices, known: known}
	b.Update(histories)
	return b, nil
}

// Update rebuilds answers, router and index with the published versions
// of histories over the definitions; it is called after each publish.
func (b *Base) Update(histories []answers.History) {
	set := answers.Overlay(b.defs, histories)
	b.cur.Store(&snapshot{set: set, router: route.NewWithAnswers(b.cat, set.All()),
		index: search.FromAnswers(set.All(), b.offices)})
}

// Known is what answers may name, for checking an edit.
func (b *Base) Known() answers.Known { return b.known }

// Defs returns the answers of the definition files.
func (b *Base) Defs() *answers.Set { return b.defs }

// Set returns the answers citizens get now.
func (b *Base) Set() *answers.Set { return b.cur.Load().set }

// Offices returns what renders the answers' offices.
func (b *Base) Offices() answers.Offices { return b.offices }

// Route routes a message to a service, a special intent or an answer.
func (b *Base) Route(text string) dialog.Match { return b.cur.Load().router.Route(text) }

// Language is the conversation's language after a message (route.Router.Language).
func (b *Base) Language(current, text string) string {
	return b.cur.Load().router.Language(current, text)
}

// Requested is the language a message asks for (route.Router.Requested).
func (b *Base) Requested(text string) string { return b.cur.Load().router.Requested(text) }

// Answer renders answer id in lang; false when there is no such answer or
// it cannot be rendered (its office vanished from the offices file).
func (b *Base) Answer(id, lang string) (answers.Rendered, bool) {
	a, ok := b.Set().Answer(id)
	if !ok {
		return answers.Rendered{}, false
	}
	r, err := answers.Render(a, lang, b.offices)
	if err != nil {
		return answers.Rendered{}, false
	}
	return r, true
}

// Search returns the ids of the k answers whose texts fit text best.
func (b *Base) Search(lang, text string, k int) []string {
	hits := b.cur.Load().index.Search(lang, text, k)
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}
