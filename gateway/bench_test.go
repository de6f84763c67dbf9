package gateway_test

import (
	"context"
	"fmt"
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
