package staff

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"amtsbote/internal/httpx"
	"amtsbote/store"
)

func TestLoginSessionCSRFLogout(t *testing.T) {
	e := newEnv(t, Options{})
	e.account("anna", "stadtwerke", store.RoleAgent)

	b := e.browser("anna")
	if status, _ := b.do("POST", "login", loginRequest{Username: "anna", Password: "wrong password!!"}); status != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", status)
	}
	if status, _ := b.do("POST", "login", loginRequest{Username: "nobody", Password: testPassword}); status != http.StatusUnauthorized {
		t.Fatalf("unknown user: %d", status)
	}
	if status, _ := b.do("GET", "me", nil); status != http.StatusUnauthorized {
		t.Fatalf("me before login: %d", status)
	}

	a := e.login("anna")
	var me meResponse
	a.get("me", &me)
	if me.Username != "anna" || me.Department != "stadtwerke" || me.Role != store.RoleAgent || me.CSRF != a.me.CSRF {
		t.Fatalf("me: %+v", me)
	}
	// Every change needs the session's CSRF token.
	for _, csrf := range []string{"", "wrong-token", a.me.CSRF + "x"} {
		status, body := a.request("POST", "conversations/x/claim", nil, csrf)
		if status != http.StatusForbidden || !strings.Contains(string(body), `"csrf"`) {
			t.Fatalf("claim with CSRF %q: %d %s", csrf, status, body)
		}
	}
	if status, body := a.request("POST", "logout", nil, ""); status != http.StatusForbidden {
		t.Fatalf("logout without CSRF: %d %s", status, body)
	}
	// A cross-site page cannot send the token, but also the Origin is checked.
	req, _ := http.NewRequest("POST", e.srv.URL+"/staff/api/conversations/x/claim", nil)
	req.Header.Set("X-CSRF-Token", a.me.CSRF)
	req.Header.Set("Origin", "https://evil.example")
	if resp, err := a.client.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign origin: %v %v", resp.StatusCode, err)
	}

	a.expect(http.StatusNoContent, "POST", "logout", nil)
	if status, _ := a.do("GET", "me", nil); status != http.StatusUnauthorized {
		t.Fatalf("me after logout: %d", status)
	}
}

// The console's own origin is scheme, host and port of the public URL (or
// the address a request arrived on), never what the Host header says.
func TestOriginSchemeHostAndPort(t *testing.T) {
	// login tries a wrong password from origin with the Host header host:
	// the password check (401) is reached only from an allowed origin,
	// anything else is refused first (403).
	login := func(e *env, origin, host string) int {
		t.Helper()
		body := strings.NewReader(`{"username":"anna","password":"wrong password!!"}`)
		req, _ := http.NewRequest("POST", e.srv.URL+"/staff/api/login", body)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// Without a public URL the address the request arrived on is the
	// console's own; a forged Host equal to the attacker's Origin (DNS
	// rebinding) is no reason to trust it.
	e := newEnv(t, Options{})
	e.account("anna", "stadtwerke", store.RoleAgent)
	if got := login(e, "http://evil.example", "evil.example"); got != http.StatusForbidden {
		t.Errorf("forged Host: %d", got)
	}
	if got := login(e, e.srv.URL, ""); got != http.StatusUnauthorized {
		t.Errorf("own origin: %d", got)
	}
	// With a public URL, its scheme, host and port are the console's own.
	e = newEnv(t, Options{PublicURL: "https://service.musterstadt.de"})
	e.account("anna", "stadtwerke", store.RoleAgent)
	for origin, ok := range map[string]bool{
		"https://service.musterstadt.de":      true,
		"https://service.musterstadt.de:443":  true,
		"http://service.musterstadt.de":       false, // another scheme
		"https://service.musterstadt.de:8443": false, // another port
		e.srv.URL:                             false, // the listening address no longer counts
	} {
		want := map[bool]int{true: http.StatusUnauthorized, false: http.StatusForbidden}[ok]
		if got := login(e, origin, "service.musterstadt.de"); got != want {
			t.Errorf("origin %s: %d, want %d", origin, got, want)
		}
	}
}

func TestSessionCookieAttributesAndExpiry(t *testing.T) {
	e := newEnv(t, Options{SessionTTL: time.Hour, IdleTimeout: 30 * time.Minute})
	e.account("anna", "stadtwerke", store.RoleAgent)
	h := e.console.Handler()

	proxies, _ := httpx.ParseProxies([]string{"192.0.2.1"}) // httptest's RemoteAddr
	h = proxies.Wrap(h)
	login := func(target string, header ...string) *http.Cookie {
		req := httptest.NewRequest("POST", target, strings.NewReader(`{"username":"anna","password":"`+testPassword+`"}`))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("login: %d %s", rec.Code, rec.Body)
		}
		cs := rec.Result().Cookies()
		if len(cs) != 1 {
			t.Fatalf("cookies: %v", cs)
		}
		return cs[0]
	}
	c := login("http://console.example/staff/api/login")
	if c.Name != cookieName || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/staff" || c.Secure {
		t.Fatalf("cookie over http: %+v", c)
	}
	if c := login("https://console.example/staff/api/login"); !c.Secure {
		t.Fatal("cookie over TLS is not Secure")
	}
	if c := login("http://console.example/staff/api/login", "X-Forwarded-Proto", "https"); !c.Secure {
		t.Fatal("cookie behind a trusted TLS proxy is not Secure")
	}

	a := e.login("anna")
	e.clock.Store(int64(31 * time.Minute))
	if status, _ := a.do("GET", "me", nil); status != http.StatusUnauthorized {
		t.Fatalf("after 31 idle minutes: %d", status)
	}
	e.clock.Store(0)
	a = e.login("anna")
	for _, step := range []time.Duration{20 * time.Minute, 40 * time.Minute, 61 * time.Minute} {
		e.clock.Store(int64(step))
		status, _ := a.do("GET", "me", nil)
		if want := http.StatusOK; step > time.Hour {
			want = http.StatusUnauthorized
			if status != want {
				t.Fatalf("after %v: %d", step, status)
			}
		} else if status != want {
			t.Fatalf("after %v: %d", step, status)
		}
	}
}

