package fold

import "testing"

func TestLetters(t *testing.T) {
	for in, want := range map[string]string{
		"Zählerstände":            "zaehlerstaende",
		"ZÄHLERSTÄNDE":            "zaehlerstaende",
		"Straße, Öffnungszeiten!": "strasse, oeffnungszeiten!",
		"Café São Ørsted Œuvre":   "cafe sao oersted oeuvre",
		"Ñandú, Çà, Ïle":          "nandu, ca, ile",
		"ẞ Groß":                  "ss gross",
		"Москва":                  "москва",
		"Şişli ağır ISIK":         "sisli agir isik",
		"Ёлка":                    "елка",
		"مَدْرَسَة أحمد إلى":      "مدرسه احمد الي",
		"الـــعربية":              "العربيه",
		"":                        "",
	} {
		if got := Letters(in); got != want {
			t.Errorf("Letters(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWords(t *testing.T) {
	for _, c := range []struct{ in, keep, want string }{
		{"Straße, Öffnungszeiten!", "", "strasse oeffnungszeiten"},
		{"I'd like", "", "i d like"},
		{"AB-2026-000042", "", "ab 2026 000042"},
		{"  „Müll“ – 3 € ", "", "muell 3"},
		{"am 3.4. um 14:30 Uhr, 2026-04-03", ".:-", "am 3.4. um 14:30 uhr 2026-04-03"},
		{"...", "", ""},
		{"м'ясо м’ясо Київ", "", "мясо мясо київ"},
		{"Kиїв пiдтримка", "", "kиїв підтримка"},
		{"Bürgeramt'tan", "", "buergeramt tan"},
	} {
		if got := Words(c.in, c.keep); got != c.want {
			t.Errorf("Words(%q, %q) = %q, want %q", c.in, c.keep, got, c.want)
		}
	}
}
