package staff

import (
	"net/http"
	"time"

	"amtsbote/store"
)

// Who is there for the citizens, and when: the departments with their
// office hours and whether someone of each is online, as the console lists
// them and as the dialog engine asks before promising a person.

// departmentItem is one department of GET /staff/api/departments.
type departmentItem struct {
	ID    string              `json:"id"`
	Name  string              `json:"name"`
	Hours []store.OfficeHours `json:"hours"` // in effect: the console's, else the departments file's
	// HoursSource is where the hours come from: "console" (an admin
	// stored them), "file" (the departments file) or "" (none: always open).
	HoursSource string `json:"hours_source"`
	HoursText   string `json:"hours_text"` // as citizens read them
	RoundRobin  bool   `json:"round_robin"`
	Online      bool   `json:"online"`
}

// departments lists the departments (for transfers), from the catalog and
// the console's own records (names, office hours).
func (c *Console) departments(w http.ResponseWriter, _ *http.Request, _ *actor) {
	stored, err := c.st.Departments()
	if err != nil {
		c.internal(w, "listing departments", err)
		return
	}
	out := []departmentItem{}
	done := map[string]bool{}
	add := func(id string) {
		if done[id] {
			return
		}
		done[id] = true
		hours, source, err := c.officeHours(id)
		if err != nil {
			c.log.Error("reading office hours failed", "err", err)
		}
		if hours == nil {
			hours = []store.OfficeHours{}
		}
		out = append(out, departmentItem{ID: id, Name: c.teamName(id, "de"), Hours: hours, HoursSource: source,
			HoursText: c.HoursText(id, "de"), RoundRobin: c.wantsRoundRobin(id), Online: c.Online(id)})
	}
	if c.cat != nil {
		for _, d := range c.cat.Departments() {
			add(d.ID)
		}
	}
	for _, d := range stored {
		add(d.ID)
	}
	writeJSON(w, http.StatusOK, out)
}

// presence is when a member of staff was last active, and for which department.
type presence struct {
	department string
	at         time.Time
}

// Online reports whether someone of department is at the console: a live
// socket open, or a request within Options.PresenceWindow, on this node or
// (several nodes on one database) on another that said so within the last
// minute (see Peers). Department ""
// means the general queue: anyone online (or, with a default department,
// someone of it).
func (c *Console) Online(department string) bool {
	if department == "" {
		department = c.opts.DefaultDepartment
	}
	if c.hub.online(department) {
		return true
	}
	now := c.now()
	c.mu.Lock()
	for _, p := range c.seen {
		if (department == "" || p.department == department) && now.Sub(p.at) <= c.opts.PresenceWindow {
			c.mu.Unlock()
			return true
		}
	}
	c.mu.Unlock()
	return c.remoteOnline(department, now) // staff on another node
}

// Available reports whether a citizen asking now can expect a person of
// department soon: within its office hours and someone online. The dialog
// engine asks this before promising a person (see docs/staff-api.md).
func (c *Console) Available(department string, now time.Time) bool {
	return c.InOfficeHours(department, now) && c.Online(department)
}

// InOfficeHours reports whether now is within department's office hours
// (officeHours: the console's, else the departments file's). A department
// no file or admin gave hours is always open; the general queue ("") is
// open while any department is.
func (c *Console) InOfficeHours(department string, now time.Time) bool {
	if department == "" && c.cat != nil && len(c.cat.Departments()) > 0 {
		for _, d := range c.cat.Departments() {
			if c.InOfficeHours(d.ID, now) {
				return true
			}
		}
		return false
	}
	hours, source, err := c.officeHours(department)
	if err != nil {
		c.log.Error("reading office hours failed", "err", err)
		return true
	}
	if source == "" {
		return true
	}
	return openAt(hours, now.In(c.opts.Location))
}

// openAt reports whether t falls in one of the spans.
func openAt(hours []store.OfficeHours, t time.Time) bool {
	hm := t.Format("15:04")
	for _, h := range hours {
		if h.Weekday == t.Weekday() && hm >= h.From && hm < h.To {
			return true
		}
	}
	return false
}
