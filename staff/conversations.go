package staff

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"amtsbote/channels"
	"amtsbote/store"
)

// conversationView is GET /staff/api/conversations/{id}.
type conversationView struct {
	ID           string        `json:"id"`
	Channel      string        `json:"channel"`
	Language     string        `json:"language"`
	Service      string        `json:"service"`
	ServiceTitle string        `json:"service_title,omitempty"`
	Department   string        `json:"department"`
	Waiting      bool          `json:"waiting"`
	ClaimedBy    string        `json:"claimed_by,omitempty"`
	Form         *formView     `json:"form,omitempty"`
	Entries      []entryView   `json:"entries"`
	Notes        []store.Note  `json:"notes"`
	Cases        []caseSummary `json:"cases"`
	Typing       bool          `json:"typing_supported"` // the citizen's channel shows staff typing
	Rating       *RatingView   `json:"rating,omitempty"` // how the citizen rated the conversation, last
}

// formView is the form in progress: the answers so far.
type formView struct {
	Service string `json:"service"`
	Title   string `json:"title"`
	Field   string `json:"field,omitempty"` // the question being asked; "" at the summary
	// FieldLabel is the field's label from the catalog ("Zählernummer").
	FieldLabel string       `json:"field_label,omitempty"`
	Paused     bool         `json:"paused,omitempty"`
	Answers    []answerView `json:"answers"`
}

// answerView is one answer of a form or case.
type answerView struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// entryView is one transcript entry, as the console shows it.
type entryView struct {
	Seq     uint64            `json:"seq"`
	Time    time.Time         `json:"time"`
	From    string            `json:"from"`             // citizen, bot, staff, system
	Author  string            `json:"author,omitempty"` // staff: the agent's username
	Event   string            `json:"event,omitempty"`  // joined, released, closed
	Text    string            `json:"text"`
	Choice  string            `json:"choice,omitempty"`
	Options []channels.Option `json:"options,omitempty"`
	Files   []fileView        `json:"files,omitempty"`
}

// fileView is a file of an entry; URL downloads it.
type fileView struct {
	Name      string `json:"name"`
	MediaType string `json:"media_type"`
	Size      int    `json:"size"`
	URL       string `json:"url"`
}

// conversation shows a conversation: transcript, form so far, notes, cases.
// Opening it is recorded in the audit log.
func (c *Console) conversation(w http.ResponseWriter, r *http.Request, a *actor) {
	id := r.PathValue("id")
	info, sc, dept, ok := c.convAccess(w, a, id)
	if !ok {
		return
	}
	if !c.auditRead(r.Context(), w, a, "conversation.open", id) {
		return
	}
	conv, err := c.st.Conversation(id)
	if err != nil {
		c.storeError(w, "conversation", err)
		return
	}
	st, err := c.forms.FormView(conv.State)
	if err != nil {
		c.internal(w, "reading a dialog state", err)
		return
	}
	hist, err := c.history.Conversation(id, 0)
	if err != nil {
		c.internal(w, "reading a transcript", err)
		return
	}
	notes, err := c.st.Notes(id)
	if err != nil {
		c.internal(w, "reading notes", err)
		return
	}
	if notes == nil {
		notes = []store.Note{}
	}
	lang := info.Meta.Language
	v := conversationView{ID: id, Channel: info.Channel, Language: lang, Service: info.Meta.Service,
		ServiceTitle: c.serviceTitle(info.Meta.Service, "de"), Department: dept, Waiting: info.Meta.WaitingForStaff,
		ClaimedBy: sc.Agent, Entries: entryViews(id, hist), Notes: notes, Cases: []caseSummary{}, Rating: st.Rating}
	_, v.Typing = c.typers[info.Channel]
	if st.Form != "" {
		v.Form = &formView{Service: st.Form, Title: c.serviceTitle(st.Form, "de"), Field: st.Field, Paused: st.Paused,
			FieldLabel: c.fieldLabel(st.Form, st.Field), Answers: c.answerViews(st.Form, st.Answers)}
	}
	for _, ref := range st.Cases {
		cs, err := c.st.Case(ref.Ref)
		if err != nil {
			continue // deleted under retention
		}
		v.Cases = append(v.Cases, c.summary(cs))
	}
	writeJSON(w, http.StatusOK, v)
}

