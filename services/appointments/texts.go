package appointments

import (
	"fmt"
	"strings"
	"time"

	"amtsbote/catalog"
)

func say(lang, de, en string) string {
	if lang == "en" {
		return en
	}
	return de
}

var (
	weekdayDe = [7]string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"}
	weekdayEn = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	monthEn   = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// dateText is "03.12.2026" or "3 Dec 2026".
func dateText(t time.Time, lang string) string {
	if lang == "en" {
		return fmt.Sprintf("%d %s %d", t.Day(), monthEn[t.Month()-1], t.Year())
	}
	return t.Format("02.01.2006")
}

// dayName is "Do 03.12.2026" or "Thu 3 Dec 2026".
func dayName(t time.Time, lang string) string {
	if lang == "en" {
		return weekdayEn[t.Weekday()] + " " + dateText(t, lang)
	}
	return weekdayDe[t.Weekday()] + " " + dateText(t, lang)
}

// slotLabel is the short label of a slot option: "Do 03.12. 09:00".
func slotLabel(start time.Time, lang string) string {
	if lang == "en" {
		return fmt.Sprintf("%s %d %s %s", weekdayEn[start.Weekday()], start.Day(), monthEn[start.Month()-1], start.Format("15:04"))
	}
	return weekdayDe[start.Weekday()] + " " + start.Format("02.01. 15:04")
}

// slotText is "Do 03.12.2026, 09:00–09:15 Uhr" or "Thu 3 Dec 2026, 09:00–09:15".
func slotText(start, end time.Time, lang string) string {
	return dayName(start, lang) + ", " + start.Format("15:04") + "–" + end.Format("15:04") + say(lang, " Uhr", "")
}

// bringText lists what to bring, or "" when nothing is configured.
func bringText(items []catalog.Text, lang string) string {
	if len(items) == 0 {
		return ""
	}
	var parts []string
	for _, b := range items {
		parts = append(parts, "– "+b.In(lang))
	}
	return say(lang, "Bitte bringen Sie mit:\n", "Please bring:\n") + strings.Join(parts, "\n")
}

// howToChange tells how to move or cancel a booking.
func howToChange(ref, lang string) string {
	return fmt.Sprintf(say(lang,
		"Zum Verschieben oder Absagen schreiben Sie hier einfach „Termin verschieben“ oder „Termin absagen“ – von einem anderen Gerät mit der Referenznummer %s und Ihrem Zugangscode.",
		"To reschedule or cancel, just write “reschedule appointment” or “cancel appointment” here – from another device with the reference number %s and your access code."), ref)
}

// Texts of problems and notes.
var (
	notUnderstood = catalog.Text{
		De: "Das kann ich leider nicht als Zeitpunkt lesen. Schreiben Sie zum Beispiel „nächster freier Termin“, „morgen vormittag“, „nächsten Dienstag nach 14 Uhr“ oder „am 3.12.“.",
		En: "Sorry, I cannot read that as a time. Write for example “next free”, “tomorrow morning”, “next Tuesday after 2 pm” or “on 3 Dec”.",
	}
	inThePast = catalog.Text{
		De: "Dieser Tag liegt in der Vergangenheit. Wann möchten Sie kommen?",
		En: "That day is in the past. When would you like to come?",
	}
	slotGone = catalog.Text{
		De: "Dieser Termin ist leider gerade vergeben worden. Bitte wählen Sie einen anderen:",
		En: "Sorry, this slot has just been taken. Please choose another one:",
	}
	pickSlot = catalog.Text{
		De: "Bitte wählen Sie einen der angebotenen Termine – oder schreiben Sie, wann es Ihnen passt, zum Beispiel „morgen nachmittag“.",
		En: "Please choose one of the slots offered – or tell me when it suits you, for example “tomorrow afternoon”.",
	}
	noAppointment = catalog.Text{
		De: "Welchen Termin meinen Sie? Bitte wählen Sie ihn aus – oder nennen Sie Referenznummer und Zugangscode aus der Bestätigung (zum Beispiel „AB-2026-000042 K7P3-M9QX“).",
		En: "Which appointment do you mean? Please choose it – or give the reference number and access code from the confirmation (for example “AB-2026-000042 K7P3-M9QX”).",
	}
	notFound = catalog.Text{
		De: "Zu dieser Referenznummer mit diesem Zugangscode finde ich keinen offenen Termin. Bitte prüfen Sie beide Angaben.",
		En: "I find no open appointment with this reference number and access code. Please check both.",
	}
	needSecret = catalog.Text{
		De: "Damit niemand Fremdes Ihren Termin ändern kann, brauche ich zur Referenznummer auch den Zugangscode aus der Bestätigung.",
		En: "So that no stranger can change your appointment, I also need the access code from the confirmation with the reference number.",
	}
	notOpen = catalog.Text{
		De: "Dieser Termin ist nicht mehr offen (abgesagt, vorbei oder bereits wahrgenommen).",
		En: "This appointment is no longer open (cancelled, over or already attended).",
	}
)
