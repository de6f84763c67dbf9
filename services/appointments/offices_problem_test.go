package appointments

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"amtsbote/internal/srcscan"
	"amtsbote/internal/texttest"
	"amtsbote/services/say"
	"amtsbote/text"
)

// TestOfficesProblemKeys fails when an offices.problem.* key the code
// uses is not in the built-in catalog, or the catalog has one no code
// uses.
func TestOfficesProblemKeys(t *testing.T) {
	for _, p := range srcscan.PrefixProblems("*.go", "offices.problem.", 15, text.MustBuiltin()) {
		t.Error(p)
	}
}

// officesCases break the sample offices file in one place each: the
// replacements, the problem's key and its setting.
var officesCases = []struct {
	edit         []string
	key, setting string
}{
	{[]string{"state: NW", "state: XX"}, "offices.problem.state", "state"},
	{[]string{"horizon_days: 90", "horizon_days: 0"}, "offices.problem.horizon", "horizon_days"},
	{[]string{"lead_minutes: 60", "lead_minutes: -5"}, "offices.problem.negative", "lead_minutes"},
	{[]string{`reminder: "09:00"`, `reminder: "9 Uhr"`}, "offices.problem.time", "reminder"},
	{[]string{"horizon_days: 90", "horizon_day: 90"}, "offices.problem.yaml", ""},
	{[]string{"id: buergerbuero", "id: Buergerbuero"}, "offices.problem.id", "offices[0]: id"},
	{[]string{"id: standesamt", "id: buergerbuero"}, "offices.problem.twice", "offices[1].id"},
	{[]string{"department: buergerbuero", `department: ""`}, "offices.problem.missing", "offices[0]: department"},
	{[]string{`en: "Citizens' office", `, ""}, "offices.problem.both", "offices[0]: name"},
	{[]string{`address: "Rathaus, Am Rathausplatz 1, 33098 Musterstadt"`, `address: ""`}, "offices.problem.missing", "offices[0]: address"},
	{[]string{"counters: 3", "counters: 0"}, "offices.problem.counters", "offices[0]: counters"},
	{[]string{"slot_minutes: 15", "slot_minutes: 1"}, "offices.problem.slot_minutes", "offices[0]: slot_minutes"},
	{[]string{`mon: ["08:00-13:00"]`, `montag: ["08:00-13:00"]`}, "offices.problem.weekday", "offices[0]: hours.montag"},
	{[]string{`mon: ["08:00-13:00"]`, `mon: ["8-13"]`}, "offices.problem.range", "offices[0]: hours.mon"},
	{[]string{`mon: ["08:00-13:00"]`, `mon: ["13:00-08:00"]`}, "offices.problem.backwards", "offices[0]: hours.mon"},
	{[]string{`closed: ["2026-12-24", "2026-12-31"`, `closed: ["24.12.2026", "2026-12-31"`}, "offices.problem.date", "offices[0]: closed"},
	{[]string{"service: passport", "service: id-card"}, "offices.problem.service", "services[1].service"},
	{[]string{"office: standesamt", "office: rathaus"}, "offices.problem.office", "services[5].office"},
	{[]string{" minutes: 60\n", " minutes: 45\n"}, "offices.problem.minutes", "services[4].minutes"},
	{[]string{`en: "your valid passport", `, ""}, "offices.problem.both", "services[4].bring[0]"},
}

// Every problem of an offices file says itself in every language with
// its placeholders filled, framed with the file and the setting; its
// English is what Error says, its German another text.
func TestOfficesProblemsInEveryLanguage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "offices.yaml")
	var errs []error
	for _, c := range officesCases {
		changed := strings.Replace(string(sampleYAML), c.edit[0], c.edit[1], 1)
		if changed == string(sampleYAML) {
			t.Fatalf("%q is not in the sample", c.edit[0])
		}
		os.WriteFile(path, []byte(changed), 0o600)
		_, err := LoadFile(path)
		var fe *say.FileError
		if !errors.As(err, &fe) || fe.Text != c.key || fe.Setting != c.setting || fe.File != path {
			t.Errorf("%q: %v, want %s at %q", c.edit, err, c.key, c.setting)
			continue
		}
		errs = append(errs, err)
	}
	_, err := LoadFile(filepath.Join(dir, "none.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
	errs = append(errs, err)
	os.WriteFile(path, []byte("state: NW\nhorizon_days: 90\nreminder: \"09:00\"\n"), 0o600)
	_, err = LoadFile(path)
	errs = append(errs, err)

	texts := text.MustBuiltin()
	texttest.CheckErrors(t, texts, errs, "offices.problem.", func(e *say.FileError) []string { return []string{e.Text} },
		func(e *say.FileError) string { return "appointments: " + e.File })
	// In German: the frame stays, the problem is German.
	os.WriteFile(path, []byte(strings.Replace(string(sampleYAML), "counters: 3", "counters: 0", 1)), 0o600)
	_, err = LoadFile(path)
	var fe *say.FileError
	if !errors.As(err, &fe) || err.Error() != "appointments: "+path+": offices[0]: counters: at least 1" ||
		fe.Say(texts, text.De) != "appointments: "+path+": offices[0]: counters: mindestens 1" {
		t.Errorf("in German: %v", err)
	}
}
