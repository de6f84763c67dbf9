package bolt

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	bbolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the whole store to w while it keeps
// serving (one read transaction).
func (d *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := d.view(func(tx *bbolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

// BackupClosed copies the store in dir to w when no server has it open.
// It fails with ErrInUse when one does.
func BackupClosed(dir string, w io.Writer) (int64, error) {
	path := filepath.Join(dir, FileName)
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	if errors.Is(err, bbolt.ErrTimeout) {
		return 0, fmt.Errorf("store: backup: %w", ErrInUse)
	}
	if err != nil {
		return 0, fmt.Errorf("store: backup: open %s: %w", path, err)
	}
	defer db.Close()
	var n int64
	err = db.View(func(tx *bbolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

// CheckFile verifies that path is a store this version can read.
func CheckFile(path string) error {
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	if err != nil {
		return fmt.Errorf("store: %s is not a valid Amtsbote store: %w", path, err)
	}
	defer db.Close()
	return db.View(func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil || meta.Get(kSchema) == nil || meta.Get(kIndexKey) == nil {
			return fmt.Errorf("store: %s is a bbolt file but not an Amtsbote store", path)
		}
		n, err := strconv.Atoi(string(meta.Get(kSchema)))
		if err != nil {
			return fmt.Errorf("store: %s: unreadable schema version", path)
		}
		if n > SchemaVersion {
			return fmt.Errorf("store: %s: %w (schema %d)", path, ErrNewerSchema, n)
		}
		return nil
	})
}

// Restore replaces the store in dir with the backup at src. It refuses when
// a server has the store open, and checks the backup before touching
// anything; the old file is kept beside it as amtsbote.db.before-restore.
func Restore(src, dir string) error {
	if err := CheckFile(src); err != nil {
		return err
	}
	dst := filepath.Join(dir, FileName)
	if _, err := os.Stat(dst); err == nil {
		// Holding the write lock proves no server runs on this store.
		db, err := bbolt.Open(dst, 0o600, &bbolt.Options{Timeout: 500 * time.Millisecond})
		if errors.Is(err, bbolt.ErrTimeout) {
			return fmt.Errorf("store: restore: %w; stop the server first", ErrInUse)
		}
		if err == nil {
			db.Close()
		}
		if err := os.Rename(dst, dst+".before-restore"); err != nil {
			return fmt.Errorf("store: restore: keep the old store: %w", err)
		}
	}
	if err := copyFileSync(src, dst+".restoring"); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := os.Rename(dst+".restoring", dst); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}

func copyFileSync(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
