package answers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// The CSV format a content team keeps in a spreadsheet: one row per answer
// and language, so that a translation is a row added, not columns, and
// each row reads as one answer in one language. Columns, in this order:
//
//	id, lang, title, text, first, questions, keywords,
//	page, form, service, office, department, review
//
// questions holds one question per line of the cell (Alt+Enter in a
// spreadsheet), keywords are separated by commas. The columns from page
// on belong to the answer, not the language: they are repeated on each of
// its rows and must agree. WriteCSV writes ';' as separator and a UTF-8
// byte order mark, so that a German spreadsheet opens the file as it is;
// ReadCSV takes ';' or ',' (from the header) with or without the mark.
var csvHeader = []string{"id", "lang", "title", "text", "first", "questions", "keywords", "page", "form", "service", "office", "department", "review"}

const bom = "\ufeff"

// WriteCSV writes answers to w, one row per answer and language (SourceLang
// first, then the others in alphabetical order).
func WriteCSV(w io.Writer, list []*Answer) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return fmt.Errorf("answers: write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true // as spreadsheets write it
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("answers: write csv: %w", err)
	}
	for _, a := range list {
		for _, l := range rowLangs(a) {
			row := []string{a.ID, l, a.Title[l], a.Text[l], a.First[l],
				strings.Join(a.Questions[l], "\n"), strings.Join(a.Keywords[l], ", "),
				a.Links.Page, a.Links.Form, a.Links.Service, a.Links.Office, a.Department, a.Review.String()}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("answers: write csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("answers: write csv: %w", err)
	}
	return nil
}

// rowLangs are the languages an answer has anything in, SourceLang first.
func rowLangs(a *Answer) []string {
	seen := map[string]bool{}
	for _, t := range []Text{a.Title, a.Text, a.First} {
		for l, s := range t {
			seen[l] = seen[l] || s != ""
		}
	}
	for _, w := range []Words{a.Questions, a.Keywords} {
		for l, list := range w {
			seen[l] = seen[l] || len(list) > 0
		}
	}
	var out []string
	for l, ok := range seen {
		if ok && l != SourceLang {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return append([]string{SourceLang}, out...)
}

// ReadCSV reads answers written in the format of WriteCSV, in the order of
// their first rows, each checked (Check). Errors name the row (the header
// is row 1; a row is a record, as a spreadsheet counts it, whatever its
// line breaks). name is the file's name for errors.
func ReadCSV(name string, r io.Reader) ([]*Answer, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCSV+1))
	if err != nil {
		return nil, &Error{Where: name, Problems: []Problem{{Key: "answers.problem.read", Args: []any{"err", err}}}, Err: err}
	}
	if len(data) > maxCSV {
		return nil, failAt(name, 0, "answers.problem.too_large", "mb", maxCSV>>20)
	}
	data = bytes.TrimPrefix(data, []byte(bom))
	cr := csv.NewReader(bytes.NewReader(data))
	if line, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1 // the header's columns are counted below
	header, err := cr.Read()
	switch {
	case errors.Is(err, io.EOF):
		return nil, failAt(name, 0, "answers.problem.empty")
	case err != nil:
		return nil, csvError(name, 1, err)
	case len(header) != len(csvHeader):
		return nil, columnsError(name, 1, len(header))
	}
	for i, h := range header {
		if strings.TrimSpace(strings.ToLower(h)) != csvHeader[i] {
			return nil, failAt(name, 1, "answers.problem.header", "column", i+1, "value", quote(h), "want", quote(csvHeader[i]),
				"columns", strings.Join(csvHeader, ", "))
		}
	}
	cr.FieldsPerRecord = len(csvHeader)
	rd := csvReader{name: name, byID: map[string]*Answer{}, seen: map[string]int{}}
	for rowNo := 2; ; rowNo++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, csv.ErrFieldCount) {
			return nil, columnsError(name, rowNo, len(row))
		}
		if err != nil {
			return nil, csvError(name, rowNo, err)
		}
		if err := rd.add(rowNo, row); err != nil {
			return nil, err
		}
	}
	for _, a := range rd.list {
		a.First = nilIfEmpty(a.First)
		if len(a.Questions) == 0 {
			a.Questions = nil
		}
		if len(a.Keywords) == 0 {
			a.Keywords = nil
		}
		if err := a.Check(); err != nil {
			return nil, inRow(err, name, a.Line) // the answer's first row
		}
	}
	return rd.list, nil
}

