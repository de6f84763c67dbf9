package postgres

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"amtsbote/pgp"
	"amtsbote/store"
	"amtsbote/store/seal"
)

// Errors of Open.
var (
	// ErrNewerSchema is returned for a database migrated by a newer Amtsbote.
	ErrNewerSchema = errors.New("the database was migrated by a newer version of Amtsbote")
	// ErrWrongKey is returned when the portal key does not open the
	// database's index key: another key, or an interrupted rotation.
	ErrWrongKey = errors.New("the portal key does not open this database")
	// ErrUnreachable is returned when no PostgreSQL server answers the URL
	// (wrong host, port, database, user or password).
	ErrUnreachable = errors.New("cannot connect to PostgreSQL")
	// ErrPermission is returned when the database user may not create or
	// change the schema.
	ErrPermission = errors.New("the database user lacks a permission the store needs")
)

// DB is the PostgreSQL store.
type DB struct {
	pool    *pgxpool.Pool
	portal  *pgp.Portal
	index   seal.Index
	keys    *keyCache
	log     *slog.Logger
	closed  atomic.Bool
	node    string          // this process's name on the database
	lease   time.Duration   // how long an outbox item taken is this node's
	fanout  map[string]bool // channels whose delivered items go to fanout
	notes   *notifier       // tells the other nodes of this node's turns
	noteSeq atomic.Uint64   // numbers the turn notes (TurnNote.Seq)
}

// randomNode names a process: host and a random suffix.
func randomNode() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return host + "-" + hex.EncodeToString(b)
}

// Node is this process's name among the nodes on the database.
func (d *DB) Node() string { return d.node }

// Options tune the store.
type Options struct {
	Log *slog.Logger
	// MaxConns is the pool's size; 0 takes pool_max_conns from the URL
	// when it names one, else DefaultMaxConns.
	MaxConns int32
	// ConnectTimeout bounds connecting and migrating at Open; 0 means 10s.
	ConnectTimeout time.Duration
	// Node names this process among the nodes on the database (outbox
	// leases); "" makes a random name.
	Node string
	// Lease is how long an outbox item taken for sending is left to its
	// node; 0 means 45s (longer than a send may take).
	Lease time.Duration
	// Fanout names the channels whose delivered items the other nodes
	// show too (the web chat: a citizen's socket may be on any node).
	Fanout []string
}

// DefaultMaxConns is the pool's size on a node of procs CPUs: 8 a CPU,
// at least 8 and at most 32. A turn holds its connection for two round
// trips and the COMMIT's WAL flush, time in which the node's CPU is free,
// and PostgreSQL flushes the commits of concurrent sessions together, so a
// pool of one connection a CPU (pgxpool's default) leaves the node waiting
// for connections. 32 keeps two nodes (and their LISTEN and election
// connections) well under PostgreSQL's default max_connections of 100.
func DefaultMaxConns(procs int) int32 {
	return int32(min(max(8*procs, 8), 32))
}

// Open connects to the database at url (a postgres:// URL or key=value
// string), applies the embedded migrations under an advisory lock and
// loads the index key, creating it on first start.
func Open(ctx context.Context, url string, portal *pgp.Portal, opts Options) (*DB, error) {
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The parse error may quote the URL with its password: leave it out.
		return nil, fmt.Errorf("store: %w: the database URL is not valid", ErrUnreachable)
	}
	switch {
	case opts.MaxConns > 0:
		cfg.MaxConns = opts.MaxConns
	case !strings.Contains(url, "pool_max_conns"):
		cfg.MaxConns = DefaultMaxConns(runtime.GOMAXPROCS(0))
	}
	timeout := opts.ConnectTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	cfg.ConnConfig.ConnectTimeout = timeout
	cfg.AfterConnect = inUTC
	where := fmt.Sprintf("%s:%d/%s as %s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, cfg.ConnConfig.User)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: %w at %s: %w", ErrUnreachable, where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: %w at %s: %w", ErrUnreachable, where, err)
	}
	d := &DB{pool: pool, portal: portal, keys: newKeyCache(50_000), log: log.With("component", "store"),
		node: opts.Node, lease: opts.Lease}
	if d.node == "" {
		d.node = randomNode()
	}
	if d.lease <= 0 {
		d.lease = 45 * time.Second
	}
	d.fanout = map[string]bool{}
	for _, ch := range opts.Fanout {
		d.fanout[ch] = true
	}
	if err := migrate(ctx, pool, d.log); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: %s: %w", where, err)
	}
	if err := d.loadIndexKey(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: %s: %w", where, err)
	}
	d.notes = newNotifier(pool, d.log)
	return d, nil
}

