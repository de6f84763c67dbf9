package backoffice

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/pgp"
	"amtsbote/services/business"
)

// fixture is a portal key, a department key pair and the catalog.
type fixture struct {
	portal     *pgp.Portal
	portalPub  *crypto.KeyRing // to verify signatures with
	deptPriv   *crypto.KeyRing // the department's, to decrypt with
	deptPubArm string
	cat        *catalog.Catalog
	logs       *bytes.Buffer
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	portal, err := pgp.LoadOrCreate(pgp.Options{Dir: t.TempDir(), Passphrase: []byte("test"), Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{portal: portal, logs: &bytes.Buffer{}}
	arm, err := portal.ArmoredPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	f.portalPub = ring(t, arm)
	key, err := crypto.GenerateKey("Gewerbeamt", "gewerbeamt@musterstadt.example", "x25519", 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.deptPriv, err = crypto.NewKeyRing(key); err != nil {
		t.Fatal(err)
	}
	if f.deptPubArm, err = key.GetArmoredPublicKey(); err != nil {
		t.Fatal(err)
	}
	if f.cat, err = catalog.Builtin(); err != nil {
		t.Fatal(err)
	}
	return f
}

func ring(t *testing.T, armored string) *crypto.KeyRing {
	t.Helper()
	k, err := crypto.NewKeyFromArmored(armored)
	if err != nil {
		t.Fatal(err)
	}
	r, err := crypto.NewKeyRing(k)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f fixture) sender(t *testing.T, deps map[string]Department) *Sender {
	t.Helper()
	s, err := New(Options{Portal: f.portal, Forms: business.Forms{Catalog: f.cat}, Departments: deps,
		Log: slog.New(slog.NewTextHandler(f.logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// open decrypts a hand-off and checks the portal's signature.
// opened is a Record as a department's software reads it, with the GewA
// record of a business case.
type opened struct {
	Record
	GewA *business.Record `json:"gewa,omitempty"`
}

func (f fixture) open(t *testing.T, armored []byte) opened {
	t.Helper()
	msg, err := crypto.NewPGPMessageFromArmored(string(armored))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := f.deptPriv.Decrypt(msg, f.portalPub, crypto.GetUnixTime())
	if err != nil {
		t.Fatalf("decrypt and verify: %v", err)
	}
	var r opened
	if err := json.Unmarshal(plain.GetBinary(), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// item is the outbox item the gateway makes for case c.
func item(t *testing.T, id, dept string, c cases.Case) channels.Delivery {
	t.Helper()
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return channels.Delivery{ID: id, Conversation: "conv-1", Address: dept, Created: c.Created,
		Message: channels.Outbound{From: channels.FromSystem, Text: c.Ref,
			Attachments: []channels.Attachment{{Name: c.Ref + ".json", MediaType: "application/json", Data: data}}}}
}

var businessCase = cases.Case{Ref: "AB-2026-000042", Service: "business-registration", Status: cases.Submitted,
	Created: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC), Secret: "K7P3M9QX", Department: "gewerbeamt",
	Answers: map[string]string{"last_name": "Müller", "first_names": "Anna", "sex": "female",
		"activity": "Einzelhandel mit Fahrrädern", "start_date": "2026-04-01", "fee": "26"}}

func TestWebhookDecryptsAndVerifies(t *testing.T) {
	f := newFixture(t)
	var got []byte
	var hdr http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		hdr = r.Header
	}))
	defer srv.Close()
	s := f.sender(t, map[string]Department{"gewerbeamt": {PublicKey: f.deptPubArm, WebhookURL: srv.URL + "/in?token=s3cret"}})
	if err := s.Send(context.Background(), item(t, "out-1", "gewerbeamt", businessCase)); err != nil {
		t.Fatal(err)
	}
	if hdr.Get("Content-Type") != "application/pgp-encrypted" || hdr.Get("X-Amtsbote-Case") != "AB-2026-000042" ||
		hdr.Get("X-Amtsbote-Delivery") != "out-1" {
		t.Errorf("headers %v", hdr)
	}
	if bytes.Contains(got, []byte("Müller")) || !bytes.HasPrefix(got, []byte("-----BEGIN PGP MESSAGE-----")) {
		t.Fatalf("not an armored encrypted message: %.80q", got)
	}
	r := f.open(t, got)
	if r.Ref != businessCase.Ref || r.Service != "business-registration" || r.Department != "gewerbeamt" ||
		r.Status != "submitted" || !r.Created.Equal(businessCase.Created) || r.Answers["last_name"] != "Müller" ||
		r.Portal != f.portal.Fingerprint() || r.Version != RecordVersion {
		t.Errorf("record %+v", r)
	}
	if r.GewA == nil || r.GewA.Form != "GewA1" {
		t.Fatalf("GewA record %+v", r.GewA)
	}
	found := false
	for _, fl := range r.GewA.Fields {
		found = found || (fl.No == "5" && fl.Value == "weiblich")
	}
	if !found {
		t.Errorf("GewA fields lack sex as field 5: %+v", r.GewA.Fields)
	}
	plain, _ := json.Marshal(r)
	if bytes.Contains(plain, []byte("K7P3M9QX")) {
		t.Error("the case's access code was handed off")
	}
	if strings.Contains(f.logs.String(), "Müller") || strings.Contains(f.logs.String(), "s3cret") {
		t.Errorf("personal data or the webhook token in the logs: %s", f.logs)
	}
}

func TestWebhookStatuses(t *testing.T) {
	f := newFixture(t)
	status, retry := 0, ""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if retry != "" {
			w.Header().Set("Retry-After", retry)
		}
		if status == http.StatusFound {
			w.Header().Set("Location", "https://elsewhere.example/")
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	s := f.sender(t, map[string]Department{"gewerbeamt": {PublicKey: f.deptPubArm, WebhookURL: srv.URL + "/?token=s3cret"}})
	for _, tc := range []struct {
		status    int
		retry     string
		permanent bool
		after     time.Duration
	}{
		{500, "", false, 0}, {503, "", false, 0}, {408, "", false, 0}, {429, "7", false, 7 * time.Second},
		{400, "", true, 0}, {403, "", true, 0}, {404, "", true, 0}, {302, "", true, 0}, {204, "", false, 0},
	} {
		status, retry = tc.status, tc.retry
		err := s.Send(context.Background(), item(t, "out-2", "gewerbeamt", businessCase))
		if tc.status == 204 {
			if err != nil {
				t.Errorf("204: %v", err)
			}
			continue
		}
		if err == nil || channels.IsPermanent(err) != tc.permanent {
			t.Errorf("%d: err %v, want permanent=%v", tc.status, err, tc.permanent)
			continue
		}
		if after, _ := channels.RetryAfter(err); after != tc.after {
			t.Errorf("%d: retry after %v, want %v", tc.status, after, tc.after)
		}
		if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "Müller") {
			t.Errorf("%d: error tells too much: %v", tc.status, err)
		}
	}
	srv.Close() // the network fails: temporary
	if err := s.Send(context.Background(), item(t, "out-2", "gewerbeamt", businessCase)); err == nil || channels.IsPermanent(err) ||
		strings.Contains(err.Error(), "s3cret") {
		t.Errorf("network error: %v", err)
	}
}

func TestDropDir(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	s := f.sender(t, map[string]Department{"gewerbeamt": {PublicKey: f.deptPubArm, DropDir: dir}})
	d := item(t, "out-3", "gewerbeamt", businessCase)
	if err := s.Send(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "AB-2026-000042.json.asc")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	if r := f.open(t, data); r.Ref != businessCase.Ref || r.GewA == nil {
		t.Errorf("record %+v", r)
	}
	// The same item again (a retry after a crash): success, file untouched.
	if err := s.Send(context.Background(), d); err != nil {
		t.Errorf("re-delivery: %v", err)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, data) {
		t.Error("re-delivery rewrote the file")
	}
	// Another hand-off of the same case is refused, not overwritten.
	if err := s.Send(context.Background(), item(t, "out-4", "gewerbeamt", businessCase)); !channels.IsPermanent(err) {
		t.Errorf("another hand-off: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the drop directory, want 1", len(entries))
	}
	// A missing directory (a share not mounted) is temporary and not created.
	s = f.sender(t, map[string]Department{"gewerbeamt": {PublicKey: f.deptPubArm, DropDir: filepath.Join(dir, "gone")}})
	if err := s.Send(context.Background(), d); err == nil || channels.IsPermanent(err) {
		t.Errorf("missing drop directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "gone")); err == nil {
		t.Error("the drop directory was created")
	}
}

func TestNoKeyNoPlaintext(t *testing.T) {
	f := newFixture(t)
	hit := false
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	defer srv.Close()
	dir := t.TempDir()
	s := f.sender(t, map[string]Department{"gewerbeamt": {WebhookURL: srv.URL, DropDir: dir}})
	err := s.Send(context.Background(), item(t, "out-5", "gewerbeamt", businessCase))
	if !channels.IsPermanent(err) || !strings.Contains(err.Error(), "gewerbeamt") || strings.Contains(err.Error(), "Müller") {
		t.Errorf("err %v", err)
	}
	if entries, _ := os.ReadDir(dir); hit || len(entries) != 0 {
		t.Error("something was handed off without a key")
	}
}

func TestNothingConfigured(t *testing.T) {
	f := newFixture(t)
	s := f.sender(t, map[string]Department{"gewerbeamt": {PublicKey: f.deptPubArm}})
	for _, dept := range []string{"gewerbeamt", "gewerbeamt", "buergerbuero", ""} {
		if err := s.Send(context.Background(), item(t, "out-6", dept, businessCase)); err != nil {
			t.Errorf("%q: %v", dept, err)
		}
	}
	if n := strings.Count(f.logs.String(), "no hand-off configured"); n != 3 {
		t.Errorf("logged %d times, want once per department: %s", n, f.logs)
	}
	if s.Handles("gewerbeamt") || s.Handles("buergerbuero") {
		t.Error("Handles without a webhook or drop directory")
	}
}

func TestBadItems(t *testing.T) {
	f := newFixture(t)
	s := f.sender(t, map[string]Department{"gewerbeamt": {PublicKey: f.deptPubArm, DropDir: t.TempDir()}})
	bad := item(t, "out-7", "gewerbeamt", businessCase)
	bad.Message.Attachments = nil
	evil := businessCase
	evil.Ref = "../../etc/passwd"
	for _, d := range []channels.Delivery{bad, item(t, "out-8", "gewerbeamt", evil)} {
		if err := s.Send(context.Background(), d); !channels.IsPermanent(err) {
			t.Errorf("%s: %v", d.ID, err)
		}
	}
	// A case the catalog does not know goes without the GewA record.
	other := businessCase
	other.Service, other.Ref = "business-unknown", "AB-2026-000043"
	var got []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got, _ = io.ReadAll(r.Body) }))
	defer srv.Close()
	s = f.sender(t, map[string]Department{"gewerbeamt": {PublicKey: f.deptPubArm, WebhookURL: srv.URL}})
	if err := s.Send(context.Background(), item(t, "out-9", "gewerbeamt", other)); err != nil {
		t.Fatal(err)
	}
	if r := f.open(t, got); r.GewA != nil || r.Answers["activity"] == "" {
		t.Errorf("record %+v", r)
	}
}

func TestDropDirAmendmentGetsItsOwnFile(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	s := f.sender(t, map[string]Department{"gewerbeamt": {PublicKey: f.deptPubArm, DropDir: dir}})
	if err := s.Send(context.Background(), item(t, "out-3", "gewerbeamt", businessCase)); err != nil {
		t.Fatal(err)
	}
	amended := businessCase
	amended.Status, amended.Amended = cases.InReview, []string{"activity"}
	d := item(t, "out-9", "gewerbeamt", amended)
	for range 2 { // the second time is a re-delivery: success, nothing new
		if err := s.Send(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("%d files in the drop directory, want the case and its amendment", len(entries))
	}
	data, err := os.ReadFile(filepath.Join(dir, "AB-2026-000042.amended-out-9.json.asc"))
	if err != nil {
		t.Fatal(err)
	}
	if r := f.open(t, data); r.Ref != businessCase.Ref || len(r.Amended) != 1 || r.Amended[0] != "activity" || r.Status != cases.InReview {
		t.Errorf("amendment record %+v", r)
	}
}
