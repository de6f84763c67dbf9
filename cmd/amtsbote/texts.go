package main

import (
	"context"
	"fmt"
	"io"

	"amtsbote/text"
)

// runTexts is `amtsbote texts export LANG` (the full catalog of LANG as a
// PO file on stdout, for translators: the built-in texts with the city's
// overrides from config texts:) and `amtsbote texts check` (the missing,
// stale and fuzzy translations per language; exit 1 when there are any,
// or when an override file is wrong).
func runTexts(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "export" && args[0] != "check") {
		fmt.Fprintln(stderr, "usage: amtsbote texts export LANG | amtsbote texts check  [--config FILE]")
		return 2
	}
	sub := args[0]
	fs, s := newCommand("texts "+sub, stderr)
	c, ok := s.parse(args[1:], stderr)
	if !ok {
		return 2
	}
	pos := fs.Args()
	if len(pos) > 1 { // flags after LANG
		if c, ok = s.parse(pos[1:], stderr); !ok {
			return 2
		}
		pos = pos[:1]
	}
	texts, err := text.Load(c.Texts)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	if sub == "export" {
		if len(pos) != 1 {
			fmt.Fprintln(stderr, "usage: amtsbote texts export LANG (one of de, en, uk, tr, ar, ru, de-x-ls)")
			return 2
		}
		l, err := text.Parse(pos[0])
		if err != nil || string(l) != pos[0] {
			fmt.Fprintf(stderr, "amtsbote: unknown language %q (one of de, en, uk, tr, ar, ru, de-x-ls)\n", pos[0])
			return 2
		}
		if err := texts.Export(stdout, l); err != nil {
			fmt.Fprintln(stderr, "amtsbote:", err)
			return 1
		}
		return 0
	}
	if len(pos) != 0 {
		fmt.Fprintln(stderr, "usage: amtsbote texts check")
		return 2
	}
	return printCheck(stdout, texts)
}

// printCheck lists the problems by language with a count line each; 1
// when there are any.
func printCheck(w io.Writer, texts *text.Catalog) int {
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
		fmt.Fprintf(w, "%-8s %d texts: %d missing, %d stale, %d fuzzy\n", l, keys, counts["missing"], counts["stale"], counts["fuzzy"])
		for _, p := range lines {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	if len(problems) > 0 {
		return 1
	}
	return 0
}
