package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// ctxClient gives the library's requests a context: the library builds
// its requests without one.
type ctxClient struct {
	ctx context.Context
	hc  *http.Client
}

func (c ctxClient) Do(req *http.Request) (*http.Response, error) {
	return c.hc.Do(req.WithContext(c.ctx))
}

// api returns a library client whose requests end with ctx. It is made per
// call (a small struct) so that no request outlives its caller's context.
func (c *Channel) api(ctx context.Context) *tgbotapi.BotAPI {
	b := &tgbotapi.BotAPI{Token: c.opts.Token, Client: ctxClient{ctx: ctx, hc: c.hc}}
	b.SetAPIEndpoint(c.endpoint)
	return b
}

// callTimeout bounds a request whose context has no deadline of its own.
const callTimeout = 30 * time.Second

// bounded gives ctx a deadline of callTimeout unless it has one.
func bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, callTimeout)
}

// call sends one of the library's request configs and returns the result.
func (c *Channel) call(ctx context.Context, method string, cfg tgbotapi.Chattable) (json.RawMessage, error) {
	ctx, cancel := bounded(ctx)
	defer cancel()
	resp, err := c.api(ctx).Request(cfg)
	if err != nil {
		return nil, c.wrap(ctx, method, resp, err)
	}
	return resp.Result, nil
}

// rawCall sends a method the library has no config for (or not in full).
func (c *Channel) rawCall(ctx context.Context, method string, p tgbotapi.Params) (json.RawMessage, error) {
	ctx, cancel := bounded(ctx)
	defer cancel()
	resp, err := c.api(ctx).MakeRequest(method, p)
	if err != nil {
		return nil, c.wrap(ctx, method, resp, err)
	}
	return resp.Result, nil
}

// apiError is an error answer of the Bot API.
type apiError struct {
	method     string
	code       int
	desc       string
	retryAfter time.Duration
}

func (e *apiError) Error() string {
	return fmt.Sprintf("telegram: %s: %d %s", e.method, e.code, e.desc)
}

// netError is a failure to reach the Bot API. Its text never holds the
// request URL, which contains the token.
type netError struct {
	method string
	msg    string
	cause  error
}

func (e *netError) Error() string { return "telegram: " + e.method + ": " + e.msg }
func (e *netError) Unwrap() error { return e.cause }

// wrap turns the library's error into an apiError, a context error or a
// netError with the token removed.
func (c *Channel) wrap(ctx context.Context, method string, resp *tgbotapi.APIResponse, err error) error {
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		code := te.Code
		if code == 0 && resp != nil {
			code = resp.ErrorCode // UploadFiles leaves Error.Code empty
		}
		return &apiError{method: method, code: code, desc: te.Message,
			retryAfter: time.Duration(te.RetryAfter) * time.Second}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("telegram: %s: %w", method, ctx.Err())
	}
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err // without the URL
	}
	return &netError{method: method, msg: c.redact(err.Error()), cause: cause}
}

// redact removes the bot token from s.
func (c *Channel) redact(s string) string {
	s = strings.ReplaceAll(s, c.opts.Token, "<token>")
	return strings.ReplaceAll(s, url.PathEscape(c.opts.Token), "<token>")
}

// errorCode is the Bot API's error code in err's chain, 0 if none.
func errorCode(err error) int {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.code
	}
	return 0
}

// backoff is a doubling wait from base up to 30 times base.
type backoff struct{ base, d time.Duration }

func newBackoff(base time.Duration) *backoff { return &backoff{base: base} }

func (b *backoff) next() time.Duration {
	if b.d == 0 {
		b.d = b.base
	} else {
		b.d = min(2*b.d, 30*b.base)
	}
	return b.d
}

func (b *backoff) reset() { b.d = 0 }

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// keyedMutex is one lock per chat, forgotten when nobody holds or waits.
type keyedMutex struct {
	mu sync.Mutex
	m  map[int64]*keyedEntry
}

type keyedEntry struct {
	ch    chan struct{}
	users int
}

func newKeyedMutex() *keyedMutex { return &keyedMutex{m: map[int64]*keyedEntry{}} }

// lock takes key's lock or fails when ctx ends first.
func (k *keyedMutex) lock(ctx context.Context, key int64) (unlock func(), err error) {
	k.mu.Lock()
	e := k.m[key]
	if e == nil {
		e = &keyedEntry{ch: make(chan struct{}, 1)}
		k.m[key] = e
	}
	e.users++
	k.mu.Unlock()
	select {
	case e.ch <- struct{}{}:
		return func() {
			<-e.ch
			k.release(key, e)
		}, nil
	case <-ctx.Done():
		k.release(key, e)
		return nil, ctx.Err()
	}
}

func (k *keyedMutex) release(key int64, e *keyedEntry) {
	k.mu.Lock()
	e.users--
	if e.users == 0 {
		delete(k.m, key)
	}
	k.mu.Unlock()
}
