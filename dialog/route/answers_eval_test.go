package route

import (
	"fmt"
	"testing"
	"time"

	"amtsbote/answers"
	"amtsbote/answers/places"
	"amtsbote/dialog"
	"amtsbote/internal/search"
	"amtsbote/services/appointments"
)

// Answer evaluation sets (issue 19), written before the answers; the
// held-out set is reported by TestAnswerHeldOut only.
var answerSets = []string{"de", "en", "ru", "tr", "ar", "uk"}

// minAnswerAcc is the bar of the German and English answer sets: the
// router's intent, or the first search hit when the router finds none.
const minAnswerAcc = 0.85

// knowledge is the demo city's answers with the generated office answers,
// the router over them and the search index, as app.Build makes them.
type knowledge struct {
	set    *answers.Set
	router *Router
	index  *search.Index
}

func loadKnowledge(t testing.TB) knowledge {
	t.Helper()
	cat := builtinCatalog(t)
	set, err := answers.Load("")
	if err != nil {
		t.Fatal(err)
	}
	pl := places.New(appointments.Sample(), cat)
	for _, a := range answers.OfficeAnswers(pl.Refs(), answers.Date{Time: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}) {
		set.PutDefault(a)
	}
	return knowledge{set: set, router: NewWithAnswers(cat, set.All()), index: search.FromAnswers(set.All(), pl)}
}

// answerResult sums up one answer set.
type answerResult struct {
	total, routed, answered, offered int
	wrong                            []string
}

func (r answerResult) String() string {
	p := func(n int) float64 { return 100 * float64(n) / float64(r.total) }
	return fmt.Sprintf("%d lines: router %.1f%%, router then first search hit %.1f%%, right answer among what the bot shows %.1f%%",
		r.total, p(r.routed), p(r.answered), p(r.offered))
}

// evaluateAnswers routes each line as the engine does: the router's
// intent when it has one, else the three best search hits offered (the
// first counts for "answered", any of the three for "offered").
func evaluateAnswers(k knowledge, lang string, set []sample) answerResult {
	var res answerResult
	for _, s := range set {
		res.total++
		m := k.router.Route(s.text)
		got := m.Intent
		var hits []string
		if got == "" {
			for _, h := range k.index.Search(lang, s.text, 3) {
				hits = append(hits, h.ID)
			}
		}
		if m.Intent == s.intent {
			res.routed++
		}
		first := got
		if got == "" && len(hits) > 0 {
			first = hits[0]
		}
		if first == s.intent || s.intent == "" && got == "" {
			res.answered++
		}
		if got == s.intent || got == "" && contains(hits, s.intent) || s.intent == "" && got == "" {
			res.offered++
		} else {
			res.wrong = append(res.wrong, fmt.Sprintf("line %d: %q: want %s, got %q (%.2f, runner-up %q), search %v",
				s.line, s.text, s.intent, m.Intent, m.Confidence, m.RunnerUp, hits))
		}
	}
	return res
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestAnswerSets routes the answer sets of every language; German and
// English are held to minAnswerAcc, the others are reported (the router
// reads German and English; other languages reach the answers through the
// search and the German words citizens mix in).
func TestAnswerSets(t *testing.T) {
	k := loadKnowledge(t)
	for _, lang := range answerSets {
		t.Run(lang, func(t *testing.T) {
			res := evaluateAnswers(k, lang, loadSet(t, "../testdata/answers_"+lang+".tsv"))
			t.Log(res)
			bar := lang == "de" || lang == "en"
			acc := float64(res.answered) / float64(res.total)
			if testing.Verbose() || bar && acc < minAnswerAcc {
				for _, w := range res.wrong {
					t.Log(w)
				}
			}
			if bar && acc < minAnswerAcc {
				t.Errorf("%.1f%% answered right, want at least %.0f%%", 100*acc, 100*minAnswerAcc)
			}
		})
	}
}

var _ dialog.Router = (*Router)(nil)

// TestAnswerHeldOut reports the held-out answer set (issue 19), which the
// router was not tuned on; it has no bar of its own.
func TestAnswerHeldOut(t *testing.T) {
	res := evaluateAnswers(loadKnowledge(t), "de", loadSet(t, "../testdata/answers_heldout.tsv"))
	t.Log(res)
	if testing.Verbose() {
		for _, w := range res.wrong {
			t.Log(w)
		}
	}
}
