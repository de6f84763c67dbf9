package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// config check prints what the server runs with: the defaults filled in,
// not zeros.
func TestPrintShowsEffectiveValues(t *testing.T) {
	c, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := c.Print(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"max_upload_bytes: 10485760", "rate_limit: 1\n", "rate_burst: 10", "poll_interval: 2m0s",
		"mailbox: INBOX", "max_attachment_bytes: 10485760", "max_mail_plaintext_bytes: 26214400",
		"api_url: https://api.telegram.org", "access: true"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printed configuration lacks %q:\n%s", want, out.String())
		}
	}
}

// Errors name the key and its line in the file; several problems are
// reported together.
func TestErrorsNameKeyAndLine(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "exists.csv")
	os.WriteFile(existing, nil, 0o600)
	cases := map[string]string{
		"addr: localhost\n":                                        "c.yaml:1: addr:",
		"data: x\naddr: 127.0.0.1:99999\n":                         "c.yaml:2: addr:",
		"metrics_addr: nowhere\n":                                  "c.yaml:1: metrics_addr:",
		"public_url: service.musterstadt.de\n":                     "c.yaml:1: public_url:",
		"public_url: ftp://x.de\n":                                 "c.yaml:1: public_url:",
		"email:\n  imap_url: http://mail.x.de\n":                   "c.yaml:2: email.imap_url:",
		"email:\n  smtp_url: smtps://\n":                           "c.yaml:2: email.smtp_url: has no host",
		"email:\n  address: not an address\n":                      "c.yaml:2: email.address:",
		"email:\n  wkd_base_url: gopher://x.de\n":                  "c.yaml:2: email.wkd_base_url:",
		"email:\n  poll_interval: 0s\n":                            "c.yaml:2: email.poll_interval:",
		"telegram:\n  api_url: api.telegram.org\n":                 "c.yaml:2: telegram.api_url:",
		"telegram:\n  webhook_url: http://x.de/hook\n":             "c.yaml:2: telegram.webhook_url:",
		"offices: /nonexistent/offices.yaml\n":                     "c.yaml:1: offices:",
		"services: " + existing + "\n":                             "not a directory",
		"parking_zones: " + dir + "\n":                             "is a directory",
		"tls:\n  cert: " + existing + "\n":                         "c.yaml:1: tls.key:",
		"tls:\n  trusted_proxies: [proxy.local]\n":                 "c.yaml:2: tls.trusted_proxies:",
		"web:\n  rate_limit: 0\n":                                  "c.yaml:2: web.rate_limit: must be more than 0",
		"web:\n  max_upload_bytes: -5\n":                           "c.yaml:2: web.max_upload_bytes:",
		"backoffice:\n  stadtwerke:\n    drop_dir: /nonexistent\n": "c.yaml:3: backoffice.stadtwerke.drop_dir:",
		"backoffice:\n  stadtwerke:\n    webhook_url: x\n":         "c.yaml:3: backoffice.stadtwerke.webhook_url:",
	}
	for body, want := range cases {
		p := filepath.Join(dir, "c.yaml")
		os.WriteFile(p, []byte(body), 0o600)
		_, err := Load(p, env(nil))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v does not say %q", body, err, want)
		}
	}
	p := filepath.Join(dir, "two.yaml")
	os.WriteFile(p, []byte("log:\n  level: loud\nweb:\n  rate_burst: 0\n"), 0o600)
	_, err := Load(p, env(nil))
	var ke *KeyError
	if err == nil || !errors.As(err, &ke) || !strings.Contains(err.Error(), "two.yaml:2: log.level") ||
		!strings.Contains(err.Error(), "two.yaml:4: web.rate_burst") {
		t.Fatalf("both problems with their lines: %v", err)
	}
	// From the environment: the key, no line.
	_, err = Load(p[:0], env(map[string]string{"AMTSBOTE_ADDR": "nope"}))
	if err == nil || err.Error() != `config: addr: "nope" is not HOST:PORT (like 127.0.0.1:8080 or :8080)` {
		t.Fatalf("from the environment: %v", err)
	}
}

func TestDepartmentsMustBeInTheCatalog(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.yaml")
	os.WriteFile(p, []byte("staff:\n  default_department: stadtwerk\nbackoffice:\n  nowhere:\n    drop_dir: "+dir+"\n"), 0o600)
	c, err := Load(p, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	known := func(id string) bool { return id == "stadtwerke" }
	err = c.CheckDepartments(known, p)
	if err == nil || !strings.Contains(err.Error(), "c.yaml:2: staff.default_department") ||
		!strings.Contains(err.Error(), "c.yaml:4: backoffice.nowhere") {
		t.Fatalf("unknown departments: %v", err)
	}
	c.Staff.DefaultDepartment, c.Backoffice = "stadtwerke", nil
	if err := c.CheckDepartments(known, p); err != nil {
		t.Fatal(err)
	}
}
