package dialog

import (
	"encoding/json"
	"fmt"
)

// View is what a conversation's dialog state shows outside the engine (the
// staff console): the form so far, the field asked, the applications
// submitted and the citizen's rating. Everything else in State stays the
// engine's own.
type View struct {
	Phase   Phase             // where the conversation is (see Phase)
	Form    string            // id of the service whose form is in progress; "" when none
	Field   string            // field being asked; "" with Form set: the summary
	Paused  bool              // the form waits for "resume"
	Answers map[string]string // canonical answers so far; "" marks a skipped optional field
	Cases   []SubmittedCase   // applications submitted in the conversation, newest last
	Rating  *Rating           // the citizen's last rating of the conversation, or nil
}

// SubmittedCase is an application submitted in a conversation.
type SubmittedCase struct {
	Ref     string
	Service string
}

// ReadView decodes a conversation's stored state (store.Conversation.State)
// into its View. An empty state is a fresh conversation: the zero View.
func ReadView(state []byte) (View, error) {
	var st State
	if len(state) > 0 {
		if err := json.Unmarshal(state, &st); err != nil {
			return View{}, fmt.Errorf("reading a dialog state: %w", err)
		}
	}
	st.migrate() // a state stored before phases
	v := View{Phase: st.Phase, Form: st.Form, Field: st.Field, Paused: st.Paused, Answers: st.Answers}
	for _, ref := range st.Cases {
		v.Cases = append(v.Cases, SubmittedCase{Ref: ref.Ref, Service: ref.Service})
	}
	if st.Rating != nil {
		r := *st.Rating
		v.Rating = &r
	}
	return v, nil
}
