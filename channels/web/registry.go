package web

import "sync"

// registry maps resume tokens to their live connections (one per tab).
type registry struct {
	mu    sync.Mutex
	conns map[string][]*conn
	max   int // connections per token at most; 0: no cap
}

// add registers cn for token; false, and nothing registered, when token
// has max connections already.
func (r *registry) add(token string, cn *conn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.max > 0 && len(r.conns[token]) >= r.max {
		return false
	}
	r.conns[token] = append(r.conns[token], cn)
	return true
}

func (r *registry) remove(token string, cn *conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	list := r.conns[token]
	for i, x := range list {
		if x == cn {
			list = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(r.conns, token)
		return
	}
	r.conns[token] = list
}

// list returns a copy of token's connections.
func (r *registry) list(token string) []*conn {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*conn(nil), r.conns[token]...)
}
