package staff

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"amtsbote/answers"
	"amtsbote/store"
)

// Answers is the knowledge base as the console edits it (answers/live's
// Editor): the answers citizens get, their versions, the ratings.
type Answers interface {
	// Current returns the answers citizens get now, in order.
	Current() []*answers.Answer
	History(id string) (answers.History, error)
	SaveDraft(ctx context.Context, editor string, a answers.Answer, now time.Time) (answers.History, error)
	Publish(ctx context.Context, editor, id string, now time.Time) (answers.History, error)
	Revert(ctx context.Context, editor, id string, now time.Time) (answers.History, error)
	Feedback() ([]answers.Feedback, error)
	// Preview renders a (saved or not) as citizens would get it in lang.
	Preview(a *answers.Answer, lang string) (answers.Rendered, error)
	// Find returns the ids of the answers whose texts fit text best.
	Find(lang, text string, k int) []string
	// Validate checks a by itself and against the catalog, offices and
	// departments, as SaveDraft does.
	Validate(a *answers.Answer) error
}

// maxImport bounds an imported CSV (the demo city's 45 answers in two
// languages are about 70 KB).
const maxImport = 4 << 20

// answerRoutes adds the editor's API: list, search, read, preview, save
// a draft, publish, CSV export (the import, with its larger body, is
// registered in Handler).
func (c *Console) answerRoutes(api func(pattern, role string, h handlerFunc)) {
	api("GET /staff/api/answers", "", c.answerList)
	api("GET /staff/api/answers/export.csv", "", c.answerExport)
	api("GET /staff/api/answers/{id}", "", c.answerView)
	api("POST /staff/api/answers/{id}/preview", "", c.answerPreview)
	api("POST /staff/api/answers/{id}/draft", "", c.answerDraft)
	api("POST /staff/api/answers/{id}/publish", "", c.answerPublish)
	api("POST /staff/api/answers/{id}/revert", "", c.answerRevert)
}

// mayEdit reports whether a may edit the answers of department: admins
// every answer, editors those of their own department.
func (a *actor) mayEdit(department string) bool {
	return a.admin() || a.Role == store.RoleEditor && a.Department != "" && a.Department == department
}

// editing checks that the console has a knowledge base and that a may edit
// answers at all; otherwise it answers and returns false.
func (c *Console) editing(w http.ResponseWriter, a *actor) bool {
	switch {
	case c.answers == nil:
		writeError(w, http.StatusNotFound, "not_found", "there is no knowledge base")
		return false
	case !a.admin() && a.Role != store.RoleEditor:
		writeError(w, http.StatusForbidden, "forbidden", "editors and admins only")
		return false
	}
	return true
}

// answerItem is one answer in the list.
type answerItem struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Department string `json:"department"`
	Review     string `json:"review"`
	Overdue    bool   `json:"overdue"`  // past its review date
	Draft      bool   `json:"draft"`    // a draft waits to be published
	Version    int    `json:"version"`  // the published console version; 0: the definition file's
	Editable   bool   `json:"editable"` // the caller may edit it
	Helpful    int    `json:"helpful"`
	NotHelpful int    `json:"not_helpful"`
	Failing    bool   `json:"failing"` // rated, and no more than half found it helpful
}

// failingMin is how many ratings an answer needs before it is flagged.
const failingMin = 5

// answerList lists the answers; ?q= searches their texts, ?department=
// filters, ?overdue=1 keeps only those past their review date.
func (c *Console) answerList(w http.ResponseWriter, r *http.Request, a *actor) {
	if !c.editing(w, a) {
		return
	}
	fb, err := c.answers.Feedback()
	if err != nil {
		c.internal(w, "reading answer ratings", err)
		return
	}
	ratings := map[string]answers.Feedback{}
	for _, f := range fb {
		ratings[f.ID] = f
	}
	list := c.answers.Current()
	if q := strings.TrimSpace(r.URL.Query().Get("q")); q != "" {
		byID := map[string]*answers.Answer{}
		for _, x := range list {
			byID[x.ID] = x
		}
		list = nil
		for _, id := range c.answers.Find(answers.SourceLang, q, 20) {
			if x, ok := byID[id]; ok {
				list = append(list, x)
			}
		}
	}
	dep, overdue := r.URL.Query().Get("department"), r.URL.Query().Get("overdue") == "1"
	now := c.now().In(c.opts.Location)
	out := []answerItem{}
	for _, x := range list {
		if dep != "" && x.Department != dep || overdue && !x.Overdue(now) {
			continue
		}
		it := answerItem{ID: x.ID, Title: x.Title[answers.SourceLang], Department: x.Department, Review: x.Review.String(),
			Overdue: x.Overdue(now), Editable: a.mayEdit(x.Department)}
		if h, err := c.answers.History(x.ID); err == nil {
			it.Draft = h.Draft != nil
			if h.Published != nil {
				it.Version = h.Published.Version
			}
		}
		f := ratings[x.ID]
		it.Helpful, it.NotHelpful, it.Failing = f.Helpful, f.NotHelpful, f.Failing(failingMin)
		out = append(out, it)
	}
	writeJSON(w, http.StatusOK, out)
}

