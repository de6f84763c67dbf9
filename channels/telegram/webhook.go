package telegram

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// WebhookPath is where the lead mounts WebhookHandler.
const WebhookPath = "/telegram/webhook"

// secretHeader carries the secret_token given to setWebhook.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxUpdateBytes bounds the body of a webhook call; updates are small (files
// are fetched separately).
const maxUpdateBytes = 1 << 20

// WebhookHandler takes updates Telegram posts to WebhookPath. It refuses
// every call without the right secret (401), answers 200 only after the
// update is stored in the core, and 500 when it is not, so Telegram sends
// it again. Updates of one chat are handled one at a time. Outside webhook
// mode it answers 404.
func (c *Channel) WebhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !c.opts.Webhook {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get(secretHeader)
		if subtle.ConstantTimeCompare([]byte(got), []byte(c.opts.WebhookSecret)) != 1 {
			c.log.Warn("webhook call with a wrong secret refused")
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		var u tgbotapi.Update
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxUpdateBytes)).Decode(&u); err != nil {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		ctx := r.Context()
		unlock, err := c.chats.lock(ctx, chatOf(u))
		if err != nil {
			http.Error(w, "gone", http.StatusServiceUnavailable)
			return
		}
		defer unlock()
		if err := c.handle(ctx, u); err != nil {
			c.log.Warn("an update from the webhook could not be stored", "update", u.UpdateID, "err", err)
			http.Error(w, "not stored, send again", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
