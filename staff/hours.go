package staff

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"amtsbote/catalog"
	"amtsbote/store"
)

// Office hours have one source: the departments file's hours (its text, as
// citizens read it: "Mo–Fr 8–13 Uhr, Do 14–18 Uhr"), which an admin may
// replace in the console; the replacement is stored and wins until it is
// removed again. Availability, the console, the front page (HoursText),
// the answers (EditedHours, through answers/places) and the bot's "nobody
// there" (through Available) all read them here.

// dayNames are the German weekday abbreviations the departments file uses.
var dayNames = map[string]time.Weekday{"mo": time.Monday, "di": time.Tuesday, "mi": time.Wednesday,
	"do": time.Thursday, "fr": time.Friday, "sa": time.Saturday, "so": time.Sunday}

var spanPattern = regexp.MustCompile(`(?i)\b(mo|di|mi|do|fr|sa|so)\.?(?:\s*[–-]\s*(mo|di|mi|do|fr|sa|so)\.?)?\s+` +
	`(\d{1,2})(?:[:.](\d{2}))?\s*[–-]\s*(\d{1,2})(?:[:.](\d{2}))?`)

// ParseHours reads office hours written as the departments file writes
// them ("Mo–Fr 8–13 Uhr, Do 14–18 Uhr"); words around the spans ("nur mit
// Termin:", "und nach Vereinbarung") are allowed. Text without a single
// span is an error, so that no department is silently always open.
func ParseHours(text string) ([]store.OfficeHours, error) {
	var out []store.OfficeHours
	for _, m := range spanPattern.FindAllStringSubmatch(text, -1) {
		from, to := dayNames[strings.ToLower(m[1])], dayNames[strings.ToLower(m[1])]
		if m[2] != "" {
			to = dayNames[strings.ToLower(m[2])]
		}
		start, err1 := clock(m[3], m[4])
		end, err2 := clock(m[5], m[6])
		if err := errors.Join(err1, err2); err != nil || start >= end {
			return nil, fmt.Errorf("office hours %q: %q is no span of a day", text, m[0])
		}
		for d := from; ; d = (d + 1) % 7 {
			out = append(out, store.OfficeHours{Weekday: d, From: start, To: end})
			if d == to {
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("office hours %q: no span like \"Mo–Fr 8–13 Uhr\"", text)
	}
	return out, nil
}

// clock writes an hour and minutes as "08:00".
func clock(h, m string) (string, error) {
	hour, err := strconv.Atoi(h)
	if err != nil || hour > 24 {
		return "", fmt.Errorf("hour %q", h)
	}
	minute := 0
	if m != "" {
		if minute, err = strconv.Atoi(m); err != nil || minute > 59 || hour == 24 && minute > 0 {
			return "", fmt.Errorf("minute %q", m)
		}
	}
	return fmt.Sprintf("%02d:%02d", hour, minute), nil
}

// CheckHours checks that every department of the departments file has
// office hours the console can read; the composition root calls it at the
// start.
func CheckHours(cat *catalog.Catalog) error {
	var errs []error
	for _, d := range cat.Departments() {
		if _, err := ParseHours(d.Hours.De); err != nil {
			errs = append(errs, fmt.Errorf("department %s: %w", d.ID, err))
		}
	}
	return errors.Join(errs...)
}

// officeHours are a department's hours: the ones an admin stored, else
// the departments file's. source is "console", "file" or "" (none known).
func (c *Console) officeHours(department string) (hours []store.OfficeHours, source string, err error) {
	deps, err := c.st.Departments()
	if err != nil {
		return nil, "", err
	}
	for _, d := range deps {
		if d.ID == department && len(d.Hours) > 0 {
			return d.Hours, "console", nil
		}
	}
	if c.cat != nil {
		if d, ok := c.cat.Department(department); ok {
			if h, err := ParseHours(d.Hours.De); err == nil {
				return h, "file", nil
			}
		}
	}
	return nil, "", nil
}

// HoursText is a department's office hours as citizens read them: the
// departments file's own words, or those an admin stored in the console.
func (c *Console) HoursText(department, lang string) string {
	h, source, err := c.officeHours(department)
	if err != nil {
		c.log.Error("reading office hours failed", "err", err)
	}
	if source == "console" {
		return FormatHours(h, lang)
	}
	if c.cat != nil {
		if d, ok := c.cat.Department(department); ok {
			return d.Hours.In(lang)
		}
	}
	return ""
}

// EditedHours is a department's office hours as an admin stored them in
// the console, written out in lang; false when none are stored, so that
// the caller keeps the hours of its own file (answers/places: the offices
// file's weekly hours, in its own words).
func (c *Console) EditedHours(department, lang string) (string, bool) {
	h, source, err := c.officeHours(department)
	if err != nil {
		c.log.Error("reading office hours failed", "err", err)
	}
	if source != "console" {
		return "", false
	}
	return FormatHours(h, lang), true
}

// FormatHours writes office hours for citizens: "Mo–Mi 08:00–13:00,
// Do 08:00–13:00 und 14:00–18:00" (English: "Mon–Wed …", "and").
func FormatHours(hours []store.OfficeHours, lang string) string {
	names := [7]string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"}
	and := " und "
	if lang == "en" {
		names = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
		and = " and "
	}
	var days [7][]string
	for _, h := range hours {
		days[h.Weekday] = append(days[h.Weekday], h.From+"–"+h.To)
	}
	var parts []string
	order := []time.Weekday{1, 2, 3, 4, 5, 6, 0}
	for i := 0; i < len(order); {
		d := order[i]
		if len(days[d]) == 0 {
			i++
			continue
		}
		slices.Sort(days[d])
		j := i
		for j+1 < len(order) && slices.Equal(days[order[j+1]], days[d]) {
			j++
		}
		name := names[d]
		if j > i {
			name += "–" + names[order[j]]
		}
		parts = append(parts, name+" "+strings.Join(days[d], and))
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
