package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"amtsbote/app"
	"amtsbote/channels/console"
	"amtsbote/store/bolt"
)

func runChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "chat", stdout, stderr)
	jsonOut := fs.Bool("json", false, s.say.T("cli.flag.chat.json"))
	as := fs.String("as", "terminal", s.say.T("cli.flag.chat.as"))
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	level := "warn" // the terminal is for the conversation; AMTSBOTE_LOG_LEVEL shows more
	if v := os.Getenv("AMTSBOTE_LOG_LEVEL"); v != "" {
		level = v
	}
	log := newLogger(stderr, c.Log.Format, level)
	if serverAnswers(c.Data) {
		fmt.Fprintln(stderr, "amtsbote chat:", s.say.T("cli.chat.server", "dir", c.Data))
		return 1
	}
	if err := checkFiles(c, s.configPath); err != nil { // told in the operator's language, not the log's
		fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
		return 2
	}
	a, err := app.Build(c, log, app.Options{})
	if errors.Is(err, bolt.ErrInUse) {
		fmt.Fprintln(stderr, "amtsbote chat:", s.say.T("cli.chat.in_use", "dir", c.Data))
		return 1
	}
	if err != nil {
		log.Error("cannot start the chat", "component", "main", "err", err)
		return 1
	}
	defer a.Close()

	con := console.New(console.Options{In: stdin, Out: stdout, JSON: *jsonOut, Address: *as,
		Downloads: filepath.Join(c.Data, "downloads")})
	a.Gateway.AddSender(con)
	runCtx, stopRun := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = a.Gateway.Run(runCtx)
	}()
	err = con.Run(ctx, a.Gateway)
	stopRun()
	wg.Wait()
	if err != nil && ctx.Err() == nil {
		log.Error("the chat stopped", "component", "main", "err", err)
		return 1
	}
	return 0
}
