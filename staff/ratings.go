package staff

import (
	"net/http"
	"time"

	"amtsbote/ratings"
)

// Ratings are the counts of the citizens' ratings of their conversations,
// per department and service (package ratings).
type Ratings interface {
	Counts() ([]ratings.Count, error)
}

// RatingView is a citizen's rating of a conversation, as the console shows
// it on the conversation: the comment is what the citizen wrote.
type RatingView struct {
	Score   string    `json:"score"` // "good" or "bad"
	Comment string    `json:"comment,omitempty"`
	At      time.Time `json:"at"`
}

// ratingCount is one row of GET /staff/api/ratings.
type ratingCount struct {
	Department     string    `json:"department"`
	DepartmentName string    `json:"department_name"`
	Service        string    `json:"service"`
	ServiceTitle   string    `json:"service_title"`
	Good           int       `json:"good"`
	Bad            int       `json:"bad"`
	Comments       int       `json:"comments"`
	Last           time.Time `json:"last"`
}

// ratingCounts lists how citizens rated their conversations, per
// department and service: an admin sees all, an agent their department's
// (and the general one's, as with the queue). No personal data: counts.
func (c *Console) ratingCounts(w http.ResponseWriter, _ *http.Request, a *actor) {
	out := []ratingCount{}
	if c.ratings == nil {
		writeJSON(w, http.StatusOK, out)
		return
	}
	counts, err := c.ratings.Counts()
	if err != nil {
		c.internal(w, "reading the ratings", err)
		return
	}
	for _, n := range counts {
		if !c.may(a, n.Department) {
			continue
		}
		r := ratingCount{Department: n.Department, Service: n.Service, Good: n.Good, Bad: n.Bad, Comments: n.Comments, Last: n.Last}
		if n.Department != "" {
			r.DepartmentName = c.teamName(n.Department, "de")
		}
		if n.Service != "" {
			r.ServiceTitle = c.serviceTitle(n.Service, "de")
		}
		out = append(out, r)
	}
	writeJSON(w, http.StatusOK, out)
}
