package email

import (
	"regexp"
	"strconv"
	"strings"

	"amtsbote/channels"
)

// maxTextRunes bounds the text handed to the core.
const maxTextRunes = 20000

var (
	// originalMarker starts the quoted original below a top-posted reply.
	originalMarker = regexp.MustCompile(`(?i)^-{2,}\s*(original message|ursprüngliche nachricht|original-nachricht|forwarded message|weitergeleitete nachricht)\s*-{2,}$`)
	// sentFrom is the signature mobile mail apps add.
	sentFrom = regexp.MustCompile(`(?i)^(sent from my |von meinem .{1,40} gesendet|gesendet von meinem |gesendet mit |get outlook for )`)
	// headerFrom and headerMore find the header block Outlook puts above
	// the original ("Von: … Gesendet: … An: … Betreff: …").
	headerFrom = regexp.MustCompile(`(?i)^\*?(von|from)\s*:\*?\s`)
	headerMore = regexp.MustCompile(`(?i)^\*?(gesendet|sent|datum|date|an|to|betreff|subject)\s*:\*?\s`)
	// valediction is a closing; what follows it is a signature.
	valediction = regexp.MustCompile(`(?i)^((mit\s+)?((freundliche|viele|beste|liebe|herzliche|schöne|sonnige)n?\s+)?(grüßen|grüße|grüssen|grüsse|gruß|gruss)|mfg|lg|vg|((best|kind|warm)\s+)?regards|cheers|best wishes)[\s,.!]*$`)
)

// newText returns what the citizen wrote in this mail: the quoted earlier
// mail, the attribution line above a quote ("Am … schrieb …:") and the
// signature are removed.
func newText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	lines = lines[:cutOriginal(lines)]

	var out []string
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, ">") {
			continue
		}
		if n := attribution(lines, i); n > 0 {
			i += n - 1
			continue
		}
		out = append(out, strings.TrimRight(lines[i], " \t"))
	}
	out = cutValediction(out)
	text := tidyLines(out)
	if r := []rune(text); len(r) > maxTextRunes {
		text = string(r[:maxTextRunes])
	}
	return text
}

// cutOriginal returns the index of the first line that belongs to the
// quoted original or the signature, or len(lines).
func cutOriginal(lines []string) int {
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case l == "-- " || t == "--" || t == "—":
			return i // RFC 3676 signature separator
		case originalMarker.MatchString(t):
			return i
		case i > 0 && sentFrom.MatchString(t):
			return i
		case strings.Count(t, "_") >= 20 && strings.Trim(t, "_") == "" && i+1 < len(lines) &&
			headerFrom.MatchString(strings.TrimSpace(nextNonEmpty(lines, i+1))):
			return i
		case headerFrom.MatchString(t) && headerBlock(lines, i):
			return i
		}
	}
	return len(lines)
}

// headerBlock reports whether two more header lines follow line i.
func headerBlock(lines []string, i int) bool {
	n := 0
	for j := i + 1; j < len(lines) && j <= i+6; j++ {
		if headerMore.MatchString(strings.TrimSpace(lines[j])) {
			n++
		}
	}
	return n >= 2
}

func nextNonEmpty(lines []string, i int) string {
	for ; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "" {
			return lines[i]
		}
	}
	return ""
}

// attribution returns how many lines (1 to 3) the attribution starting at
// line i spans, or 0: a line ending in ':' that says "schrieb" or "wrote"
// (mail clients wrap long ones) and is followed by a quote or nothing.
func attribution(lines []string, i int) int {
	if strings.TrimSpace(lines[i]) == "" {
		return 0
	}
	first := strings.ToLower(strings.TrimSpace(lines[i]))
	for span := 1; span <= 3 && i+span <= len(lines); span++ {
		if strings.TrimSpace(lines[i+span-1]) == "" {
			return 0 // an attribution is one paragraph
		}
		t := strings.TrimSpace(strings.Join(lines[i:i+span], " "))
		if !strings.HasSuffix(t, ":") {
			continue
		}
		if span > 1 && !attributionStart(first) {
			return 0 // a wrapped attribution starts like one
		}
		if !attributionVerb(strings.ToLower(t)) {
			continue
		}
		next := strings.TrimSpace(nextNonEmpty(lines, i+span))
		if next == "" || strings.HasPrefix(next, ">") {
			return span
		}
	}
	return 0
}

// attributionStart reports whether a line begins an attribution, such as
// "Am 28.11.2026 um 10:00 schrieb" or "On Mon, … wrote".
func attributionStart(low string) bool {
	for _, p := range []string{"am ", "on ", "le ", "el ", "il ", "op "} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return attributionVerb(low)
}

func attributionVerb(low string) bool {
	return strings.Contains(low, "schrieb") || strings.Contains(low, "wrote") ||
		strings.Contains(low, "geschrieben") || strings.Contains(low, "a écrit")
}

// cutValediction drops a closing ("Viele Grüße") and the few lines after it
// (name, title, phone), when text comes before it.
func cutValediction(lines []string) []string {
	seenText := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if seenText && len(t) <= 60 && valediction.MatchString(t) && nonEmpty(lines[i+1:]) <= 6 {
			return lines[:i]
		}
		seenText = true
	}
	return lines
}

func nonEmpty(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

// tidyLines joins lines, keeping at most one empty line in a row.
func tidyLines(lines []string) string {
	var out []string
	empty := true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			if !empty {
				out = append(out, "")
			}
			empty = true
			continue
		}
		out = append(out, l)
		empty = false
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// oneLine are the field types whose answer fits on one line.
var oneLine = map[string]bool{"number": true, "decimal": true, "date": true, "yesno": true, "email": true,
	"phone": true, "postcode": true, "iban": true, "plate": true, "choice": true}

// answerLine keeps only the first line of an answer to a field whose
// answer is one line, so a name or address left under it (a signature
// without the "-- " separator) does not spoil the answer.
func answerLine(text string, f *channels.Field) string {
	if f == nil || !oneLine[f.Type] {
		return text
	}
	first, _, _ := strings.Cut(text, "\n")
	return strings.TrimSpace(first)
}

// pick finds the option a reply names by number ("2", "2.", "Nr. 2"),
// label or value.
func pick(opts []channels.Option, text string) (channels.Option, bool) {
	t := strings.TrimSpace(text)
	if len(opts) == 0 || t == "" || strings.Contains(t, "\n") {
		return channels.Option{}, false
	}
	num := strings.TrimSpace(strings.TrimRight(t, ".)"))
	for _, p := range []string{"Nr.", "nr.", "Nr", "Nummer", "Option"} {
		num = strings.TrimSpace(strings.TrimPrefix(num, p))
	}
	if n, err := strconv.Atoi(num); err == nil && n >= 1 && n <= len(opts) {
		return opts[n-1], true
	}
	for _, o := range opts {
		if strings.EqualFold(o.Label, t) || o.Value == t {
			return o, true
		}
	}
	return channels.Option{}, false
}
