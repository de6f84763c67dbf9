package telegram

import (
	"bytes"
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/gateway"
)

// A full meter reading: commands, typed answers and three button presses,
// each answered and its keyboard marked; every update stored once, every
// reply sent once, the offset stored, no personal data in the logs.
func TestMeterReadingDialog(t *testing.T) {
	api := newFakeAPI(t)
	e := startEnv(t, api, "", nil, gateway.Config{})
	const chat = 4242001

	menu := e.say(chat, "/start", "Womit kann ich helfen?")
	if b := buttons(t, menu); b["service:meter-reading"] != "Zählerstand melden" {
		t.Fatalf("menu keyboard = %v", b)
	}
	_, cb1 := e.press(chat, menu.MessageID, "service:meter-reading", "Kundennummer")
	e.say(chat, "1234567", "Zählernummer")
	e.say(chat, "Z-4711", "Welchen Zählerstand")
	e.say(chat, "12.345,6", "Schritt 4 von 5: An welchem Tag") // where the citizen is, without the email field
	e.say(chat, "heute", "Vor- und Nachname")
	summary := e.say(chat, "Erika Mustermann", "prüfen Sie Ihre Angaben") // no email channel: no address asked
	if b := buttons(t, summary); b["submit"] != "Absenden" || b["edit:customer_number"] == "" {
		t.Fatalf("summary keyboard = %v", b)
	}
	done, cb3 := e.press(chat, summary.MessageID, "submit", "Referenznummer")
	ref := regexp.MustCompile(`AB-\d{4}-\d{6}`).FindString(done.Params["text"])
	if ref == "" {
		t.Fatalf("no reference in %q", done.Params["text"])
	}
	if c, err := e.core.DB.Case(ref); err != nil || c.Service != "meter-reading" {
		t.Fatalf("case %s: %+v, %v", ref, c, err)
	}

	// every press answered, its keyboard replaced by the choice
	api.wait(t, "three answers and edits", func() bool {
		n, m := 0, 0
		for _, c := range api.calls {
			switch c.Method {
			case "answerCallbackQuery":
				n++
			case "editMessageReplyMarkup":
				m++
			}
		}
		return n == 2 && m == 2
	})
	answered := map[string]bool{}
	for _, c := range api.callsOf("answerCallbackQuery") {
		answered[c.Params["callback_query_id"]] = true
	}
	for _, id := range []string{cb1, cb3} {
		if !answered[id] {
			t.Errorf("callback query %s not answered", id)
		}
	}
	edits := api.callsOf("editMessageReplyMarkup")
	if edits[0].Params["message_id"] != itoa(int64(menu.MessageID)) ||
		!strings.Contains(edits[0].Params["reply_markup"], "✓ Zählerstand melden") ||
		strings.Contains(edits[0].Params["reply_markup"], "category:living") {
		t.Errorf("first edit = %v, want the menu marked with the choice only", edits[0].Params)
	}

	// the transcript: each update exactly once, the choices as choices
	_, entries := e.history(chat)
	var choices []string
	ins := 0
	for _, h := range entries {
		if h.Inbound != nil {
			ins++
			if h.Inbound.Choice != "" {
				choices = append(choices, h.Inbound.Choice)
			}
		}
	}
	if ins != 8 || strings.Join(choices, ",") != "service:meter-reading,submit" {
		t.Errorf("transcript has %d inbound messages, choices %v; want 8 and the two presses", ins, choices)
	}
	e.checkExactlyOnce(chat)
	e.waitOffset(api.nextUpdate + 1)
	e.checkLogs("Erika", "Mustermann", "1234567", "Z-4711", itoa(chat))
}

