package backoffice

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"

	"amtsbote/cases"
	"amtsbote/channels"
)

// RecordVersion is the version of the Record format.
const RecordVersion = 1

// Record is what a department receives for a case, as JSON inside the
// signed and encrypted message. The case's access code (cases.Case.Secret)
// is the citizen's and is left out.
type Record struct {
	Version    int               `json:"version"` // RecordVersion
	Ref        string            `json:"ref"`
	Service    string            `json:"service"`
	Department string            `json:"department"`
	Status     string            `json:"status"`
	Created    time.Time         `json:"created"`
	Answers    map[string]string `json:"answers"` // canonical values by field name, plus computed ones ("fee")
	// Review says why a member of staff must look at the case; empty when
	// it takes its normal course.
	Review string `json:"review,omitempty"`
	// Amended, when set, makes this record an amendment of a case handed
	// off before: the citizen answered a question of staff (needs-info) and
	// these answers changed; Answers holds all of them as they are now.
	Amended []string `json:"amended,omitempty"`
	// GewA is the form record of a business-* case (GewA1–GewA3 field
	// numbers), for the trade office's software (see FormRecords).
	GewA any `json:"gewa,omitempty"`
	// Portal is the fingerprint of the portal key that signed the record.
	Portal string `json:"portal"`
}

// safeRef is what a case reference must look like to name a file.
var safeRef = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// caseOf reads the case attached to a hand-off item.
func caseOf(d channels.Delivery) (cases.Case, error) {
	for _, a := range d.Message.Attachments {
		if a.MediaType != "application/json" {
			continue
		}
		var c cases.Case
		if err := json.Unmarshal(a.Data, &c); err != nil {
			return cases.Case{}, fmt.Errorf("backoffice: outbox item %s: unreadable case: %w", d.ID, err)
		}
		if !safeRef.MatchString(c.Ref) {
			return cases.Case{}, fmt.Errorf("backoffice: outbox item %s: case without a proper reference", d.ID)
		}
		return c, nil
	}
	return cases.Case{}, fmt.Errorf("backoffice: outbox item %s carries no case", d.ID)
}

// record builds the Record of case c for department dep. A case whose form
// record cannot be built (a business case whose definition is missing from
// the catalog) goes without it (its answers are all there), with a warning.
func (s *Sender) record(c cases.Case, dep string) Record {
	r := Record{Version: RecordVersion, Ref: c.Ref, Service: c.Service, Department: dep, Status: c.Status,
		Created: c.Created, Answers: c.Answers, Review: c.Review, Amended: c.Amended, Portal: s.portal.Fingerprint()}
	if r.Answers == nil {
		r.Answers = map[string]string{}
	}
	if s.forms != nil {
		g, ok, err := s.forms.FormRecord(c)
		switch {
		case err != nil:
			s.log.Warn("case handed off without its form record", "case", c.Ref, "service", c.Service, "err", err)
		case ok:
			r.GewA = g
		}
	}
	return r
}

// seal signs the record with the portal key and encrypts it to the
// department's key, as one armored OpenPGP message. The outbox item's id
// goes into the armor's Comment header, so a re-delivery can recognise its
// own earlier file (encryption gives new bytes every time).
func (s *Sender) seal(r Record, dep department, deliveryID string) ([]byte, error) {
	if dep.key.IsExpired() || dep.key.IsRevoked() || !dep.key.CanEncrypt() {
		return nil, channels.Permanent(fmt.Errorf("backoffice: the OpenPGP key of department %s is expired, revoked or cannot encrypt", r.Department))
	}
	plain, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, channels.Permanent(fmt.Errorf("backoffice: case %s: %w", r.Ref, err))
	}
	msg, err := dep.ring.Encrypt(crypto.NewPlainMessage(plain), s.portal.KeyRing())
	if err != nil {
		return nil, fmt.Errorf("backoffice: case %s: encrypt: %w", r.Ref, err)
	}
	armored, err := msg.GetArmoredWithCustomHeaders(commentOf(deliveryID), "")
	if err != nil {
		return nil, fmt.Errorf("backoffice: case %s: armor: %w", r.Ref, err)
	}
	return []byte(armored), nil
}

// commentPrefix starts the armor Comment header that names the outbox item.
const commentPrefix = "amtsbote-delivery "

// commentOf is the Comment header for outbox item id ("" when id cannot be
// a header value).
func commentOf(id string) string {
	if id == "" || strings.ContainsAny(id, "\r\n") {
		return ""
	}
	return commentPrefix + id
}

// deliveryOf reads the outbox item id from an armored message's headers.
func deliveryOf(armored []byte) string {
	for i, line := range strings.Split(string(armored), "\n") {
		line = strings.TrimRight(line, "\r")
		if i > 0 && line == "" {
			break // the headers end at the first blank line
		}
		if v, ok := strings.CutPrefix(line, "Comment: "+commentPrefix); ok {
			return v
		}
	}
	return ""
}