// inUTC makes a connection hand out times in UTC, as store/bolt does,
// whatever the node's or the server's time zone.
func inUTC(_ context.Context, c *pgx.Conn) error {
	m := c.TypeMap()
	tz := &pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID, Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}}
	m.RegisterType(tz)
	m.RegisterType(&pgtype.Type{Name: "_timestamptz", OID: pgtype.TimestamptzArrayOID, Codec: &pgtype.ArrayCodec{ElementType: tz}})
	return nil
}

// loadIndexKey reads the sealed index key, writing a new one when there is
// none; of two nodes starting together the first insert wins.
func (d *DB) loadIndexKey(ctx context.Context) error {
	_, sealed, err := seal.NewIndexKey(d.portal)
	if err != nil {
		return err
	}
	if _, err := d.pool.Exec(ctx, `INSERT INTO meta (name, value) VALUES ('index-key', $1) ON CONFLICT (name) DO NOTHING`, sealed); err != nil {
		return fmt.Errorf("index key: %w", classify(err))
	}
	var stored []byte
	if err := d.pool.QueryRow(ctx, `SELECT value FROM meta WHERE name = 'index-key'`).Scan(&stored); err != nil {
		return fmt.Errorf("index key: %w", classify(err))
	}
	raw, err := seal.OpenIndexKey(d.portal, stored)
	if err != nil {
		return fmt.Errorf("%w (wrong key for this database, or an interrupted key rotation): %v", ErrWrongKey, err)
	}
	d.index = seal.NewIndex(raw)
	return nil
}

// Close closes the pool after the running queries.
func (d *DB) Close() error {
	if d.closed.Swap(true) {
		return nil
	}
	d.notes.close() // the notes of the turns committed so far go first
	d.pool.Close()
	return nil
}

// pingTimeout bounds Ping, so that /readyz answers while the server is
// unreachable instead of waiting for a connect to time out.
const pingTimeout = 3 * time.Second

// Ping checks that the database answers and holds the schema.
func (d *DB) Ping() error {
	if d.closed.Load() {
		return store.ErrClosed
	}
	ctx, cancel := context.WithTimeout(context.Background(), pingTimeout)
	defer cancel()
	var v int
	err := d.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	if v == 0 {
		return errors.New("store: ping: the schema is missing")
	}
	return nil
}

// bg is the context of the methods the core calls without one (reads).
func bg() context.Context { return context.Background() }

// tx runs fn in a transaction and commits; a serialization failure or a
// deadlock PostgreSQL broke runs fn again, so fn must only touch tx.
func (d *DB) tx(ctx context.Context, fn func(pgx.Tx) error) error {
	if d.closed.Load() {
		return store.ErrClosed
	}
	for attempt := 0; ; attempt++ {
		err := pgx.BeginTxFunc(ctx, d.pool, pgx.TxOptions{}, fn)
		if err == nil || attempt >= 4 || !retryable(err) || ctx.Err() != nil {
			return err
		}
	}
}

// retryable reports a serialization failure or a deadlock.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// classify turns a permission error into ErrPermission.
func classify(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42501" {
		return fmt.Errorf("%w: %s (the user needs CREATE on the schema for the migrations, or start once as its owner)", ErrPermission, pe.Message)
	}
	return err
}

// lockKey is the 64-bit advisory lock of a kind of object and its name.
func lockKey(kind, name string) int64 {
	h := sha256.Sum256([]byte(kind + "\x00" + name))
	return int64(binary.BigEndian.Uint64(h[:8]))
}

// lock takes the transaction-scoped advisory locks of keys in ascending
// order, so two transactions taking overlapping sets never deadlock.
func lock(ctx context.Context, tx pgx.Tx, keys ...int64) error {
	keys = slices.Clone(keys)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	for _, k := range keys {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, k); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
	}
	return nil
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// timeOf reads a nullable time: NULL is the zero time.
func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// notFound maps pgx.ErrNoRows to store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}
