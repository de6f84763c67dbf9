package catalog_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"amtsbote/catalog"
)

// writeDefs writes files into a fresh directory.
func writeDefs(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// bulkyWaste is a service a city adds without Go code.
const bulkyWaste = `
id: bulky-waste
category: living
title: {de: "Sperrmüll anmelden", en: "Book a bulky waste collection"}
description: {de: "Wir holen Ihren Sperrmüll ab.", en: "We collect your bulky waste."}
keywords: {de: [sperrmüll, sperrmuell, möbel abholen], en: [bulky waste]}
examples: {de: ["Ich möchte Sperrmüll anmelden"], en: ["I want to get rid of an old sofa"]}
fee: {de: "kostenlos", en: "free"}
department: stadtwerke
mode: online
fields:
  - name: items
    type: text
    label: {de: "Gegenstände", en: "Items"}
    prompt: {de: "Was sollen wir abholen?", en: "What should we collect?"}
`

func TestBuiltinCatalog(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"meter-reading", "resident-parking", "business-registration", "business-change",
		"business-deregistration", "civil-certificate", "school-meals", "building-plot", "residence-permit",
		"living-assistance", "appointment", "id-card", "passport", "address-registration"} {
		d, ok := cat.Service(id)
		if !ok {
			t.Errorf("service %s missing", id)
			continue
		}
		if len(d.Keywords.De) < 8 || len(d.Keywords.En) < 5 || len(d.Examples.De) < 5 || len(d.Examples.En) < 5 {
			t.Errorf("%s: thin routing data: %d/%d keywords, %d/%d examples", id,
				len(d.Keywords.De), len(d.Keywords.En), len(d.Examples.De), len(d.Examples.En))
		}
		if _, ok := cat.Department(d.Department); !ok || d.Fee.De == "" || d.Description.En == "" {
			t.Errorf("%s: department %q, fee %q", id, d.Department, d.Fee.De)
		}
	}
	if len(cat.Intents()) != 2 {
		t.Errorf("intents = %+v", cat.Intents())
	}
	// The six most requested of the model portal lead the catalog.
	var first []string
	for _, d := range cat.Services()[:6] {
		first = append(first, d.ID)
	}
	if got := strings.Join(first, " "); got != "meter-reading resident-parking business-registration civil-certificate school-meals building-plot" {
		t.Errorf("catalog starts with %s", got)
	}
}

func TestBrokenDefinitionNamesFileAndField(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"unknown type", strings.Replace(bulkyWaste, "type: text", "type: txt", 1), `fields[0] (items): type "txt" is unknown`},
		{"unknown key", strings.Replace(bulkyWaste, "mode: online", "mode: online\ncolour: blue", 1), "field colour not found"},
		{"unknown department", strings.Replace(bulkyWaste, "department: stadtwerke", "department: muellabfuhr", 1), `field department: unknown department "muellabfuhr"`},
		{"unknown category", strings.Replace(bulkyWaste, "category: living", "category: waste", 1), `field category: unknown category "waste"`},
		{"bad condition", bulkyWaste + `  - name: date
    type: date
    when: {field: items, equals: [sofa]}
    label: {de: "Tag", en: "Day"}
    prompt: {de: "Wann?", en: "When?"}
  - name: lift
    type: yesno
    when: {field: date, equals: [vielleicht]}
    label: {de: "Aufzug", en: "Lift"}
    prompt: {de: "Aufzug?", en: "Lift?"}
  - name: floor
    type: number
    when: {field: lift, equals: [vielleicht]}
    label: {de: "Etage", en: "Floor"}
    prompt: {de: "Etage?", en: "Floor?"}
`, `fields[3] (floor): when: "vielleicht" is no possible answer of field "lift"`},
		{"bad charge", strings.Replace(bulkyWaste, "mode: online", "mode: online\ncharge: {field: items, each: 5}", 1), `field charge: field "items" is a text`},
		{"bad leika", strings.Replace(bulkyWaste, "mode: online", "mode: online\nleika: \"123\"", 1), "field leika"},
	} {
		dir := writeDefs(t, map[string]string{"bulky-waste.yaml": tc.body})
		_, err := catalog.Load(dir)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		msg := err.Error()
		file := filepath.Join(dir, "bulky-waste.yaml")
		if !strings.Contains(msg, file) || !strings.Contains(msg, tc.want) || strings.Count(msg, "\n") > 0 {
			t.Errorf("%s: error %q should name %s and say %q on one line", tc.name, msg, file, tc.want)
		}
	}
}

