package wkd

import (
	"net/http"
	"strings"
)

// Handler serves one address's key from a Web Key Directory: the direct
// method (/.well-known/openpgpkey/hu/<hash>), the advanced method
// (/.well-known/openpgpkey/<domain>/hu/<hash>) and the policy files both
// methods require. key is the binary public key.
type Handler struct {
	hash   string
	domain string
	key    []byte
}

// NewHandler returns a handler publishing key for address.
func NewHandler(address string, key []byte) (*Handler, error) {
	local, domain, err := Split(address)
	if err != nil {
		return nil, err
	}
	return &Handler{hash: Hash(local), domain: domain, key: key}, nil
}

// ServeHTTP answers GET and HEAD requests below /.well-known/openpgpkey/.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/.well-known/openpgpkey/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	// The advanced method puts the domain first.
	if d, after, found := strings.Cut(rest, "/"); found && d != "hu" && d != "policy" {
		if !strings.EqualFold(d, h.domain) {
			http.NotFound(w, r)
			return
		}
		rest = after
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	switch {
	case rest == "policy":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	case rest == "hu/"+h.hash:
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(h.key)
	default:
		http.NotFound(w, r)
	}
}
