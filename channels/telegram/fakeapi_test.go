package telegram

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeAPI is a local Bot API server: it speaks the JSON of getMe,
// getUpdates (with offset and long-poll semantics), sendMessage,
// sendDocument (multipart), answerCallbackQuery, editMessageReplyMarkup,
// getFile and the file download path, setWebhook, deleteWebhook and
// setMyCommands, and records every call with its arrival time.
type fakeAPI struct {
	t     testing.TB
	srv   *httptest.Server
	token string

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced on every change
	updates    []fakeUpdate  // not yet confirmed
	nextUpdate int
	nextMsg    int
	nextCB     int
	calls      []apiCall
	messages   map[int]map[string]any // messages the bot sent, by id
	files      map[string][]byte      // file_id → content
	failures   map[string][]failure   // method → answers to give first
}

type fakeUpdate struct {
	id   int
	body map[string]any
}

// apiCall is one request the fake received.
type apiCall struct {
	Method    string
	At        time.Time
	Chat      int64
	Params    map[string]string
	File      []byte // the uploaded document
	FileName  string
	Status    int // HTTP status answered
	MessageID int // of a message the bot sent
}

// failure is an error answer the fake gives instead of the real one.
type failure struct {
	status     int
	desc       string
	retryAfter int
	sticky     bool // given until cleared
}

const fakeToken = "123456:TEST-token_secret"