func TestLockoutAfterRepeatedFailures(t *testing.T) {
	e := newEnv(t, Options{LoginBurst: 50})
	e.account("anna", "stadtwerke", store.RoleAgent)
	e.account("root", "", store.RoleAdmin)
	b := e.browser("anna")
	for i := 1; i <= 5; i++ {
		status, body := b.do("POST", "login", loginRequest{Username: "anna", Password: "not the password"})
		want := http.StatusUnauthorized
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if status != want {
			t.Fatalf("failure %d: %d %s", i, status, body)
		}
	}
	// Locked: even the right password is refused, with Retry-After.
	status, body := b.do("POST", "login", loginRequest{Username: "anna", Password: testPassword})
	if status != http.StatusTooManyRequests || !strings.Contains(string(body), `"locked"`) {
		t.Fatalf("right password while locked: %d %s", status, body)
	}
	// An admin unlocks.
	root := e.login("root")
	root.expect(http.StatusOK, "POST", "admin/accounts/anna", map[string]any{"unlock": true})
	e.login("anna")

	// The lock ends by itself, too.
	for range 5 {
		b.do("POST", "login", loginRequest{Username: "anna", Password: "not the password"})
	}
	e.clock.Store(int64(16 * time.Minute))
	e.login("anna")
}

func TestLoginRateLimitPerIP(t *testing.T) {
	e := newEnv(t, Options{LoginBurst: 3, LoginRate: 0.001, MaxFailures: 100})
	b := e.browser("x")
	for i := range 3 {
		if status, _ := b.do("POST", "login", loginRequest{Username: "user" + string(rune('a'+i)), Password: "whatever-wrong"}); status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, status)
		}
	}
	status, body := b.do("POST", "login", loginRequest{Username: "userz", Password: "whatever-wrong"})
	if status != http.StatusTooManyRequests || !strings.Contains(string(body), "rate_limited") {
		t.Fatalf("4th attempt from one IP: %d %s", status, body)
	}
}

func TestAdminOnlyAndAccounts(t *testing.T) {
	e := newEnv(t, Options{})
	e.account("anna", "stadtwerke", store.RoleAgent)
	e.account("root", "", store.RoleAdmin)
	anna := e.login("anna")
	for _, p := range []string{"admin/audit", "admin/accounts"} {
		anna.expect(http.StatusForbidden, "GET", p, nil)
	}
	anna.expect(http.StatusForbidden, "POST", "admin/canned", store.CannedReply{Title: "x", Text: "y"})

	root := e.login("root")
	root.expect(http.StatusCreated, "POST", "admin/accounts",
		map[string]any{"username": "bert", "department": "gewerbeamt", "password": testPassword})
	root.expect(http.StatusConflict, "POST", "admin/accounts",
		map[string]any{"username": "bert", "department": "gewerbeamt", "password": testPassword})
	root.expect(http.StatusBadRequest, "POST", "admin/accounts",
		map[string]any{"username": "carl", "department": "gewerbeamt", "password": "short"})
	bert := e.login("bert")
	var accts []accountView
	root.get("admin/accounts", &accts)
	if len(accts) != 3 {
		t.Fatalf("accounts: %+v", accts)
	}
	// Disabling ends bert's sessions at once.
	root.expect(http.StatusOK, "POST", "admin/accounts/bert", map[string]any{"disabled": true})
	if status, _ := bert.do("GET", "me", nil); status != http.StatusUnauthorized {
		t.Fatalf("disabled account: %d", status)
	}
	var log []store.AuditEntry
	root.get("admin/audit", &log)
	if len(log) == 0 || log[0].Action != "account.update" || log[0].Object != "bert" || log[0].Actor != "root" {
		t.Fatalf("audit: %+v", log)
	}
}
