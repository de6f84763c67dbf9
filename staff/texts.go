package staff

import (
	"net/http"

	"amtsbote/cases"
	"amtsbote/text"
)

// say is the catalog's text for key ("staff.joined") in the
// conversation's language (German when it names none the catalog knows).
func (c *Console) say(lang, key string, args ...any) string {
	l, err := text.Parse(lang)
	if err != nil {
		l = text.De
	}
	return c.texts.Text(l, key, args...)
}

// joinedText tells the citizen that a person took over.
func (c *Console) joinedText(lang, name, team string) string {
	return c.say(lang, "staff.joined", "name", name, "team", team)
}

// releasedText tells the citizen that the bot is back.
func (c *Console) releasedText(lang, name string) string {
	return c.say(lang, "staff.released", "name", name)
}

// closedText tells the citizen that the person closed the conversation.
func (c *Console) closedText(lang, name string) string {
	return c.say(lang, "staff.closed", "name", name)
}

// transferredText tells the citizen that another team takes over.
func (c *Console) transferredText(lang, team string) string {
	return c.say(lang, "staff.transferred", "team", team)
}

// caseStatusKeys are the texts of the statuses a citizen is told about.
var caseStatusKeys = map[string]string{
	cases.InReview:  "staff.case.in_review",
	cases.Approved:  "staff.case.approved",
	cases.Rejected:  "staff.case.rejected",
	cases.NeedsInfo: "staff.case.needs_info",
	cases.Closed:    "staff.case.closed",
}

// caseStatusText tells the citizen what became of an application; "" for
// a status the citizen is not told about.
func (c *Console) caseStatusText(lang, ref, status, note string) string {
	key, ok := caseStatusKeys[status]
	if !ok {
		return ""
	}
	return c.say(lang, key, "ref", ref, "note", note)
}

// problemPrefix is the catalog's prefix of the problems of an answer.
const problemPrefix = "answers.problem."

// serveTexts serves the console's own texts (the catalog's "console.*",
// keyed without "console.") and what can be wrong with an answer (its
// "answers.problem.*", keyed in full, for an error's problems) in every
// language as JSON, each with the language's own name, writing direction
// and place in the catalog's order:
// {"de":{"queue.title":"Wartende Gespräche",…,"answers.problem.row":"Zeile {row}",…,"name":"Deutsch","dir":"ltr","rank":0},…}.
// The console writes itself in the language the member of staff chose, else
// the browser's; the names label the citizens' languages. Nothing in it is
// secret, so it is served before login.
func (c *Console) serveTexts(w http.ResponseWriter, _ *http.Request) {
	all := map[string]map[string]any{}
	for i, l := range text.All() {
		b := c.texts.Bundle(l, "console.")
		for k, v := range c.texts.Bundle(l, problemPrefix) {
			b[problemPrefix+k] = v
		}
		b["name"], b["dir"], b["rank"] = c.texts.Name(l), l.Dir(), i
		all[string(l)] = b
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, all)
}
