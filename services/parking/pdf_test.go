package parking

import (
	"bytes"
	"compress/zlib"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/boombuler/barcode/qr"

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
		"(https://bot.example/verify/K7P3M9QX2A)Tj", "G\xfcltig vom",
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

// qrModules reads the QR code back from the page: the dark modules drawn
// as closed four-corner subpaths in the square at (qrX, qrY), as a matrix
// of n×n modules (row by row, top down) without the quiet zone. It fails
// the test when a rectangle is not aligned to whole modules.
func qrModules(t *testing.T, page string) [][]bool {
	t.Helper()
	const k = 72 / 25.4 // points per mm
	const pageH = 297.0 // A4, mm
	re := regexp.MustCompile(`([\d.]+) ([\d.]+) m\n([\d.]+) ([\d.]+) l\n([\d.]+) ([\d.]+) l\n([\d.]+) ([\d.]+) l\nh\n`)
	type box struct{ x0, y0, x1, y1 float64 } // mm, y down
	var boxes []box
	unit := qrSize
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		var v [8]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
		}
		b := box{v[0] / k, pageH - v[1]/k, v[2] / k, pageH - v[5]/k}
		if b.x0 < qrX || b.x1 > qrX+qrSize || b.y0 < qrY || b.y1 > qrY+qrSize {
			continue
		}
		boxes = append(boxes, b)
		unit = min(unit, b.y1-b.y0)
	}
	if len(boxes) == 0 {
		return nil
	}
	n := int(math.Round(qrSize/unit)) - 2*qrQuiet
	m := qrSize / float64(n+2*qrQuiet)
	grid := make([][]bool, n)
	for i := range grid {
		grid[i] = make([]bool, n)
	}
	whole := func(v float64) int {
		r := math.Round(v / m)
		if math.Abs(v/m-r) > 0.05 {
			t.Fatalf("QR rectangle edge %.3f mm is off the module grid (%.3f mm)", v, m)
		}
		return int(r)
	}
	for _, b := range boxes {
		row := whole(b.y0-qrY) - qrQuiet
		if whole(b.y1-b.y0) != 1 {
			t.Fatalf("QR rectangle %+v is not one module tall", b)
		}
		c0, c1 := whole(b.x0-qrX)-qrQuiet, whole(b.x1-qrX)-qrQuiet
		if row < 0 || row >= n || c0 < 0 || c1 > n {
			t.Fatalf("QR rectangle %+v lies in the quiet zone", b)
		}
		for c := c0; c < c1; c++ {
			grid[row][c] = true
		}
	}
	return grid
}

// finder reports whether the 7×7 modules at (row, col) are a QR finder
// pattern: a dark ring, a light ring, a dark 3×3 core.
func finder(g [][]bool, row, col int) bool {
	for r := range 7 {
		for c := range 7 {
			ring := min(r, c, 6-r, 6-c)
			if g[row+r][col+c] != (ring != 1) {
				return false
			}
		}
	}
	return true
}

