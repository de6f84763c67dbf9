package web

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/channels"
)

func pngBytes(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// upload sends a file header and its binary frame.
func (c *client) upload(id, name, mediaType string, data []byte) {
	c.t.Helper()
	c.send(clientFrame{Type: "file", ID: id, Name: name, MediaType: mediaType, Size: int64(len(data))})
	if err := c.ws.WriteMessage(websocket.BinaryMessage, data); err != nil {
		c.t.Fatal(err)
	}
}

func TestUploadStoredAndInHistory(t *testing.T) {
	f := start(t, Options{})
	c := f.dial(nil)
	w, _ := c.hello("")
	img := pngBytes(t)
	c.upload("f1", "../../zähler foto.png", "image/png", img)
	c.until(func(fr sframe) bool { return fr.Type == "ack" && fr.ID == "f1" })
	_, entries, err := f.core.History.History(context.Background(), Name, w.Token, 0)
	if err != nil || len(entries) == 0 || entries[0].Inbound == nil || len(entries[0].Inbound.Attachments) != 1 {
		t.Fatalf("stored: %v %+v", err, entries)
	}
	a := entries[0].Inbound.Attachments[0]
	if a.Name != "zähler foto.png" || a.MediaType != "image/png" || !bytes.Equal(a.Data, img) {
		t.Fatalf("attachment %q %q %d bytes", a.Name, a.MediaType, len(a.Data))
	}
	_, hist := f.dial(nil).hello(w.Token)
	if len(hist) == 0 || hist[0].From != "citizen" || hist[0].ID != "f1" || len(hist[0].Files) != 1 ||
		hist[0].Files[0].Size != len(img) || hist[0].Files[0].URL != "" {
		t.Fatalf("history: %+v", hist)
	}
}

func TestUploadRefusals(t *testing.T) {
	f := start(t, Options{MaxUploadBytes: 2048})
	c := f.dial(nil)
	c.hello("")
	img := pngBytes(t)

	c.upload("lie", "scan.pdf", "application/pdf", img) // a PNG that says it is a PDF
	if e := c.next(); e.Code != errFileMismatch || e.ID != "lie" {
		t.Fatalf("lying type: %+v", e)
	}
	c.upload("txt", "notes.txt", "text/plain", []byte("hello"))
	if e := c.next(); e.Code != errFileType || e.ID != "txt" {
		t.Fatalf("type: %+v", e)
	}
	// Too large: refused from the header; a client that then sends no
	// binary frame keeps its connection.
	c.send(clientFrame{Type: "file", ID: "big", Name: "big.pdf", MediaType: "application/pdf", Size: 4096})
	if e := c.next(); e.Code != errFileTooLarge || e.ID != "big" || !strings.Contains(e.Message, "MB") {
		t.Fatalf("too large: %+v", e)
	}
	c.send(clientFrame{Type: "file", ID: "short", Name: "a.png", MediaType: "image/png", Size: int64(len(img)) + 10})
	if err := c.ws.WriteMessage(websocket.BinaryMessage, img); err != nil {
		t.Fatal(err)
	}
	if e := c.next(); e.Code != errFileData || e.ID != "short" {
		t.Fatalf("short: %+v", e)
	}
	if err := c.ws.WriteMessage(websocket.BinaryMessage, img); err != nil { // unannounced
		t.Fatal(err)
	}
	if e := c.next(); e.Code != errFileData || e.ID != "" {
		t.Fatalf("unannounced: %+v", e)
	}
	c.upload("ok", "a.png", "image/png", img)
	c.until(func(fr sframe) bool { return fr.Type == "ack" && fr.ID == "ok" })
	// A binary frame larger than announced closes the connection (1009).
	c.send(clientFrame{Type: "file", ID: "over", Name: "a.png", MediaType: "image/png", Size: 10})
	if err := c.ws.WriteMessage(websocket.BinaryMessage, img); err != nil {
		t.Fatal(err)
	}
	if code := closeCode(c.closeErr()); code != websocket.CloseMessageTooBig {
		t.Fatalf("close code %d", code)
	}
}

func TestDownloadLinks(t *testing.T) {
	f := start(t, Options{})
	c := f.dial(nil)
	w, _ := c.hello("")
	c.turn(clientFrame{Type: "message", ID: "d1", Text: "Hallo"}, func(fr sframe) bool { return fr.From == "bot" })
	conv, _, _ := f.core.History.History(context.Background(), Name, w.Token, 0)
	pdf := []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	ics := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
	_, err := f.core.Gateway.Deliver(context.Background(), channels.Inbound{Channel: "staff", Conversation: conv,
		From: channels.FromStaff, MessageID: "s1", Text: "Ihr Bescheid und der Termin", Received: time.Now(),
		Attachments: []channels.Attachment{
			{Name: "bescheid.pdf", MediaType: "application/pdf", Data: pdf},
			{Name: "termin.ics", MediaType: "text/calendar", Data: ics},
			{Name: "seite.html", MediaType: "text/html", Data: []byte("<script>alert(1)</script>")},
		}})
	if err != nil {
		t.Fatal(err)
	}
	m := c.until(func(fr sframe) bool { return fr.From == "staff" })
	staff := m[len(m)-1]
	if len(staff.Files) != 3 {
		t.Fatalf("staff message %+v", staff)
	}
	for i, want := range []struct{ ctype, name string }{
		{"application/pdf", "bescheid.pdf"}, {"text/calendar", "termin.ics"}, {"application/octet-stream", "seite.html"},
	} {
		resp, body := get(t, f.srv.URL+"/"+staff.Files[i].URL)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != want.ctype ||
			resp.Header.Get("Content-Disposition") != `attachment; filename=`+want.name ||
			resp.Header.Get("X-Content-Type-Options") != "nosniff" || len(body) == 0 {
			t.Fatalf("file %d: %d %v", i, resp.StatusCode, resp.Header)
		}
	}
	if _, body := get(t, f.srv.URL+"/"+staff.Files[0].URL); !bytes.Equal(body, pdf) {
		t.Fatal("pdf differs")
	}
	// The history gives working links too.
	_, hist := f.dial(nil).hello(w.Token)
	last := hist[len(hist)-1]
	if resp, _ := get(t, f.srv.URL+"/"+last.Files[1].URL); last.From != "staff" || resp.StatusCode != 200 {
		t.Fatalf("history link: %+v", last)
	}
	// Anything changed or missing is a plain 404.
	u := staff.Files[0].URL
	for _, bad := range []string{
		strings.Replace(u, "/0?", "/1?", 1),
		u[:len(u)-3] + "AAA",
		strings.SplitN(u, "?", 2)[0],
		strings.Replace(u, staff.ID, "other", 1),
	} {
		if resp, _ := get(t, f.srv.URL+"/"+bad); resp.StatusCode != 404 {
			t.Fatalf("%s: %d", bad, resp.StatusCode)
		}
	}
}

func TestExpiredLinkRefused(t *testing.T) {
	k := newKeys(nil)
	s := k.sealLink(link{token: "t", message: "m", index: 0, expires: time.Now().Add(-time.Second)})
	if _, err := k.openLink(s, time.Now()); err == nil {
		t.Fatal("expired link opened")
	}
	s = k.sealLink(link{token: "t", message: "m", index: 2, expires: time.Now().Add(time.Hour)})
	if l, err := k.openLink(s, time.Now()); err != nil || l.token != "t" || l.message != "m" || l.index != 2 {
		t.Fatalf("%+v %v", l, err)
	}
	if _, err := newKeys(nil).openLink(s, time.Now()); err == nil {
		t.Fatal("link opened with other keys")
	}
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestLoadSecretKept(t *testing.T) {
	f := start(t, Options{})
	a, err := LoadSecret(context.Background(), f.core.State)
	if err != nil || len(a) != 32 {
		t.Fatal(a, err)
	}
	b, err := LoadSecret(context.Background(), f.core.State)
	if err != nil || !bytes.Equal(a, b) {
		t.Fatal("secret changed", err)
	}
	tok := newKeys(a).newToken()
	if !newKeys(b).issued(tok) || newKeys(nil).issued(tok) {
		t.Fatal("token not recognised with the kept secret")
	}
}

// Clients that announce a file and then vanish, or stay without sending
// it (one answering pings, one silent), give their upload slots back: a
// citizen after them uploads as usual.
func TestUploadSlotsReleasedWhenAnnouncersVanish(t *testing.T) {
	const slots = 3
	f := start(t, Options{MaxConcurrentUploads: slots, UploadTimeout: 300 * time.Millisecond,
		PingInterval: 100 * time.Millisecond})
	img := pngBytes(t)
	header := clientFrame{Type: "file", ID: "v1", Name: "a.png", MediaType: "image/png", Size: int64(len(img))}
	// Two disconnect right after announcing.
	for range 2 {
		c := f.dial(nil)
		c.hello("")
		c.send(header)
		_ = c.ws.Close()
	}
	// One stays and answers pings (the client reads, so gorilla answers them).
	pinged := f.dial(nil)
	pinged.hello("")
	pinged.send(header)
	// One stays silent and answers nothing.
	silent := rawHello(t, f)
	b, _ := json.Marshal(header)
	if err := silent.text(string(b)); err != nil {
		t.Fatal(err)
	}
	// More than slots announced; every one of them is gone within the upload timeout.
	if err := pinged.closeErr(); err == nil {
		t.Fatal("the announcer answering pings was not dropped")
	}
	eventually(t, "every announcer dropped", func() bool { return f.ch.Open() == 0 })
	eventually(t, "every upload slot free", func() bool { return len(f.ch.uploads) == 0 })

	c := f.dial(nil)
	c.hello("")
	c.upload("ok", "zähler.png", "image/png", img)
	if fr := c.until(func(fr sframe) bool { return fr.Type == "ack" || fr.Type == "error" }); fr[len(fr)-1].Type != "ack" {
		t.Fatalf("upload after the announcers: %+v", fr[len(fr)-1])
	}
}

// A file name's bidirectional overrides and other format characters are
// gone before it is stored: the console and the history show the name as
// it really ends.
func TestUploadNameLosesFormatCharacters(t *testing.T) {
	f := start(t, Options{})
	c := f.dial(nil)
	w, _ := c.hello("")
	c.upload("n1", "Bescheid\u202Egnp.exe\u200B\u2066\u2028", "image/png", pngBytes(t))
	c.until(func(fr sframe) bool { return fr.Type == "ack" && fr.ID == "n1" })
	_, entries, err := f.core.History.History(context.Background(), Name, w.Token, 0)
	if err != nil || len(entries) == 0 || entries[0].Inbound == nil || len(entries[0].Inbound.Attachments) != 1 {
		t.Fatalf("stored: %v %+v", err, entries)
	}
	if got := entries[0].Inbound.Attachments[0].Name; got != "Bescheidgnp.exe" {
		t.Fatalf("stored name %q, want %q", got, "Bescheidgnp.exe")
	}
	_, hist := f.dial(nil).hello(w.Token)
	if len(hist) == 0 || len(hist[0].Files) != 1 || hist[0].Files[0].Name != "Bescheidgnp.exe" {
		t.Fatalf("history: %+v", hist)
	}
}
