package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/channels"
)

// memStore is a StateStore in memory.
type memStore struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (s *memStore) ChannelState(channel, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[channel+"/"+key]
	if !ok {
		return nil, channels.ErrNotFound
	}
	return v, nil
}

func (s *memStore) SetChannelState(_ context.Context, channel, key string, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string][]byte{}
	}
	s.m[channel+"/"+key] = value
	return nil
}

// capture is a Deliverer that records what it is given and fails for the
// addresses in failFor.
type capture struct {
	mu      sync.Mutex
	ins     []channels.Inbound
	failFor string
	changed chan struct{}
}

func newCapture() *capture { return &capture{changed: make(chan struct{}, 100)} }

func (c *capture) Deliver(_ context.Context, in channels.Inbound) (channels.Receipt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if in.Address == c.failFor {
		return channels.Receipt{}, fmt.Errorf("conversation broken")
	}
	c.ins = append(c.ins, in)
	c.changed <- struct{}{}
	return channels.Receipt{}, nil
}

func (c *capture) got() []channels.Inbound {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]channels.Inbound(nil), c.ins...)
}

func (c *capture) waitN(t *testing.T, n int) []channels.Inbound {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if got := c.got(); len(got) >= n {
			return got
		}
		select {
		case <-c.changed:
		case <-deadline:
			t.Fatalf("got %d inbound messages, want %d", len(c.got()), n)
		}
	}
}

