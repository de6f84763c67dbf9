// Package telegram is the Telegram channel: a bot that talks with citizens in
// private chats over the Bot API (github.com/go-telegram-bot-api/v5), by
// long polling or by webhook.
//
// Inbound, an update is handed to the core (channels.Deliverer) and only
// after the core has committed it is the update offset advanced and stored;
// a crash before that makes Telegram send the update again, and the message
// id makes the second delivery harmless. Outbound, replies come from the
// core's outbox through Send, paced within Telegram's limits (about 30
// messages a second overall, one a second per chat); a 429 is returned as a
// channels.RetryAfterError so the outbox waits as long as Telegram asks.
//
// Delivery is at least once: Telegram has no idempotency keys, so a reply
// whose sendMessage succeeded but whose outbox record was not yet written
// when the process died is sent again after the restart.
package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"amtsbote/channels"
	"amtsbote/text"
)

// Name is the channel's name, as used in channels.Inbound.Channel.
const Name = "telegram"

// DefaultAPIURL is the base URL of Telegram's own Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// Defaults of the Options.
const (
	DefaultMaxFileBytes = 20 << 20 // getFile's limit on Telegram's server
	DefaultPerSecond    = 30       // messages a second, all chats together
	DefaultChatInterval = time.Second
	DefaultPollTimeout  = 25 * time.Second
)

// StateStore keeps the channel's durable state: the update offset, option
// values too long for a button, the group chats already told. *bolt.DB
// implements it.
type StateStore interface {
	// ChannelState returns a value, or an error wrapping channels.ErrNotFound when it is unset.
	ChannelState(channel, key string) ([]byte, error)
	// SetChannelState writes a value durably (nil deletes it).
	SetChannelState(ctx context.Context, channel, key string, value []byte) error
}

// Linker resolves the code of a deep link (t.me/<bot>?start=<code>) that
// continues a conversation begun on another channel, e.g. a code the web
// chat shows. It must accept a code once and only for a short time: whoever
// holds the code takes over the conversation.
type Linker interface {
	Resolve(ctx context.Context, code string) (conversation string, ok bool, err error)
}

// Options configure a Channel.
type Options struct {
	Token string // the bot's token from @BotFather; required
	// APIURL is the Bot API's base URL ("" means DefaultAPIURL), e.g. a
	// city's own Bot API server; an endpoint format like the library's
	// "https://api.telegram.org/bot%s/%s" is accepted too.
	APIURL string

	Webhook       bool   // take updates from WebhookHandler instead of polling
	WebhookSecret string // the secret_token Telegram sends; required with Webhook, 32-256 of A-Za-z0-9_-
	WebhookURL    string // when set, Run registers this public URL with setWebhook

	MaxFileBytes int64         // largest file taken from a citizen; 0 means DefaultMaxFileBytes
	PerSecond    int           // messages a second overall; 0 means DefaultPerSecond
	ChatInterval time.Duration // least time between two messages to one chat; 0 means DefaultChatInterval
	PollTimeout  time.Duration // long-polling timeout; 0 means DefaultPollTimeout
	HTTPClient   *http.Client  // nil means a new client; requests are bounded by contexts
	Linker       Linker        // nil means /start codes are ignored
	Texts        *text.Catalog // the channel's notices; nil means the built-in catalog
}

// Channel is the Telegram channel. It implements channels.Sender; Run takes
// updates by long polling, WebhookHandler by webhook.
type Channel struct {
	opts         Options
	d            *channels.Pending // the Deliverer Run hands over
	st           StateStore
	log          *slog.Logger
	hc           *http.Client
	texts        *text.Catalog
	endpoint     string // library endpoint format: token, method
	fileEndpoint string // file download format: token, file path

	pace     *pacer
	chats    *keyedMutex // one update at a time per chat
	progress *progress   // parts of multi-part replies already sent
	cb       *callbackValues
	// retryBase is the first wait before polling again after a failure
	// (1 s; tests shorten it before Run).
	retryBase time.Duration

	mu       sync.Mutex
	username string // the bot's @name, known after Run's getMe
	poll     pollState
}

