// Package email is the email channel: it reads citizens' mail from an IMAP
// mailbox, hands each message to the core, and answers by SMTP. Mail is read
// and written as OpenPGP (PGP/MIME, RFC 3156, and inline PGP): every reply
// is signed with the portal key and encrypted whenever the citizen's key is
// known (learned from an attached key, an Autocrypt header or the Web Key
// Directory of the sender's domain); without a key the citizen gets a signed
// notice that points to the web chat instead of the content.
//
// A message is flagged (or moved) on the server only after the core has
// committed it. Before it is parsed it is flagged taken (TakenKeyword): a
// mail found taken but not done at the next start was being handled when
// the process died, and is quarantined rather than read again, so one mail
// cannot crash the server in a loop. Decryption and decompression are read
// through limits (Options.MaxAttachmentBytes per part,
// Options.MaxMailPlaintextBytes per mail). Automatic mail (auto-replies,
// bounces, lists) is never answered.
package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"

	"amtsbote/channels/email/wkd"
	"amtsbote/pgp"
	"amtsbote/text"
)

// Name is the channel's name, as used in Inbound.Channel.
const Name = "email"

// Defaults of the options.
const (
	DefaultMailbox            = "INBOX"
	DefaultPollInterval       = 2 * time.Minute
	DefaultMaxMessageBytes    = 25 << 20
	DefaultMaxAttachmentBytes = 10 << 20
	// DefaultMaxMailPlaintextBytes bounds what the decryptions of one mail
	// may yield altogether.
	DefaultMaxMailPlaintextBytes = 25 << 20
	// ProcessedKeyword marks a message the core has committed.
	ProcessedKeyword = "$Amtsbote"
	// UnreadableKeyword marks a message kept for staff because it could not be read.
	UnreadableKeyword = "$AmtsboteUnreadable"
	// TakenKeyword marks a message whose handling has begun. One found with
	// it but without ProcessedKeyword when the channel starts was being
	// handled when the process died: it is quarantined, not read again.
	TakenKeyword = "$AmtsboteTaken"
)

// DefaultAttachmentTypes are the media types accepted from citizens when
// Options.AttachmentTypes is empty; "image/*" allows every image.
var DefaultAttachmentTypes = []string{"application/pdf", "image/*", "text/plain", "text/calendar"}

// Options configure the email channel.
type Options struct {
	Portal      *pgp.Portal // the portal's key: signs and decrypts; required
	Address     string      // the portal's address: IMAP account, sender of every reply
	DisplayName string      // sender name; "" means "Amtsbote"
	// Texts is the catalog of the channel's notices ("email.*"); nil
	// means the built-in catalog.
	Texts   *text.Catalog
	IMAPURL string // imaps://user:pass@host:993 or imap://… (STARTTLS)
	SMTPURL string // smtps://user:pass@host:465 or smtp://…:587 (STARTTLS)
	// TLSConfig is the base TLS configuration (e.g. a private CA); nil means
	// the system roots. Plaintext is used only to a loopback host whose
	// server offers no STARTTLS.
	TLSConfig *tls.Config

	Mailbox string // mailbox read; "" means INBOX
	// ProcessedMailbox, when set, receives every committed message (MOVE);
	// otherwise messages stay and are flagged \Seen and ProcessedKeyword.
	ProcessedMailbox string
	// QuarantineMailbox, when set, receives mail that could not be read;
	// otherwise it stays unread, flagged ProcessedKeyword and UnreadableKeyword.
	QuarantineMailbox string
	// PollInterval is how often the mailbox is searched; with IDLE, new mail
	// is read at once and this only bounds one IDLE. 0 means 2 minutes.
	PollInterval time.Duration

	MaxMessageBytes    int64 // larger mail is kept for staff; 0 means 25 MiB
	MaxAttachmentBytes int64 // larger attachments are refused; 0 means 10 MiB
	// MaxMailPlaintextBytes bounds the plaintext all encrypted parts of one
	// mail may decrypt (and decompress) to; a mail beyond it, or with an
	// encrypted attachment that decrypts to more than MaxAttachmentBytes, is
	// refused and quarantined. 0 means 25 MiB.
	MaxMailPlaintextBytes int64
	AttachmentTypes       []string // accepted media types; nil means DefaultAttachmentTypes

	// WKDBaseURL replaces https://<domain> in Web Key Directory lookups
	// ("{domain}" in it is replaced); for tests and on-premise directories,
	// which may be private (see wkd.Options). NoWKD turns lookups off.
	WKDBaseURL string
	NoWKD      bool

	// AllowPlaintext lets replies go unencrypted (but signed) when the
	// citizen's key is unknown; otherwise such citizens get a notice.
	AllowPlaintext bool
	// NoticeURL is the link in that notice (the web chat).
	NoticeURL string

	Now func() time.Time // nil means time.Now
}

