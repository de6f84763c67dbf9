package postgres_test

import (
	"testing"

	"amtsbote/store/postgres"
)

// The pool keeps 8 connections a CPU, at least 8 and at most 32, so that
// two nodes stay well under PostgreSQL's default max_connections.
func TestDefaultMaxConns(t *testing.T) {
	for procs, want := range map[int]int32{0: 8, 1: 8, 2: 16, 3: 24, 4: 32, 64: 32} {
		if got := postgres.DefaultMaxConns(procs); got != want {
			t.Errorf("DefaultMaxConns(%d) = %d, want %d", procs, got, want)
		}
	}
}
