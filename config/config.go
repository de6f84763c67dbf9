// Package config is Amtsbote's typed configuration: one YAML file, with
// environment variables (AMTSBOTE_*) overriding it, and defaults that run
// everything on localhost with no file at all.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is the whole configuration.
type Config struct {
	Data string `yaml:"data"` // data directory: store and keys
	// Store is where the records live: "" keeps them in bbolt in Data (one
	// node); a postgres:// URL puts them in PostgreSQL, for several nodes.
	// The keys stay in Data on every node. It may carry a password.
	Store      Secret `yaml:"store"`
	Addr       string `yaml:"addr"`        // where the HTTP parts listen
	PublicURL  string `yaml:"public_url"`  // how citizens reach the server, for links
	Timezone   string `yaml:"timezone"`    // the city's time zone
	CasePrefix string `yaml:"case_prefix"` // prefix of case references
	Services   string `yaml:"services"`    // directory of extra service definitions
	// Texts is a directory of PO files laid over the built-in texts
	// (package text; "de.po", "ar.po", …); "" uses the built-in ones.
	Texts string `yaml:"texts"`
	// ParkingZones is a CSV of streets in resident parking zones; "" uses the sample table.
	ParkingZones string `yaml:"parking_zones"`
	// Offices is the YAML file of the offices that give appointments (addresses,
	// opening hours, counters, slot lengths); "" uses the sample.
	Offices string `yaml:"offices"`
	// Answers is a directory of extra answer definitions (knowledge base);
	// they add to the built-in ones or replace them by id. "" uses the built-in ones.
	Answers   string    `yaml:"answers"`
	Log       Log       `yaml:"log"`
	TLS       TLS       `yaml:"tls"`
	Web       Web       `yaml:"web"`
	Telegram  Telegram  `yaml:"telegram"`
	Email     Email     `yaml:"email"`
	Retention Retention `yaml:"retention"`
	Staff     Staff     `yaml:"staff"`
	// City is the city's name as printed on documents (the parking permit).
	City string `yaml:"city"`
	// Site is the city's contact office and legal pages on the front page
	// and in the web chat (config/site.go).
	Site Site `yaml:"site"`
	// Backoffice configures, by department id, where new cases are handed off.
	Backoffice map[string]Backoffice `yaml:"backoffice"`
	// MetricsAddr is where /metrics (Prometheus) listens, apart from the
	// public listener; "" or "off" switches it off.
	MetricsAddr string `yaml:"metrics_addr"`
	// HTTP bounds the connections of every HTTP listener.
	HTTP HTTP `yaml:"http"`

	// KeyPassphrase unlocks the portal key; only from AMTSBOTE_KEY_PASSPHRASE.
	KeyPassphrase Secret `yaml:"-"`
}

// HTTP bounds the connections of every HTTP listener: the public one, the
// metrics listener and the admin socket.
type HTTP struct {
	// ReadTimeout is the longest a client may take to send one whole
	// request, headers and body. A WebSocket (the web chat, the staff
	// console's live feed) leaves HTTP once upgraded and is not cut.
	ReadTimeout time.Duration `yaml:"read_timeout"`
	// IdleTimeout closes a keep-alive connection that sends no next request.
	IdleTimeout time.Duration `yaml:"idle_timeout"`
}

// Log configures logging.
type Log struct {
	Format string `yaml:"format"` // "text" or "json"
	Level  string `yaml:"level"`  // "debug", "info", "warn", "error"
	// Access logs every HTTP request at info level: method, route pattern,
	// status, duration; never the query string. On by default; serve
	// --no-access-log switches it off.
	Access bool `yaml:"access"`
	// AccessClientIP adds the client's address to the access log (off:
	// addresses are personal data).
	AccessClientIP bool `yaml:"access_client_ip"`
}

// TLS makes the server speak HTTPS and WSS itself.
type TLS struct {
	Cert           string   `yaml:"cert"`
	Key            string   `yaml:"key"`
	TrustedProxies []string `yaml:"trusted_proxies"` // CIDRs whose X-Forwarded-* headers are believed
}

// Web configures the web chat.
type Web struct {
	AllowedOrigins []string `yaml:"allowed_origins"`  // pages that may embed the widget; empty: same origin only
	FrameAncestors []string `yaml:"frame_ancestors"`  // who may frame the pages; empty: nobody
	MaxUploadBytes int64    `yaml:"max_upload_bytes"` // largest file a citizen may send; 10 MiB
	// RateLimit (messages per second, sustained) and RateBurst (at once)
	// limit each connection; 1 and 10. Raise them for load tests.
	RateLimit float64 `yaml:"rate_limit"`
	RateBurst int     `yaml:"rate_burst"`
	// NewSessionsPerIP limits the new chat sessions (a first visit, or a
	// resume token the server does not know) per client IP, IPv6 per /64,
	// behind tls.trusted_proxies the forwarded one: new_sessions_burst at
	// once, then new_sessions_per_ip per new_sessions_window. 0 switches
	// the limit off. Resuming a conversation is never limited. Defaults:
	// 20 per 10m, 20 at once (one new session every 30 s after a burst).
	NewSessionsPerIP  int           `yaml:"new_sessions_per_ip"`
	NewSessionsWindow time.Duration `yaml:"new_sessions_window"`
	NewSessionsBurst  int           `yaml:"new_sessions_burst"`
	// MaxConnectionsPerIP caps the open chat connections (WebSockets) of
	// one client IP, counted as new_sessions_per_ip counts; 500, far above
	// a city hall's or library's shared Wi-Fi. MaxConnectionsPerToken caps
	// those of one conversation (its resume token: one per open tab); 8.
	// 0 switches a cap off.
	MaxConnectionsPerIP    int `yaml:"max_connections_per_ip"`
	MaxConnectionsPerToken int `yaml:"max_connections_per_token"`
}