func TestPDFIssuerQRCode(t *testing.T) {
	const url = "https://amtsbote.musterstadt.de/verify/K7P3M9QX2A"
	a, err := NewPDFIssuer(PDFOptions{PublicURL: "https://amtsbote.musterstadt.de/"}).Issue(samplePermit, "de")
	if err != nil {
		t.Fatal(err)
	}
	grid := qrModules(t, pdfText(t, a.Data))
	n := len(grid)
	if n < 21 || (n-17)%4 != 0 {
		t.Fatalf("the QR code has %d modules a side, not a QR version", n)
	}
	// Upright, not mirrored: finder patterns at the top left, top right and
	// bottom left, none at the bottom right.
	if !finder(grid, 0, 0) || !finder(grid, 0, n-7) || !finder(grid, n-7, 0) || finder(grid, n-7, n-7) {
		t.Error("the QR code's finder patterns are not at three corners, upright")
	}
	// The modules are those of the link, encoded afresh.
	want, err := qr.Encode(url, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds().Dx() != n {
		t.Fatalf("QR code of %d modules, the link needs %d", n, want.Bounds().Dx())
	}
	for row := range n {
		for col := range n {
			r, _, _, _ := want.At(col, row).RGBA()
			if grid[row][col] != (r < 0x8000) {
				t.Fatalf("module (%d, %d) differs from the link's QR code", row, col)
			}
		}
	}
	// Without a public URL there is nothing to scan.
	b, err := NewPDFIssuer(PDFOptions{}).Issue(samplePermit, "de")
	if err != nil {
		t.Fatal(err)
	}
	if g := qrModules(t, pdfText(t, b.Data)); g != nil {
		t.Error("a QR code without a public URL")
	}
}

// pdfString decodes the literal string after key in a PDF (UTF-16BE with a
// byte order mark, or bytes), as fpdf writes the info dictionary.
func pdfString(t *testing.T, data []byte, key string) (string, bool) {
	t.Helper()
	i := bytes.Index(data, []byte(key+" ("))
	if i < 0 {
		return "", false
	}
	var raw []byte
	for j := i + len(key) + 2; j < len(data) && data[j] != ')'; j++ {
		if data[j] == '\\' {
			j++
		}
		raw = append(raw, data[j])
	}
	if !bytes.HasPrefix(raw, []byte{0xfe, 0xff}) || len(raw)%2 != 0 {
		return string(raw), true
	}
	u := make([]uint16, 0, len(raw)/2)
	for j := 2; j < len(raw); j += 2 {
		u = append(u, uint16(raw[j])<<8|uint16(raw[j+1]))
	}
	return string(utf16.Decode(u)), true
}

func TestPDFIssuerLanguageAndTitle(t *testing.T) {
	a, err := NewPDFIssuer(PDFOptions{City: "Stadt Paderborn"}).Issue(samplePermit, "en")
	if err != nil {
		t.Fatal(err)
	}
	catalog := regexp.MustCompile(`(?s)/Type /Catalog(.*?)endobj`).FindSubmatch(a.Data)
	if catalog == nil || !bytes.Contains(catalog[1], []byte("/Lang (de-DE)")) {
		t.Errorf("the catalog does not say the language: %q", catalog)
	}
	if title, ok := pdfString(t, a.Data, "/Title"); title != "Bewohnerparkausweis AB-2026-000042" {
		t.Errorf("Title = %q (present %v)", title, ok)
	}
	if author, _ := pdfString(t, a.Data, "/Author"); author != "Stadt Paderborn" {
		t.Errorf("Author = %q", author)
	}
}

// TestPDFIssuerWithPoppler reads the permit as a reader does: the text
// with pdftotext, the title with pdfinfo, and the QR code from the page
// rendered by pdftoppm and decoded by zbarimg. Each check runs only where
// its tools are installed (Debian: poppler-utils, zbar-tools).
func TestPDFIssuerWithPoppler(t *testing.T) {
	have := func(tools ...string) bool {
		for _, tool := range tools {
			if _, err := exec.LookPath(tool); err != nil {
				t.Logf("%s not installed (Debian: poppler-utils, zbar-tools): its check is skipped", tool)
				return false
			}
		}
		return true
	}
	if !have("pdftotext") {
		t.Skip("pdftotext not installed (Debian: poppler-utils)")
	}
	const url = "https://amtsbote.musterstadt.de/verify/K7P3M9QX2A"
	a, err := NewPDFIssuer(PDFOptions{City: "Stadt Paderborn", Office: "Straßenverkehrsamt",
		PublicURL: "https://amtsbote.musterstadt.de"}).Issue(samplePermit, "de")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "permit.pdf")
	if err := os.WriteFile(file, a.Data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"Stadt Paderborn", "Straßenverkehrsamt", "Bewohnerparkausweis", "Resident parking permit",
		"PB-ÄB 123", "Zone A – Innenstadt", "Gültig vom", "01.03.2026", "28.02.2027", "Prüfcode", "K7P3M9QX2A",
		"AB-2026-000042", "Jürgen Ößmann", "Königstraße 12a", "Check validity: " + url, "Prüfen unter",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pdftotext finds no %q", want)
		}
	}
	if have("pdfinfo") {
		info, err := exec.Command("pdfinfo", file).Output()
		if err != nil || !regexp.MustCompile(`(?m)^Title:\s+Bewohnerparkausweis AB-2026-000042$`).Match(info) {
			t.Errorf("pdfinfo: %v\n%s", err, info)
		}
	}
	if have("pdftoppm", "zbarimg") {
		if err := exec.Command("pdftoppm", "-r", "150", "-png", "-singlefile", file, filepath.Join(dir, "page")).Run(); err != nil {
			t.Fatalf("pdftoppm: %v", err)
		}
		got, err := exec.Command("zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", filepath.Join(dir, "page.png")).Output()
		if err != nil {
			t.Fatalf("zbarimg found no QR code: %v", err)
		}
		if strings.TrimSpace(string(got)) != url {
			t.Errorf("the QR code reads %q, want %q", got, url)
		}
	}
}
