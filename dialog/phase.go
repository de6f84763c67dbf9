package dialog

import "maps"

// Phase is where a conversation is. Each phase has one handler in the
// engine (phases.go) and holds these invariants over State:
type Phase string

const (
	// PhaseMenu: no form in progress (Form, Field, Answers and Amend
	// empty, not Paused, not Staff). Typed text is routed to a service.
	PhaseMenu Phase = "menu"
	// PhaseAsking: Form is in progress and Field, a relevant field of it,
	// is being asked; not Paused, not Staff, no Amend.
	PhaseAsking Phase = "asking"
	// PhaseSummary: Form is in progress, every relevant field has an
	// answer (Field empty), and the summary waits for "submit"; not
	// Paused, not Staff, no Amend.
	PhaseSummary Phase = "summary"
	// PhasePaused: Form is in progress but Paused: the menu, a side
	// question or a hand-over came in between; "resume" (or a valid
	// answer to Field) continues it. Not Staff.
	PhasePaused Phase = "paused"
	// PhaseAmending: Amend is set: staff asked again for Field of the
	// submitted case Amend.Ref, whose answers are Answers; the form that
	// was in progress before waits in Amend.Held. Not Paused, not Staff.
	PhaseAmending Phase = "amending"
	// PhaseWaiting: Staff: the conversation waits for a member of staff
	// and the bot stays silent but for "menu", "cancel", "bot" and the
	// contact and booking options. A form in progress is kept, Paused.
	PhaseWaiting Phase = "waiting"
)

// phaseOf is the phase the fields of s show: the meaning the fields had
// before phases were stored, and the invariant of every phase since.
func (s *State) phaseOf() Phase {
	switch {
	case s.Staff:
		return PhaseWaiting
	case s.Form == "":
		return PhaseMenu
	case s.Paused:
		return PhasePaused
	case s.Amend != nil:
		return PhaseAmending
	case s.Field == "":
		return PhaseSummary
	}
	return PhaseAsking
}

// migrate gives a state stored without a phase (by an engine before phases,
// or a zero State) the phase its fields show.
func (s *State) migrate() {
	if s.Phase == "" {
		s.Phase = s.phaseOf()
	}
}

// The transitions below are the only code that changes the phase and the
// fields it depends on; each ends in settle.

// settle sets Phase from the fields a transition changed.
func (s *State) settle() { s.Phase = s.phaseOf() }

// clearForm forgets the form in progress, and an amendment with it.
func (s *State) clearForm() {
	s.Form, s.Field, s.Answers, s.Paused, s.Amend = "", "", nil, false, nil
	s.settle()
}

// beginForm starts form id afresh, with no answers.
func (s *State) beginForm(id string) {
	s.clearForm()
	s.Form = id
	s.settle()
}

// askField asks field name of the form in progress.
func (s *State) askField(name string) {
	s.Field = name
	s.settle()
}

// toSummary shows the summary: every relevant field has an answer.
func (s *State) toSummary() {
	s.Field = ""
	s.settle()
}

// pause pauses the form in progress; without one nothing changes.
func (s *State) pause() {
	if s.Form != "" {
		s.Paused = true
	}
	s.settle()
}

// unpause continues the paused form.
func (s *State) unpause() {
	s.Paused = false
	s.settle()
}

// waitForStaff hands the conversation to staff.
func (s *State) waitForStaff() {
	s.Staff = true
	s.settle()
}

// backToBot ends the wait for staff.
func (s *State) backToBot() {
	s.Staff = false
	s.settle()
}

// beginAmend asks field of the submitted case a again, with the case's
// answers; the form in progress is held in a.
func (s *State) beginAmend(service, field string, answers map[string]string, a *Amending) {
	s.clearForm()
	s.Staff = false
	s.Form, s.Field, s.Answers, s.Amend = service, field, answers, a
	s.settle()
}

// endAmend ends the amendment and brings back the form it held aside
// (paused when the menu is shown after it), or none.
func (s *State) endAmend() {
	held := s.Amend.Held
	s.clearForm()
	if held != nil {
		s.Form, s.Field, s.Answers = held.Form, held.Field, maps.Clone(held.Answers)
	}
	s.settle()
}
