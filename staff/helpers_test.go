package staff

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/channels/web"
	"amtsbote/dialog"
	"amtsbote/frontpage"
	"amtsbote/gateway"
	"amtsbote/internal/harness"
)

// testPassword is every test account's password.
const testPassword = "correct horse battery staple"

// cheapArgon keeps the tests fast; production uses DefaultArgon.
var cheapArgon = ArgonParams{Time: 1, Memory: 1024, Threads: 1}

// recorder is a citizen channel that records what the core sends on it.
type recorder struct {
	name string
	ch   chan channels.Delivery
}

func newRecorder(name string) *recorder {
	return &recorder{name: name, ch: make(chan channels.Delivery, 256)}
}

func (r *recorder) Name() string { return r.name }

func (r *recorder) Send(_ context.Context, d channels.Delivery) error {
	r.ch <- d
	return nil
}

// next waits for the next delivery to address that match (nil: any).
func (r *recorder) next(t *testing.T, address string, match func(channels.Delivery) bool) channels.Delivery {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case d := <-r.ch:
			if d.Address == address && (match == nil || match(d)) {
				return d
			}
		case <-timeout:
			t.Fatalf("%s: no matching delivery to %s", r.name, address)
		}
	}
}

// quiet checks that nothing reaches address for a moment.
func (r *recorder) quiet(t *testing.T, address string, d time.Duration) {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case got := <-r.ch:
			if got.Address == address {
				t.Fatalf("%s: unexpected delivery from %s: %q", r.name, got.Message.From, got.Message.Text)
			}
		case <-timeout:
			return
		}
	}
}

func from(s channels.Speaker) func(channels.Delivery) bool {
	return func(d channels.Delivery) bool { return d.Message.From == s }
}

// env is a running core with the console in front of it.
type env struct {
	t       *testing.T
	core    *harness.Core
	console *Console
	srv     *httptest.Server
	web     *recorder
	mail    *recorder
	// webChannel is the real web chat channel, when the env has one.
	webChannel *web.Channel
	clock      atomic.Int64 // added to time.Now in the console
	seq        atomic.Int64
}

func newEnv(t *testing.T, opts Options) *env { return startEnv(t, opts, false) }

// startEnv starts the core and the console; withWeb puts the real web chat
// channel (served next to the console) in place of the web recorder.
func startEnv(t *testing.T, opts Options, withWeb bool) *env {
	t.Helper()
	return startEnvWith(t, opts, withWeb, nil)
}

// startEnvWith is startEnv with day plans, when appts is not nil: it gets
// the core and returns the console's Appointments.
func startEnvWith(t *testing.T, opts Options, withWeb bool, appts func(*harness.Core) *Appointments) *env {
	t.Helper()
	return startEnvDeps(t, opts, withWeb, appts, nil)
}

