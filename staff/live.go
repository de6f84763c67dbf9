package staff

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Live socket timings.
const (
	clientBuffer = 64               // events queued per socket; a socket that falls further behind is dropped
	pingEvery    = 25 * time.Second // also how often the session is checked again
	readWait     = 60 * time.Second // a socket silent (no pong) this long is dropped
	writeWait    = 10 * time.Second
)

// liveEvent is one frame of /staff/ws. The events say what changed; the
// page fetches the details through the API, where every read is checked.
type liveEvent struct {
	Type         string `json:"type"` // ready, queue.changed, conversation.message, conversation.typing, conversation.note, case.changed, resync
	Department   string `json:"department,omitempty"`
	Conversation string `json:"conversation,omitempty"`
	Case         string `json:"case,omitempty"`
}

// client is one open live socket of a member of staff.
type client struct {
	username   string
	department string
	session    string
	may        func(department string) bool
	// send is the writer's queue. Only the hub closes it, when it removes
	// the client; the writer then says goodbye and closes the socket.
	send chan []byte
}

// hub knows the open live sockets and fans events out to them without
// waiting: a socket whose queue is full is dropped.
type hub struct {
	log     *slog.Logger
	mu      sync.Mutex
	closed  bool
	clients map[*client]struct{}
}

func newHub(log *slog.Logger) *hub { return &hub{log: log, clients: map[*client]struct{}{}} }

// add registers cl; false once the hub is closed.
func (h *hub) add(cl *client) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.clients[cl] = struct{}{}
	return true
}

// remove unregisters cl and closes its queue, once.
func (h *hub) remove(cl *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.removeLocked(cl)
}

func (h *hub) removeLocked(cl *client) {
	if _, ok := h.clients[cl]; ok {
		delete(h.clients, cl)
		close(cl.send)
	}
}

// close removes every client and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for cl := range h.clients {
		h.removeLocked(cl)
	}
}

// dropSession closes the sockets of a session (logout).
func (h *hub) dropSession(session string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cl := range h.clients {
		if cl.session == session {
			h.removeLocked(cl)
		}
	}
}

// broadcast queues ev for every client who may see department.
func (h *hub) broadcast(department string, ev liveEvent) {
	frame, _ := json.Marshal(ev)
	h.mu.Lock()
	defer h.mu.Unlock()
	for cl := range h.clients {
		if !cl.may(department) {
			continue
		}
		select {
		case cl.send <- frame:
		default:
			h.log.Info("dropping a slow live socket")
			h.removeLocked(cl)
		}
	}
}

// everyone queues ev for every client, whatever its department.
func (h *hub) everyone(ev liveEvent) {
	frame, _ := json.Marshal(ev)
	h.mu.Lock()
	defer h.mu.Unlock()
	for cl := range h.clients {
		select {
		case cl.send <- frame:
		default:
			h.log.Info("dropping a slow live socket")
			h.removeLocked(cl)
		}
	}
}

// online reports whether a socket of department is open ("" means any).
func (h *hub) online(department string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for cl := range h.clients {
		if department == "" || cl.department == department {
			return true
		}
	}
	return false
}

// departments lists the departments with a live socket open.
func (h *hub) departments() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for cl := range h.clients {
		if !slices.Contains(out, cl.department) {
			out = append(out, cl.department)
		}
	}
	return out
}

// agents lists the usernames with a live socket in department, sorted.
func (h *hub) agents(department string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for cl := range h.clients {
		if cl.department == department && !seen[cl.username] {
			seen[cl.username] = true
			out = append(out, cl.username)
		}
	}
	slices.Sort(out)
	return out
}

func (h *hub) queueChanged(dept string) {
	h.broadcast(dept, liveEvent{Type: "queue.changed", Department: dept})
}

func (h *hub) conversationChanged(id, dept, typ string) {
	h.broadcast(dept, liveEvent{Type: typ, Department: dept, Conversation: id})
}

func (h *hub) caseChanged(ref, dept string) {
	h.broadcast(dept, liveEvent{Type: "case.changed", Department: dept, Case: ref})
}

// serveLive is GET /staff/ws: authenticated by the session cookie, from an
// allowed Origin. The handler's goroutine reads (pongs only; the console
// sends nothing else); one writer goroutine writes.
func (c *Console) serveLive(w http.ResponseWriter, r *http.Request) {
	a := c.authenticate(r)
	if a == nil {
		writeError(w, http.StatusUnauthorized, "unauthenticated", "please log in")
		return
	}
	if !c.originAllowed(r) {
		writeError(w, http.StatusForbidden, "origin", "this origin may not connect")
		return
	}
	up := websocket.Upgrader{HandshakeTimeout: 10 * time.Second, CheckOrigin: c.originAllowed,
		Error: func(w http.ResponseWriter, _ *http.Request, status int, _ error) {
			http.Error(w, http.StatusText(status), status)
		}}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	cl := &client{username: a.Username, department: a.Department, session: a.session.ID,
		may: func(d string) bool { return c.may(a, d) }, send: make(chan []byte, clientBuffer)}
	ready, _ := json.Marshal(liveEvent{Type: "ready"})
	cl.send <- ready
	if !c.hub.add(cl) {
		_ = ws.Close()
		return
	}
	c.present()
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.writeLive(ws, cl)
	}()
	ws.SetReadLimit(4 << 10)
	_ = ws.SetReadDeadline(time.Now().Add(readWait))
	ws.SetPongHandler(func(string) error { return ws.SetReadDeadline(time.Now().Add(readWait)) })
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			break
		}
	}
	c.hub.remove(cl)
	<-done
}

// writeLive is the socket's only writer: it drains the client's queue and
// pings, and checks the session on every ping; when the queue is closed
// it sends a close frame and closes the socket.
func (c *Console) writeLive(ws *websocket.Conn, cl *client) {
	defer ws.Close()
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for {
		select {
		case frame, ok := <-cl.send:
			if !ok {
				_ = ws.WriteControl(websocket.CloseMessage,
					websocket.FormatCloseMessage(websocket.CloseGoingAway, ""), time.Now().Add(time.Second))
				return
			}
			_ = ws.SetWriteDeadline(time.Now().Add(writeWait))
			if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
				return
			}
		case <-ping.C:
			if !c.sessionAlive(cl.session) {
				_ = ws.WriteControl(websocket.CloseMessage,
					websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "session ended"), time.Now().Add(time.Second))
				return
			}
			if err := ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				return
			}
		}
	}
}

// sessionAlive reports whether a session still exists and has not expired.
func (c *Console) sessionAlive(id string) bool {
	s, err := c.st.StaffSession(id)
	if err != nil || c.now().After(s.Expires) {
		return false
	}
	a, err := c.st.StaffAccount(s.Username)
	return err == nil && !a.Disabled
}
