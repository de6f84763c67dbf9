// Package console is the terminal channel: `amtsbote chat` talks to the bot
// one line at a time, for people trying it out and for scripts (--json).
package console

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"amtsbote/channels"
)

// Name is the channel's name.
const Name = "console"

// replyWait bounds how long the console waits for a turn's replies.
const replyWait = 30 * time.Second

// Options configure a console.
type Options struct {
	In        io.Reader
	Out       io.Writer
	JSON      bool   // one JSON object a line instead of text
	Address   string // the citizen's address on this channel; "" means "terminal"
	Downloads string // where files the bot sends are saved; "" means don't save
	MaxUpload int64  // largest file /file sends; 0 means 20 MiB
}

// Console reads citizen lines from In and prints replies to Out.
type Console struct {
	opts Options

	mu      sync.Mutex
	printed map[string]bool // outbox ids printed, until the turn that made them ends
	changed chan struct{}   // closed and replaced whenever something is printed
	options []channels.Option
}

// New makes a console channel.
func New(opts Options) *Console {
	if opts.Address == "" {
		opts.Address = "terminal"
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = 20 << 20
	}
	return &Console{opts: opts, printed: map[string]bool{}, changed: make(chan struct{})}
}

// Name is the channel's name.
func (c *Console) Name() string { return Name }

// Send prints one reply.
func (c *Console) Send(_ context.Context, d channels.Delivery) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	saved := c.save(d.Message.Attachments)
	var err error
	if c.opts.JSON {
		err = writeJSON(c.opts.Out, jsonMessage(d.Message, saved))
	} else {
		err = writeText(c.opts.Out, d.Message, saved)
	}
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	c.options = d.Message.Options
	c.printed[d.ID] = true
	close(c.changed)
	c.changed = make(chan struct{})
	return nil
}

// save writes attachments to the downloads folder and returns their paths.
func (c *Console) save(atts []channels.Attachment) []string {
	paths := make([]string, len(atts))
	if c.opts.Downloads == "" {
		return paths
	}
	for i, a := range atts {
		if err := os.MkdirAll(c.opts.Downloads, 0o700); err != nil {
			continue
		}
		p := filepath.Join(c.opts.Downloads, filepath.Base(a.Name))
		if os.WriteFile(p, a.Data, 0o600) == nil {
			paths[i] = p
		}
	}
	return paths
}

// Run reads lines until In ends or ctx is done, delivering each and waiting
// for its replies to be printed. The goroutine reading In cannot be
// interrupted by ctx (a terminal read blocks); it ends with In.
func (c *Console) Run(ctx context.Context, d channels.Deliverer) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(c.opts.In)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr <- sc.Err()
		close(lines)
	}()
	if !c.opts.JSON {
		fmt.Fprintln(c.opts.Out, "Amtsbote – schreiben Sie eine Nachricht (Enter). /file PFAD sendet eine Datei, Strg-D beendet.")
	}
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case line, ok := <-lines:
			if !ok {
				return <-readErr
			}
			if err := c.handle(ctx, d, line); err != nil {
				return err
			}
		}
	}
}

// handle delivers one line and prints the end of the turn.
func (c *Console) handle(ctx context.Context, d channels.Deliverer, line string) error {
	in, problem := c.inbound(line)
	if problem != "" {
		c.notice(problem)
		return c.await()
	}
	if in == nil {
		return nil
	}
	rc, err := d.Deliver(ctx, *in)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return err
		}
		c.notice("Die Nachricht konnte nicht gespeichert werden: " + err.Error())
		return c.await()
	}
	c.waitPrinted(ctx, rc.Replies)
	return c.await()
}

// waitPrinted waits until every reply of the turn was printed.
func (c *Console) waitPrinted(ctx context.Context, ids []string) {
	deadline := time.NewTimer(replyWait)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		missing := 0
		for _, id := range ids {
			if !c.printed[id] {
				missing++
			}
		}
		ch := c.changed
		if missing == 0 {
			for _, id := range ids {
				delete(c.printed, id)
			}
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return
		case <-deadline.C:
			c.notice("Die Antwort kommt später.")
			return
		}
	}
}

func (c *Console) await() error {
	if !c.opts.JSON {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return writeJSON(c.opts.Out, map[string]string{"type": "await"})
}

func (c *Console) notice(text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.opts.JSON {
		_ = writeJSON(c.opts.Out, map[string]string{"type": "error", "message": text})
		return
	}
	fmt.Fprintln(c.opts.Out, "! "+text)
}

func newMessageID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "console-" + hex.EncodeToString(b)
}
