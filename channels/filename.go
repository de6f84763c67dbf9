package channels

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxFileNameBytes is the longest file name CleanFileName keeps.
const MaxFileNameBytes = 120

// CleanFileName makes a file name a citizen chose safe to store and show
// (the staff console, the transcript, a download's Content-Disposition):
// its base name (after the last / or \), without control characters
// (Unicode Cc), format characters (Cf: bidirectional overrides such as
// U+202E that make "Bescheid\u202Efdp.exe" show as "Bescheidexe.pdf",
// zero-width characters), line and paragraph separators and double
// quotes, without leading and trailing spaces, at most MaxFileNameBytes
// long. Invalid UTF-8 becomes U+FFFD. It returns "" when nothing (or only
// "." or "..") is left; the caller then picks a name of its own.
func CleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) || r == '"' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, "\uFFFD"))
	name = strings.TrimSpace(name)
	for len(name) > MaxFileNameBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	name = strings.TrimSpace(name)
	if name == "." || name == ".." {
		return ""
	}
	return name
}
