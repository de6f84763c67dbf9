// Package parking is the Go logic of the resident parking permit
// (service "resident-parking"): the table of streets in resident parking
// zones, the permits issued so far, and the dialog handler that checks an
// application and approves it without staff when every check passes.
package parking

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"

	"amtsbote/internal/fold"
	"amtsbote/services/say"
)

//go:embed zones.csv
var sampleZones []byte

// Zone is a resident parking zone.
type Zone struct {
	ID   string // short code printed on the permit, e.g. "A"
	Name string // e.g. "Innenstadt"
}

// section is a street, or part of one, in a zone.
type section struct {
	street   string // as written in the table
	zone     Zone
	from, to int // house numbers, inclusive; 0, 0 for the whole street
}

// Zones maps streets (and house number ranges) to resident parking zones.
// It is read once and never changed, so it is safe for concurrent use.
type Zones struct {
	byKey  map[string][]section // normalised street name → sections
	byBase map[string][]string  // street name without its "straße" → keys of byKey
}

// SampleZones returns the sample table shipped with Amtsbote.
func SampleZones() *Zones {
	z, err := ReadZones(bytes.NewReader(sampleZones), "builtin:zones.csv")
	if err != nil {
		panic(err) // the embedded table is checked by the tests
	}
	return z
}

// LoadZones reads a zone table from a CSV file (see zones.csv for the
// format); an empty path gives the sample table.
func LoadZones(path string) (*Zones, error) {
	if path == "" {
		return SampleZones(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &say.FileError{Package: "parking", Text: "zones.problem.read", Args: []any{"err", err}, Err: err}
	}
	defer f.Close()
	return ReadZones(f, path)
}

// ReadZones reads a zone table: lines "street,zone,zone name[,first,last]";
// lines starting with # are comments. A problem is a *say.FileError
// naming name and the line.
func ReadZones(r io.Reader, name string) (*Zones, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	z := &Zones{byKey: map[string][]section{}, byBase: map[string][]string{}}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &say.FileError{Package: "parking", File: name, Text: "zones.problem.read", Args: []any{"err", err}, Err: err}
		}
		line, _ := cr.FieldPos(0)
		s, p := parseSection(rec)
		if p != nil {
			p.File, p.Line = name, line
			return nil, p
		}
		k := streetKey(s.street)
		if len(z.byKey[k]) == 0 {
			b := baseKey(k)
			z.byBase[b] = append(z.byBase[b], k)
		}
		z.byKey[k] = append(z.byKey[k], s)
	}
	if len(z.byKey) == 0 {
		return nil, &say.FileError{Package: "parking", File: name, Text: "zones.problem.no_streets"}
	}
	return z, nil
}

// parseSection reads one line of the table; its problem lacks file and line.
func parseSection(rec []string) (section, *say.FileError) {
	if len(rec) != 3 && len(rec) != 5 {
		return section{}, &say.FileError{Package: "parking", Text: "zones.problem.fields", Args: []any{"n", len(rec)}}
	}
	s := section{street: strings.TrimSpace(rec[0]), zone: Zone{ID: strings.TrimSpace(rec[1]), Name: strings.TrimSpace(rec[2])}}
	if s.street == "" || s.zone.ID == "" {
		return section{}, &say.FileError{Package: "parking", Text: "zones.problem.empty"}
	}
	if len(rec) == 5 && (rec[3] != "" || rec[4] != "") {
		from, err1 := strconv.Atoi(strings.TrimSpace(rec[3]))
		to, err2 := strconv.Atoi(strings.TrimSpace(rec[4]))
		if err1 != nil || err2 != nil || from < 1 || to < from {
			return section{}, &say.FileError{Package: "parking", Text: "zones.problem.numbers",
				Args: []any{"first", strconv.Quote(rec[3]), "last", strconv.Quote(rec[4])}}
		}
		s.from, s.to = from, to
	}
	return s, nil
}

// Street finds a street in the table, however it is spelt ("Westernstr.",
// "westernstrasse"), and returns its name as the table writes it.
func (z *Zones) Street(name string) (string, bool) {
	secs := z.sections(name)
	if len(secs) == 0 {
		return "", false
	}
	return secs[0].street, true
}

// Lookup returns the zone of a house: the street as Street finds it and the
// house number as typed ("12a"); a number outside the street's ranges, or
// one that cannot be read where the street has ranges, is in no zone.
func (z *Zones) Lookup(street, houseNumber string) (Zone, bool) {
	if strings.TrimSpace(houseNumber) == "" {
		_, houseNumber = splitNumber(street)
	}
	n := leadingNumber(houseNumber)
	for _, s := range z.sections(street) {
		if s.from == 0 || n >= s.from && n <= s.to {
			return s.zone, true
		}
	}
	return Zone{}, false
}

// sections finds the sections of a street however it is typed: as the
// table spells it ("Westernstr." for "Westernstraße"), with a house number
// after it ("Kamp Str. 12"), or with "straße" added to or left off a name
// the table writes otherwise ("Kampstraße" for "Kamp"). The last only when
// exactly one street of the table has that name, so "Kampweg" never finds
// "Kamp" and a table holding both "Kamp" and "Kampstraße" keeps them apart.
func (z *Zones) sections(name string) []section {
	if secs := z.byKey[streetKey(name)]; len(secs) > 0 {
		return secs
	}
	street, _ := splitNumber(name)
	k := streetKey(street)
	if secs := z.byKey[k]; len(secs) > 0 {
		return secs
	}
	if keys := z.byBase[baseKey(k)]; len(keys) == 1 {
		return z.byKey[keys[0]]
	}
	return nil
}

// splitNumber splits a trailing house number ("12", "12a", "12-14") off a
// street as typed: "Kamp Str. 12" → "Kamp Str.", "12".
func splitNumber(s string) (street, number string) {
	f := strings.Fields(s)
	if len(f) < 2 {
		return s, ""
	}
	last := f[len(f)-1]
	if last[0] < '0' || last[0] > '9' {
		return s, ""
	}
	return strings.Join(f[:len(f)-1], " "), last
}

// baseKey is a street key without the "strasse" every German street name
// may end with: "kampstrasse" and "kamp" are both "kamp".
func baseKey(key string) string {
	if b, ok := strings.CutSuffix(key, "strasse"); ok && b != "" {
		return b
	}
	return key
}

// leadingNumber reads the number a house number starts with: 12 of "12a".
func leadingNumber(s string) int {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, _ := strconv.Atoi(s[:end])
	return n
}

// streetKey folds a street name so that spellings compare equal: folded
// (fold.Words: lower case, umlauts and ß spelt out, accents dropped),
// "str." as "strasse", no spaces, hyphens or dots.
func streetKey(s string) string {
	s = strings.ReplaceAll(fold.Words(s, ""), " ", "")
	if base, ok := strings.CutSuffix(s, "str"); ok {
		s = base + "strasse"
	}
	return s
}
