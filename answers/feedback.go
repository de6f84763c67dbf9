package answers

import "time"

// Feedback is what citizens said to "Hat das geholfen?" after one answer:
// the store keeps one per answer id, the console lists them, and the
// metrics count the same events.
type Feedback struct {
	ID         string    `json:"id"`
	Helpful    int       `json:"helpful"`
	NotHelpful int       `json:"not_helpful"`
	Last       time.Time `json:"last"` // the latest rating
}

// Add counts one rating given at at.
func (f *Feedback) Add(helpful bool, at time.Time) {
	if helpful {
		f.Helpful++
	} else {
		f.NotHelpful++
	}
	if at.After(f.Last) {
		f.Last = at
	}
}

// Failing reports whether the answer fails its readers: at least min
// ratings, and no more than half of them "helpful".
func (f Feedback) Failing(min int) bool {
	n := f.Helpful + f.NotHelpful
	return n > 0 && n >= min && 2*f.Helpful <= n
}
