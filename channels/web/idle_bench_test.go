package web

import (
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// idleConns is how many connections BenchmarkIdleConn opens; set
// AMTSBOTE_IDLE_CONNS to change it (the open-file limit bounds it: each
// connection costs two descriptors in this process).
func idleConns() int {
	if n, err := strconv.Atoi(os.Getenv("AMTSBOTE_IDLE_CONNS")); err == nil && n > 0 {
		return n
	}
	return 2000
}

// inUse is the memory the Go runtime holds for live objects and goroutine
// stacks, after collecting until stacks stop shrinking. (A socket's poll
// descriptor, about 250 bytes kept by the runtime outside the heap, and
// the kernel's socket buffers are not in it.)
func inUse() (heap, stacks uint64, goroutines int) {
	var m runtime.MemStats
	for range 6 { // each GC may halve an idle goroutine's stack once
		runtime.GC()
	}
	runtime.ReadMemStats(&m)
	return m.HeapAlloc, m.StackInuse, runtime.NumGoroutine()
}

// BenchmarkIdleConn measures the server memory of an idle web chat
// connection: N raw clients (no goroutine, no buffer) connect to the real
// channel in this process and say hello; the growth of live heap and
// goroutine stacks, less the client side's own socket (measured with plain
// TCP pairs), divided by N is the cost of one connection.
//
//	go test -run '^$' -bench BenchmarkIdleConn -benchtime 1x ./channels/web/
func BenchmarkIdleConn(b *testing.B) {
	n := idleConns()
	f := start(b, Options{NewSessions: -1, MaxConnsPerIP: -1}) // thousands of first visits from one address
	base := f.srv.URL
	side := tcpSideCost(b, n)
	var perConn, stackPer, gPer float64
	for b.Loop() {
		h0, s0, g0 := inUse()
		clients := make([]*rawClient, 0, n)
		for range n {
			c, err := dialRaw(base)
			if err != nil {
				b.Fatal(err)
			}
			if err := c.text(`{"type":"hello","token":"","lang":"de"}`); err != nil {
				b.Fatal(err)
			}
			if w, err := c.next(5 * time.Second); err != nil || !strings.Contains(w, `"welcome"`) {
				b.Fatalf("welcome: %q %v", w, err)
			}
			c.release()
			clients = append(clients, c)
		}
		time.Sleep(100 * time.Millisecond) // let the welcome's writer finish
		h1, s1, g1 := inUse()
		perConn = (float64(h1+s1) - float64(h0+s0)) / float64(n)
		perConn -= side
		stackPer = (float64(s1) - float64(s0)) / float64(n)
		gPer = float64(g1-g0) / float64(n)
		for _, c := range clients {
			c.close()
		}
		eventually(b, "connections closed", func() bool {
			f.ch.reg.mu.Lock()
			defer f.ch.reg.mu.Unlock()
			return len(f.ch.reg.conns) == 0
		})
	}
	b.ReportMetric(perConn, "B/conn")
	b.ReportMetric(stackPer, "stack-B/conn")
	b.ReportMetric(gPer, "goroutines/conn")
	b.ReportMetric(side, "client-B/conn")
}

// tcpSideCost is the heap and stack of one side of an idle TCP connection
// in this process: half of what n connected pairs cost.
func tcpSideCost(b *testing.B, n int) float64 {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, n)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				close(accepted)
				return
			}
			accepted <- c
		}
	}()
	h0, s0, _ := inUse()
	var conns []net.Conn
	for range n {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		conns = append(conns, c, <-accepted)
	}
	h1, s1, _ := inUse()
	for _, c := range conns {
		c.Close()
	}
	return (float64(h1+s1) - float64(h0+s0)) / float64(2*n)
}
