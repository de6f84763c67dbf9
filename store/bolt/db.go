// Package bolt is the store on one bbolt file. Everything a person wrote or
// the bot answered is sealed with the conversation's OpenPGP session key
// before it is written; look-up keys built from addresses and message ids are
// HMACs, so the file holds no personal data in plaintext.
package bolt

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/pgp"
	"amtsbote/store/seal"
)

// SchemaVersion is the layout version this code writes.
const SchemaVersion = 1

// FileName is the store's file in the data directory.
const FileName = "amtsbote.db"

var (
	bMeta       = []byte("meta")
	bConvs      = []byte("conversations")
	bKeys       = []byte("keys")
	bEndpoints  = []byte("endpoints")
	bTranscript = []byte("transcript")
	bDedupe     = []byte("dedupe")
	bOutbox     = []byte("outbox")
	bDead       = []byte("deadletter")
	bCases      = []byte("cases")

	kSchema   = []byte("schema")
	kIndexKey = []byte("index-key")
)

// ErrNewerSchema is returned for a file written by a newer Amtsbote.
var ErrNewerSchema = errors.New("the store was written by a newer version of Amtsbote")

// ErrInUse is returned when another process holds the store open.
var ErrInUse = errors.New("the store is in use by another process")

// DB is the bbolt store.
type DB struct {
	// mu guards db: readers hold it shared; compaction swaps the file
	// under it exclusively. Reads go through view, writes through w.
	mu       sync.RWMutex
	db       *bbolt.DB
	opts     *bbolt.Options
	portal   *pgp.Portal
	indexKey []byte
	keys     *keyCache
	w        *writer
	outbox   outboxIndex // what is in the outbox, for Due (outbox_index.go)
	log      *slog.Logger
	closed   atomic.Bool
}

// Options tune the store.
type Options struct {
	Log *slog.Logger
	// MaxBatch is the most turns one commit takes (group commit); 0 means 128.
	MaxBatch int
	// NoSync skips fsync; only for benchmarks that measure everything else.
	NoSync bool
}

// Open opens (or creates) the store in dir, sealing with portal's key.
func Open(dir string, portal *pgp.Portal, opts Options) (*DB, error) {
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data dir: %w", err)
	}
	path := filepath.Join(dir, FileName)
	bopts := &bbolt.Options{
		Timeout:      time.Second,
		FreelistType: bbolt.FreelistMapType,
		NoSync:       opts.NoSync,
	}
	bdb, err := bbolt.Open(path, 0o600, bopts)
	if errors.Is(err, bbolt.ErrTimeout) {
		return nil, fmt.Errorf("store: open %s: %w", path, ErrInUse)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: the file is not a valid Amtsbote store (corrupt or not a bbolt file): %w", path, err)
	}
	d := &DB{db: bdb, opts: bopts, portal: portal, keys: newKeyCache(50_000), log: log.With("component", "store")}
	if err := d.init(); err != nil {
		bdb.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	maxBatch := opts.MaxBatch
	if maxBatch <= 0 {
		maxBatch = 128
	}
	d.w = startWriter(d, maxBatch)
	return d, nil
}

// init checks the schema, creates the buckets and loads the index key.
func (d *DB) init() error {
	var sealedIndexKey []byte
	err := d.db.Update(func(tx *bbolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bMeta)
		if err != nil {
			return err
		}
		if v := meta.Get(kSchema); v != nil {
			n, err := strconv.Atoi(string(v))
			if err != nil {
				return fmt.Errorf("schema version %q is unreadable: the file is corrupt", v)
			}
			if n > SchemaVersion {
				return fmt.Errorf("%w (schema %d, this version reads up to %d)", ErrNewerSchema, n, SchemaVersion)
			}
		} else if err := meta.Put(kSchema, []byte(strconv.Itoa(SchemaVersion))); err != nil {
			return err
		}
		for _, b := range [][]byte{bConvs, bKeys, bEndpoints, bTranscript, bDedupe, bOutbox, bDead, bCases} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if v := meta.Get(kIndexKey); v != nil {
			sealedIndexKey = append([]byte{}, v...)
			return nil
		}
		raw, sealed, err := seal.NewIndexKey(d.portal)
		if err != nil {
			return err
		}
		d.indexKey = raw
		return meta.Put(kIndexKey, sealed)
	})
	if err != nil {
		return err
	}
	if d.indexKey == nil {
		k, err := seal.OpenIndexKey(d.portal, sealedIndexKey)
		if err != nil {
			return fmt.Errorf("%w (wrong key for this data dir, or an interrupted key rotation): %v", ErrWrongKey, err)
		}
		d.indexKey = k
	}
	return nil
}

// Close stops the writer after the queued writes and closes the file.
func (d *DB) Close() error {
	if d.closed.Swap(true) {
		return nil
	}
	d.w.stop()
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Path is the store file's path.
func (d *DB) Path() string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.db.Path()
}

// view runs fn in a read transaction.
func (d *DB) view(fn func(tx *bbolt.Tx) error) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.db.View(fn)
}

// update runs fn in a write transaction; only the writer goroutine calls it.
func (d *DB) update(fn func(tx *bbolt.Tx) error) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.db.Update(fn)
}

// mac returns the look-up key for a kind of index and its parts.
func (d *DB) mac(kind string, parts ...string) []byte {
	return seal.NewIndex(d.indexKey).MAC(kind, parts...)
}
