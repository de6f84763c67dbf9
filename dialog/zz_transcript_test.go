package dialog

import (
	"fmt"
	"testing"
)

func TestZZTranscript(t *testing.T) {
	cat := extended(t)
	c := newConvo(t, cat, NewKeywordRouter(cat), fakeUsage{"meter-reading"})
	for _, in := range []string{"Hallo", "blubb", "quark", "Zählerstand melden", "12345678", "hilfe", "ZX-2024-1", "zwölf", "Was kostet ein Reisepass?", "weiter", "12.345,6", "English please", "today", "menu", "resume", "Erika Mustermann", "skip", "change meter number", "ZX-1", "no", "Wie ist der Status?", "resume", "yes", "status", "Reisepass", "Ich möchte mit einem Mitarbeiter sprechen", "hallo", "weiter mit dem bot"} {
		r := c.say(in)
		fmt.Printf(">>> %s\n", in)
		for _, o := range r.Replies {
			fmt.Printf("  [%s] %s\n", o.From, o.Text)
			if o.Field != nil {
				fmt.Printf("     field=%+v\n", *o.Field)
			}
			for _, op := range o.Options {
				fmt.Printf("     (%s) %s\n", op.Value, op.Label)
			}
		}
		if r.Escalation != nil {
			fmt.Printf("  ESC %+v\n", *r.Escalation)
		}
		for _, cs := range r.Cases {
			fmt.Printf("  CASE %+v\n", cs)
		}
	}
}
