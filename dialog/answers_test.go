package dialog_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"amtsbote/answers"
	"amtsbote/answers/live"
	"amtsbote/answers/places"
	"amtsbote/catalog"
	"amtsbote/channels"
	. "amtsbote/dialog"
	"amtsbote/services/appointments"
)

// answersConvo is a conversation over the built-in catalog and the demo
// city's knowledge base, routed as app.Build routes.
func answersConvo(t *testing.T) *convo {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	defs, err := answers.Load("")
	if err != nil {
		t.Fatal(err)
	}
	pl := places.New(appointments.Sample(), cat)
	for _, a := range answers.OfficeAnswers(pl.Refs(), answers.Date{Time: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}) {
		defs.PutDefault(a)
	}
	base, err := live.New(cat, defs, pl, answers.Known{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	refs := &fakeRefs{}
	now := testNow(t)
	return &convo{t: t, e: New(cat, base, refs, nil, Options{Location: now.Location(), Answers: base}), refs: refs, now: now}
}

// TestAnswerRoutedAndRated: a question routes to its answer, which shows
// its text, link and office and asks "Hat das geholfen?"; "Ja" is one
// rating, and the same button again counts nothing.
func TestAnswerRoutedAndRated(t *testing.T) {
	c := answersConvo(t)
	res := c.say("Wann hat das Bürgerbüro offen?")
	contains(t, res, "Bürgerbüro", "Do 8–13 und 14–18 Uhr", "Hat das geholfen?")
	if got := values(t, res); !slices.Equal(got, []string{"helpful:yes:hours-buergerbuero", "helpful:no:hours-buergerbuero"}) {
		t.Errorf("options %v", got)
	}
	ans := res.Replies[len(res.Replies)-2]
	if !slices.ContainsFunc(ans.Options, func(o channels.Option) bool { return o.Value == "service:appointment" }) {
		t.Errorf("the office's answer offers no appointment: %+v", ans.Options)
	}
	res = c.pick("helpful:yes:hours-buergerbuero")
	if !slices.Equal(res.AnswerRatings, []AnswerRating{{Answer: "hours-buergerbuero", Helpful: true}}) {
		t.Errorf("ratings %+v", res.AnswerRatings)
	}
	if res = c.pick("helpful:yes:hours-buergerbuero"); len(res.AnswerRatings) != 0 {
		t.Errorf("counted twice: %+v", res.AnswerRatings)
	}
}

// TestAnswerNotHelpful: a typed "nein" after the answer counts as not
// helpful and offers the next best answers and a person.
func TestAnswerNotHelpful(t *testing.T) {
	c := answersConvo(t)
	res := c.say("Ich habe meinen Personalausweis verloren, was muss ich tun?")
	contains(t, res, "Hat das geholfen?")
	if len(res.Replies[len(res.Replies)-2].Links) == 0 {
		t.Error("the answer has no link")
	}
	res = c.say("nein")
	if !slices.Equal(res.AnswerRatings, []AnswerRating{{Answer: "lost-id", Helpful: false}}) {
		t.Fatalf("ratings %+v", res.AnswerRatings)
	}
	got := values(t, res)
	if len(got) < 2 || !strings.HasPrefix(got[0], "answer:") || got[len(got)-1] != "staff" {
		t.Errorf("after no: options %v", got)
	}
	res = c.pick(got[0])
	contains(t, res, "Hat das geholfen?")
}

// TestApplicationWinsOverAnswer: "Personalausweis beantragen" starts the
// service; "Personalausweis verloren" answers.
func TestApplicationWinsOverAnswer(t *testing.T) {
	c := answersConvo(t)
	res := c.say("Personalausweis beantragen")
	if strings.Contains(text(res), "Hat das geholfen?") || len(res.AnswerRatings) != 0 {
		t.Fatalf("an application was answered: %s", text(res))
	}
	c = answersConvo(t)
	contains(t, c.say("Personalausweis verloren"), "Hat das geholfen?")
}

// TestAnswerSearchFallback: a message the router does not place is
// searched among the answers' texts, whose best three are offered before
// "nicht verstanden"; a message with no word of any answer still gets
// the usual fallback.
func TestAnswerSearchFallback(t *testing.T) {
	c := answersConvo(t)
	c.say("Hallo")
	res := c.say("Gibt es einen Notfallausweis für eine kurzfristige Reise?")
	got := values(t, res)
	if len(got) != 4 || got[0] != "answer:lost-id" || got[3] != "staff" {
		t.Fatalf("options %v in %q", got, text(res))
	}
	contains(t, c.pick("answer:lost-id"), "Personalausweis", "Hat das geholfen?")
	res = c.say("xqzt vbnm")
	if strings.Contains(text(res), "Meinen Sie") {
		t.Errorf("nonsense found answers: %s", text(res))
	}
}

// TestAnswerAsSideQuestion: a question about an answer in the middle of a
// form pauses the form, answers, and offers to go on with the form.
func TestAnswerAsSideQuestion(t *testing.T) {
	c := answersConvo(t)
	c.say("Zählerstand melden")
	if c.st.Phase != PhaseAsking {
		t.Fatalf("phase %q", c.st.Phase)
	}
	res := c.say("Wann hat das Bürgerbüro offen?")
	contains(t, res, "Do 8–13 und 14–18 Uhr", "Hat das geholfen?")
	if c.st.Phase != PhasePaused {
		t.Errorf("phase %q", c.st.Phase)
	}
	if !hasValue(t, Result{Replies: res.Replies[len(res.Replies)-2 : len(res.Replies)-1]}, "resume") {
		t.Errorf("no way back to the form: %+v", res.Replies[len(res.Replies)-2].Options)
	}
	res = c.say("ja")
	if len(res.AnswerRatings) != 1 || !res.AnswerRatings[0].Helpful {
		t.Errorf("ratings %+v", res.AnswerRatings)
	}
	c.pick("resume")
	if c.st.Phase != PhaseAsking {
		t.Errorf("after resume: phase %q", c.st.Phase)
	}
}
