package staff

import (
	"net/http"
	"testing"

	"amtsbote/store"
)

// TestTranscriptAndNotesReadsAreAudited: reading a conversation's entries
// or notes is recorded once per session and conversation; a new login
// records it again.
func TestTranscriptAndNotesReadsAreAudited(t *testing.T) {
	e := team(t)
	id := e.escalate("web", "citizen-1")
	other := e.escalate("web", "citizen-2")
	root := e.login("root")
	reads := func(object string) int {
		t.Helper()
		var log []store.AuditEntry
		root.get("admin/audit?limit=500", &log)
		n := 0
		for _, l := range log {
			if l.Actor == "anna" && l.Object == object && l.Action == "conversation.read" {
				n++
			}
		}
		return n
	}

	anna := e.login("anna")
	anna.expect(http.StatusOK, "GET", "conversations/"+id+"/entries", nil)
	if n := reads(id); n != 1 {
		t.Fatalf("reading the transcript: %d audit entries, want 1", n)
	}
	anna.expect(http.StatusOK, "GET", "conversations/"+id+"/entries?after=2", nil)
	anna.expect(http.StatusOK, "GET", "conversations/"+id+"/notes", nil)
	if n := reads(id); n != 1 {
		t.Fatalf("reading again in the same session: %d audit entries, want 1", n)
	}
	anna.expect(http.StatusOK, "GET", "conversations/"+other+"/notes", nil)
	if n := reads(other); n != 1 {
		t.Fatalf("reading another conversation's notes: %d audit entries, want 1", n)
	}
	anna.expect(http.StatusNoContent, "POST", "logout", nil)
	anna = e.login("anna")
	anna.expect(http.StatusOK, "GET", "conversations/"+id+"/notes", nil)
	if n := reads(id); n != 2 {
		t.Fatalf("reading in a new session: %d audit entries, want 2", n)
	}
}
