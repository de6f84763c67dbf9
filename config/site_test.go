package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSite: the legal pages are read from site:, required, and checked.
func TestSite(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.yaml")
	os.WriteFile(p, []byte("site:\n  contact: buergerbuero\n  imprint_url: https://www.paderborn.de/impressum\n"+
		"  privacy_url: /datenschutz\n  accessibility_url: https://www.paderborn.de/barrierefreiheit\n"+
		"  accessibility_feedback: mailto:barrierefrei@paderborn.de\n"), 0o600)
	c, err := Load(p, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Site.Contact != "buergerbuero" || c.Site.PrivacyURL != "/datenschutz" || c.Site.AccessibilityFeedback != "mailto:barrierefrei@paderborn.de" {
		t.Errorf("site: %+v", c.Site)
	}
	k, d := &checker{}, Default().Site
	if d.check(k); d.ImprintURL == "" || len(k.errs) > 0 {
		t.Errorf("the default site is not valid: %+v", d)
	}
	for body, want := range map[string]string{
		"site:\n  imprint_url: \"\"\n":                       "site.imprint_url",
		"site:\n  privacy_url: javascript:alert(1)\n":        "site.privacy_url",
		"site:\n  accessibility_url: mailto:a@b.de\n":        "site.accessibility_url",
		"site:\n  accessibility_feedback: //evil.example\n":  "site.accessibility_feedback",
		"site:\n  accessibility_feedback: mailto:nobody\n":   "site.accessibility_feedback",
		"site:\n  imprint_url: https://user@x.example/imp\n": "site.imprint_url",
	} {
		os.WriteFile(p, []byte(body), 0o600)
		if _, err := Load(p, env(nil)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v does not name %q", body, err, want)
		}
	}
}
