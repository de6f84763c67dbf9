package staff

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"amtsbote/store"
	"amtsbote/text"
)

// accountView is an account as the API shows it: never the hash.
type accountView struct {
	Username   string `json:"username"`
	Name       string `json:"name"`
	Department string `json:"department"`
	Role       string `json:"role"`
	Disabled   bool   `json:"disabled"`
	Created    string `json:"created"`
}

func viewAccount(a store.StaffAccount) accountView {
	return accountView{Username: a.Username, Name: a.Name, Department: a.Department, Role: a.Role,
		Disabled: a.Disabled, Created: a.Created.Format("2006-01-02T15:04:05Z07:00")}
}

// The refusals of an account's fields (NewAccount, CheckAccount).
var (
	ErrUsername   = errors.New("the username needs 2 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter")
	ErrRole       = errors.New("the role is agent, editor or admin")
	ErrDepartment = errors.New("an agent or editor needs a department")
)

// usernamePattern is what a username may look like.
var usernamePattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,31}$`)

// NewAccount checks the parts of a new account and hashes its password.
func NewAccount(username, name, department, role, password string, p ArgonParams) (store.StaffAccount, error) {
	a := store.StaffAccount{Username: strings.ToLower(strings.TrimSpace(username)), Name: strings.TrimSpace(name),
		Department: strings.TrimSpace(department), Role: role}
	if err := checkFields(a); err != nil {
		return store.StaffAccount{}, err
	}
	h, err := HashPassword(password, p)
	if err != nil {
		return store.StaffAccount{}, err
	}
	a.Password = h
	return a, nil
}

// CheckAccount checks an account made elsewhere (by `amtsbote staff add`,
// sent to the running server): the fields as NewAccount wants them, and a
// password hash that is an argon2id hash at least as strong as the
// console's own (DefaultArgon).
func CheckAccount(a store.StaffAccount) error {
	if err := checkFields(a); err != nil {
		return err
	}
	h := a.Password
	if h.Time < DefaultArgon.Time || h.Memory < DefaultArgon.Memory || h.Threads < 1 || len(h.Salt) < 16 || len(h.Key) < 32 {
		return errors.New("the password hash is weaker than the console's")
	}
	return nil
}

// knownRole reports whether role is one of the console's roles.
func knownRole(role string) bool {
	return role == store.RoleAgent || role == store.RoleEditor || role == store.RoleAdmin
}

// checkFields checks an account's username, role and department.
func checkFields(a store.StaffAccount) error {
	switch {
	case !usernamePattern.MatchString(a.Username):
		return ErrUsername
	case !knownRole(a.Role):
		return ErrRole
	case a.Department == "" && a.Role != store.RoleAdmin:
		return ErrDepartment
	}
	return nil
}

// accounts lists the staff accounts.
func (c *Console) accounts(w http.ResponseWriter, _ *http.Request, _ *actor) {
	list, err := c.st.StaffAccounts()
	if err != nil {
		c.internal(w, "listing accounts", err)
		return
	}
	out := make([]accountView, 0, len(list))
	for _, a := range list {
		out = append(out, viewAccount(a))
	}
	writeJSON(w, http.StatusOK, out)
}

// accountRequest creates or changes an account; absent fields stay as they are.
type accountRequest struct {
	Username   string  `json:"username"`
	Name       *string `json:"name"`
	Department *string `json:"department"`
	Role       *string `json:"role"`
	Password   *string `json:"password"`
	Disabled   *bool   `json:"disabled"`
	Unlock     bool    `json:"unlock"` // forget failed logins
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// createAccount adds an account.
func (c *Console) createAccount(w http.ResponseWriter, r *http.Request, a *actor) {
	var req accountRequest
	if !readJSON(w, r, &req) {
		return
	}
	role := deref(req.Role)
	if role == "" {
		role = store.RoleAgent
	}
	if err := CheckDepartment(c.cat, strings.TrimSpace(deref(req.Department))); err != nil {
		c.badDepartment(w, strings.TrimSpace(deref(req.Department)))
		return
	}
	acct, err := c.hashed(r.Context(), func() (store.StaffAccount, error) {
		return NewAccount(req.Username, deref(req.Name), deref(req.Department), role, deref(req.Password), c.opts.Argon)
	})
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_account", err.Error())
		return
	}
	acct.Created = c.now()
	if err := c.st.CreateStaffAccount(r.Context(), acct); errors.Is(err, store.ErrExists) {
		writeError(w, http.StatusConflict, "exists", "the username is taken")
		return
	} else if err != nil {
		c.internal(w, "creating an account", err)
		return
	}
	_ = c.auditLog(r.Context(), a.Username, "account.create", acct.Username)
	writeJSON(w, http.StatusCreated, viewAccount(acct))
}

// hashed runs fn (which hashes a password) within the hashing limit.
func (c *Console) hashed(ctx context.Context, fn func() (store.StaffAccount, error)) (store.StaffAccount, error) {
	select {
	case c.hashing <- struct{}{}:
	case <-ctx.Done():
		return store.StaffAccount{}, ctx.Err()
	}
	defer func() { <-c.hashing }()
	return fn()
}

// updateAccount changes an account: name, department, role, password,
// disabled, unlock. The result is checked as a new account is. A new
// password or disabling ends the account's sessions.
func (c *Console) updateAccount(w http.ResponseWriter, r *http.Request, a *actor) {
	username, ctx := r.PathValue("username"), r.Context()
	var req accountRequest
	if !readJSON(w, r, &req) {
		return
	}
	if req.Role != nil && !knownRole(*req.Role) {
		writeError(w, http.StatusBadRequest, "bad_account", "the role is agent, editor or admin")
		return
	}
	if req.Department != nil {
		if err := CheckDepartment(c.cat, strings.TrimSpace(*req.Department)); err != nil {
			c.badDepartment(w, strings.TrimSpace(*req.Department))
			return
		}
	}
	var hash *store.PasswordHash
	if req.Password != nil {
		_, err := c.hashed(ctx, func() (store.StaffAccount, error) {
			h, err := HashPassword(*req.Password, c.opts.Argon)
			hash = &h
			return store.StaffAccount{}, err
		})
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_account", err.Error())
			return
		}
	}
	var bad error
	acct, err := c.st.UpdateStaffAccount(ctx, username, func(acct *store.StaffAccount) error {
		if req.Name != nil {
			acct.Name = strings.TrimSpace(*req.Name)
		}
		if req.Department != nil {
			acct.Department = strings.TrimSpace(*req.Department)
		}
		if req.Role != nil {
			acct.Role = *req.Role
		}
		if req.Disabled != nil {
			acct.Disabled = *req.Disabled
		}
		if hash != nil {
			acct.Password = *hash
		}
		bad = checkFields(*acct) // as a new account: an agent needs a department
		return bad
	})
	if bad != nil {
		writeError(w, http.StatusBadRequest, "bad_account", bad.Error())
		return
	}
	if err != nil {
		c.storeError(w, "account", err)
		return
	}
	if hash != nil || acct.Disabled {
		if _, err := c.st.PruneStaffSessions(ctx, c.now(), acct.Username); err != nil {
			c.log.Error("ending an account's sessions failed", "err", err)
		}
	}
	if req.Unlock {
		if err := c.st.ClearLoginFailures(ctx, acct.Username); err != nil {
			c.log.Error("unlocking an account failed", "err", err)
		}
	}
	_ = c.auditLog(ctx, a.Username, "account.update", acct.Username)
	writeJSON(w, http.StatusOK, viewAccount(acct))
}

// departmentRequest sets a department's name, office hours and round
// robin; what is absent stays as it is. Empty hours go back to the
// departments file's.
type departmentRequest struct {
	Name       *string              `json:"name"`
	Hours      *[]store.OfficeHours `json:"hours"`
	RoundRobin *bool                `json:"round_robin"`
}

var hhmm = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$`)

