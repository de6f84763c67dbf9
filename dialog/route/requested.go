package route

import "amtsbote/dialog"

// Requested is the language text asks for ("Türkçe lütfen", "auf Russisch
// bitte", "Leichte Sprache"), "" when it asks for none: the first rule of
// Language alone, for a message that answers a question of a form, whose
// words (a name, a street) must not switch the conversation.
func (r *Router) Requested(text string) string { return requested(tokens(text)) }

var _ dialog.Languages = (*Router)(nil)
