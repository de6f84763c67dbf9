package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
		open = func(p *pgp.Portal) (store.Store, error) {
			db, err := postgres.Open(context.Background(), string(c.Store), p, postgres.Options{Log: log})
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

// StoreName says which store c uses, for messages: never the URL, which may
// carry a password.
func StoreName(c config.Config) string {
	if c.Postgres() {
		return "PostgreSQL"
	}
	return fmt.Sprintf("bbolt in %s", c.Data)
}