// csvError is a row that is no CSV (csv.Reader's error, in English).
func csvError(name string, row int, err error) *Error {
	e := failAt(name, row, "answers.problem.csv", "err", err)
	e.Err = err
	return e
}

// inRow frames err (an *Error) as the problems of row of the file name.
func inRow(err error, name string, row int) error {
	var e *Error
	if errors.As(err, &e) {
		e.Where, e.Row = name, row
	}
	return err
}

// columnsError is a row of n columns, not those of the format.
func columnsError(name string, row, n int) *Error {
	return failAt(name, row, "answers.problem.columns", "n", n, "want", len(csvHeader), "columns", strings.Join(csvHeader, ", "))
}

// maxCSV is the largest CSV file ReadCSV reads: far more than any city's
// knowledge base.
const maxCSV = 32 << 20

// csvReader collects the rows of answers.
type csvReader struct {
	name string
	list []*Answer
	byID map[string]*Answer
	seen map[string]int // "id lang": row
}

// add merges one row into the answer of its id.
func (rd *csvReader) add(rowNo int, row []string) error {
	name := rd.name
	for i := range row {
		row[i] = strings.TrimSpace(strings.ReplaceAll(row[i], "\r\n", "\n"))
	}
	id, lang := row[0], row[1]
	if !knownLang(lang) {
		return failAt(name, rowNo, "answers.problem.lang.csv", "lang", quote(lang), "langs", knownLangs())
	}
	review, err := ParseReview(row[12])
	if err != nil {
		return inRow(err, name, rowNo)
	}
	shared := Answer{Links: Links{Page: row[7], Form: row[8], Service: row[9], Office: row[10]}, Department: row[11], Review: review}
	if prev, dup := rd.seen[id+" "+lang]; dup {
		return failAt(name, rowNo, "answers.problem.twice", "id", quote(id), "lang", quote(lang), "first", prev)
	}
	rd.seen[id+" "+lang] = rowNo
	a, ok := rd.byID[id]
	if !ok {
		a = &Answer{ID: id, Title: Text{}, Text: Text{}, First: Text{}, Questions: Words{}, Keywords: Words{},
			Links: shared.Links, Department: shared.Department, Review: review, File: name, Line: rowNo}
		rd.byID[id] = a
		rd.list = append(rd.list, a)
	} else if a.Links != shared.Links || a.Department != shared.Department || !a.Review.Equal(review.Time) {
		return failAt(name, rowNo, "answers.problem.shared", "id", quote(id), "first", a.Line)
	}
	set := func(t Text, s string) {
		if s != "" {
			t[lang] = s
		}
	}
	set(a.Title, row[2])
	set(a.Text, row[3])
	set(a.First, row[4])
	if qs := splitList(row[5], "\n"); len(qs) > 0 {
		a.Questions[lang] = qs
	}
	if ks := splitList(row[6], ","); len(ks) > 0 {
		a.Keywords[lang] = ks
	}
	return nil
}

// splitList splits a cell into its trimmed, non-empty entries.
func splitList(cell, sep string) []string {
	var out []string
	for _, s := range strings.Split(cell, sep) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// nilIfEmpty returns nil for an empty text, as YAML leaves a field unset.
func nilIfEmpty(t Text) Text {
	if len(t) == 0 {
		return nil
	}
	return t
}
