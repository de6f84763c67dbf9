package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"amtsbote/text"
)

// runTexts is `amtsbote texts export LANG` (the full catalog of LANG as a
// PO file on stdout, for translators: the built-in texts with the city's
// overrides from config texts:) and `amtsbote texts check` (the missing,
// stale and fuzzy translations per language; exit 1 when there are any,
// or when an override file is wrong).
func runTexts(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "texts", stdout, stderr)
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	verb := fs.Arg(0)
	switch {
	case verb == "export" && fs.NArg() != 2:
		return s.refuse("cli.texts.export_lang", "langs", langList())
	case verb == "check" && fs.NArg() != 1:
		return s.refuse("cli.texts.check_args")
	case verb != "export" && verb != "check":
		return s.refuse("cli.texts.verbs")
	}
	texts, err := text.Load(c.Texts)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	if verb == "check" {
		return printCheck(stdout, s.say, texts)
	}
	l, err := text.Parse(fs.Arg(1))
	if err != nil || string(l) != fs.Arg(1) {
		return s.refuse("cli.texts.unknown", "lang", strconv.Quote(fs.Arg(1)), "langs", langList())
	}
	if err := texts.Export(stdout, l); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	return 0
}

// problemKinds are the catalog's words for the kinds of text.Problem.
var problemKinds = map[string]string{"missing": "cli.texts.missing", "stale": "cli.texts.stale", "fuzzy": "cli.texts.fuzzy"}

// printCheck lists the problems by language with a count line each; 1
// when there are any.
func printCheck(w io.Writer, say say, texts *text.Catalog) int {
	problems := texts.Check()
	keys := len(texts.Keys())
	for _, l := range text.All()[1:] {
		counts := map[string]int{}
		var lines []text.Problem
		for _, p := range problems {
			if p.Lang == l {
				counts[p.Kind]++
				lines = append(lines, p)
			}
		}
		fmt.Fprintf(w, "%-8s %s\n", l, say.T("cli.texts.counts", "n", keys, "missing", counts["missing"], "stale", counts["stale"], "fuzzy", counts["fuzzy"]))
		for _, p := range lines {
			where := ""
			if p.File != "" {
				where = fmt.Sprintf(" (%s:%d)", p.File, p.Line)
			}
			fmt.Fprintf(w, "  %s: %s %s%s\n", p.Lang, say.T(problemKinds[p.Kind]), p.Key, where)
		}
	}
	if len(problems) > 0 {
		return 1
	}
	return 0
}
