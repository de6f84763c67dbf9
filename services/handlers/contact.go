package handlers

import (
	"amtsbote/dialog"
)

// contactHandler sends a contact request to the department the citizen
// was waiting for (the answer for_department the bot prefilled), instead of
// the service's own department.
type contactHandler struct{}

var _ dialog.Submitter = contactHandler{}

// Submit hands the request to the department it is for.
func (contactHandler) Submit(s dialog.Submission) (dialog.Decision, error) {
	return dialog.Decision{Department: s.Answers["for_department"]}, nil
}
