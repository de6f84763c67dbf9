package migrate

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"amtsbote/pgp"
	"amtsbote/store/bolt"
)

// Source reads a --from value "bolt:DIR" and returns DIR.
func Source(from string) (string, error) {
	dir, ok := strings.CutPrefix(from, "bolt:")
	if !ok || dir == "" {
		return "", fmt.Errorf("the source must be bolt:DIR, the stopped node's data directory (got %q)", from)
	}
	return dir, nil
}

// Target checks a --to value: a postgres:// (or postgresql://) URL. The
// error never quotes it: it may carry a password.
func Target(to string) error {
	if !strings.HasPrefix(to, "postgres://") && !strings.HasPrefix(to, "postgresql://") {
		return errors.New("the target must be a postgres:// URL (postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE)")
	}
	return nil
}

// Portal opens the portal key in the node's data directory dir, after
// checking that dir holds a store and the key: it never makes a key.
func Portal(dir string, passphrase []byte, log *slog.Logger) (*pgp.Portal, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("migrate: source: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("migrate: source: %s is not a directory", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, bolt.FileName)); err != nil {
		return nil, fmt.Errorf("migrate: source: %w in %s (%s is missing)", bolt.ErrNoStore, dir, bolt.FileName)
	}
	if _, err := os.Stat(filepath.Join(dir, pgp.KeyFile)); err != nil {
		return nil, fmt.Errorf("migrate: source: no portal key in %s (%s is missing)", dir, pgp.KeyFile)
	}
	p, err := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: passphrase, Log: log})
	if err != nil {
		return nil, fmt.Errorf("migrate: source: %w", err)
	}
	return p, nil
}
