package staff

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"sort"
	"time"

	"amtsbote/channels"
	"amtsbote/store"
)

// StaffChannel is the channel name of messages staff write.
const StaffChannel = "staff"

// department works out whose queue a conversation is in: the department
// recorded when it entered the queue (or was transferred), else the
// escalation's, else the department of the service in progress, else the
// default department.
func (c *Console) department(info store.ConversationInfo, sc store.StaffConversation, hasRecord bool) string {
	switch {
	case hasRecord && sc.Department != "":
		return sc.Department
	case info.Meta.Department != "":
		return info.Meta.Department
	}
	if d := c.serviceDepartment(info.Meta.Service); d != "" {
		return d
	}
	return c.opts.DefaultDepartment
}

// serviceDepartment is the department that handles a service, from the catalog.
func (c *Console) serviceDepartment(service string) string {
	if c.cat == nil || service == "" {
		return ""
	}
	if d, ok := c.cat.Service(service); ok {
		return d.Department
	}
	return ""
}

// serviceTitle is a service's title in lang, or its id.
func (c *Console) serviceTitle(service, lang string) string {
	if c.cat != nil {
		if d, ok := c.cat.Service(service); ok {
			return d.Title.In(lang)
		}
	}
	return service
}

// teamName is a department's name as citizens read it.
func (c *Console) teamName(id, lang string) string {
	if deps, err := c.st.Departments(); err == nil {
		for _, d := range deps {
			if d.ID == id && d.Name != "" {
				return d.Name
			}
		}
	}
	if c.cat != nil {
		if d, ok := c.cat.Department(id); ok {
			return d.Name.In(lang)
		}
	}
	if id == "" {
		return c.say(lang, "staff.general_team")
	}
	return id
}

// convAccess loads what the console knows about a conversation and checks
// that a may see it; it answers 404 or 403 itself and returns ok false.
func (c *Console) convAccess(w http.ResponseWriter, a *actor, id string) (store.ConversationInfo, store.StaffConversation, string, bool) {
	info, err := c.st.ConversationInfo(id)
	if err != nil {
		c.storeError(w, "conversation", err)
		return info, store.StaffConversation{}, "", false
	}
	sc, err := c.st.StaffConversation(id)
	has := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		c.internal(w, "reading a staff record", err)
		return info, sc, "", false
	}
	dept := c.department(info, sc, has)
	if !c.mayConversation(a, info, dept, has) {
		writeError(w, http.StatusForbidden, "forbidden", "this conversation belongs to another department")
		return info, sc, "", false
	}
	return info, sc, dept, true
}

// convWrite is convAccess for a change (claim, answer, type, release,
// close, transfer, note): besides seeing the conversation, a must belong to
// the department whose queue it is in now (or it is the general queue, or
// a is an admin). Reading stays open to the department of a case filed in
// it; writing does not, so that department cannot take over another's.
func (c *Console) convWrite(w http.ResponseWriter, a *actor, id string) (store.ConversationInfo, store.StaffConversation, string, bool) {
	info, sc, dept, ok := c.convAccess(w, a, id)
	if ok && !c.may(a, dept) {
		writeError(w, http.StatusForbidden, "forbidden", "this conversation is in another department's queue")
		return info, sc, dept, false
	}
	return info, sc, dept, ok
}

// mayConversation reports whether a may see a conversation of dept. The
// general queue (dept "") is open to every agent only while the
// conversation waits for staff; besides, an agent may see the conversation
// in which a case of their department was submitted.
func (c *Console) mayConversation(a *actor, info store.ConversationInfo, dept string, staffRecord bool) bool {
	if a.admin() {
		return true
	}
	if c.may(a, dept) && (dept != "" || info.Meta.WaitingForStaff || staffRecord) {
		return true
	}
	conv, err := c.st.Conversation(info.ID)
	if err != nil || len(conv.State) == 0 {
		return false
	}
	st, err := c.forms.FormView(conv.State)
	if err != nil {
		return false
	}
	for _, ref := range st.Cases {
		if a.Department != "" && c.serviceDepartment(ref.Service) == a.Department {
			return true
		}
	}
	return false
}

// queueItem is one conversation of GET /staff/api/queue.
type queueItem struct {
	ID             string `json:"id"`
	Channel        string `json:"channel"`
	Language       string `json:"language"`
	Service        string `json:"service"`
	ServiceTitle   string `json:"service_title,omitempty"`
	Department     string `json:"department"`
	DepartmentName string `json:"department_name"` // from the departments file
	WaitingSeconds int64  `json:"waiting_seconds"`
	Reason         string `json:"reason,omitempty"`
	ClaimedBy      string `json:"claimed_by,omitempty"`
}

