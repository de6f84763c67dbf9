package gateway

// ForgetConversations drops deleted conversations (retention, erasure)
// from the cache of committed states, so that no dialog state of theirs
// stays in memory. A turn that runs meanwhile recreates its conversation
// in the store anyway; that race belongs to the deleting caller.
func (g *Gateway) ForgetConversations(ids ...string) {
	for _, id := range ids {
		g.cache.put(id, nil)
	}
}
