package staff

import (
	"net/http"
	"testing"

	"amtsbote/channels"
	"amtsbote/store"
)

// TestCaseDepartmentCannotTakeOverAnotherQueue: anna's department has a
// case in the conversation, so she may still read it; but it waits in the
// Gewerbeamt's queue now, so every change she tries is refused, and bert of
// the Gewerbeamt can still claim it.
func TestCaseDepartmentCannotTakeOverAnotherQueue(t *testing.T) {
	writes := []struct {
		name, method, path string
		body               any
		held               bool // anna holds a claim on it already (one made before it was transferred)
	}{
		{"claim", "POST", "claim", nil, false},
		{"message", "POST", "messages", textRequest{Text: "Hier ist Anna"}, true},
		{"typing", "POST", "typing", nil, true},
		{"release", "POST", "release", nil, false},
		{"close", "POST", "close", nil, false},
		{"transfer", "POST", "transfer", transferRequest{Department: "stadtwerke"}, false},
		{"note", "POST", "notes", textRequest{Text: "Notiz"}, false},
	}
	for _, wr := range writes {
		t.Run(wr.name, func(t *testing.T) {
			e := team(t)
			id, _ := e.submitMeterReading("web", "citizen-1") // a case of the Stadtwerke
			e.citizen("web", "citizen-1", channels.Inbound{Choice: "staff"})
			anna, bert := e.login("anna"), e.login("bert")
			anna.expect(http.StatusNoContent, "POST", "conversations/"+id+"/transfer", transferRequest{Department: "gewerbeamt"})

			var v conversationView
			anna.get("conversations/"+id, &v) // reading stays allowed
			if v.Department != "gewerbeamt" {
				t.Fatalf("department after the transfer: %q", v.Department)
			}
			if wr.held {
				_, err := e.core.DB.UpdateStaffConversation(t.Context(), id, func(sc *store.StaffConversation, _ bool) (bool, error) {
					sc.Agent = "anna"
					return true, nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			status, body := anna.do(wr.method, "conversations/"+id+"/"+wr.path, wr.body)
			if status != http.StatusForbidden {
				t.Fatalf("%s by the case's department in another's queue: %d %s", wr.name, status, body)
			}
			if wr.held {
				return
			}
			bert.expect(http.StatusOK, "POST", "conversations/"+id+"/claim", nil)
			bert.expect(http.StatusCreated, "POST", "conversations/"+id+"/messages", textRequest{Text: "Hier ist Bert"})
		})
	}
}
