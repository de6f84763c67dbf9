package migrate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"amtsbote/text"
)

// Say is the report in language l from the catalog c: a line a kind,
// "conversations:  12 in bbolt, 12 copied now", the figures under each
// other.
func (r Report) Say(c *text.Catalog, l text.Lang) string {
	labels := make([]string, len(r.Counts))
	width := 0
	for i, n := range r.Counts {
		labels[i] = c.Text(l, kindKey(n.Kind)) + ":"
		width = max(width, utf8.RuneCountInString(labels[i]))
	}
	var b strings.Builder
	for i, n := range r.Counts {
		pad := strings.Repeat(" ", width-utf8.RuneCountInString(labels[i]))
		fmt.Fprintf(&b, "%s%s %s\n", labels[i], pad, c.Text(l, "migrate.report.counts",
			"read", fmt.Sprintf("%7d", n.Read), "copied", fmt.Sprintf("%7d", n.Copied)))
	}
	return b.String()
}

// kindKey is the catalog's key of a kind of record's name.
func kindKey(kind string) string {
	switch kind {
	case "conversations":
		return "migrate.kind.conversations"
	case "addresses":
		return "migrate.kind.addresses"
	case "message ids":
		return "migrate.kind.message_ids"
	case "outbox":
		return "migrate.kind.outbox"
	case "dead letters":
		return "migrate.kind.dead_letters"
	case "cases":
		return "migrate.kind.cases"
	case "bookings":
		return "migrate.kind.bookings"
	case "channel states":
		return "migrate.kind.channel_states"
	case "notes":
		return "migrate.kind.notes"
	case "staff records":
		return "migrate.kind.staff"
	case "audit entries":
		return "migrate.kind.audit"
	}
	return "migrate.kind.other"
}
