package appointments_test

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/services/appointments"
)

// germanWords are words of the handler's German sentences and dates.
var germanWords = strings.Fields(`termin termine sie ihr ihre ihren bitte und oder der die das dem den uhr ist
	nicht mit am im ort anliegen erinnerung morgen später nächster nächste freie freier referenznummer zugangscode
	wählen schreiben feiertag geschlossen verschoben abgesagt mo di mi do fr sa so dez nov`)

// german lists the German words of s.
func german(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if slices.Contains(germanWords, w) {
			out = append(out, w)
		}
	}
	return out
}

// TestBookingSpeaksTheLanguage drives the handler through booking, a
// wish it cannot read, a closed day, moving and cancelling in Turkish and
// Arabic: nothing it says is German but the names of offices, their
// addresses and public holidays (which citizens need as the office
// writes them).
func TestBookingSpeaksTheLanguage(t *testing.T) {
	for lang, own := range map[string][]string{
		"tr": {"Randevunuz", "Yer:", "Konu: Diğer konu", "Referans numarası", "ertelendi", "iptal edildi", "Pzt", "Ara"},
		"ar": {"موعدك", "المكان:", "الموضوع: موضوع آخر", "الرقم المرجعي", "تم تغيير", "تم إلغاء", "الاثنين", "ديسمبر"},
	} {
		t.Run(lang, func(t *testing.T) {
			said := bookInLanguage(t, lang)
			all := strings.Join(said, "\n")
			for _, f := range appointments.Sample().List {
				all = strings.ReplaceAll(all, f.Name.De, "")
				all = strings.ReplaceAll(all, f.Address, "")
			}
			all = strings.ReplaceAll(all, "(Weihnachtstag)", "") // the holiday of 25.12.
			if m := german(all); len(m) > 0 {
				t.Errorf("German words %q in:\n%s", m, all)
			}
			if strings.Contains(all, "appointments.") || strings.Contains(all, "date.") {
				t.Errorf("a text key shows:\n%s", all)
			}
			for _, w := range own {
				if !strings.Contains(all, w) {
					t.Errorf("%q is not said:\n%s", w, all)
				}
			}
		})
	}
}

// bookInLanguage books, moves and cancels a visit in lang and returns
// everything the handler said, the calendar files unfolded.
func bookInLanguage(t *testing.T, lang string) []string {
	now := berlinSunday(t) // Sunday 29 Nov 2026, 10:00
	l := appointments.NewLedger(nil)
	h := appointments.New(appointments.Options{Ledger: l, Location: now.Location()})
	var said []string
	labels := func(opts []channels.Option) {
		if len(opts) == 0 {
			t.Fatal("no options")
		}
		for _, o := range opts {
			said = append(said, o.Label)
		}
	}
	ask := func(service, field, value string, answers map[string]string, cases ...dialog.CaseRef) dialog.Check {
		t.Helper()
		c := h.CheckAnswer(dialog.Answer{Service: service, Field: field, Value: value, Answers: answers, Lang: lang, Now: now, Cases: cases})
		if c.Problem != nil {
			said = append(said, c.Problem.In(lang))
		}
		if c.Note.De != "" {
			said = append(said, c.Note.In(lang))
		}
		return c
	}
	show := func(service, field, value string) {
		t.Helper()
		s, ok := h.DisplayAnswer(service, field, value, lang)
		if !ok {
			t.Fatalf("%s %q not shown", field, value)
		}
		said = append(said, s)
	}
	decide := func(s dialog.Submission) dialog.Decision {
		t.Helper()
		s.Lang, s.Now = lang, now
		d, err := h.Submit(s)
		if err != nil || d.Reply.De == "" {
			t.Fatalf("%s: %+v, %v", s.Service, d, err)
		}
		said = append(said, d.Reply.In(lang))
		for _, a := range d.Attachments {
			ics := strings.NewReplacer("\r\n ", "", `\,`, ",", `\n`, "\n", "-//Amtsbote//Termine//DE", "").Replace(string(a.Data))
			said = append(said, ics)
		}
		for _, b := range d.Bookings {
			if b.Reminder != nil {
				said = append(said, b.Reminder.Message.Text)
				labels(b.Reminder.Message.Options)
			}
		}
		l.Record(d.Bookings...)
		return d
	}

	book := map[string]string{"concern": "other"}
	labels(h.Suggest(dialog.Answer{Service: appointments.ServiceBook, Field: "when", Answers: book, Lang: lang, Now: now}))
	for _, wish := range []string{"xyzzy", "15.5.", "25.12."} { // unreadable, too far ahead, a holiday
		if c := ask(appointments.ServiceBook, "when", wish, book); c.Problem == nil {
			t.Fatalf("wish %q taken: %+v", wish, c)
		}
	}
	when := ask(appointments.ServiceBook, "when", "next week", book).Value
	book["when"] = when
	show(appointments.ServiceBook, "when", when)
	labels(h.Suggest(dialog.Answer{Service: appointments.ServiceBook, Field: "slot", Answers: book, Lang: lang, Now: now}))
	ask(appointments.ServiceBook, "slot", "later", book)
	ask(appointments.ServiceBook, "slot", "other day", book)
	ask(appointments.ServiceBook, "slot", "nonsense", book)
	slot := ask(appointments.ServiceBook, "slot", "1", book).Value
	show(appointments.ServiceBook, "slot", slot)
	book["slot"], book["name"] = slot, "Ayşe Yılmaz"
	const ref = "AB-2026-000001"
	decide(dialog.Submission{Service: appointments.ServiceBook, Ref: ref, Answers: book})

	mine := dialog.CaseRef{Ref: ref, Service: appointments.ServiceBook}
	for _, v := range []string{"hello", "AB-2026-999999", "AB-2026-999999 K7P3-M9QX"} {
		if c := ask(appointments.ServiceMove, "appointment", v, nil, mine); c.Problem == nil {
			t.Fatalf("appointment %q taken", v)
		}
	}
	labels(h.Suggest(dialog.Answer{Service: appointments.ServiceMove, Field: "appointment", Lang: lang, Now: now, Cases: []dialog.CaseRef{mine}}))
	move := map[string]string{"appointment": ask(appointments.ServiceMove, "appointment", ref, nil, mine).Value}
	show(appointments.ServiceMove, "appointment", ref)
	move["when"] = ask(appointments.ServiceMove, "when", "next week", move).Value
	move["slot"] = ask(appointments.ServiceMove, "slot", "2", move).Value
	decide(dialog.Submission{Service: appointments.ServiceMove, Answers: move, Cases: []dialog.CaseRef{mine}})
	decide(dialog.Submission{Service: appointments.ServiceCancel, Answers: map[string]string{"appointment": ref}, Cases: []dialog.CaseRef{mine}})
	return said
}
