package telegram

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"amtsbote/channels"
)

// allowedUpdates are the kinds of update the bot asks Telegram for.
var allowedUpdates = []string{"message", "edited_message", "callback_query"}

// commandList is what the bot announces with setMyCommands.
var commandList = []tgbotapi.BotCommand{
	{Command: "start", Description: "Gespräch beginnen / start"},
	{Command: "help", Description: "Hilfe / help"},
	{Command: "cancel", Description: "Antrag abbrechen / cancel the application"},
	{Command: "language", Description: "Sprache wählen / choose the language"},
	{Command: "human", Description: "Mit einem Menschen sprechen / talk to a person"},
}

// handle takes one update. It returns an error only when the update should
// be tried again later (the core or Telegram could not be reached); an
// update the bot cannot use is answered and counts as handled.
func (c *Channel) handle(ctx context.Context, u tgbotapi.Update) error {
	switch {
	case u.Message != nil:
		return c.onMessage(ctx, u.Message)
	case u.CallbackQuery != nil:
		return c.onCallback(ctx, u.CallbackQuery)
	case u.EditedMessage != nil:
		m := u.EditedMessage // live locations come as edits too: only texts count
		if m.Chat != nil && m.Chat.IsPrivate() && (m.Text != "" || m.Caption != "") {
			c.tell(ctx, m.Chat.ID, c.say(m.From, "edited"))
		}
	}
	return nil
}

// chatOf is the chat an update belongs to, 0 when none.
func chatOf(u tgbotapi.Update) int64 {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID
	case u.EditedMessage != nil && u.EditedMessage.Chat != nil:
		return u.EditedMessage.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return u.CallbackQuery.Message.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.From != nil:
		return u.CallbackQuery.From.ID
	}
	return 0
}

// onMessage turns a message of a private chat into an inbound message:
// text or caption, commands, a photo or a document.
func (c *Channel) onMessage(ctx context.Context, m *tgbotapi.Message) error {
	if m.Chat == nil {
		return nil
	}
	if !m.Chat.IsPrivate() {
		return c.onGroup(ctx, m.Chat.ID)
	}
	chat := m.Chat.ID
	in := channels.Inbound{Channel: Name, Address: strconv.FormatInt(chat, 10),
		MessageID: fmt.Sprintf("m%d:%d", chat, m.MessageID), Received: m.Time(), Text: m.Text, Lang: appLang(m.From)}
	if in.Text == "" {
		in.Text = m.Caption
	}
	switch strings.ToLower(m.Command()) {
	case "start":
		if err := c.start(ctx, m, &in); err != nil {
			return err
		}
	case "language", "sprache", "lang":
		c.tell(ctx, chat, c.say(m.From, "language"), c.languageKeyboard())
		return nil
	case "help", "hilfe":
		in.Text = "/help"
	case "cancel", "abbrechen", "stop":
		in.Text = "/cancel"
	case "human", "mensch", "staff":
		in.Text = "/human"
	}
	atts, ok, err := c.attachments(ctx, m)
	if err != nil || !ok {
		return err
	}
	in.Attachments = atts
	if strings.TrimSpace(in.Text) == "" && len(in.Attachments) == 0 {
		if unsupported(m) {
			c.tell(ctx, chat, c.say(m.From, "unsupported"))
		}
		return nil
	}
	return c.deliver(ctx, in)
}

// start handles /start: the code of a deep link, when a Linker knows it,
// continues that conversation here; the code itself is never stored.
func (c *Channel) start(ctx context.Context, m *tgbotapi.Message, in *channels.Inbound) error {
	in.Text = "/start"
	code := strings.TrimSpace(m.CommandArguments())
	if code == "" || c.opts.Linker == nil {
		return nil
	}
	conv, ok, err := c.opts.Linker.Resolve(ctx, code)
	if err != nil {
		return fmt.Errorf("telegram: resolving a start code: %w", err)
	}
	if !ok {
		c.tell(ctx, m.Chat.ID, c.say(m.From, "bad_code"))
		return nil
	}
	in.Conversation = conv
	in.Choice = "resume" // the engine continues where the conversation stood
	return nil
}