// startBare runs a channel without a core.
func startBare(t *testing.T, api *fakeAPI, d channels.Deliverer, mod func(*Options)) *Channel {
	t.Helper()
	opts := Options{Token: api.token, APIURL: api.srv.URL + "/bot%s/%s", PerSecond: 1000,
		ChatInterval: time.Millisecond, PollTimeout: time.Second}
	if mod != nil {
		mod(&opts)
	}
	ch, err := New(opts, &memStore{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ch.retryBase = 5 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := ch.Run(ctx, d); err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return ch
}

func TestEndpoints(t *testing.T) {
	for _, c := range []struct{ in, endpoint, file string }{
		{"", "https://api.telegram.org/bot%s/%s", "https://api.telegram.org/file/bot%s/%s"},
		{"http://127.0.0.1:8081/", "http://127.0.0.1:8081/bot%s/%s", "http://127.0.0.1:8081/file/bot%s/%s"},
		{"https://tg.example.org/api/bot%s/%s", "https://tg.example.org/api/bot%s/%s", "https://tg.example.org/api/file/bot%s/%s"},
	} {
		e, f, err := endpoints(c.in)
		if err != nil || e != c.endpoint || f != c.file {
			t.Errorf("endpoints(%q) = %q, %q, %v", c.in, e, f, err)
		}
	}
	for _, bad := range []string{"ftp://x", "api.telegram.org", "https://x/%s"} {
		if _, _, err := endpoints(bad); err == nil {
			t.Errorf("endpoints(%q) accepted", bad)
		}
	}
	if _, err := New(Options{Token: "1:x", Webhook: true}, &memStore{}, nil); err == nil {
		t.Error("webhook mode without a secret accepted")
	}
}

// A webhook secret must be long enough not to be guessed and one Telegram
// takes as secret_token.
func TestWebhookSecretStrength(t *testing.T) {
	long := strings.Repeat("s", MinWebhookSecret)
	for secret, ok := range map[string]bool{
		"x":                      false,
		long[1:]:                 false,
		long:                     true,
		"A-z_09" + long:          true,
		strings.Repeat("q", 256): true,
		strings.Repeat("q", 257): false,
		long + "=":               false,
		long + "/":               false,
	} {
		_, err := New(Options{Token: "1:x", Webhook: true, WebhookSecret: secret}, &memStore{}, nil)
		if ok != (err == nil) {
			t.Errorf("secret of %d characters (%q…): %v", len(secret), secret[:min(8, len(secret))], err)
		}
	}
}

func TestSplitText(t *testing.T) {
	long := strings.Repeat("Wort ", 2000) // 10000 characters
	parts := splitText(long, maxText)
	if len(parts) != 3 || strings.Join(parts, " ") != strings.TrimSpace(long) {
		t.Fatalf("split into %d parts, joined equal: %v", len(parts), strings.Join(parts, " ") == strings.TrimSpace(long))
	}
	emoji := strings.Repeat("😀", 3000) // 6000 UTF-16 units
	parts = splitText(emoji, maxText)
	if len(parts) != 2 || len([]rune(parts[0])) != 2048 {
		t.Errorf("emoji split into %d parts, first %d runes", len(parts), len([]rune(parts[0])))
	}
	if splitText("", maxText) != nil {
		t.Error("empty text gives a part")
	}
}

// Send's errors: 429 waits, a blocked bot is permanent, a server error is
// retried, an unreachable server's error does not show the token.
func TestSendErrors(t *testing.T) {
	api := newFakeAPI(t)
	ch, err := New(Options{Token: api.token, APIURL: api.srv.URL, PerSecond: 1000, ChatInterval: time.Millisecond},
		&memStore{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := channels.Delivery{ID: "o1", Address: "4711", Message: channels.Outbound{Text: "Hallo"}}
	ctx := context.Background()

	api.fail("sendMessage", failure{status: 429, desc: "Too Many Requests: retry after 3", retryAfter: 3})
	if after, ok := channels.RetryAfter(ch.Send(ctx, d)); !ok || after != 3*time.Second {
		t.Errorf("429: retry after %v, %v", after, ok)
	}
	ch.pace = newPacer(1000, time.Millisecond) // forget the pause
	api.fail("sendMessage", failure{status: 403, desc: "Forbidden: bot was blocked by the user"})
	if err := ch.Send(ctx, d); !channels.IsPermanent(err) {
		t.Errorf("403: %v, want permanent", err)
	}
	api.fail("sendMessage", failure{status: 500, desc: "Internal Server Error"})
	if err := ch.Send(ctx, d); err == nil || channels.IsPermanent(err) {
		t.Errorf("500: %v, want a temporary error", err)
	}
	if err := ch.Send(ctx, channels.Delivery{ID: "o2", Address: "nobody"}); !channels.IsPermanent(err) {
		t.Errorf("bad address: %v, want permanent", err)
	}
	api.srv.Close()
	err = ch.Send(ctx, d)
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("unreachable server: %v", err)
	}
}

// A reply of several parts that fails half-way continues where it stopped.
func TestMultiPartResumes(t *testing.T) {
	api := newFakeAPI(t)
	ch, err := New(Options{Token: api.token, APIURL: api.srv.URL, PerSecond: 1000, ChatInterval: time.Millisecond},
		&memStore{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pdf := channels.Attachment{Name: "a.pdf", MediaType: "application/pdf", Data: []byte("%PDF-1.4")}
	d := channels.Delivery{ID: "o1", Address: "4711", Message: channels.Outbound{Text: "Anbei",
		Attachments: []channels.Attachment{pdf, pdf}}}
	api.fail("sendDocument", failure{status: 502, desc: "Bad Gateway"})
	if err := ch.Send(context.Background(), d); err == nil {
		t.Fatal("the failing document did not fail the send")
	}
	if err := ch.Send(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if n, m := len(sentTexts(api.sent(4711))), len(api.sent(4711)); n != 1 || m != 3 {
		t.Errorf("sent %d texts and %d parts, want 1 and 3", n, m)
	}
}

// Option values too long for callback data are stored and come back whole.
func TestLongOptionValue(t *testing.T) {
	api := newFakeAPI(t)
	cp := newCapture()
	ch := startBare(t, api, cp, nil)
	long := "service:" + strings.Repeat("sehr-langer-dienst-", 5)
	d := channels.Delivery{ID: "o1", Address: "4711", Message: channels.Outbound{Text: "Bitte wählen",
		Options: []channels.Option{{Value: long, Label: "Lang"}, {Value: "#x", Label: "Raute"}, {Value: "kurz", Label: "Kurz"}}}}
	if err := ch.Send(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	msg := api.sent(4711)[0]
	b := buttons(t, msg)
	var hashed []string
	for data := range b {
		if len(data) > maxCallbackData {
			t.Errorf("callback data of %d bytes", len(data))
		}
		if strings.HasPrefix(data, hashPrefix) {
			hashed = append(hashed, data)
		}
	}
	if len(hashed) != 2 || b["kurz"] != "Kurz" {
		t.Fatalf("keyboard %v: want two hashed values and kurz as it is", b)
	}
	for _, data := range hashed {
		api.press(4711, msg.MessageID, data)
	}
	got := cp.waitN(t, 2)
	choices := []string{got[0].Choice, got[1].Choice}
	if !(choices[0] == long && choices[1] == "#x" || choices[0] == "#x" && choices[1] == long) {
		t.Errorf("choices %q, want the long value and #x", choices)
	}
}

// /start with a deep-link code continues the linked conversation; the
// code is not passed on; an unknown code says so.
func TestStartLink(t *testing.T) {
	api := newFakeAPI(t)
	cp := newCapture()
	startBare(t, api, cp, func(o *Options) { o.Linker = linker{"CODE123": "conv-1"} })
	api.text(4711, "/start CODE123")
	api.text(4712, "/start WRONG")
	got := cp.waitN(t, 2)
	byAddr := map[string]channels.Inbound{got[0].Address: got[0], got[1].Address: got[1]}
	if in := byAddr["4711"]; in.Conversation != "conv-1" || in.Text != "/start" || in.Choice != "resume" {
		t.Errorf("linked start = %+v", in)
	}
	if in := byAddr["4712"]; in.Conversation != "" || in.Text != "/start" {
		t.Errorf("unlinked start = %+v", in)
	}
	b, _ := json.Marshal(got)
	if strings.Contains(string(b), "CODE123") {
		t.Error("the code was passed on")
	}
	api.waitReply(t, 4712, 0, "ungültig")
}

type linker map[string]string

func (l linker) Resolve(_ context.Context, code string) (string, bool, error) {
	c, ok := l[code]
	return c, ok, nil
}

// An update that keeps failing while later ones get through is given up
// after a while, with a word to the citizen; the others are delivered once.
func TestGiveUpHoldingUpdate(t *testing.T) {
	api := newFakeAPI(t)
	cp := newCapture()
	cp.failFor = "4711"
	ch := startBare(t, api, cp, nil)
	api.text(4711, "kaputt")
	api.text(4712, "eins")
	api.text(4712, "zwei")
	api.waitReply(t, 4711, 0, "nicht verarbeitet")
	api.text(4712, "drei")
	got := cp.waitN(t, 3)
	time.Sleep(100 * time.Millisecond)
	if got = cp.got(); len(got) != 3 || got[0].Text != "eins" || got[2].Text != "drei" {
		t.Errorf("delivered %+v", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for n, _, _ := ch.loadOffset(); n != api.nextUpdate+1; n, _, _ = ch.loadOffset() {
		if time.Now().After(deadline) {
			t.Fatalf("offset %d, want %d", n, api.nextUpdate+1)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A token Telegram refuses ends Run with an error that does not show it.
func TestRefusedToken(t *testing.T) {
	api := newFakeAPI(t)
	ch, err := New(Options{Token: "999:wrong-token", APIURL: api.srv.URL}, &memStore{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = ch.Run(ctx, newCapture())
	if err == nil || ctx.Err() != nil || strings.Contains(err.Error(), "wrong-token") {
		t.Fatalf("Run = %v", err)
	}
}
