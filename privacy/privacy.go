// Package privacy answers a citizen's data protection rights and keeps
// the retention policy: the export of everything stored about an address
// (Art. 15 GDPR) as a signed archive, its erasure (Art. 17), and the daily
// deletion of what has expired. It works on small interfaces of the store,
// so the running server and a command on the stopped store share it.
package privacy

import (
	"amtsbote/cases"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"amtsbote/channels/email"
	"amtsbote/store"
)

// Store is what an export and an erasure read and change in the store.
type Store interface {
	Lookup(channel, address string) (string, error)
	Conversation(id string) (store.Conversation, error)
	Transcript(id string, after uint64) ([]store.Entry, error)
	CasesOf(conversation string) ([]cases.Case, error)
	BookingsOf(conversation string) ([]cases.Booking, error)
	ChannelState(channel, key string) ([]byte, error)
	SetChannelState(ctx context.Context, channel, key string, value []byte) error
	Delete(ctx context.Context, ids []string) (store.Deleted, error)
	Compact(ctx context.Context) error
	Audit(ctx context.Context, e store.AuditEntry) error
}

// Signer signs an export with the portal key.
type Signer interface {
	Fingerprint() string
	SignDetached(data []byte) (string, error)
}

// Request is what `amtsbote gdpr` asks for, of the store directly or of the
// running server over its admin socket (POST /gdpr/export, /gdpr/delete).
type Request struct {
	Channel string `json:"channel"`
	Address string `json:"address"`
	// Actor is who ran the command, for the audit log.
	Actor string `json:"actor"`
}

// Exported is a signed export: the archive's JSON exactly as the signature
// covers it and the armored detached signature; the admin socket's answer
// to POST /gdpr/export.
type Exported struct {
	Archive       []byte    `json:"archive"`
	Signature     string    `json:"signature"`
	Exported      time.Time `json:"exported"`
	Conversations int       `json:"conversations"`
	Portal        string    `json:"portal_key_fingerprint"`
}

// Deleted is what an erasure removed; the admin socket's answer to POST
// /gdpr/delete.
type Deleted struct {
	Conversations int `json:"conversations"`
}

// Export collects, signs and audits the export of r's address.
func Export(ctx context.Context, db Store, signer Signer, names Names, r Request, now time.Time) (Exported, error) {
	r.Address = subjectAddress(r.Channel, r.Address)
	a, err := exportSubject(db, signer.Fingerprint(), r.Channel, r.Address, now, names)
	if err != nil {
		return Exported{}, err
	}
	data, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return Exported{}, fmt.Errorf("gdpr export: %w", err)
	}
	sig, err := signer.SignDetached(data)
	if err != nil {
		return Exported{}, fmt.Errorf("gdpr export: sign: %w", err)
	}
	conv := ""
	if len(a.Conversations) > 0 {
		conv = a.Conversations[0].ID
	}
	if err := audit(ctx, db, r, "gdpr-export", conv); err != nil {
		return Exported{}, err
	}
	return Exported{Archive: data, Signature: sig, Exported: a.Exported, Conversations: len(a.Conversations),
		Portal: a.Portal}, nil
}

// Delete erases what the store holds about r's address the way retention
// does, with erase (nil: the store alone), compacts the file so no freed
// page keeps it, and audits.
func Delete(ctx context.Context, db Store, r Request, erase Eraser) (Deleted, error) {
	r.Address = subjectAddress(r.Channel, r.Address)
	id, err := db.Lookup(r.Channel, r.Address)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Deleted{}, err
	}
	var ids []string
	if err == nil {
		ids = []string{id}
	}
	if len(ids) > 0 {
		if _, err := eraserOf(db, erase)(ctx, ids); err != nil {
			return Deleted{}, err
		}
	}
	for _, key := range subjectStateKeys(r.Channel, r.Address) {
		if err := db.SetChannelState(ctx, r.Channel, key, nil); err != nil {
			return Deleted{}, err
		}
	}
	if err := db.Compact(ctx); err != nil {
		return Deleted{}, err
	}
	return Deleted{Conversations: len(ids)}, audit(ctx, db, r, "gdpr-delete", id)
}

// auditor records an audit entry.
type auditor interface {
	Audit(ctx context.Context, e store.AuditEntry) error
}

// audit records an export or erasure. The entry names the conversation
// touched, never the address.
func audit(ctx context.Context, db auditor, r Request, action, conv string) error {
	err := db.Audit(ctx, store.AuditEntry{Time: time.Now().UTC(), Actor: "cli:" + r.Actor, Action: action,
		Object: r.Channel + ":" + conv})
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	return nil
}

// subjectAddress spells an address as its channel stores it: the email
// channel keeps mail addresses in lower case.
func subjectAddress(channel, address string) string {
	address = strings.TrimSpace(address)
	if channel == email.Name {
		return strings.ToLower(address)
	}
	return address
}

// subjectStateKeys are the channel-state keys a channel keeps about one
// address: the email channel's by what they hold, for the others the
// address itself ("").
func subjectStateKeys(channel, address string) map[string]string {
	if channel == email.Name {
		return email.SubjectStateKeys(address)
	}
	return map[string]string{"": address}
}
