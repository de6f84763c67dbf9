package telegram

import (
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"amtsbote/lang"
	"amtsbote/text"
)

// userLang is the language of the citizen's Telegram app: one of the
// catalog's languages when the app names one, else lang.FromTags (English
// for another language, German when unknown). The channel does not know
// the conversation's language, so its own notices go by this.
func userLang(from *tgbotapi.User) text.Lang {
	if from == nil {
		return text.De
	}
	if l, err := text.Parse(from.LanguageCode); err == nil && from.LanguageCode != "" {
		return l
	}
	l, _ := text.Parse(lang.FromTags(from.LanguageCode))
	return l
}

// appLang is the language_code of the citizen's app as given ("" when
// none): the engine's first guess for a conversation without a language.
func appLang(from *tgbotapi.User) string {
	if from == nil {
		return ""
	}
	return from.LanguageCode
}

// say is the channel's notice key ("telegram.edited") for the user.
func (c *Channel) say(from *tgbotapi.User, key string, args ...any) string {
	return c.texts.Text(userLang(from), "telegram."+key, args...)
}

// both is a notice in German and English at once, for where the reader
// is unknown (a group).
func (c *Channel) both(key string) string {
	return c.texts.Text(text.De, "telegram."+key) + "\n" + c.texts.Text(text.En, "telegram."+key)
}

// tooLarge is the notice for a file over the limit.
func (c *Channel) tooLarge(from *tgbotapi.User, limit int64) string {
	return c.say(from, "too_large", "mb", (limit+(1<<20-1))>>20)
}
