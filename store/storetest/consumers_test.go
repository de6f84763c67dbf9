package storetest_test

import (
	"amtsbote/answers/live"
	"amtsbote/channels/email"
	"amtsbote/channels/telegram"
	"amtsbote/channels/web"
	"amtsbote/gateway"
	"amtsbote/metrics"
	"amtsbote/ratings"
	"amtsbote/staff"
	"amtsbote/store/storetest"
)

// The suite's Store covers every interface the core declares for its
// store: a method a consumer adds fails this build until the suite knows it.
var (
	_ gateway.Store       = storetest.Store(nil)
	_ gateway.Outbox      = storetest.Store(nil)
	_ gateway.CaseNumbers = storetest.Store(nil)
	_ gateway.Transcripts = storetest.Store(nil)
	_ staff.Store         = storetest.Store(nil)
	_ staff.BookingStore  = storetest.Store(nil)
	_ metrics.Source      = storetest.Store(nil)
	_ web.StateStore      = storetest.Store(nil)
	_ telegram.StateStore = storetest.Store(nil)
	_ email.StateStore    = storetest.Store(nil)
	_ live.KV             = storetest.Store(nil)
	_ ratings.KV          = storetest.Store(nil)
)
