package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"

	"amtsbote/app"
	"amtsbote/channels/console"
)

func runChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand("chat", stderr)
	jsonOut := fs.Bool("json", false, "print every reply as one JSON object a line, and {\"type\":\"await\"} after each turn")
	as := fs.String("as", "terminal", "the citizen's address on the console channel (a new one starts a new conversation)")
	c, ok := s.parse(args, stderr)
	if !ok {
		return 2
	}
	level := "warn" // the terminal is for the conversation; AMTSBOTE_LOG_LEVEL shows more
	if v := os.Getenv("AMTSBOTE_LOG_LEVEL"); v != "" {
		level = v
	}
	log := newLogger(stderr, c.Log.Format, level)
	a, err := app.Build(c, log, app.Options{})
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