// A photo and a PDF arrive in the transcript with their bytes; a file over
// the limit is refused with a clear notice and not passed on; documents go
// out as PDF and .ics, anything else is named in the text instead.
func TestFiles(t *testing.T) {
	api := newFakeAPI(t)
	e := startEnv(t, api, "", func(o *Options) { o.MaxFileBytes = 1024 }, gateway.Config{})
	const chat = 5151001
	jpeg := append([]byte{0xff, 0xd8, 0xff, 0xe0}, bytes.Repeat([]byte("j"), 300)...)
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("p"), 500)...)

	n := len(api.sent(chat))
	api.photo(chat, jpeg, "Foto")
	api.waitReply(t, chat, n, "")
	n = e.settle(chat)
	api.document(chat, "rechnung.pdf", "application/pdf", pdf, len(pdf))
	api.waitReply(t, chat, n, "")
	n = e.settle(chat)
	api.document(chat, "gross.pdf", "application/pdf", bytes.Repeat([]byte("x"), 2048), 2048)
	api.waitReply(t, chat, n, "zu groß")
	n = len(api.sent(chat))
	api.document(chat, "ohne-groesse.pdf", "application/pdf", bytes.Repeat([]byte("x"), 2048), 0)
	api.waitReply(t, chat, n, "zu groß")

	conv, entries := e.history(chat)
	var got []channels.Attachment
	for _, h := range entries {
		if h.Inbound != nil {
			got = append(got, h.Inbound.Attachments...)
		}
	}
	if len(got) != 2 {
		t.Fatalf("transcript has %d attachments, want the photo and the PDF only", len(got))
	}
	if got[0].MediaType != "image/jpeg" || !bytes.Equal(got[0].Data, jpeg) {
		t.Errorf("photo arrived as %s, %d bytes", got[0].MediaType, len(got[0].Data))
	}
	if got[1].Name != "rechnung.pdf" || got[1].MediaType != "application/pdf" || !bytes.Equal(got[1].Data, pdf) {
		t.Errorf("PDF arrived as %s %s, %d bytes", got[1].Name, got[1].MediaType, len(got[1].Data))
	}

	// out: a staff reply with a PDF, an .ics and a program
	n = e.settle(chat)
	ics := []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
	_, err := e.core.Gateway.Deliver(context.Background(), channels.Inbound{Channel: "staff", Conversation: conv,
		From: channels.FromStaff, MessageID: "staff-1", Text: "Ihr Bescheid und Ihr Termin",
		Attachments: []channels.Attachment{
			{Name: "bescheid.pdf", MediaType: "application/pdf", Data: pdf},
			{Name: "termin.ics", MediaType: "text/calendar", Data: ics},
			{Name: "tool.exe", MediaType: "application/x-msdownload", Data: []byte("MZ")},
		}})
	if err != nil {
		t.Fatal(err)
	}
	api.wait(t, "the text and two documents", func() bool { return len(api.sentLocked(chat)) >= n+3 })
	out := api.sent(chat)[n:]
	if out[0].Method != "sendMessage" || !strings.Contains(out[0].Params["text"], "tool.exe") {
		t.Errorf("first part = %s %q, want the text naming the refused file", out[0].Method, out[0].Params["text"])
	}
	if out[1].FileName != "bescheid.pdf" || !bytes.Equal(out[1].File, pdf) || out[2].FileName != "termin.ics" || !bytes.Equal(out[2].File, ics) {
		t.Errorf("documents sent: %q (%d B), %q (%d B)", out[1].FileName, len(out[1].File), out[2].FileName, len(out[2].File))
	}
	time.Sleep(200 * time.Millisecond)
	if len(api.sent(chat)) != n+3 {
		t.Errorf("sent %d parts, want 3", len(api.sent(chat))-n)
	}
	e.checkLogs("rechnung.pdf", "bescheid", itoa(chat))
}

// A 429 with retry_after is honoured: the reply comes after the wait, once.
func TestRetryAfter(t *testing.T) {
	api := newFakeAPI(t)
	e := startEnv(t, api, "", nil, gateway.Config{})
	const chat = 6161001
	api.fail("sendMessage", failure{status: 429, desc: "Too Many Requests: retry after 1", retryAfter: 1})
	e.say(chat, "Zählerstand melden", "Kundennummer")
	var refused, next time.Time
	for _, c := range api.callsOf("sendMessage") {
		if c.Status == 429 {
			refused = c.At
		} else if !refused.IsZero() && next.IsZero() {
			next = c.At
		}
	}
	if refused.IsZero() || next.Sub(refused) < time.Second {
		t.Fatalf("429 at %v, next send %v later; want at least retry_after (1s)", refused, next.Sub(refused))
	}
	e.checkExactlyOnce(chat)
}

// /language offers the catalog's seven languages by their own names,
// asking in the language of the citizen's app; a press is the choice
// "lang:<tag>" the engine takes as the conversation's language, and the
// keyboard is replaced by the choice.
func TestLanguageCommand(t *testing.T) {
	api := newFakeAPI(t)
	e := startEnv(t, api, "", nil, gateway.Config{})
	const chat = 7171001
	picker := e.say(chat, "/language", "Bitte wählen Sie Ihre Sprache.")
	want := map[string]string{"lang:de": "Deutsch", "lang:en": "English", "lang:uk": "Українська", "lang:tr": "Türkçe",
		"lang:ar": "العربية", "lang:ru": "Русский", "lang:de-x-ls": "Leichte Sprache"}
	if b := buttons(t, picker); !maps.Equal(b, want) {
		t.Fatalf("language keyboard = %v, want %v", b, want)
	}
	e.press(chat, picker.MessageID, "lang:tr", "Size nasıl yardımcı olabilirim?")
	conv, entries := e.history(chat)
	if len(entries) == 0 || entries[0].Inbound == nil || entries[0].Inbound.Choice != "lang:tr" {
		t.Fatalf("first transcript entry = %+v, want the choice lang:tr", entries)
	}
	info, err := e.core.DB.ConversationInfo(conv)
	if err != nil || info.Meta.Language != "tr" {
		t.Fatalf("conversation's language %q (%v), want tr", info.Meta.Language, err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		edits := api.callsOf("editMessageReplyMarkup")
		if len(edits) > 0 && strings.Contains(edits[len(edits)-1].Params["reply_markup"], "✓ Türkçe") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("keyboard not replaced by ✓ Türkçe: %v", edits)
		}
	}
}

