package web

import (
	"strconv"
	"strings"

	"github.com/gorilla/websocket"

	"amtsbote/channels"
	"amtsbote/lang"
	"amtsbote/text"
)

// hello starts a session: it finds the conversation of the resume token
// (or issues a new token) and queues the welcome, the history and whatever
// arrived for the token meanwhile, in that order. The connection is
// registered before the history is read, so no reply committed in between
// is lost; one that is both in the history and live is sent twice, with
// the same id, and the widget shows it once.
//
// A hello that starts a new session (no token, or one the server does not
// know) must be admitted by the client's new-session limit (sessions.go);
// one that resumes a session never waits for it.
func (cn *conn) hello(f clientFrame) {
	c := cn.ch
	language := lang.FromTags(f.Lang)
	cn.mu.Lock()
	cn.lang = uiLang(f.Lang, language) // for an error frame
	cn.mu.Unlock()
	token := f.Token
	if !wellFormed(token) {
		if !cn.admit() {
			return
		}
		token = c.keys.newToken()
	}
	if !c.reg.add(token, cn) {
		cn.sendError(errTooManyTabs, "", "", c.connRetry())
		cn.drop(websocket.ClosePolicyViolation, "too many connections for this conversation")
		return
	}
	cn.mu.Lock()
	cn.token = token
	cn.mu.Unlock()

	conv, entries, err := c.history.History(cn.ctx, Name, token, 0)
	if err != nil {
		c.log.Error("reading the history failed", "conn", cn.id, "err", err)
		cn.sendError(errUnavailable, "", "", retryAfterUnavailable)
		cn.drop(websocket.CloseInternalServerErr, "history unavailable")
		return
	}
	if conv == "" && !c.keys.issued(token) {
		// Unknown and not issued here: an old or guessed token. Start afresh,
		// exactly as for a hello without a token; nothing is revealed.
		c.reg.remove(token, cn)
		if !cn.admit() {
			return
		}
		token = c.keys.newToken()
		cn.mu.Lock()
		cn.token, cn.held = token, nil
		cn.mu.Unlock()
		c.reg.add(token, cn) // a token just made has no connection yet
	}
	w := welcomeFrame{Type: "welcome", Token: token, Conversation: conv, Limits: limits{
		TextChars: c.opts.MaxTextChars, UploadBytes: c.opts.MaxUploadBytes, UploadTypes: c.opts.UploadTypes}}
	if conv == "" {
		w.Starters = c.site.starters(language)
	}
	batch := append([][]byte{encode(w)}, c.historyFrames(token, entries)...)
	cn.mu.Lock()
	cn.conversation = conv
	cn.mu.Unlock()
	// Queue the replay, then what was held meanwhile, until nothing is held;
	// only then do live frames go straight to the writer.
	for {
		cn.mu.Lock()
		batch = append(batch, cn.held...)
		cn.held = nil
		if len(batch) == 0 {
			cn.ready = true
			cn.mu.Unlock()
			break
		}
		cn.mu.Unlock()
		if !cn.send(batch...) {
			return
		}
		batch = nil
	}

	cn.setReadWait(c.opts.PingInterval * 5 / 2)
	cn.extend()
	c.log.Debug("session started", "conn", cn.id, "resumed", conv != "", "history", len(entries))
}

// historyFrames turns the transcript into message frames marked history:
// the citizen's messages with the ids their widget gave them, the replies
// with their ids and fresh download links. Staff messages appear once, as
// the reply the core made of them.
func (c *Channel) historyFrames(token string, entries []channels.HistoryEntry) [][]byte {
	if len(entries) > c.opts.MaxHistory {
		entries = entries[len(entries)-c.opts.MaxHistory:]
	}
	prefix := scope(token)
	frames := make([][]byte, 0, len(entries))
	for _, e := range entries {
		switch {
		case e.Outbound != nil:
			m := *e.Outbound
			frames = append(frames, encode(outboundFrame(m, e.Time, true, func(i int) string {
				return c.fileURL(token, m.ID, i)
			})))
		case e.Inbound != nil && e.Inbound.From == "":
			id, ok := strings.CutPrefix(e.Inbound.MessageID, prefix)
			if !ok || id == "" {
				id = "in-" + strconv.FormatUint(e.Seq, 10)
			}
			frames = append(frames, encode(citizenFrame(*e.Inbound, id, true)))
		}
	}
	return frames
}

// uiLang is the language of the widget's own texts, for error frames: the
// catalog's language the widget names ("uk", "de-x-ls"), else the
// conversation's.
func uiLang(tag, conversation string) string {
	if l, err := text.Parse(tag); err == nil && tag != "" {
		return string(l)
	}
	return conversation
}
