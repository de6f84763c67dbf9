package server

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"amtsbote/app"
	"amtsbote/channels/email"
	"amtsbote/channels/telegram"
	"amtsbote/channels/web"
	"amtsbote/config"
	"amtsbote/dialog"
	"amtsbote/frontpage"
	"amtsbote/gateway"
	"amtsbote/staff"
)

// runner is a channel part that runs until its context ends.
type runner struct {
	name string
	run  func(ctx context.Context) error
}

// startChannels builds every configured channel, registers its sender with
// the gateway (before the gateway runs) and its routes on mux. A channel
// without credentials is switched off with one log line.
func startChannels(c config.Config, a *app.App, feed *staff.Feed, mux *http.ServeMux, log *slog.Logger) ([]runner, *web.Channel, error) {
	var runners []runner
	// The web chat is always on: the widget, /chat/ws and /chat/files/; and
	// the portal's front page at /. Its secret (issued tokens, download links)
	// lives in the store so that both survive a restart.
	state := gateway.NewChannelState(a.DB) // the store's not-found is channels.ErrNotFound to them
	secret, err := web.LoadSecret(context.Background(), state)
	if err != nil {
		return nil, nil, err
	}
	frame := "'none'" // empty frame_ancestors: nobody may frame the pages
	if len(c.Web.FrameAncestors) > 0 {
		frame = strings.Join(c.Web.FrameAncestors, " ")
	}
	newSessions := c.Web.NewSessionsPerIP
	if newSessions == 0 {
		newSessions = -1 // off; to web.Options, 0 means its default
	}
	off := func(n int) int { // 0 in the file is off; to web.Options, 0 means its default
		if n == 0 {
			return -1
		}
		return n
	}
	wc := web.New(web.Options{
		PublicURL:        c.PublicURL,
		AllowedOrigins:   c.Web.AllowedOrigins,
		FrameAncestors:   frame,
		MaxUploadBytes:   c.Web.MaxUploadBytes,
		RateLimit:        c.Web.RateLimit,
		RateBurst:        c.Web.RateBurst,
		NewSessions:      newSessions,
		NewSessionWindow: c.Web.NewSessionsWindow,
		NewSessionBurst:  c.Web.NewSessionsBurst,
		MaxConnsPerIP:    off(c.Web.MaxConnectionsPerIP),
		MaxConnsPerToken: off(c.Web.MaxConnectionsPerToken),
		Secret:           secret,
		OnTyping:         feed.CitizenTyping,
		Meter:            a.Metrics,
		Starters:         frontpage.Starters(a.Catalog),
		Texts:            a.Texts,
	}, a.History, log)
	a.Gateway.AddSender(a.Relay.Wrap(wc)) // on PostgreSQL the other nodes show its replies too
	runners = append(runners, runner{"relay", a.Relay.Run})
	for _, p := range web.Paths() {
		mux.Handle(p, wc.Handler())
	}
	site := c.Site             // the city's contact office and legal pages (config site:)
	var console *staff.Console // built below; the page asks it for office hours only once serving
	page, err := frontpage.New(frontpage.Options{FrameAncestors: frame, CityName: c.City, Contact: site.Contact,
		Legal: frontpage.Legal{Imprint: site.ImprintURL, Privacy: site.PrivacyURL, Accessibility: site.AccessibilityURL,
			Feedback: site.AccessibilityFeedback}, Texts: a.Texts, Hours: func(d, l string) string { return console.HoursText(d, l) }}, a.Catalog)
	if err != nil {
		return nil, nil, err
	}
	mux.Handle("/", page.Handler()) // the more specific routes (/healthz, /verify/, the chat's) still win
	runners = append(runners, runner{"web", func(ctx context.Context) error { return wc.Run(ctx, a.Gateway) }})

	// The staff console at /staff: escalated conversations, cases, audit.
	if err := staff.CheckHours(a.Catalog); err != nil { // such a department counts as always open
		log.Warn("office hours unreadable", "component", "staff", "err", err)
	}
	var peers staff.Peers // on PostgreSQL: the console's live events reach the other nodes' consoles
	if a.Relay != nil {
		peers = a.Relay
	}
	console = staff.New(staff.Options{Location: a.Location, Log: log, AllowedOrigins: c.Staff.AllowedOrigins, PublicURL: c.PublicURL,
		DefaultDepartment: c.Staff.DefaultDepartment, Texts: a.Texts},
		staff.Deps{Store: a.DB, Forms: staffForms{}, Deliverer: a.Gateway, History: a.History, Catalog: a.Catalog,
			Feed: feed, Typers: map[string]staff.Typer{web.Name: wc}, Cases: a.Cases,
			Appointments: &staff.Appointments{Offices: a.Offices, Bookings: a.DB}, Answers: a.Answers, Ratings: a.Ratings, Peers: peers})
	a.Presence.SetConsole(console)
	a.Relay.SetConsole(console)
	if a.Metrics != nil {
		a.Metrics.SetQueue(console) // amtsbote_queue_oldest_wait_seconds
	}
	mux.Handle("/staff", console.Handler())
	mux.Handle("/staff/", console.Handler())
	runners = append(runners, runner{"staff", console.Run})
	if c.Telegram.Token == "" {
		log.Info("channel switched off", "component", "telegram", "reason", "AMTSBOTE_TELEGRAM_TOKEN is not set")
	} else {
		secret := string(c.Telegram.WebhookSecret)
		if c.Telegram.Webhook {
			if secret, err = webhookSecret(c.Telegram.WebhookSecret, c.Data, log); err != nil {
				return nil, nil, err
			}
		}
		tg, err := telegram.New(telegram.Options{
			Token:         string(c.Telegram.Token),
			APIURL:        c.Telegram.APIURL,
			Webhook:       c.Telegram.Webhook,
			WebhookSecret: secret,
			WebhookURL:    c.Telegram.WebhookURL,
			Linker:        a.Links,
			Texts:         a.Texts,
		}, state, log)
		if err != nil {
			return nil, nil, err
		}
		a.Gateway.AddSender(tg)
		mux.Handle("POST "+telegram.WebhookPath, tg.WebhookHandler())
		run := func(ctx context.Context) error { return tg.Run(ctx, a.Gateway) }
		if !c.Telegram.Webhook { // long polling: one node only; a webhook reaches any node
			poll := run
			run = func(ctx context.Context) error { return a.Singleton(ctx, "telegram-polling", poll) }
		}
		runners = append(runners, runner{"telegram", run})
	}
	if !app.EmailConfigured(c) {
		log.Info("channel switched off", "component", "email", "reason", "AMTSBOTE_EMAIL_ADDRESS, AMTSBOTE_IMAP_URL and AMTSBOTE_SMTP_URL are not all set")
	} else {
		em, err := email.New(email.Options{Portal: a.Portal, Texts: a.Texts,
			Address: c.Email.Address, DisplayName: c.Email.DisplayName,
			IMAPURL: string(c.Email.IMAPURL), SMTPURL: string(c.Email.SMTPURL),
			Mailbox: c.Email.Mailbox, ProcessedMailbox: c.Email.ProcessedMailbox, QuarantineMailbox: c.Email.QuarantineMailbox,
			PollInterval: c.Email.PollInterval, MaxAttachmentBytes: c.Email.MaxAttachmentBytes,
			MaxMailPlaintextBytes: c.Email.MaxMailPlaintextBytes, WKDBaseURL: c.Email.WKDBaseURL, AllowPlaintext: c.Email.AllowPlaintext, NoticeURL: c.PublicURL,
		}, state, log)
		if err != nil {
			return nil, nil, err
		}
		a.Gateway.AddSender(em)
		keys := em.KeyHandler()
		mux.Handle("GET /.well-known/openpgpkey/", keys)
		mux.Handle("GET /pgp-key.asc", keys)
		runners = append(runners, runner{"email", func(ctx context.Context) error {
			return a.Singleton(ctx, "imap", func(ctx context.Context) error { return em.Run(ctx, a.Gateway) })
		}})
	}
	return runners, wc, nil
}

// staffForms shows the console the engine's view of a conversation's state
// (dialog.ReadView): staff never decode the engine's state themselves.
type staffForms struct{}

func (staffForms) FormView(state []byte) (staff.FormView, error) {
	v, err := dialog.ReadView(state)
	if err != nil {
		return staff.FormView{}, err
	}
	f := staff.FormView{Form: v.Form, Field: v.Field, Paused: v.Paused, Answers: v.Answers}
	for _, c := range v.Cases {
		f.Cases = append(f.Cases, staff.SubmittedCase{Ref: c.Ref, Service: c.Service})
	}
	if r := v.Rating; r != nil {
		f.Rating = &staff.RatingView{Score: r.Score, Comment: r.Comment, At: r.At}
	}
	return f, nil
}
