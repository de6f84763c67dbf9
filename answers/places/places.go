// Package places reads the offices an answer names from the city's own
// files: the offices file of the appointments (services/appointments) and,
// for departments without an office there, catalog/defs/departments.yaml.
// Office hours an admin set in the staff console for a department (Edits)
// win over the files' for its department and its offices: they are the
// one source the console, the front page and the bot's "nobody there" read
// too. It implements answers.Offices, so an answer shows the hours and
// address in effect when it is rendered, and tells the answers which
// offices exist (Known) and which get a generated answer (Refs).
package places

import (
	"fmt"
	"strings"

	"amtsbote/answers"
	"amtsbote/catalog"
	"amtsbote/services/appointments"
)

// Places are the offices and departments citizens visit.
type Places struct {
	offices *appointments.Offices
	cat     *catalog.Catalog
	edits   Edits
}

// Edits tells a department's office hours as an admin stored them in the
// staff console, written out in lang; false when none are stored (then the
// files' hours hold).
type Edits interface {
	EditedHours(department, lang string) (string, bool)
}

// New returns the places of the offices file o and the departments of cat;
// an office of o wins over a department with the same id.
func New(o *appointments.Offices, cat *catalog.Catalog) *Places {
	return &Places{offices: o, cat: cat}
}

// WithEdits returns the places with the console's hours (e) over the
// files' hours.
func (p *Places) WithEdits(e Edits) *Places {
	c := *p
	c.edits = e
	return &c
}

// Name returns the office's name in lang (German when it has none in lang:
// the name on the door, not catalog.Text.In's English).
func (p *Places) Name(id, lang string) (string, bool) {
	if f, ok := p.offices.Office(id); ok {
		return nameIn(f.Name, lang), true
	}
	if d, ok := p.cat.Department(id); ok {
		return nameIn(d.Name, lang), true
	}
	return "", false
}

// nameIn is t in exactly lang, else in German.
func nameIn(t catalog.Text, lang string) string {
	if s := t.Only(lang); s != "" {
		return s
	}
	return t.De
}

// Hours returns the office's opening hours in lang: those an admin stored
// for its department (for an office of the offices file, the department
// it belongs to), else built from the weekly hours of the offices file, or
// the hours text of a department.
func (p *Places) Hours(id, lang string) (string, bool) {
	f, office := p.offices.Office(id)
	d, dep := p.cat.Department(id)
	if !office && (!dep || d.Hours.De == "") {
		return "", false
	}
	department := id
	if office {
		department = f.Department
	}
	if p.edits != nil {
		if h, ok := p.edits.EditedHours(department, lang); ok {
			return h, true
		}
	}
	if office {
		return Weekly(f.Hours, lang), true
	}
	return d.Hours.In(lang), true
}

// Address returns the office's address.
func (p *Places) Address(id string) (string, bool) {
	if f, ok := p.offices.Office(id); ok {
		return f.Address, true
	}
	if d, ok := p.cat.Department(id); ok && d.Address != "" {
		return d.Address, true
	}
	return "", false
}

// Known returns the ids answers may name as their office: every office of
// the offices file and every department with hours and an address.
func (p *Places) Known() map[string]bool {
	out := map[string]bool{}
	for _, f := range p.offices.List {
		out[f.ID] = true
	}
	for _, d := range p.cat.Departments() {
		if d.Hours.De != "" && d.Address != "" {
			out[d.ID] = true
		}
	}
	return out
}

// BookingService is the catalog service that books a visit to an office of
// the offices file.
const BookingService = "appointment"

// Refs returns the offices of the offices file, for the generated answers
// on their hours and address (answers.OfficeAnswers); each offers to book
// a visit when the catalog has BookingService.
func (p *Places) Refs() []answers.OfficeRef {
	service := ""
	if _, ok := p.cat.Service(BookingService); ok {
		service = BookingService
	}
	out := make([]answers.OfficeRef, 0, len(p.offices.List))
	for _, f := range p.offices.List {
		out = append(out, answers.OfficeRef{ID: f.ID, Department: f.Department, Name: answers.Text{"de": f.Name.De, "en": f.Name.En}, Service: service})
	}
	return out
}

// weekdays in the order of the offices file's keys, with their names.
var weekdays = []struct{ key, de, en string }{
	{"mon", "Mo", "Mon"}, {"tue", "Di", "Tue"}, {"wed", "Mi", "Wed"}, {"thu", "Do", "Thu"},
	{"fri", "Fr", "Fri"}, {"sat", "Sa", "Sat"}, {"sun", "So", "Sun"},
}

// clock24 is how the other languages write hours: on the 24-hour clock
// ("8:00–13:00"), with their names of the days (mon … sun), the word
// joining two ranges of a day, the separators of a list of days and of
// groups of days, and the words for no hours at all.
type clock24 struct {
	days       [7]string
	and        string
	list, semi string
	none       string
}

