package staff

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"amtsbote/channels"
	"amtsbote/store"
)

// maxTextChars bounds what staff write in one message or note.
const maxTextChars = 4000

// displayName is how citizens see a member of staff: the account's first
// name, else the username with a capital.
func (a *actor) displayName() string {
	if a.Name != "" {
		return a.Name
	}
	r, size := utf8.DecodeRuneInString(a.Username)
	return strings.ToUpper(string(r)) + a.Username[size:]
}

// textRequest is the body of messages and notes.
type textRequest struct {
	Text string `json:"text"`
}

// readText reads a textRequest and checks its length.
func readText(w http.ResponseWriter, r *http.Request) (string, bool) {
	var req textRequest
	if !readJSON(w, r, &req) {
		return "", false
	}
	text := strings.TrimSpace(req.Text)
	if text == "" || utf8.RuneCountInString(text) > maxTextChars {
		writeError(w, http.StatusBadRequest, "bad_text", "the text must have 1 to 4000 characters")
		return "", false
	}
	return text, true
}

// claimResponse answers a claim.
type claimResponse struct {
	ID        string `json:"id"`
	ClaimedBy string `json:"claimed_by"`
}

// claim takes a conversation over: no two agents at once. The citizen is
// told who is there now, and the bot stays silent.
func (c *Console) claim(w http.ResponseWriter, r *http.Request, a *actor) {
	id, ctx := r.PathValue("id"), r.Context()
	info, sc, dept, ok := c.convWrite(w, a, id)
	if !ok {
		return
	}
	if sc.Agent == a.Username {
		writeJSON(w, http.StatusOK, claimResponse{ID: id, ClaimedBy: a.Username})
		return
	}
	holder, err := c.st.ClaimConversation(ctx, id, a.Username, dept, c.now())
	if errors.Is(err, store.ErrClaimed) {
		writeJSON(w, http.StatusConflict, errorResponse{Error: "claimed", Message: "another member of staff has this conversation",
			ClaimedBy: holder.Agent})
		return
	}
	if err != nil {
		c.internal(w, "claiming", err)
		return
	}
	lang, team := info.Meta.Language, a.Department // the citizen talks to the agent's team
	if team == "" {
		team = dept
	}
	if err := c.systemNotice(ctx, id, channels.StaffJoined, c.joinedText(lang, a.displayName(), c.teamName(team, lang))); err != nil {
		c.dropClaim(ctx, id, a.Username)
		c.internal(w, "announcing a claim", err)
		return
	}
	_ = c.auditLog(ctx, a.Username, "conversation.claim", id)
	c.shareQueue(ctx, dept)
	writeJSON(w, http.StatusOK, claimResponse{ID: id, ClaimedBy: a.Username})
}

// dropClaim undoes agent's claim after the hand-over failed.
func (c *Console) dropClaim(ctx context.Context, id, agent string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_, err := c.st.UpdateStaffConversation(ctx, id, func(sc *store.StaffConversation, exists bool) (bool, error) {
		if sc.Agent == agent {
			sc.Agent, sc.Claimed = "", time.Time{}
		}
		return exists, nil
	})
	if err != nil {
		c.log.Error("dropping a claim failed", "err", err)
	}
}

// holds answers 409 unless a has claimed the conversation.
func holds(w http.ResponseWriter, a *actor, sc store.StaffConversation) bool {
	if sc.Agent != a.Username {
		writeJSON(w, http.StatusConflict, errorResponse{Error: "not_claimed",
			Message: "claim the conversation before writing in it", ClaimedBy: sc.Agent})
		return false
	}
	return true
}

// reply sends what the agent wrote to the citizen, on the citizen's channel.
func (c *Console) reply(w http.ResponseWriter, r *http.Request, a *actor) {
	id := r.PathValue("id")
	text, ok := readText(w, r)
	if !ok {
		return
	}
	_, sc, _, ok := c.convWrite(w, a, id)
	if !ok || !holds(w, a, sc) {
		return
	}
	if err := c.staffMessage(r.Context(), id, a.Username, text); err != nil {
		c.log.Error("delivering a staff message failed", "err", err)
		writeError(w, http.StatusBadGateway, "delivery_failed", "the message could not be stored; please send it again")
		return
	}
	writeJSON(w, http.StatusCreated, map[string]bool{"ok": true})
}

// typing shows the citizen that the agent types, where the channel can.
func (c *Console) typing(w http.ResponseWriter, r *http.Request, a *actor) {
	id := r.PathValue("id")
	info, sc, _, ok := c.convWrite(w, a, id)
	if !ok || !holds(w, a, sc) {
		return
	}
	if t, ok := c.typers[info.Channel]; ok {
		conv, err := c.st.Conversation(id)
		if err != nil {
			c.storeError(w, "conversation", err)
			return
		}
		t.Typing(conv.Address, channels.FromStaff)
	}
	w.WriteHeader(http.StatusNoContent)
}

// release hands the conversation back to the bot.
func (c *Console) release(w http.ResponseWriter, r *http.Request, a *actor) {
	c.endHandover(w, r, a, channels.StaffReleased, "conversation.release", c.releasedText)
}

