package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"time"

	"amtsbote/channels"
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
	Ref     string          `json:"ref"`
	Service string          `json:"service"`
	Status  string          `json:"status"`
	Created time.Time       `json:"created"`
	Answers json.RawMessage `json:"answers"`
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
	if v, err := db.ChannelState(channel, address); err == nil && json.Valid(v) {
		a.ChannelState = v
	}
	return a, nil
}

// deleteSubject erases what the store holds about (channel, address) and
// compacts the file so no freed page keeps it. It returns how many
// conversations went.
func deleteSubject(ctx context.Context, db *bolt.DB, channel, address string) (int, error) {
	id, err := db.Lookup(channel, address)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return 0, err
	}
	var ids []string
	if err == nil {
		ids = []string{id}
	}
	if _, err := db.Delete(ctx, ids); err != nil {
		return 0, err
	}
	if err := db.SetChannelState(ctx, channel, address, nil); err != nil {
		return 0, err
	}
	return len(ids), db.Compact(ctx)
}

// runGDPR is `amtsbote gdpr export|delete ADDRESS`.
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
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "amtsbote: gdpr: name exactly one address")
		return 2
	}
	log := newLogger(stderr, c.Log.Format, "warn")
	portal, db, err := openPortalAndStore(c, log)
	if errors.Is(err, bolt.ErrInUse) {
		fmt.Fprintln(stderr, "amtsbote: gdpr: the server is running on this store; stop it first")
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	defer db.Close()
	address := fs.Arg(0)
	// The audit log names the conversations touched, never the address.
	conv, _ := db.Lookup(*channel, address)
	audit := func(action string) error {
		return db.Audit(ctx, store.AuditEntry{Time: time.Now().UTC(), Actor: "cli:" + cliUser(), Action: action,
			Object: *channel + ":" + conv})
	}
	switch verb {
	case "export":
		a, err := exportSubject(db, portal, *channel, address, time.Now().UTC(), loadExportNames(c, log))
		if err == nil {
			err = writeSignedArchive(portal, a, *out, stdout)
		}
		if err == nil {
			err = audit("gdpr-export")
		}
		if err != nil {
			fmt.Fprintln(stderr, "amtsbote: gdpr export:", err)
			return 1
		}
	case "delete":
		n, err := deleteSubject(ctx, db, *channel, address)
		if err == nil {
			err = audit("gdpr-delete")
		}
		if err != nil {
			fmt.Fprintln(stderr, "amtsbote: gdpr delete:", err)
			return 1
		}
		fmt.Fprintf(stdout, "deleted %d conversation(s) and the channel data of the address; the store is compacted\n", n)
	}
	return 0
}

func writeSignedArchive(portal *pgp.Portal, a *subjectArchive, out string, stdout io.Writer) error {
	data, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return err
	}
	sig, err := portal.SignDetached(data)
	if err != nil {
		return err
	}
	if out == "" {
		out = "gdpr-export-" + a.Exported.Format("20060102T150405Z") + ".json"
	}
	if err := os.WriteFile(out, data, 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(out+".asc", []byte(sig), 0o600); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d conversation(s)) and its signature %s.asc (portal key %s)\n", out, len(a.Conversations), out, a.Portal)
	return nil
}

// cliUser names who ran a command, for the audit log.
func cliUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "unknown"
}
