package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"amtsbote/catalog"
)

// talk is `amtsbote chat --json` driven one line at a time: each answer
// is chosen after reading what the bot asked.
type talk struct {
	t    *testing.T
	in   *io.PipeWriter
	out  *bufio.Scanner
	done chan int
	said []string // every bot text and option label
}

func startTalk(t *testing.T, dir string) *talk {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	k := &talk{t: t, in: inW, out: bufio.NewScanner(outR), done: make(chan int, 1)}
	k.out.Buffer(make([]byte, 1<<20), 1<<20)
	go func() {
		code := run(context.Background(), []string{"chat", "--json", "--data", dir}, inR, outW, io.Discard)
		outW.Close()
		k.done <- code
	}()
	t.Cleanup(func() {
		inW.Close()
		go io.Copy(io.Discard, outR)
		select {
		case <-k.done:
		case <-time.After(20 * time.Second):
			t.Error("chat did not end")
		}
	})
	return k
}

// send types text and returns the bot's messages up to its next await.
func (k *talk) send(text string) []line {
	k.t.Helper()
	if _, err := io.WriteString(k.in, text+"\n"); err != nil {
		k.t.Fatal(err)
	}
	var turn []line
	for k.out.Scan() {
		var l line
		if err := json.Unmarshal(k.out.Bytes(), &l); err != nil {
			k.t.Fatalf("not JSON: %q", k.out.Text())
		}
		if l.Type == "await" {
			return turn
		}
		turn = append(turn, l)
		k.said = append(k.said, l.Text)
		for _, o := range l.Options {
			k.said = append(k.said, o.Label)
		}
	}
	k.t.Fatalf("chat ended after %q", text)
	return nil
}

// germanWords are words of German sentences; a reply in another language
// holds none of them outside brackets and quotes (where an office's or a
// form's German name stands).
var germanWords = regexp.MustCompile(`\b(Sie|Ihre|Ihren|Ihr|Ihnen|Bitte|bitte|und|nicht|für|oder|wir|werden|können|haben|Schritt|wurde|Antrag|Angaben|ändern|Absenden|Abbrechen|überspringen)\b`)

var bracketed = regexp.MustCompile(`\([^)]*\)|„[^“]*“|«[^»]*»|"[^"]*"`)

// A meter reading, a resident parking permit and an appointment complete
// in `amtsbote chat --json` in every language, and the bot's replies hold
// no German sentence (issue 18): the citizen picks the language as the
// widget's and Telegram's menus do (lang:<tag>), names the service with
// its title in that language and answers every question the bot asks.
func TestChatJSONEveryLanguage(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	scan := filepath.Join(t.TempDir(), "fahrzeugschein.pdf")
	os.WriteFile(scan, []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), 0o600)
	today := time.Now()
	visit := today.AddDate(0, 0, 7)
	for visit.Weekday() != time.Tuesday {
		visit = visit.AddDate(0, 0, 1)
	}
	for _, lang := range []string{"en", "uk", "tr", "ar", "ru", "de-x-ls"} {
		for _, service := range []string{"meter-reading", "resident-parking", "appointment"} {
			t.Run(lang+"/"+service, func(t *testing.T) {
				def, ok := cat.Service(service)
				if !ok {
					t.Fatalf("no service %s", service)
				}
				date := func(d time.Time) string {
					switch lang {
					case "ar":
						return d.Format("02/01/2006")
					case "en":
						return d.Format("2006-01-02")
					}
					return d.Format("02.01.2006")
				}
				answers := map[string]string{
					"customer_number": "1234567", "meter_number": "Z-4711", "reading": "12",
					"reading_date": date(today), "name": "Erika Mustermann", "street": "Westernstraße",
					"house_number": "12a", "plate": "PB-AB 123", "registration_doc": "/file " + scan,
					"keeper_consent": "/file " + scan, "concern_details": "Personalausweis", "when": date(visit),
				}
				k := startTalk(t, t.TempDir())
				k.send("/lang " + lang)
				turn := k.send(def.Title.In(lang))
				finished := false
				for step := 0; step < 30 && !finished; step++ {
					if len(turn) == 0 {
						t.Fatal("the bot said nothing")
					}
					for _, l := range turn {
						if strings.Contains(l.Text, "AB-20") && l.Field == nil && !hasValue(l, "submit") {
							finished = true
						}
					}
					if finished {
						break
					}
					ask := turn[len(turn)-1]
					switch {
					case ask.Field != nil && answers[ask.Field.Name] != "":
						turn = k.send(answers[ask.Field.Name])
					case hasValue(ask, "submit"):
						turn = k.send("submit")
					case ask.Field != nil && ask.Field.Optional && hasValue(ask, "skip"):
						turn = k.send("skip")
					case len(ask.Options) > 0:
						turn = k.send(ask.Options[0].Value)
					default:
						t.Fatalf("no answer for %+v", ask)
					}
				}
				if !finished {
					t.Fatalf("%s did not complete in %s; the bot said:\n%s", service, lang, strings.Join(k.said, "\n"))
				}
				if lang == "de-x-ls" {
					return
				}
				for _, s := range k.said {
					if w := germanWords.FindString(bracketed.ReplaceAllString(s, "")); w != "" {
						t.Errorf("German (%q) in a %s reply: %q", w, lang, s)
					}
				}
			})
		}
	}
}

func hasValue(l line, v string) bool {
	for _, o := range l.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}
