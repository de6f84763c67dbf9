package bolt

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

// scanDue is Due as it was before the index: a scan of the channel's whole
// bucket. The index must give the same answer.
func scanDue(t *testing.T, d *DB, channel string, now time.Time, limit int) ([]string, time.Time) {
	t.Helper()
	var ids []string
	var next time.Time
	err := d.view(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bOutbox).Bucket([]byte(channel))
		if b == nil {
			return nil
		}
		held := map[string]bool{}
		return b.ForEach(func(k, v []byte) error {
			var rec outboxRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return err
			}
			if rec.NextAt.After(now) {
				held[rec.Conversation] = held[rec.Conversation] || !rec.Scheduled
				if next.IsZero() || rec.NextAt.Before(next) {
					next = rec.NextAt
				}
				return nil
			}
			if !held[rec.Conversation] && len(ids) < limit {
				ids = append(ids, formatID(bytesU64(k)))
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids, next
}

// The index answers Due as a scan of the file would, through turns,
// reminders, retries, deliveries, give-ups, items deleted behind its back
// (a booking's reminder dropped, a conversation deleted) and restarts.
func TestOutboxIndexAgreesWithAScan(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 1))
			dir := t.TempDir()
			d := openTest(t, dir)
			defer func() { d.Close() }()
			ctx := context.Background()
			now := t0
			convs := []string{"a", "b", "c", "d", "e"}
			retired := 0
			chans := []string{"web", "telegram"}
			deletedAt := map[time.Time]bool{} // times of items deleted behind the index's back
			msg := 0
			pick := func() []store.Delivery {
				due, _, err := d.Due(chans[rng.IntN(2)], now, 50)
				if err != nil {
					t.Fatal(err)
				}
				return due
			}
			for step := range 400 {
				switch op := rng.IntN(20); {
				case op < 7: // a turn with one to three replies, some scheduled
					i := rng.IntN(len(convs))
					tr := turn(convs[i], fmt.Sprint("m", msg), "x")
					msg++
					tr.Time, tr.Outbox = now, nil
					for range 1 + rng.IntN(3) {
						it := store.OutboxItem{Channel: chans[rng.IntN(2)], Address: "a", Body: []byte("r")}
						if rng.IntN(4) == 0 {
							it.At = now.Add(time.Duration(rng.IntN(20)) * time.Minute)
						}
						tr.Outbox = append(tr.Outbox, it)
					}
					if _, err := d.CommitTurn(ctx, tr); err != nil {
						t.Fatal(err)
					}
				case op < 10:
					if due := pick(); len(due) > 0 {
						it := due[rng.IntN(len(due))]
						if err := d.Retry(ctx, it.Channel, it.ID, now.Add(time.Duration(rng.IntN(6))*time.Minute)); err != nil {
							t.Fatal(err)
						}
					}
				case op < 14:
					if due := pick(); len(due) > 0 {
						var ids []string
						for _, it := range due[:1+rng.IntN(len(due))] {
							ids = append(ids, it.ID)
						}
						if err := d.DeliveredAll(ctx, due[0].Channel, ids); err != nil {
							t.Fatal(err)
						}
					}
				case op < 15:
					if due := pick(); len(due) > 0 {
						it := due[rng.IntN(len(due))]
						if err := d.GiveUp(ctx, it.Channel, it.ID, "gone", now); err != nil {
							t.Fatal(err)
						}
					}
				case op < 16: // a conversation deleted: its items go behind the index's back
					i := rng.IntN(len(convs))
					deleteOutboxOf(t, d, convs[i], deletedAt)
					retired++
					convs[i] = fmt.Sprint("new", retired)
				case op < 18:
					now = now.Add(time.Duration(rng.IntN(3)) * time.Minute)
				default:
					if rng.IntN(5) == 0 {
						d.Close()
						d = openTest(t, dir)
					}
				}
				for _, ch := range chans {
					limit := 1 + rng.IntN(8)
					due, next, err := d.Due(ch, now, limit)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, it := range due {
						got = append(got, it.ID)
					}
					want, wantNext := scanDue(t, d, ch, now, limit)
					if !slices.Equal(got, want) {
						t.Fatalf("step %d, %s, limit %d: due %v, a scan says %v", step, ch, limit, got, want)
					}
					if !next.Equal(wantNext) && !deletedAt[next] {
						t.Fatalf("step %d, %s: next %v, a scan says %v", step, ch, next, wantNext)
					}
				}
			}
		})
	}
}