// answerDetail is one answer with its versions and how citizens see it.
type answerDetail struct {
	Answer   answerJSON      `json:"answer"`   // what citizens get now
	Draft    *answerJSON     `json:"draft"`    // the draft, if any
	Versions []answerVersion `json:"versions"` // published console versions, newest first
	Preview  renderedJSON    `json:"preview"`  // Answer (or the draft) rendered in German
	Editable bool            `json:"editable"`
	Overdue  bool            `json:"overdue"`
}

type answerVersion struct {
	Version int       `json:"version"`
	Editor  string    `json:"editor"`
	Time    time.Time `json:"time"`
}

// current returns answer id as citizens get it, or answers 404.
func (c *Console) current(w http.ResponseWriter, id string) (*answers.Answer, bool) {
	for _, x := range c.answers.Current() {
		if x.ID == id {
			return x, true
		}
	}
	writeError(w, http.StatusNotFound, "not_found", "no such answer")
	return nil, false
}

func (c *Console) answerView(w http.ResponseWriter, r *http.Request, a *actor) {
	if !c.editing(w, a) {
		return
	}
	x, ok := c.current(w, r.PathValue("id"))
	if !ok {
		return
	}
	h, err := c.answers.History(x.ID)
	if err != nil {
		c.internal(w, "reading an answer's versions", err)
		return
	}
	d := answerDetail{Answer: toAnswerJSON(x), Editable: a.mayEdit(x.Department), Overdue: x.Overdue(c.now().In(c.opts.Location)),
		Versions: []answerVersion{}}
	shown := x
	if h.Draft != nil {
		dj := toAnswerJSON(&h.Draft.Answer)
		d.Draft, shown = &dj, &h.Draft.Answer
	}
	for _, rec := range append(publishedOf(h), h.Previous...) {
		d.Versions = append(d.Versions, answerVersion{Version: rec.Version, Editor: rec.Editor, Time: rec.Time})
	}
	if p, err := c.answers.Preview(shown, answers.SourceLang); err == nil {
		d.Preview = toRenderedJSON(p)
	}
	writeJSON(w, http.StatusOK, d)
}

func publishedOf(h answers.History) []answers.Record {
	if h.Published == nil {
		return nil
	}
	return []answers.Record{*h.Published}
}

// editable reads the answer of the body for the answer in the path and
// checks that a may edit both the answer as it is and as it would be (an
// editor cannot move an answer to another department).
func (c *Console) editable(w http.ResponseWriter, r *http.Request, a *actor) (*answers.Answer, bool) {
	if !c.editing(w, a) {
		return nil, false
	}
	id := r.PathValue("id")
	var body answerJSON
	if !readJSON(w, r, &body) {
		return nil, false
	}
	x, err := body.answer()
	if err != nil {
		writeProblems(w, http.StatusBadRequest, "bad_answer", "the review date is a day written 2027-06-30", err, 0)
		return nil, false
	}
	if x.ID != id {
		writeError(w, http.StatusBadRequest, "bad_answer", "the answer's id differs from the address")
		return nil, false
	}
	for _, cur := range c.answers.Current() {
		if cur.ID == id && !a.mayEdit(cur.Department) {
			writeError(w, http.StatusForbidden, "forbidden", "this answer belongs to another department")
			return nil, false
		}
	}
	if !a.mayEdit(x.Department) {
		writeError(w, http.StatusForbidden, "forbidden", "you edit the answers of your own department only")
		return nil, false
	}
	return x, true
}

func (c *Console) answerPreview(w http.ResponseWriter, r *http.Request, a *actor) {
	x, ok := c.editable(w, r, a)
	if !ok {
		return
	}
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		lang = answers.SourceLang
	}
	if err := x.Check(); err != nil {
		writeProblems(w, http.StatusBadRequest, "bad_answer", err.Error(), err, 0)
		return
	}
	p, err := c.answers.Preview(x, lang)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_answer", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, toRenderedJSON(p))
}

