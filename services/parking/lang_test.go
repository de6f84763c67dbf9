package parking

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"amtsbote/dialog"
)

// TestSpeaksTheLanguage: the handler's notes, problems and replies are
// in the conversation's language, with the German terms the office uses
// in brackets; what it tells staff stays German.
func TestSpeaksTheLanguage(t *testing.T) {
	h := New(Options{})
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	approve := map[string]string{"street": "Kamp", "house_number": "3", "main_residence": "yes", "keeper": "self",
		"plate": "PB-AB 123", "name": "Ayşe Yılmaz", "fee": "30.50"}
	review := map[string]string{"street": "Kampweg", "house_number": "3", "main_residence": "no", "keeper": "self", "plate": "PB-CD 4"}
	for _, tc := range []struct {
		lang                         string
		note, problem, approved, rev string
	}{
		{"de", "Diese Straße finde ich in keiner Bewohnerparkzone.", "Zu dieser Referenznummer finde ich keinen Bewohnerparkausweis.",
			"Ihr Bewohnerparkausweis ist genehmigt: Zone A (Innenstadt), Kennzeichen PB-AB 123, gültig vom 03.12.2026 bis 02.12.2027. Gebühr: 30,50 €. Prüfcode: ",
			"(die Anschrift liegt nach unserem Verzeichnis in keiner Bewohnerparkzone; die Anschrift ist nicht Ihre Hauptwohnung)"},
		{"en", "I cannot find this street in any resident parking zone.", "I cannot find a resident parking permit with this reference number.",
			"Your resident parking permit is approved: zone A (Innenstadt), plate PB-AB 123, valid from 3 Dec 2026 to 2 Dec 2027. Fee: €30.50. Verification code: ",
			"(the address is in no resident parking zone according to our register; the address is not your main residence)"},
		{"tr", "Bu sokağı hiçbir sakin park bölgesinde (Bewohnerparkzone) bulamıyorum.", "Bu referans numarasıyla bir sakin park izni (Bewohnerparkausweis) bulamıyorum.",
			"Sakin park izniniz (Bewohnerparkausweis) onaylandı: bölge A (Innenstadt), plaka PB-AB 123, geçerlilik 3 Ara 2026 – 2 Ara 2027. Harç: 30,50 €. Doğrulama kodu (Prüfcode): ",
			"(kayıtlarımıza göre adres hiçbir sakin park bölgesinde değil; adres ana ikametgâhınız (Hauptwohnung) değil)"},
		{"ar", "لا أجد هذا الشارع في أي منطقة لمواقف السكان (Bewohnerparkzone).", "لا أجد تصريح وقوف للسكان (Bewohnerparkausweis) بهذا الرقم المرجعي.",
			"تمت الموافقة على تصريح وقوف السكان الخاص بك (Bewohnerparkausweis): المنطقة A (Innenstadt)، رقم اللوحة PB-AB 123، صالح من 3 ديسمبر 2026 حتى 2 ديسمبر 2027. الرسوم: 30,50 €. رمز التحقق (Prüfcode): ",
			"(العنوان بحسب سجلاتنا لا يقع في أي منطقة لمواقف السكان; العنوان ليس مكان سكنك الرئيسي (Hauptwohnung))"},
	} {
		if c := h.CheckAnswer(dialog.Answer{Field: "street", Value: "Kampweg", Lang: tc.lang}); !strings.HasPrefix(c.Note.In(tc.lang), tc.note) {
			t.Errorf("%s: note %q", tc.lang, c.Note.In(tc.lang))
		}
		if c := h.CheckAnswer(dialog.Answer{Field: "permit_ref", Value: "AB-2026-999999", Lang: tc.lang}); c.Problem == nil ||
			!strings.HasPrefix(c.Problem.In(tc.lang), tc.problem) {
			t.Errorf("%s: problem %+v", tc.lang, c.Problem)
		}
		d, err := h.Submit(dialog.Submission{Service: ServiceID, Ref: "AB-2026-000001", Answers: approve, Lang: tc.lang, Now: now,
			Rand: bytes.NewReader(bytes.Repeat([]byte{7}, 10))})
		if err != nil || !strings.HasPrefix(d.Reply.In(tc.lang), tc.approved) {
			t.Errorf("%s: approval %q, %v", tc.lang, d.Reply.In(tc.lang), err)
		}
		d, err = h.Submit(dialog.Submission{Service: ServiceID, Ref: "AB-2026-000002", Answers: review, Lang: tc.lang, Now: now})
		if err != nil || !strings.Contains(d.Reply.In(tc.lang), tc.rev) {
			t.Errorf("%s: review %q, %v", tc.lang, d.Reply.In(tc.lang), err)
		}
		if d.Review != "Bewohnerparkausweis: Anschrift liegt in keiner Bewohnerparkzone; keine Hauptwohnung unter der Anschrift" {
			t.Errorf("%s: staff read %q", tc.lang, d.Review)
		}
	}
}
