package dialog_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/dialog/route"
)

// germanWords are words only a German sentence holds (articles, pronouns,
// particles); a German name or term in brackets holds none.
var germanWords = regexp.MustCompile(`(?i)(^|[^\pL])(der|die|das|und|ist|sie|ihr|ihre|ihren|bitte|nicht|wir|ich|mit|für|zum|von|ein|eine|haben|kann|gern)([^\pL]|$)`)

// germanIn lists the German sentences among the replies' texts and option
// labels, each with where it was.
func germanIn(r dialog.Result) []string {
	var found []string
	for _, o := range r.Replies {
		for _, line := range strings.Split(o.Text, "\n") {
			if germanWords.MatchString(line) {
				found = append(found, "text: "+line)
			}
		}
		for _, opt := range o.Options {
			if germanWords.MatchString(opt.Label) {
				found = append(found, "option: "+opt.Label)
			}
		}
	}
	return found
}

// A meter reading reported in Turkish and in Arabic is answered in that
// language from the first message to the confirmation: no German sentence
// in any reply. The service's own texts (catalog/defs) have German and
// English only and so show in English; the Zugangscode and the
// Referenznummer keep their German names in brackets.
func TestMeterReadingInTurkishAndArabic(t *testing.T) {
	for _, tc := range []struct {
		lang, first, name string
		own               []string // words of the language's own texts the flow must show
	}{
		{"tr", "Sayaç değerimi bildirmek istiyorum", "Ayşe Yılmaz", []string{"Merhaba", "Erişim kodunuz (Zugangscode)", "Sonraki adım"}},
		{"ar", "أريد الإبلاغ عن قراءة عداد المياه", "أحمد الخطيب", []string{"مرحبًا", "رمز الوصول الخاص بكم (Zugangscode)", "ما التالي"}},
	} {
		c := meterConvo(t)
		var all []string
		var replies []dialog.Result
		for _, m := range []string{tc.first, "12345678", "ZX-2024-1", "123", "28.11.2026", tc.name} {
			replies = append(replies, c.say(m))
		}
		replies = append(replies, c.pick("skip"), c.pick("submit"))
		for _, r := range replies {
			if r.State.Citizen() != tc.lang {
				t.Fatalf("%s: the conversation is in %q", tc.lang, r.State.Citizen())
			}
			for _, o := range r.Replies {
				if o.Lang != tc.lang {
					t.Errorf("%s: a reply says it is in %q: %q", tc.lang, o.Lang, o.Text)
				}
			}
			for _, g := range germanIn(r) {
				t.Errorf("%s: German in a reply: %s", tc.lang, g)
			}
			all = append(all, text(r))
		}
		if len(c.cases) != 1 {
			t.Fatalf("%s: %d cases submitted", tc.lang, len(c.cases))
		}
		joined := strings.Join(all, "\n")
		for _, w := range tc.own {
			if !strings.Contains(joined, w) {
				t.Errorf("%s: the flow never says %q:\n%s", tc.lang, w, joined)
			}
		}
	}
}

// "Türkçe lütfen" in the middle of a form switches the conversation,
// confirms in Turkish and asks the question again; a single word naming a
// language that answers a free-text question does not.
func TestAskingForTurkishInAForm(t *testing.T) {
	c := meterConvo(t)
	c.say("Ich möchte meinen Zählerstand melden")
	r := c.say("Türkçe lütfen")
	if r.State.Citizen() != "tr" || r.State.Field != "customer_number" {
		t.Fatalf("after „Türkçe lütfen“: language %q, field %q", r.State.Citizen(), r.State.Field)
	}
	contains(t, r, "Tabii, bundan sonra Türkçe yazıyorum.")
	if asks(t, r, "customer_number").Lang != "tr" {
		t.Errorf("the question is not asked again in Turkish")
	}
	for _, m := range []string{"12345678", "ZX-2024-1", "123", "28.11.2026"} {
		c.say(m)
	}
	r = c.say("Deutsch") // the name asked: a word, no request
	if r.State.Citizen() != "tr" || r.State.Answers["name"] != "Deutsch" {
		t.Errorf("„Deutsch“ as a name: language %q, answers %v", r.State.Citizen(), r.State.Answers)
	}
}

// A first message asking for a language in another one ("auf Russisch
// bitte") opens the conversation in the language asked for.
func TestFirstMessageAsksForALanguage(t *testing.T) {
	c := meterConvo(t)
	r := c.say("auf Russisch bitte")
	if r.State.Citizen() != "ru" {
		t.Fatalf("„auf Russisch bitte“ first: %q", r.State.Citizen())
	}
	contains(t, r, "Чем я могу помочь?")

	c = meterConvo(t)
	c.say("Hallo")
	r = c.say("Zählerstand melden, aber bitte auf Englisch")
	if r.State.Citizen() != "en" || r.State.Form != "meter-reading" {
		t.Errorf("a request in English: language %q, form %q", r.State.Citizen(), r.State.Form)
	}
	asks(t, r, "customer_number")
}

// streetDef is a service whose form asks for a street.
const streetDef = `id: pothole
category: living
title: {de: "Schlagloch melden", en: "Report a pothole", tr: "Çukur bildir"}
description: {de: "Melden Sie ein Schlagloch.", en: "Report a pothole."}
keywords: {de: [schlagloch], en: [pothole], tr: [çukur, yol çukuru]}
department: stadtwerke
mode: online
fields:
  - name: street
    type: text
    label: {de: "Straße", en: "Street"}
    prompt: {de: "In welcher Straße ist es?", en: "In which street is it?"}
  - name: note
    type: text
    label: {de: "Beschreibung", en: "Description"}
    prompt: {de: "Was ist zu sehen?", en: "What can be seen?"}
`

// A German street name typed as the answer of a Turkish conversation's
// form is the answer: the conversation stays Turkish. The same words in
// the menu, where nothing is asked, are read for their language.
func TestStreetNameKeepsTheLanguage(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pothole.yaml"), []byte(streetDef), 0o600); err != nil {
		t.Fatal(err)
	}
	cat := small(t, dir)
	c := newConvo(t, cat, route.New(cat), nil)
	c.step(channels.Inbound{Channel: "web", Text: "/start", Lang: "tr"})
	r := c.pick("service:pothole")
	asks(t, r, "street")
	for _, street := range []string{"Am Rathausplatz an der Kirche", "Die Straße hinter dem Bahnhof"} {
		r = c.say(street)
		if r.State.Citizen() != "tr" {
			t.Fatalf("%q as the street switched to %q", street, r.State.Citizen())
		}
		if r.State.Answers["street"] != street {
			t.Fatalf("%q not taken as the street: %v", street, r.State.Answers)
		}
		c.pick("edit:street")
	}
	c.pick("cancel")
	if r = c.say("Ich möchte meinen Zählerstand melden"); r.State.Citizen() != "de" {
		t.Errorf("a German sentence in the menu kept %q", r.State.Citizen())
	}
}
