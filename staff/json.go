package staff

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"time"

	"amtsbote/answers"
	"amtsbote/store"
)

// errorResponse is the body of every error answer.
type errorResponse struct {
	Error      string `json:"error"`   // a code: "csrf", "claimed", "forbidden", …
	Message    string `json:"message"` // for people
	ClaimedBy  string `json:"claimed_by,omitempty"`
	RetryAfter int    `json:"retry_after,omitempty"` // seconds
	// Args are the data the message carries, by name ("departments"),
	// for the placeholders of the console's text for the code.
	Args map[string]string `json:"args,omitempty"`
	// Problems are what is wrong with an answer or a CSV file of answers
	// (bad_answer, bad_csv): each a text of the catalog (answers.problem.*)
	// with its placeholders by name, and "row" the CSV row it is in.
	Problems []problemJSON `json:"problems,omitempty"`
}

// problemJSON is one problem of an answer: the catalog's key and its
// placeholders as strings by name.
type problemJSON struct {
	Key  string            `json:"key"`
	Args map[string]string `json:"args,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, errorResponse{Error: code, Message: msg})
}

// writeErrorArgs is writeError with the data of the message as args.
func writeErrorArgs(w http.ResponseWriter, status int, code, msg string, args map[string]string) {
	writeJSON(w, status, errorResponse{Error: code, Message: msg, Args: args})
}

// writeProblems is writeError with the problems err (an *answers.Error)
// names; row is the CSV row of an answer whose error names none (0: none).
func writeProblems(w http.ResponseWriter, status int, code, msg string, err error, row int) {
	writeJSON(w, status, errorResponse{Error: code, Message: msg, Problems: problemsOf(err, row)})
}

// problemsOf lists the problems of err, if it is an *answers.Error.
func problemsOf(err error, row int) []problemJSON {
	var e *answers.Error
	if !errors.As(err, &e) {
		return nil
	}
	if e.Row > 0 {
		row = e.Row
	}
	out := make([]problemJSON, 0, len(e.Problems))
	for _, p := range e.Problems {
		args := map[string]string{}
		for i := 0; i+1 < len(p.Args); i += 2 {
			if k, ok := p.Args[i].(string); ok {
				args[k] = fmt.Sprint(p.Args[i+1])
			}
		}
		if row > 0 {
			args["row"] = strconv.Itoa(row)
		}
		out = append(out, problemJSON{Key: p.Key, Args: args})
	}
	return out
}

// tooMany answers 429 with Retry-After.
func tooMany(w http.ResponseWriter, code, msg string, wait time.Duration) {
	secs := int(wait.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	writeJSON(w, http.StatusTooManyRequests, errorResponse{Error: code, Message: msg, RetryAfter: secs})
}

// readJSON decodes a JSON body into v, or answers 400 / 415 and returns false.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "content_type", "send application/json")
		return false
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "the body is not the JSON expected")
		return false
	}
	return true
}

// internal logs err (never personal data: errors carry ids only) and answers 500.
func (c *Console) internal(w http.ResponseWriter, what string, err error) {
	c.log.Error(what+" failed", "err", err)
	writeError(w, http.StatusInternalServerError, "internal", "something went wrong; please try again")
}

// storeError answers a store error: 404 for ErrNotFound, else 500.
func (c *Console) storeError(w http.ResponseWriter, what string, err error) {
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, http.StatusNotFound, "not_found", what+" not found")
		return
	}
	c.internal(w, "reading "+what, err)
}

// auditLog appends to the audit log; a failure is logged and returned.
// Reading personal data (opening a conversation or a case) does not go on
// when its audit entry cannot be written.
func (c *Console) auditLog(ctx context.Context, actor, action, object string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := c.st.Audit(ctx, store.AuditEntry{Time: c.now(), Actor: actor, Action: action, Object: object})
	if err != nil {
		c.log.Error("writing the audit log failed", "action", action, "err", err)
	}
	return err
}
