package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"amtsbote/catalog"
	"amtsbote/text"
)

// runServices is `amtsbote services`: the catalog, one service a line.
func runServices(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "services", stdout, stderr)
	lang := fs.String("lang", string(s.say.lang), s.say.T("cli.flag.services.lang", "langs", langList()))
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	if fs.NArg() > 0 {
		return s.refuse("cli.arg.none")
	}
	if _, err := text.Parse(*lang); err != nil {
		return s.refuse("cli.texts.unknown", "lang", strconv.Quote(*lang), "langs", langList())
	}
	cat, err := catalog.Load(c.Services)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
		return 1
	}
	header := strings.ReplaceAll(s.say.T("cli.services.header"), "|", "\t")
	if err := cat.List(stdout, *lang, header); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
		return 1
	}
	return 0
}
