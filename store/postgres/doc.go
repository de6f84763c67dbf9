// Package postgres is the store on PostgreSQL, for running Amtsbote as
// several nodes behind one load balancer. It passes the same conformance
// suite as store/bolt (store/storetest) and keeps its promises.
//
// # Privacy
//
// Everything a person wrote or the bot answered (transcript entries, dialog
// state, outbox bodies, case answers and review notes, case-history notes,
// internal notes, booking persons, dead letters' reasons) is stored in
// bytea columns as OpenPGP packets sealed with the conversation's session
// key, exactly as bolt seals them; the key is stored wrapped to the portal
// key (conv_keys). Addresses, message ids, channel-state keys and access
// codes are HMACs under an index key that meta holds sealed to the portal
// key (package store/seal, shared with bolt). Channel-state values are
// encrypted to the portal key. Plaintext columns hold ids, references,
// statuses, times and staff records only.
//
// # Order and atomicity across nodes
//
// A turn runs in one transaction that first takes
// pg_advisory_xact_lock on a 64-bit hash of its conversation id: an
// advisory lock rather than SELECT … FOR UPDATE because a conversation's
// first turn has no row yet. Under it the transcript's Seq counter
// (conversations.last_seq) runs 1, 2, 3…, and the method returns after
// COMMIT (synchronous_commit stays on), so nothing is acknowledged before
// it is durable. Bookings lock their reference and every slot they take
// the same way, in ascending key order after the conversation, so two
// turns booking one slot count one after the other. Staff claims take an
// advisory lock on the conversation's staff record; login attempts lock
// their counter's row. A deadlock or serialization failure PostgreSQL
// reports runs the transaction again.
//
// # Outbox and several nodes
//
// Every channel's items take their ids from one sequence (formatted
// %016x). Due reads, per channel in id order, the items whose time came
// that no earlier non-scheduled item of their conversation holds back
// (waiting for a retry, or being sent by another node), locks them with
// SELECT … FOR UPDATE SKIP LOCKED and leases them to this node (leased_by,
// leased_until): no other node gets them until they are delivered or
// retried, or the lease runs out because the node died. The nodes take
// their leases of a channel one after the other (a transaction advisory
// lock per channel). A node sends the items its own turns wrote; another
// takes them only when they are overdue (the writer died first).
//
// Nodes tell each other what they commit with pg_notify at COMMIT, ids
// only: a turn's conversation and references (TurnsChannel), and the ids
// of delivered web items copied, still sealed, to fanout (FanoutChannel),
// which the other nodes show on their sockets. Announce tells them of a
// change outside a turn, after its commit (EventsChannel: a staff
// console's live event, a published answer). Listen follows them on a
// connection of its own and reconnects; FanoutAfter catches up. Channel
// values changed by several nodes (the answers' versions and ratings) are
// read, changed and written under an advisory lock on the value
// (UpdateChannelState). Elect runs
// a singleton (Telegram polling, IMAP, retention) under a session advisory
// lock. Case numbers come from a counter row (NextCaseNumber).
//
// # Erasure, WAL and backups
//
// Delete removes the conversation's wrapped key and every row of it
// (bookings stay, their person unreadable); Compact runs VACUUM on those
// tables. What VACUUM cannot reach keeps the old bytes: WAL segments until
// they are recycled, WAL archives, replicas and base backups. Those hold
// only ciphertext under a key that no longer exists anywhere, and MACs.
//
// # Moving an installation in
//
// AdoptIndexKey and the Load methods (load.go, load_records.go) take the
// records another store hands out as they are at rest (store/seal's
// records, from bolt.Export): sealed bytes, wrapped keys and MACs are
// written unopened under the adopted index key. Each call is one
// transaction and skips what is stored already, so that package migrate
// can run a move again to complete it.
//
// # Schema
//
// migrations/NNNN_*.sql are embedded and applied at Open, forward only,
// each step in a transaction recorded in schema_migrations, under a
// session advisory lock so that nodes starting together migrate once. A
// database migrated by a newer binary is refused (ErrNewerSchema).
package postgres
