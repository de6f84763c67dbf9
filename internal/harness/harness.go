// Package harness starts the real core (OpenPGP key, bbolt store in a temp
// dir, dialog engine with the built-in catalog, gateway) for tests of the
// channels and commands.
package harness

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/dialog/route"
	"amtsbote/gateway"
	"amtsbote/pgp"
	"amtsbote/store/bolt"
)

// Core is a running core for one test.
type Core struct {
	Dir     string
	Portal  *pgp.Portal
	DB      *bolt.DB
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
	Loc  *time.Location
	Gate gateway.Config // Log, Now are filled in
	// Handlers are the engine's service handlers (dialog.Options.Handlers);
	// nil means none.
	Handlers map[string]dialog.Handler
}

// Start builds and runs a core with the given channel senders; it stops
// when the test ends (or when Stop is called).
func Start(t testing.TB, opts Options, senders ...channels.Sender) *Core {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Loc == nil {
		loc, err := time.LoadLocation("Europe/Berlin")
		if err != nil {
			t.Fatal(err)
		}
		opts.Loc = loc
	}
	p, err := pgp.LoadOrCreate(pgp.Options{Dir: opts.Dir, Passphrase: []byte("test"), Log: opts.Log})
	if err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(opts.Dir, p, bolt.Options{Log: opts.Log})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	usage := catalog.NewUsage(cat, opts.Now)
	refs := gateway.NewCaseRefs("AB", db, opts.Loc, opts.Log)
	links := gateway.NewLinks(db.LinkMAC, dialog.LinkValidity)
	eng := dialog.New(cat, route.New(cat), refs, usage, dialog.Options{Location: opts.Loc, Links: links, TelegramBot: "MusterstadtBot",
		Handlers: opts.Handlers})
	cfg := opts.Gate
	cfg.Log, cfg.Now = opts.Log, opts.Now
	gw := gateway.New(cfg, db, db, eng)
	for _, s := range senders {
		gw.AddSender(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = gw.Run(ctx)
	}()
	c := &Core{Dir: opts.Dir, Portal: p, DB: db, Catalog: cat, Engine: eng, Gateway: gw,
		History: gateway.NewHistory(db), State: gateway.NewChannelState(db), Links: links, Log: opts.Log}
	var once sync.Once
	c.stop = func() {
		once.Do(func() {
			cancel()
			<-done
			_ = db.Close()
		})
	}
	t.Cleanup(c.stop)
	return c
}

// Stop stops the gateway without draining and closes the store, as a crash
// would leave them (what was committed stays; nothing more is delivered).
func (c *Core) Stop() { c.stop() }
