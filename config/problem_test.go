package config

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"amtsbote/internal/srcscan"
	"amtsbote/text"
)

// TestProblemKeys fails when a config.problem.* key the code uses is not
// in the built-in catalog, or the catalog has one no code uses.
func TestProblemKeys(t *testing.T) {
	for _, p := range srcscan.PrefixProblems("*.go", "config.problem.", 25, text.MustBuiltin()) {
		t.Error(p)
	}
}

// leftover finds a placeholder that was not filled.
var leftover = regexp.MustCompile(`\{[a-z][a-z0-9_]*\}`)

// Every problem the checks find says itself in every language with its
// placeholders filled, and its English is what Error says.
func TestProblemsInEveryLanguage(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "exists.csv")
	os.WriteFile(existing, nil, 0o600)
	bodies := []string{
		"data: \"\"\ncase_prefix: \"\"\n",
		"store: mysql://x\n",
		"timezone: Mars/Olympus\n",
		"log:\n  format: xml\n  level: loud\n",
		"tls:\n  cert: " + existing + "\n  trusted_proxies: [proxy.local]\n",
		"web:\n  allowed_origins: [ftp://a.de]\n  rate_limit: 0\n",
		"telegram:\n  webhook_secret: x\n",
		"email:\n  address: not an address\n  mailbox: \"\"\n  smtp_url: smtps://\n",
		"backoffice:\n  stadtwerke: {}\n",
		"addr: localhost\nmetrics_addr: 127.0.0.1:99999\n",
		"addr: \"a b:80\"\n",
		"public_url: \"http://[::1\"\n",
		"public_url: ftp://x.de\n",
		"public_url: https://x.de/#a\n",
		"offices: /nonexistent/o.yaml\nservices: " + existing + "\nparking_zones: " + dir + "\n",
		"retention:\n  dedupe_days: -1\n",
		"site:\n  imprint_url: x\n  accessibility_feedback: x\n",
		"a: b: c\n",
		"addr: [1, 2]\n",
		"unknown: 1\n",
	}
	var errs []error
	p := filepath.Join(dir, "c.yaml")
	for _, body := range bodies {
		os.WriteFile(p, []byte(body), 0o600)
		if _, err := Load(p, env(nil)); err != nil {
			errs = append(errs, err)
		} else {
			t.Errorf("%q: no error", body)
		}
	}
	_, err := Load(filepath.Join(dir, "none.yaml"), env(nil))
	errs = append(errs, err)
	c := Default()
	c.Staff.DefaultDepartment = "atlantis"
	errs = append(errs, c.CheckDepartments(func(string) bool { return false }, ""))

	cat := text.MustBuiltin()
	seen := map[string]bool{}
	for _, err := range errs {
		all := []error{err}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			all = j.Unwrap()
		}
		for _, e := range all {
			var ke *KeyError
			if !errors.As(e, &ke) {
				t.Errorf("%v is no KeyError", e)
				continue
			}
			seen[ke.Text] = true
			if got := ke.Say(cat, text.En); got != ke.Error() {
				t.Errorf("English %q, Error %q", got, ke.Error())
			}
			for _, l := range text.All() {
				s := ke.Say(cat, l)
				if m := leftover.FindString(s); m != "" || !strings.HasPrefix(s, "config: ") {
					t.Errorf("%s: %s in %q", l, ke.Text, s)
				}
			}
		}
	}
	for _, k := range cat.Keys() {
		if strings.HasPrefix(k, "config.problem.") && !seen[k] {
			t.Errorf("no case finds %s", k)
		}
	}
	if !seen["config.problem.not_empty"] {
		t.Fatal("no problems found")
	}
	// In German: the frame stays, the problem is translated.
	os.WriteFile(p, []byte("web:\n  rate_limit: 0\n"), 0o600)
	_, err = Load(p, env(nil))
	var ke *KeyError
	if !errors.As(err, &ke) || ke.Say(cat, text.De) != "config: "+p+":2: web.rate_limit: muss größer als 0 sein" {
		t.Errorf("in German: %v", err)
	}
}
