package catalog

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"amtsbote/internal/srcscan"
	"amtsbote/internal/texttest"
	"amtsbote/text"
)

// TestProblemKeys fails when a catalog.problem.* key the code uses is not
// in the built-in catalog, or the catalog has one no code uses.
func TestProblemKeys(t *testing.T) {
	for _, p := range srcscan.PrefixProblems("*.go", "catalog.problem.", 25, text.MustBuiltin()) {
		t.Error(p)
	}
}

// aService is a definition each case of TestProblemsInEveryLanguage
// breaks in one place.
const aService = `id: bulky-waste
category: living
title: {de: Sperrmüll, en: Bulky waste}
department: stadtwerke
mode: online
fields:
  - name: items
    type: text
    label: {de: Dinge, en: Items}
    prompt: {de: Was, en: What}
  - name: size
    type: choice
    label: {de: Größe, en: Size}
    prompt: {de: Wie groß, en: How big}
    options:
      - {value: s, label: {de: klein, en: small}}
      - {value: l, label: {de: groß, en: large}}
`

// definitionCases are definition files of a city, each with one problem:
// the file's name, its content (aService changed with the replacements
// of edit when body is empty) and the problem's key.
var definitionCases = []struct {
	file, body string
	edit       []string
	key        string
}{
	{file: "categories.yaml", body: "- id: Living\n  title: {de: Wohnen, en: Living}\n", key: "catalog.problem.category"},
	{file: "departments.yaml", body: "- id: amt\n  name: {de: Amt}\n", key: "catalog.problem.department"},
	{file: "intents.yaml", body: "- id: Staff\n", key: "catalog.problem.intent_id"},
	{file: "x.yaml", body: "id: [", key: "catalog.problem.yaml"},
	{file: "x.yaml", body: aService + "colour: red\n", key: "catalog.problem.yaml"},
	{edit: []string{"id: bulky-waste", "id: Bulky"}, key: "catalog.problem.id"},
	{edit: []string{"category: living", `category: ""`}, key: "catalog.problem.missing"},
	{edit: []string{"en: Bulky waste", ""}, key: "catalog.problem.both"},
	{edit: []string{"mode: online", "mode: bus"}, key: "catalog.problem.mode"},
	{body: "id: bulky-waste\ncategory: living\ntitle: {de: S, en: B}\nmode: online\n", key: "catalog.problem.no_fields"},
	{edit: []string{"mode: online", `mode: online
leika: "123"`}, key: "catalog.problem.leika"},
	{edit: []string{"mode: online", "mode: online\nrank: -1"}, key: "catalog.problem.negative"},
	{edit: []string{"name: items", "name: Items"}, key: "catalog.problem.name"},
	{edit: []string{"name: size", "name: items"}, key: "catalog.problem.name_twice"},
	{edit: []string{"name: items", "name: fee"}, key: "catalog.problem.name_reserved"},
	{edit: []string{"type: text", "type: txt"}, key: "catalog.problem.type"},
	{edit: []string{"prompt: {de: Was, en: What}", "prompt: {de: Was}"}, key: "catalog.problem.both"},
	{edit: []string{"- {value: l, label: {de: groß, en: large}}", ""}, key: "catalog.problem.options_few"},
	{edit: []string{"type: text", "type: text\n    options: [{value: a, label: {de: a, en: a}}]"}, key: "catalog.problem.options_type"},
	{edit: []string{"type: text", "type: text\n    pattern: \"(\""}, key: "catalog.problem.pattern"},
	{edit: []string{"value: s,", `value: "s m",`}, key: "catalog.problem.option"},
	{edit: []string{"label: {de: klein, en: small}", "label: {de: klein, en: small}, note: {de: Gut}"}, key: "catalog.problem.both"},
	{edit: []string{"type: choice", "type: choice\n    when: {field: colour, equals: [red]}"}, key: "catalog.problem.when_field"},
	{edit: []string{"type: text", "type: yesno", "type: choice", "type: choice\n    when: {field: items, equals: [vielleicht]}"},
		key: "catalog.problem.when_value"},
	{edit: []string{"type: choice", "type: choice\n    expect: {value: m, problem: {de: Nein, en: No}}"}, key: "catalog.problem.expect"},
	{edit: []string{"type: text", "type: yesno\n    expect: {value: \"yes\", problem: {de: Nein}}"}, key: "catalog.problem.both"},
	{edit: []string{"mode: online", "mode: online\ncharge: {base: -1}"}, key: "catalog.problem.charge_negative"},
	{edit: []string{"mode: online", "mode: online\ncharge: {base: 1, each: 2}"}, key: "catalog.problem.charge_each"},
	{edit: []string{"mode: online", "mode: online\ncharge: {field: copies, each: 2}"}, key: "catalog.problem.charge_field"},
	{edit: []string{"mode: online", "mode: online\ncharge: {field: size, each: 2}"}, key: "catalog.problem.charge_option"},
	{edit: []string{"mode: online", "mode: online\ncharge: {field: items, each: 2}"}, key: "catalog.problem.charge_type"},
	{edit: []string{"category: living", "category: waste"}, key: "catalog.problem.unknown_category"},
	{edit: []string{"department: stadtwerke", "department: muellabfuhr"}, key: "catalog.problem.unknown_department"},
}