// putDepartment records a department's name and office hours.
func (c *Console) putDepartment(w http.ResponseWriter, r *http.Request, a *actor) {
	id := r.PathValue("id")
	var req departmentRequest
	if !readJSON(w, r, &req) {
		return
	}
	if err := CheckDepartment(c.cat, id); err != nil || id == "" {
		c.badDepartment(w, id)
		return
	}
	var hours []store.OfficeHours
	if req.Hours != nil {
		hours = *req.Hours
	}
	for _, h := range hours {
		if h.Weekday < 0 || h.Weekday > 6 || !hhmm.MatchString(h.From) || !hhmm.MatchString(h.To) || h.From >= h.To {
			writeError(w, http.StatusBadRequest, "bad_hours", "hours are {weekday 0-6 (Sunday 0), from \"08:00\", to \"16:00\"}")
			return
		}
	}
	d := store.Department{ID: id}
	stored, err := c.st.Departments()
	if err != nil {
		c.internal(w, "reading departments", err)
		return
	}
	for _, s := range stored {
		if s.ID == id {
			d = s
		}
	}
	if req.Name != nil {
		d.Name = strings.TrimSpace(*req.Name)
	}
	if req.Hours != nil {
		d.Hours = hours
	}
	if req.RoundRobin != nil {
		d.RoundRobin = *req.RoundRobin
	}
	if err := c.st.PutDepartment(r.Context(), d); err != nil {
		c.internal(w, "storing a department", err)
		return
	}
	_ = c.auditLog(r.Context(), a.Username, "department.put", id)
	writeJSON(w, http.StatusOK, d)
}

