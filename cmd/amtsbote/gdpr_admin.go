package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
	"unicode"
)

// GDPR requests over the admin socket: `amtsbote gdpr export|delete` asks
// the running server, which does the work with what it holds open (the
// store, the portal key, its in-memory views), so that a request is
// answered without stopping the server. Requests are small JSON
// (gdprRequest); answers are gdprExported, gdprDeleted or adminError.

// maxAdminRequest bounds a request body on the admin socket.
const maxAdminRequest = 16 << 10

// errNoServer says no server answers on the admin socket.
var errNoServer = errors.New("no server answers on the admin socket")

// adminError is the admin socket's answer when a request failed.
type adminError struct {
	Error string `json:"error"`
}

// serveGDPRExport answers POST /gdpr/export with the signed export.
func (a *app) serveGDPRExport(w http.ResponseWriter, r *http.Request) {
	req, ok := readGDPRRequest(w, r)
	if !ok {
		return
	}
	ex, err := gdprExport(r.Context(), a.db, a.portal, a.exportNames(), req, time.Now().UTC())
	if err != nil {
		a.log.Error("gdpr export failed", "component", "admin", "err", err)
		writeAdminJSON(w, http.StatusInternalServerError, adminError{Error: err.Error()})
		return
	}
	a.log.Info("gdpr export done", "component", "admin", "conversations", ex.Conversations)
	writeAdminJSON(w, http.StatusOK, ex)
}

// serveGDPRDelete answers POST /gdpr/delete: the erasure, the in-memory
// views forgetting what went, compaction and the audit entry. Once
// started it runs to its end even if the client goes away.
func (a *app) serveGDPRDelete(w http.ResponseWriter, r *http.Request) {
	req, ok := readGDPRRequest(w, r)
	if !ok {
		return
	}
	d, err := gdprDelete(context.WithoutCancel(r.Context()), a.db, req, a.erase)
	if err != nil {
		a.log.Error("gdpr delete failed", "component", "admin", "err", err)
		writeAdminJSON(w, http.StatusInternalServerError, adminError{Error: err.Error()})
		return
	}
	a.log.Info("gdpr delete done", "component", "admin", "conversations", d.Conversations)
	writeAdminJSON(w, http.StatusOK, d)
}

// exportNames are the running server's time zone, offices and catalog,
// for making an export's bookings readable.
func (a *app) exportNames() exportNames {
	return exportNames{loc: a.loc, offices: a.offices, catalog: a.catalog}
}

// readGDPRRequest decodes and checks a request; on failure it has answered.
func readGDPRRequest(w http.ResponseWriter, r *http.Request) (gdprRequest, bool) {
	var req gdprRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAdminRequest))
	dec.DisallowUnknownFields()
	err := dec.Decode(&req)
	switch {
	case err != nil:
		err = fmt.Errorf("bad request: %w", err)
	case req.Channel == "" || req.Address == "":
		err = errors.New("bad request: channel and address are needed")
	}
	if err != nil {
		writeAdminJSON(w, http.StatusBadRequest, adminError{Error: err.Error()})
		return gdprRequest{}, false
	}
	req.Actor = cleanActor(req.Actor)
	return req, true
}

// cleanActor keeps the audit log's actor a short printable name.
func cleanActor(s string) string {
	if s == "" || len(s) > 64 || strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return "unknown"
	}
	return s
}

func writeAdminJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// adminRefusal is a request the running server answered with an error.
type adminRefusal struct {
	status int // the HTTP status
	msg    string
}

func (e *adminRefusal) Error() string { return "the running server: " + e.msg }

// askAdmin posts req as JSON to path on the admin socket of dataDir and
// decodes the answer into answer. It returns errNoServer when nothing
// listens there, so the caller can work on the stopped store instead.
func askAdmin(ctx context.Context, dataDir, path string, req, answer any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://amtsbote"+path, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	resp, err := adminClient(dataDir).Do(hreq)
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			return fmt.Errorf("%w: %v", errNoServer, err)
		}
		return fmt.Errorf("the running server did not answer: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e adminError
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxAdminRequest))
		if json.Unmarshal(raw, &e) != nil || e.Error == "" {
			e.Error = resp.Status
		}
		return &adminRefusal{status: resp.StatusCode, msg: e.Error}
	}
	if err := json.NewDecoder(resp.Body).Decode(answer); err != nil {
		return fmt.Errorf("the running server's answer: %w", err)
	}
	return nil
}
