package appointments

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"amtsbote/form"
	"amtsbote/internal/fold"
	"amtsbote/text"
)

// wishKeys are the catalog's words of a wish (appointments.word.*, lists
// separated by '|'), each with the words of when_words.go it is read as,
// in the order they are read: a word in two lists has the first one's
// meaning ("bis" is until, not before). "_after" and "_before" follow a
// time ("14'ten sonra"); numbers spelled out are read as "one" … "six".
var wishKeys = []struct{ key, as string }{
	{"appointments.word.until", "until"}, {"appointments.word.between", "between"}, {"appointments.word.and", "and"},
	{"appointments.word.in", "in"}, {"appointments.word.next", "coming"}, {"appointments.word.week", "week"},
	{"appointments.word.weeks", "weeks"}, {"appointments.word.days", "days"}, {"appointments.word.two_weeks", "2 weeks"},
	{"appointments.word.two_days", "2 days"}, {"appointments.word.weekend", "weekend"}, {"appointments.word.month", "month"},
	{"appointments.word.after", "after"}, {"appointments.word.after_time", "_after"},
	{"appointments.word.afternoon", "afternoon"}, {"appointments.word.asap", "asap"}, {"appointments.word.at", "at"},
	{"appointments.word.before", "before"}, {"appointments.word.before_time", "_before"},
	{"appointments.word.evening", "evening"}, {"appointments.word.hour", "oclock"}, {"appointments.word.midday", "midday"},
	{"appointments.word.morning", "morning"}, {"appointments.word.next_week", "next week"},
	{"appointments.word.weekday.1", "monday"}, {"appointments.word.weekday.2", "tuesday"},
	{"appointments.word.weekday.3", "wednesday"}, {"appointments.word.weekday.4", "thursday"},
	{"appointments.word.weekday.5", "friday"}, {"appointments.word.weekday.6", "saturday"},
	{"appointments.word.weekday.7", "sunday"}, {"appointments.word.this", "this"},
	{"appointments.word.after_next", "afternext"}, {"appointments.word.early", "early"},
	{"appointments.word.number.1", "one"}, {"appointments.word.number.2", "two"},
	{"appointments.word.number.3", "three"}, {"appointments.word.number.4", "four"},
	{"appointments.word.number.5", "five"}, {"appointments.word.number.6", "six"},
}

// slotKeys are the catalog's answers to the slots offered that ask for
// others, with the option's value they mean (see Handler.Suggest).
var slotKeys = []struct{ key, as string }{
	{"appointments.word.later", optLater}, {"appointments.word.other_day", optOtherDay},
}

// wishMarks are the marks of dates and times a wish keeps when folded.
const wishMarks = ".:-/"

// dateReader reads a date as a form's date field does (form.Parser).
type dateReader interface {
	Parse(typ, input string, r form.Rules, now time.Time) (string, error)
}

// wordTexts is the catalog the words are read from.
type wordTexts interface {
	Text(l text.Lang, key string, args ...any) string
}

// phrase is a catalog word (one or more folded tokens) and what it is read
// as; n is its place among all phrases, the longest first.
type phrase struct {
	words, as []string
	n         int
}

// whenReader reads wishes in every language: dates as forms read them,
// and the catalog's words of a wish. Read-only after newWhenReader.
type whenReader struct {
	dates   dateReader
	months  map[string]time.Month // form.word.month.*, folded: "im Januar", "in May"
	phrases map[string][]phrase   // by their first word, the longest first
	slot    map[string]string     // folded answer at "slot" → optLater, optOtherDay
}

// newWhenReader reads the words of every language from texts; dates are
// read by form's parser over cat.
func newWhenReader(texts wordTexts, cat *text.Catalog) *whenReader {
	r := &whenReader{dates: form.New(cat), months: map[string]time.Month{}, slot: map[string]string{}}
	for _, l := range text.All() {
		for m := time.January; m <= time.December; m++ {
			for _, w := range strings.Split(texts.Text(l, fmt.Sprintf("form.word.month.%02d", m)), "|") {
				for _, v := range []string{w, noUmlauts.Replace(w)} {
					if k := fold.Words(v, wishMarks); k != "" && r.months[k] == 0 {
						r.months[k] = m // the first language's meaning
					}
				}
			}
		}
	}
	seen, phrases := map[string]bool{}, []phrase{}
	for _, l := range text.All() {
		for _, k := range wishKeys {
			for _, w := range strings.Split(texts.Text(l, k.key), "|") {
				phrases = r.add(phrases, seen, w, k.as)
				phrases = r.add(phrases, seen, noUmlauts.Replace(w), k.as) // "ogleden sonra", typed without them
			}
		}
		for _, k := range slotKeys {
			for _, w := range strings.Split(texts.Text(l, k.key), "|") {
				for _, v := range []string{w, noUmlauts.Replace(w)} {
					if f := fold.Words(v, wishMarks); f != "" && r.slot[f] == "" {
						r.slot[f] = k.as
					}
				}
			}
		}
	}
	sort.SliceStable(phrases, func(i, j int) bool { return len(phrases[i].words) > len(phrases[j].words) })
	r.phrases = make(map[string][]phrase, len(phrases))
	for i, ph := range phrases {
		ph.n = i
		r.phrases[ph.words[0]] = append(r.phrases[ph.words[0]], ph)
	}
	return r
}

// noUmlauts writes umlauts as their vowels, as people type without them.
var noUmlauts = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "Ä", "a", "Ö", "o", "Ü", "u")

