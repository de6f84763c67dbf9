package bolt

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"amtsbote/store"
)

// Due answers from memory what this process wrote, and exactly as it
// answers from the file after a restart: the same items, the same content.
func TestDueFromMemoryMatchesTheFile(t *testing.T) {
	for _, cap := range []int{32 << 20, 300} { // 300: only the first items fit
		t.Run(fmt.Sprint(cap), func(t *testing.T) {
			old := maxPlainBytes
			maxPlainBytes = cap
			defer func() { maxPlainBytes = old }()
			dir := t.TempDir()
			d := openTest(t, dir)
			ctx := context.Background()
			for i := range 6 {
				tr := turn(fmt.Sprint("c", i%3), fmt.Sprint("m", i), fmt.Sprint("Nachricht ", i))
				tr.Address = fmt.Sprint("addr", i%3)
				tr.Outbox[0].Address = tr.Address
				tr.Outbox = append(tr.Outbox, store.OutboxItem{Channel: "web", Address: "later", Body: []byte("Erinnerung"),
					At: t0.Add(time.Hour)})
				if _, err := d.CommitTurn(ctx, tr); err != nil {
					t.Fatal(err)
				}
			}
			mem, _, err := d.Due("web", t0.Add(2*time.Hour), 100)
			if err != nil || len(mem) != 12 {
				t.Fatalf("%d due, %v", len(mem), err)
			}
			held := d.outbox.plainBytes
			if held == 0 || held > cap {
				t.Fatalf("%d bytes held in memory, cap %d", held, cap)
			}
			d.Close()
			d = openTest(t, dir)
			defer d.Close()
			file, _, err := d.Due("web", t0.Add(2*time.Hour), 100)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normalize(mem), normalize(file)) {
				t.Fatalf("from memory:\n%+v\nfrom the file:\n%+v", mem, file)
			}
		})
	}
}

func normalize(ds []store.Delivery) []store.Delivery {
	out := make([]store.Delivery, len(ds))
	for i, d := range ds {
		d.Created, d.NextAt = d.Created.UTC(), d.NextAt.UTC()
		d.Decoded = nil // memory only
		out[i] = d
	}
	return out
}

// What the index holds in memory goes when its item is delivered, given up
// or retried (a retry's attempts are read from the file), and an item
// deleted behind the index's back is not delivered from memory.
func TestPlainContentDroppedAndChecked(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	for i := range 4 {
		tr := turn(fmt.Sprint("c", i), fmt.Sprint("m", i), fmt.Sprint("Nachricht ", i))
		if _, err := d.CommitTurn(ctx, tr); err != nil {
			t.Fatal(err)
		}
	}
	due, _, _ := d.Due("web", t0, 10)
	if len(due) != 4 {
		t.Fatalf("%d due", len(due))
	}
	if err := d.DeliveredAll(ctx, "web", []string{due[0].ID}); err != nil {
		t.Fatal(err)
	}
	if err := d.GiveUp(ctx, "web", due[1].ID, "kaputt", t0); err != nil {
		t.Fatal(err)
	}
	if err := d.Retry(ctx, "web", due[2].ID, t0); err != nil {
		t.Fatal(err)
	}
	deleteOutboxOf(t, d, "c3", map[time.Time]bool{})
	if n := d.outbox.plainBytes; n != (&plainItem{address: "session-secret-address", body: []byte("reply to Nachricht 3")}).size() {
		t.Fatalf("%d bytes still held", n)
	}
	left, _, err := d.Due("web", t0, 10)
	if err != nil || len(left) != 1 || left[0].ID != due[2].ID || left[0].Attempts != 1 || string(left[0].Body) != "reply to Nachricht 2" {
		t.Fatalf("left: %+v %v", left, err)
	}
	if n := d.outbox.plainBytes; n != 0 {
		t.Fatalf("%d bytes still held", n)
	}
}

// An item's decoded form comes back from memory with it, and never from
// the file: after a restart the reader parses the body.
func TestDueHandsBackDecodedFromMemory(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	tr := turn("c", "m", "Nachricht")
	type decoded struct{ Text string }
	tr.Outbox[0].Decoded = decoded{"Nachricht"}
	if _, err := d.CommitTurn(context.Background(), tr); err != nil {
		t.Fatal(err)
	}
	got, _, err := d.Due("web", t0.Add(time.Hour), 10)
	if err != nil || len(got) != 1 || got[0].Decoded != (decoded{"Nachricht"}) {
		t.Fatalf("from memory: %+v %v", got, err)
	}
	d.Close()
	d = openTest(t, dir)
	defer d.Close()
	got, _, err = d.Due("web", t0.Add(time.Hour), 10)
	if err != nil || len(got) != 1 || got[0].Decoded != nil || len(got[0].Body) == 0 {
		t.Fatalf("from the file: %+v %v", got, err)
	}
}
