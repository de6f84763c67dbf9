package answers

import "strings"

// OfficeRef is an office the city's citizens visit, as the offices file (or
// the departments) lists it: enough to write an answer about its hours and
// address, which are read at render time.
type OfficeRef struct {
	ID         string
	Department string // responsible for the office's answer
	Name       Text   // for the questions and keywords the answer is found by
	Keywords   Words  // more words the answer is found by (other names of the office)
	Service    string // the catalog service that books a visit there, offered by the answer; "" for none
}

// otherNames are the names citizens use across Germany for offices the
// offices file names otherwise, by the office's German name in lower case.
var otherNames = map[string]Words{
	"bürgerbüro": {
		"de": {"bürgeramt", "bürgerservice", "bürgerbüro", "einwohnermeldeamt", "meldeamt", "bürgerdienste"},
		"en": {"citizens office", "citizens' office", "citizen services", "residents' registration office", "bürgeramt"},
		"uk": {"бюргербюро", "бюро громадян", "бюргерамт", "bürgeramt", "einwohnermeldeamt"},
		"tr": {"vatandaş bürosu", "vatandaşlık hizmetleri", "bürgeramt", "einwohnermeldeamt"},
		"ar": {"مكتب المواطنين", "مكتب خدمة المواطنين", "bürgeramt", "einwohnermeldeamt"},
		"ru": {"бюргербюро", "бюро для граждан", "бюргерамт", "bürgeramt", "einwohnermeldeamt"},
	},
	"ausländerbehörde": {
		"de": {"ausländeramt", "ausländerbehörde", "migrationsamt", "ausländerbüro"},
		"en": {"immigration office", "foreigners office", "foreigners' office", "ausländerbehörde"},
		"uk": {"відомство у справах іноземців", "міграційна служба", "ауслендербехьорде", "ausländeramt"},
		"tr": {"yabancılar dairesi", "yabancılar şubesi", "ausländeramt"},
		"ar": {"دائرة الأجانب", "مكتب الأجانب", "ausländeramt"},
		"ru": {"ведомство по делам иностранцев", "миграционная служба", "ауслендербехёрде", "ausländeramt"},
	},
	"standesamt": {
		"de": {"standesamt", "standesbeamter", "standesbeamtin", "trauzimmer"},
		"en": {"registry office", "register office", "standesamt"},
		"uk": {"рацс", "загс", "штандесамт"},
		"tr": {"nüfus dairesi", "evlendirme dairesi", "nikah dairesi"},
		"ar": {"دائرة الأحوال المدنية", "مكتب الأحوال المدنية", "مكتب الزواج"},
		"ru": {"загс", "штандесамт"},
	},
	"gewerbeamt": {
		"de": {"gewerbeamt", "gewerbeabteilung", "gewerbestelle"},
		"en": {"trade office", "business office", "gewerbeamt"},
		"uk": {"відділ у справах підприємництва", "гевербеамт"},
		"tr": {"ruhsat dairesi", "esnaf ruhsat dairesi"},
		"ar": {"دائرة المهن التجارية", "مكتب التجارة"},
		"ru": {"отдел по делам предпринимательства", "гевербеамт"},
	},
}

// OfficeAnswerID is the id of the generated answer about office id.
func OfficeAnswerID(officeID string) string { return "hours-" + officeID }

