package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

type line struct {
	Type    string `json:"type"`
	From    string `json:"from"`
	Text    string `json:"text"`
	Options []struct {
		Value string `json:"value"`
		Label string `json:"label"`
	} `json:"options"`
	Field *struct {
		Name     string `json:"name"`
		Type     string `json:"type"`
		Optional bool   `json:"optional"`
	} `json:"field"`
}

// chat runs `amtsbote chat --json` on the input lines and returns the
// turns: the messages printed before each {"type":"await"}.
func chat(t *testing.T, dir string, input ...string) [][]line {
	t.Helper()
	var out, errOut bytes.Buffer
	stdin := strings.NewReader(strings.Join(input, "\n") + "\n")
	code := run(context.Background(), []string{"chat", "--json", "--data", dir}, stdin, &out, &errOut)
	if code != 0 {
		t.Fatalf("chat exited %d: %s", code, errOut.String())
	}
	var turns [][]line
	var cur []line
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		if l.Type == "await" {
			turns = append(turns, cur)
			cur = nil
			continue
		}
		cur = append(cur, l)
	}
	if len(cur) > 0 {
		t.Fatalf("messages after the last await: %+v", cur)
	}
	if len(turns) != len(input) {
		t.Fatalf("%d awaits for %d input lines", len(turns), len(input))
	}
	return turns
}

func last(turn []line) line {
	if len(turn) == 0 {
		return line{}
	}
	return turn[len(turn)-1]
}

func TestChatJSONCompletesMeterReading(t *testing.T) {
	dir := t.TempDir()
	turns := chat(t, dir,
		"Zählerstand melden",
		"1234567",
		"Z-4711",
		"zwölf Kubikmeter", // not a number: asked again
		"12.345,6",
		"heute",
		"Erika Mustermann",
		"überspringen",
		"Zählernummer ändern", // correction at the summary
		"Z-4712",
		"Absenden",
	)
	if f := last(turns[0]).Field; f == nil || f.Name != "customer_number" {
		t.Fatalf("first turn does not ask for the customer number: %+v", turns[0])
	}
	if f := last(turns[3]).Field; f == nil || f.Name != "reading" {
		t.Fatalf("invalid reading was not asked again: %+v", turns[3])
	}
	summary := last(turns[7])
	if !strings.Contains(summary.Text, "Z-4711") || !strings.Contains(summary.Text, "12.345,6") {
		t.Fatalf("summary: %q", summary.Text)
	}
	if f := last(turns[8]).Field; f == nil || f.Name != "meter_number" {
		t.Fatalf("correction did not re-ask the meter number: %+v", turns[8])
	}
	if s := last(turns[9]); !strings.Contains(s.Text, "Z-4712") {
		t.Fatalf("summary after correction: %q", s.Text)
	}
	var done string
	for _, l := range turns[10] {
		done += l.Text + "\n"
	}
	ref := regexp.MustCompile(`AB-\d{4}-\d{6}`).FindString(done)
	if ref == "" {
		t.Fatalf("no reference number after submitting: %q", done)
	}

	// Nothing any side wrote is in the store file as plaintext.
	raw, err := os.ReadFile(filepath.Join(dir, "amtsbote.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"1234567", "Z-4711", "Z-4712", "12345", "Erika", "Mustermann",
		"Zählerstand", "Zählernummer", "Kundennummer", "terminal"} {
		// The case reference is an id and may be indexed in plaintext.
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("store file holds %q in plaintext", secret)
		}
	}

	// A second run continues the same conversation: the bot knows the case.
	again := chat(t, dir, "Wie ist der Status meines Antrags?")
	var status string
	for _, l := range again[0] {
		status += l.Text
	}
	if !strings.Contains(status, ref) {
		t.Fatalf("status in a later session does not name %s: %q", ref, status)
	}
}

func TestHelpListsCommands(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, nil, &out, &out); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, c := range []string{"serve", "chat", "version"} {
		if !strings.Contains(out.String(), c) {
			t.Errorf("--help does not list %q", c)
		}
	}
	if code := run(context.Background(), []string{"nonsense"}, nil, &out, &out); code != 2 {
		t.Fatalf("unknown command exited %d, want 2", code)
	}
}

func copyKeys(t *testing.T, from, to string) {
	t.Helper()
	for _, f := range []string{"portal-key.asc", "portal-key.pass"} {
		b, err := os.ReadFile(filepath.Join(from, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLogsOfAFullDialogHoldNoPersonalData(t *testing.T) {
	t.Setenv("AMTSBOTE_LOG_LEVEL", "debug")
	t.Setenv("AMTSBOTE_LOG_FORMAT", "json")
	dir := t.TempDir()
	var out, logs bytes.Buffer
	answers := []string{"8123456", "WZ-99881", "4.711,5", "heute", "Erika Musterfrau", "erika.musterfrau@example.org"}
	input := "Zählerstand melden\n" + strings.Join(answers, "\n") + "\nAbsenden\n"
	if code := run(context.Background(), []string{"chat", "--json", "--data", dir}, strings.NewReader(input), &out, &logs); code != 0 {
		t.Fatalf("chat exited %d: %s", code, logs.String())
	}
	if !strings.Contains(out.String(), "AB-") {
		t.Fatalf("the dialog did not complete: %s", out.String())
	}
	if !strings.Contains(logs.String(), `"component"`) {
		t.Fatalf("no structured logs to check: %q", logs.String())
	}
	for _, a := range append(answers, "4711", "Musterfrau", "example.org", "terminal") {
		if strings.Contains(logs.String(), a) {
			t.Errorf("the logs contain %q:\n%s", a, logs.String())
		}
	}
}

func TestServicesCommandListsCatalog(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"services"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("services exited %d: %s", code, errOut.String())
	}
	for _, id := range []string{"meter-reading", "resident-parking", "business-registration", "residence-permit", "appointment"} {
		if !strings.Contains(out.String(), id) {
			t.Errorf("services does not list %s:\n%s", id, out.String())
		}
	}
}

func TestRouteCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"route", "zählerstnd melden", "Wie wird das Wetter morgen?"}, nil, &out, &errOut)
	if code != 0 {
		t.Fatalf("route exited %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines: %s", len(lines), out.String())
	}
	var first, second struct {
		Text       string  `json:"text"`
		Intent     string  `json:"intent"`
		Confidence float64 `json:"confidence"`
		Language   string  `json:"language"`
	}
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	if first.Intent != "meter-reading" || first.Language != "de" || first.Confidence <= 0 {
		t.Errorf("typo line: %+v", first)
	}
	if second.Intent != "" {
		t.Errorf("the weather was routed to %q", second.Intent)
	}
	out.Reset()
	run(context.Background(), []string{"route"}, strings.NewReader("my visa expires next month\n"), &out, &errOut)
	if !strings.Contains(out.String(), `"intent":"residence-permit"`) || !strings.Contains(out.String(), `"language":"en"`) {
		t.Errorf("stdin line: %s", out.String())
	}
}