// closeConversation ends the conversation with staff; the bot answers again
// when the citizen writes.
func (c *Console) closeConversation(w http.ResponseWriter, r *http.Request, a *actor) {
	c.endHandover(w, r, a, channels.StaffClosed, "conversation.close", c.closedText)
}

// endHandover is release and close: only the agent who holds the
// conversation (or anyone who may see it while nobody holds it, or an
// admin) may end it.
func (c *Console) endHandover(w http.ResponseWriter, r *http.Request, a *actor, ev channels.StaffEvent, action string,
	text func(lang, name string) string) {
	id, ctx := r.PathValue("id"), r.Context()
	info, sc, dept, ok := c.convWrite(w, a, id)
	if !ok {
		return
	}
	if !info.Meta.WaitingForStaff {
		writeError(w, http.StatusConflict, "not_waiting", "the bot has this conversation already")
		return
	}
	if sc.Agent != "" && sc.Agent != a.Username && !a.admin() {
		writeJSON(w, http.StatusConflict, errorResponse{Error: "claimed", Message: "another member of staff has this conversation",
			ClaimedBy: sc.Agent})
		return
	}
	if err := c.systemNotice(ctx, id, ev, text(info.Meta.Language, a.displayName())); err != nil {
		c.internal(w, "handing a conversation back", err)
		return
	}
	if _, err := c.st.UpdateStaffConversation(ctx, id, func(*store.StaffConversation, bool) (bool, error) { return false, nil }); err != nil {
		c.log.Error("clearing a staff record failed", "err", err)
	}
	_ = c.auditLog(ctx, a.Username, action, id)
	c.shareQueue(ctx, dept)
	w.WriteHeader(http.StatusNoContent)
}

// transferRequest is the body of a transfer.
type transferRequest struct {
	Department string `json:"department"`
}

// transfer moves a waiting conversation to another department's queue.
func (c *Console) transfer(w http.ResponseWriter, r *http.Request, a *actor) {
	id, ctx := r.PathValue("id"), r.Context()
	var req transferRequest
	if !readJSON(w, r, &req) {
		return
	}
	if !c.knownDepartment(req.Department) {
		c.badDepartment(w, req.Department)
		return
	}
	info, sc, dept, ok := c.convWrite(w, a, id)
	if !ok {
		return
	}
	if !info.Meta.WaitingForStaff {
		writeError(w, http.StatusConflict, "not_waiting", "the conversation does not wait for staff")
		return
	}
	if sc.Agent != "" && sc.Agent != a.Username && !a.admin() {
		writeJSON(w, http.StatusConflict, errorResponse{Error: "claimed", Message: "another member of staff has this conversation",
			ClaimedBy: sc.Agent})
		return
	}
	now := c.now()
	_, err := c.st.UpdateStaffConversation(ctx, id, func(sc *store.StaffConversation, _ bool) (bool, error) {
		sc.Department, sc.Since, sc.Reason, sc.Agent, sc.Claimed = req.Department, now, "transfer", "", time.Time{}
		return true, nil
	})
	if err != nil {
		c.internal(w, "transferring", err)
		return
	}
	lang := info.Meta.Language
	if err := c.systemNotice(ctx, id, "", c.transferredText(lang, c.teamName(req.Department, lang))); err != nil {
		c.log.Error("telling the citizen of a transfer failed", "err", err)
	}
	_ = c.auditLog(ctx, a.Username, "conversation.transfer", id)
	c.shareQueue(ctx, dept)
	c.shareQueue(ctx, req.Department)
	w.WriteHeader(http.StatusNoContent)
}

// knownDepartment reports whether id is a department of the catalog or
// one recorded by an admin.
func (c *Console) knownDepartment(id string) bool {
	if id == "" {
		return false
	}
	if c.cat != nil {
		if _, ok := c.cat.Department(id); ok {
			return true
		}
	}
	deps, _ := c.st.Departments()
	for _, d := range deps {
		if d.ID == id {
			return true
		}
	}
	return false
}

// notes lists a conversation's internal notes. The first read in a
// session is recorded in the audit log.
func (c *Console) notes(w http.ResponseWriter, r *http.Request, a *actor) {
	id := r.PathValue("id")
	if _, _, _, ok := c.convAccess(w, a, id); !ok || !c.auditRead(r.Context(), w, a, "conversation.read", id) {
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
	writeJSON(w, http.StatusOK, notes)
}

// addNote adds an internal note; the citizen never sees it.
func (c *Console) addNote(w http.ResponseWriter, r *http.Request, a *actor) {
	id := r.PathValue("id")
	text, ok := readText(w, r)
	if !ok {
		return
	}
	_, _, dept, ok := c.convWrite(w, a, id)
	if !ok {
		return
	}
	n, err := c.st.AddNote(r.Context(), id, store.Note{Time: c.now(), Author: a.Username, Text: text})
	if err != nil {
		c.storeError(w, "conversation", err)
		return
	}
	c.shareNote(r.Context(), id, dept)
	writeJSON(w, http.StatusCreated, n)
}
