package parking

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/dialog"
)

var samplePermit = Permit{Ref: "AB-2026-000042", Code: "K7P3M9QX2A", Holder: "Jürgen Ößmann", Plate: "PB-ÄB 123",
	Zone: "A", ZoneName: "Innenstadt", Street: "Königstraße", HouseNumber: "12a",
	ValidFrom: "2026-03-01", ValidUntil: "2027-02-28"}

// pdfText inflates every stream of a PDF made with compression and joins
// them, so a test can look for the text the page shows (in cp1252).
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	var all strings.Builder
	re := regexp.MustCompile(`(?s)stream\n(.*?)\nendstream`)
	for _, m := range re.FindAllSubmatch(data, -1) {
		zr, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			all.Write(m[1]) // an uncompressed stream
			continue
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("inflate: %v", err)
		}
		all.Write(b)
	}
	return all.String()
}

func TestPDFIssuer(t *testing.T) {
	iss := NewPDFIssuer(PDFOptions{City: "Stadt Paderborn", Office: "Straßenverkehrsamt", PublicURL: "https://bot.example/"})
	a, err := iss.Issue(samplePermit, "de")
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "Bewohnerparkausweis-AB-2026-000042.pdf" || a.MediaType != "application/pdf" {
		t.Errorf("attachment = %q, %q", a.Name, a.MediaType)
	}
	if !bytes.HasPrefix(a.Data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", a.Data[:min(len(a.Data), 16)])
	}
	text := pdfText(t, a.Data)
	for _, want := range []string{
		"(K7P3M9QX2A)", "(PB-\xc4B 123)", "(J\xfcrgen \xd6\xdfmann)", "(K\xf6nigstra\xdfe 12a)",
		"Stadt Paderborn", "Stra\xdfenverkehrsamt", "(Bewohnerparkausweis)", "(Resident parking permit)",
		"(01.03.2026)", "(28.02.2027)", "Zone A \x96 Innenstadt", "(AB-2026-000042)",
		"https://bot.example/verify/K7P3M9QX2A", "G\xfcltig vom",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if !bytes.Contains(a.Data, []byte("D:20260301000000")) {
		t.Error("creation date is not the first day of validity")
	}
	if bytes.Contains(a.Data, []byte("mann")) {
		t.Error("the holder's name is in the PDF's metadata")
	}
	if os.Getenv("PERMIT_PDF") != "" {
		_ = os.WriteFile(os.Getenv("PERMIT_PDF"), a.Data, 0o600)
	}
}

func TestPDFIssuerDeterministic(t *testing.T) {
	iss := NewPDFIssuer(PDFOptions{PublicURL: "https://bot.example"})
	a, err := iss.Issue(samplePermit, "de")
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewPDFIssuer(PDFOptions{PublicURL: "https://bot.example"}).Issue(samplePermit, "en")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Data, b.Data) {
		t.Error("the same permit gave different bytes")
	}
	if !strings.Contains(pdfText(t, a.Data), "(Stadt Musterstadt)") {
		t.Error("default city missing")
	}
	// Steps of different conversations issue permits at the same time.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if c, err := iss.Issue(samplePermit, "de"); err != nil || !bytes.Equal(c.Data, a.Data) {
				t.Errorf("concurrent Issue: %v", err)
			}
		})
	}
	wg.Wait()
	other := samplePermit
	other.Code = "ZZZZ2222ZZ"
	c, _ := iss.Issue(other, "de")
	if bytes.Equal(a.Data, c.Data) {
		t.Error("another code gave the same bytes")
	}
}

func TestPDFIssuerLongValuesAndErrors(t *testing.T) {
	iss := NewPDFIssuer(PDFOptions{})
	long := samplePermit
	long.Holder = strings.Repeat("Maximiliane-Theodora ", 8)
	long.ZoneName = strings.Repeat("Sehr lange Zonenbezeichnung ", 5)
	a, err := iss.Issue(long, "de")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(pdfText(t, a.Data), "/verify/") {
		t.Error("verify link printed without a public URL")
	}
	for _, broken := range []Permit{
		{Ref: "X", Code: "C", Plate: "P", Zone: "A", ValidFrom: "01.03.2026", ValidUntil: "2027-02-28"},
		{Ref: "X", Code: "C", Plate: "P", Zone: "A", ValidFrom: "2026-03-01"},
		{Ref: "X", Plate: "P", Zone: "A", ValidFrom: "2026-03-01", ValidUntil: "2027-02-28"},
	} {
		if _, err := iss.Issue(broken, "de"); err == nil {
			t.Errorf("Issue(%+v) made a document", broken)
		}
	}
}

func TestPDFIssuerInHandler(t *testing.T) {
	h := New(Options{Issuer: NewPDFIssuer(PDFOptions{PublicURL: "https://bot.example"})})
	dec, err := h.Submit(dialog.Submission{Service: ServiceID, Ref: "AB-2026-000007", Lang: "de",
		Now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), Rand: strings.NewReader(strings.Repeat("\x05", 10)),
		Answers: map[string]string{"street": "Westernstraße", "house_number": "12", "main_residence": "yes",
			"keeper": "self", "application": "new", "plate": "PB-AB 123", "name": "Erika Mustermann", "duration": "1"}})
	if err != nil || dec.Status != cases.Approved || len(dec.Attachments) != 1 {
		t.Fatalf("decision %+v, %v", dec, err)
	}
	text := pdfText(t, dec.Attachments[0].Data)
	if !strings.Contains(text, "("+dec.Answers[AnswerCode]+")") || !strings.Contains(text, "(28.02.2027)") {
		t.Error("the attached permit lacks the code or the last day")
	}
}
