// Package app is the composition root: Build opens the keys and the
// store and wires catalog, engine, service handlers, in-memory views and
// gateway once, the same way for the server, the terminal chat and the
// tests (internal/harness). The channels and the staff console are added
// around it by app/serve.
package app

import (
	"fmt"
	"log/slog"
	"time"

	"amtsbote/answers/live"
	"amtsbote/catalog"
	"amtsbote/channels/backoffice"
	"amtsbote/config"
	"amtsbote/dialog"
	"amtsbote/gateway"
	"amtsbote/metrics"
	"amtsbote/pgp"
	"amtsbote/ratings"
	"amtsbote/services/appointments"
	"amtsbote/services/business"
	"amtsbote/services/handlers"
	"amtsbote/services/parking"
	"amtsbote/store"
	"amtsbote/text"
)

// Options adjust what Build makes; the zero value is production's.
type Options struct {
	// Now is the clock of the gateway and the usage counts; nil means time.Now.
	Now func() time.Time
	// Handlers replace the built-in service handlers when not nil.
	Handlers map[string]dialog.Handler
	// Gate tunes the gateway (retries, concurrency, cache); Build sets
	// its Log, Now, Meter and Handoff and puts its own observers before
	// Gate.Observers.
	Gate gateway.Config
	// Email says an email channel is added although the configuration
	// sets none up (tests run the channel on their own servers).
	Email bool
}

// MailChannel is the name of the channel that mails confirmations
// (channels/email's Name; app does not import the channel, whose tests
// build the core).
const MailChannel = "email"

// App is the application's core, built once.
type App struct {
	Config  config.Config
	Log     *slog.Logger
	Portal  *pgp.Portal
	DB      store.Store
	Catalog *catalog.Catalog
	Texts   *text.Catalog // the built-in texts with the city's overrides (config texts:)
	Usage   *catalog.Usage
	Engine  *dialog.Engine
	Gateway *gateway.Gateway
	History *gateway.History
	Metrics *metrics.Metrics
	Cases   *gateway.CaseIndex
	Permits *parking.Registry
	Offices *appointments.Offices
	Ledger  *appointments.Ledger // the booked slots
	Links   *gateway.Links       // link codes: continue a conversation on another channel
	// Presence is who of staff can answer: the console, once one runs.
	Presence *Presence
	Location *time.Location
	// Relay carries what the other nodes on one PostgreSQL commit to this
	// node; nil on bbolt (its methods work on nil).
	Relay *Relay
	// Answers is the knowledge base: its console versions and ratings in
	// the store, and (Answers.Base()) what the engine routes to and shows.
	Answers *live.Editor
	// Ratings counts the citizens' ratings of their conversations per
	// department and service (the staff console's overview).
	Ratings *ratings.Counter
}

// Build opens the keys and the store of c and builds the core. The caller
// adds its channels' senders, runs the gateway and closes the App.
func Build(c config.Config, log *slog.Logger, opts Options) (*App, error) {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", c.Timezone, err)
	}
	cat, err := catalog.Load(c.Services)
	if err != nil {
		return nil, err
	}
	texts, err := text.Load(c.Texts)
	if err != nil {
		return nil, err
	}
	zones := parking.SampleZones()
	if c.ParkingZones != "" {
		if zones, err = parking.LoadZones(c.ParkingZones); err != nil {
			return nil, err
		}
	}
	portal, db, err := OpenStore(c, log)
	if err != nil {
		return nil, err
	}
	a := &App{Config: c, Log: log, Portal: portal, DB: db, Catalog: cat, Texts: texts, Location: loc, Presence: &Presence{}}
	if err := a.build(c, zones, opts); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// build seeds the in-memory views from the store and wires engine and
