package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"amtsbote/config"
	"amtsbote/pgp"
	"amtsbote/store"
	"amtsbote/store/bolt"
	"amtsbote/store/postgres"
)

// OpenStore unlocks the portal key and opens the store the configuration
// names: bbolt in the data directory, or PostgreSQL when c.Store is a
// postgres:// URL. It finishes a key rotation that was interrupted after
// the store was re-wrapped.
func OpenStore(c config.Config, log *slog.Logger) (*pgp.Portal, store.Store, error) {
	opts := pgp.Options{Dir: c.Data, Passphrase: []byte(c.KeyPassphrase), Log: log, Email: c.Email.Address}
	portal, err := pgp.LoadOrCreate(opts)
	if err != nil {
		return nil, nil, err
	}
	open := func(p *pgp.Portal) (store.Store, error) {
		db, err := bolt.Open(c.Data, p, bolt.Options{Log: log})
		if err != nil {
			return nil, err // no typed nil in the interface
		}
		return db, nil
	}
	wrongKey := bolt.ErrWrongKey
	if c.Postgres() {
		node, err := NodeID(c.Data)
		if err != nil {
			return nil, nil, err
		}
		open = func(p *pgp.Portal) (store.Store, error) {
			db, err := postgres.Open(context.Background(), string(c.Store), p, postgres.Options{Log: log, Node: node,
				Fanout: []string{webChannel}}) // a citizen's socket may be on any node
			if err != nil {
				return nil, err
			}
			return db, nil
		}
		wrongKey = postgres.ErrWrongKey
	}
	db, err := open(portal)
	if err == nil || !errors.Is(err, wrongKey) {
		return portal, db, err
	}
	next, nerr := pgp.LoadNext(opts)
	if nerr != nil {
		return nil, nil, err
	}
	db, nerr = open(next)
	if nerr != nil {
		return nil, nil, err
	}
	if _, cerr := pgp.CommitNext(c.Data, time.Now()); cerr != nil {
		db.Close()
		return nil, nil, cerr
	}
	log.Warn("finished an interrupted key rotation", "component", "app", "fingerprint", next.Fingerprint())
	return next, db, nil
}

// webChannel is the web chat's name (channels/web.Name, which app cannot
// import: the web chat's tests build the core through app).
const webChannel = "web"

// StoreName says which store c uses, for messages: never the URL, which may
// carry a password.
func StoreName(c config.Config) string {
	if c.Postgres() {
		return "PostgreSQL"
	}
	return fmt.Sprintf("bbolt in %s", c.Data)
}

// NodeFile names, in the data directory, the file that holds the node's
// name among the nodes on one PostgreSQL: kept across restarts, so that a
// node killed while sending takes its own outbox items back at once.
const NodeFile = "node-id"

// NodeID reads the node's name from dir, making one on first start.
func NodeID(dir string) (string, error) {
	path := filepath.Join(dir, NodeFile)
	if b, err := os.ReadFile(path); err == nil && len(bytes.TrimSpace(b)) > 0 {
		return string(bytes.TrimSpace(b)), nil
	}
	host, _ := os.Hostname()
	r := make([]byte, 4)
	_, _ = rand.Read(r)
	id := host + "-" + hex.EncodeToString(r)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("node name: %w", err)
	}
	if err := os.WriteFile(path, []byte(id+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("node name: %w", err)
	}
	return id, nil
}
