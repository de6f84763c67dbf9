package lang

import "testing"

func TestFromTags(t *testing.T) {
	for tags, want := range map[string]string{
		"":                                   "de",
		"de":                                 "de",
		"de-DE,de;q=0.9,en;q=0.8":            "de",
		"en":                                 "en",
		"EN-gb":                              "en",
		"en_US":                              "en",
		"fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5": "en",
		"fr-FR,fr;q=0.9,de;q=0.8":            "de",
		"fr":                                 "en", // another language only: English
		"en;q=0, de":                         "de", // English refused
		"en;q=0.0":                           "de", // only a refusal: nothing named
		"*":                                  "de",
		"tr, ar":                             "en",
	} {
		if got := FromTags(tags); got != want {
			t.Errorf("FromTags(%q) = %q, want %q", tags, got, want)
		}
	}
}
