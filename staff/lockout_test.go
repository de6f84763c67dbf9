package staff

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"amtsbote/internal/httpx"
	"amtsbote/store"
)

// proxied serves the console behind a trusted proxy (127.0.0.1), so that
// each request can come from the address its X-Forwarded-For names.
func proxied(t *testing.T, e *env) *httptest.Server {
	t.Helper()
	proxies, err := httpx.ParseProxies([]string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(proxies.Wrap(e.console.Handler()))
	t.Cleanup(srv.Close)
	return srv
}

// loginFrom tries a login from the client address addr; it returns the status.
func loginFrom(t *testing.T, srv *httptest.Server, addr, username, password string) int {
	t.Helper()
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)
	req, _ := http.NewRequest("POST", srv.URL+"/staff/api/login", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// gatedCheck counts password checks and holds the right password's check
// until it is released.
type gatedCheck struct {
	checks           atomic.Int64
	mu               sync.Mutex
	entered, release chan struct{}
}

// arm sets up the next right-password check; released lets it run at once.
func (g *gatedCheck) arm(released bool) (entered, release chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.entered, g.release = make(chan struct{}, 1), make(chan struct{})
	if released {
		close(g.release)
	}
	return g.entered, g.release
}

func (g *gatedCheck) verify(h store.PasswordHash, password string) bool {
	g.checks.Add(1)
	if password == testPassword {
		g.mu.Lock()
		entered, release := g.entered, g.release
		g.mu.Unlock()
		entered <- struct{}{}
		<-release
	} else {
		time.Sleep(20 * time.Millisecond) // as slow as a real argon2id check
	}
	return CheckPassword(h, password)
}

// TestParallelLoginsCheckAtMostFivePasswords: attempts are counted before
// the password check, so 50 parallel wrong logins from 50 addresses check
// at most 5 passwords, and afterwards the right password is refused; and a
// right password whose check runs while parallel failures lock the account
// is refused too (the lock is checked again after the check).
func TestParallelLoginsCheckAtMostFivePasswords(t *testing.T) {
	e := newEnv(t, Options{})
	e.account("anna", "stadtwerke", store.RoleAgent)
	g := &gatedCheck{}
	g.arm(true)
	e.console.verify = g.verify
	srv := proxied(t, e)

	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			addr := fmt.Sprintf("198.51.100.%d", i+1)
			if i%2 == 1 {
				addr = fmt.Sprintf("2001:db8:%x::1", i) // each in its own /64
			}
			if s := loginFrom(t, srv, addr, "anna", "not the password"); s != http.StatusUnauthorized && s != http.StatusTooManyRequests {
				t.Errorf("wrong password from %s: %d", addr, s)
			}
		})
	}
	wg.Wait()
	if n := g.checks.Load(); n < 1 || n > 5 {
		t.Fatalf("50 parallel wrong logins checked %d passwords, want at most 5", n)
	}
	if s := loginFrom(t, srv, "203.0.113.7", "anna", testPassword); s != http.StatusTooManyRequests {
		t.Fatalf("right password after the parallel failures: %d, want 429", s)
	}

	// Unlocked again: the right password's check is running while five
	// wrong ones fail in parallel and lock the account.
	if err := e.core.DB.ClearLoginFailures(t.Context(), "anna"); err != nil {
		t.Fatal(err)
	}
	entered, release := g.arm(false)
	right := make(chan int, 1)
	go func() { right <- loginFrom(t, srv, "203.0.113.8", "anna", testPassword) }()
	<-entered
	for i := range 5 {
		wg.Go(func() { loginFrom(t, srv, fmt.Sprintf("192.0.2.%d", i+1), "anna", "not the password") })
	}
	wg.Wait()
	close(release)
	if s := <-right; s != http.StatusTooManyRequests {
		t.Fatalf("right password checked while the account got locked: %d, want 429", s)
	}
}

// TestLoginLimiterKeysIPv6On64: the addresses of one IPv6 /64 share one
// bucket; another /64 has its own.
func TestLoginLimiterKeysIPv6On64(t *testing.T) {
	e := newEnv(t, Options{LoginBurst: 3, LoginRate: 0.001, MaxFailures: 100})
	srv := proxied(t, e)
	for i := range 3 {
		if s := loginFrom(t, srv, fmt.Sprintf("2001:db8:1:2::%x", i+1), fmt.Sprint("user", i), "whatever-wrong"); s != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, s)
		}
	}
	if s := loginFrom(t, srv, "2001:db8:1:2:ffff::9", "userx", "whatever-wrong"); s != http.StatusTooManyRequests {
		t.Fatalf("4th attempt from the same /64: %d, want 429", s)
	}
	if s := loginFrom(t, srv, "2001:db8:1:3::1", "usery", "whatever-wrong"); s != http.StatusUnauthorized {
		t.Fatalf("attempt from another /64: %d, want 401", s)
	}
}
