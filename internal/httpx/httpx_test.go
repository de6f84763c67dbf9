package httpx

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	p, err := ParseProxies([]string{"10.0.0.0/8", "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	var gotAddr string
	var gotSecure bool
	h := p.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAddr, gotSecure = r.RemoteAddr, IsSecure(r)
	}))
	cases := []struct {
		remote, xff, proto string
		wantAddr           string
		wantSecure         bool
	}{
		{"127.0.0.1:5000", "203.0.113.7", "https", "203.0.113.7:0", true},
		{"127.0.0.1:5000", "198.51.100.1, 203.0.113.7, 10.1.2.3", "https", "203.0.113.7:0", true},
		{"192.0.2.9:5000", "203.0.113.7", "https", "192.0.2.9:5000", false}, // not a proxy: ignored
		{"127.0.0.1:5000", "", "http", "127.0.0.1:5000", false},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		r.Header.Set("X-Forwarded-Proto", c.proto)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if gotAddr != c.wantAddr || gotSecure != c.wantSecure {
			t.Errorf("%+v: addr %q secure %v", c, gotAddr, gotSecure)
		}
		if hsts := w.Header().Get("Strict-Transport-Security"); (hsts != "") != c.wantSecure {
			t.Errorf("%+v: HSTS %q", c, hsts)
		}
	}
	if _, err := ParseProxies([]string{"not-an-ip"}); err == nil {
		t.Fatal("accepted a bad proxy address")
	}
}

func TestClientKey(t *testing.T) {
	p, err := ParseProxies([]string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	var got netip.Prefix
	h := p.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = ClientKey(r) }))
	cases := []struct{ remote, xff, want string }{
		{"192.0.2.9:5000", "", "192.0.2.9/32"},
		{"192.0.2.9:5000", "203.0.113.7", "192.0.2.9/32"}, // not a proxy: the header is ignored
		{"127.0.0.1:5000", "203.0.113.7", "203.0.113.7/32"},
		{"[::ffff:192.0.2.9]:5000", "", "192.0.2.9/32"},
		{"[2001:db8:1:2:3:4:5:6]:5000", "", "2001:db8:1:2::/64"},
		{"[fe80::1%eth0]:5000", "", "fe80::/64"},
		{"127.0.0.1:5000", "2001:db8:1:2::99", "2001:db8:1:2::/64"},
		{"@", "", "invalid Prefix"}, // a unix socket: one shared key
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got.String() != c.want {
			t.Errorf("%+v: key %v", c, got)
		}
	}
}
