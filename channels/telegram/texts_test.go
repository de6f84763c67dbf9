package telegram

import (
	"os"
	"path/filepath"
	"testing"

	"amtsbote/text"
)

// sticker queues a sticker from a user whose app speaks code.
func (f *fakeAPI) sticker(chat int64, code string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.newMessage(chat, map[string]any{"sticker": map[string]any{"file_id": "s1", "file_unique_id": "s1", "width": 1, "height": 1}})
	m["from"].(map[string]any)["language_code"] = code
	f.push("message", m)
}

// textFrom queues a text from a user whose app speaks code.
func (f *fakeAPI) textFrom(chat int64, text, code string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.newMessage(chat, textFields(text))
	m["from"].(map[string]any)["language_code"] = code
	f.push("message", m)
}

// The channel's notices come from the text catalog in the language of the
// citizen's app, and a city's override directory changes them with no
// build: a new catalog loaded at start (a restart) is all it takes.
func TestNoticesFromCatalog(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "de.po"), []byte(
		"msgid \"telegram.unsupported\"\nmsgstr \"Bitte nur Text, Fotos oder PDF senden.\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	texts, err := text.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	api := newFakeAPI(t)
	startBare(t, api, newCapture(), func(o *Options) { o.Texts = texts })
	for i, tc := range []struct{ code, want string }{
		{"de", "Bitte nur Text, Fotos oder PDF senden."},
		{"tr", "Metin, fotoğraf ve belgeleri (örneğin PDF) okuyabilirim, ancak sesli mesajları, videoları, çıkartmaları veya konumları okuyamam. Lütfen bana yazın."},
		{"ar", "يمكنني قراءة النصوص والصور والمستندات (مثل PDF)، لكن لا يمكنني قراءة الرسائل الصوتية أو الفيديوهات أو الملصقات أو المواقع. يُرجى الكتابة إليّ."},
		{"fr", "I can read text, photos and documents (for example PDF), but no voice messages, videos, stickers or locations. Please write to me."},
	} {
		chat := int64(7100 + i)
		api.sticker(chat, tc.code)
		if got := api.waitReply(t, chat, 0, "").Params["text"]; got != tc.want {
			t.Errorf("%s: %q, want %q", tc.code, got, tc.want)
		}
	}
}
