package gateway_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"amtsbote/channels"
	"amtsbote/internal/harness"
)

// nullSender accepts every reply.
type nullSender struct{ n atomic.Int64 }

func (s *nullSender) Name() string { return "bench" }
func (s *nullSender) Send(context.Context, channels.Delivery) error {
	s.n.Add(1)
	return nil
}

// BenchmarkTurn is one citizen message through gateway, engine, the
// encrypted store (fsync on) and the outbox, from many citizens at once:
// each parallel worker is one conversation walking a meter-reading form.
func BenchmarkTurn(b *testing.B) {
	core := harness.Start(b, harness.Options{}, &nullSender{})
	lines := []string{"Zählerstand melden", "1234567", "Z-4711", "12.345,6", "heute", "Erika Mustermann", "überspringen", "abbrechen"}
	var next atomic.Int64
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		citizen := fmt.Sprint("citizen-", next.Add(1))
		i := 0
		for pb.Next() {
			in := channels.Inbound{Channel: "bench", Address: citizen, MessageID: fmt.Sprint(citizen, "-", i), Text: lines[i%len(lines)]}
			if _, err := core.Gateway.Deliver(context.Background(), in); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "turns/s")
}

// citizenInbox counts the replies one citizen received.
type citizenInbox struct {
	n    atomic.Int64
	note chan struct{}
}

// countingSender accepts every reply and tells its citizen.
type countingSender struct{ citizens sync.Map } // address → *citizenInbox

func (s *countingSender) Name() string { return "bench" }
func (s *countingSender) Send(_ context.Context, d channels.Delivery) error {
	v, _ := s.citizens.LoadOrStore(d.Address, &citizenInbox{note: make(chan struct{}, 1)})
	c := v.(*citizenInbox)
	c.n.Add(1)
	select {
	case c.note <- struct{}{}:
	default:
	}
	return nil
}

// BenchmarkTurnReplied is BenchmarkTurn as a citizen sees it: each citizen
// sends its next message only once every reply to the last one arrived,
// so the outbox's delivery is part of the turn.
func BenchmarkTurnReplied(b *testing.B) {
	out := &countingSender{}
	core := harness.Start(b, harness.Options{}, out)
	lines := []string{"Zählerstand melden", "1234567", "Z-4711", "12.345,6", "heute", "Erika Mustermann", "überspringen", "abbrechen"}
	var next atomic.Int64
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		citizen := fmt.Sprint("citizen-", next.Add(1))
		v, _ := out.citizens.LoadOrStore(citizen, &citizenInbox{note: make(chan struct{}, 1)})
		inbox := v.(*citizenInbox)
		want := int64(0)
		i := 0
		for pb.Next() {
			in := channels.Inbound{Channel: "bench", Address: citizen, MessageID: fmt.Sprint(citizen, "-", i), Text: lines[i%len(lines)]}
			rc, err := core.Gateway.Deliver(context.Background(), in)
			if err != nil {
				b.Fatal(err)
			}
			want += int64(len(rc.Replies))
			for inbox.n.Load() < want {
				<-inbox.note
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "turns/s")
}
