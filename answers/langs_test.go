package answers_test

import (
	"testing"

	"amtsbote/answers"
)

// TestTranslationsWhole: a built-in answer written in one of the
// languages besides German and English has all of it there: title, text,
// the first step when German has one, five questions or more and three
// keywords or more, so that the search finds it in that language.
func TestTranslationsWhole(t *testing.T) {
	set, err := answers.Load("")
	if err != nil {
		t.Fatal(err)
	}
	translated := 0
	for _, a := range set.All() {
		for _, l := range []string{"uk", "tr", "ar", "ru"} {
			if a.Text[l] == "" && a.Title[l] == "" && len(a.Questions[l]) == 0 {
				continue
			}
			translated++
			if a.Title[l] == "" || a.Text[l] == "" {
				t.Errorf("%s/%s: a title and a text", a.ID, l)
			}
			if a.First["de"] != "" && a.First[l] == "" {
				t.Errorf("%s/%s: no first step", a.ID, l)
			}
			if len(a.Questions[l]) < 5 || len(a.Keywords[l]) < 3 {
				t.Errorf("%s/%s: %d questions and %d keywords, want 5 and 3 at least", a.ID, l, len(a.Questions[l]), len(a.Keywords[l]))
			}
		}
	}
	if translated == 0 {
		t.Error("no answer in uk, tr, ar or ru")
	}
}
