package staff

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"amtsbote/store"
)

// cookieName is the session cookie; it is scoped to /staff.
const cookieName = "amtsbote_staff"

const roleAdmin = store.RoleAdmin

// actor is the logged-in member of staff making a request.
type actor struct {
	store.StaffAccount
	session store.StaffSession
}

func (a *actor) admin() bool { return a.Role == store.RoleAdmin }

// handlerFunc is an API handler that runs for an authenticated actor.
type handlerFunc func(w http.ResponseWriter, r *http.Request, a *actor)

// may reports whether a is allowed to see what belongs to department: an
// admin sees everything, an agent their department and the general queue
// (department "", when no default department is configured). An agent
// without a department (there should be none) has no department of its own.
func (c *Console) may(a *actor, department string) bool {
	return a.admin() || (a.Department != "" && department == a.Department) ||
		(department == "" && c.opts.DefaultDepartment == "")
}

// authed wraps h: a valid session is required, a change (any method but
// GET and HEAD) also needs the session's CSRF token in X-CSRF-Token, and
// role roleAdmin needs an admin.
func (c *Console) authed(role string, h handlerFunc) http.HandlerFunc {
	return c.authedLimit(role, 64<<10, h)
}

// authedLimit is authed with a body of up to limit bytes.
func (c *Console) authedLimit(role string, limit int64, h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a := c.authenticate(r)
		if a == nil {
			writeError(w, http.StatusUnauthorized, "unauthenticated", "please log in")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			token := r.Header.Get("X-CSRF-Token")
			if !c.originAllowed(r) || subtle.ConstantTimeCompare([]byte(token), []byte(a.session.CSRF)) != 1 {
				writeError(w, http.StatusForbidden, "csrf", "missing or wrong X-CSRF-Token")
				return
			}
		}
		if role == roleAdmin && !a.admin() {
			writeError(w, http.StatusForbidden, "forbidden", "admins only")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		h(w, r, a)
	}
}

// authenticate returns the actor of the request's session cookie, or nil.
func (c *Console) authenticate(r *http.Request) *actor {
	ck, err := r.Cookie(cookieName)
	if err != nil || ck.Value == "" || len(ck.Value) > 128 {
		return nil
	}
	id := sessionID(ck.Value)
	s, err := c.st.StaffSession(id)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			c.log.Error("reading a session failed", "err", err)
		}
		return nil
	}
	now := c.now()
	c.mu.Lock()
	last, seen := c.idle[id]
	idle := seen && now.Sub(last) > c.opts.IdleTimeout
	if !idle {
		c.idle[id] = now
	}
	c.mu.Unlock()
	if idle || now.After(s.Expires) {
		c.endSession(r.Context(), id)
		return nil
	}
	acct, err := c.st.StaffAccount(s.Username)
	if err != nil || acct.Disabled {
		return nil
	}
	c.mu.Lock()
	c.seen[acct.Username] = presence{department: acct.Department, at: now}
	c.mu.Unlock()
	return &actor{StaffAccount: acct, session: s}
}

func (c *Console) endSession(ctx context.Context, id string) {
	c.mu.Lock()
	delete(c.idle, id)
	delete(c.read, id)
	c.mu.Unlock()
	if err := c.st.DeleteStaffSession(ctx, id); err != nil {
		c.log.Error("deleting a session failed", "err", err)
	}
}

// originAllowed checks a browser's Origin header: the server's own origin
// (scheme, host and port of Options.PublicURL, or the address the request
// arrived on) or one of Options.AllowedOrigins. Requests without Origin
// (tools, not browsers) pass; they need the cookie and the CSRF token anyway.
func (c *Console) originAllowed(r *http.Request) bool { return c.origins.Allow(r) }

