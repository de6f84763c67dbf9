package migrate

import (
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"amtsbote/pgp"
	"amtsbote/store/bolt"
)

// Source reads a --from value "bolt:DIR" and returns DIR.
func Source(from string) (string, error) {
	dir, ok := strings.CutPrefix(from, "bolt:")
	if !ok || dir == "" {
		return "", refusal("", nil, "migrate.source", "value", strconv.Quote(from))
	}
	return dir, nil
}

// Target checks a --to value: a postgres:// (or postgresql://) URL. The
// error never quotes it: it may carry a password.
func Target(to string) error {
	if !strings.HasPrefix(to, "postgres://") && !strings.HasPrefix(to, "postgresql://") {
		return refusal("", nil, "migrate.target")
	}
	return nil
}

// Portal opens the portal key in the node's data directory dir, after
// checking that dir holds a store and the key: it never makes a key.
func Portal(dir string, passphrase []byte, log *slog.Logger) (*pgp.Portal, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, refusal("migrate: source: ", err, "migrate.unreadable", "err", err)
	} else if !fi.IsDir() {
		return nil, refusal("migrate: source: ", nil, "migrate.not_dir", "dir", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, bolt.FileName)); err != nil {
		return nil, refusal("migrate: source: ", bolt.ErrNoStore, "migrate.no_store", "dir", dir, "file", bolt.FileName)
	}
	if _, err := os.Stat(filepath.Join(dir, pgp.KeyFile)); err != nil {
		return nil, refusal("migrate: source: ", nil, "migrate.no_key", "dir", dir, "file", pgp.KeyFile)
	}
	p, err := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: passphrase, Log: log})
	if err != nil {
		return nil, refusal("migrate: source: ", err, "migrate.key", "err", err)
	}
	return p, nil
}
