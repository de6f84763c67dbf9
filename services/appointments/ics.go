package appointments

import (
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

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

// alarmTrigger is when calendars remind of an appointment: two hours
// before its start (a VALARM that displays the summary). The service's
// own reminder message comes the day before; this one is for setting off.
const alarmTrigger = "-PT2H"

// ICS writes e as an iCalendar file (RFC 5545) with the library
// github.com/arran4/golang-ical: CRLF line endings, lines folded at 75
// octets, times in UTC, text escaped. A confirmed appointment carries a
// display alarm two hours before its start; a cancelled one none.
func ICS(e Event) []byte {
	// PUBLISH either way: iTIP's CANCEL needs an ORGANIZER and attendees;
	// the same UID with a higher SEQUENCE updates the event in place.
	cal := ics.NewCalendarFor("Amtsbote")
	cal.SetProductId("-//Amtsbote//Termine//DE")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)

	ev := cal.AddEvent(oneLine(e.UID))
	ev.SetSequence(e.Sequence)
	ev.SetDtStampTime(e.Stamp)
	ev.SetStartAt(e.Start)
	ev.SetEndAt(e.End)
	ev.SetSummary(lineFeeds(e.Summary))
	ev.SetLocation(lineFeeds(e.Location))
	ev.SetDescription(lineFeeds(e.Description))
	if e.Cancelled {
		ev.SetStatus(ics.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ics.ObjectStatusConfirmed)
	}
	ev.SetTimeTransparency(ics.TransparencyOpaque)
	if !e.Cancelled {
		alarm := ev.AddAlarm()
		alarm.SetAction(ics.ActionDisplay)
		alarm.SetTrigger(alarmTrigger)
		alarm.SetProperty(ics.ComponentPropertyDescription, lineFeeds(e.Summary))
	}
	return []byte(cal.Serialize(ics.WithNewLineWindows))
}

// Attachment wraps an iCalendar file for a reply.
func Attachment(name string, ics []byte) channels.Attachment {
	return channels.Attachment{Name: name, MediaType: "text/calendar; charset=utf-8", Data: ics}
}

// lineFeeds makes every line break of s a LF, which the library writes as the
// TEXT escape \n (RFC 5545 3.3.11); a bare CR would break the line.
func lineFeeds(s string) string {
	return strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
}

// oneLine is s without line breaks, for a UID.
func oneLine(s string) string {
	return strings.NewReplacer("\r", "", "\n", "").Replace(s)
}
