package gateway

import (
	"crypto/subtle"
	"sync"
	"time"

	"amtsbote/cases"
	"amtsbote/dialog"
	"amtsbote/store"
)

// SecretMAC turns a case's access code into what the store keeps of it.
type SecretMAC func(ref, secret string) []byte

// CaseIndex is the in-memory view of every case's status that the dialog
// engine answers status questions from (dialog.CaseStatuses): seeded from
// the store at start, kept current by the committed turns (it is an
// Observer) and by status changes (Changed).
type CaseIndex struct {
	mac SecretMAC

	mu    sync.RWMutex
	cases map[string]indexedCase
}

type indexedCase struct {
	service, status string
	changed         time.Time
	secretMAC       []byte
}

// NewCaseIndex makes an empty index.
func NewCaseIndex(mac SecretMAC) *CaseIndex {
	return &CaseIndex{mac: mac, cases: map[string]indexedCase{}}
}

// Put adds or replaces a case as the store has it.
func (x *CaseIndex) Put(ref, service, status string, changed time.Time, secretMAC []byte) {
	x.mu.Lock()
	x.cases[ref] = indexedCase{service: service, status: status, changed: changed, secretMAC: secretMAC}
	x.mu.Unlock()
}

// Changed records a new status of a case.
func (x *CaseIndex) Changed(ref, status string, at time.Time) {
	x.mu.Lock()
	if c, ok := x.cases[ref]; ok {
		c.status, c.changed = status, at
		x.cases[ref] = c
	}
	x.mu.Unlock()
}

// Forget drops a deleted case.
func (x *CaseIndex) Forget(ref string) {
	x.mu.Lock()
	delete(x.cases, ref)
	x.mu.Unlock()
}

// CaseStatus answers only when secret is the case's access code; an
// unknown reference and a wrong code look the same.
func (x *CaseIndex) CaseStatus(ref, secret string) (dialog.CaseInfo, bool) {
	want := x.mac(ref, secret)
	x.mu.RLock()
	c, ok := x.cases[ref]
	x.mu.RUnlock()
	if !ok || len(c.secretMAC) == 0 || subtle.ConstantTimeCompare(want, c.secretMAC) != 1 {
		return dialog.CaseInfo{}, false
	}
	return dialog.CaseInfo{Service: c.service, Status: c.status, Changed: c.changed}, true
}

// CasesAmended records the status of cases the citizen amended.
func (x *CaseIndex) CasesAmended(_ string, amended []cases.Amendment, at time.Time) {
	for _, a := range amended {
		if a.Status != "" { // "" : the case was deleted meanwhile
			x.Changed(a.Ref, a.Status, at)
		}
	}
}

// TurnCommitted adds the cases a committed turn created.
func (x *CaseIndex) TurnCommitted(_ string, _ store.Meta, submitted []cases.Case) {
	for _, c := range submitted {
		var mac []byte
		if c.Secret != "" {
			mac = x.mac(c.Ref, c.Secret)
		}
		x.Put(c.Ref, c.Service, c.Status, c.Created, mac)
	}
}