// loginRequest is the body of POST /staff/api/login.
type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// login checks a username and password and starts a session.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	if !c.originAllowed(r) {
		writeError(w, http.StatusForbidden, "origin", "this origin may not log in")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	var req loginRequest
	if !readJSON(w, r, &req) {
		return
	}
	username := strings.TrimSpace(req.Username)
	if username == "" || len(username) > 64 || req.Password == "" {
		writeError(w, http.StatusBadRequest, "bad_request", "username and password are required")
		return
	}
	ctx, now := r.Context(), c.now()
	if ok, wait := c.limiter.Allow(clientKey(r), now); !ok {
		tooMany(w, "rate_limited", "too many login attempts from this address", wait)
		return
	}
	// The attempt is counted before the slow check, so parallel attempts
	// cannot all pass a lock that is not yet recorded.
	f, reserved, err := c.st.ReserveLoginAttempt(ctx, username, now, c.opts.MaxFailures, c.opts.FailureWindow)
	if err != nil {
		c.internal(w, "counting a login attempt", err)
		return
	}
	if !reserved {
		wait := f.LockedUntil.Sub(now)
		if wait <= 0 {
			wait = max(f.Last.Add(c.opts.FailureWindow).Sub(now), time.Second)
		}
		tooMany(w, "locked", "too many failed logins; this account is locked for a while", wait)
		return
	}
	acct, err := c.st.StaffAccount(username)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		c.endAttempt(ctx, username, false)
		c.internal(w, "reading an account", err)
		return
	}
	ok, err := c.checkPassword(ctx, acct.Password, req.Password)
	if err != nil {
		c.endAttempt(ctx, username, false)
		return // the client went away
	}
	failed := !ok || acct.Disabled
	f, err = c.endAttempt(ctx, username, failed)
	if err != nil {
		c.internal(w, "recording a login attempt", err)
		return
	}
	if failed {
		if acct.Username != "" {
			_ = c.auditLog(ctx, acct.Username, "login.failed", acct.Username)
		}
		c.log.Info("login failed", "locked", f.LockedUntil.After(now))
	}
	if f.LockedUntil.After(now) { // also a right password: parallel failures locked the account meanwhile
		tooMany(w, "locked", "too many failed logins; this account is locked for a while", f.LockedUntil.Sub(now))
		return
	}
	if failed {
		writeError(w, http.StatusUnauthorized, "invalid_credentials", "wrong username or password")
		return
	}
	token := randomToken()
	s := store.StaffSession{ID: sessionID(token), Username: acct.Username, CSRF: randomToken(),
		Created: now, Expires: now.Add(c.opts.SessionTTL)}
	if err := c.st.CreateStaffSession(ctx, s); err != nil {
		c.internal(w, "storing a session", err)
		return
	}
	c.mu.Lock()
	c.idle[s.ID] = now
	c.seen[acct.Username] = presence{department: acct.Department, at: now}
	c.mu.Unlock()
	c.present()
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: "/staff", Expires: s.Expires,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.secure(r)})
	_ = c.auditLog(ctx, acct.Username, "login", acct.Username)
	writeJSON(w, http.StatusOK, c.meJSON(&actor{StaffAccount: acct, session: s}))
}

// endAttempt ends a login attempt counted by ReserveLoginAttempt: failed
// keeps it counted (and may lock the username), else it is given back.
// It runs even when the client has gone away.
func (c *Console) endAttempt(ctx context.Context, username string, failed bool) (store.LoginFailures, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	f, err := c.st.EndLoginAttempt(ctx, username, c.now(), failed, c.opts.MaxFailures, c.opts.LockFor)
	if err != nil {
		c.log.Error("ending a login attempt failed", "err", err)
	}
	return f, err
}

// logout ends the session and clears the cookie.
func (c *Console) logout(w http.ResponseWriter, r *http.Request, a *actor) {
	c.endSession(r.Context(), a.session.ID)
	c.hub.dropSession(a.session.ID)
	c.mu.Lock()
	delete(c.seen, a.Username)
	c.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/staff", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.secure(r)})
	_ = c.auditLog(r.Context(), a.Username, "logout", a.Username)
	w.WriteHeader(http.StatusNoContent)
}

// meResponse describes the logged-in member of staff.
type meResponse struct {
	CSRF       string `json:"csrf"`
	Username   string `json:"username"`
	Name       string `json:"name"`
	Department string `json:"department"`
	Role       string `json:"role"`
	// DepartmentName is the department's name from the departments file.
	DepartmentName string `json:"department_name"`
	// TimeZone is the city's time zone ("Europe/Berlin"): the page shows
	// every time in it, whatever the browser's own.
	TimeZone string `json:"time_zone"`
}

func (c *Console) meJSON(a *actor) meResponse {
	m := meResponse{CSRF: a.session.CSRF, Username: a.Username, Name: a.Name, Department: a.Department, Role: a.Role,
		TimeZone: c.opts.Location.String()}
	if a.Department != "" {
		m.DepartmentName = c.teamName(a.Department, "de")
	}
	return m
}

// me answers who is logged in, with the CSRF token (the page asks after a reload).
func (c *Console) me(w http.ResponseWriter, _ *http.Request, a *actor) {
	writeJSON(w, http.StatusOK, c.meJSON(a))
}

// pruneSessions deletes expired sessions and forgets idle bookkeeping.
func (c *Console) pruneSessions(ctx context.Context) {
	now := c.now()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := c.st.PruneStaffSessions(ctx, now, ""); err != nil {
		c.log.Error("pruning sessions failed", "err", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, last := range c.idle {
		if now.Sub(last) > c.opts.IdleTimeout {
			delete(c.idle, id)
			delete(c.read, id)
		}
	}
	for u, p := range c.seen {
		if now.Sub(p.at) > c.opts.PresenceWindow {
			delete(c.seen, u)
		}
	}
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sessionID is what the store keys a session by: the token's SHA-256.
func sessionID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
