package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"amtsbote/channels"
	"amtsbote/channels/email"
	"amtsbote/config"
	"amtsbote/gateway"
	"amtsbote/pgp"
	"amtsbote/store"
	"amtsbote/store/bolt"
)

// subjectArchive is everything stored about one citizen's address, as
// `amtsbote gdpr export` writes it (Art. 15 GDPR).
type subjectArchive struct {
	Channel       string          `json:"channel"`
	Address       string          `json:"address"`
	Exported      time.Time       `json:"exported"`
	Portal        string          `json:"portal_key_fingerprint"`
	Conversations []subjectConv   `json:"conversations"`
	ChannelState  json.RawMessage `json:"channel_state,omitempty"`
}

type subjectConv struct {
	ID       string                  `json:"id"`
	Created  time.Time               `json:"created"`
	Updated  time.Time               `json:"updated"`
	Meta     store.Meta              `json:"meta"`
	State    json.RawMessage         `json:"dialog_state,omitempty"`
	Messages []channels.HistoryEntry `json:"messages"`
	Cases    []subjectCase           `json:"cases"`
	Bookings []subjectBooking        `json:"bookings"`
}

type subjectCase struct {
	Ref     string            `json:"ref"`
	Service string            `json:"service"`
	Status  string            `json:"status"`
	Created time.Time         `json:"created"`
	Answers map[string]string `json:"answers"`
}

// exportSubject collects what the store holds about (channel, address);
// names make its bookings readable.
func exportSubject(db *bolt.DB, portal *pgp.Portal, channel, address string, now time.Time, names exportNames) (*subjectArchive, error) {
	a := &subjectArchive{Channel: channel, Address: address, Exported: now, Portal: portal.Fingerprint(),
		Conversations: []subjectConv{}}
	id, err := db.Lookup(channel, address)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if err == nil {
		c, err := db.Conversation(id)
		if err != nil {
			return nil, err
		}
		msgs, err := gateway.NewHistory(db).Conversation(id, 0)
		if err != nil {
			return nil, err
		}
		sc := subjectConv{ID: id, Created: c.Created, Updated: c.Updated, Meta: c.Meta, State: c.State, Messages: msgs, Cases: []subjectCase{}}
		cases, err := db.CasesOf(id)
		if err != nil {
			return nil, err
		}
		for _, cs := range cases {
			sc.Cases = append(sc.Cases, subjectCase{Ref: cs.Ref, Service: cs.Service, Status: cs.Status, Created: cs.Created, Answers: cs.Answers})
		}
		if sc.Bookings, err = subjectBookings(db, id, c.Meta.Language, names); err != nil {
			return nil, err
		}
		a.Conversations = append(a.Conversations, sc)
	}
	if a.ChannelState, err = subjectChannelState(db, channel, address); err != nil {
		return nil, err
	}
	return a, nil
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

// subjectChannelState reads what the channel keeps about address: the
// email channel's values as one object by what they hold, another
// channel's value as it is; nil when there is none.
func subjectChannelState(db *bolt.DB, channel, address string) (json.RawMessage, error) {
	found := map[string]json.RawMessage{}
	for kind, key := range subjectStateKeys(channel, address) {
		v, err := db.ChannelState(channel, key)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if json.Valid(v) {
			found[kind] = v
		}
	}
	if v, ok := found[""]; ok || len(found) == 0 {
		return v, nil
	}
	v, err := json.Marshal(found)
	if err != nil {
		return nil, fmt.Errorf("gdpr export: channel state: %w", err)
	}
	return v, nil
}

// gdprRequest is what `amtsbote gdpr` asks for, of the store directly or
// of the running server over its admin socket (POST /gdpr/export, /gdpr/delete).
type gdprRequest struct {
	Channel string `json:"channel"`
	Address string `json:"address"`
	// Actor is who ran the command, for the audit log.
	Actor string `json:"actor"`
}

// gdprExported is a signed export: the archive's JSON exactly as the
// signature covers it and the armored detached signature; the admin
// socket's answer to POST /gdpr/export.
type gdprExported struct {
	Archive       []byte    `json:"archive"`
	Signature     string    `json:"signature"`
	Exported      time.Time `json:"exported"`
	Conversations int       `json:"conversations"`
	Portal        string    `json:"portal_key_fingerprint"`
}

// gdprDeleted is what an erasure removed; the admin socket's answer to
// POST /gdpr/delete.
type gdprDeleted struct {
	Conversations int `json:"conversations"`
}

// gdprExport collects, signs and audits the export of r's address.
func gdprExport(ctx context.Context, db *bolt.DB, portal *pgp.Portal, names exportNames, r gdprRequest, now time.Time) (gdprExported, error) {
	r.Address = subjectAddress(r.Channel, r.Address)
	a, err := exportSubject(db, portal, r.Channel, r.Address, now, names)
	if err != nil {
		return gdprExported{}, err
	}
	data, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return gdprExported{}, fmt.Errorf("gdpr export: %w", err)
	}
	sig, err := portal.SignDetached(data)
	if err != nil {
		return gdprExported{}, fmt.Errorf("gdpr export: sign: %w", err)
	}
	conv := ""
	if len(a.Conversations) > 0 {
		conv = a.Conversations[0].ID
	}
	if err := gdprAudit(ctx, db, r, "gdpr-export", conv); err != nil {
		return gdprExported{}, err
	}
	return gdprExported{Archive: data, Signature: sig, Exported: a.Exported, Conversations: len(a.Conversations),
		Portal: a.Portal}, nil
}