// Telegram configures the Telegram bot; it is off without a token.
type Telegram struct {
	Token         Secret `yaml:"token"`
	APIURL        string `yaml:"api_url"`
	Webhook       bool   `yaml:"webhook"`        // updates at /telegram/webhook instead of long polling
	WebhookSecret Secret `yaml:"webhook_secret"` // secret_token: 32-256 of A-Za-z0-9_-; "" generates one
	WebhookURL    string `yaml:"webhook_url"`    // public URL registered with setWebhook, when set
	BotUsername   string `yaml:"bot_username"`   // e.g. MusterstadtBot: t.me links for continuing a chat there
}

// Email configures the mail channel; it is off without address and URLs.
type Email struct {
	Address        string        `yaml:"address"`
	IMAPURL        Secret        `yaml:"imap_url"` // may carry user:password
	SMTPURL        Secret        `yaml:"smtp_url"`
	PollInterval   time.Duration `yaml:"poll_interval"`
	WKDBaseURL     string        `yaml:"wkd_base_url"`
	AllowPlaintext bool          `yaml:"allow_plaintext"`
	// Mailboxes: read from Mailbox (INBOX); processed mail is moved to
	// ProcessedMailbox when set (else flagged), unreadable mail to
	// QuarantineMailbox when set (else flagged and left unread).
	Mailbox            string `yaml:"mailbox"`
	ProcessedMailbox   string `yaml:"processed_mailbox"`
	QuarantineMailbox  string `yaml:"quarantine_mailbox"`
	DisplayName        string `yaml:"display_name"`
	MaxAttachmentBytes int64  `yaml:"max_attachment_bytes"`
	// MaxMailPlaintextBytes bounds what the encrypted parts of one mail may
	// decrypt to altogether; 25 MiB.
	MaxMailPlaintextBytes int64 `yaml:"max_mail_plaintext_bytes"`
}

// Backoffice is where one department receives its new cases: a JSON record
// signed with the portal key and encrypted to the department's key, posted to
// a webhook and/or dropped in a directory.
type Backoffice struct {
	PublicKeyFile string `yaml:"public_key_file"` // the department's armored OpenPGP public key
	WebhookURL    Secret `yaml:"webhook_url"`     // may carry a token
	DropDir       string `yaml:"drop_dir"`
}

// Staff configures the staff console at /staff.
type Staff struct {
	// AllowedOrigins are other origins (the city's intranet) that may use the console's API.
	AllowedOrigins []string `yaml:"allowed_origins"`
	// DefaultDepartment gets conversations that name no department; "" keeps a general queue.
	DefaultDepartment string `yaml:"default_department"`
}

// Retention says how long personal data is kept; a daily job deletes
// what has expired (crypto-shredding: the conversation's key goes first).
type Retention struct {
	// ConversationDays: a conversation is deleted this many days after its
	// last message, unless one of its cases must be kept; 0 keeps them.
	ConversationDays int `yaml:"conversation_days"`
	// CaseDays: how long a case is kept after it was filed, by status. A
	// status not listed (submitted, in-review, needs-info) is never deleted.
	CaseDays map[string]int `yaml:"case_days"`
	// DedupeDays: how long a message id is remembered so that a channel
	// redelivering it is recognised; 0 remembers them for ever. Channels
	// redeliver within minutes or hours (the widget on reconnect, Telegram
	// within a day, mail on the next poll until it is flagged), so the
	// default of 30 days is a wide margin that still bounds the index.
	DedupeDays int `yaml:"dedupe_days"`
}

// Postgres reports whether the store is PostgreSQL (Store is a URL).
func (c Config) Postgres() bool {
	s := string(c.Store)
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Secret is a string that prints masked.
type Secret string

// String masks the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "********"
}

// MarshalYAML writes the secret masked, so printed configurations never show it.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// Print writes the configuration as YAML with secrets masked.
func (c Config) Print(w io.Writer) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return enc.Close()
}

// DefaultMetricsAddr is where /metrics listens unless metrics_addr says
// otherwise: loopback only, on the port of Prometheus's exporters.
const DefaultMetricsAddr = "127.0.0.1:9464"

