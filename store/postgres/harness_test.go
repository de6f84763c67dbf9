package postgres_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"

	"amtsbote/internal/pgtest"
)

// testDatabase is a database of its own for one test (internal/pgtest):
// dropped when the test ends; without a server the test is skipped, unless
// CI is "true".
func testDatabase(t *testing.T) string { return pgtest.Database(t) }

// execSQL runs one statement on the database at u.
func execSQL(t *testing.T, u, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, sql, args...); err != nil {
		t.Fatal(fmt.Errorf("%s: %w", sql, err))
	}
}

// withDatabase returns base with its database replaced by name.
func withDatabase(t *testing.T, base, name string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
