package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaultsWithoutFile(t *testing.T) {
	c, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.Data != "./data" || c.CasePrefix != "AB" || c.Timezone != "Europe/Berlin" ||
		c.Retention.DedupeDays != 30 {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestFileThenEnvironment(t *testing.T) {
	p := filepath.Join(t.TempDir(), "amtsbote.yaml")
	os.WriteFile(p, []byte("addr: 0.0.0.0:9000\ncase_prefix: PB\ntelegram:\n  token: from-file\n"), 0o600)
	c, err := Load(p, env(map[string]string{"AMTSBOTE_TELEGRAM_TOKEN": "from-env", "AMTSBOTE_IMAP_URL": "imaps://u:pw@mail:993"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.CasePrefix != "PB" || c.Telegram.Token != "from-env" {
		t.Fatalf("merged: %+v", c)
	}
	var out bytes.Buffer
	if err := c.Print(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "from-env") || strings.Contains(out.String(), "pw@") {
		t.Fatalf("printed configuration shows a secret:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "0.0.0.0:9000") {
		t.Fatalf("printed configuration lacks settings:\n%s", out.String())
	}
}

func TestErrorsNameTheSetting(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"unknown: 1\n":                                    "unknown",
		"log:\n  format: xml\n":                           "log.format",
		"tls:\n  cert: a.pem\n":                           "tls",
		"timezone: Mars/Olympus\n":                        "timezone",
		"telegram:\n  webhook_secret: x\n":                "telegram.webhook_secret",
		"http:\n  read_timeout: 0s\n":                     "http.read_timeout",
		"addr: [1, 2]\n":                                  "line 1",
		"retention:\n  dedupe_days: -1\n":                 "retention.dedupe_days",
		"web:\n  new_sessions_per_ip: -1\n":               "web.new_sessions_per_ip",
		"web:\n  max_connections_per_token: -1\n":         "web.max_connections_per_token",
		"web:\n  allowed_origins: [www.musterstadt.de]\n": "web.allowed_origins",
		"web:\n  allowed_origins: [ftp://a.de]\n":         "web.allowed_origins",
	}
	for body, want := range cases {
		p := filepath.Join(dir, "c.yaml")
		os.WriteFile(p, []byte(body), 0o600)
		_, err := Load(p, env(nil))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v does not name %q", body, err, want)
		}
	}
}

func TestEmptyFileIsDefaults(t *testing.T) {
	p := filepath.Join(t.TempDir(), "empty.yaml")
	os.WriteFile(p, nil, 0o600)
	if _, err := Load(p, env(nil)); err != nil {
		t.Fatal(err)
	}
}

func TestNewSessionLimit(t *testing.T) {
	c, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if w := c.Web; w.NewSessionsPerIP != 20 || w.NewSessionsWindow != 10*time.Minute || w.NewSessionsBurst != 20 {
		t.Fatalf("default new-session limit: %+v", w)
	}
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("web:\n  new_sessions_per_ip: 0\n"), 0o600)
	if c, err = Load(p, env(nil)); err != nil || c.Web.NewSessionsPerIP != 0 {
		t.Fatalf("off: %+v, %v", c.Web, err)
	}
	os.WriteFile(p, []byte("web:\n  new_sessions_per_ip: 60\n  new_sessions_window: 1h\n"), 0o600)
	if c, err = Load(p, env(nil)); err != nil || c.Web.NewSessionsPerIP != 60 || c.Web.NewSessionsWindow != time.Hour ||
		c.Web.NewSessionsBurst != 20 {
		t.Fatalf("set: %+v, %v", c.Web, err)
	}
}

func TestConnectionCaps(t *testing.T) {
	c, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if w := c.Web; w.MaxConnectionsPerIP != 500 || w.MaxConnectionsPerToken != 8 {
		t.Fatalf("default connection caps: %+v", w)
	}
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("web:\n  max_connections_per_ip: 0\n  max_connections_per_token: 3\n"+
		"  allowed_origins: [\"https://www.musterstadt.de\", \"http://localhost:3000/\", \"*\"]\n"), 0o600)
	if c, err = Load(p, env(nil)); err != nil || c.Web.MaxConnectionsPerIP != 0 || c.Web.MaxConnectionsPerToken != 3 {
		t.Fatalf("set: %+v, %v", c.Web, err)
	}
}

// A Telegram webhook secret must be one Telegram accepts (A-Z a-z 0-9 _ -,
// at most 256) and long enough not to be guessed (at least 32); none at all
// is fine: serve generates one.
func TestWebhookSecretRules(t *testing.T) {
	long := strings.Repeat("a", 32)
	for secret, ok := range map[string]bool{
		"":                           true,
		"x":                          false,
		long[:31]:                    false,
		long:                         true,
		"Ab0_-" + long:               true,
		strings.Repeat("z", 256):     true,
		strings.Repeat("z", 257):     false,
		long + "!":                   false,
		long + " ":                   false,
		"ümlaut-" + long:             false,
		"with.dot-0123456789abcdefg": false,
	} {
		c, err := Load("", env(map[string]string{"AMTSBOTE_TELEGRAM_WEBHOOK": "true", "AMTSBOTE_TELEGRAM_WEBHOOK_SECRET": secret}))
		if ok && err != nil {
			t.Errorf("secret of %d characters refused: %v", len(secret), err)
		}
		if !ok && (err == nil || !strings.Contains(err.Error(), "telegram.webhook_secret")) {
			t.Errorf("secret %q: error %v", secret, err)
		}
		if err == nil && string(c.Telegram.WebhookSecret) != secret {
			t.Errorf("secret not taken: %q", c.Telegram.WebhookSecret)
		}
	}
}

func TestHTTPTimeoutsAndMetricsAddr(t *testing.T) {
	c, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.ReadTimeout != 30*time.Second || c.HTTP.IdleTimeout != 120*time.Second ||
		c.MetricsAddr != "127.0.0.1:9464" || c.MetricsOff() {
		t.Fatalf("defaults: %+v, metrics %q", c.HTTP, c.MetricsAddr)
	}
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("metrics_addr: \"\"\nhttp:\n  read_timeout: 5s\n  idle_timeout: 1m\n"), 0o600)
	if c, err = Load(p, env(nil)); err != nil || !c.MetricsOff() || c.HTTP.ReadTimeout != 5*time.Second || c.HTTP.IdleTimeout != time.Minute {
		t.Fatalf("set: %+v %q, %v", c.HTTP, c.MetricsAddr, err)
	}
	if c, err = Load("", env(map[string]string{"AMTSBOTE_METRICS_ADDR": "off"})); err != nil || !c.MetricsOff() {
		t.Fatalf("off by environment: %q, %v", c.MetricsAddr, err)
	}
}
