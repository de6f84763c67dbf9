package answers_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"amtsbote/answers"
)

// wantIDs are the answer ids the evaluation sets use
// (evals: dialog/testdata/answers_ids.txt): the definition files must ship
// exactly these, with the four hours-* answers generated.
var wantIDs = strings.Fields(`what-to-bring fees payment-methods lost-id express-passport id-pin
registration-certificate certified-copy certificate-of-good-conduct moving-abroad postal-vote
naturalisation life-certificate car-registration driving-licence disabled-parking disability-card
parking-fine move-parking-ban road-defect illegal-dumping snow-clearing bulky-waste waste-calendar
waste-bins recycling-centre dog-tax property-tax housing-benefit day-care school-enrolment
lost-and-found noise-complaint marriage birth-registration death-in-family paternity leaving-church
building-permit fishing-licence`)

func TestBuiltinAnswers(t *testing.T) {
	set, err := answers.Load("")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, a := range set.All() {
		got[a.ID] = true
		if a.Title["en"] == "" || a.Text["en"] == "" {
			t.Errorf("%s: no English", a.ID)
		}
		if a.Links.Page == "" && a.Links.Form == "" && a.Links.Service == "" && a.Links.Office == "" {
			t.Errorf("%s: no link", a.ID)
		}
		if len(a.Questions["de"]) < 2 || len(a.Questions["en"]) < 2 || len(a.Keywords["de"]) < 3 {
			t.Errorf("%s: too few questions or keywords", a.ID)
		}
	}
	for _, id := range wantIDs {
		if !got[id] {
			t.Errorf("answer %s missing", id)
		}
	}
	if len(got) != len(wantIDs) {
		t.Errorf("%d answers, want exactly the %d of the evaluation sets", len(got), len(wantIDs))
	}
}

func TestParseStrict(t *testing.T) {
	good := "id: x\ntitle: {de: T}\ntext: {de: A}\ndepartment: d\nreview: 2027-01-01\n"
	for name, tc := range map[string]struct{ data, want string }{
		"unknown field": {good + "colour: red\n", "a.yaml: invalid definition: yaml: unmarshal errors: line 6: field colour not found"},
		"bad id in list": {"- id: ok\n  title: {de: T}\n  text: {de: A}\n  department: d\n  review: 2027-01-01\n- id: Bad_Id\n  title: {de: T}\n  text: {de: A}\n  department: d\n  review: 2027-01-01\n",
			`a.yaml:6: id "Bad_Id" is not a lower-case id`},
		"no review":           {strings.Replace(good, "review: 2027-01-01\n", "", 1), "a.yaml:1: an answer needs a review date"},
		"bad date":            {strings.Replace(good, "2027-01-01", "01.01.2027", 1), `line 5: "01.01.2027" is no date`},
		"no german":           {strings.Replace(good, "{de: A}", "{en: A}", 1), `an answer needs a title and a text in "de"`},
		"english no title":    {strings.Replace(good, "{de: A}", "{de: A, en: B}", 1), `the text is in "en" but the title is not`},
		"placeholder":         {strings.Replace(good, "{de: A}", `{de: "Offen {hours}"}`, 1), "de: {hours} needs links.office"},
		"unknown placeholder": {strings.Replace(good, "{de: A}", `{de: "Offen {when}"}`, 1) + "links: {office: o}\n", "unknown placeholder {when}"},
		"javascript link":     {good + "links: {page: \"javascript:alert(1)\"}\n", `links.page: "javascript:alert(1)" is no http(s) URL`},
		"comma keyword":       {good + "keywords: {de: [\"a, b\"]}\n", `holds a comma`},
		"twice":               {"- " + strings.ReplaceAll(good, "\n", "\n  ") + "\n- " + strings.ReplaceAll(good, "\n", "\n  "), `id "x" appears twice`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := answers.Parse("a.yaml", []byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error of several lines: %q", err)
			}
		})
	}
	list, err := answers.Parse("a.yaml", []byte(good))
	if err != nil || len(list) != 1 || list[0].Review.String() != "2027-01-01" || list[0].Line != 1 {
		t.Fatalf("good file: %v %+v", err, list)
	}
}

func TestLoadDirOverrides(t *testing.T) {
	dir := t.TempDir()
	over := `- id: bulky-waste
  title: {de: "Sperrmüll (neu)"}
  text: {de: "Rufen Sie 0800 123 an."}
  department: abfallwirtschaft
  review: 2028-01-01
- id: christmas-trees
  title: {de: "Weihnachtsbäume"}
  text: {de: "Abholung im Januar."}
  department: abfallwirtschaft
  review: 2028-01-01
`
	if err := os.WriteFile(filepath.Join(dir, "city.yaml"), []byte(over), 0o600); err != nil {
		t.Fatal(err)
	}
	builtin, _ := answers.Load("")
	set, err := answers.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := set.Answer("bulky-waste")
	if a.Text["de"] != "Rufen Sie 0800 123 an." || a.File != filepath.Join(dir, "city.yaml") {
		t.Errorf("override not applied: %+v", a)
	}
	if _, ok := set.Answer("christmas-trees"); !ok || len(set.All()) != len(builtin.All())+1 {
		t.Errorf("added answer missing: %d answers", len(set.All()))
	}
	for i, b := range builtin.All() { // an override keeps its place
		if set.All()[i].ID != b.ID {
			t.Fatalf("order changed at %d: %s, want %s", i, set.All()[i].ID, b.ID)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("id: x\nfoo: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := answers.Load(dir); err == nil || !strings.Contains(err.Error(), "broken.yaml") || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a broken file: %v", err)
	}
}

func TestValidateKnown(t *testing.T) {
	fsys := fstest.MapFS{"a.yaml": {Data: []byte(`- id: ok
  title: {de: T}
  text: {de: A}
  links: {service: id-card, office: buergerbuero}
  department: buergerbuero
  review: 2027-01-01
- id: bad
  title: {de: T}
  text: {de: A}
  links: {service: pizza, office: mond}
  department: raumfahrt
  review: 2027-01-01
`)}}
	set, err := answers.LoadFS(answers.Layer{FS: fsys, Name: "x/"})
	if err != nil {
		t.Fatal(err)
	}
	known := answers.Known{
		Services:    map[string]bool{"id-card": true},
		Offices:     map[string]bool{"buergerbuero": true},
		Departments: map[string]bool{"buergerbuero": true},
	}
	err = set.Validate(known)
	for _, want := range []string{"x/a.yaml:7", `no service "pizza"`, `no office "mond"`, `no department "raumfahrt"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "a.yaml:1") {
		t.Errorf("the good answer is reported: %v", err)
	}
}