// clocks24 are the languages besides German and English that hours are
// written in; any other language gets the English ones.
var clocks24 = map[string]clock24{
	"uk": {[7]string{"Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"}, "і", ", ", "; ", "за домовленістю"},
	"ru": {[7]string{"Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"}, "и", ", ", "; ", "по договорённости"},
	"tr": {[7]string{"Pzt", "Sal", "Çar", "Per", "Cum", "Cmt", "Paz"}, "ve", ", ", "; ", "randevuyla"},
	"ar": {[7]string{"الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"}, "و", "، ", "؛ ", "بموعد مسبق"},
}

// Weekly writes weekly hours ({"mon": ["08:00-13:00"]}) as people read
// them: days with the same hours together, runs of days with a dash.
// German: "Mo–Mi, Fr 8–13 Uhr; Do 8–13 und 14–18 Uhr"; English: "Mon–Wed,
// Fri 8 am–1 pm; Thu 8 am–1 pm and 2–6 pm". No hours at all: "nach
// Vereinbarung" / "by appointment". Ukrainian, Russian, Turkish and Arabic
// use the 24-hour clock: "Пн–Ср, Пт 8:00–13:00; Чт 8:00–13:00 і
// 14:00–18:00".
func Weekly(hours map[string][]string, lang string) string {
	type group struct {
		ranges string
		days   []int
	}
	var groups []*group
	for i, wd := range weekdays {
		rs := hours[wd.key]
		if len(rs) == 0 {
			continue
		}
		key := ranges(rs, lang)
		var g *group
		for _, x := range groups {
			if x.ranges == key {
				g = x
			}
		}
		if g == nil {
			g = &group{ranges: key}
			groups = append(groups, g)
		}
		g.days = append(g.days, i)
	}
	c, other := clocks24[lang]
	if len(groups) == 0 {
		switch {
		case lang == "de":
			return "nach Vereinbarung"
		case other:
			return c.none
		}
		return "by appointment"
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = dayRuns(g.days, lang) + " " + g.ranges
	}
	if other {
		return strings.Join(parts, c.semi)
	}
	return strings.Join(parts, "; ")
}

// dayRuns writes days (indexes of weekdays, ascending) as runs: "Mo–Mi, Fr".
func dayRuns(days []int, lang string) string {
	c, other := clocks24[lang]
	name := func(i int) string {
		switch {
		case lang == "de":
			return weekdays[i].de
		case other:
			return c.days[i]
		}
		return weekdays[i].en
	}
	var out []string
	for i := 0; i < len(days); {
		j := i
		for j+1 < len(days) && days[j+1] == days[j]+1 {
			j++
		}
		switch {
		case j == i:
			out = append(out, name(days[i]))
		case j == i+1:
			out = append(out, name(days[i]), name(days[j]))
		default:
			out = append(out, name(days[i])+"–"+name(days[j]))
		}
		i = j + 1
	}
	if other {
		return strings.Join(out, c.list)
	}
	return strings.Join(out, ", ")
}

// ranges writes a day's ranges ("08:00-13:00") in lang.
func ranges(rs []string, lang string) string {
	c, other := clocks24[lang]
	parts := make([]string, len(rs))
	for i, r := range rs {
		from, to, _ := strings.Cut(r, "-")
		if other {
			parts[i] = clock24h(from) + "–" + clock24h(to)
		} else if lang == "de" {
			parts[i] = clockDE(from) + "–" + clockDE(to)
		} else {
			f, t := clockEN(from), clockEN(to)
			if len(f) > 3 && len(t) > 3 && f[len(f)-3:] == t[len(t)-3:] {
				f = f[:len(f)-3] // "2–6 pm", as one writes it
			}
			parts[i] = f + "–" + t
		}
	}
	switch {
	case lang == "de":
		return strings.Join(parts, " und ") + " Uhr"
	case other:
		return strings.Join(parts, " "+c.and+" ")
	}
	return strings.Join(parts, " and ")
}

// clock24h writes "08:00" as "8:00" and "13:30" as "13:30".
func clock24h(s string) string {
	var h, m int
	if _, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil {
		return s
	}
	return fmt.Sprintf("%d:%02d", h, m)
}

// clockDE writes "08:00" as "8" and "08:30" as "8:30".
func clockDE(s string) string {
	var h, m int
	if _, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil {
		return s
	}
	if m == 0 {
		return fmt.Sprint(h)
	}
	return fmt.Sprintf("%d:%02d", h, m)
}

// clockEN writes "08:00" as "8 am", "13:30" as "1:30 pm", "12:00" as "noon".
func clockEN(s string) string {
	var h, m int
	if _, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil {
		return s
	}
	if h == 12 && m == 0 {
		return "noon"
	}
	suffix := "am"
	if h >= 12 {
		suffix = "pm"
	}
	if h > 12 {
		h -= 12
	}
	if h == 0 {
		h = 12
	}
	if m == 0 {
		return fmt.Sprintf("%d %s", h, suffix)
	}
	return fmt.Sprintf("%d:%02d %s", h, m, suffix)
}