// putCanned creates or replaces a canned reply.
func (c *Console) putCanned(w http.ResponseWriter, r *http.Request, a *actor) {
	var in struct {
		store.CannedReply
		Lang string `json:"lang"` // the same as language, which it replaces when given
	}
	if !readJSON(w, r, &in) {
		return
	}
	req := in.CannedReply
	if in.Lang != "" {
		req.Language = in.Lang
	}
	req.Title, req.Text = strings.TrimSpace(req.Title), strings.TrimSpace(req.Text)
	if req.Title == "" || req.Text == "" || len(req.Text) > 4*maxTextChars {
		writeErrorArgs(w, http.StatusBadRequest, "bad_canned", "a canned reply needs a title and a text",
			map[string]string{"languages": langList()})
		return
	}
	if err := CheckDepartment(c.cat, strings.TrimSpace(req.Department)); err != nil {
		c.badDepartment(w, strings.TrimSpace(req.Department))
		return
	}
	if req.Language = strings.TrimSpace(req.Language); req.Language != "" {
		l, err := text.Parse(req.Language)
		if err != nil {
			writeErrorArgs(w, http.StatusBadRequest, "bad_canned", "the language is one of "+langList()+", or none for every language",
				map[string]string{"languages": langList()})
			return
		}
		req.Language = string(l) // "tr-TR" is "tr"
	}
	out, err := c.st.PutCannedReply(r.Context(), req)
	if err != nil {
		c.internal(w, "storing a canned reply", err)
		return
	}
	_ = c.auditLog(r.Context(), a.Username, "canned.put", out.ID)
	writeJSON(w, http.StatusOK, out)
}

// deleteCanned removes a canned reply.
func (c *Console) deleteCanned(w http.ResponseWriter, r *http.Request, a *actor) {
	id := r.PathValue("id")
	if err := c.st.DeleteCannedReply(r.Context(), id); err != nil {
		c.storeError(w, "canned reply", err)
		return
	}
	_ = c.auditLog(r.Context(), a.Username, "canned.delete", id)
	w.WriteHeader(http.StatusNoContent)
}

// audit pages through the audit log, newest first: ?before=SEQ&limit=N.
func (c *Console) audit(w http.ResponseWriter, r *http.Request, _ *actor) {
	before, _ := strconv.ParseUint(r.URL.Query().Get("before"), 10, 64)
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	log, err := c.st.AuditLog(before, limit)
	if err != nil {
		c.internal(w, "reading the audit log", err)
		return
	}
	if log == nil {
		log = []store.AuditEntry{}
	}
	writeJSON(w, http.StatusOK, log)
}

// langList names the languages a canned reply may have: "de, en, …".
func langList() string {
	var out []string
	for _, l := range text.All() {
		out = append(out, string(l))
	}
	return strings.Join(out, ", ")
}
