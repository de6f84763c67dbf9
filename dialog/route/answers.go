package route

import (
	"strings"

	"amtsbote/answers"
	"amtsbote/catalog"
)

// serviceOverAnswer: in a message that asks for an application (a word of
// applyWords), a service scoring at least this share of the best answer
// wins over it: "Personalausweis beantragen" starts the service,
// "Personalausweis verloren" answers.
const serviceOverAnswer = 0.5

// applyWords ask for an application or an appointment (folded).
const applyWords = `beantragen beantrage beantrag antrag antrage antragen termin termine buchen vereinbaren
	ausstellen verlaengern verlaengerung apply application appointment book renew`

// applySuffixes end words naming a document one applies for
// ("Sterbeurkunde", "Meldebescheinigung").
var applySuffixes = []string{"urkunde", "bescheinigung", "certificate"}

// isApply reports whether a folded word asks for an application.
func (r *Router) isApply(tok string) bool {
	if r.apply[tok] {
		return true
	}
	for _, s := range applySuffixes {
		if strings.HasSuffix(tok, s) {
			return true
		}
	}
	return false
}

// topic is an intent besides the catalog's services: an answer of the
// knowledge base, routed by its title, keywords and questions.
type topic struct {
	id        string
	title     answers.Text  // by language
	keywords  answers.Words // by language
	questions answers.Words // by language
}

// NewWithAnswers builds a router over the services of cat, the built-in
// intents and the answers of the knowledge base: an answer's id is routed
// like a service's, by its title, keywords and questions in every
// language of the router (routeLangs). Answer ids must differ from service ids (answers.Validate
// checks it against the catalog).
func NewWithAnswers(cat *catalog.Catalog, list []*answers.Answer) *Router {
	topics := make([]topic, 0, len(list))
	for _, a := range list {
		topics = append(topics, topic{id: a.ID, title: a.Title, keywords: a.Keywords, questions: a.Questions})
	}
	return newRouter(cat, topics)
}

// IsAnswer reports whether id is an answer the router routes to.
func (r *Router) IsAnswer(id string) bool {
	for _, x := range r.ids[r.answers:] {
		if x == id {
			return true
		}
	}
	return false
}

// topics indexes the answers as intents from index first on.
func (b *builder) topics(first int, topics []topic) {
	for j, tp := range topics {
		i := first + j
		for _, l := range routeLangs {
			b.text(i, tp.title[l.tag], weightTitle, l.bit, true)
			for _, k := range tp.keywords[l.tag] {
				b.text(i, k, weightKeyword, l.bit, true)
			}
			for _, q := range tp.questions[l.tag] {
				b.text(i, q, weightExample, l.bit, true)
			}
		}
	}
}

// preferService returns the best service instead of the best answer when
// it scored close to it; second becomes the answer.
func (r *Router) preferService(score []float64, best, second int, apply bool) (int, int) {
	if !apply {
		return best, second
	}
	svc := -1
	for i := 0; i < r.answers; i++ {
		if i == r.status || i == r.staff {
			continue
		}
		if score[i] > 0 && (svc < 0 || score[i] > score[svc]) {
			svc = i
		}
	}
	if svc >= 0 && score[svc] >= serviceOverAnswer*score[best] {
		return svc, best
	}
	return best, second
}