// startEnvDeps is startEnvWith with deps, when not nil, changing the
// console's dependencies before it is built (peers, a case index).
func startEnvDeps(t *testing.T, opts Options, withWeb bool, appts func(*harness.Core) *Appointments, deps func(*Deps)) *env {
	t.Helper()
	e := &env{t: t, web: newRecorder("web"), mail: newRecorder("email")}
	feed := NewFeed()
	senders := []channels.Sender{e.web, e.mail}
	typers := map[string]Typer{"web": typerFunc(func(string, channels.Speaker) {})}
	l := &late{}
	if withWeb {
		e.webChannel = web.New(web.Options{OnTyping: feed.CitizenTyping}, l, slog.New(slog.DiscardHandler))
		senders[0] = e.webChannel
		typers["web"] = e.webChannel
	}
	e.core = harness.Start(t, harness.Options{Gate: gateway.Config{Observers: []gateway.Observer{feed}}}, senders...)
	l.set(e.core)
	if opts.Argon.Time == 0 {
		opts.Argon = cheapArgon
	}
	opts.Log = slog.New(slog.DiscardHandler)
	opts.Now = func() time.Time { return time.Now().Add(time.Duration(e.clock.Load())) }
	d := Deps{Store: e.core.DB, Forms: dialogForms{}, Deliverer: e.core.Gateway, History: e.core.History,
		Catalog: e.core.Catalog, Feed: feed, Typers: typers, Answers: e.core.App.Answers, Ratings: e.core.App.Ratings}
	if deps != nil {
		deps(&d)
	}
	e.console = New(opts, d)
	if appts != nil {
		e.console.appts = appts(e.core)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = e.console.Run(ctx)
	}()
	mux := http.NewServeMux()
	mux.Handle("/staff", e.console.Handler())
	mux.Handle("/staff/", e.console.Handler())
	webDone := make(chan struct{})
	if e.webChannel != nil {
		for _, p := range web.Paths() {
			mux.Handle(p, e.webChannel.Handler())
		}
		page, err := frontpage.New(frontpage.Options{}, e.core.Catalog) // the page the widget is on
		if err != nil {
			t.Fatal(err)
		}
		mux.Handle("/", page.Handler())
		go func() {
			defer close(webDone)
			_ = e.webChannel.Run(ctx, e.core.Gateway)
		}()
	} else {
		close(webDone)
	}
	e.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		cancel()
		<-done
		<-webDone // Run closes the web channel
		e.srv.Close()
	})
	return e
}

// late forwards to the core's gateway and history, which exist only after
// harness.Start, which needs the web channel first.
type late struct {
	mu   sync.Mutex
	core *harness.Core
}

func (l *late) set(c *harness.Core) {
	l.mu.Lock()
	l.core = c
	l.mu.Unlock()
}

func (l *late) get() *harness.Core {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.core
}

func (l *late) Deliver(ctx context.Context, in channels.Inbound) (channels.Receipt, error) {
	return l.get().Gateway.Deliver(ctx, in)
}

func (l *late) History(ctx context.Context, channel, address string, after uint64) (string, []channels.HistoryEntry, error) {
	return l.get().History.History(ctx, channel, address, after)
}

type typerFunc func(address string, from channels.Speaker)

func (f typerFunc) Typing(address string, from channels.Speaker) { f(address, from) }

// account adds a member of staff.
func (e *env) account(username, dept, role string) {
	e.t.Helper()
	a, err := NewAccount(username, "", dept, role, testPassword, cheapArgon)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.core.DB.CreateStaffAccount(context.Background(), a); err != nil {
		e.t.Fatal(err)
	}
}

// citizen delivers a citizen's message and returns the conversation id.
func (e *env) citizen(channel, address string, in channels.Inbound) string {
	e.t.Helper()
	in.Channel, in.Address = channel, address
	in.MessageID = fmt.Sprint("m", e.seq.Add(1))
	r, err := e.core.Gateway.Deliver(context.Background(), in)
	if err != nil {
		e.t.Fatal(err)
	}
	return r.Conversation
}

// escalate starts a meter reading on channel/address and asks for a person.
func (e *env) escalate(channel, address string) string {
	e.t.Helper()
	e.citizen(channel, address, channels.Inbound{Text: "Hallo"})
	e.citizen(channel, address, channels.Inbound{Choice: "service:meter-reading"})
	id := e.citizen(channel, address, channels.Inbound{Choice: "staff"})
	if info, _ := e.core.DB.ConversationInfo(id); !info.Meta.WaitingForStaff {
		e.t.Fatalf("the conversation does not wait for staff: %+v", info.Meta)
	}
	return id
}

// meterAnswers answers the meter reading's questions by field name.
var meterAnswers = map[string]string{"customer_number": "1234567", "meter_number": "Z-4711", "reading": "12.345,6",
	"reading_date": "heute", "name": "Erika Mustermann", "email": "überspringen"}

