package staff

import (
	"os"
	"path/filepath"
	"testing"

	"amtsbote/cases"
	"amtsbote/text"
)

// The console's notices to citizens come from the text catalog in the
// conversation's language, and a city's override changes them.
func TestNoticesInConversationLanguage(t *testing.T) {
	c := New(Options{}, Deps{})
	for _, tc := range []struct{ lang, got, want string }{
		{"de", c.joinedText("de", "Frau Roth", "Bürgeramt"), "Frau Roth (Bürgeramt) ist jetzt für Sie da."},
		{"en", c.caseStatusText("en", "A-1", cases.Approved, ""), "Your application A-1 has been approved."},
		{"uk", c.caseStatusText("uk", "A-1", cases.Rejected, "неповні дані"), "На жаль, вашу заяву A-1 відхилено. Причина: неповні дані"},
		{"ar", c.transferredText("ar", "مكتب المواطنين"), "تمت إحالة طلبك إلى مكتب المواطنين. يُرجى الانتظار قليلًا؛ ستصلك الإجابة هنا."},
		{"de-x-ls", c.caseStatusText("de-x-ls", "A-1", cases.Closed, ""), "Ihr Antrag ist fertig. Die Nummer ist A-1."},
		{"xx", c.closedText("xx", "Herr Kaya"), "Herr Kaya hat das Gespräch beendet. Wenn Sie noch etwas brauchen, schreiben Sie einfach wieder."},
		{"de", c.caseStatusText("de", "A-1", cases.Submitted, ""), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.lang, tc.got, tc.want)
		}
	}

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "en.po"), []byte("msgid \"staff.case.closed\"\nmsgstr \"Done: {ref}.\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	texts, err := text.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	c = New(Options{Texts: texts}, Deps{})
	if got := c.caseStatusText("en", "A-2", cases.Closed, ""); got != "Done: A-2." {
		t.Errorf("overridden: %q", got)
	}
}
