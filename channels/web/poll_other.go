//go:build !linux

package web

import (
	"errors"
	"syscall"
)

// poller is Linux-only (epoll); elsewhere each connection's reader waits
// in its own goroutine.
type poller struct{}

func newPoller(func(id uint64)) (*poller, error) {
	return nil, errors.New("no epoll on this system")
}

func (p *poller) arm(*frameConn, uint64, bool) error { return errors.New("no epoll on this system") }

func (p *poller) stop() {}

// readNow cannot tell without waiting here; the reader then waits itself.
func readNow(syscall.RawConn, []byte) (int, bool, error) { return 0, true, nil }