// submitMeterReading runs a whole meter reading and returns the conversation and case reference.
func (e *env) submitMeterReading(channel, address string) (string, string) {
	e.t.Helper()
	id := e.citizen(channel, address, channels.Inbound{Text: "Hallo"})
	e.citizen(channel, address, channels.Inbound{Choice: "service:meter-reading"})
	for range 20 {
		st := e.state(id)
		switch {
		case st.Form == "" && len(st.Cases) > 0:
			return id, st.Cases[len(st.Cases)-1].Ref
		case st.Form != "" && st.Field == "":
			e.citizen(channel, address, channels.Inbound{Choice: "submit"})
		default:
			v, ok := meterAnswers[st.Field]
			if !ok {
				e.t.Fatalf("no answer for field %q", st.Field)
			}
			e.citizen(channel, address, channels.Inbound{Text: v})
		}
	}
	e.t.Fatal("the meter reading did not finish")
	return "", ""
}

func (e *env) state(id string) dialog.State {
	e.t.Helper()
	c, err := e.core.DB.Conversation(id)
	if err != nil {
		e.t.Fatal(err)
	}
	var st dialog.State
	if err := json.Unmarshal(c.State, &st); err != nil {
		e.t.Fatal(err)
	}
	return st
}

// agent is a logged-in browser of a member of staff.
type agent struct {
	e        *env
	username string
	client   *http.Client
	me       meResponse
}

// login logs username in and fails the test if that does not work.
func (e *env) login(username string) *agent {
	e.t.Helper()
	a := e.browser(username)
	status, body := a.do("POST", "login", loginRequest{Username: username, Password: testPassword})
	if status != http.StatusOK {
		e.t.Fatalf("login %s: %d %s", username, status, body)
	}
	if err := json.Unmarshal(body, &a.me); err != nil || a.me.CSRF == "" {
		e.t.Fatalf("login answer %s: %v", body, err)
	}
	return a
}

// browser is a client with an empty cookie jar.
func (e *env) browser(username string) *agent {
	jar, _ := cookiejar.New(nil)
	return &agent{e: e, username: username, client: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

// do calls the API with the CSRF token; body nil sends none.
func (a *agent) do(method, path string, body any) (int, []byte) {
	return a.request(method, path, body, a.me.CSRF)
}

func (a *agent) request(method, path string, body any, csrf string) (int, []byte) {
	a.e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.e.srv.URL+"/staff/api/"+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		a.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// get decodes a GET's JSON into v and fails unless it is 200.
func (a *agent) get(path string, v any) {
	a.e.t.Helper()
	status, body := a.do("GET", path, nil)
	if status != http.StatusOK {
		a.e.t.Fatalf("GET %s as %s: %d %s", path, a.username, status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		a.e.t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

// expect calls the API and fails unless the status is want.
func (a *agent) expect(want int, method, path string, body any) []byte {
	a.e.t.Helper()
	status, b := a.do(method, path, body)
	if status != want {
		a.e.t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, a.username, status, want, b)
	}
	return b
}

// cookieHeader is the session cookie, for the WebSocket dialer.
func (a *agent) cookieHeader() string {
	u, _ := url.Parse(a.e.srv.URL + "/staff/")
	var parts []string
	for _, c := range a.client.Jar.Cookies(u) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// waitFor polls cond for a few seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func textIn(s string) channels.Inbound { return channels.Inbound{Text: s} }

// dialogForms is the composition root's FormReader: the engine's view of a
// conversation's state.
type dialogForms struct{}

func (dialogForms) FormView(state []byte) (FormView, error) {
	v, err := dialog.ReadView(state)
	if err != nil {
		return FormView{}, err
	}
	f := FormView{Form: v.Form, Field: v.Field, Paused: v.Paused, Answers: v.Answers}
	for _, c := range v.Cases {
		f.Cases = append(f.Cases, SubmittedCase{Ref: c.Ref, Service: c.Service})
	}
	if r := v.Rating; r != nil {
		f.Rating = &RatingView{Score: r.Score, Comment: r.Comment, At: r.At}
	}
	return f, nil
}