// entries returns transcript entries after seq ?after=N, for live updates.
// The first read in a session is recorded in the audit log.
func (c *Console) entries(w http.ResponseWriter, r *http.Request, a *actor) {
	id := r.PathValue("id")
	if _, _, _, ok := c.convAccess(w, a, id); !ok || !c.auditRead(r.Context(), w, a, "conversation.read", id) {
		return
	}
	after, _ := strconv.ParseUint(r.URL.Query().Get("after"), 10, 64)
	hist, err := c.history.Conversation(id, after)
	if err != nil {
		c.internal(w, "reading a transcript", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": entryViews(id, hist)})
}

// entryViews turns transcript entries into what the console shows. What
// staff write is stored twice, as their inbound message and as the reply
// the citizen got; the reply is shown, with the inbound's author.
func entryViews(id string, hist []channels.HistoryEntry) []entryView {
	out := []entryView{}
	var author, event string
	for _, e := range hist {
		if in := e.Inbound; in != nil {
			if in.From == channels.FromStaff || in.From == channels.FromSystem {
				author, event = "", string(in.Event)
				if in.Channel == StaffChannel {
					author = in.Address
				}
				continue
			}
			author, event = "", ""
			out = append(out, entryView{Seq: e.Seq, Time: e.Time, From: "citizen", Text: in.Text, Choice: in.Choice,
				Files: fileViews(id, e.Seq, in.Attachments)})
			continue
		}
		if o := e.Outbound; o != nil {
			v := entryView{Seq: e.Seq, Time: e.Time, From: string(o.From), Text: o.Text, Options: o.Options,
				Files: fileViews(id, e.Seq, o.Attachments)}
			if o.From == channels.FromStaff || o.From == channels.FromSystem {
				v.Author, v.Event = author, event
			}
			out = append(out, v)
		}
	}
	return out
}

func fileViews(id string, seq uint64, files []channels.Attachment) []fileView {
	var out []fileView
	for i, f := range files {
		out = append(out, fileView{Name: f.Name, MediaType: f.MediaType, Size: len(f.Data),
			URL: fmt.Sprintf("/staff/api/conversations/%s/files/%d/%d", id, seq, i)})
	}
	return out
}

// answerViews lists answers in the order of the service's fields, labelled.
// fieldLabel is a form field's label as the catalog writes it, or its
// name for a field the catalog does not know.
func (c *Console) fieldLabel(service, field string) string {
	if c.cat != nil && field != "" {
		if def, ok := c.cat.Service(service); ok {
			for _, f := range def.Fields {
				if f.Name == field {
					return f.Label.In("de")
				}
			}
		}
	}
	return field
}

func (c *Console) answerViews(service string, answers map[string]string) []answerView {
	out := []answerView{}
	done := map[string]bool{}
	if c.cat != nil {
		if def, ok := c.cat.Service(service); ok {
			for _, f := range def.Fields {
				if v, ok := answers[f.Name]; ok {
					out = append(out, answerView{Name: f.Name, Label: f.Label.In("de"), Value: v})
					done[f.Name] = true
				}
			}
		}
	}
	var rest []string
	for name := range answers {
		if !done[name] {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range rest {
		out = append(out, answerView{Name: name, Label: name, Value: answers[name]})
	}
	return out
}

// safeInline are the media types a download keeps; anything else is sent
// as application/octet-stream.
var safeInline = map[string]bool{"application/pdf": true, "image/jpeg": true, "image/png": true}

// file downloads a file of a transcript entry.
func (c *Console) file(w http.ResponseWriter, r *http.Request, a *actor) {
	id := r.PathValue("id")
	seq, err1 := strconv.ParseUint(r.PathValue("seq"), 10, 64)
	n, err2 := strconv.Atoi(r.PathValue("n"))
	if err1 != nil || err2 != nil || seq == 0 || n < 0 {
		writeError(w, http.StatusBadRequest, "bad_request", "bad file reference")
		return
	}
	if _, _, _, ok := c.convAccess(w, a, id); !ok {
		return
	}
	hist, err := c.history.Conversation(id, seq-1)
	if err != nil {
		c.internal(w, "reading a transcript", err)
		return
	}
	var files []channels.Attachment
	if len(hist) > 0 && hist[0].Seq == seq {
		if hist[0].Inbound != nil {
			files = hist[0].Inbound.Attachments
		} else if hist[0].Outbound != nil {
			files = hist[0].Outbound.Attachments
		}
	}
	if n >= len(files) {
		writeError(w, http.StatusNotFound, "not_found", "file not found")
		return
	}
	if c.auditLog(r.Context(), a.Username, "file.download", fmt.Sprintf("%s/%d/%d", id, seq, n)) != nil {
		writeError(w, http.StatusServiceUnavailable, "audit", "the audit log cannot be written; try again")
		return
	}
	f := files[n]
	mt := "application/octet-stream"
	if safeInline[f.MediaType] {
		mt = f.MediaType
	}
	h := w.Header()
	h.Set("Content-Type", mt)
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(f.Name))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(f.Data)
}
