package parking

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/boombuler/barcode/qr"

	"amtsbote/catalog"
	"amtsbote/channels"
)

// PDFOptions configure a PDFIssuer.
type PDFOptions struct {
	// City is the issuing city as printed on the permit; "" means
	// "Stadt Musterstadt".
	City string
	// Office is the issuing office printed under the city, e.g.
	// "Straßenverkehrsamt"; "" leaves the line out.
	Office string
	// PublicURL is where the server is reached, e.g.
	// "https://amtsbote.musterstadt.de": the permit prints
	// PublicURL + "/verify/" + code. "" prints the code only.
	PublicURL string
	// Note replaces the notes printed for the holder.
	Note catalog.Text
}

// PDFIssuer is the Issuer that makes the permit as a one-page A4 PDF: at
// the top a card of A6 size with a cut line, to lie behind the windscreen,
// and below it the part the holder keeps.
//
// The card shows what a parking officer needs (plate, zone, validity,
// reference, verification code, and with a PublicURL the verification link
// in print and as a QR code to scan) and not the holder's name or
// address, which passers-by would read through the windscreen; those are
// printed on the part the holder keeps. The document is laid out in
// German with English in small print whatever the conversation's
// language, since officers read the German.
//
// The text is real text in the PDF's core font Helvetica (cp1252), so it
// can be searched, copied and read aloud; the document says its language
// (the catalog's /Lang de-DE) and its title (the info dictionary's Title,
// which names the reference and no personal data).
//
// Issue is pure and deterministic: the core fonts are built into fpdf,
// nothing is read or written, and the document's dates are the permit's
// first day, so the same permit always gives the same bytes.
type PDFIssuer struct {
	city, office, publicURL string
	note                    catalog.Text
}

var _ Issuer = (*PDFIssuer)(nil)

// defaultNote is printed for the holder unless PDFOptions.Note is set.
var defaultNote = catalog.Text{
	De: "Legen Sie den oberen Teil (den Ausweis) gut sichtbar hinter die Windschutzscheibe; den unteren Teil bewahren Sie auf. " +
		"Der Ausweis gilt nur für das angegebene Kennzeichen und nur in der angegebenen Zone. " +
		"Mit dem Prüfcode lässt sich jederzeit prüfen, ob er gültig ist. " +
		"Teilen Sie uns bitte mit, wenn Sie umziehen, das Fahrzeug verkaufen oder das Kennzeichen wechselt. " +
		"Dieser Ausweis wurde maschinell erstellt und ist ohne Unterschrift gültig.",
	En: "Place the upper part (the permit) visibly behind the windscreen and keep the lower part. " +
		"The permit is valid only for the licence plate and the zone shown. " +
		"The verification code lets anyone check at any time that it is valid. " +
		"Please tell us when you move, sell the vehicle or the plate changes. " +
		"This permit was issued automatically and is valid without a signature.",
}

// NewPDFIssuer returns the PDF issuer.
func NewPDFIssuer(o PDFOptions) *PDFIssuer {
	p := &PDFIssuer{city: o.City, office: o.Office, publicURL: strings.TrimRight(o.PublicURL, "/"), note: o.Note}
	if p.city == "" {
		p.city = "Stadt Musterstadt"
	}
	if p.note.De == "" && p.note.En == "" {
		p.note = defaultNote
	}
	return p
}

// VerifyURL is the link printed on the permit for code, "" without a
// PublicURL.
func (p *PDFIssuer) VerifyURL(code string) string {
	if p.publicURL == "" {
		return ""
	}
	return p.publicURL + "/verify/" + code
}

// Issue makes the permit document "Bewohnerparkausweis-<ref>.pdf". lang
// is not used: see PDFIssuer.
func (p *PDFIssuer) Issue(pm Permit, lang string) (channels.Attachment, error) {
	from, err := time.Parse(time.DateOnly, pm.ValidFrom)
	if err != nil {
		return channels.Attachment{}, fmt.Errorf("parking: permit %s: first day: %w", pm.Ref, err)
	}
	until, err := time.Parse(time.DateOnly, pm.ValidUntil)
	if err != nil {
		return channels.Attachment{}, fmt.Errorf("parking: permit %s: last day: %w", pm.Ref, err)
	}
	if pm.Ref == "" || pm.Code == "" || pm.Plate == "" || pm.Zone == "" {
		return channels.Attachment{}, fmt.Errorf("parking: permit %q lacks reference, code, plate or zone", pm.Ref)
	}
	data, err := p.render(pm, from, until)
	if err != nil {
		return channels.Attachment{}, fmt.Errorf("parking: permit %s: PDF: %w", pm.Ref, err)
	}
	return channels.Attachment{Name: "Bewohnerparkausweis-" + pm.Ref + ".pdf", MediaType: "application/pdf", Data: data}, nil
}

