package app

import (
	"context"
	"fmt"
	"time"

	"amtsbote/answers"
	"amtsbote/answers/live"
	"amtsbote/answers/places"
	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/dialog"
	"amtsbote/ratings"
	"amtsbote/store"
)

// generatedReview is how long after the start the answers generated from
// the offices file are due for review: they hold no text of their own.
const generatedReview = 365 * 24 * time.Hour

// buildAnswers loads the knowledge base: the built-in definitions and
// those of dir, an answer per office of the offices file (unless a
// definition has its id), validated against the catalog, the offices and
// the departments (an error stops the start), with the console's
// published versions from the store laid over them. An office's hours are
// those an admin set for its department in the staff console, once one
// runs (Presence), else the files'.
func (a *App) buildAnswers(dir string, now time.Time) error {
	defs, err := answers.Load(dir)
	if err != nil {
		return err
	}
	pl := places.New(a.Offices, a.Catalog).WithEdits(a.Presence)
	for _, g := range answers.OfficeAnswers(pl.Refs(), answers.Date{Time: now.Add(generatedReview).Truncate(24 * time.Hour)}) {
		defs.PutDefault(g)
	}
	base, err := live.New(a.Catalog, defs, pl, knownOf(a.Catalog, pl), nil)
	if err != nil {
		return err
	}
	a.Answers = live.NewEditor(a.DB, base, a.Metrics)
	hs, err := a.Answers.Histories()
	if err != nil {
		return fmt.Errorf("answers: the console's versions: %w", err)
	}
	base.Update(hs)
	return nil
}

// knownOf is what answers may name: the catalog's services and
// departments and the places' offices.
func knownOf(cat *catalog.Catalog, pl *places.Places) answers.Known {
	k := answers.Known{Services: map[string]bool{}, Offices: pl.Known(), Departments: map[string]bool{}}
	for _, d := range cat.Services() {
		k.Services[d.ID] = true
	}
	for _, d := range cat.Departments() {
		k.Departments[d.ID] = true
	}
	return k
}

// ratingObserver counts the ratings of committed turns
// (gateway.RatingObserver); it has nothing to do with cases.
type ratingObserver struct{ *live.Editor }

func (ratingObserver) TurnCommitted(string, store.Meta, []cases.Case) {}

// conversationRatings counts the citizens' ratings of their conversations
// per department and service (gateway.ConversationRatingObserver), for the
// staff console.
type conversationRatings struct{ *ratings.Counter }

func (conversationRatings) TurnCommitted(string, store.Meta, []cases.Case) {}

// ConversationRated counts a rating, or the comment added to one.
func (o conversationRatings) ConversationRated(ctx context.Context, r dialog.Rating) error {
	return o.Add(ctx, r.Department, r.Service, r.Score, r.Comment != "", r.At)
}
