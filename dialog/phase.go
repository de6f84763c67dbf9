package dialog

import "maps"

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
