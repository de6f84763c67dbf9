package parking

import (
	"strings"
	"sync"
	"time"

	"amtsbote/cases"
)

// Permit is an issued resident parking permit.
type Permit struct {
	Ref         string // the case reference; printed on the permit, used for renewal
	Code        string // verification code for GET /verify/<code>
	Holder      string
	Plate       string // canonical, "PB-AB 123"
	Zone        string // zone id, "A"
	ZoneName    string
	Street      string
	HouseNumber string
	ValidFrom   string // first day, "2006-01-02", in the city's time zone
	ValidUntil  string // last day, inclusive
	Revoked     bool
}

// ActiveOn reports whether the permit is valid on day ("2006-01-02").
func (p Permit) ActiveOn(day string) bool {
	return !p.Revoked && p.ValidFrom <= day && day <= p.ValidUntil
}

// Permits is the read-only view of issued permits the handler checks
// against: one active permit per plate, renewal by reference.
type Permits interface {
	// Active returns the permit valid for plate on day ("2006-01-02").
	Active(plate, day string) (Permit, bool)
	// ByRef returns the permit issued under case reference ref.
	ByRef(ref string) (Permit, bool)
}

// Registry is an in-memory Permits, safe for concurrent use: seeded from the
// store at start and kept up to date with Record after every committed turn
// (and with Put and Revoke by staff decisions). The /verify endpoint reads
// it by code.
type Registry struct {
	loc *time.Location

	mu      sync.RWMutex
	byRef   map[string]Permit
	byCode  map[string]string   // code → ref
	byPlate map[string][]string // plate → refs
}

// NewRegistry makes an empty registry; loc is the city's time zone for the
// days of validity (nil means UTC).
func NewRegistry(loc *time.Location) *Registry {
	if loc == nil {
		loc = time.UTC
	}
	return &Registry{loc: loc, byRef: map[string]Permit{}, byCode: map[string]string{}, byPlate: map[string][]string{}}
}

// Put adds or replaces a permit.
func (r *Registry) Put(p Permit) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.byRef[p.Ref]; ok {
		delete(r.byCode, old.Code)
		refs := r.byPlate[old.Plate]
		for i, ref := range refs {
			if ref == p.Ref {
				r.byPlate[old.Plate] = append(refs[:i:i], refs[i+1:]...)
				break
			}
		}
	}
	r.byRef[p.Ref] = p
	r.byPlate[p.Plate] = append(r.byPlate[p.Plate], p.Ref)
	if p.Code != "" {
		r.byCode[p.Code] = p.Ref
	}
}

// Forget drops the permit of a deleted case (retention, erasure): it no
// longer verifies, renews or blocks its plate, and its holder's data leaves
// memory.
func (r *Registry) Forget(ref string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.byRef[ref]
	if !ok {
		return
	}
	delete(r.byRef, ref)
	if r.byCode[p.Code] == ref {
		delete(r.byCode, p.Code)
	}
	refs := r.byPlate[p.Plate]
	for i, x := range refs {
		if x == ref {
			refs = append(refs[:i:i], refs[i+1:]...)
			break
		}
	}
	if len(refs) == 0 {
		delete(r.byPlate, p.Plate)
	} else {
		r.byPlate[p.Plate] = refs
	}
}

// Revoke marks the permit with reference ref as no longer valid.
func (r *Registry) Revoke(ref string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p, ok := r.byRef[ref]; ok {
		p.Revoked = true
		r.byRef[ref] = p
	}
}

// Active returns the permit valid for plate on day, the latest-ending one
// when there are several.
func (r *Registry) Active(plate, day string) (Permit, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var best Permit
	found := false
	for _, ref := range r.byPlate[plate] {
		p := r.byRef[ref]
		if p.ActiveOn(day) && (!found || p.ValidUntil > best.ValidUntil) {
			best, found = p, true
		}
	}
	return best, found
}

// HasActive reports whether plate has a permit valid at now.
func (r *Registry) HasActive(plate string, now time.Time) bool {
	_, ok := r.Active(plate, now.In(r.loc).Format(time.DateOnly))
	return ok
}

// ByRef returns the permit issued under case reference ref.
func (r *Registry) ByRef(ref string) (Permit, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	p, ok := r.byRef[strings.ToUpper(ref)]
	return p, ok
}

// ByCode returns the permit with verification code code (for /verify).
func (r *Registry) ByCode(code string) (Permit, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	ref, ok := r.byCode[strings.ToUpper(code)]
	if !ok {
		return Permit{}, false
	}
	return r.byRef[ref], true
}

// Record adds the permits of approved resident parking cases; other cases
// are ignored. Call it after the turn that made them is committed.
func (r *Registry) Record(cases ...cases.Case) {
	for _, c := range cases {
		if p, ok := PermitFromCase(c); ok {
			r.Put(p)
		}
	}
}

// PermitFromCase reads the permit an approved resident parking case
// issued; ok is false for any other case.
func PermitFromCase(c cases.Case) (Permit, bool) {
	a := c.Answers
	if c.Service != ServiceID || c.Status != cases.Approved || a[AnswerValidUntil] == "" {
		return Permit{}, false
	}
	return Permit{Ref: c.Ref, Code: a[AnswerCode], Holder: a["name"], Plate: a["plate"],
		Zone: a[AnswerZone], ZoneName: a[AnswerZoneName], Street: a["street"], HouseNumber: a["house_number"],
		ValidFrom: a[AnswerValidFrom], ValidUntil: a[AnswerValidUntil]}, true
}
