package telegram

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"amtsbote/channels"
	"amtsbote/text"
)

// Callback data of a button: the option's value itself when it fits
// Telegram's 64 bytes, else hashPrefix and a hash of the value, which is
// kept in the state store under "cb:<hash>". Values starting with "#" are
// hashed too, so the two forms never mix.
const (
	maxCallbackData = 64
	hashPrefix      = "#h:"
	noopData        = "#-" // the button marking a choice already made
	chosenMark      = "✓ "
)

// callbackValues remembers which hashed values are already stored.
type callbackValues struct {
	mu     sync.Mutex
	stored map[string]bool
}

func newCallbackValues() *callbackValues { return &callbackValues{stored: map[string]bool{}} }

// callbackData returns the callback data for an option value, storing the
// value first when it must be hashed.
func (c *Channel) callbackData(ctx context.Context, value string) (string, error) {
	if value != "" && len(value) <= maxCallbackData && !strings.HasPrefix(value, "#") {
		return value, nil
	}
	sum := sha256.Sum256([]byte(value))
	h := base64.RawURLEncoding.EncodeToString(sum[:16])
	c.cb.mu.Lock()
	known := c.cb.stored[h]
	c.cb.mu.Unlock()
	if !known {
		if err := c.st.SetChannelState(ctx, Name, "cb:"+h, []byte(value)); err != nil {
			return "", fmt.Errorf("telegram: storing a long option value: %w", err)
		}
		c.cb.mu.Lock()
		if len(c.cb.stored) > 4096 {
			clear(c.cb.stored)
		}
		c.cb.stored[h] = true
		c.cb.mu.Unlock()
	}
	return hashPrefix + h, nil
}

// choiceOf reads the option value behind a button's callback data; ok is
// false when a hashed value is unknown.
func (c *Channel) choiceOf(data string) (value string, ok bool, err error) {
	h, hashed := strings.CutPrefix(data, hashPrefix)
	if !hashed {
		return data, true, nil
	}
	v, err := c.st.ChannelState(Name, "cb:"+h)
	if errors.Is(err, channels.ErrNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("telegram: reading a long option value: %w", err)
	}
	return string(v), true, nil
}

// keyboard turns links and options into an inline keyboard, one button a
// row: first the links (http and https only, the host after the label, so
// the citizen sees where a button leads), then the options.
func (c *Channel) keyboard(ctx context.Context, opts []channels.Option, links []channels.Link) (*tgbotapi.InlineKeyboardMarkup, error) {
	rows := make([][]tgbotapi.InlineKeyboardButton, 0, len(opts)+len(links))
	for _, l := range links {
		u, host, ok := l.SafeURL()
		if !ok {
			continue
		}
		label := host
		if l.Label != "" {
			label = l.Label + " (" + host + ")"
		}
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonURL(label, u)))
	}
	if len(rows) == 0 && len(opts) == 0 {
		return nil, nil
	}
	for _, o := range opts {
		data, err := c.callbackData(ctx, o.Value)
		if err != nil {
			return nil, err
		}
		label := o.Label
		if label == "" {
			label = o.Value
		}
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData(label, data)))
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return &kb, nil
}

// markedKeyboard is what replaces a keyboard once a button was pressed:
// one inert button showing the choice, or nil (no keyboard) when the
// pressed button is not found.
func markedKeyboard(old *tgbotapi.InlineKeyboardMarkup, data string) *tgbotapi.InlineKeyboardMarkup {
	if old == nil {
		return nil
	}
	var links [][]tgbotapi.InlineKeyboardButton // link buttons stay
	for _, row := range old.InlineKeyboard {
		if len(row) == 1 && row[0].URL != nil {
			links = append(links, row)
		}
	}
	for _, row := range old.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil && *b.CallbackData == data {
				kb := tgbotapi.NewInlineKeyboardMarkup(append(links, tgbotapi.NewInlineKeyboardRow(
					tgbotapi.NewInlineKeyboardButtonData(chosenMark+b.Text, noopData)))...)
				return &kb
			}
		}
	}
	return nil
}

// languageKeyboard offers every language of the catalog by its own name
// ("Türkçe"), two a row; a press is the choice "lang:<tag>", which the
// engine takes as the conversation's language.
func (c *Channel) languageKeyboard() *tgbotapi.InlineKeyboardMarkup {
	var rows [][]tgbotapi.InlineKeyboardButton
	for i, l := range text.All() {
		b := tgbotapi.NewInlineKeyboardButtonData(c.texts.Name(l), "lang:"+string(l))
		if i%2 == 0 {
			rows = append(rows, tgbotapi.NewInlineKeyboardRow(b))
		} else {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		}
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return &kb
}