// StateStore keeps the channel's durable values per address (citizen keys,
// threads, the options last offered, replies held for one mail). Values may
// hold personal data: *bolt.DB stores keys as HMACs and values encrypted.
type StateStore interface {
	// ChannelState returns a value, or an error wrapping channels.ErrNotFound.
	ChannelState(channel, key string) ([]byte, error)
	// SetChannelState writes a value durably; nil deletes it.
	SetChannelState(ctx context.Context, channel, key string, value []byte) error
}

// Channel is the email channel. It implements channels.Sender; Run reads
// the mailbox.
type Channel struct {
	opts      Options
	texts     *text.Catalog
	textsOnce sync.Once
	st        StateStore
	ring      *crypto.KeyRing // the portal key, unlocked
	log       *slog.Logger
	imap      *server
	smtp      *server
	wkd       *wkd.Client
	pubKey    []byte // the portal's public key, binary
	armor     string // the portal's public key, armored
	domain    string // of Options.Address, for Message-IDs
	accept    []string

	mu       sync.Mutex
	inflight map[string]chan struct{} // address → closed when its inbound turn is recorded
	groups   map[string]group         // outbox id → the turn it belongs to

	taken takenSet // mails this process took; used by Run's goroutine only

	// Test hooks, called with the message's UID; an error stops the session.
	afterFetch func(uid uint32) error
	beforeMark func(uid uint32) error
}

// New makes the email channel; st keeps the channel's state; log gets a
// "component" attribute. It does not talk to the mail servers yet; Run does.
func New(opts Options, st StateStore, log *slog.Logger) (*Channel, error) {
	if log == nil {
		log = slog.Default()
	}
	if opts.Portal == nil || st == nil {
		return nil, errors.New("email: the portal key and a state store are required")
	}
	portal := opts.Portal
	addr, err := mail.ParseAddress(opts.Address)
	if err != nil {
		return nil, errors.New("email: the portal's address is not an email address")
	}
	opts.Address = strings.ToLower(addr.Address)
	_, domain, err := wkd.Split(opts.Address)
	if err != nil {
		return nil, err
	}
	im, err := parseServer(opts.IMAPURL, "imap")
	if err != nil {
		return nil, err
	}
	sm, err := parseServer(opts.SMTPURL, "smtp")
	if err != nil {
		return nil, err
	}
	if opts.DisplayName == "" {
		opts.DisplayName = "Amtsbote"
	}
	if opts.Mailbox == "" {
		opts.Mailbox = DefaultMailbox
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultPollInterval
	}
	if opts.MaxMessageBytes <= 0 {
		opts.MaxMessageBytes = DefaultMaxMessageBytes
	}
	if opts.MaxAttachmentBytes <= 0 {
		opts.MaxAttachmentBytes = DefaultMaxAttachmentBytes
	}
	if opts.MaxMailPlaintextBytes <= 0 {
		opts.MaxMailPlaintextBytes = DefaultMaxMailPlaintextBytes
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	texts := opts.Texts
	if texts == nil {
		if texts, err = text.Builtin(); err != nil {
			return nil, fmt.Errorf("email: %w", err)
		}
	}
	c := &Channel{opts: opts, texts: texts, st: st, ring: portal.KeyRing(), log: log.With("component", "email"),
		imap: im, smtp: sm, domain: domain,
		accept:   slices.Clone(opts.AttachmentTypes),
		inflight: map[string]chan struct{}{}, groups: map[string]group{}}
	if !opts.NoWKD {
		if c.wkd, err = wkd.NewClient(wkd.Options{BaseURL: opts.WKDBaseURL}); err != nil {
			return nil, fmt.Errorf("email: %w", err)
		}
	}
	if len(c.accept) == 0 {
		c.accept = slices.Clone(DefaultAttachmentTypes)
	}
	if c.armor, err = portal.ArmoredPublicKey(); err != nil {
		return nil, err
	}
	key, err := c.ring.GetKey(0)
	if err != nil {
		return nil, fmt.Errorf("email: portal key: %w", err)
	}
	if c.pubKey, err = key.GetPublicKey(); err != nil {
		return nil, fmt.Errorf("email: portal key: %w", err)
	}
	if !wkd.HasAddress(key, opts.Address) {
		c.log.Warn("the portal key has no user id with the portal's address; mail clients may ignore it in WKD and Autocrypt")
	}
	return c, nil
}

// Name is the channel's name.
func (c *Channel) Name() string { return Name }

// KeyHandler serves the portal's public key: the Web Key Directory
// (/.well-known/openpgpkey/…, direct and advanced method, with the policy
// file) for the portal's address, and /pgp-key.asc (armored). Mount it at
// "/.well-known/openpgpkey/" and "/pgp-key.asc".
func (c *Channel) KeyHandler() http.Handler {
	dir, err := wkd.NewHandler(c.opts.Address, c.pubKey)
	mux := http.NewServeMux()
	if err == nil {
		mux.Handle("/.well-known/openpgpkey/", dir)
	}
	mux.HandleFunc("GET /pgp-key.asc", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/pgp-keys")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		_, _ = w.Write([]byte(c.armor))
	})
	return mux
}
