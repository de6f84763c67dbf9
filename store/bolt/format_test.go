package bolt

import (
	"context"
	"encoding/json"
	"testing"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/cases"
)

// TestSealedFormatUnchanged pins the bytes sealed for a case's answers and
// a booking's person: the JSON object the gateway wrote before the store
// took typed cases and bookings, so files written then still open.
func TestSealedFormatUnchanged(t *testing.T) {
	d := openTest(t, t.TempDir())
	tr := bookingTurn("c1", "AB-2026-000001", visit)
	tr.Bookings[0].Contact = "0171 555"
	tr.Cases = []cases.Case{{Ref: "AB-2026-000007", Service: "meter-reading", Status: "submitted", Created: t0,
		Answers: map[string]string{"name": "Erika Mustermann", "fee": "5.00"}}}
	if _, err := d.CommitTurn(context.Background(), tr); err != nil {
		t.Fatal(err)
	}
	var cr caseRecord
	var br bookingRecord
	err := d.view(func(tx *bbolt.Tx) error {
		if err := json.Unmarshal(tx.Bucket(bCases).Get([]byte("AB-2026-000007")), &cr); err != nil {
			return err
		}
		return json.Unmarshal(tx.Bucket(bBookings).Get([]byte("AB-2026-000001")), &br)
	})
	if err != nil {
		t.Fatal(err)
	}
	ck, err := d.key("c1", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sealed []byte
		want   string
	}{
		{cr.Sealed, `{"fee":"5.00","name":"Erika Mustermann"}`},
		{br.Sealed, `{"name":"Erika Mustermann","contact":"0171 555"}`},
	} {
		raw, err := ck.key.Open(tc.sealed)
		if err != nil || string(raw) != tc.want {
			t.Errorf("sealed %q %v, want %s", raw, err, tc.want)
		}
	}
}