// gateway.
func (a *App) build(c config.Config, zones *parking.Zones, opts Options) error {
	loc := a.Location
	a.Usage = catalog.NewUsage(a.Catalog, opts.Now)
	if err := a.DB.CaseTimes(time.Now().Add(-catalog.UsageWindow), a.Usage.Record); err != nil {
		return err
	}
	a.Cases = gateway.NewCaseIndex(a.DB.CaseSecretMAC)
	err := a.DB.CaseIndex(func(e store.CaseIndexEntry) {
		a.Cases.Put(e.Ref, e.Service, e.Status, e.Created, e.SecretMAC)
	})
	if err != nil {
		return err
	}
	a.Permits = parking.NewRegistry(loc)
	parkingCases, err := a.DB.CasesOfService(parking.ServiceID)
	if err != nil {
		return err
	}
	a.Permits.Record(parkingCases...)
	if err := a.buildAppointments(c.Offices); err != nil {
		return err
	}
	hs := opts.Handlers
	if hs == nil {
		hs = handlers.Builtin(handlers.Options{Zones: zones, Permits: a.Permits, Location: loc, Texts: a.Texts,
			Issuer: parking.NewPDFIssuer(parking.PDFOptions{City: c.City, PublicURL: c.PublicURL}),
			Appointments: appointments.New(appointments.Options{Offices: a.Offices, Ledger: a.Ledger,
				Catalog: a.Catalog, Location: loc, Texts: a.Texts})})
	}
	refs := gateway.NewCaseRefs(c.CasePrefix, a.DB, loc, a.Log)
	a.Links = gateway.NewLinks(a.DB.LinkMAC, dialog.LinkValidity)
	a.Metrics = metrics.New(a.DB, a.Log)
	a.Ratings = ratings.New(a.DB)
	if err := a.buildAnswers(c.Answers, time.Now().In(loc)); err != nil {
		return err
	}
	base := a.Answers.Base()
	a.Engine = dialog.New(a.Catalog, base, refs, a.Usage, dialog.Options{
		Location:    loc,
		Links:       a.Links,
		TelegramBot: c.Telegram.BotUsername,
		Staff:       a.Presence,
		Handlers:    hs,
		Cases:       a.Cases,
		NoEmail:     !opts.Email && !EmailConfigured(c),
		Answers:     base,
		Texts:       a.Texts,
	})
	a.History = gateway.NewHistory(a.DB)
	bo, err := backofficeSender(c, a)
	if err != nil {
		return err
	}
	gc := opts.Gate
	gc.Log, gc.Now, gc.Meter, gc.Handoff = a.Log, opts.Now, a.Metrics, backoffice.Name
	if opts.Email || EmailConfigured(c) {
		gc.Mail = MailChannel // confirmations go out through the email channel
	}
	gc.Observers = append([]gateway.Observer{usageObserver{a.Usage}, a.Cases, permitObserver{a.Permits}, a.Ledger,
		ratingObserver{a.Answers}, conversationRatings{a.Ratings}},
		opts.Gate.Observers...)
	a.Gateway = gateway.New(gc, a.DB, a.DB, a.Engine)
	a.Relay = newRelay(a.DB, gc.Observers, a.Ledger, a.Answers, a.Log)
	if a.Relay != nil {
		a.Answers.SetPeers(a.Relay) // a publish reaches the other nodes at once
	}
	a.Gateway.AddSender(bo)
	return nil
}

// EmailConfigured reports whether c switches the email channel on: its
// address, IMAP and SMTP URLs are all set.
func EmailConfigured(c config.Config) bool {
	return c.Email.Address != "" && c.Email.IMAPURL != "" && c.Email.SMTPURL != ""
}

// buildAppointments loads the offices (the sample unless the configuration
// names a file) and seeds the booked slots from the store.
func (a *App) buildAppointments(officesFile string) error {
	a.Offices = appointments.Sample()
	if officesFile != "" {
		var err error
		if a.Offices, err = appointments.LoadFile(officesFile); err != nil {
			return err
		}
	}
	a.Ledger = appointments.NewLedger(a.DB.CaseSecretMAC)
	return a.DB.BookingIndex(a.Ledger.PutStored)
}

// backofficeSender builds the channel that hands new cases to their
// departments, from the configuration's department keys and targets.
func backofficeSender(c config.Config, a *App) (*backoffice.Sender, error) {
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
	bo, err := backoffice.New(backoffice.Options{Portal: a.Portal, Forms: business.Forms{Catalog: a.Catalog}, Departments: deps, Log: a.Log})
	if err != nil {
		return nil, fmt.Errorf("config: backoffice: %w", err)
	}
	return bo, nil
}

// Close closes the store.
func (a *App) Close() error {
	if err := a.DB.Close(); err != nil {
		a.Log.Error("closing the store failed", "component", "app", "err", err)
		return fmt.Errorf("closing the store: %w", err)
	}
	return nil
}
