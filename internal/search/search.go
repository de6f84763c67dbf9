// Package search finds answers by their texts when the router finds no
// clear match: Okapi BM25 over the title, questions, keywords and text of
// every answer, one index per language the answers are written in, with
// terms from Terms (internal/fold and Snowball stemming).
//
// An Index is built once and then only read: Search is safe for
// concurrent use. A city's edit builds a new Index (New is cheap: a few
// milliseconds for hundreds of answers).
package search

import (
	"math"
	"sort"
	"strings"

	"amtsbote/answers"
)

// BM25's parameters, the usual ones.
const (
	k1 = 1.2
	b  = 0.75
)

// Field weights: a word of the title or the keywords counts three times, of
// a question twice, of the text once.
const (
	weightTitle    = 3
	weightKeywords = 3
	weightQuestion = 2
	weightText     = 1
)

// partial is how much a term counts that only partly matches an indexed
// one (a part of a German compound: "hundesteuermarke" and "hundesteuer").
const partial = 0.5

// Hit is an answer found and its score (higher is better; only comparable
// within one search).
type Hit struct {
	ID    string
	Score float64
}

// Field is a piece of a document and its weight.
type Field struct {
	Text   string
	Weight float64
}

// Doc is one answer in one language.
type Doc struct {
	ID     string
	Lang   string
	Fields []Field
}

// Index is the BM25 index of documents, per language.
type Index struct {
	langs map[string]*langIndex
}

type langIndex struct {
	ids      []string
	lengths  []float64
	avg      float64
	postings map[string][]posting
	terms    []string // sorted: the vocabulary, for partial matches
}

type posting struct {
	doc int
	tf  float64
}

// New indexes docs; documents of a language are indexed with that
// language's terms.
func New(docs []Doc) *Index {
	ix := &Index{langs: map[string]*langIndex{}}
	for _, d := range docs {
		li := ix.langs[d.Lang]
		if li == nil {
			li = &langIndex{postings: map[string][]posting{}}
			ix.langs[d.Lang] = li
		}
		tf := map[string]float64{}
		length := 0.0
		for _, f := range d.Fields {
			for _, t := range Terms(d.Lang, f.Text) {
				tf[t] += f.Weight
				length += f.Weight
			}
		}
		n := len(li.ids)
		li.ids = append(li.ids, d.ID)
		li.lengths = append(li.lengths, length)
		for t, v := range tf {
			li.postings[t] = append(li.postings[t], posting{doc: n, tf: v})
		}
	}
	for _, li := range ix.langs {
		sum := 0.0
		for _, l := range li.lengths {
			sum += l
		}
		li.avg = sum / float64(max(1, len(li.lengths)))
		for t := range li.postings {
			li.terms = append(li.terms, t)
		}
		sort.Strings(li.terms)
	}
	return ix
}

// FromAnswers indexes every language of every answer: its title, questions,
// keywords and text. With offices, the title and text of an answer that
// names an office are indexed as rendered, with the office's name, hours
// and address (so "Marienplatz" finds the registry office); build the
// index again when the offices file changes. Without, placeholders such
// as {hours} are left out.
func FromAnswers(list []*answers.Answer, offices answers.Offices) *Index {
	var docs []Doc
	for _, a := range list {
		langs := map[string]bool{}
		for _, m := range []answers.Text{a.Title, a.Text} {
			for l := range m {
				langs[l] = true
			}
		}
		for l := range a.Questions {
			langs[l] = true
		}
		for l := range a.Keywords {
			langs[l] = true
		}
		for l := range langs {
			title, text, first := a.Title[l], a.Text[l], a.First[l]
			if a.Links.Office != "" && offices != nil {
				if r, err := answers.Render(a, l, offices); err == nil && r.Lang == l {
					title, text, first = r.Title, r.Text, r.First
				}
			}
			d := Doc{ID: a.ID, Lang: l, Fields: []Field{
				{title, weightTitle}, {text, weightText}, {first, weightText},
				{strings.Join(a.Keywords[l], " . "), weightKeywords},
			}}
			for _, q := range a.Questions[l] {
				d.Fields = append(d.Fields, Field{q, weightQuestion})
			}
			docs = append(docs, d)
		}
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].Lang < docs[j].Lang })
	return New(docs)
}

// Langs returns the languages of the index, sorted.
func (ix *Index) Langs() []string {
	out := make([]string, 0, len(ix.langs))
	for l := range ix.langs {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Search returns the k best answers for text written in lang, best first
// (ties by id). It searches the documents in lang and, for any other
// language, the German ones as well (answers.SourceLang: citizens write
// "Anmeldung" or "Führerschein" in any language), an answer scoring its
// better of the two. A text with no term in common with any answer finds
// nothing.
func (ix *Index) Search(lang, text string, k int) []Hit {
	scores := map[string]float64{}
	langs := []string{lang}
	if lang != answers.SourceLang {
		langs = append(langs, answers.SourceLang)
	}
	for _, l := range langs {
		li := ix.langs[l]
		if li == nil {
			continue
		}
		for id, s := range li.score(Terms(l, text)) {
			scores[id] = max(scores[id], s)
		}
	}
	hits := make([]Hit, 0, len(scores))
	for id, s := range scores {
		hits = append(hits, Hit{ID: id, Score: s})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	if k >= 0 && len(hits) > k {
		hits = hits[:k]
	}
	return hits
}

// score is BM25 of each document for the query terms, by answer id.
func (li *langIndex) score(query []string) map[string]float64 {
	n := float64(len(li.ids))
	byDoc := map[int]float64{}
	seen := map[string]bool{}
	for _, q := range query {
		if seen[q] {
			continue
		}
		seen[q] = true
		for t, weight := range li.matches(q) {
			ps := li.postings[t]
			idf := math.Log(1 + (n-float64(len(ps))+0.5)/(float64(len(ps))+0.5))
			for _, p := range ps {
				norm := p.tf * (k1 + 1) / (p.tf + k1*(1-b+b*li.lengths[p.doc]/li.avg))
				byDoc[p.doc] = max(byDoc[p.doc], 0) + weight*idf*norm
			}
		}
	}
	out := map[string]float64{}
	for d, s := range byDoc {
		out[li.ids[d]] = max(out[li.ids[d]], s)
	}
	return out
}

// matches returns the indexed terms q matches and how much: itself fully;
// when it is not indexed, the longest terms of at least five letters that
// contain it or that it contains (parts of compounds), at partial weight.
func (li *langIndex) matches(q string) map[string]float64 {
	if _, ok := li.postings[q]; ok {
		return map[string]float64{q: 1}
	}
	out := map[string]float64{}
	if len(q) < 5 {
		return out
	}
	longest := 0
	for _, t := range li.terms {
		if len(t) >= 5 && len(t) >= longest && (strings.Contains(t, q) || strings.Contains(q, t)) {
			if len(t) > longest {
				clear(out)
				longest = len(t)
			}
			out[t] = partial
		}
	}
	return out
}
