package staff

import (
	"testing"
	"time"
)

// OldestWait is what amtsbote_queue_oldest_wait_seconds reports: 0 with an
// empty queue, then how long the citizen waiting longest has waited.
func TestOldestWait(t *testing.T) {
	e := newEnv(t, Options{})
	now := time.Now()
	if d, err := e.console.OldestWait(now); err != nil || d != 0 {
		t.Fatalf("empty queue: %v %v", d, err)
	}
	e.escalate("web", "alice")
	d, err := e.console.OldestWait(now.Add(20 * time.Minute))
	if err != nil || d < 19*time.Minute || d > 21*time.Minute {
		t.Fatalf("one citizen waiting 20 minutes: %v %v", d, err)
	}
}