// OfficeAnswers generates one answer per office: its opening hours and
// address. The text holds only placeholders, so what citizens read is
// the offices file as it is when the answer is rendered. review is the
// generated answers' review date. An answer of the same id from the
// definition files replaces a generated one (Set.PutDefault).
func OfficeAnswers(offices []OfficeRef, review Date) []*Answer {
	out := make([]*Answer, 0, len(offices))
	for _, o := range offices {
		de, en := o.Name[SourceLang], o.Name["en"]
		if en == "" {
			en = de
		}
		a := &Answer{
			ID: OfficeAnswerID(o.ID),
			Title: Text{
				"de": "{name}: Öffnungszeiten und Adresse",
				"en": "{name}: opening hours and address",
				"uk": "{name}: години роботи та адреса",
				"tr": "{name}: çalışma saatleri ve adres",
				"ar": "{name}: مواعيد الدوام والعنوان",
				"ru": "{name}: часы работы и адрес",
			},
			// The other languages name the office in German, as their
			// speakers in Germany do (and otherNames adds their own words).
			Questions: Words{
				"de": {"Wann hat " + article(de) + " geöffnet?", "Wann hat " + article(de) + " offen?", "Öffnungszeiten " + de, "Wo ist " + article(de) + "?", "Adresse " + de, "Wie erreiche ich " + article(de) + "?"},
				"en": {"When is the " + en + " open?", "Opening hours " + en, "Where is the " + en + "?", "Address of the " + en},
				"uk": {"Коли працює " + de + "?", "Години роботи " + de, "Де знаходиться " + de + "?", "Адреса " + de, "Як дістатися до " + de + "?", "До котрої працює " + de + "?"},
				"tr": {de + " ne zaman açık?", de + " çalışma saatleri", de + " nerede?", de + " adresi", de + " nasıl gidilir?", de + " saat kaça kadar açık?"},
				"ar": {"متى يفتح " + de + "؟", "مواعيد دوام " + de, "وين " + de + "؟", "عنوان " + de, "كيف أصل إلى " + de + "؟", "لحد أي ساعة فاتح " + de + "؟"},
				"ru": {"Когда работает " + de + "?", "Часы работы " + de, "Где находится " + de + "?", "Адрес " + de, "Как добраться до " + de + "?", "До скольки работает " + de + "?"},
			},
			Keywords: Words{
				"de": {de, "öffnungszeiten", "geöffnet", "offen", "sprechzeiten", "adresse", "anschrift", "anfahrt"},
				"en": {en, "opening hours", "open", "address", "location"},
				"uk": {de, "години роботи", "графік роботи", "коли працює", "відкрито", "адреса", "де знаходиться", "як дістатися", "öffnungszeiten"},
				"tr": {de, "çalışma saatleri", "açılış saatleri", "mesai saatleri", "açık", "adres", "nasıl gidilir", "öffnungszeiten"},
				"ar": {de, "مواعيد الدوام", "ساعات العمل", "أوقات الدوام", "مفتوح", "العنوان", "كيف أصل", "öffnungszeiten"},
				"ru": {de, "часы работы", "график работы", "когда работает", "открыто", "адрес", "где находится", "как добраться", "öffnungszeiten"},
			},
			Text: Text{
				"de": "{name}\nÖffnungszeiten: {hours}\nAdresse: {address}",
				"en": "{name}\nOpening hours: {hours}\nAddress: {address}",
				"uk": "{name}\nГодини роботи: {hours}\nАдреса: {address}",
				"tr": "{name}\nÇalışma saatleri: {hours}\nAdres: {address}",
				"ar": "{name}\nمواعيد الدوام: {hours}\nالعنوان: {address}",
				"ru": "{name}\nЧасы работы: {hours}\nАдрес: {address}",
			},
			Links:      Links{Office: o.ID, Service: o.Service},
			Department: o.Department,
			Review:     review,
			File:       "generated from the offices file",
		}
		for _, extra := range []Words{otherNames[strings.ToLower(de)], o.Keywords} {
			for l, ws := range extra {
				a.Keywords[l] = append(a.Keywords[l], ws...)
			}
		}
		out = append(out, a)
	}
	return out
}

// article puts the German definite article before an office's name: "die"
// for names with a feminine word (Behörde, Stelle, Verwaltung, …)
// and for the Stadtwerke, else "das" (Amt, Büro, Rathaus).
func article(name string) string {
	low := strings.ToLower(name)
	for _, f := range []string{"behörde", "stelle", "verwaltung", "kasse", "bibliothek", "stadtwerke", "schule"} {
		if strings.Contains(low, f) {
			return "die " + name
		}
	}
	return "das " + name
}

// PutDefault adds a unless the set already has an answer with its id: a
// definition file overrides a generated answer.
func (s *Set) PutDefault(a *Answer) {
	if _, ok := s.byID[a.ID]; !ok {
		s.Put(a)
	}
}
