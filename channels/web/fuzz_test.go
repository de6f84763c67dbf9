package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeFrame feeds arbitrary text frames to the widget frame decoder
// and the message checks: nothing panics, what is accepted is UTF-8 and
// survives a round trip, and an accepted message keeps every limit.
//
//	go test -run '^$' -fuzz '^FuzzDecodeFrame$' -fuzztime 10s ./channels/web/
func FuzzDecodeFrame(f *testing.F) {
	for _, s := range []string{
		`{"type":"hello","token":"","lang":"de"}`,
		`{"type":"message","id":"c1a2","text":"Zählerstand melden"}`,
		`{"type":"choice","id":"c2","value":"submit","label":"Absenden"}`,
		`{"type":"file","id":"f1","name":"foto.png","media_type":"image/png","size":51234}`,
		`{"type":"typing"}`,
		`{"type":"message","id":"x","text":"\ud800 \u0000"}`,
		`  {"type":"message","id":"x","text":"a"}  `,
		`{"type":"message"} {"type":"message"}`,
		`{"type":"message"}}`,
		`null`, `[]`, `"hello"`, `{"type":7}`, "{\"type\":\"message\",\"text\":\"\xff\xfe\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, ok := decodeFrame(data)
		if !ok {
			return
		}
		if !utf8.Valid(data) {
			t.Fatalf("accepted invalid UTF-8: %q", data)
		}
		b, err := json.Marshal(fr)
		if err != nil {
			t.Fatal(err)
		}
		if again, ok := decodeFrame(b); !ok || again != fr {
			t.Fatalf("round trip: %+v became %+v (%v)", fr, again, ok)
		}
		in, code := checkMessage(fr, 100)
		if code != "" {
			return
		}
		if !clientIDPattern.MatchString(fr.ID) || !utf8.ValidString(in.Text) || !utf8.ValidString(in.Choice) {
			t.Fatalf("accepted %+v as %+v", fr, in)
		}
		if fr.Type == "choice" {
			if in.Choice == "" || len(in.Choice) > maxChoiceLen || len(in.Text) > maxChoiceLen {
				t.Fatalf("choice accepted: %+v", in)
			}
			return
		}
		if in.Text == "" || utf8.RuneCountInString(in.Text) > 100 || in.Text != strings.TrimSpace(in.Text) {
			t.Fatalf("text accepted: %q", in.Text)
		}
	})
}

// chunkConn is a socket whose peer sent stream, arriving chunk bytes at a
// time.
type chunkConn struct {
	net.Conn // nil: only Read is used
	stream   []byte
	chunk    int
}

func (c *chunkConn) Read(p []byte) (int, error) {
	if len(c.stream) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.chunk)], c.stream)
	c.stream = c.stream[n:]
	return n, nil
}

// FuzzFrameConn feeds an arbitrary byte stream, in chunks of any size, to
// the frame-boundary reader, read the way a connection reads it: between
// messages settle, then one frame through Read in small pieces. Every
// byte must come out once, in order, either in a frame passed on (never
// beyond its end) or in a ping or pong answered between messages.
//
//	go test -run '^$' -fuzz '^FuzzFrameConn$' -fuzztime 10s ./channels/web/
func FuzzFrameConn(f *testing.F) {
	f.Add(append(rawFrame(0x81, []byte(`{"type":"hello"}`)), rawFrame(0x89, []byte("ping"))...), byte(3), byte(5))
	f.Add(append(rawFrame(0x8A, nil), rawFrame(0x82, bytes.Repeat([]byte{7}, 300))...), byte(1), byte(64))
	f.Add(append(rawFrame(0x01, []byte("frag")), append(rawFrame(0x89, nil), rawFrame(0x80, []byte("ment"))...)...), byte(200), byte(1))
	f.Add([]byte{0x81, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, byte(2), byte(9))
	f.Fuzz(func(t *testing.T, stream []byte, chunk, piece byte) {
		type event struct {
			control bool
			data    []byte // a control frame's payload, or a passed frame's bytes
		}
		var events []event
		fc := newFrameConn(&chunkConn{stream: stream, chunk: int(chunk%64) + 1}, newReadBufs(), func(op byte, p []byte) {
			events = append(events, event{control: true, data: p})
		})
		// Drive it as readBurst does, without a poller.
	read:
		for range len(stream) + 1 {
			more, err := fc.settle()
			if err != nil {
				break
			}
			if !more {
				if fc.fill() != nil {
					break
				}
				continue
			}
			var frame []byte
			for {
				p := make([]byte, int(piece%16)+1)
				left := fc.left
				n, err := fc.Read(p)
				if left != 0 && int64(n) > left {
					t.Fatalf("passed %d bytes with %d left in the frame", n, left)
				}
				frame = append(frame, p[:n]...)
				if err != nil {
					events = append(events, event{data: frame})
					break read
				}
				if fc.left == 0 {
					break
				}
			}
			events = append(events, event{data: frame})
		}
		// Replay against the stream.
		off := 0
		for i, e := range events {
			h, ok := parseHeader(stream[off:])
			if e.control {
				if !ok || !h.answerable() || off+int(h.size()) > len(stream) {
					t.Fatalf("event %d: answered a frame that is not a whole ping or pong", i)
				}
				payload := make([]byte, h.length)
				for j := range payload {
					payload[j] = stream[off+h.headerLen+j] ^ h.mask[j%4]
				}
				if !bytes.Equal(payload, e.data) {
					t.Fatalf("event %d: control payload %q, want %q", i, e.data, payload)
				}
				off += int(h.size())
				continue
			}
			if off+len(e.data) > len(stream) || !bytes.Equal(e.data, stream[off:off+len(e.data)]) {
				t.Fatalf("event %d: passed bytes differ from the stream at %d", i, off)
			}
			if ok && h.answerable() && int64(len(e.data)) == h.size() {
				t.Fatalf("event %d: a whole ping or pong was passed on instead of answered", i)
			}
			off += len(e.data)
		}
		if off > len(stream) {
			t.Fatalf("consumed %d of %d bytes", off, len(stream))
		}
	})
}