// gdprDelete erases what the store holds about r's address the way
// retention does, with erase (nil: the store alone), compacts the file so
// no freed page keeps it, and audits.
func gdprDelete(ctx context.Context, db *bolt.DB, r gdprRequest, erase eraser) (gdprDeleted, error) {
	r.Address = subjectAddress(r.Channel, r.Address)
	id, err := db.Lookup(r.Channel, r.Address)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return gdprDeleted{}, err
	}
	var ids []string
	if err == nil {
		ids = []string{id}
	}
	if len(ids) > 0 {
		if _, err := eraserOf(db, erase)(ctx, ids); err != nil {
			return gdprDeleted{}, err
		}
	}
	for _, key := range subjectStateKeys(r.Channel, r.Address) {
		if err := db.SetChannelState(ctx, r.Channel, key, nil); err != nil {
			return gdprDeleted{}, err
		}
	}
	if err := db.Compact(ctx); err != nil {
		return gdprDeleted{}, err
	}
	return gdprDeleted{Conversations: len(ids)}, gdprAudit(ctx, db, r, "gdpr-delete", id)
}

// gdprAudit records an export or erasure. The entry names the
// conversation touched, never the address.
func gdprAudit(ctx context.Context, db *bolt.DB, r gdprRequest, action, conv string) error {
	err := db.Audit(ctx, store.AuditEntry{Time: time.Now().UTC(), Actor: "cli:" + r.Actor, Action: action,
		Object: r.Channel + ":" + conv})
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	return nil
}

// runGDPR is `amtsbote gdpr export|delete ADDRESS`. With a server running
// on the data dir, the server does the work (asked over its admin socket);
// otherwise the command opens the store itself.
func runGDPR(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "export" && args[0] != "delete") {
		fmt.Fprintln(stderr, "usage: amtsbote gdpr export|delete [--channel email] [--out FILE] ADDRESS")
		return 2
	}
	verb := args[0]
	fs, s := newCommand("gdpr "+verb, stderr)
	channel := fs.String("channel", "email", "the channel the address belongs to (email, telegram, web, console)")
	out := fs.String("out", "", "export: the archive file (default gdpr-export-<time>.json); a detached signature goes to FILE.asc")
	c, ok := s.parse(args[1:], stderr)
	if !ok {
		return 2
	}
	if fs.NArg() != 1 || fs.Arg(0) == "" {
		fmt.Fprintln(stderr, "amtsbote: gdpr: name exactly one address")
		return 2
	}
	log := newLogger(stderr, c.Log.Format, "warn")
	r := gdprRequest{Channel: *channel, Address: fs.Arg(0), Actor: cliUser()}
	switch verb {
	case "export":
		ex, how, err := exportVia(ctx, c, r, log)
		if err == nil {
			err = writeSignedArchive(ex, *out, how, stdout)
		}
		if err != nil {
			fmt.Fprintln(stderr, "amtsbote: gdpr export:", err)
			return 1
		}
	case "delete":
		d, how, err := deleteVia(ctx, c, r, log)
		if err != nil {
			fmt.Fprintln(stderr, "amtsbote: gdpr delete:", err)
			return 1
		}
		fmt.Fprintf(stdout, "deleted %d conversation(s) and the channel data of the address; the store is compacted (%s)\n", d.Conversations, how)
	}
	return 0
}

// exportVia exports through the running server, or from the stopped store.
func exportVia(ctx context.Context, c config.Config, r gdprRequest, log *slog.Logger) (gdprExported, string, error) {
	var ex gdprExported
	err := askAdmin(ctx, c.Data, "/gdpr/export", r, &ex)
	if !errors.Is(err, errNoServer) {
		return ex, "by the running server", err
	}
	portal, db, err := openStopped(c, log)
	if err != nil {
		return ex, "", err
	}
	defer db.Close()
	ex, err = gdprExport(ctx, db, portal, loadExportNames(c, log), r, time.Now().UTC())
	return ex, "from the stopped store", err
}

// deleteVia erases through the running server, which also forgets in its
// memory what went, or in the stopped store.
func deleteVia(ctx context.Context, c config.Config, r gdprRequest, log *slog.Logger) (gdprDeleted, string, error) {
	var d gdprDeleted
	err := askAdmin(ctx, c.Data, "/gdpr/delete", r, &d)
	if !errors.Is(err, errNoServer) {
		return d, "by the running server", err
	}
	_, db, err := openStopped(c, log)
	if err != nil {
		return d, "", err
	}
	defer db.Close()
	d, err = gdprDelete(ctx, db, r, nil)
	return d, "in the stopped store", err
}

// openStopped opens the store of a server that is not running. A store
// held open by a process that does not answer on the admin socket (a
// server starting or stopping, another command) is refused: its memory
// could outlive an erasure.
func openStopped(c config.Config, log *slog.Logger) (*pgp.Portal, *bolt.DB, error) {
	portal, db, err := openPortalAndStore(c, log)
	if errors.Is(err, bolt.ErrInUse) {
		return nil, nil, fmt.Errorf("another process holds the store and does not answer on %s; try again, or stop it first: %w",
			filepath.Join(c.Data, adminSocket), err)
	}
	return portal, db, err
}

// writeSignedArchive writes the archive and its signature FILE.asc; out ""
// names the file by the export's time.
func writeSignedArchive(ex gdprExported, out, how string, stdout io.Writer) error {
	if out == "" {
		out = "gdpr-export-" + ex.Exported.UTC().Format("20060102T150405Z") + ".json"
	}
	if err := os.WriteFile(out, ex.Archive, 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(out+".asc", []byte(ex.Signature), 0o600); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d conversation(s)) and its signature %s.asc (portal key %s), %s\n",
		out, ex.Conversations, out, ex.Portal, how)
	return nil
}

// cliUser names who ran a command, for the audit log.
func cliUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "unknown"
}
