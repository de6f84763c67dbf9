package text

import (
	"strings"
	"time"
)

// weekdayKeys and monthKeys name the catalog's day and month names, in
// the form a language writes them in dates ("Do" and "Dez." in German,
// "Donnerstag" and "Dezember" in Leichte Sprache, "Per" and "Ara" in
// Turkish). golang.org/x/text has no calendar names, so they are texts.
var (
	weekdayKeys = [7]string{"date.weekday.sun", "date.weekday.mon", "date.weekday.tue", "date.weekday.wed",
		"date.weekday.thu", "date.weekday.fri", "date.weekday.sat"}
	monthKeys = [12]string{"date.month.jan", "date.month.feb", "date.month.mar", "date.month.apr",
		"date.month.may", "date.month.jun", "date.month.jul", "date.month.aug", "date.month.sep",
		"date.month.oct", "date.month.nov", "date.month.dec"}
)

// Time is t written in l by the layout that key holds. A layout is a Go
// time layout ("02.01.2006", "2 Jan 2006, 15:04") in which "Mon" stands
// for the weekday and "Jan" for the month, named by the catalog in l
// (date.weekday.*, date.month.*); everything else is Go's (2 and 02 the
// day, 01 the month, 2006 the year, 15:04 the time), so that the order
// of day, month and year, and the words around them, are each
// language's own.
func (c *Catalog) Time(l Lang, key string, t time.Time) string {
	layout := c.Text(l, key)
	var b strings.Builder
	for layout != "" {
		i := strings.Index(layout, "Mon")
		j := strings.Index(layout, "Jan")
		switch {
		case i < 0 && j < 0:
			b.WriteString(t.Format(layout))
			layout = ""
		case j < 0 || (i >= 0 && i < j):
			b.WriteString(t.Format(layout[:i]))
			b.WriteString(c.Text(l, weekdayKeys[t.Weekday()]))
			layout = layout[i+len("Mon"):]
		default:
			b.WriteString(t.Format(layout[:j]))
			b.WriteString(c.Text(l, monthKeys[t.Month()-1]))
			layout = layout[j+len("Jan"):]
		}
	}
	return b.String()
}