// onCallback takes a pressed button as the choice of its option, answers
// the query and marks the keyboard with the choice.
func (c *Channel) onCallback(ctx context.Context, q *tgbotapi.CallbackQuery) error {
	m := q.Message
	if m == nil || m.Chat == nil || !m.Chat.IsPrivate() || q.Data == noopData || q.Data == "" {
		c.answer(ctx, q.ID, "")
		return nil
	}
	value, ok, err := c.choiceOf(q.Data)
	if err != nil {
		return err
	}
	if !ok {
		c.answer(ctx, q.ID, c.say(q.From, "stale_button"))
		c.editKeyboard(ctx, m.Chat.ID, m.MessageID, nil)
		return nil
	}
	in := channels.Inbound{Channel: Name, Address: strconv.FormatInt(m.Chat.ID, 10),
		MessageID: "c" + q.ID, Choice: value, Received: time.Now(), Lang: appLang(q.From)}
	if err := c.deliver(ctx, in); err != nil {
		return err
	}
	c.answer(ctx, q.ID, "")
	c.editKeyboard(ctx, m.Chat.ID, m.MessageID, markedKeyboard(m.ReplyMarkup, q.Data))
	return nil
}

// onGroup tells a group, once, that the bot answers only in private chats.
func (c *Channel) onGroup(ctx context.Context, chat int64) error {
	key := "group:" + strconv.FormatInt(chat, 10)
	_, err := c.st.ChannelState(Name, key)
	if err == nil {
		return nil
	}
	if !errors.Is(err, channels.ErrNotFound) {
		return fmt.Errorf("telegram: %w", err)
	}
	text := c.both("group")
	if name := c.botUsername(); name != "" {
		text += "\nhttps://t.me/" + name
	}
	if err := c.notify(ctx, chat, text, nil); err != nil {
		c.log.Warn("telling a group chat that the bot answers only in private failed", "err", err)
		return nil
	}
	// the notice is out: record it even when shutting down
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := c.st.SetChannelState(sctx, Name, key, []byte{1}); err != nil {
		c.log.Warn("remembering a group chat failed", "err", err)
	}
	return nil
}

// deliver hands a message to the core; it returns once the turn is stored.
func (c *Channel) deliver(ctx context.Context, in channels.Inbound) error {
	if _, err := c.d.Deliver(ctx, in); err != nil {
		return fmt.Errorf("telegram: handing a message to the core: %w", err)
	}
	return nil
}

// tell sends a notice of the channel's own, best effort.
func (c *Channel) tell(ctx context.Context, chat int64, text string, kb ...*tgbotapi.InlineKeyboardMarkup) {
	var k *tgbotapi.InlineKeyboardMarkup
	if len(kb) > 0 {
		k = kb[0]
	}
	if err := c.notify(ctx, chat, text, k); err != nil {
		c.log.Warn("sending a notice failed", "err", err)
	}
}

// answer answers a callback query; a second answer (after a restart) fails
// harmlessly.
func (c *Channel) answer(ctx context.Context, id, text string) {
	if _, err := c.call(ctx, "answerCallbackQuery", tgbotapi.NewCallback(id, text)); err != nil {
		c.log.Debug("answering a button press failed", "err", err)
	}
}

// editKeyboard replaces a message's keyboard (nil removes it).
func (c *Channel) editKeyboard(ctx context.Context, chat int64, msg int, kb *tgbotapi.InlineKeyboardMarkup) {
	cfg := tgbotapi.EditMessageReplyMarkupConfig{BaseEdit: tgbotapi.BaseEdit{ChatID: chat, MessageID: msg, ReplyMarkup: kb}}
	if _, err := c.call(ctx, "editMessageReplyMarkup", cfg); err != nil {
		c.log.Debug("changing a keyboard failed", "err", err)
	}
}

// unsupported reports whether a message holds something the bot cannot
// read (voice, video, sticker, location …) rather than nothing at all.
func unsupported(m *tgbotapi.Message) bool {
	return m.Voice != nil || m.Audio != nil || m.Video != nil || m.VideoNote != nil || m.Sticker != nil ||
		m.Animation != nil || m.Location != nil || m.Venue != nil || m.Contact != nil || m.Poll != nil ||
		m.Dice != nil || m.Game != nil
}
