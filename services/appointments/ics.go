package appointments

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"amtsbote/channels"
)

// Event is one appointment as an iCalendar event.
type Event struct {
	UID         string    // stays the same when the appointment moves
	Sequence    int       // counts the changes, so calendars replace the old version
	Stamp       time.Time // DTSTAMP: when the file was made
	Start, End  time.Time // written in UTC
	Summary     string    // the title
	Location    string    // the office's name and address
	Description string    // reference, what to bring, how to change it
	Cancelled   bool      // the appointment was cancelled: STATUS:CANCELLED
}

// ICS writes e as an iCalendar file (RFC 5545): CRLF line endings, lines
// folded at 75 octets, times in UTC.
func ICS(e Event) []byte {
	// PUBLISH either way: iTIP's CANCEL needs an ORGANIZER and attendees;
	// the same UID with a higher SEQUENCE updates the event in place.
	status := "CONFIRMED"
	if e.Cancelled {
		status = "CANCELLED"
	}
	var b strings.Builder
	line := func(name, value string) { b.WriteString(foldLine(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Amtsbote//Termine//DE")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("BEGIN", "VEVENT")
	line("UID", escapeText(e.UID))
	line("SEQUENCE", strconv.Itoa(e.Sequence))
	line("DTSTAMP", utc(e.Stamp))
	line("DTSTART", utc(e.Start))
	line("DTEND", utc(e.End))
	line("SUMMARY", escapeText(e.Summary))
	line("LOCATION", escapeText(e.Location))
	line("DESCRIPTION", escapeText(e.Description))
	line("STATUS", status)
	line("TRANSP", "OPAQUE")
	line("END", "VEVENT")
	line("END", "VCALENDAR")
	return []byte(b.String())
}

// Attachment wraps an iCalendar file for a reply.
func Attachment(name string, ics []byte) channels.Attachment {
	return channels.Attachment{Name: name, MediaType: "text/calendar; charset=utf-8", Data: ics}
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escapeText escapes a TEXT value (RFC 5545 3.3.11).
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// foldLine ends a content line with CRLF, folding it into lines of at most 75
// octets without splitting a UTF-8 sequence (RFC 5545 3.1).
func foldLine(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}
