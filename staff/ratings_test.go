package staff

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"amtsbote/channels"
	"amtsbote/store"
	"amtsbote/store/bolt"
)

// TestRatingsShownToStaff: a citizen rates the conversation of a meter
// reading 👎 and comments; the Stadtwerke's agent sees the rating with the
// comment on the conversation and the counts in the overview, another
// department's agent does not; the comment is stored sealed.
func TestRatingsShownToStaff(t *testing.T) {
	e := newEnv(t, Options{})
	e.account("anna", "stadtwerke", store.RoleAgent)
	e.account("bert", "schulamt", store.RoleAgent)
	const comment = "Die Zählernummer war schwer zu finden"
	id, _ := e.submitMeterReading("web", "w1")
	e.citizen("web", "w1", channels.Inbound{Choice: "rate:bad"})
	e.citizen("web", "w1", channels.Inbound{Text: comment})
	e.submitMeterReading("web", "w2")
	e.citizen("web", "w2", channels.Inbound{Choice: "rate:good"})

	anna := e.login("anna")
	var conv conversationView
	anna.get("conversations/"+id, &conv)
	if conv.Rating == nil || conv.Rating.Score != "bad" || conv.Rating.Comment != comment || conv.Rating.At.IsZero() {
		t.Fatalf("rating on the conversation: %+v", conv.Rating)
	}
	var counts []ratingCount
	anna.get("ratings", &counts)
	if len(counts) != 1 || counts[0].Department != "stadtwerke" || counts[0].Service != "meter-reading" ||
		counts[0].Good != 1 || counts[0].Bad != 1 || counts[0].Comments != 1 ||
		counts[0].DepartmentName == "" || counts[0].ServiceTitle != "Zählerstand melden" {
		t.Fatalf("counts for the Stadtwerke: %+v", counts)
	}
	e.login("bert").get("ratings", &counts)
	if len(counts) != 0 {
		t.Errorf("another department sees the Stadtwerke's ratings: %+v", counts)
	}
	e.core.Stop() // the file is read whole below
	data, err := os.ReadFile(filepath.Join(e.core.Dir, bolt.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("schwer zu finden")) {
		t.Error("the comment is stored in plaintext")
	}
}
