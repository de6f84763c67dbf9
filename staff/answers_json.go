package staff

import (
	"strings"

	"amtsbote/answers"
)

// answerJSON is an answer as the console's API reads and writes it.
type answerJSON struct {
	ID         string              `json:"id"`
	Title      map[string]string   `json:"title"`
	Questions  map[string][]string `json:"questions"`
	Keywords   map[string][]string `json:"keywords"`
	Text       map[string]string   `json:"text"`
	First      map[string]string   `json:"first"`
	Page       string              `json:"page"`
	Form       string              `json:"form"`
	Service    string              `json:"service"`
	Office     string              `json:"office"`
	Department string              `json:"department"`
	Review     string              `json:"review"` // "2027-06-30"
}

func toAnswerJSON(a *answers.Answer) answerJSON {
	return answerJSON{ID: a.ID, Title: a.Title, Questions: a.Questions, Keywords: a.Keywords, Text: a.Text, First: a.First,
		Page: a.Links.Page, Form: a.Links.Form, Service: a.Links.Service, Office: a.Links.Office,
		Department: a.Department, Review: a.Review.String()}
}

// answer returns the answer of j; the review date must be a day (the
// error is answers.ParseReview's).
func (j answerJSON) answer() (*answers.Answer, error) {
	review, err := answers.ParseReview(strings.TrimSpace(j.Review))
	if err != nil {
		return nil, err
	}
	return &answers.Answer{ID: strings.TrimSpace(j.ID), Title: j.Title, Questions: j.Questions, Keywords: j.Keywords,
		Text: j.Text, First: j.First, Department: j.Department, Review: review,
		Links: answers.Links{Page: j.Page, Form: j.Form, Service: j.Service, Office: j.Office}}, nil
}

// renderedJSON is an answer as a citizen would see it.
type renderedJSON struct {
	Lang    string     `json:"lang"`
	Title   string     `json:"title"`
	Text    string     `json:"text"`
	First   string     `json:"first"`
	Links   []linkJSON `json:"links"`
	Service string     `json:"service"`
	Office  *placeJSON `json:"office"`
}

type linkJSON struct {
	Kind string `json:"kind"`
	URL  string `json:"url"`
}

type placeJSON struct {
	Name    string `json:"name"`
	Hours   string `json:"hours"`
	Address string `json:"address"`
}

func toRenderedJSON(r answers.Rendered) renderedJSON {
	out := renderedJSON{Lang: r.Lang, Title: r.Title, Text: r.Text, First: r.First, Service: r.Service, Links: []linkJSON{}}
	for _, l := range r.Links {
		out.Links = append(out.Links, linkJSON{Kind: string(l.Kind), URL: l.URL})
	}
	if p := r.Office; p != nil {
		out.Office = &placeJSON{Name: p.Name, Hours: p.Hours, Address: p.Address}
	}
	return out
}
