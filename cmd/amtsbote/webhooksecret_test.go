package main

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/app/server"
	"amtsbote/channels/telegram"
	"amtsbote/config"
)

// syncBuffer is a log sink safe to read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// In webhook mode without a configured secret, serve generates a strong
// one into the data directory (mode 0600), logs the file and not the
// secret, registers it with setWebhook and takes only it; a restart keeps it.
func TestWebhookSecretGenerated(t *testing.T) {
	var mu sync.Mutex
	var registered []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/getMe"):
			w.Write([]byte(`{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"Bot","username":"TestBot"}}`))
		case strings.HasSuffix(r.URL.Path, "/setWebhook"):
			mu.Lock()
			registered = append(registered, r.FormValue("secret_token"))
			mu.Unlock()
			w.Write([]byte(`{"ok":true,"result":true}`))
		default:
			w.Write([]byte(`{"ok":true,"result":true}`))
		}
	}))
	defer api.Close()
	c := config.Default()
	c.Data, c.Addr = t.TempDir(), "127.0.0.1:0"
	c.Telegram = config.Telegram{Token: "123:TEST", APIURL: api.URL, Webhook: true,
		WebhookURL: "https://bot.example/telegram/webhook"}
	if err := c.Check(); err != nil {
		t.Fatalf("webhook mode without a secret: %v", err)
	}
	var logs syncBuffer
	at, stop := startServeAt(t, c, slog.New(slog.NewTextHandler(&logs, nil)))

	file := filepath.Join(c.Data, server.WebhookSecretFile)
	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("%s has mode %v, want 0600", file, info.Mode().Perm())
	}
	raw, _ := os.ReadFile(file)
	secret := strings.TrimSpace(string(raw))
	if len(secret) < telegram.MinWebhookSecret || strings.Trim(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
		t.Fatalf("generated secret %d characters, or with characters Telegram refuses", len(secret))
	}
	if !strings.Contains(logs.String(), file) || strings.Contains(logs.String(), secret) {
		t.Fatalf("the log must name the file and not the secret:\n%s", logs.String())
	}
	post := func(secret string) int {
		req, _ := http.NewRequest(http.MethodPost, "http://"+at.Addr+telegram.WebhookPath, strings.NewReader("{"))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(""); code != http.StatusUnauthorized {
		t.Fatalf("no secret: %d", code)
	}
	if code := post(secret); code != http.StatusBadRequest { // past the secret, a broken update
		t.Fatalf("the generated secret: %d, want 400 for the broken update", code)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		n := len(registered)
		mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
	}
	mu.Lock()
	if len(registered) == 0 || registered[0] != secret {
		t.Errorf("setWebhook was not given the generated secret (%d calls)", len(registered))
	}
	mu.Unlock()
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	raw, err = os.ReadFile(file) // what the next start reads
	if again := strings.TrimSpace(string(raw)); err != nil || again != secret {
		t.Fatalf("after a restart the secret changed (%v)", err)
	}
}
