package answers_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"amtsbote/answers"
)

// comparable drops where an answer was read from.
func comparable(list []*answers.Answer) []answers.Answer {
	out := make([]answers.Answer, len(list))
	for i, a := range list {
		out[i] = *a
		out[i].File, out[i].Line = "", 0
	}
	return out
}

func TestCSVRoundTrip(t *testing.T) {
	set, err := answers.Load("")
	if err != nil {
		t.Fatal(err)
	}
	list := append([]*answers.Answer{}, set.All()...)
	// A third language in a few fields only, and an answer without first step.
	extra := *list[0]
	extra.ID = "extra"
	extra.Title = answers.Text{"de": "Titel; mit \"Zeichen\"", "tr": "Başlık"}
	extra.Text = answers.Text{"de": "Zeile eins\nZeile zwei, mit Komma", "tr": "Metin"}
	extra.First = nil
	extra.Questions = answers.Words{"de": {"Frage eins?", "Frage zwei"}, "tr": {"Soru?"}}
	list = append(list, &extra)

	var buf bytes.Buffer
	if err := answers.WriteCSV(&buf, list); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\ufeffid;lang;title;text;first;questions;keywords;page;form;service;office;department;review\r\n")) {
		t.Fatalf("header: %q", buf.String()[:120])
	}
	back, err := answers.ReadCSV("export.csv", bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := comparable(back), comparable(list); !reflect.DeepEqual(got, want) {
		for i := range want {
			if i >= len(got) || !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("answer %d differs after the round trip:\n got %+v\nwant %+v", i, got[i], want[i])
			}
		}
		t.Fatalf("%d answers back, want %d", len(got), len(want))
	}
	// Written again, the file is the same byte for byte.
	var again bytes.Buffer
	if err := answers.WriteCSV(&again, back); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Errorf("second export differs (%v)", err)
	}
}

func TestReadCSVCommaAndErrors(t *testing.T) {
	head := "id,lang,title,text,first,questions,keywords,page,form,service,office,department,review\n"
	ok := head + `fees,de,Gebühren,"46 €",,"Was kostet das?
Preise",gebühren,https://x.example/g,,,,buergerbuero,2027-01-01
fees,en,Fees,€46,,How much?,fees,https://x.example/g,,,,buergerbuero,2027-01-01
`
	list, err := answers.ReadCSV("c.csv", strings.NewReader(ok))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Questions["de"][1] != "Preise" || list[0].Text["en"] != "€46" || list[0].Line != 2 {
		t.Fatalf("read %+v", list[0])
	}
	for name, tc := range map[string]struct{ data, want string }{
		"header":    {strings.Replace(ok, "first", "erstens", 1), `row 1: column 5 is "erstens", want "first"`},
		"shared":    {strings.Replace(ok, "buergerbuero,2027-01-01\nfees,en", "buergerbuero,2027-01-01\nfees,en", 1) + "fees,tr,Ücret,46,,,,https://x.example/OTHER,,,,buergerbuero,2027-01-01\n", `c.csv: row 4: links, department or review of "fees" differ from its row 2`},
		"twice":     {ok + "fees,en,Fees,€46,,,,https://x.example/g,,,,buergerbuero,2027-01-01\n", `row 4: a second row for "fees" in "en" (the first is row 3)`},
		"date":      {strings.Replace(ok, "2027-01-01\nfees", "1.1.2027\nfees", 1), `row 2: review: "1.1.2027" is no date`},
		"lang":      {strings.Replace(ok, "fees,en", "fees,english", 1), `row 3: lang "english"`},
		"unknown":   {strings.Replace(ok, "fees,en", "fees,fr", 1), `row 3: lang "fr" is no language Amtsbote speaks`},
		"no german": {strings.Replace(ok, "fees,de,Gebühren", "fees,uk,Збори", 1), `c.csv: row 2: an answer needs a title and a text in "de"`},
		"bad link":  {strings.ReplaceAll(ok, "https://x.example/g", "ftp://x"), `no http(s) URL`},
		"columns":   {head + "fees,de\n", "c.csv: row 2: number of columns 2, want 13"},
		"head cols": {"id,lang,title\n", "c.csv: row 1: number of columns 3, want 13"},
		"empty":     {"", "answers: c.csv: the file is empty"},
		"no csv":    {strings.Replace(ok, `"46 €"`, `4"6 €`, 1), `c.csv: row 2: not readable as CSV: parse error on line 2`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := answers.ReadCSV("c.csv", strings.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}
