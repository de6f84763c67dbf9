// Package storetest is the conformance suite every store implementation
// passes: store/bolt today, a PostgreSQL store next. It plays the part
// go-imap's backend/memory plays for its backends: the contract, written as
// tests. The suite speaks only the methods of Store and the types of
// package store; no test reaches into an implementation. What only an
// implementation can show (the bytes it keeps at rest, how its key is
// rotated) comes in through the optional hooks of Harness.
//
// An implementation runs it from a test of its own:
//
//	func TestConformance(t *testing.T) { storetest.Run(t, opener) }
package storetest

import (
	"testing"

	"amtsbote/store"
)

// Store is the contract the suite checks: store.Store, every method the
// core calls on its store. consumers_test.go checks that it covers the
// consumers' interfaces, so a method a consumer adds is a method the suite
// must know.
type Store = store.Store

// Harness is one store under test, on data of its own.
type Harness struct {
	// Open opens the store: empty the first time, the same data again on
	// every later call (after Close).
	Open func(t *testing.T) Store
	// Close closes the store Open returned last.
	Close func(t *testing.T)
	// RawBytes, optional, returns every byte the implementation keeps at
	// rest (bbolt: the file; a database: a dump of its tables). The suite
	// calls it only while the store is closed. Nil skips the checks that
	// nothing personal is readable in them.
	RawBytes func(t *testing.T) []byte
	// RotateKey, optional, moves the closed store to a new key (the portal
	// key's rotation); the next Open uses the new key. Nil skips the test.
	RotateKey func(t *testing.T)
}

// Opener makes a Harness on fresh, empty data for one test. It may use
// t.TempDir and t.Cleanup.
type Opener func(t *testing.T) Harness

// Run runs every contract as a subtest, each on a store of its own.
func Run(t *testing.T, open Opener) {
	groups := []struct {
		name  string
		tests []contract
	}{
		{"turns", turnContracts},
		{"outbox", outboxContracts},
		{"bookings", bookingContracts},
		{"cases", caseContracts},
		{"staff", staffContracts},
		{"staffconvs", staffConvContracts},
		{"erase", eraseContracts},
		{"keys", keyContracts},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, c := range g.tests {
				t.Run(c.name, func(t *testing.T) { c.run(t, start(t, open)) })
			}
		})
	}
}

// contract is one subtest of the suite.
type contract struct {
	name string
	run  func(t *testing.T, e *env)
}
