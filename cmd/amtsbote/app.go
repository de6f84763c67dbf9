package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"amtsbote/channels"
	"amtsbote/config"
	"amtsbote/dialog"
	"amtsbote/gateway"
	"amtsbote/metrics"
	"amtsbote/pgp"
	"amtsbote/services"
	"amtsbote/store"
	"amtsbote/store/bolt"
)

// settings are the flags every command shares; they override the
// configuration file and the environment.
type settings struct {
	configPath string
	fs         *flag.FlagSet
	data       string
	services   string
	prefix     string
	timezone   string
}

func (s *settings) register(fs *flag.FlagSet) {
	s.fs = fs
	fs.StringVar(&s.configPath, "config", os.Getenv("AMTSBOTE_CONFIG"), "configuration file (YAML; env AMTSBOTE_CONFIG)")
	fs.StringVar(&s.data, "data", "", "data directory: store and keys (default ./data, env AMTSBOTE_DATA)")
	fs.StringVar(&s.services, "services", "", "directory of service definitions that add to or override the built-in catalog (env AMTSBOTE_SERVICES)")
	fs.StringVar(&s.prefix, "case-prefix", "", "prefix of case reference numbers (default AB, env AMTSBOTE_CASE_PREFIX)")
	fs.StringVar(&s.timezone, "timezone", "", "the city's time zone (default Europe/Berlin, env AMTSBOTE_TIMEZONE)")
}

// load reads the configuration file and environment, then applies the flags
// given on the command line.
func (s *settings) load() (config.Config, error) {
	c, err := config.Load(s.configPath, os.LookupEnv)
	if err != nil {
		return config.Config{}, err
	}
	s.fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "data":
			c.Data = s.data
		case "services":
			c.Services = s.services
		case "case-prefix":
			c.CasePrefix = s.prefix
		case "timezone":
			c.Timezone = s.timezone
		}
	})
	return c, c.Check()
}

// app is the composition root: it builds every part once and wires them.
type app struct {
	cfg     config.Config
	log     *slog.Logger
	portal  *pgp.Portal
	db      *bolt.DB
	catalog *services.Catalog
	usage   *services.Usage
	engine  *dialog.Engine
	gw      *gateway.Gateway
	metrics *metrics.Metrics
}

// openApp opens the keys and the store and builds engine and gateway.
func openApp(c config.Config, log *slog.Logger) (*app, error) {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", c.Timezone, err)
	}
	cat, err := services.Load(c.Services)
	if err != nil {
		return nil, err
	}
	portal, db, err := openPortalAndStore(c, log)
	if err != nil {
		return nil, err
	}
	usage := services.NewUsage(cat, nil)
	if err := db.CaseTimes(time.Now().Add(-services.UsageWindow), usage.Record); err != nil {
		db.Close()
		return nil, err
	}
	refs := gateway.NewCaseRefs(c.CasePrefix, db, loc, log)
	engine := dialog.New(cat, dialog.NewKeywordRouter(cat), refs, usage, dialog.Options{Location: loc})
	m := metrics.New(db, log)
	gw := gateway.New(gateway.Config{Log: log, Meter: m, Observers: []gateway.Observer{usageObserver{usage}}}, db, db, engine)
	return &app{cfg: c, log: log, portal: portal, db: db, catalog: cat, usage: usage, engine: engine, gw: gw, metrics: m}, nil
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

// newLogger makes the process logger: text or JSON lines on w.
func newLogger(w io.Writer, format string, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

var _ channels.Deliverer = (*gateway.Gateway)(nil)
