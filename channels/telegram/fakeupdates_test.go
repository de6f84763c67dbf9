package telegram

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"
)

// The fake's updates, built as Telegram sends them, and the queries tests
// make of the calls it recorded.

func fakeUser(id int64) map[string]any {
	return map[string]any{"id": id, "is_bot": false, "first_name": "Erika", "language_code": "de"}
}

// newMessage builds a message from the citizen of chat; f.mu is held.
func (f *fakeAPI) newMessage(chat int64, fields map[string]any) map[string]any {
	f.nextMsg++
	from := chat
	if chat < 0 {
		from = 999001
	}
	m := map[string]any{"message_id": f.nextMsg, "date": time.Now().Unix(), "from": fakeUser(from),
		"chat": map[string]any{"id": chat, "type": chatType(chat)}}
	maps.Copy(m, fields)
	return m
}

// push queues an update and returns its id; f.mu is held.
func (f *fakeAPI) push(kind string, payload map[string]any) int {
	f.nextUpdate++
	f.updates = append(f.updates, fakeUpdate{id: f.nextUpdate,
		body: map[string]any{"update_id": f.nextUpdate, kind: payload}})
	f.changedLocked()
	return f.nextUpdate
}

// textFields are a text message's fields, with the entity of a command.
func textFields(text string) map[string]any {
	fields := map[string]any{"text": text}
	if strings.HasPrefix(text, "/") {
		cmd := strings.Fields(text)[0]
		fields["entities"] = []any{map[string]any{"offset": 0, "length": len(cmd), "type": "bot_command"}}
	}
	return fields
}

// text queues a text message of chat and returns the update's id.
func (f *fakeAPI) text(chat int64, text string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.push("message", f.newMessage(chat, textFields(text)))
}

// textUpdate builds (without queueing) an update with a text message.
func (f *fakeAPI) textUpdate(chat int64, text string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextUpdate++
	b, _ := json.Marshal(map[string]any{"update_id": f.nextUpdate, "message": f.newMessage(chat, textFields(text))})
	return b
}

// photo queues a photo (two sizes) with a caption.
func (f *fakeAPI) photo(chat int64, data []byte, caption string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := fmt.Sprintf("ph%d", f.nextUpdate+1)
	f.files[id+"s"] = data[:min(len(data), 8)]
	f.files[id] = data
	sizes := []any{
		map[string]any{"file_id": id + "s", "file_unique_id": "U" + id + "s", "width": 90, "height": 67, "file_size": min(len(data), 8)},
		map[string]any{"file_id": id, "file_unique_id": "U" + id, "width": 800, "height": 600, "file_size": len(data)},
	}
	return f.push("message", f.newMessage(chat, map[string]any{"photo": sizes, "caption": caption}))
}

// document queues a document; declared is the size the update states
// (0 leaves it out, as Telegram sometimes does).
func (f *fakeAPI) document(chat int64, name, mediaType string, data []byte, declared int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := fmt.Sprintf("doc%d", f.nextUpdate+1)
	f.files[id] = data
	doc := map[string]any{"file_id": id, "file_unique_id": "U" + id, "file_name": name, "mime_type": mediaType}
	if declared > 0 {
		doc["file_size"] = declared
	}
	return f.push("message", f.newMessage(chat, map[string]any{"document": doc}))
}

// press queues the press of a button of message msgID (a message the bot
// sent, with its keyboard as it is now) and returns the update and query id.
func (f *fakeAPI) press(chat int64, msgID int, data string) (int, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	msg := maps.Clone(f.messages[msgID])
	if msg == nil {
		f.t.Fatalf("fake API: no message %d to press a button of", msgID)
	}
	f.nextCB++
	id := fmt.Sprintf("cbq%d", f.nextCB)
	return f.push("callback_query", map[string]any{"id": id, "from": fakeUser(chat), "message": msg,
		"chat_instance": "4711", "data": data}), id
}

// fail makes the next calls of method fail, one failure each.
func (f *fakeAPI) fail(method string, fl ...failure) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[method] = append(f.failures[method], fl...)
}

func (f *fakeAPI) clearFailures(method string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.failures, method)
}

// wait waits until cond (called with f.mu held) holds.
func (f *fakeAPI) wait(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(20 * time.Second)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		ok := cond()
		ch := f.changed
		f.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// sentLocked are the messages (texts and documents) delivered to chat.
func (f *fakeAPI) sentLocked(chat int64) []apiCall {
	var out []apiCall
	for _, c := range f.calls {
		if (c.Method == "sendMessage" || c.Method == "sendDocument") && c.Status == 200 && c.Chat == chat {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeAPI) sent(chat int64) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sentLocked(chat)
}

func (f *fakeAPI) callsOf(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// waitReply waits for a message to chat, after the first `since` ones,
// whose text contains substr.
func (f *fakeAPI) waitReply(t testing.TB, chat int64, since int, substr string) apiCall {
	t.Helper()
	var got apiCall
	f.wait(t, fmt.Sprintf("a reply with %q", substr), func() bool {
		s := f.sentLocked(chat)
		for _, c := range s[min(since, len(s)):] {
			if c.Method == "sendMessage" && strings.Contains(c.Params["text"], substr) {
				got = c
				return true
			}
		}
		return false
	})
	return got
}

// buttons reads the callback data of a sent message's keyboard.
func buttons(t testing.TB, c apiCall) map[string]string {
	t.Helper()
	var kb struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if c.Params["reply_markup"] == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(c.Params["reply_markup"]), &kb); err != nil {
		t.Fatalf("reply_markup: %v", err)
	}
	out := map[string]string{}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			out[b.CallbackData] = b.Text
		}
	}
	return out
}
