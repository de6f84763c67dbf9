package web

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// rawClient is a WebSocket client without a goroutine or buffers of its
// own: the abuse tests send exactly the bytes they mean (invalid UTF-8,
// trickled frames), and the idle-connection benchmark keeps thousands of
// them open while measuring only the server's memory.
type rawClient struct {
	c  net.Conn
	br *bufio.Reader // nil until the first read after the handshake
}

// dialRaw opens a WebSocket to the server at base (http://host:port) with
// a hand-written handshake.
func dialRaw(base string) (*rawClient, error) {
	host := strings.TrimPrefix(base, "http://")
	c, err := net.DialTimeout("tcp", host, 5*time.Second)
	if err != nil {
		return nil, err
	}
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	req := "GET /chat/ws HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := io.WriteString(c, req); err != nil {
		c.Close()
		return nil, err
	}
	// Read the response byte by byte so that nothing after it is buffered.
	var head []byte
	one := make([]byte, 1)
	for !bytes.HasSuffix(head, []byte("\r\n\r\n")) {
		if _, err := c.Read(one); err != nil {
			c.Close()
			return nil, fmt.Errorf("handshake: %w", err)
		}
		head = append(head, one[0])
		if len(head) > 4096 {
			c.Close()
			return nil, errors.New("handshake: response too long")
		}
	}
	if !bytes.HasPrefix(head, []byte("HTTP/1.1 101")) {
		c.Close()
		return nil, fmt.Errorf("handshake: %q", head)
	}
	_ = c.SetDeadline(time.Time{})
	return &rawClient{c: c}, nil
}

// frame encodes one masked client frame with the given first byte (FIN
// and opcode) and payload.
func rawFrame(first byte, payload []byte) []byte {
	f := []byte{first}
	switch n := len(payload); {
	case n < 126:
		f = append(f, 0x80|byte(n))
	case n < 1<<16:
		f = append(f, 0x80|126, byte(n>>8), byte(n))
	default:
		f = append(f, 0x80|127)
		f = binary.BigEndian.AppendUint64(f, uint64(n))
	}
	var mask [4]byte
	_, _ = rand.Read(mask[:])
	f = append(f, mask[:]...)
	for i, b := range payload {
		f = append(f, b^mask[i%4])
	}
	return f
}

// text sends one text frame.
func (r *rawClient) text(payload string) error {
	_, err := r.c.Write(rawFrame(0x81, []byte(payload)))
	return err
}

// read returns the next server frame's opcode and payload.
func (r *rawClient) read(timeout time.Duration) (byte, []byte, error) {
	if r.br == nil {
		r.br = bufio.NewReaderSize(r.c, 512)
	}
	_ = r.c.SetReadDeadline(time.Now().Add(timeout))
	defer r.c.SetReadDeadline(time.Time{})
	var h [2]byte
	if _, err := io.ReadFull(r.br, h[:]); err != nil {
		return 0, nil, err
	}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(r.br, b[:]); err != nil {
			return 0, nil, err
		}
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err := io.ReadFull(r.br, b[:]); err != nil {
			return 0, nil, err
		}
		n = binary.BigEndian.Uint64(b[:])
	}
	if n > 1<<20 {
		return 0, nil, errors.New("frame too large")
	}
	p := make([]byte, n)
	_, err := io.ReadFull(r.br, p)
	return h[0] & 0x0f, p, err
}

// next returns the next text frame's payload, skipping pings.
func (r *rawClient) next(timeout time.Duration) (string, error) {
	for {
		op, p, err := r.read(timeout)
		if err != nil {
			return "", err
		}
		switch op {
		case 0x1:
			return string(p), nil
		case 0x8:
			code := 0
			if len(p) >= 2 {
				code = int(binary.BigEndian.Uint16(p))
			}
			return "", &closedError{code: code}
		}
	}
}

// closedError is a close frame the server sent.
type closedError struct{ code int }

func (e *closedError) Error() string { return fmt.Sprintf("closed with %d", e.code) }

// release drops the client's read buffer, so that an idle client holds
// only its socket.
func (r *rawClient) release() { r.br = nil }

func (r *rawClient) close() { _ = r.c.Close() }

// statusOf dials and returns the HTTP status of a plain request, for
// checks that the server still answers.
func statusOf(url string) int {
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
