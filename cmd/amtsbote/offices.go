package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"amtsbote/services/appointments"
	"amtsbote/text"
)

// runOffices is `amtsbote offices`: a preview of the offices file (the
// configured one, else the sample) for the days ahead: each office's hours
// or why it is closed, and how many visits of each concern a day offers
// before any booking. It reads no store, so it runs beside the server.
func runOffices(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "offices", stdout, stderr)
	from := fs.String("from", "", s.say.T("cli.flag.offices.from"))
	days := fs.Int("days", 7, s.say.T("cli.flag.offices.days"))
	lang := fs.String("lang", string(s.say.lang), s.say.T("cli.flag.offices.lang", "langs", langList()))
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	if _, err := text.Parse(*lang); err != nil {
		return s.refuse("cli.texts.unknown", "lang", strconv.Quote(*lang), "langs", langList())
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	o := appointments.Sample()
	if c.Offices != "" {
		if o, err = appointments.LoadFile(c.Offices); err != nil {
			fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
			return 1
		}
	}
	start := time.Now().In(loc)
	if *from != "" {
		if start, err = time.ParseInLocation(time.DateOnly, *from, loc); err != nil {
			fmt.Fprintln(stderr, "amtsbote:", s.say.T("cli.offices.from"))
			return 2
		}
	}
	if *days < 1 || *days > 366 {
		fmt.Fprintln(stderr, "amtsbote:", s.say.T("cli.offices.days"))
		return 2
	}
	printOffices(stdout, s.say, o, time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc), *days, *lang)
	return 0
}

// printOffices writes the preview of o for n days from day.
func printOffices(w io.Writer, say say, o *appointments.Offices, day time.Time, n int, lang string) {
	for _, f := range o.List {
		fmt.Fprintln(w, say.T("cli.offices.office", "name", f.Name.In(lang), "id", f.ID, "address", f.Address,
			"counters", f.Counters, "minutes", f.SlotMin, "department", f.Department))
		var concerns []*appointments.ServiceConfig
		for _, s := range o.Services {
			if s.Office == f.ID {
				concerns = append(concerns, s)
				fmt.Fprintln(w, "  "+say.T("cli.offices.minutes", "service", s.Service, "minutes", s.Minutes))
			}
		}
		for i := range n {
			d := day.AddDate(0, 0, i)
			label := d.Format("Mon 2006-01-02")
			if why, closed := o.ClosedOn(f, d); closed {
				fmt.Fprintf(w, "  %s  %s\n", label, say.T("cli.offices.closed", "why", why.In(lang)))
				continue
			}
			var counts []string
			for _, s := range concerns {
				counts = append(counts, fmt.Sprintf("%s %d", s.Service, visits(o.Slots(f, s, d))*f.Counters))
			}
			fmt.Fprintf(w, "  %s  %s\n", label, say.T("cli.offices.day", "hours", strings.Join(o.Hours(f, d), ", "),
				"visits", strings.Join(counts, ", ")))
		}
	}
}

// visits is how many of slots one counter can take one after another: a
// visit longer than the grid step occupies the slots it overlaps.
func visits(slots []appointments.Slot) int {
	n := 0
	var free time.Time
	for _, sl := range slots {
		if !sl.Start.Before(free) {
			n++
			free = sl.End
		}
	}
	return n
}