// queue lists the conversations waiting for staff that a may see, the
// longest waiting first. Claimed ones stay listed, with claimed_by.
func (c *Console) queue(w http.ResponseWriter, r *http.Request, a *actor) {
	items, err := c.queueFor(a, r.URL.Query().Get("department"))
	if err != nil {
		c.internal(w, "listing the queue", err)
		return
	}
	writeJSON(w, http.StatusOK, items)
}

func (c *Console) queueFor(a *actor, only string) ([]queueItem, error) {
	waiting, err := c.st.WaitingConversations()
	if err != nil {
		return nil, err
	}
	recs, err := c.st.StaffConversations()
	if err != nil {
		return nil, err
	}
	byID := make(map[string]store.StaffConversation, len(recs))
	for _, sc := range recs {
		byID[sc.ID] = sc
	}
	now := c.now()
	items := []queueItem{}
	for _, info := range waiting {
		sc, has := byID[info.ID]
		dept := c.department(info, sc, has)
		if !c.may(a, dept) || (only != "" && dept != only) {
			continue
		}
		since := info.Updated
		if has && !sc.Since.IsZero() {
			since = sc.Since
		}
		items = append(items, queueItem{ID: info.ID, Channel: info.Channel, Language: info.Meta.Language,
			Service: info.Meta.Service, ServiceTitle: c.serviceTitle(info.Meta.Service, "de"), Department: dept, DepartmentName: c.teamName(dept, "de"),
			WaitingSeconds: int64(now.Sub(since) / time.Second), Reason: sc.Reason, ClaimedBy: sc.Agent})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].WaitingSeconds > items[j].WaitingSeconds })
	return items, nil
}

// canned lists the canned replies of a's department and the general ones
// (an admin's: all).
func (c *Console) canned(w http.ResponseWriter, _ *http.Request, a *actor) {
	dept := a.Department
	if a.admin() {
		dept = ""
	}
	list, err := c.st.CannedReplies(dept) // "" lists all
	if err != nil {
		c.internal(w, "listing canned replies", err)
		return
	}
	if !a.admin() && a.Department == "" {
		list = slices.DeleteFunc(list, func(r store.CannedReply) bool { return r.Department != "" })
	}
	if list == nil {
		list = []store.CannedReply{}
	}
	writeJSON(w, http.StatusOK, list)
}

// staffMessage delivers what agent wrote into a conversation; the gateway
// sends it on the citizen's channel.
func (c *Console) staffMessage(ctx context.Context, id, agent, text string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	_, err := c.deliver.Deliver(ctx, channels.Inbound{Channel: StaffChannel, Address: agent, MessageID: "staff-" + randomID(),
		Conversation: id, From: channels.FromStaff, Text: text, Received: c.now()})
	return err
}

// systemNotice delivers a notice in the portal's name, with a hand-over
// event or none. It names the citizen's own channel and address: the
// gateway treats only FromStaff messages as staff-side, so a FromSystem
// message from channel "staff" would re-bind the conversation to it.
func (c *Console) systemNotice(ctx context.Context, id string, ev channels.StaffEvent, text string) error {
	return c.notice(ctx, id, channels.Inbound{Event: ev, Text: text})
}

// notice delivers in (Text, Event, Reopen) into conversation id in the
// portal's name.
func (c *Console) notice(ctx context.Context, id string, in channels.Inbound) error {
	conv, err := c.st.Conversation(id)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	in.Channel, in.Address, in.Conversation, in.From = conv.Channel, conv.Address, id, channels.FromSystem
	in.MessageID, in.Received = "staff-"+randomID(), c.now()
	_, err = c.deliver.Deliver(ctx, in)
	return err
}

func randomID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// OldestWait is how long the conversation that has waited longest for staff
// (of any department, claimed or not) has waited at now; 0 when none waits.
// The metrics read it (amtsbote_queue_oldest_wait_seconds).
func (c *Console) OldestWait(now time.Time) (time.Duration, error) {
	waiting, err := c.st.WaitingConversations()
	if err != nil {
		return 0, err
	}
	recs, err := c.st.StaffConversations()
	if err != nil {
		return 0, err
	}
	since := make(map[string]time.Time, len(recs))
	for _, sc := range recs {
		since[sc.ID] = sc.Since
	}
	var oldest time.Duration
	for _, info := range waiting {
		from := info.Updated
		if s := since[info.ID]; !s.IsZero() {
			from = s
		}
		oldest = max(oldest, now.Sub(from))
	}
	return oldest, nil
}
