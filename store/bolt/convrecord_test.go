package bolt

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

func TestConvRecordRoundTrip(t *testing.T) {
	for _, rec := range []convRecord{
		{},
		{Channel: "web", Created: t0, Updated: t0.Add(time.Nanosecond), LastSeq: 1<<40 + 7,
			Meta:   store.Meta{Language: "de", Service: "meter-reading", WaitingForStaff: true, Department: "Bürgeramt"},
			Sealed: []byte{0, 1, 2, 255}},
		{Channel: "telegram", Created: time.Date(1960, 1, 2, 3, 4, 5, 6, time.UTC), Updated: t0, Sealed: []byte("x")},
	} {
		b := encodeConv(&rec)
		got, err := decodeConv(b)
		if len(rec.Sealed) == 0 {
			rec.Sealed = nil
		}
		if err != nil || !reflect.DeepEqual(got, rec) {
			t.Fatalf("round trip:\n%+v\n%+v %v", rec, got, err)
		}
		seq, created, err := convHeader(b)
		if err != nil || seq != rec.LastSeq || !created.Equal(rec.Created) {
			t.Fatalf("header: %d %v %v", seq, created, err)
		}
		bumped, seq, err := bumpConv(b)
		if err != nil || seq != rec.LastSeq+1 {
			t.Fatalf("bump: %d %v", seq, err)
		}
		if again, _ := decodeConv(bumped); again.LastSeq != seq || again.Channel != rec.Channel {
			t.Fatalf("bumped record: %+v", again)
		}
		for n := range convFixed + 1 {
			if _, err := decodeConv(b[:n]); err == nil && n > 0 && len(rec.Channel) > 0 {
				t.Fatalf("a record cut at %d bytes decoded", n)
			}
		}
	}
}

// A file written before the binary form opens: its JSON conversation
// records are read, continued and rewritten by the next turn.
func TestOldJSONConversationRecordsStillOpen(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	ctx := context.Background()
	first := turn("c1", "m1", "eins")
	first.Meta.WaitingForStaff = true
	if _, err := d.CommitTurn(ctx, first); err != nil {
		t.Fatal(err)
	}
	// Rewrite the record as the earlier versions stored it.
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		rec, err := decodeConv(tx.Bucket(bConvs).Get([]byte("c1")))
		if err != nil {
			return err
		}
		v, _ := json.Marshal(rec)
		return tx.Bucket(bConvs).Put([]byte("c1"), v)
	})
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	d = openTest(t, dir)
	defer d.Close()
	if v, _ := rawConv(d, "c1"); len(v) == 0 || v[0] != '{' {
		t.Fatalf("not a JSON record: %q", v)
	}
	if n, err := d.Waiting(); err != nil || n != 1 {
		t.Fatalf("waiting: %d %v", n, err)
	}
	c, err := d.Conversation("c1")
	if err != nil || c.Channel != "web" || string(c.State) != `{"answer":"eins"}` {
		t.Fatalf("old record: %+v %v", c, err)
	}
	second := turn("c1", "m2", "zwei")
	second.Time = t0.Add(time.Minute)
	if _, err := d.CommitTurn(ctx, second); err != nil {
		t.Fatal(err)
	}
	if v, _ := rawConv(d, "c1"); len(v) == 0 || v[0] != convBinary {
		t.Fatalf("not rewritten: %q", v)
	}
	info, err := d.ConversationInfo("c1")
	if err != nil || !info.Created.Equal(t0) || !info.Updated.Equal(t0.Add(time.Minute)) || info.Meta.WaitingForStaff {
		t.Fatalf("info: %+v %v", info, err)
	}
	entries, err := d.Transcript("c1", 0)
	if err != nil || len(entries) != 4 || entries[3].Seq != 4 || string(entries[2].Body) != "zwei" {
		t.Fatalf("transcript: %d entries, %v", len(entries), err)
	}
}

func rawConv(d *DB, id string) ([]byte, error) {
	var out []byte
	err := d.view(func(tx *bbolt.Tx) error {
		out = append(out, tx.Bucket(bConvs).Get([]byte(id))...)
		return nil
	})
	return out, err
}

// BenchmarkConvRecordInWriter is what the writer does with a conversation
// record per turn: the JSON read-modify-write it did before, against the
// binary header read and in-place update it does now.
func BenchmarkConvRecordInWriter(b *testing.B) {
	rec := convRecord{Channel: "web", Created: t0, Updated: t0, LastSeq: 41,
		Meta: store.Meta{Language: "de", Service: "meter-reading"}, Sealed: make([]byte, 600)}
	oldV, _ := json.Marshal(rec)
	newV := encodeConv(&rec)
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			var r convRecord
			if err := json.Unmarshal(oldV, &r); err != nil {
				b.Fatal(err)
			}
			r.LastSeq += 2
			r.Updated, r.Sealed = t0, rec.Sealed
			if _, err := json.Marshal(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("binary", func(b *testing.B) {
		buf := encodeConv(&rec) // made outside the writer
		for b.Loop() {
			seq, created, err := convHeader(newV)
			if err != nil {
				b.Fatal(err)
			}
			setConvHeader(buf, seq+2, created)
		}
	})
}
