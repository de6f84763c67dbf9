package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/channels/backoffice"
	"amtsbote/channels/web"
	"amtsbote/config"
	"amtsbote/dialog"
	"amtsbote/dialog/route"
	"amtsbote/gateway"
	"amtsbote/metrics"
	"amtsbote/pgp"
	"amtsbote/services/appointments"
	"amtsbote/services/handlers"
	"amtsbote/services/parking"
	"amtsbote/staff"
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

// newCommand makes a subcommand's flag set with the shared settings.
func newCommand(name string, stderr io.Writer) (*flag.FlagSet, *settings) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	s := &settings{}
	s.register(fs)
	return fs, s
}

// parse parses args and loads the configuration; on failure it has told
// stderr why, and the command exits with 2.
func (s *settings) parse(args []string, stderr io.Writer) (config.Config, bool) {
	if err := s.fs.Parse(args); err != nil {
		return config.Config{}, false
	}
	c, err := s.load()
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return config.Config{}, false
	}
	return c, true
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
	catalog *catalog.Catalog
	usage   *catalog.Usage
	engine  *dialog.Engine
	gw      *gateway.Gateway
	metrics *metrics.Metrics
	cases   *gateway.CaseIndex
	permits *parking.Registry
	// offices and bookings: appointments (the ledger is the booked slots)
	offices *appointments.Offices
	ledger  *appointments.Ledger
	web     *web.Channel // set by startChannels in serve

	staffFeed *staff.Feed
	links     *gateway.Links
	presence  presence // who of staff can answer: the console, once serve runs it
	loc       *time.Location
}

// openApp opens the keys and the store and builds engine and gateway.
func openApp(c config.Config, log *slog.Logger) (*app, error) {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", c.Timezone, err)
	}
	cat, err := catalog.Load(c.Services)
	if err != nil {
		return nil, err
	}
	zones := parking.SampleZones()
	if c.ParkingZones != "" {
		if zones, err = parking.LoadZones(c.ParkingZones); err != nil {
			return nil, err
		}
	}
	portal, db, err := openPortalAndStore(c, log)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: c, log: log, portal: portal, db: db, catalog: cat}
	if err := a.build(c, loc, zones); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// build seeds the in-memory views from the store and wires engine and
// gateway.
func (a *app) build(c config.Config, loc *time.Location, zones *parking.Zones) error {
	a.loc = loc
	a.usage = catalog.NewUsage(a.catalog, nil)
	if err := a.db.CaseTimes(time.Now().Add(-catalog.UsageWindow), a.usage.Record); err != nil {
		return err
	}
	a.cases = gateway.NewCaseIndex(a.db.CaseSecretMAC)
	err := a.db.CaseIndex(func(e store.CaseIndexEntry) {
		a.cases.Put(e.Ref, e.Service, e.Status, e.Created, e.SecretMAC)
	})
	if err != nil {
		return err
	}
	a.permits = parking.NewRegistry(loc)
	parkingCases, err := a.db.CasesOfService(parking.ServiceID)
	if err != nil {
		return err
	}
	a.permits.Record(parkingCases...)
	if err := a.buildAppointments(c.Offices); err != nil {
		return err
	}
	refs := gateway.NewCaseRefs(c.CasePrefix, a.db, loc, a.log)
	a.links = gateway.NewLinks(a.db.LinkMAC, dialog.LinkValidity)
	a.engine = dialog.New(a.catalog, route.New(a.catalog), refs, a.usage, dialog.Options{
		Location:    loc,
		Links:       a.links,
		TelegramBot: c.Telegram.BotUsername,
		Staff:       &a.presence,
		Handlers: handlers.Builtin(handlers.Options{Zones: zones, Permits: a.permits, Location: loc,
			Issuer: parking.NewPDFIssuer(parking.PDFOptions{City: c.City, PublicURL: c.PublicURL}),
			Appointments: appointments.New(appointments.Options{Offices: a.offices, Ledger: a.ledger,
				Catalog: a.catalog, Location: loc})}),
		Cases: a.cases,
	})
	a.metrics = metrics.New(a.db, a.log)
	a.staffFeed = staff.NewFeed()
	bo, err := backofficeSender(c, a)
	if err != nil {
		return err
	}
	a.gw = gateway.New(gateway.Config{Log: a.log, Meter: a.metrics, Handoff: backoffice.Name,
		Observers: []gateway.Observer{usageObserver{a.usage}, a.cases, permitObserver{a.permits}, a.staffFeed, a.ledger}}, a.db, a.db, a.engine)
	a.gw.AddSender(bo)
	return nil
}

// buildAppointments loads the offices (the sample unless the configuration
// names a file) and seeds the booked slots from the store.
func (a *app) buildAppointments(officesFile string) error {
	a.offices = appointments.Sample()
	if officesFile != "" {
		var err error
		if a.offices, err = appointments.LoadFile(officesFile); err != nil {
			return err
		}
	}
	a.ledger = appointments.NewLedger(a.db.CaseSecretMAC)
	return a.db.BookingIndex(a.ledger.PutStored)
}

// backofficeSender builds the channel that hands new cases to their
// departments, from the configuration's department keys and targets.
func backofficeSender(c config.Config, a *app) (*backoffice.Sender, error) {
	deps := map[string]backoffice.Department{}
	for id, d := range c.Backoffice {
		key := ""
		if d.PublicKeyFile != "" {
			var err error
			if key, err = backoffice.LoadDepartmentKey(d.PublicKeyFile); err != nil {
				return nil, fmt.Errorf("config: backoffice.%s.public_key_file: %w", id, err)
			}
		}
		deps[id] = backoffice.Department{PublicKey: key, WebhookURL: string(d.WebhookURL), DropDir: d.DropDir}
	}
	bo, err := backoffice.New(backoffice.Options{Portal: a.portal, Catalog: a.catalog, Departments: deps, Log: a.log})
	if err != nil {
		return nil, fmt.Errorf("config: backoffice: %w", err)
	}
	return bo, nil
}

// permitObserver records the permits approved in committed turns.
type permitObserver struct{ r *parking.Registry }

func (o permitObserver) TurnCommitted(_ string, _ store.Meta, submitted []cases.Case) {
	o.r.Record(submitted...)
}

func (a *app) close() {
	if err := a.db.Close(); err != nil {
		a.log.Error("closing the store failed", "component", "main", "err", err)
	}
}

// usageObserver counts submitted cases for the menu's "frequently used".
type usageObserver struct{ u *catalog.Usage }

func (o usageObserver) TurnCommitted(_ string, _ store.Meta, submitted []cases.Case) {
	for _, c := range submitted {
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

// presence answers dialog.StaffPresence from the staff console once one
// runs; without a console (the terminal chat) it claims nothing.
type presence struct{ console atomic.Pointer[staff.Console] }

func (p *presence) Available(department string, now time.Time) bool {
	c := p.console.Load()
	return c == nil || c.Available(department, now)
}
