package app

import "context"

// elector is a store several nodes share that elects one of them for a
// job (store/postgres: a session advisory lock).
type elector interface {
	Elect(ctx context.Context, name string, fn func(ctx context.Context) error) error
}

// Singleton runs fn on exactly one of the nodes sharing the store until ctx
// ends: Telegram long polling, the IMAP poller, retention. Another node
// takes over within seconds when the holder dies. On a store of one node
// it simply runs fn.
func (a *App) Singleton(ctx context.Context, name string, fn func(ctx context.Context) error) error {
	if e, ok := a.DB.(elector); ok {
		return e.Elect(ctx, name, fn)
	}
	return fn(ctx)
}
