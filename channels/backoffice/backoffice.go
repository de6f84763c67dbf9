// Package backoffice hands submitted cases over to the department that
// handles them. It is a channels.Sender named "backoffice": the gateway
// puts one outbox item on it for every case a turn creates, addressed to
// the case's department, and the outbox delivers it with retries like any
// reply.
//
// Each case becomes a JSON record (see Record) that is signed with the
// portal key and encrypted to the department's OpenPGP public key in one
// armored OpenPGP message, then POSTed to the department's webhook and/or
// written to its drop directory as <ref>.json.asc. Nothing leaves the
// portal in plaintext: a department with a webhook or drop directory but
// no key gets nothing, and the item is given up with an error naming the
// department.
package backoffice

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"sync"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"

	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/pgp"
)

// Name is the channel name of the hand-off in the outbox.
const Name = "backoffice"

// Department is where one department takes its cases.
type Department struct {
	// PublicKey is the department's armored OpenPGP public key (see
	// LoadDepartmentKey); every record is encrypted to it.
	PublicKey string
	// WebhookURL receives each record as a POST; "" for none.
	WebhookURL string
	// DropDir is a directory the department's software reads, e.g. a
	// mounted share; "" for none. It must exist: a missing directory (a
	// share not mounted) is a temporary error, never created here.
	DropDir string
}

// FormRecords builds the record of a case's official form that a
// department's software reads (the trade office's GewA record of a
// business registration). Package business provides it.
type FormRecords interface {
	// FormRecord returns the form record of c; ok is false when its
	// service has none, err when it should have one but cannot be built.
	FormRecord(c cases.Case) (record any, ok bool, err error)
}

// Options configure a Sender.
type Options struct {
	Portal      *pgp.Portal           // signs every record; required
	Forms       FormRecords           // the form records of cases (GewA for business cases); nil: none
	Departments map[string]Department // by department id, as in the service definitions
	Client      *http.Client          // for the webhooks; nil: 30 s timeout, redirects not followed
	Log         *slog.Logger          // nil: slog.Default()
}

// Sender is the channels.Sender of the hand-off. It is safe for
// concurrent use.
type Sender struct {
	portal *pgp.Portal
	forms  FormRecords
	deps   map[string]department
	client *http.Client
	log    *slog.Logger

	mu   sync.Mutex
	told map[string]bool // departments logged as having nothing configured
}

// department is a Department with its key parsed.
type department struct {
	Department
	key  *crypto.Key     // nil without PublicKey
	ring *crypto.KeyRing // the key as a ring, to encrypt to
}

var _ channels.Sender = (*Sender)(nil)

// New checks the departments' settings and returns the Sender. A key that
// is not a usable public key, or a webhook that is no http(s) URL, is an
// error naming the department.
func New(o Options) (*Sender, error) {
	if o.Portal == nil {
		return nil, errors.New("backoffice: no portal key")
	}
	s := &Sender{portal: o.Portal, forms: o.Forms, deps: map[string]department{}, client: o.Client, log: o.Log,
		told: map[string]bool{}}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.log = s.log.With("component", "backoffice")
	if s.client == nil {
		s.client = &http.Client{Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	for id, d := range o.Departments {
		dep := department{Department: d}
		if d.PublicKey != "" {
			key, err := parsePublicKey([]byte(d.PublicKey))
			if err != nil {
				return nil, fmt.Errorf("backoffice: department %s: %w", id, err)
			}
			ring, err := crypto.NewKeyRing(key)
			if err != nil {
				return nil, fmt.Errorf("backoffice: department %s: key ring: %w", id, err)
			}
			dep.key, dep.ring = key, ring
		}
		if d.WebhookURL != "" {
			u, err := url.Parse(d.WebhookURL)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				return nil, fmt.Errorf("backoffice: department %s: webhook is no http(s) URL", id)
			}
		}
		if d.DropDir != "" {
			dep.DropDir = filepath.Clean(d.DropDir)
		}
		s.deps[id] = dep
	}
	return s, nil
}

// Name is "backoffice".
func (s *Sender) Name() string { return Name }

// Handles reports whether cases of department id are handed off anywhere
// (a webhook or a drop directory is configured). The gateway may skip the
// outbox item of a department that is not handled; Send accepts it anyway.
func (s *Sender) Handles(id string) bool {
	d, ok := s.deps[id]
	return ok && (d.WebhookURL != "" || d.DropDir != "")
}

// Send hands the case in d (the JSON of a cases.Case attached to the
// message) to department d.Address. A department with nothing configured
// is no error: the case stays in the portal for staff, and that is logged
// once per department. Errors that a retry cannot fix are permanent.
func (s *Sender) Send(ctx context.Context, d channels.Delivery) error {
	dep := s.deps[d.Address]
	if dep.WebhookURL == "" && dep.DropDir == "" {
		s.tellOnce(d.Address)
		return nil
	}
	c, err := caseOf(d)
	if err != nil {
		return channels.Permanent(err)
	}
	if dep.ring == nil {
		return channels.Permanent(fmt.Errorf("backoffice: department %s has a webhook or drop directory but no OpenPGP public key: case %s is not handed off in plaintext", d.Address, c.Ref))
	}
	armored, err := s.seal(s.record(c, d.Address), dep, d.ID)
	if err != nil {
		return err
	}
	var via []string
	if dep.DropDir != "" {
		if err := writeDrop(dep.DropDir, dropName(c, d.ID), d.ID, armored); err != nil {
			return fmt.Errorf("backoffice: department %s, case %s: %w", d.Address, c.Ref, err)
		}
		via = append(via, "drop")
	}
	if dep.WebhookURL != "" {
		if err := s.post(ctx, dep.WebhookURL, c.Ref, d.ID, armored); err != nil {
			return fmt.Errorf("backoffice: department %s, case %s: %w", d.Address, c.Ref, err)
		}
		via = append(via, "webhook")
	}
	s.log.Info("case handed off", "department", d.Address, "case", c.Ref, "via", via, "bytes", len(armored))
	return nil
}

// tellOnce logs that department id takes no hand-off, once.
func (s *Sender) tellOnce(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.told[id] {
		s.told[id] = true
		s.log.Info("no hand-off configured for the department; its cases stay in the portal", "department", id)
	}
}
