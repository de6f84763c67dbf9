package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"amtsbote/app"
	"amtsbote/privacy"
	"amtsbote/staff"
	"amtsbote/store"
)

// Requests on the admin socket: `amtsbote gdpr export|delete` and
// `amtsbote staff add` ask the running server, which does the work with
// what it holds open (the store, the portal key, its in-memory views), so
// that a request is answered without stopping the server. Requests are
// small JSON; answers are privacy.Exported, privacy.Deleted, StaffAdded or
// AdminError.

// MaxAdminRequest bounds a request body on the admin socket.
const MaxAdminRequest = 16 << 10

// AdminError is the admin socket's answer when a request failed.
type AdminError struct {
	Error string `json:"error"`
}

// StaffAdded is the admin socket's answer to an account.
type StaffAdded struct {
	Username string `json:"username"`
}

// gdprExport answers POST /gdpr/export with the signed export.
func gdprExport(a *app.App) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		req, ok := readGDPRRequest(w, r)
		if !ok {
			return
		}
		names := privacy.Names{Location: a.Location, Offices: a.Offices, Catalog: a.Catalog}
		ex, err := privacy.Export(r.Context(), a.DB, a.Portal, names, req, time.Now().UTC())
		if err != nil {
			a.Log.Error("gdpr export failed", "component", "admin", "err", err)
			writeAdminJSON(w, http.StatusInternalServerError, AdminError{Error: err.Error()})
			return
		}
		a.Log.Info("gdpr export done", "component", "admin", "conversations", ex.Conversations)
		writeAdminJSON(w, http.StatusOK, ex)
	}
}

// gdprDelete answers POST /gdpr/delete: the erasure, the in-memory views
// forgetting what went, compaction and the audit entry. Once started it
// runs to its end even if the client goes away.
func gdprDelete(a *app.App) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		req, ok := readGDPRRequest(w, r)
		if !ok {
			return
		}
		d, err := privacy.Delete(context.WithoutCancel(r.Context()), a.DB, req, a.Erase)
		if err != nil {
			a.Log.Error("gdpr delete failed", "component", "admin", "err", err)
			writeAdminJSON(w, http.StatusInternalServerError, AdminError{Error: err.Error()})
			return
		}
		a.Log.Info("gdpr delete done", "component", "admin", "conversations", d.Conversations)
		writeAdminJSON(w, http.StatusOK, d)
	}
}

// readGDPRRequest decodes and checks a request; on failure it has answered.
func readGDPRRequest(w http.ResponseWriter, r *http.Request) (privacy.Request, bool) {
	req, err := privacy.DecodeRequest(http.MaxBytesReader(w, r.Body, MaxAdminRequest))
	if err != nil {
		writeAdminJSON(w, http.StatusBadRequest, AdminError{Error: err.Error()})
		return privacy.Request{}, false
	}
	return req, true
}

// staffAdd answers POST /staff/accounts: an account made by `amtsbote
// staff add`, checked and stored.
func staffAdd(a *app.App) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var acct store.StaffAccount
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxAdminRequest))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&acct); err != nil {
			writeAdminJSON(w, http.StatusBadRequest, AdminError{Error: "bad request: " + err.Error()})
			return
		}
		if err := staff.CheckAccount(acct); err != nil {
			writeAdminJSON(w, http.StatusBadRequest, AdminError{Error: err.Error()})
			return
		}
		if err := staff.CheckDepartment(a.Catalog, acct.Department); err != nil {
			writeAdminJSON(w, http.StatusBadRequest, AdminError{Error: err.Error()})
			return
		}
		acct.Disabled = false
		err := a.DB.CreateStaffAccount(r.Context(), acct)
		if errors.Is(err, store.ErrExists) {
			writeAdminJSON(w, http.StatusConflict, AdminError{Error: "the username is taken"})
			return
		}
		if err != nil {
			a.Log.Error("adding a staff account failed", "component", "admin", "err", err)
			writeAdminJSON(w, http.StatusInternalServerError, AdminError{Error: err.Error()})
			return
		}
		a.Log.Info("staff account added", "component", "admin", "role", acct.Role)
		writeAdminJSON(w, http.StatusOK, StaffAdded{Username: acct.Username})
	}
}

func writeAdminJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
