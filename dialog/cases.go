package dialog

import (
	"crypto/rand"
	"fmt"
	"io"
	"strings"
	"time"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
)

// CaseInfo is what the portal knows about a case right now.
type CaseInfo struct {
	Service string
	Status  string
	Changed time.Time // when the status last changed
}

// CaseStatuses is a read-only, in-memory view of the cases' current
// statuses, kept up to date by whoever changes them (the staff and case
// lifecycle). Status answers only when secret is the case's access code, so
// a reference alone tells nobody anything; it must compare in constant time.
type CaseStatuses interface {
	CaseStatus(ref, secret string) (CaseInfo, bool)
}

// CaseUpdate is a change of a case that the citizen is to be told about.
type CaseUpdate struct {
	Ref         string
	Status      string                // the new status
	Note        string                // optional words from staff, said after the status
	Attachments []channels.Attachment // e.g. the permit PDF once staff approved it
}

// CaseUpdate tells the citizen of conversation state st that a case
// changed, in the conversation's language, and remembers the new status in
// the state. Like Step it is pure: the caller commits the Result's state and
// replies in one transaction (the outbox delivers them on the channel the
// citizen used last). It does not check the transition; the caller does,
// with cases.ValidTransition. A form in progress is left as it is.
func (e *Engine) CaseUpdate(st State, u CaseUpdate, now time.Time) Result {
	t := &turn{e: e, st: st.clone(), now: now}
	t.st.migrate()
	title := ""
	for i, c := range t.st.Cases {
		if c.Ref == u.Ref {
			t.st.Cases[i].Status = u.Status
			title = t.serviceTitle(c.Service)
		}
	}
	text := fmt.Sprintf(t.say("Neuigkeiten zu Ihrem Antrag %s: %s.", "News about your application %s: %s."),
		u.Ref, cases.StatusText(u.Status, t.st.Language()))
	if title != "" {
		text = fmt.Sprintf(t.say("Neuigkeiten zu Ihrem Antrag %s (%s): %s.", "News about your application %s (%s): %s."),
			u.Ref, title, cases.StatusText(u.Status, t.st.Language()))
	}
	if u.Note != "" {
		text += "\n\n" + u.Note
	}
	t.out = append(t.out, channels.Outbound{From: channels.FromBot, Text: text, Attachments: u.Attachments})
	return t.result()
}

// serviceTitle is the title of service id in the conversation's language.
func (t *turn) serviceTitle(id string) string {
	if d, ok := t.e.cat.Service(id); ok {
		return d.Title.In(t.st.Language())
	}
	return id
}

// secretAlphabet has no letters or digits that are easily confused (0/O,
// 1/I/L), so a code can be read out on the phone.
const secretAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// secretLen is the number of characters of a case's access code: 31^8 ≈ 2^40.
const secretLen = 8

// newSecret draws an access code like "K7P3M9QX" with at least one digit
// (so it cannot be mistaken for a word) from r.
func newSecret(r io.Reader) (string, error) {
	buf := make([]byte, 1)
	for {
		var b strings.Builder
		digit := false
		for b.Len() < secretLen {
			if _, err := io.ReadFull(r, buf); err != nil {
				return "", fmt.Errorf("dialog: case secret: %w", err)
			}
			if int(buf[0]) >= 256/len(secretAlphabet)*len(secretAlphabet) {
				continue // rejection sampling keeps the draw uniform
			}
			c := secretAlphabet[int(buf[0])%len(secretAlphabet)]
			digit = digit || c <= '9'
			b.WriteByte(c)
		}
		if digit {
			return b.String(), nil
		}
	}
}

// showSecret groups a code for reading: "K7P3-M9QX".
func showSecret(s string) string {
	if len(s) != secretLen {
		return s
	}
	return s[:4] + "-" + s[4:]
}

// randReader is the engine's randomness: Options.Rand or crypto/rand.
func randReader(r io.Reader) io.Reader {
	if r == nil {
		return rand.Reader
	}
	return r
}

// departmentOf returns the department that handles the answers of d: the
// concern's department for an appointment, else the service's.
func (t *turn) departmentOf(d *catalog.Definition, answers map[string]string) string {
	if d.ID == appointmentService {
		if c, ok := t.e.cat.Service(answers[concernField]); ok && c.Department != "" {
			return c.Department
		}
	}
	return d.Department
}