// MetricsOff reports whether metrics_addr switches the metrics listener off.
func (c Config) MetricsOff() bool { return c.MetricsAddr == "" || c.MetricsAddr == "off" }

// Default returns the configuration used when nothing is set: the one
// place that holds the defaults. `amtsbote config check` prints them filled
// in, and config/example.yaml shows every one of them.
func Default() Config {
	return Config{
		Data:       "./data",
		Addr:       "127.0.0.1:8080",
		Timezone:   "Europe/Berlin",
		CasePrefix: "AB",
		City:       "Stadt Musterstadt",
		Site:       defaultSite(),
		Log:        Log{Format: "text", Level: "info", Access: true},
		Web: Web{MaxUploadBytes: 10 << 20, RateLimit: 1, RateBurst: 10,
			NewSessionsPerIP: 20, NewSessionsWindow: 10 * time.Minute, NewSessionsBurst: 20,
			MaxConnectionsPerIP: 500, MaxConnectionsPerToken: 8},
		Telegram: Telegram{APIURL: "https://api.telegram.org"},
		Email: Email{PollInterval: 2 * time.Minute, Mailbox: "INBOX",
			MaxAttachmentBytes: 10 << 20, MaxMailPlaintextBytes: 25 << 20},
		Retention: Retention{ConversationDays: 180, DedupeDays: 30,
			CaseDays: map[string]int{"approved": 730, "rejected": 730, "closed": 730}},
		MetricsAddr: DefaultMetricsAddr,
		HTTP:        HTTP{ReadTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second},
	}
}

// Load reads path (when not empty) over the defaults, then applies the
// environment (lookup is os.LookupEnv in production), and checks the
// result. Errors name the key and, for a key set in the file, its line.
func Load(path string, lookup func(string) (string, bool)) (Config, error) {
	c := Default()
	var root yaml.Node
	if path != "" {
		raw, err := os.ReadFile(path)
		if err != nil {
			return Config{}, fileError(path, err, nil)
		}
		_ = yaml.Unmarshal(raw, &root) // only for the lines of keys; Decode reports what is wrong
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) { // an empty file is all defaults
			return Config{}, fileError(path, err, &root)
		}
	}
	applyEnv(&c, lookup)
	if err := c.Check(); err != nil {
		return Config{}, locate(err, path, &root)
	}
	return c, nil
}

// applyEnv lets AMTSBOTE_* variables override the file.
func applyEnv(c *Config, lookup func(string) (string, bool)) {
	str := func(name string, dst *string) {
		if v, ok := lookup(name); ok && v != "" {
			*dst = v
		}
	}
	sec := func(name string, dst *Secret) {
		if v, ok := lookup(name); ok && v != "" {
			*dst = Secret(v)
		}
	}
	str("AMTSBOTE_DATA", &c.Data)
	sec("AMTSBOTE_STORE_URL", &c.Store)
	str("AMTSBOTE_ADDR", &c.Addr)
	str("AMTSBOTE_METRICS_ADDR", &c.MetricsAddr)
	str("AMTSBOTE_PUBLIC_URL", &c.PublicURL)
	str("AMTSBOTE_TIMEZONE", &c.Timezone)
	str("AMTSBOTE_CASE_PREFIX", &c.CasePrefix)
	str("AMTSBOTE_SERVICES", &c.Services)
	str("AMTSBOTE_TEXTS", &c.Texts)
	str("AMTSBOTE_PARKING_ZONES", &c.ParkingZones)
	str("AMTSBOTE_OFFICES", &c.Offices)
	str("AMTSBOTE_ANSWERS", &c.Answers)
	str("AMTSBOTE_LOG_FORMAT", &c.Log.Format)
	str("AMTSBOTE_LOG_LEVEL", &c.Log.Level)
	str("AMTSBOTE_TLS_CERT", &c.TLS.Cert)
	str("AMTSBOTE_TLS_KEY", &c.TLS.Key)
	sec("AMTSBOTE_KEY_PASSPHRASE", &c.KeyPassphrase)
	sec("AMTSBOTE_TELEGRAM_TOKEN", &c.Telegram.Token)
	str("AMTSBOTE_TELEGRAM_API_URL", &c.Telegram.APIURL)
	sec("AMTSBOTE_TELEGRAM_WEBHOOK_SECRET", &c.Telegram.WebhookSecret)
	str("AMTSBOTE_TELEGRAM_WEBHOOK_URL", &c.Telegram.WebhookURL)
	str("AMTSBOTE_TELEGRAM_BOT_USERNAME", &c.Telegram.BotUsername)
	if v, ok := lookup("AMTSBOTE_TELEGRAM_WEBHOOK"); ok && v != "" {
		c.Telegram.Webhook = v == "true" || v == "1"
	}
	str("AMTSBOTE_EMAIL_ADDRESS", &c.Email.Address)
	sec("AMTSBOTE_IMAP_URL", &c.Email.IMAPURL)
	sec("AMTSBOTE_SMTP_URL", &c.Email.SMTPURL)
	str("AMTSBOTE_WKD_BASE_URL", &c.Email.WKDBaseURL)
}
