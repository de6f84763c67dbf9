package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/gateway"
	"amtsbote/pgp"
	"amtsbote/services"
	"amtsbote/store"
	"amtsbote/store/bolt"
)

// settings are the options every command shares.
type settings struct {
	data     string
	services string
	prefix   string
	timezone string
}

func (s *settings) register(fs *flag.FlagSet) {
	fs.StringVar(&s.data, "data", envOr("AMTSBOTE_DATA", "./data"), "data directory (store, keys)")
	fs.StringVar(&s.services, "services", os.Getenv("AMTSBOTE_SERVICES"), "directory of service definitions that add to or override the built-in catalog")
	fs.StringVar(&s.prefix, "case-prefix", envOr("AMTSBOTE_CASE_PREFIX", "AB"), "prefix of case reference numbers")
	fs.StringVar(&s.timezone, "timezone", envOr("AMTSBOTE_TIMEZONE", "Europe/Berlin"), "the city's time zone")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// app is the composition root: it builds every part once and wires them.
type app struct {
	log     *slog.Logger
	portal  *pgp.Portal
	db      *bolt.DB
	catalog *services.Catalog
	usage   *services.Usage
	engine  *dialog.Engine
	gw      *gateway.Gateway
}

// openApp opens the keys and the store and builds engine and gateway.
func openApp(s settings, log *slog.Logger) (*app, error) {
	loc, err := time.LoadLocation(s.timezone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", s.timezone, err)
	}
	cat, err := services.Load(s.services)
	if err != nil {
		return nil, err
	}
	portal, err := pgp.LoadOrCreate(pgp.Options{Dir: s.data, Passphrase: []byte(os.Getenv("AMTSBOTE_KEY_PASSPHRASE")), Log: log})
	if err != nil {
		return nil, err
	}
	db, err := bolt.Open(s.data, portal, bolt.Options{Log: log})
	if err != nil {
		return nil, err
	}
	usage := services.NewUsage(cat, nil)
	if err := db.CaseTimes(time.Now().Add(-services.UsageWindow), usage.Record); err != nil {
		db.Close()
		return nil, err
	}
	refs := gateway.NewCaseRefs(s.prefix, db, loc, log)
	engine := dialog.New(cat, dialog.NewKeywordRouter(cat), refs, usage, dialog.Options{Location: loc})
	gw := gateway.New(gateway.Config{Log: log, Observers: []gateway.Observer{usageObserver{usage}}}, db, db, engine)
	return &app{log: log, portal: portal, db: db, catalog: cat, usage: usage, engine: engine, gw: gw}, nil
}

func (a *app) close() {
	if err := a.db.Close(); err != nil {
		a.log.Error("closing the store failed", "component", "main", "err", err)
	}
}

// usageObserver counts submitted cases for the menu's "frequently used".
type usageObserver struct{ u *services.Usage }

func (o usageObserver) TurnCommitted(_ string, _ store.Meta, cases []dialog.Case) {
	for _, c := range cases {
		o.u.Record(c.Service, c.Created)
	}
}

// newLogger makes the process logger: text on stderr, or JSON.
func newLogger(w io.Writer, jsonLogs bool, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if jsonLogs {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

var _ channels.Deliverer = (*gateway.Gateway)(nil)
