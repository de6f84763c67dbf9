package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"amtsbote/app"
	"amtsbote/staff"
	"amtsbote/store"
)

// StaffListed is one account as `amtsbote staff list` shows it: never the
// password hash.
type StaffListed struct {
	Username   string    `json:"username"`
	Name       string    `json:"name"`
	Department string    `json:"department"`
	Role       string    `json:"role"`
	Disabled   bool      `json:"disabled"`
	Created    time.Time `json:"created"`
}

// StaffChange is what `amtsbote staff disable|enable|passwd` changes of an
// account: nil fields stay as they are. Password is already hashed by the
// command, so no password crosses the socket.
type StaffChange struct {
	Disabled *bool               `json:"disabled,omitempty"`
	Password *store.PasswordHash `json:"password,omitempty"`
}

// StaffDB is what listing and changing accounts needs of the store; the
// running server's store and a stopped one (opened by the command) have it.
type StaffDB interface {
	StaffAccounts() ([]store.StaffAccount, error)
	UpdateStaffAccount(ctx context.Context, username string, fn func(a *store.StaffAccount) error) (store.StaffAccount, error)
	PruneStaffSessions(ctx context.Context, now time.Time, username string) (int, error)
}

// ListStaff returns every account, without password hashes.
func ListStaff(db StaffDB) ([]StaffListed, error) {
	accts, err := db.StaffAccounts()
	if err != nil {
		return nil, fmt.Errorf("staff accounts: %w", err)
	}
	out := make([]StaffListed, 0, len(accts))
	for _, a := range accts {
		out = append(out, StaffListed{Username: a.Username, Name: a.Name, Department: a.Department,
			Role: a.Role, Disabled: a.Disabled, Created: a.Created})
	}
	return out, nil
}

// ChangeStaff applies ch to the account username; a disabled account or a
// new password ends the account's console sessions. A password hash weaker
// than the console's is refused (staff.CheckAccount). It returns
// store.ErrNotFound for an unknown username.
func ChangeStaff(ctx context.Context, db StaffDB, username string, ch StaffChange, now time.Time) (StaffListed, error) {
	var bad error
	acct, err := db.UpdateStaffAccount(ctx, username, func(a *store.StaffAccount) error {
		if ch.Disabled != nil {
			a.Disabled = *ch.Disabled
		}
		if ch.Password != nil {
			a.Password = *ch.Password
			bad = staff.CheckAccount(*a)
		}
		return bad
	})
	if err != nil {
		return StaffListed{}, err
	}
	if ch.Password != nil || acct.Disabled {
		if _, err := db.PruneStaffSessions(ctx, now, acct.Username); err != nil {
			return StaffListed{}, fmt.Errorf("ending the account's sessions: %w", err)
		}
	}
	return StaffListed{Username: acct.Username, Name: acct.Name, Department: acct.Department,
		Role: acct.Role, Disabled: acct.Disabled, Created: acct.Created}, nil
}

// staffList answers GET /staff/accounts.
func staffList(a *app.App) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		list, err := ListStaff(a.DB)
		if err != nil {
			writeAdminJSON(w, http.StatusInternalServerError, AdminError{Error: err.Error()})
			return
		}
		writeAdminJSON(w, http.StatusOK, list)
	}
}

// staffChange answers POST /staff/accounts/{username}: disable, enable or
// a new password hash.
func staffChange(a *app.App) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var ch StaffChange
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxAdminRequest))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ch); err != nil {
			writeAdminJSON(w, http.StatusBadRequest, AdminError{Error: "bad request: " + err.Error()})
			return
		}
		got, err := ChangeStaff(r.Context(), a.DB, r.PathValue("username"), ch, time.Now())
		switch {
		case errors.Is(err, store.ErrNotFound):
			writeAdminJSON(w, http.StatusNotFound, AdminError{Error: "no such account"})
			return
		case err != nil:
			writeAdminJSON(w, http.StatusBadRequest, AdminError{Error: err.Error()})
			return
		}
		a.Log.Info("staff account changed", "component", "admin", "disabled", got.Disabled, "password", ch.Password != nil)
		writeAdminJSON(w, http.StatusOK, got)
	}
}
