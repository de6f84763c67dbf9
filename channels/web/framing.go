package web

import (
	"encoding/binary"
	"io"
	"net"
	"sync"
	"syscall"
)

// frameConn is the server side of a WebSocket's socket, as gorilla reads
// it. It knows where the client's frames begin and end (RFC 6455 §5.2) and
// never hands gorilla a byte past the end of the frame it is reading, so
// that once a message is read nothing of the next one sits in gorilla's
// buffer. That is what lets an idle connection hold no goroutine and no
// read buffer: its reader returns and the channel's poller waits for the
// socket instead (see poll_linux.go). Its own read-ahead buffer is borrowed
// from a pool only while bytes wait in it.
//
// Only the connection's reader (one burst at a time) calls Read and settle.
type frameConn struct {
	net.Conn
	raw  syscall.RawConn // nil: no non-blocking reads (e.g. TLS); the reader then waits in Read
	bufs *sync.Pool      // where buf comes from and goes back to
	buf  *[]byte         // read-ahead from the socket; nil while empty
	r, w int             // (*buf)[r:w] is not yet passed on
	left int64           // bytes of the current frame not yet passed to gorilla; 0 between frames
	err  error           // the socket's read error, once seen
	// drained says the last read from the socket took less than it could,
	// so the socket is most likely empty: settle then calls the connection
	// idle without another read. Should bytes have come meanwhile, the
	// poller (level-triggered) reports them at once.
	drained bool

	// control answers a complete ping or pong found between frames: gorilla
	// never sees those, so that reading a message never waits for a
	// further one.
	control func(op byte, payload []byte)
}

// readAhead is the size of frameConn's borrowed read buffers.
const readAhead = 4096

// newReadBufs makes the pool of read-ahead buffers the connections of a
// channel share.
func newReadBufs() *sync.Pool {
	return &sync.Pool{New: func() any { b := make([]byte, readAhead); return &b }}
}

// WebSocket opcodes of the control frames frameConn answers itself.
const (
	opPing = 0x9
	opPong = 0xA
)

func newFrameConn(c net.Conn, bufs *sync.Pool, control func(op byte, payload []byte)) *frameConn {
	fc := &frameConn{Conn: c, bufs: bufs, control: control}
	if sc, ok := c.(*net.TCPConn); ok {
		if raw, err := sc.SyscallConn(); err == nil {
			fc.raw = raw
		}
	}
	return fc
}

// Read passes gorilla the bytes of the current frame, waiting for the
// socket when none are buffered.
func (fc *frameConn) Read(p []byte) (int, error) {
	if fc.buffered() == 0 {
		if err := fc.fill(); err != nil {
			return 0, err
		}
	}
	if fc.left == 0 { // a frame begins: learn its length first
		h, err := fc.header()
		if err != nil {
			return 0, err
		}
		fc.left = h.size()
	}
	n := int(min(int64(len(p)), int64(fc.buffered()), fc.left))
	copy(p, (*fc.buf)[fc.r:fc.r+n])
	fc.consume(n)
	fc.left -= int64(n)
	return n, nil
}

// settle is called between messages. It takes what the socket holds
// without waiting, answers complete pings and pongs, and reports whether
// the bytes of a further frame are here (otherwise the connection is idle).
// Once a frame has begun it waits for its header, and for the whole frame
// if it is a ping or a pong: a client trickling bytes is cut off by the
// connection's liveness check, not by this goroutine giving up.
func (fc *frameConn) settle() (bool, error) {
	for {
		if fc.left != 0 {
			return true, nil
		}
		if fc.buffered() == 0 {
			if fc.drained {
				return false, nil
			}
			got, err := fc.fillNow()
			if err != nil || !got {
				return false, err
			}
		}
		h, err := fc.header()
		if err != nil {
			return false, err
		}
		if !h.answerable() {
			return true, nil
		}
		for int64(fc.buffered()) < h.size() {
			if err := fc.fill(); err != nil {
				return false, err
			}
		}
		frame := (*fc.buf)[fc.r : fc.r+int(h.size())]
		payload := make([]byte, h.length)
		for i := range payload {
			payload[i] = frame[h.headerLen+i] ^ h.mask[i%4]
		}
		fc.consume(int(h.size()))
		fc.control(h.opcode, payload)
	}
}