// add adds the word w, read as the words as, to phrases unless it is known
// already: the first language's meaning counts, and a word of the grammar
// keeps its own.
func (r *whenReader) add(phrases []phrase, seen map[string]bool, w, as string) []phrase {
	ws := strings.Fields(fold.Words(w, wishMarks))
	j := strings.Join(ws, " ")
	if len(ws) == 0 || seen[j] || len(ws) == 1 && r.grammarWord(ws[0]) {
		return phrases
	}
	seen[j] = true
	return append(phrases, phrase{words: ws, as: strings.Fields(as)})
}

// slotWord is what an answer at "slot" asks for: optLater, optOtherDay,
// or "" for neither.
func (r *whenReader) slotWord(answer string) string {
	w := fold.Words(answer, wishMarks)
	if w == optLater || w == optOtherDay { // the options' values
		return w
	}
	return r.slot[strings.TrimRight(w, ".")]
}

// grammarWord reports whether w has a meaning of its own in when_words.go.
func (r *whenReader) grammarWord(w string) bool {
	for _, s := range []map[string]bool{asapWords, nextWords, thisWords, afterNextWords, afterWords, beforeWords,
		atWords, markerWords, earlyWords, weeksWords, daysWords, weekendWords, monthWords, rangeStart, rangeJoin} {
		if s[w] {
			return true
		}
	}
	_, n := numberWords[w]
	return n || r.months[w] != 0 || w == "in"
}

// canonical replaces the catalog's words in toks by what they are read as.
func (r *whenReader) canonical(toks []string) []string {
	out := make([]string, 0, len(toks))
	for i := 0; i < len(toks); {
		if ph, ok := r.match(toks[i:]); ok {
			out = append(out, ph.as...)
			i += len(ph.words)
			continue
		}
		// a time with a word glued to it: "14ten sonra", "14ч"
		if m := gluedTime.FindStringSubmatch(toks[i]); m != nil {
			rest := append([]string{m[2]}, toks[i+1:]...)
			if ph, ok := r.match(rest); ok {
				out = append(out, m[1])
				out = append(out, ph.as...)
				i += len(ph.words)
				continue
			}
		}
		// a word glued to a time before it: "و11"
		if m := gluedWord.FindStringSubmatch(toks[i]); m != nil {
			if ph, ok := r.match([]string{m[1]}); ok {
				out = append(append(out, ph.as...), m[2])
				i++
				continue
			}
		}
		out = append(out, toks[i])
		i++
	}
	return out
}

// match finds the longest phrase toks begin with; a token may end with a
// dot the phrase's word lacks ("ca.").
func (r *whenReader) match(toks []string) (phrase, bool) {
	if len(toks) == 0 {
		return phrase{}, false
	}
	best, found := phrase{}, false
	first, trimmed := toks[0], strings.TrimSuffix(toks[0], ".")
	for _, key := range []string{first, trimmed} {
		for _, ph := range r.phrases[key] {
			if found && ph.n >= best.n {
				break
			}
			if ph.begins(toks) {
				best, found = ph, true
				break
			}
		}
		if trimmed == first {
			break
		}
	}
	return best, found
}

// begins reports whether toks begin with the words of ph.
func (ph phrase) begins(toks []string) bool {
	if len(ph.words) > len(toks) {
		return false
	}
	for k, w := range ph.words {
		if t := toks[k]; t != w && strings.TrimSuffix(t, ".") != w {
			return false
		}
	}
	return true
}

// gluedTime is a time or a range of times followed by letters without a
// space ("9uhr", "9-11uhr"), gluedWord one after them.
var (
	gluedTime = regexp.MustCompile(`^(\d{1,2}(?:[:.]\d{2})?(?:-\d{1,2}(?:[:.]\d{2})?)?)(\pL+)$`)
	gluedWord = regexp.MustCompile(`^(\pL+)(\d{1,2}(?:[:.]\d{2})?)$`)
)

// timeLike is a token clock reads as a time or a short date ("16.30",
// "3.12", "14:00"): not for the form's date reading.
var timeLike = regexp.MustCompile(`^\d{1,2}[.:]\d{1,2}$`)

// formDate finds a date as a form reads it ("14/12/2026", "14 Aralık",
// "завтра") in toks, up to four tokens long ("14 декабря 2026 г."), and returns it with the
// tokens left. A date without a year is the next such day.
func (r *whenReader) formDate(toks []string, lang string, now time.Time) (time.Time, []string, bool) {
	rules := form.Rules{Lang: lang, Location: now.Location()}
	read := func(s string, now time.Time) (time.Time, bool) {
		v, err := r.dates.Parse(form.Date, s, rules, now)
		if err != nil {
			return time.Time{}, false
		}
		d, err := time.ParseInLocation(time.DateOnly, v, now.Location())
		return d, err == nil
	}
	today := midnight(now, now.Location())
	for i := range toks {
		for n := min(4, len(toks)-i); n >= 1; n-- {
			if n == 1 && timeLike.MatchString(toks[i]) {
				continue
			}
			s := strings.Join(toks[i:i+n], " ")
			d, ok := read(s, now)
			if !ok {
				continue
			}
			// A date in the past that is the same tomorrow (no day word)
			// but moves with the year had no year: the next such day.
			if d1, _ := read(s, now.AddDate(0, 0, 1)); d.Before(today) && d1.Equal(d) {
				if d2, ok := read(s, now.AddDate(1, 0, 0)); ok && !d2.Equal(d) {
					d = d2
				}
			}
			return d, append(toks[:i:i], toks[i+n:]...), true
		}
	}
	return time.Time{}, toks, false
}
