package staff

import (
	"fmt"

	"amtsbote/cases"
)

// say picks the German or English text by the conversation's language.
func say(lang, de, en string) string {
	if lang == "en" {
		return en
	}
	return de
}

// joinedText tells the citizen that a person took over.
func joinedText(lang, name, team string) string {
	return fmt.Sprintf(say(lang, "%s (%s) ist jetzt für Sie da.", "%s (%s) is now here for you."), name, team)
}

// releasedText tells the citizen that the bot is back.
func releasedText(lang, name string) string {
	return fmt.Sprintf(say(lang,
		"%s hat das Gespräch an den Bot zurückgegeben. Ich bin wieder für Sie da – schreiben Sie einfach, was Sie brauchen.",
		"%s handed the conversation back to the bot. I am here for you again – just write what you need."), name)
}

// closedText tells the citizen that the person closed the conversation.
func closedText(lang, name string) string {
	return fmt.Sprintf(say(lang,
		"%s hat das Gespräch beendet. Wenn Sie noch etwas brauchen, schreiben Sie einfach wieder.",
		"%s closed the conversation. If you need anything else, just write again."), name)
}

// transferredText tells the citizen that another team takes over.
func transferredText(lang, team string) string {
	return fmt.Sprintf(say(lang,
		"Ihr Anliegen wurde an %s weitergegeben. Bitte haben Sie einen Moment Geduld; die Antwort bekommen Sie hier.",
		"Your request was passed on to %s. Please bear with us; you will get the answer here."), team)
}

// caseStatusText tells the citizen what became of an application; "" for
// a status the citizen is not told about.
func caseStatusText(lang, ref, status, note string) string {
	switch status {
	case cases.InReview:
		return fmt.Sprintf(say(lang, "Ihr Antrag %s wird jetzt bearbeitet.", "Your application %s is now being processed."), ref)
	case cases.Approved:
		return fmt.Sprintf(say(lang, "Ihr Antrag %s wurde genehmigt.", "Your application %s has been approved."), ref)
	case cases.Rejected:
		return fmt.Sprintf(say(lang, "Ihr Antrag %s wurde leider abgelehnt. Begründung: %s",
			"Unfortunately, your application %s has been rejected. Reason: %s"), ref, note)
	case cases.NeedsInfo:
		return fmt.Sprintf(say(lang,
			"Zu Ihrem Antrag %s brauchen wir noch eine Angabe: %s\nBitte antworten Sie einfach hier in diesem Gespräch.",
			"We need one more detail for your application %s: %s\nPlease simply answer here in this conversation."), ref, note)
	case cases.Closed:
		return fmt.Sprintf(say(lang, "Ihr Antrag %s ist abgeschlossen.", "Your application %s is closed."), ref)
	}
	return ""
}
