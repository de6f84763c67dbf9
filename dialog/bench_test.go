package dialog_test

import (
	"testing"

	"amtsbote/channels"

	. "amtsbote/dialog"
)

// BenchmarkStep is one citizen message through the engine alone: a
// conversation walking the meter-reading form, as BenchmarkTurn does
// through the gateway, with the state carried from turn to turn.
func BenchmarkStep(b *testing.B) {
	c := meterConvo(&testing.T{})
	lines := []string{"Zählerstand melden", "1234567", "Z-4711", "12.345,6", "heute", "Erika Mustermann", "überspringen", "abbrechen"}
	st := State{}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st = c.e.Step(st, channels.Inbound{Channel: "bench", Text: lines[i%len(lines)]}, c.now).State
	}
}