// The language of the citizen's app is the first guess of a new
// conversation: /start from a Russian app makes a Russian conversation,
// greeted in Russian, and the app's language does not overrule the menu
// later.
func TestAppLanguageFirstGuess(t *testing.T) {
	api := newFakeAPI(t)
	e := startEnv(t, api, "", nil, gateway.Config{})
	const chat = 7171002
	since := len(api.sent(chat))
	api.textFrom(chat, "/start", "ru")
	api.waitReply(t, chat, since, "Здравствуйте")
	conv, _ := e.history(chat)
	if info, err := e.core.DB.ConversationInfo(conv); err != nil || info.Meta.Language != "ru" {
		t.Fatalf("conversation's language %q (%v), want ru from the app", info.Meta.Language, err)
	}
	picker := e.say(chat, "/language", "Sprache") // this message comes from a German app
	e.press(chat, picker.MessageID, "lang:de-x-ls", "Leichter Sprache")
	if info, _ := e.core.DB.ConversationInfo(conv); info.Meta.Language != "de-x-ls" {
		t.Errorf("after the menu: %q, want de-x-ls", info.Meta.Language)
	}
}

// In a group the bot says once that it answers only in private chats and
// passes nothing on.
func TestGroupChat(t *testing.T) {
	api := newFakeAPI(t)
	e := startEnv(t, api, "", nil, gateway.Config{})
	const group = -100777
	e.say(group, "Hallo Bot", "privaten Chats")
	last := api.text(group, "/start")
	e.waitOffset(last + 1)
	if n := len(api.sent(group)); n != 1 {
		t.Errorf("sent %d messages to the group, want 1", n)
	}
	if conv, _ := e.history(group); conv != "" {
		t.Errorf("group messages reached the core (conversation %s)", conv)
	}
	if !strings.Contains(api.sent(group)[0].Params["text"], "https://t.me/amtsbote_test_bot") {
		t.Errorf("group notice %q lacks the link to the bot", api.sent(group)[0].Params["text"])
	}
}

// The webhook refuses calls without the right secret (nothing delivered)
// and stores an update before answering 200.
func TestWebhook(t *testing.T) {
	api := newFakeAPI(t)
	e := startEnv(t, api, "", func(o *Options) { o.Webhook, o.WebhookSecret = true, "right-secret_0123456789abcdefghijk" }, gateway.Config{})
	const chat = 8181001
	post := func(secret string, body []byte) int {
		req, _ := http.NewRequest(http.MethodPost, WebhookPath, bytes.NewReader(body))
		if secret != "" {
			req.Header.Set(secretHeader, secret)
		}
		rec := httptest.NewRecorder()
		e.ch.WebhookHandler().ServeHTTP(rec, req)
		return rec.Code
	}
	upd := api.textUpdate(chat, "Zählerstand melden")
	for _, secret := range []string{"", "wrong-secret", "right-secret_0123456789abcdefghij"} {
		if code := post(secret, upd); code != http.StatusUnauthorized {
			t.Errorf("secret %q: status %d, want 401", secret, code)
		}
	}
	if conv, _ := e.history(chat); conv != "" || len(api.sent(chat)) != 0 {
		t.Fatal("a refused webhook call reached the core")
	}
	req, _ := http.NewRequest(http.MethodGet, WebhookPath, nil)
	req.Header.Set(secretHeader, "right-secret_0123456789abcdefghijk")
	rec := httptest.NewRecorder()
	e.ch.WebhookHandler().ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", rec.Code)
	}
	if code := post("right-secret_0123456789abcdefghijk", upd); code != http.StatusOK {
		t.Fatalf("right secret: status %d", code)
	}
	if conv, _ := e.history(chat); conv == "" {
		t.Fatal("the update was not stored before 200")
	}
	api.waitReply(t, chat, 0, "Kundennummer")
	if code := post("right-secret_0123456789abcdefghijk", upd); code != http.StatusOK { // Telegram sends again
		t.Fatalf("repeated update: status %d", code)
	}
	e.checkExactlyOnce(chat)
	if n := len(api.callsOf("getUpdates")); n != 0 {
		t.Errorf("webhook mode polled %d times", n)
	}
	if !strings.Contains(e.logs.String(), "wrong secret refused") {
		t.Error("a refused call is not logged")
	}
}

// A document's name loses its directories and its control and format
// characters (a right-to-left override would make "Bescheid\u202Efdp.exe"
// show as "Bescheidexe.pdf" in the console) before it is stored.
func TestDocumentNameCleaned(t *testing.T) {
	api := newFakeAPI(t)
	e := startEnv(t, api, "", nil, gateway.Config{})
	const chat = 5151002
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("p"), 100)...)
	n := len(api.sent(chat))
	api.document(chat, "../Bescheid\u202Efdp.exe\u200B\x07", "application/pdf", pdf, len(pdf))
	api.waitReply(t, chat, n, "")
	_, entries := e.history(chat)
	var names []string
	for _, h := range entries {
		if h.Inbound != nil {
			for _, a := range h.Inbound.Attachments {
				names = append(names, a.Name)
			}
		}
	}
	if len(names) != 1 || names[0] != "Bescheidfdp.exe" {
		t.Fatalf("stored names %q, want [Bescheidfdp.exe]", names)
	}
}