// secretPattern is what Telegram allows as a webhook secret_token (1-256 of
// A-Z a-z 0-9 _ -), with at least MinWebhookSecret characters so that the
// secret cannot be guessed.
var secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{32,256}$`)

// MinWebhookSecret is the shortest webhook secret New accepts.
const MinWebhookSecret = 32

// New makes a Telegram channel keeping its state in st. It does not talk to
// Telegram yet; Run does. WebhookHandler may serve before Run: updates wait
// for Run's Deliverer.
func New(opts Options, st StateStore, log *slog.Logger) (*Channel, error) {
	if opts.Token == "" {
		return nil, errors.New("telegram: no bot token")
	}
	if st == nil {
		return nil, errors.New("telegram: a state store is required")
	}
	if opts.Webhook && !secretPattern.MatchString(opts.WebhookSecret) {
		return nil, errors.New("telegram: webhook mode needs a secret of 32-256 letters, digits, _ or -")
	}
	endpoint, fileEndpoint, err := endpoints(opts.APIURL)
	if err != nil {
		return nil, err
	}
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = DefaultMaxFileBytes
	}
	if opts.PerSecond <= 0 {
		opts.PerSecond = DefaultPerSecond
	}
	if opts.ChatInterval <= 0 {
		opts.ChatInterval = DefaultChatInterval
	}
	if opts.PollTimeout <= 0 {
		opts.PollTimeout = DefaultPollTimeout
	}
	texts := opts.Texts
	if texts == nil {
		var err error
		if texts, err = text.Builtin(); err != nil {
			return nil, fmt.Errorf("telegram: %w", err)
		}
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	if log == nil {
		log = slog.Default()
	}
	return &Channel{
		opts: opts, d: channels.NewPending(), st: st, log: log.With("component", Name), hc: hc, texts: texts,
		endpoint: endpoint, fileEndpoint: fileEndpoint,
		pace:      newPacer(opts.PerSecond, opts.ChatInterval),
		chats:     newKeyedMutex(),
		progress:  newProgress(),
		cb:        newCallbackValues(),
		retryBase: time.Second,
		poll:      pollState{handled: map[int]bool{}, attempts: map[int]int{}},
	}, nil
}

// endpoints builds the library's endpoint format and the file download
// format from a base URL or an endpoint format.
func endpoints(apiURL string) (endpoint, file string, err error) {
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	if strings.Contains(apiURL, "%s") {
		base, ok := strings.CutSuffix(apiURL, "/bot%s/%s")
		if !ok || strings.Contains(base, "%") {
			return "", "", fmt.Errorf("telegram: API URL %q: an endpoint format must end in /bot%%s/%%s", apiURL)
		}
		apiURL = base
	}
	u, err := url.Parse(apiURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", fmt.Errorf("telegram: API URL %q is not an http(s) URL", apiURL)
	}
	base := strings.ReplaceAll(strings.TrimRight(apiURL, "/"), "%", "%%")
	return base + "/bot%s/%s", base + "/file/bot%s/%s", nil
}

// Name is the channel's name.
func (c *Channel) Name() string { return Name }

// SendConcurrency lets the outbox deliver to many chats at once: Send waits
// for Telegram's pacing (one message a second per chat), so few slots would
// leave the overall budget unused.
func (c *Channel) SendConcurrency() int { return 64 }

// Run talks to Telegram until ctx ends (call it once), handing the
// citizens' messages to d (the gateway): it checks the token, announces the
// commands and then polls for updates, or in webhook mode registers the
// webhook (when WebhookURL is set) and waits. It returns nil when ctx ends
// and an error when Telegram refuses the token.
func (c *Channel) Run(ctx context.Context, d channels.Deliverer) error {
	c.d.Set(d)
	if err := c.hello(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	if c.opts.Webhook {
		if c.opts.WebhookURL != "" {
			if err := c.setWebhook(ctx); err != nil && ctx.Err() == nil {
				return err
			}
		}
		c.log.Info("taking updates by webhook")
		<-ctx.Done()
		return nil
	}
	if _, err := c.call(ctx, "deleteWebhook", tgbotapi.DeleteWebhookConfig{}); err != nil && ctx.Err() == nil {
		c.log.Warn("removing a webhook failed; polling may be refused", "err", err)
	}
	return c.runPolling(ctx)
}

// hello calls getMe until it succeeds (retrying network failures) and then
// registers the bot's commands; a refused token is an error.
func (c *Channel) hello(ctx context.Context) error {
	bo := newBackoff(c.retryBase)
	for {
		res, err := c.rawCall(ctx, "getMe", nil)
		if err == nil {
			var me tgbotapi.User
			if err := json.Unmarshal(res, &me); err != nil {
				return fmt.Errorf("telegram: getMe: %w", err)
			}
			c.mu.Lock()
			c.username = me.UserName
			c.mu.Unlock()
			break
		}
		if code := errorCode(err); code == http.StatusUnauthorized || code == http.StatusNotFound {
			return fmt.Errorf("telegram: the bot token was refused: %w", err)
		}
		d := bo.next()
		c.log.Warn("Telegram not reachable, trying again", "err", err, "retry_in", d)
		if !sleep(ctx, d) {
			return ctx.Err()
		}
	}
	if _, err := c.call(ctx, "setMyCommands", tgbotapi.NewSetMyCommands(commandList...)); err != nil {
		c.log.Warn("registering the bot's commands failed", "err", err)
	}
	c.log.Info("connected to Telegram", "bot", "@"+c.botUsername())
	return nil
}

// setWebhook registers WebhookURL with the secret Telegram is to send.
func (c *Channel) setWebhook(ctx context.Context) error {
	p := tgbotapi.Params{"url": c.opts.WebhookURL, "secret_token": c.opts.WebhookSecret}
	if err := p.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return fmt.Errorf("telegram: setWebhook: %w", err)
	}
	if _, err := c.rawCall(ctx, "setWebhook", p); err != nil {
		return fmt.Errorf("telegram: registering the webhook failed: %w", err)
	}
	return nil
}

// botUsername is the bot's @name without the @, "" before getMe succeeded.
func (c *Channel) botUsername() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.username
}