// loadCase loads the built-in catalog with a city's layer "city/" of one
// file.
func loadCase(file, body string, edit []string) error {
	if file == "" {
		file = "x.yaml"
	}
	if body == "" {
		body = strings.NewReplacer(edit...).Replace(aService)
	}
	city := fstest.MapFS{file: {Data: []byte(body)}}
	_, err := LoadFS(Layer{FS: BuiltinFS(), Name: "builtin:"}, Layer{FS: city, Name: "city/"})
	return err
}

// failingWriter refuses every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// Every problem of a definition file says itself in every language with
// its placeholders filled, framed with the file and field; its English
// is what Error says, its German another text.
func TestProblemsInEveryLanguage(t *testing.T) {
	var errs []error
	for _, c := range definitionCases {
		err := loadCase(c.file, c.body, c.edit)
		var de *DefinitionError
		if !errors.As(err, &de) || de.Text != c.key {
			t.Errorf("%s %q: %v, want %s", c.file, c.edit, err, c.key)
			continue
		}
		if de.File != "city/"+c.file && !(c.file == "" && de.File == "city/x.yaml") {
			t.Errorf("%v names the file %q", err, de.File)
		}
		errs = append(errs, err)
	}
	unreadable := fstest.MapFS{"x.yaml": {Mode: fs.ModeDir}}
	_, err := LoadFS(Layer{FS: unreadable, Name: "city/"})
	errs = append(errs, err)
	cat, _ := Builtin()
	errs = append(errs, cat.List(failingWriter{}, "de", "id"))

	for _, err := range errs {
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%q is more than a line", err)
		}
	}
	texttest.CheckErrors(t, text.MustBuiltin(), errs, "catalog.problem.", func(e *DefinitionError) []string {
		if e.Field != "" {
			return []string{e.Text, "catalog.problem.field"}
		}
		return []string{e.Text}
	}, func(e *DefinitionError) string { return "services: " + e.File })
}

// In German the frame stays, the field is a Feld, the problem German; an
// error of a library inside stays English.
func TestProblemInGerman(t *testing.T) {
	texts := text.MustBuiltin()
	for _, c := range []struct {
		edit     []string
		en, de   string
		wrapsErr bool
	}{
		{[]string{"type: text", "type: txt"},
			`services: city/x.yaml: field fields[0] (items): type "txt" is unknown`,
			`services: city/x.yaml: Feld fields[0] (items): type "txt" ist unbekannt`, false},
		{[]string{"label: {de: klein, en: small}", "label: {de: klein, en: small}, note: {de: Gut}"},
			`services: city/x.yaml: field fields[1] (size): options[0].note: needs both de and en`,
			`services: city/x.yaml: Feld fields[1] (size): options[0].note: braucht de und en`, false},
		{[]string{"type: text", "type: text\n    pattern: \"(\""},
			"services: city/x.yaml: field fields[0] (items): pattern: error parsing regexp: missing closing ): `(`",
			"services: city/x.yaml: Feld fields[0] (items): pattern: kein gültiger regulärer Ausdruck: error parsing regexp: missing closing ): `(`", true},
		{[]string{"department: stadtwerke", "department: muellabfuhr"},
			`services: city/x.yaml: field department: unknown department "muellabfuhr" (known: `,
			`services: city/x.yaml: Feld department: unbekannte Abteilung "muellabfuhr" (bekannt: `, false},
	} {
		err := loadCase("", "", c.edit)
		var e *DefinitionError
		if !errors.As(err, &e) {
			t.Fatalf("%q: %v", c.edit, err)
		}
		if !strings.HasPrefix(err.Error(), c.en) || !strings.HasPrefix(e.Say(texts, text.De), c.de) {
			t.Errorf("%q:\n%s\n%s", c.edit, err, e.Say(texts, text.De))
		}
		if c.wrapsErr != (errors.Unwrap(err) != nil) {
			t.Errorf("%v wraps %v", err, errors.Unwrap(err))
		}
	}
	err := loadCase("x.yaml", "id: [", nil)
	var e *DefinitionError
	if !errors.As(err, &e) || !strings.HasPrefix(e.Say(texts, text.De), "services: city/x.yaml: keine gültige Definition: yaml: ") ||
		errors.Unwrap(err) == nil {
		t.Errorf("YAML in German: %v", err)
	}
}