// pdfPage is the PDF being drawn; tr turns UTF-8 into the core fonts' cp1252.
type pdfPage struct {
	*fpdf.Fpdf
	tr func(string) string
}

// Colours of the permit: dark blue for headings, grey for the English.
var (
	ink   = [3]int{20, 20, 20}
	blue  = [3]int{18, 52, 95}
	grey  = [3]int{100, 100, 100}
	light = [3]int{232, 237, 243}
)

func (pg *pdfPage) font(style string, size float64, c [3]int) {
	pg.SetFont("Helvetica", style, size)
	pg.SetTextColor(c[0], c[1], c[2])
}

// text writes s at (x, y) in a cell of width w, shrinking the font until it
// fits; align is "L", "C" or "R".
func (pg *pdfPage) text(x, y, w, h float64, s, align string) {
	s = pg.tr(s)
	size, _ := pg.GetFontSize()
	for fit := size; fit > 6 && pg.GetStringWidth(s) > w; {
		fit -= 0.5
		pg.SetFontSize(fit)
	}
	pg.SetXY(x, y)
	pg.CellFormat(w, h, s, "", 0, align, false, 0, "")
	pg.SetFontSize(size)
}

// label writes a German label with its English translation beneath.
func (pg *pdfPage) label(x, y, w float64, de, en string) {
	pg.font("B", 7, grey)
	pg.text(x, y, w, 3, de, "L")
	pg.font("I", 6.5, grey)
	pg.text(x, y+3, w, 3, en, "L")
}

// Where the card's QR code goes (mm, upper left corner and side, the quiet
// zone included): at the right, below the plate, above the printed link.
const (
	cardX, cardY, cardW, cardH = 31.0, 46.0, 148.0, 105.0
	qrSize                     = 30.0
	qrX, qrY                   = cardX + cardW - 6 - qrSize, cardY + 61
)

// qrQuiet is the light margin around a QR code, in modules (ISO/IEC 18004
// asks for four).
const qrQuiet = 4

// qr draws content as a QR code (error correction level M) in the square
// of side size at (x, y), its quiet zone included. The dark modules are
// vector rectangles, one per horizontal run, filled as a single path so no
// seams show between rows; the light ones are the paper.
func (pg *pdfPage) qr(x, y, size float64, content string) error {
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		return err
	}
	n := code.Bounds().Dx()
	m := size / float64(n+2*qrQuiet)
	x, y = x+qrQuiet*m, y+qrQuiet*m
	dark := func(col, row int) bool {
		r, _, _, _ := code.At(col, row).RGBA()
		return r < 0x8000
	}
	pg.SetFillColor(0, 0, 0)
	for row := range n {
		for col := 0; col < n; {
			if !dark(col, row) {
				col++
				continue
			}
			run := col
			for run < n && dark(run, row) {
				run++
			}
			x0, y0, x1, y1 := x+float64(col)*m, y+float64(row)*m, x+float64(run)*m, y+float64(row+1)*m
			pg.MoveTo(x0, y0)
			pg.LineTo(x1, y0)
			pg.LineTo(x1, y1)
			pg.LineTo(x0, y1)
			pg.ClosePath()
			col = run
		}
	}
	pg.DrawPath("F")
	return nil
}

