package web

import (
	"crypto/tls"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// Over TLS served directly the poller cannot see what the TLS layer has
// buffered, so each connection keeps a reader goroutine; the protocol is
// the same.
func TestTLSConnections(t *testing.T) {
	f := start(t, Options{})
	srv := httptest.NewTLSServer(f.ch.Handler())
	t.Cleanup(srv.Close)
	d := websocket.Dialer{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} // the test server's own certificate
	url := "wss" + strings.TrimPrefix(srv.URL, "https") + "/chat/ws"
	for i := range 2 {
		ws, _, err := d.Dial(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = ws.Close() })
		// Hello and a message in one TLS write: both are read.
		if err := ws.WriteJSON(clientFrame{Type: "hello"}); err != nil {
			t.Fatal(err)
		}
		if err := ws.WriteJSON(clientFrame{Type: "message", ID: "t" + string(rune('0'+i)), Text: "Hallo"}); err != nil {
			t.Fatal(err)
		}
		acked := false
		for !acked {
			var fr sframe
			if err := ws.ReadJSON(&fr); err != nil {
				t.Fatal(err)
			}
			if fr.Type == "error" {
				t.Fatalf("error %+v", fr)
			}
			acked = fr.Type == "ack"
		}
	}
	if n := f.ch.Open(); n != 2 {
		t.Fatalf("%d connections open, want 2", n)
	}
}