func TestOverrideKeepsPlaceAndRank(t *testing.T) {
	body := strings.Replace(bulkyWaste, "id: bulky-waste", "id: meter-reading", 1)
	cat, err := catalog.Load(writeDefs(t, map[string]string{"meter.yaml": body}))
	if err != nil {
		t.Fatal(err)
	}
	if d := cat.Services()[0]; d.ID != "meter-reading" || d.Title.De != "Sperrmüll anmelden" || d.Rank != 10 {
		t.Errorf("first service = %s %q rank %d", d.ID, d.Title.De, d.Rank)
	}
}

func TestList(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := cat.List(&buf, "en", "ID\tCATEGORY\tMODE\tTITLE"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != len(cat.Services())+1 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("list:\n%s", buf.String())
	}
	for _, want := range []string{"meter-reading", "resident-parking", "id-card"} {
		found := false
		for _, l := range lines {
			if f := strings.Fields(l); len(f) >= 3 && f[0] == want {
				found = true
				if want == "id-card" && (f[1] != "citizens-office" || f[2] != "in-person") {
					t.Errorf("line %q", l)
				}
				if want == "resident-parking" && (f[1] != "mobility" || f[2] != "online") {
					t.Errorf("line %q", l)
				}
			}
		}
		if !found {
			t.Errorf("%s not listed", want)
		}
	}
	// Columns are aligned: the category starts at the same place on every line.
	col := strings.Index(lines[0], "CATEGORY")
	for _, l := range lines[1:] {
		if l[col-1] != ' ' || l[col] == ' ' {
			t.Errorf("not aligned: %q", l)
		}
	}
}

func TestCharge(t *testing.T) {
	c := &catalog.Charge{Base: 12, Field: "copies", Each: 6, Free: 1}
	for n, want := range map[string]string{"1": "12.00", "3": "24.00", "10": "66.00"} {
		cents, ok := c.Cents(map[string]string{"copies": n})
		if !ok || catalog.FormatCents(cents) != want {
			t.Errorf("%s copies: %d %v, want %s", n, cents, ok, want)
		}
	}
	if _, ok := c.Cents(map[string]string{}); ok {
		t.Error("a fee without the count")
	}
	if got := catalog.DisplayEuros("24.50", "de"); got != "24,50 €" {
		t.Errorf("display = %q", got)
	}
}

// TestTextIn checks each language and the fallbacks a citizen expects:
// Leichte Sprache reads German, the other new languages English first.
func TestTextIn(t *testing.T) {
	full := catalog.Text{De: "Haus", En: "house", Uk: "будинок", Tr: "ev", Ar: "بيت", Ru: "дом", LS: "Das Haus"}
	onlyDe := catalog.Text{De: "Haus"}
	deEn := catalog.Text{De: "Haus", En: "house"}
	for _, c := range []struct {
		t          catalog.Text
		lang, want string
	}{
		{full, "de", "Haus"}, {full, "en", "house"}, {full, "uk", "будинок"}, {full, "tr", "ev"},
		{full, "ar", "بيت"}, {full, "ru", "дом"}, {full, "de-x-ls", "Das Haus"}, {full, "fr", "Haus"},
		{deEn, "de-x-ls", "Haus"}, {deEn, "uk", "house"}, {deEn, "tr", "house"}, {deEn, "en", "house"},
		{onlyDe, "en", "Haus"}, {onlyDe, "ar", "Haus"}, {onlyDe, "ru", "Haus"},
	} {
		if got := c.t.In(c.lang); got != c.want {
			t.Errorf("%+v.In(%q) = %q, want %q", c.t, c.lang, got, c.want)
		}
	}
	w := catalog.Words{De: []string{"a"}, Uk: []string{"б"}}
	if got := w.Only("uk"); len(got) != 1 || got[0] != "б" {
		t.Errorf("Only(uk) = %q", got)
	}
	if got := w.Only("en"); got != nil {
		t.Errorf("Only(en) = %q, want none", got)
	}
}
