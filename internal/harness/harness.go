// Package harness starts the application's core as production builds it
// (app.Build: OpenPGP key, bbolt store in a temp dir, the built-in catalog
// and service handlers, the in-memory views, gateway) for tests of the
// channels and commands.
package harness

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"amtsbote/app"
	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/config"
	"amtsbote/dialog"
	"amtsbote/gateway"
	"amtsbote/pgp"
	"amtsbote/store"
)

// Core is a running core for one test.
type Core struct {
	Dir     string
	App     *app.App
	Portal  *pgp.Portal
	DB      store.Store
	Catalog *catalog.Catalog
	Engine  *dialog.Engine
	Gateway *gateway.Gateway
	History *gateway.History
	State   *gateway.ChannelState // the channels' state values, as the channels see them
	Links   *gateway.Links        // link codes: continue a conversation on another channel
	Log     *slog.Logger

	stop func()
}

// Options adjust a core; the zero value is fine.
type Options struct {
	Dir  string       // data dir; "" means a new t.TempDir()
	Log  *slog.Logger // nil means discard
	Now  func() time.Time
	Loc  *time.Location // nil means Europe/Berlin, the default time zone
	Gate gateway.Config // app.Options.Gate
	// Handlers replace the built-in service handlers when not nil
	// (app.Options.Handlers).
	Handlers map[string]dialog.Handler
}

// Config is the configuration a test core runs on: the defaults, with dir
// as the data directory.
func Config(dir string) config.Config {
	c := config.Default()
	c.Data = dir
	c.KeyPassphrase = "test"
	c.Telegram.BotUsername = "MusterstadtBot"
	return c
}

// Start builds the core with app.Build and runs it with the given channel
// senders; it stops when the test ends (or when Stop is called).
func Start(t testing.TB, opts Options, senders ...channels.Sender) *Core {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	c := Config(opts.Dir)
	if opts.Loc != nil {
		c.Timezone = opts.Loc.String()
	}
	mail := false
	for _, s := range senders {
		mail = mail || s.Name() == app.MailChannel
	}
	a, err := app.Build(c, opts.Log, app.Options{Now: opts.Now, Handlers: opts.Handlers, Gate: opts.Gate, Email: mail})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range senders {
		a.Gateway.AddSender(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = a.Gateway.Run(ctx)
	}()
	core := &Core{Dir: opts.Dir, App: a, Portal: a.Portal, DB: a.DB, Catalog: a.Catalog, Engine: a.Engine,
		Gateway: a.Gateway, History: a.History, State: gateway.NewChannelState(a.DB), Links: a.Links, Log: opts.Log}
	var once sync.Once
	core.stop = func() {
		once.Do(func() {
			cancel()
			<-done
			_ = a.DB.Close()
		})
	}
	t.Cleanup(core.stop)
	return core
}

// Stop stops the gateway without draining and closes the store, as a crash
// would leave them (what was committed stays; nothing more is delivered).
func (c *Core) Stop() { c.stop() }