func newFakeAPI(t testing.TB) *fakeAPI {
	f := &fakeAPI{t: t, token: fakeToken, changed: make(chan struct{}), nextUpdate: 700000, nextMsg: 100,
		messages: map[int]map[string]any{}, files: map[string][]byte{}, failures: map[string][]failure{}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

// changedLocked wakes everyone waiting for a change; f.mu is held.
func (f *fakeAPI) changedLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	if p, ok := strings.CutPrefix(r.URL.Path, "/file/bot"+f.token+"/"); ok {
		f.serveFile(w, p)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || token != f.token {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"ok": false, "error_code": 401, "description": "Unauthorized"})
		return
	}
	call := apiCall{Method: method, At: at, Params: map[string]string{}}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(64 << 20); err != nil {
			f.t.Errorf("fake API: %s: bad multipart body: %v", method, err)
		} else {
			for k, v := range r.MultipartForm.Value {
				call.Params[k] = v[0]
			}
			if fh := r.MultipartForm.File["document"]; len(fh) > 0 {
				call.FileName = fh[0].Filename
				if rd, err := fh[0].Open(); err == nil {
					call.File, _ = io.ReadAll(rd)
					rd.Close()
				}
			}
		}
	} else if err := r.ParseForm(); err == nil {
		for k, v := range r.PostForm {
			call.Params[k] = v[0]
		}
	}
	call.Chat, _ = strconv.ParseInt(call.Params["chat_id"], 10, 64)
	if method == "getUpdates" {
		f.getUpdates(w, r, call)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	defer f.changedLocked()
	if fl := f.failures[method]; len(fl) > 0 {
		x := fl[0]
		if !x.sticky {
			f.failures[method] = fl[1:]
		}
		call.Status = x.status
		f.calls = append(f.calls, call)
		body := map[string]any{"ok": false, "error_code": x.status, "description": x.desc}
		if x.retryAfter > 0 {
			body["parameters"] = map[string]any{"retry_after": x.retryAfter}
		}
		writeJSON(w, x.status, body)
		return
	}
	status, result := f.answer(&call)
	call.Status = status
	f.calls = append(f.calls, call)
	if status != http.StatusOK {
		writeJSON(w, status, map[string]any{"ok": false, "error_code": status, "description": result})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": result})
}

// answer gives the result of a method other than getUpdates; f.mu is held.
func (f *fakeAPI) answer(call *apiCall) (int, any) {
	p := call.Params
	switch call.Method {
	case "getMe":
		return 200, map[string]any{"id": 123456, "is_bot": true, "first_name": "Amtsbote", "username": "amtsbote_test_bot"}
	case "setWebhook", "deleteWebhook", "setMyCommands", "answerCallbackQuery":
		return 200, true
	case "sendMessage", "sendDocument":
		if call.Chat == 0 {
			return 400, "Bad Request: chat not found"
		}
		f.nextMsg++
		msg := map[string]any{"message_id": f.nextMsg, "date": time.Now().Unix(),
			"chat": map[string]any{"id": call.Chat, "type": chatType(call.Chat)}}
		if call.Method == "sendMessage" {
			if p["text"] == "" {
				return 400, "Bad Request: message text is empty"
			}
			msg["text"] = p["text"]
		} else {
			if call.File == nil {
				return 400, "Bad Request: there is no document in the request"
			}
			msg["document"] = map[string]any{"file_id": fmt.Sprintf("sent%d", f.nextMsg),
				"file_unique_id": fmt.Sprintf("u%d", f.nextMsg), "file_name": call.FileName, "file_size": len(call.File)}
		}
		if rm := p["reply_markup"]; rm != "" {
			var markup any
			if err := json.Unmarshal([]byte(rm), &markup); err != nil {
				return 400, "Bad Request: can't parse reply keyboard markup JSON object"
			}
			msg["reply_markup"] = markup
		}
		f.messages[f.nextMsg] = msg
		call.MessageID = f.nextMsg
		return 200, msg
	case "editMessageReplyMarkup":
		id, _ := strconv.Atoi(p["message_id"])
		msg, ok := f.messages[id]
		if !ok {
			return 400, "Bad Request: message to edit not found"
		}
		if rm := p["reply_markup"]; rm != "" {
			var markup any
			_ = json.Unmarshal([]byte(rm), &markup)
			msg["reply_markup"] = markup
		} else {
			delete(msg, "reply_markup")
		}
		return 200, msg
	case "getFile":
		data, ok := f.files[p["file_id"]]
		if !ok {
			return 400, "Bad Request: invalid file_id"
		}
		if len(data) > 20<<20 {
			return 400, "Bad Request: file is too big"
		}
		return 200, map[string]any{"file_id": p["file_id"], "file_unique_id": "u" + p["file_id"],
			"file_size": len(data), "file_path": "documents/" + p["file_id"]}
	}
	return 404, "Not Found"
}

// getUpdates answers the updates from offset on, waiting up to the
// request's timeout (at most 1 s here) for one to come.
func (f *fakeAPI) getUpdates(w http.ResponseWriter, r *http.Request, call apiCall) {
	offset, _ := strconv.Atoi(call.Params["offset"])
	limit, _ := strconv.Atoi(call.Params["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(call.Params["timeout"])
	deadline := time.NewTimer(min(time.Duration(timeout)*time.Second, time.Second))
	defer deadline.Stop()
	f.mu.Lock()
	call.Status = 200
	f.calls = append(f.calls, call)
	f.changedLocked()
	for {
		if offset > 0 { // confirms every update below offset
			kept := f.updates[:0]
			for _, u := range f.updates {
				if u.id >= offset {
					kept = append(kept, u)
				}
			}
			f.updates = kept
		}
		if len(f.updates) > 0 {
			var out []map[string]any
			for _, u := range f.updates[:min(limit, len(f.updates))] {
				out = append(out, u.body)
			}
			f.mu.Unlock()
			writeJSON(w, 200, map[string]any{"ok": true, "result": out})
			return
		}
		ch := f.changed
		f.mu.Unlock()
		select {
		case <-ch:
		case <-deadline.C:
			writeJSON(w, 200, map[string]any{"ok": true, "result": []any{}})
			return
		case <-r.Context().Done():
			return
		}
		f.mu.Lock()
	}
}

func (f *fakeAPI) serveFile(w http.ResponseWriter, p string) {
	id, _ := strings.CutPrefix(p, "documents/")
	f.mu.Lock()
	data, ok := f.files[id]
	f.calls = append(f.calls, apiCall{Method: "download", At: time.Now(), Status: 200})
	f.changedLocked()
	f.mu.Unlock()
	if !ok {
		http.NotFound(w, nil)
		return
	}
	_, _ = w.Write(data)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func chatType(chat int64) string {
	if chat < 0 {
		return "group"
	}
	return "private"
}
