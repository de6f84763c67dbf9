package dialog

import "io"

// Access for the tests of package dialog_test: they run the engine with the
// one router, dialog/route, which imports dialog and so cannot be imported
// by tests inside the package.

// Command values and limits the tests check against.
const (
	CmdResume      = cmdResume
	CmdStaff       = cmdStaff
	CmdService     = cmdService
	LookupLimit    = lookupLimit
	SecretLen      = secretLen
	SecretAlphabet = secretAlphabet
)

// NewSecret is newSecret.
func NewSecret(r io.Reader) (string, error) { return newSecret(r) }

// FindRef is findRef.
func FindRef(text string) string { return findRef(text) }

// FindSecret is findSecret.
func FindSecret(text string) string { return findSecret(text) }

// PhaseHolds reports whether s's stored phase is the one its fields show.
func (s State) PhaseHolds() bool { return s.Phase == s.phaseOf() }

// Clone is clone.
func (s State) Clone() State { return s.clone() }

// SetHandlers replaces the engine's handlers (Options.Handlers).
func (e *Engine) SetHandlers(h map[string]Handler) { e.handlers = h }

// SetRand replaces the engine's randomness (Options.Rand).
func (e *Engine) SetRand(r io.Reader) { e.rand = r }

// SetCases replaces the engine's case statuses (Options.Cases).
func (e *Engine) SetCases(cs CaseStatuses) { e.cases = cs }
