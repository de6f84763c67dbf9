//go:build linux

package web

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
)

// poller waits, on behalf of every idle connection, for its socket to
// become readable: one epoll set and one goroutine for all of them, so an
// idle connection holds no goroutine of its own. Each socket is in the set
// level-triggered and one-shot: an event starts one read burst, and the
// burst re-arms the socket when it has read everything (the socket is also
// in the Go runtime's own poller, which is not disturbed by this).
type poller struct {
	epfd int
	wake [2]*os.File // a byte written to wake[1] stops the loop
	done chan struct{}
	once sync.Once
}

// wakeID is the event id of the stop pipe; connection ids start at 1.
const wakeID = 0

// newPoller makes the epoll set and starts its goroutine, which calls
// ready with the id of every connection whose socket became readable.
func newPoller(ready func(id uint64)) (*poller, error) {
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("epoll: %w", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		syscall.Close(epfd)
		return nil, fmt.Errorf("epoll wake pipe: %w", err)
	}
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN}
	if err := syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, int(r.Fd()), &ev); err != nil {
		syscall.Close(epfd)
		r.Close()
		w.Close()
		return nil, fmt.Errorf("epoll: %w", err)
	}
	p := &poller{epfd: epfd, wake: [2]*os.File{r, w}, done: make(chan struct{})}
	go p.loop(ready)
	return p, nil
}

// loop hands out events until stop.
func (p *poller) loop(ready func(id uint64)) {
	defer close(p.done)
	events := make([]syscall.EpollEvent, 128)
	for {
		n, err := syscall.EpollWait(p.epfd, events, -1)
		if err != nil {
			if errors.Is(err, syscall.EINTR) {
				continue
			}
			return
		}
		for _, ev := range events[:n] {
			id := uint64(uint32(ev.Fd)) | uint64(uint32(ev.Pad))<<32
			if id == wakeID {
				return
			}
			ready(id)
		}
	}
}

// arm waits (once) for fc's socket to become readable and then reports id.
// first says whether the socket is not yet in the set.
func (p *poller) arm(fc *frameConn, id uint64, first bool) error {
	if fc.raw == nil {
		return errors.New("epoll: not a socket")
	}
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN | syscall.EPOLLRDHUP | syscall.EPOLLONESHOT,
		Fd: int32(uint32(id)), Pad: int32(uint32(id >> 32))}
	op := syscall.EPOLL_CTL_MOD
	if first {
		op = syscall.EPOLL_CTL_ADD
	}
	var cerr error
	// Control holds the descriptor open while it runs: a socket closed
	// meanwhile fails here instead of another socket with its number being
	// armed.
	err := fc.raw.Control(func(fd uintptr) {
		cerr = syscall.EpollCtl(p.epfd, op, int(fd), &ev)
	})
	if err != nil {
		return err
	}
	return cerr
}

// stop ends the loop and closes the epoll set; sockets still in it leave
// it when they are closed.
func (p *poller) stop() {
	p.once.Do(func() {
		_, _ = p.wake[1].Write([]byte{0})
		<-p.done
		syscall.Close(p.epfd)
		p.wake[0].Close()
		p.wake[1].Close()
	})
}

// readNow reads what the socket holds without waiting; wouldBlock says it
// holds nothing.
func readNow(raw syscall.RawConn, p []byte) (n int, wouldBlock bool, err error) {
	var rerr error
	cerr := raw.Read(func(fd uintptr) bool {
		for {
			n, rerr = syscall.Read(int(fd), p)
			if rerr != syscall.EINTR {
				return true // never wait: EAGAIN means nothing is there
			}
		}
	})
	switch {
	case cerr != nil:
		return 0, false, cerr
	case rerr == syscall.EAGAIN:
		return 0, true, nil
	case rerr != nil:
		return 0, false, rerr
	}
	return n, false, nil
}
