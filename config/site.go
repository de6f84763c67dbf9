package config

import (
	"net/url"
	"strings"
)

// Site is what the front page and the web chat show of the city besides
// the departments file: whose address, phone and opening hours the page
// gives, and the legally required pages. The defaults are SAMPLE pages of
// the fictional Musterstadt; a city sets its own.
type Site struct {
	// Contact is the department of the departments file whose address,
	// phone and hours the front page shows; "" the file's first.
	Contact string `yaml:"contact"`
	// ImprintURL is the Impressum (§ 5 DDG).
	ImprintURL string `yaml:"imprint_url"`
	// PrivacyURL is the Datenschutzerklärung (Art. 13 DSGVO).
	PrivacyURL string `yaml:"privacy_url"`
	// AccessibilityURL is the Erklärung zur Barrierefreiheit (BITV 2.0).
	AccessibilityURL string `yaml:"accessibility_url"`
	// AccessibilityFeedback is its feedback mechanism: a mailto: address
	// or the URL of a form where a barrier is reported.
	AccessibilityFeedback string `yaml:"accessibility_feedback"`
}

// defaultSite is the sample city's.
func defaultSite() Site {
	return Site{
		ImprintURL:            "https://www.musterstadt.example/impressum",
		PrivacyURL:            "https://www.musterstadt.example/datenschutz",
		AccessibilityURL:      "https://www.musterstadt.example/barrierefreiheit",
		AccessibilityFeedback: "mailto:barrierefreiheit@musterstadt.example",
	}
}

// check requires the legal pages, each an http(s) URL or a path on this
// server; the feedback may also be a mailto: address.
func (s Site) check(k *checker) {
	for _, f := range []struct {
		key, v string
		mail   bool
	}{
		{"imprint_url", s.ImprintURL, false},
		{"privacy_url", s.PrivacyURL, false},
		{"accessibility_url", s.AccessibilityURL, false},
		{"accessibility_feedback", s.AccessibilityFeedback, true},
	} {
		if !isLink(f.v, f.mail) {
			k.fail("site."+f.key, map[bool]string{true: "config.problem.legal_page_mail", false: "config.problem.legal_page"}[f.mail],
				"value", quote(f.v))
		}
	}
}

// isLink reports whether s is an http(s) URL with a host, a path on this
// server ("/impressum"), or with mail a mailto: address.
func isLink(s string, mail bool) bool {
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		return true
	}
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != "" && u.User == nil
	case "mailto":
		return mail && strings.Contains(u.Opaque, "@")
	}
	return false
}
