package route

import (
	"strings"

	"amtsbote/catalog"
)

// A question about an application already made often names the service:
// "Was ist der Stand bei meinem Kinderreisepass?" The words of the service
// then outweigh the status cue, so the router takes such a message for
// the status question it is: a status cue, about the citizen's own
// application (a possessive), with no verb of handing in, changing or
// applying ("Stand … durchgeben", "Status … ändern", "apply … my"). With
// such a verb the cue does not count for the status intent at all. A
// service whose own title holds the cue is about that very thing, not
// about an application's progress: the title "Zählerstand melden" makes
// "Stand" next to a water meter a meter's value.

// statusCues are words that ask how far an application has got; "weit"
// and "far" count only after "wie" and "how".
const statusCues = `stand status bearbeitungsstand sachstand antragsstatus progress weit far`

// possessives say that the citizen asks about their own application.
const possessives = `mein meine meinem meinen meiner meines unser unsere unserem unseren unserer unseres my our`

// actionVerbs hand something in, change it or apply for it: with them a
// status cue is a value to report or a thing to change, and the message
// keeps its service. Only the forms of the present: a participle
// ("habe … angemeldet, wie ist der Stand?") asks about the application.
const actionVerbs = `melden melde meldet mitteilen teile teilt durchgeben gebe eintragen trage traegt eingeben angeben
aendern aendere aendert wechseln wechsle beantragen beantrage anmelden anmelde ummelden ummelde abmelden abmelde
einreichen reiche uebermitteln bestellen bestelle verlaengern verlaengere
report reporting submit submitting enter change changing apply applying register order renew extend send`

// asOf are words after "Stand" that make it a date, not a question
// ("Stand jetzt ist mein Pass noch gültig"); so does a number.
const asOf = `heute jetzt gestern aktuell`

// statusWords holds the word lists of status questions, built once by New.
type statusWords struct {
	cue, possessive, action, asOf map[string]bool
	// titled is, by intent, the cues the intent's title holds, as a word
	// or a piece of a compound ("Zählerstand").
	titled []map[string]bool
}

// wordSet returns the words of a list as a set.
func wordSet(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}

// newStatusWords builds the word lists and finds the cues in the titles
// of the services; ids are the router's intents.
func newStatusWords(cat *catalog.Catalog, ids []string, v *vocab) statusWords {
	sw := statusWords{
		cue: wordSet(statusCues), possessive: wordSet(possessives), action: wordSet(actionVerbs), asOf: wordSet(asOf),
		titled: make([]map[string]bool, len(ids)),
	}
	for i, id := range ids {
		d, ok := cat.Service(id)
		if !ok {
			continue
		}
		for _, tok := range tokens(d.Title.De + " " + d.Title.En) {
			if sw.cue[tok] {
				sw.mark(i, tok)
			}
			for _, sg := range v.pieces.split(tok, false, nil) {
				if p := tok[sg.from:sg.to]; sw.cue[p] {
					sw.mark(i, p)
				}
			}
		}
	}
	return sw
}

// mark records that the title of intent i holds cue.
func (sw *statusWords) mark(i int, cue string) {
	if sw.titled[i] == nil {
		sw.titled[i] = map[string]bool{}
	}
	sw.titled[i][cue] = true
}

// question is what the words of a message say about a status question.
type question struct {
	cue    string // the status cue, "" when none
	own    bool   // a possessive: the citizen's own application
	action bool   // a verb of handing in, changing or applying
}

// asks reports whether the message is a status question about the
// citizen's own application.
func (q question) asks() bool { return q.cue != "" && q.own && !q.action }

// scan reads the status cue, possessive and verbs of a message's folded
// words.
func (sw *statusWords) scan(toks []string) question {
	var q question
	for k, tok := range toks {
		switch {
		case sw.action[tok]:
			q.action = true
		case sw.possessive[tok]:
			q.own = true
		case q.cue != "" || !sw.cue[tok]:
		case tok == "weit" || tok == "far":
			if k > 0 && (toks[k-1] == "wie" || toks[k-1] == "how") {
				q.cue = tok
			}
		case tok == "stand" && k+1 < len(toks) && (sw.asOf[toks[k+1]] || isNumber(toks[k+1])):
		default:
			q.cue = tok
		}
	}
	return q
}
