package wkd

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

func TestHashVector(t *testing.T) {
	// The example of the draft, section 3.1.
	local, domain, err := Split("Joe.Doe@Example.ORG")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Hash(local), "iy9q119eutrkn8s1mk4r39qejnbu3n5q"; got != want {
		t.Fatalf("Hash(%q) = %q, want %q", local, got, want)
	}
	if domain != "example.org" {
		t.Fatalf("domain = %q", domain)
	}
}

func TestURLs(t *testing.T) {
	urls, err := URLs("Joe.Doe@Example.ORG", "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"https://openpgpkey.example.org/.well-known/openpgpkey/example.org/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe",
		"https://example.org/.well-known/openpgpkey/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe",
	}
	if strings.Join(urls, "\n") != strings.Join(want, "\n") {
		t.Fatalf("URLs = %q", urls)
	}
	urls, _ = URLs("a@b.example", "http://127.0.0.1:9/{domain}/")
	if urls[0] != "http://127.0.0.1:9/b.example/.well-known/openpgpkey/hu/"+Hash("a")+"?l=a" {
		t.Fatalf("with base: %q", urls)
	}
}

func newKey(t *testing.T, email string) *crypto.Key {
	t.Helper()
	k, err := crypto.GenerateKey("Test", email, "x25519", 0)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestLookupAgainstLocalServerAndHandler(t *testing.T) {
	key := newKey(t, "joe.doe@example.org")
	pub, err := key.GetPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHandler("Joe.Doe@Example.ORG", pub)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	dir, err := NewClient(Options{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	got, err := dir.Lookup(context.Background(), "Joe.Doe@example.org")
	if err != nil {
		t.Fatal(err)
	}
	k, err := crypto.NewKey(got)
	if err != nil {
		t.Fatal(err)
	}
	if k.GetFingerprint() != key.GetFingerprint() {
		t.Fatal("looked-up key differs")
	}
	if k.IsPrivate() {
		t.Fatal("lookup returned private material")
	}

	if _, err := dir.Lookup(context.Background(), "someone.else@example.org"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown address: err = %v, want ErrNotFound", err)
	}

	for path, want := range map[string]int{
		"/.well-known/openpgpkey/policy":                               200,
		"/.well-known/openpgpkey/example.org/policy":                   200,
		"/.well-known/openpgpkey/example.org/hu/" + Hash("joe.doe"):    200,
		"/.well-known/openpgpkey/other.example/hu/" + Hash("joe.doe"):  404,
		"/.well-known/openpgpkey/hu/" + Hash("jane"):                   404,
		"/.well-known/openpgpkey/hu/" + Hash("joe.doe") + "/../policy": 404,
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
		if want == 200 && strings.Contains(path, "/hu/") && !bytes.Equal(body, pub) {
			t.Errorf("GET %s: body is not the key", path)
		}
	}
}

func TestFilterDropsKeysOfOtherAddresses(t *testing.T) {
	key := newKey(t, "mallory@example.org")
	pub, _ := key.GetPublicKey()
	if _, err := Filter(pub, "joe@example.org"); err == nil {
		t.Fatal("a key without the address was accepted")
	}
	armored, _ := key.GetArmoredPublicKey()
	if _, err := Filter([]byte(armored), "Mallory@Example.org"); err != nil {
		t.Fatalf("armored key with the address: %v", err)
	}
}