// frameHeader is what frameConn needs of a client frame's header.
type frameHeader struct {
	fin       bool
	opcode    byte
	masked    bool
	headerLen int
	length    int64
	mask      [4]byte
}

// size is the frame's length with its header.
func (h frameHeader) size() int64 { return int64(h.headerLen) + h.length }

// answerable says whether settle answers the frame itself: a masked,
// unfragmented ping or pong of a valid length. Anything else goes to
// gorilla, which also rejects what is malformed.
func (h frameHeader) answerable() bool {
	return h.fin && h.masked && (h.opcode == opPing || h.opcode == opPong) && h.length <= 125
}

// header parses the header at the read position, reading (and waiting) as
// long as it is incomplete.
func (fc *frameConn) header() (frameHeader, error) {
	for {
		if h, ok := parseHeader((*fc.buf)[fc.r:fc.w]); ok {
			return h, nil
		}
		if err := fc.fill(); err != nil {
			return frameHeader{}, err
		}
	}
}

// parseHeader parses a frame header from b; ok is false while b holds
// only part of it. Lengths beyond 2^62 are cut there (gorilla refuses
// such frames by its read limit anyway).
func parseHeader(b []byte) (h frameHeader, ok bool) {
	if len(b) < 2 {
		return h, false
	}
	h.fin, h.opcode, h.masked = b[0]&0x80 != 0, b[0]&0x0f, b[1]&0x80 != 0
	n, i := int64(b[1]&0x7f), 2
	switch n {
	case 126:
		if len(b) < 4 {
			return h, false
		}
		n, i = int64(binary.BigEndian.Uint16(b[2:])), 4
	case 127:
		if len(b) < 10 {
			return h, false
		}
		n, i = int64(min(binary.BigEndian.Uint64(b[2:]), 1<<62)), 10
	}
	if h.masked {
		if len(b) < i+4 {
			return h, false
		}
		copy(h.mask[:], b[i:i+4])
		i += 4
	}
	h.headerLen, h.length = i, n
	return h, true
}

func (fc *frameConn) buffered() int { return fc.w - fc.r }

// consume drops n passed-on bytes; an emptied buffer goes back to the pool.
func (fc *frameConn) consume(n int) {
	fc.r += n
	if fc.r == fc.w {
		fc.bufs.Put(fc.buf)
		fc.buf, fc.r, fc.w = nil, 0, 0
	}
}

// room borrows a buffer, or makes room at the end of the one held.
func (fc *frameConn) room() []byte {
	if fc.buf == nil {
		fc.buf = fc.bufs.Get().(*[]byte)
	}
	if fc.w == len(*fc.buf) {
		copy(*fc.buf, (*fc.buf)[fc.r:fc.w])
		fc.w -= fc.r
		fc.r = 0
	}
	return (*fc.buf)[fc.w:]
}

// fill reads from the socket, waiting until some bytes come.
func (fc *frameConn) fill() error {
	if fc.err != nil {
		return fc.err
	}
	p := fc.room()
	n, err := fc.Conn.Read(p)
	fc.w += n
	fc.drained = n < len(p)
	if err != nil && n == 0 {
		fc.err = err
		fc.release()
		return err
	}
	return nil
}

// fillNow reads what the socket holds without waiting; got is false when
// it holds nothing. Without a raw socket it cannot tell, and says nothing.
func (fc *frameConn) fillNow() (got bool, err error) {
	if fc.err != nil {
		return false, fc.err
	}
	if fc.raw == nil {
		return false, nil
	}
	p := fc.room()
	n, wouldBlock, err := readNow(fc.raw, p)
	fc.drained = n < len(p)
	switch {
	case err != nil:
		fc.err = err
	case wouldBlock:
		fc.release()
		return false, nil
	case n == 0:
		fc.err = io.EOF
	default:
		fc.w += n
		return true, nil
	}
	fc.release()
	return false, fc.err
}

// release gives back an empty buffer.
func (fc *frameConn) release() {
	if fc.buf != nil && fc.r == fc.w {
		fc.bufs.Put(fc.buf)
		fc.buf, fc.r, fc.w = nil, 0, 0
	}
}