// render draws the permit.
func (p *PDFIssuer) render(pm Permit, from, until time.Time) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	pg := &pdfPage{Fpdf: f, tr: f.UnicodeTranslatorFromDescriptor("cp1252")}
	f.SetCompression(true)
	f.SetCatalogSort(true)
	f.SetCreationDate(from)
	f.SetModificationDate(from)
	f.SetTitle("Bewohnerparkausweis "+pm.Ref, true) // no personal data in the metadata
	f.SetAuthor(p.city, true)
	f.SetLang("de-DE")
	f.SetMargins(20, 15, 20)
	f.SetAutoPageBreak(false, 0)
	f.AddPage()

	zone := "Zone " + pm.Zone
	if pm.ZoneName != "" {
		zone += " – " + pm.ZoneName
	}
	fromDE, untilDE := from.Format("02.01.2006"), until.Format("02.01.2006")
	url := p.VerifyURL(pm.Code)

	// Header.
	pg.font("B", 15, blue)
	pg.text(20, 15, 100, 7, p.city, "L")
	if p.office != "" {
		pg.font("", 10, grey)
		pg.text(20, 22, 100, 5, p.office, "L")
	}
	pg.font("B", 12, ink)
	pg.text(110, 15, 80, 6, "Bewohnerparkausweis", "R")
	pg.font("I", 9, grey)
	pg.text(110, 21, 80, 5, "Resident parking permit", "R")
	f.SetDrawColor(blue[0], blue[1], blue[2])
	f.SetLineWidth(0.4)
	f.Line(20, 30, 190, 30)
	pg.font("", 9, ink)
	pg.text(20, 34, 170, 4, "Bitte ausschneiden und gut sichtbar hinter die Windschutzscheibe legen.", "L")
	pg.font("I", 8, grey)
	pg.text(20, 38, 170, 4, "Please cut out and place visibly behind the windscreen.", "L")

	// The card, A6 landscape, inside a dashed cut line.
	const cx, cy, cw, ch = cardX, cardY, cardW, cardH
	f.SetDrawColor(grey[0], grey[1], grey[2])
	f.SetLineWidth(0.2)
	f.SetDashPattern([]float64{2, 1.5}, 0)
	f.Rect(cx, cy, cw, ch, "D")
	f.SetDashPattern(nil, 0)
	x, w := cx+6, cw-12
	pg.font("B", 10, blue)
	pg.text(x, cy+6, 90, 5, p.city, "L")
	pg.font("B", 16, ink)
	pg.text(x, cy+12, 90, 7, "Bewohnerparkausweis", "L")
	pg.font("I", 8, grey)
	pg.text(x, cy+19, 90, 4, "Resident parking permit", "L")
	f.SetFillColor(blue[0], blue[1], blue[2])
	f.Rect(cx+cw-6-36, cy+6, 36, 17, "F")
	pg.font("B", 22, [3]int{255, 255, 255})
	pg.text(cx+cw-6-36, cy+6, 36, 17, pm.Zone, "C")
	pg.font("", 11, ink)
	pg.text(x, cy+25, w, 6, zone, "L")

	pg.label(x, cy+33, w, "Kennzeichen", "Licence plate")
	f.SetFillColor(light[0], light[1], light[2])
	f.SetDrawColor(ink[0], ink[1], ink[2])
	f.SetLineWidth(0.5)
	f.Rect(x, cy+40, w, 19, "DF")
	pg.font("B", 34, ink)
	pg.text(x+2, cy+40, w-4, 19, pm.Plate, "C")

	// Below the plate two columns of two rows; with a link, the QR code
	// takes the right of them and the link in print the line beneath.
	pg.label(x, cy+63, 45, "Gültig vom", "Valid from")
	pg.label(x+48, cy+63, 45, "Gültig bis", "Valid until")
	pg.font("B", 13, ink)
	pg.text(x, cy+69, 45, 6, fromDE, "L")
	pg.text(x+48, cy+69, 45, 6, untilDE, "L")

	pg.label(x, cy+78, 45, "Prüfcode", "Verification code")
	f.SetFont("Courier", "B", 20)
	f.SetTextColor(ink[0], ink[1], ink[2])
	pg.text(x, cy+84, 46, 8, pm.Code, "L")
	pg.label(x+48, cy+78, 45, "Referenz", "Reference")
	pg.font("", 10, ink)
	pg.text(x+48, cy+85, 45, 6, pm.Ref, "L")
	if url != "" {
		if err := pg.qr(qrX, qrY, qrSize, url); err != nil {
			return nil, fmt.Errorf("QR code: %w", err)
		}
		pg.font("", 8, ink)
		pg.text(x, cy+95, w, 4, "Gültigkeit prüfen / Check validity: "+url, "L")
	}

	// The part the holder keeps.
	y := 162.0
	pg.font("B", 11, blue)
	pg.text(20, y, 170, 6, "Für Ihre Unterlagen", "L")
	pg.font("I", 8, grey)
	pg.text(20, y+6, 170, 4, "For your records", "L")
	y += 13
	address := strings.TrimSpace(pm.Street + " " + pm.HouseNumber)
	for _, row := range [][3]string{
		{"Inhaber/in", "Holder", pm.Holder},
		{"Anschrift", "Address", address},
		{"Zone", "Zone", zone},
		{"Kennzeichen", "Licence plate", pm.Plate},
		{"Gültigkeit", "Validity", fromDE + " – " + untilDE},
		{"Referenznummer", "Reference number", pm.Ref},
		{"Prüfcode", "Verification code", pm.Code},
	} {
		pg.label(20, y, 50, row[0], row[1])
		pg.font("", 10, ink)
		pg.text(72, y, 118, 6, row[2], "L")
		y += 8
	}
	if url != "" {
		pg.label(20, y, 50, "Prüfen unter", "Check at")
		pg.font("", 10, ink)
		pg.text(72, y, 118, 6, url, "L")
		y += 8
	}
	y += 4
	f.SetDrawColor(light[0], light[1], light[2])
	f.Line(20, y, 190, y)
	y += 3
	pg.font("", 9, ink)
	f.SetXY(20, y)
	f.MultiCell(170, 4.5, pg.tr(p.note.De), "", "L", false)
	pg.font("I", 8, grey)
	f.SetXY(20, f.GetY()+2)
	f.MultiCell(170, 4, pg.tr(p.note.En), "", "L", false)

	pg.font("", 7.5, grey)
	footer := p.city
	if p.office != "" {
		footer += " · " + p.office
	}
	pg.text(20, 282, 170, 4, footer+" · "+pm.Ref, "C")

	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
