package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"

	"amtsbote/internal/loadtest"
)

// serveMemory answers GET /memory on the admin socket: the process's live
// heap, goroutine stacks and resident memory after garbage collection, and
// the open web chat connections, so that `amtsbote loadtest --admin` can
// tell what one connection costs. Collecting is forced (three times, as an
// idle goroutine's stack shrinks by half each time) and free memory is
// given back to the system, as a long-idle server's would be; only the
// local admin may ask for that.
func serveMemory(open func() int) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for range 2 {
			runtime.GC()
		}
		debug.FreeOSMemory() // a third collection, then the free pages go back
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		m := loadtest.ServerMemory{WebConnections: open(), Goroutines: runtime.NumGoroutine(),
			HeapLive: ms.HeapAlloc, Stacks: ms.StackInuse, RSS: residentBytes()}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(m)
	}
}

// residentBytes is the process's resident memory from /proc (Linux); 0
// elsewhere.
func residentBytes() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseUint(string(f[1]), 10, 64)
	if err != nil {
		return 0
	}
	return pages * uint64(os.Getpagesize())
}
