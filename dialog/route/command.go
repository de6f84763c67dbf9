package route

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"amtsbote/catalog"
)

// Result is one line of the route command's output.
type Result struct {
	Text   string `json:"text"`
	Intent string `json:"intent"` // "" when nothing fits
	// Confidence is that of the best intent, also when it is below
	// dialog.RouteThreshold and Intent is empty.
	Confidence float64 `json:"confidence"`
	Language   string  `json:"language"` // "de" or "en"
}

// maxLine is the longest stdin line RunCommand reads.
const maxLine = 1 << 20

// RunCommand is `amtsbote route [TEXT ...]`: it classifies each text of
// args or, without args, each non-blank line of stdin, and writes one JSON
// object (a Result) a line to stdout. args are the texts only; the caller
// has parsed any flags and loaded cat.
func RunCommand(args []string, stdin io.Reader, stdout io.Writer, cat *catalog.Catalog) error {
	r := New(cat)
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	emit := func(text string) error {
		m := r.Route(text)
		res := Result{Text: text, Intent: m.Intent, Confidence: math.Round(m.Confidence*1000) / 1000, Language: m.Language}
		if err := enc.Encode(res); err != nil {
			return fmt.Errorf("route: write: %w", err)
		}
		return nil
	}
	if len(args) > 0 {
		for _, a := range args {
			if err := emit(a); err != nil {
				return err
			}
		}
		return flush(w)
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := emit(line); err != nil {
			return err
		}
		if err := flush(w); err != nil { // answer each line as it comes
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("route: read: %w", err)
	}
	return flush(w)
}

func flush(w *bufio.Writer) error {
	if err := w.Flush(); err != nil {
		return fmt.Errorf("route: write: %w", err)
	}
	return nil
}
