package telegram

import (
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"amtsbote/lang"
)

// text is a notice of the channel's own in German and English. The
// channel does not know the conversation's language, so it goes by the
// language of the citizen's Telegram app (lang.FromTags: German when
// unknown).
type text struct{ de, en string }

// say picks the language of text for the user.
func say(from *tgbotapi.User, t text) string {
	if from != nil && lang.FromTags(from.LanguageCode) == "en" {
		return t.en
	}
	return t.de
}

// Notices in both languages at once, for where the reader is unknown.
const (
	textGroup = "Ich antworte nur in privaten Chats – bitte schreiben Sie mir direkt.\n" +
		"I only answer in private chats – please message me directly."
	textLanguage = "Bitte wählen Sie Ihre Sprache.\nPlease choose your language."
)

var (
	textEdited = text{
		"Änderungen an gesendeten Nachrichten kann ich nicht berücksichtigen. Bitte schreiben Sie die Korrektur als neue Nachricht.",
		"I cannot take edits of sent messages into account. Please send the correction as a new message."}
	textUnsupported = text{
		"Ich kann Text, Fotos und Dokumente (zum Beispiel PDF) lesen, aber keine Sprachnachrichten, Videos, Sticker oder Standorte. Bitte schreiben Sie mir.",
		"I can read text, photos and documents (for example PDF), but no voice messages, videos, stickers or locations. Please write to me."}
	textBadCode = text{
		"Dieser Link ist ungültig oder abgelaufen. Wir beginnen hier ein neues Gespräch.",
		"This link is invalid or has expired. We start a new conversation here."}
	textStaleButton = text{
		"Diese Auswahl ist nicht mehr verfügbar.",
		"This choice is no longer available."}
	textUnreadable = text{
		"Die Datei konnte nicht gelesen werden. Bitte senden Sie sie noch einmal.",
		"The file could not be read. Please send it again."}
	textGivenUp = text{
		"Ihre Nachricht konnte leider nicht verarbeitet werden. Bitte senden Sie sie noch einmal.",
		"Sorry, your message could not be processed. Please send it again."}
)

// tooLarge is the notice for a file over the limit.
func tooLarge(limit int64) text {
	mb := (limit + (1<<20 - 1)) >> 20
	return text{
		fmt.Sprintf("Die Datei ist zu groß. Ich kann Dateien bis %d MB annehmen – bitte senden Sie eine kleinere Datei.", mb),
		fmt.Sprintf("The file is too large. I can take files of up to %d MB – please send a smaller file.", mb)}
}