// deleteOutboxOf deletes a conversation's outbox items as Delete does,
// without telling the index, and notes their times.
func deleteOutboxOf(t *testing.T, d *DB, conv string, at map[time.Time]bool) {
	t.Helper()
	err := d.write(context.Background(), func(tx *bbolt.Tx) error {
		return tx.Bucket(bOutbox).ForEachBucket(func(ch []byte) error {
			return deleteWhere(tx.Bucket(bOutbox).Bucket(ch), func(_, v []byte) bool {
				var r outboxRecord
				if json.Unmarshal(v, &r) == nil && r.Conversation == conv {
					at[r.NextAt] = true
					return true
				}
				return false
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Several items are recorded delivered in one call; a reminder among them
// enters its transcript once, items gone already are skipped.
func TestDeliveredAll(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	tr := turn("c1", "m1", "Termin")
	tr.Outbox = append(tr.Outbox, store.OutboxItem{Channel: "web", Address: "a", Body: []byte("Erinnerung"), At: t0.Add(time.Hour)})
	d.CommitTurn(ctx, tr)
	other := turn("c2", "m2", "anders")
	other.Address = "b"
	d.CommitTurn(ctx, other)
	due, _, _ := d.Due("web", t0.Add(2*time.Hour), 10)
	if len(due) != 3 {
		t.Fatalf("%d due", len(due))
	}
	ids := []string{due[0].ID, due[1].ID, due[2].ID}
	if err := d.DeliveredAll(ctx, "web", ids); err != nil {
		t.Fatal(err)
	}
	if err := d.DeliveredAll(ctx, "web", ids); err != nil { // again, after a crash
		t.Fatal(err)
	}
	if left, next, _ := d.Due("web", t0.Add(2*time.Hour), 10); len(left) != 0 || !next.IsZero() {
		t.Fatalf("left %d, next %v", len(left), next)
	}
	entries, _ := d.Transcript("c1", 0)
	if len(entries) != 3 || string(entries[2].Body) != "Erinnerung" {
		t.Fatalf("transcript of c1: %d entries", len(entries))
	}
	if err := d.DeliveredAll(ctx, "web", []string{"nonsense"}); err == nil {
		t.Fatal("a bad id was accepted")
	}
}

// DueExcept leaves out what the sender has in flight, and those hold back
// nothing.
func TestDueExcept(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	d.CommitTurn(ctx, turn("c1", "m1", "eins"))
	d.CommitTurn(ctx, turn("c1", "m2", "zwei"))
	due, _, _ := d.Due("web", t0, 10)
	rest, _, err := d.DueExcept("web", t0, 10, func(id string) bool { return id == due[0].ID })
	if err != nil || len(rest) != 1 || rest[0].ID != due[1].ID {
		t.Fatalf("except the first: %+v %v", rest, err)
	}
}

// BenchmarkDue reads what is due from an outbox that also holds many
// reminders for later (one per booking) and replies held behind a retry.
func BenchmarkDue(b *testing.B) {
	d := openTest(b, b.TempDir())
	defer d.Close()
	ctx := context.Background()
	const later, now = 20_000, 200
	for i := range later / 100 {
		tr := turn(fmt.Sprint("r", i), fmt.Sprint("r", i), "x")
		tr.Address, tr.Outbox = fmt.Sprint("r", i), nil
		for j := range 100 {
			tr.Outbox = append(tr.Outbox, store.OutboxItem{Channel: "web", Address: "a", Body: []byte("Erinnerung"),
				At: t0.Add(time.Duration(1+j) * time.Hour)})
		}
		if _, err := d.CommitTurn(ctx, tr); err != nil {
			b.Fatal(err)
		}
	}
	for i := range now {
		tr := turn(fmt.Sprint("c", i), fmt.Sprint("c", i), "x")
		tr.Address = fmt.Sprint("c", i)
		if _, err := d.CommitTurn(ctx, tr); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		due, _, err := d.Due("web", t0, 512)
		if err != nil || len(due) != now {
			b.Fatalf("%d due, %v", len(due), err)
		}
	}
}

// A corrupt outbox item is left out; it holds up no other reply, on its
// channel or another.
func TestCorruptOutboxItemHoldsUpNothing(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		b, err := tx.Bucket(bOutbox).CreateBucketIfNotExists([]byte("web"))
		if err != nil {
			return err
		}
		seq, err := tx.Bucket(bOutbox).NextSequence()
		if err != nil {
			return err
		}
		return b.Put(u64(seq), []byte("not json"))
	})
	if err != nil {
		t.Fatal(err)
	}
	d.CommitTurn(ctx, turn("c1", "m1", "eins"))
	due, _, err := d.Due("web", t0, 10)
	if err != nil || len(due) != 1 || string(due[0].Body) != "reply to eins" {
		t.Fatalf("due: %+v %v", due, err)
	}
}
