package console

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"amtsbote/channels"
)

// fakeCore answers each delivered line with one reply through the console's
// Send, as the gateway's outbox would.
type fakeCore struct {
	c   *Console
	mu  sync.Mutex
	got []channels.Inbound
	n   int
}

func (f *fakeCore) Deliver(ctx context.Context, in channels.Inbound) (channels.Receipt, error) {
	f.mu.Lock()
	f.got = append(f.got, in)
	f.n++
	id := "r" + string(rune('0'+f.n))
	f.mu.Unlock()
	go f.c.Send(ctx, channels.Delivery{ID: id, Message: channels.Outbound{From: channels.FromBot, Text: "ok",
		Options: []channels.Option{{Value: "submit", Label: "Absenden"}, {Value: "cancel", Label: "Abbrechen"}}}})
	return channels.Receipt{Replies: []string{id}}, nil
}

func TestPicksOptionsAndPrintsJSON(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("hallo\n2\nabsenden\nsubmit\nfreier Text\n")
	c := New(Options{In: in, Out: &out, JSON: true})
	core := &fakeCore{c: c}
	if err := c.Run(context.Background(), core); err != nil {
		t.Fatal(err)
	}
	if len(core.got) != 5 {
		t.Fatalf("%d messages delivered", len(core.got))
	}
	want := []struct{ text, choice string }{{"hallo", ""}, {"Abbrechen", "cancel"}, {"Absenden", "submit"}, {"Absenden", "submit"}, {"freier Text", ""}}
	for i, w := range want {
		if core.got[i].Text != w.text || core.got[i].Choice != w.choice {
			t.Errorf("line %d: text %q choice %q, want %q %q", i, core.got[i].Text, core.got[i].Choice, w.text, w.choice)
		}
		if core.got[i].MessageID == "" || core.got[i].Address != "terminal" || core.got[i].Channel != Name {
			t.Errorf("line %d: incomplete inbound %+v", i, core.got[i])
		}
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 10 {
		t.Fatalf("%d output lines, want 10:\n%s", len(lines), out.String())
	}
	var msg map[string]any
	json.Unmarshal([]byte(lines[0]), &msg)
	if msg["type"] != "message" || msg["from"] != "bot" || msg["text"] != "ok" || msg["field"] != nil {
		t.Fatalf("first line %s", lines[0])
	}
	if lines[1] != `{"type":"await"}` {
		t.Fatalf("second line %s", lines[1])
	}
}

func TestFileCommand(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "schein.pdf")
	os.WriteFile(small, []byte("%PDF-1.4 test"), 0o600)
	big := filepath.Join(dir, "big.pdf")
	os.WriteFile(big, bytes.Repeat([]byte("x"), 2048), 0o600)
	var out bytes.Buffer
	in := strings.NewReader("/file " + small + "\n/file " + big + "\n/file " + filepath.Join(dir, "missing.pdf") + "\n")
	c := New(Options{In: in, Out: &out, JSON: true, MaxUpload: 1024})
	core := &fakeCore{c: c}
	if err := c.Run(context.Background(), core); err != nil {
		t.Fatal(err)
	}
	if len(core.got) != 1 {
		t.Fatalf("%d deliveries, want only the small file", len(core.got))
	}
	a := core.got[0].Attachments
	if len(a) != 1 || a[0].Name != "schein.pdf" || a[0].MediaType != "application/pdf" || string(a[0].Data) != "%PDF-1.4 test" {
		t.Fatalf("attachment %+v", a)
	}
	if n := strings.Count(out.String(), `"type":"error"`); n != 2 {
		t.Fatalf("%d errors printed, want 2:\n%s", n, out.String())
	}
	if n := strings.Count(out.String(), `{"type":"await"}`); n != 3 {
		t.Fatalf("%d awaits, want one per line:\n%s", n, out.String())
	}
}

// "/lang TAG" chooses the conversation's language as the widget's and
// Telegram's menus do (the choice lang:<tag>); an unknown tag is refused.
func TestLangCommand(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("/lang tr\n/lang ar-SY\n/lang klingon\n")
	c := New(Options{In: in, Out: &out, JSON: true})
	core := &fakeCore{c: c}
	if err := c.Run(context.Background(), core); err != nil {
		t.Fatal(err)
	}
	if len(core.got) != 2 || core.got[0].Choice != "lang:tr" || core.got[1].Choice != "lang:ar" {
		t.Fatalf("delivered %+v", core.got)
	}
	if n := strings.Count(out.String(), `"type":"error"`); n != 1 || !strings.Contains(out.String(), "klingon") {
		t.Fatalf("want one error naming the tag:\n%s", out.String())
	}
}
