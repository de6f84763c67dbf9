package form

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"amtsbote/text"
)

// inLang runs Parse cases for typ in lang; want is the canonical value or,
// when bad, a part of the problem in lang.
func inLang(t *testing.T, typ, lang string, cases []tc) {
	t.Helper()
	for _, c := range cases {
		c.r.Lang = lang
		t.Run(lang+" "+typ+" "+c.in, func(t *testing.T) {
			got, err := Parse(typ, c.in, c.r, now)
			if c.bad {
				var p *Problem
				if !errors.As(err, &p) || p.Key() == "" || !strings.Contains(p.In(lang), c.want) {
					t.Fatalf("Parse(%q) = %q, %v; want a problem in %s containing %q", c.in, got, err, lang, c.want)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("Parse(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
}

// TestYesNoInEveryLanguage reads each language's yes and no, with polite
// words after them, and refuses what is neither.
func TestYesNoInEveryLanguage(t *testing.T) {
	for lang, c := range map[string]struct {
		yes, no []string
		refuse  string
	}{
		"de":      {[]string{"Ja", "ja bitte", "JA!", "genau"}, []string{"Nein", "nein, danke", "nö"}, "Ja oder Nein"},
		"en":      {[]string{"yes", "Yes please", "sure", "OK"}, []string{"no", "No thanks", "nope"}, "yes or no"},
		"uk":      {[]string{"так", "Так, дякую", "авжеж"}, []string{"ні", "Ні, дякую"}, "«так» або «ні»"},
		"tr":      {[]string{"evet", "Evet lütfen", "tamam"}, []string{"hayır", "Hayir", "HAYIR, teşekkürler"}, "evet ya da hayır"},
		"ar":      {[]string{"نعم", "نَعَم", "نعم، شكرا", "أجل"}, []string{"لا", "لا شكرا", "كلا"}, "بنعم أو لا"},
		"ru":      {[]string{"да", "Да, спасибо", "конечно"}, []string{"нет", "Нет, спасибо"}, "«да» или «нет»"},
		"de-x-ls": {[]string{"ja", "Ja gerne"}, []string{"nein", "Nein danke"}, "Ja oder Nein"},
	} {
		var cases []tc
		for _, y := range c.yes {
			cases = append(cases, tc{in: y, want: "yes"})
		}
		for _, n := range c.no {
			cases = append(cases, tc{in: n, want: "no"})
		}
		cases = append(cases, tc{in: "vielleicht maybe", bad: true, want: c.refuse}, tc{in: "ja nein", bad: true, want: c.refuse})
		inLang(t, YesNo, lang, cases)
	}
	// Another language's word counts too: a citizen answers in their own.
	inLang(t, YesNo, "de", []tc{{in: "evet", want: "yes"}, {in: "ні", want: "no"}, {in: "نعم", want: "yes"}, {in: "нет", want: "no"}})
}

// TestWordsInEveryLanguage checks the words of skipping, submitting,
// editing and cancelling in each language.
func TestWordsInEveryLanguage(t *testing.T) {
	for lang, ws := range map[string][4]string{ // skip, submit, edit, cancel
		"de":      {"Überspringen", "Absenden", "ändern", "Abbrechen"},
		"en":      {"skip", "Submit", "change", "cancel"},
		"uk":      {"Пропустити", "Надіслати", "змінити", "Скасувати"},
		"tr":      {"atla", "Gönder", "düzelt", "İptal"},
		"ar":      {"تخطي", "إرسال", "تعديل", "إلغاء"},
		"ru":      {"Пропустить", "Отправить", "изменить", "Отмена"},
		"de-x-ls": {"überspringen", "absenden", "ändern", "abbrechen"},
	} {
		for i, w := range []Word{Skip, Submit, Edit, Cancel} {
			if !testParser.Is(w, ws[i], lang) {
				t.Errorf("Is(%d, %q, %s) = false", w, ws[i], lang)
			}
			if testParser.Is(w, "Zählerstand", lang) {
				t.Errorf("Is(%d, Zählerstand, %s) = true", w, lang)
			}
		}
	}
	if !testParser.Is(Cancel, "отмена", "de") || !testParser.Is(Skip, "uberspringen", "de") || !testParser.Is(Submit, "gonder", "tr") {
		t.Error("words of other languages or typed without diacritics are not read")
	}
}

// TestDatesInEveryLanguage reads the words for days and month names of
// each language, and dates in Arabic-Indic and Persian digits.
func TestDatesInEveryLanguage(t *testing.T) {
	// now is Sunday 29 November 2026.
	for lang, c := range map[string][]tc{
		"uk": {{in: "сьогодні", want: "2026-11-29"}, {in: "вчора", want: "2026-11-28"}, {in: "завтра", want: "2026-11-30"},
			{in: "5 березня 2026", want: "2026-03-05"}, {in: "5 березня 2026 р.", want: "2026-03-05"}, {in: "28 листопада", want: "2026-11-28"}},
		"tr": {{in: "bugün", want: "2026-11-29"}, {in: "dün", want: "2026-11-28"}, {in: "bugun", want: "2026-11-29"},
			{in: "5 Mart 2026", want: "2026-03-05"}, {in: "28 Kasım 2026", want: "2026-11-28"}, {in: "1 Şubat 2026", want: "2026-02-01"}},
		"ar": {{in: "اليوم", want: "2026-11-29"}, {in: "أمس", want: "2026-11-28"}, {in: "5 مارس 2026", want: "2026-03-05"},
			{in: "٥ آذار ٢٠٢٦", want: "2026-03-05"}, {in: "1 كانون الثاني 2026", want: "2026-01-01"},
			{in: "٢٨/١١/٢٠٢٦", want: "2026-11-28"}, {in: "۲۸/۱۱/۲۰۲۶", want: "2026-11-28"}, {in: "٢٠٢٦/١١/٢٨", want: "2026-11-28"},
			{in: "\u200f٢٨\u200f/١١\u200f/٢٠٢٦", want: "2026-11-28"}, {in: "٣١/٠٢/٢٠٢٦", bad: true, want: "31.02.2026"}},
		"ru": {{in: "сегодня", want: "2026-11-29"}, {in: "вчера", want: "2026-11-28"}, {in: "позавчера", want: "2026-11-27"},
			{in: "5 марта 2026", want: "2026-03-05"}, {in: "5 марта 2026 г.", want: "2026-03-05"}, {in: "Ёлки", bad: true, want: "28.11.2026"}},
		"en": {{in: "the day after tomorrow", want: "2026-12-01"}, {in: "November 28, 2026", want: "2026-11-28"},
			{in: "13/03/2026", want: "2026-03-13"}, {in: "04/04/2026", want: "2026-04-04"},
			{in: "04/03/2026", bad: true, want: "could be 4 March 2026 or 3 April 2026"}},
		"de": {{in: "5. März 2026", want: "2026-03-05"}, {in: "28nov2026", want: "2026-11-28"}, {in: "28.November", want: "2026-11-28"}, {in: "04/03/2026", want: "2026-03-04"}, {in: "28.11.2026", want: "2026-11-28"}},
		"de-x-ls": {{in: "heute", want: "2026-11-29"}, {in: "gestern", want: "2026-11-28"},
			{in: "kein datum", bad: true, want: "so: 28.11.2026"}},
	} {
		inLang(t, Date, lang, c)
	}
	// Month names and days of every language are read in any conversation.
	inLang(t, Date, "de", []tc{{in: "5 марта 2026", want: "2026-03-05"}, {in: "dün", want: "2026-11-28"}})
}

// TestNumbersInEveryLanguage reads numbers as each language writes them:
// separators, Arabic-Indic digits with ٫ and ٬, and refuses what is
// ambiguous for the language's readers with both readings.
func TestNumbersInEveryLanguage(t *testing.T) {
	percent := Rules{Min: f(0), Max: f(100)}
	for lang, c := range map[string][]tc{
		"uk": {{in: "12 345,6", want: "12345.6"}, {in: "12\u00a0345,6", want: "12345.6"}, {in: "12,345", want: "12.345"},
			{in: "12,5", want: "12.5"}, {in: "12.5", want: "12.5"}, {in: "1.234.567", want: "1234567"},
			{in: "12.345", bad: true, want: "«12.345» може означати 12\u00a0345 або 12,345"},
			{in: "12.345", r: percent, want: "12.345"}},
		"ru": {{in: "1 234,5", want: "1234.5"}, {in: "12.345", bad: true, want: "может означать 12\u00a0345 или 12,345"}},
		"tr": {{in: "12.345,6", want: "12345.6"}, {in: "12.345", want: "12345"}, {in: "12,345", want: "12.345"}},
		"ar": {{in: "١٢٣٫٥", want: "123.5"}, {in: "١٢٬٣٤٥٫٦", want: "12345.6"}, {in: "۱۲۳٫۵", want: "123.5"},
			{in: "٠٫٥", want: "0.5"}, {in: "۱۲/۵", want: "12.5"}, {in: "12/5", bad: true, want: "١٢٫٥"}, {in: "12.5", want: "12.5"}, {in: "1,234,567", want: "1234567"},
			{in: "١٢٫٣٫٤", bad: true, want: "١٢٫٥"}, {in: "١٢٬٣٤٫٥", bad: true, want: "فواصل الآلاف"},
			{in: "12,345", bad: true, want: "١٢٬٣٤٥ أو ١٢٫٣٤٥"}, {in: "12,345", r: percent, want: "12.345"},
			{in: "١٢٣٫٥", r: percent, bad: true, want: "١٠٠"}},
	} {
		inLang(t, Decimal, lang, c)
	}
	for lang, c := range map[string][]tc{
		"uk": {{in: "12 345", want: "12345"}, {in: "1.234", bad: true, want: "може означати 1234 або 1,234"}, {in: "12,5", bad: true, want: "ціле число"}},
		"ar": {{in: "١٢٣", want: "123"}, {in: "١٬٢٣٤", want: "1234"}, {in: "۱۲۳۴", want: "1234"},
			{in: "١٢٫٥", bad: true, want: "عدد صحيح"}, {in: "1,234", bad: true, want: "١٢٣٤ أو ١٫٢٣٤"}},
		"tr": {{in: "1.234", want: "1234"}, {in: "1,5", bad: true, want: "tam sayı"}},
	} {
		inLang(t, Number, lang, c)
	}
	// Other types take Arabic-Indic digits too.
	inLang(t, Postcode, "ar", []tc{{in: "٣٣٠٩٨", want: "33098"}})
	// A text with a pattern is a code and takes them; free text keeps them.
	inLang(t, Text, "ar", []tc{{in: "١٢٣٤٥٦", r: Rules{Pattern: `\d{6}`}, want: "123456"}, {in: "شارع ٣", want: "شارع ٣"}})
	inLang(t, Choice, "ar", []tc{{in: "٢", r: Rules{Choices: []ChoiceRule{{Value: "a"}, {Value: "b"}}}, want: "b"}})
}

// TestDisplayInEveryLanguage shows numbers, dates and yes/no as each
// language writes them, and each shown number reads back.
func TestDisplayInEveryLanguage(t *testing.T) {
	for _, c := range []struct{ lang, typ, v, want string }{
		{"uk", Decimal, "12345.6", "12\u00a0345,6"},
		{"ru", Decimal, "-1234567.89", "-1\u00a0234\u00a0567,89"},
		{"tr", Decimal, "12345.6", "12.345,6"},
		{"ar", Decimal, "12345.6", "١٢٬٣٤٥٫٦"},
		{"ar", Number, "2026", "٢٠٢٦"},
		{"de-x-ls", Decimal, "12345.6", "12.345,6"},
		{"ar", Date, "2026-11-28", "٢٨/١١/٢٠٢٦"},
		{"uk", Date, "2026-03-05", "05.03.2026"},
		{"uk", YesNo, "yes", "Так"},
		{"tr", YesNo, "no", "Hayır"},
		{"ar", YesNo, "yes", "نعم"},
		{"ru", YesNo, "no", "Нет"},
		{"de-x-ls", YesNo, "yes", "Ja"},
	} {
		got := testParser.Display(c.typ, c.v, c.lang)
		if got != c.want {
			t.Errorf("Display(%s, %q, %s) = %q; want %q", c.typ, c.v, c.lang, got, c.want)
		}
		if c.typ == YesNo {
			continue
		}
		if back, err := Parse(c.typ, got, Rules{Lang: c.lang}, now); err != nil || back != c.v {
			t.Errorf("Parse(%s, %q, %s) = %q, %v; want %q back", c.typ, got, c.lang, back, err, c.v)
		}
	}
}

// TestProblemsInEveryLanguage gives every problem of a sample of bad
// answers in every language: a text of that language's catalog, with every
// placeholder filled.
func TestProblemsInEveryLanguage(t *testing.T) {
	c := text.MustBuiltin()
	for _, bad := range []struct {
		typ, in string
		r       Rules
	}{
		{YesNo, "vielleicht", Rules{}}, {Number, "zwölf", Rules{}}, {Number, "5", Rules{Min: f(10)}},
		{Decimal, "12.345", Rules{Lang: "ar"}}, {Date, "morgen", Rules{NotFuture: true}}, {Date, "1.1.2000", Rules{MaxAgeDays: 30}},
		{Email, "a@", Rules{}}, {IBAN, "DE89 3704", Rules{}}, {Plate, "PB 123", Rules{}}, {Text, "ab", Rules{MinLen: 5}},
		{Choice, "x", Rules{Choices: []ChoiceRule{{Value: "a"}}}}, {Postcode, "123", Rules{}},
	} {
		_, err := Parse(bad.typ, bad.in, bad.r, now)
		var p *Problem
		if !errors.As(err, &p) || p.Key() == "" {
			t.Fatalf("Parse(%s, %q) = %v; want a problem of the catalog", bad.typ, bad.in, err)
		}
		for _, l := range text.All() {
			got := p.In(string(l))
			if got == "" || got == p.Key() || strings.ContainsAny(got, "{}") {
				t.Errorf("%s in %s = %q", p.Key(), l, got)
			}
			if l != text.En && l != text.DeLS && c.Text(l, p.Key()) == c.Text(text.En, p.Key()) {
				t.Errorf("%s in %s is the English text", p.Key(), l)
			}
		}
	}
	if got := (&Problem{De: "Nein.", En: "No."}).In("uk"); got != "No." {
		t.Errorf("a problem of De and En in Ukrainian = %q; want the English", got)
	}
}

// TestCityWords lays a city's own words over the built-in ones: a word
// added counts, and a word that is yes in one language and no in another
// counts only in those languages.
func TestCityWords(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"de.po": "msgid \"form.word.yes\"\nmsgstr \"ja|jawoll\"\n",
		"tr.po": "# source: x\nmsgid \"form.word.no\"\nmsgstr \"hayır|да\"\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, err := text.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	ps := New(c)
	for _, x := range []struct {
		in, lang, want string
	}{
		{"jawoll", "de", "yes"}, {"да", "ru", "yes"}, {"да", "tr", "no"}, {"да", "de", ""}, {"нет", "de", "no"},
	} {
		got, err := ps.Parse(YesNo, x.in, Rules{Lang: x.lang}, now)
		if got != x.want || (x.want == "") != (err != nil) {
			t.Errorf("Parse(yesno, %q, %s) = %q, %v; want %q", x.in, x.lang, got, err, x.want)
		}
	}
}

// TestKeyFastPath checks that the words key leaves unchanged returns them
// unchanged, and that everything else is folded.
func TestKeyFastPath(t *testing.T) {
	for in, want := range map[string]string{
		"ja bitte": "ja bitte", "12/11": "12/11", "Ja": "ja", " ja": "ja", "ja  bitte": "ja bitte", "ja.": "ja",
		"hayır": "hayir", "всё": "все", "نَعَم": "نعم", "Überspringen": "ueberspringen", "": "",
	} {
		if got := key(in); got != want {
			t.Errorf("key(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestLabelsInEveryLanguage gives the options of a form's words in each
// language, and nothing for words without an option.
func TestLabelsInEveryLanguage(t *testing.T) {
	for _, c := range []struct {
		w                 Word
		lang, field, want string
	}{
		{Submit, "de", "", "Absenden"}, {Submit, "ar", "", "إرسال"}, {Cancel, "ru", "", "Отмена"}, {Skip, "tr", "", "Atla"},
		{Edit, "de", "Zählernummer", "Zählernummer ändern"}, {Edit, "en", "meter number", "Change meter number"},
		{Edit, "uk", "Номер лічильника", "Змінити: Номер лічильника"}, {Yes, "de", "", ""},
	} {
		if got := testParser.Label(c.w, c.lang, c.field); got != c.want {
			t.Errorf("Label(%d, %s, %q) = %q; want %q", c.w, c.lang, c.field, got, c.want)
		}
	}
}

// TestHintsInEveryLanguage: every type has a hint in every language.
func TestHintsInEveryLanguage(t *testing.T) {
	for _, typ := range []string{Text, Number, Decimal, Date, Choice, YesNo, Email, Phone, Postcode, IBAN, Plate, File, "colour"} {
		for _, l := range text.All() {
			if h := testParser.Hint(typ, string(l)); h == "" || strings.HasPrefix(h, "form.hint.") {
				t.Errorf("Hint(%s, %s) = %q", typ, l, h)
			}
		}
	}
	if h := testParser.Hint(Date, "uk"); h != "дата, наприклад 28.11.2026 або «сьогодні»" {
		t.Errorf("Hint(date, uk) = %q", h)
	}
}
