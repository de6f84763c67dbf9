package form

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckFile(t *testing.T) {
	pdfOnly := Rules{MediaTypes: []string{"application/pdf"}}
	images := Rules{MediaTypes: []string{"image/*"}}
	for _, c := range []struct {
		name, file, mt string
		size           int
		r              Rules
		bad            string // substring of the German problem; "" means no problem
	}{
		{"ok", "antrag.pdf", "application/pdf", 1000, pdfOnly, ""},
		{"upper case and params", "ANTRAG.PDF", "Application/PDF; name=x", 1000, pdfOnly, ""},
		{"no extension", "scan", "application/pdf", 1000, pdfOnly, ""},
		{"no rules", "notes.txt", "text/plain", 1000, Rules{}, ""},
		{"wildcard", "foto.jpg", "image/jpeg", 1000, images, ""},
		{"jpg alias", "foto.jpeg", "image/jpg", 1000, Rules{}, ""},
		{"octet-stream pdf name", "a.pdf", "application/octet-stream", 1, Rules{}, ""},
		{"empty", "a.pdf", "application/pdf", 0, Rules{}, "leer"},
		{"default limit ok", "a.pdf", "application/pdf", 10 << 20, Rules{}, ""},
		{"default limit", "a.pdf", "application/pdf", 10<<20 + 1, Rules{}, "höchstens 10 MB"},
		{"own limit", "a.pdf", "application/pdf", 3 << 20, Rules{MaxBytes: 5 << 19}, "zu groß (3 MB). Erlaubt sind höchstens 2,5 MB"},
		{"small limit", "a.pdf", "application/pdf", 2000, Rules{MaxBytes: 1000}, "höchstens 1 KB"},
		{"wrong type", "foto.png", "image/png", 1000, pdfOnly, "(PNG) ist hier nicht erlaubt"},
		{"unknown type", "x", "", 1000, pdfOnly, "(unbekannt)"},
		{"image wildcard refuses pdf", "a.pdf", "application/pdf", 1000, images, "nicht erlaubt"},
		{"lying pdf", "virus.exe", "application/pdf", 1000, pdfOnly, "(.exe) passt nicht zum Dateityp (PDF)"},
		{"png named jpg", "foto.jpg", "image/png", 1000, Rules{}, "passt nicht"},
		{"html named pdf", "a.pdf", "text/html", 1000, Rules{}, "passt nicht"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := CheckFile(c.file, c.mt, c.size, c.r)
			if c.bad == "" {
				if err != nil {
					t.Fatalf("CheckFile = %v; want nil", err)
				}
				return
			}
			var p *Problem
			if !errors.As(err, &p) || !strings.Contains(p.In("de"), c.bad) || p.In("en") == "" {
				t.Fatalf("CheckFile = %#v; want a problem with %q", err, c.bad)
			}
		})
	}
	var p *Problem
	if _, err := Parse(File, "hier ist die Datei", Rules{}, now); !errors.As(err, &p) || !strings.Contains(p.In("de"), "hochladen") && !strings.Contains(p.In("de"), "laden Sie") {
		t.Errorf("Parse(file) = %v; want an upload problem", err)
	}
}