func (c *Console) answerDraft(w http.ResponseWriter, r *http.Request, a *actor) {
	x, ok := c.editable(w, r, a)
	if !ok {
		return
	}
	if _, err := c.answers.SaveDraft(r.Context(), a.Username, *x, c.now()); err != nil {
		writeProblems(w, http.StatusBadRequest, "bad_answer", err.Error(), err, 0)
		return
	}
	c.answerView(w, r, a)
}

func (c *Console) answerPublish(w http.ResponseWriter, r *http.Request, a *actor) {
	if !c.editing(w, a) {
		return
	}
	id := r.PathValue("id")
	h, err := c.answers.History(id)
	if err != nil {
		c.internal(w, "reading an answer's versions", err)
		return
	}
	if h.Draft == nil {
		writeError(w, http.StatusConflict, "no_draft", "there is no draft to publish")
		return
	}
	dep := h.Draft.Answer.Department
	for _, cur := range c.answers.Current() {
		if cur.ID == id && !a.mayEdit(cur.Department) {
			dep = cur.Department
		}
	}
	if !a.mayEdit(dep) || !a.mayEdit(h.Draft.Answer.Department) {
		writeError(w, http.StatusForbidden, "forbidden", "this answer belongs to another department")
		return
	}
	if _, err := c.answers.Publish(r.Context(), a.Username, id, c.now()); err != nil {
		if errors.Is(err, answers.ErrNoDraft) {
			writeError(w, http.StatusConflict, "no_draft", "there is no draft to publish")
			return
		}
		c.internal(w, "publishing an answer", err)
		return
	}
	c.answerView(w, r, a)
}

// answerRevert makes the version published before the current one the
// draft again, to be published like any draft.
func (c *Console) answerRevert(w http.ResponseWriter, r *http.Request, a *actor) {
	if !c.editing(w, a) {
		return
	}
	x, ok := c.current(w, r.PathValue("id"))
	if !ok {
		return
	}
	if !a.mayEdit(x.Department) {
		writeError(w, http.StatusForbidden, "forbidden", "this answer belongs to another department")
		return
	}
	if _, err := c.answers.Revert(r.Context(), a.Username, x.ID, c.now()); err != nil {
		if errors.Is(err, answers.ErrNoPrevious) {
			writeError(w, http.StatusConflict, "no_previous", "there is no earlier version")
			return
		}
		c.internal(w, "reverting an answer", err)
		return
	}
	c.answerView(w, r, a)
}

// answerExport writes the answers citizens get as CSV (answers.WriteCSV),
// ?department= filtering.
func (c *Console) answerExport(w http.ResponseWriter, r *http.Request, a *actor) {
	if !c.editing(w, a) {
		return
	}
	dep := r.URL.Query().Get("department")
	var list []*answers.Answer
	for _, x := range c.answers.Current() {
		if dep == "" || x.Department == dep {
			list = append(list, x)
		}
	}
	var b bytes.Buffer
	if err := answers.WriteCSV(&b, list); err != nil {
		c.internal(w, "writing answers as CSV", err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="antworten.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b.Bytes())
}

// importResult says which answers an import saved as drafts.
type importResult struct {
	Drafts []string `json:"drafts"`
}

// answerImport reads a CSV (answers.ReadCSV) and saves every answer in it
// as a draft; nothing is published. All rows are checked first: one bad
// row, or an answer of another department, saves nothing.
func (c *Console) answerImport(w http.ResponseWriter, r *http.Request, a *actor) {
	if !c.editing(w, a) {
		return
	}
	list, err := answers.ReadCSV("import", r.Body)
	if err != nil {
		writeProblems(w, http.StatusBadRequest, "bad_csv", err.Error(), err, 0)
		return
	}
	deps := map[string]string{}
	for _, x := range c.answers.Current() {
		deps[x.ID] = x.Department
	}
	for _, x := range list {
		if d, ok := deps[x.ID]; ok && !a.mayEdit(d) || !a.mayEdit(x.Department) {
			writeError(w, http.StatusForbidden, "forbidden", "the answer "+x.ID+" belongs to another department")
			return
		}
		if err := c.answers.Validate(x); err != nil {
			writeProblems(w, http.StatusBadRequest, "bad_answer", err.Error(), err, x.Line) // ReadCSV's Line is the answer's first row
			return
		}
	}
	res := importResult{Drafts: []string{}}
	for _, x := range list {
		if _, err := c.answers.SaveDraft(r.Context(), a.Username, *x, c.now()); err != nil {
			writeProblems(w, http.StatusBadRequest, "bad_answer", err.Error(), err, x.Line)
			return
		}
		res.Drafts = append(res.Drafts, x.ID)
	}
	slices.Sort(res.Drafts)
	writeJSON(w, http.StatusOK, res)
}
