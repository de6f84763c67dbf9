package app

import (
	"errors"
	"log/slog"
	"time"

	"amtsbote/config"
	"amtsbote/pgp"
	"amtsbote/store/bolt"
)

// OpenStore unlocks the portal key and opens the store, finishing a key
// rotation that was interrupted after the store was re-wrapped.
func OpenStore(c config.Config, log *slog.Logger) (*pgp.Portal, *bolt.DB, error) {
	opts := pgp.Options{Dir: c.Data, Passphrase: []byte(c.KeyPassphrase), Log: log, Email: c.Email.Address}
	portal, err := pgp.LoadOrCreate(opts)
	if err != nil {
		return nil, nil, err
	}
	db, err := bolt.Open(c.Data, portal, bolt.Options{Log: log})
	if err == nil || !errors.Is(err, bolt.ErrWrongKey) {
		return portal, db, err
	}
	next, nerr := pgp.LoadNext(opts)
	if nerr != nil {
		return nil, nil, err
	}
	db, nerr = bolt.Open(c.Data, next, bolt.Options{Log: log})
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
