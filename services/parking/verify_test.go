package parking

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"amtsbote/text"
)

// verifyFixture serves VerifyHandler on a mux as the lead mounts it, on a
// clock the test moves.
type verifyFixture struct {
	reg *Registry
	now time.Time
	srv http.Handler
}

func newVerifyFixture(t *testing.T) *verifyFixture {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data")
	}
	f := &verifyFixture{reg: NewRegistry(berlin), now: time.Date(2026, 6, 1, 10, 0, 0, 0, berlin)}
	f.reg.Put(samplePermit) // 2026-03-01 … 2027-02-28, code K7P3M9QX2A
	f.reg.Put(Permit{Ref: "AB-2025-000001", Code: "OLD2345678", Holder: "Erika Mustermann", Plate: "PB-X 1", Zone: "B",
		ZoneName: "Riemeke", ValidFrom: "2025-01-01", ValidUntil: "2025-12-31"})
	f.reg.Put(Permit{Ref: "AB-2026-000002", Code: "REV2345678", Plate: "PB-R 2", Zone: "A", ValidFrom: "2026-01-01", ValidUntil: "2026-12-31"})
	f.reg.Revoke("AB-2026-000002")
	f.reg.Put(Permit{Ref: "AB-2026-000003", Code: "NEW2345678", Plate: "PB-N 3", Zone: "C", ValidFrom: "2026-09-01", ValidUntil: "2027-08-31"})
	mux := http.NewServeMux()
	mux.Handle("GET /verify/{code}", VerifyHandler(f.reg, berlin, func() time.Time { return f.now }))
	f.srv = mux
	return f
}

func (f *verifyFixture) get(path, accept, ip string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	req.RemoteAddr = ip + ":4711"
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec
}

func TestVerifyJSON(t *testing.T) {
	f := newVerifyFixture(t)
	for _, tc := range []struct {
		code   string
		status int
		want   verifyResult
	}{
		{"K7P3M9QX2A", 200, verifyResult{true, "PB-ÄB 123", "A", "Innenstadt", "2026-03-01", "2027-02-28", "valid"}},
		{"k7p3m-9qx2a", 200, verifyResult{true, "PB-ÄB 123", "A", "Innenstadt", "2026-03-01", "2027-02-28", "valid"}},
		{"OLD2345678", 200, verifyResult{false, "PB-X 1", "B", "Riemeke", "2025-01-01", "2025-12-31", "expired"}},
		{"REV2345678", 200, verifyResult{false, "PB-R 2", "A", "", "2026-01-01", "2026-12-31", "revoked"}},
		{"NEW2345678", 200, verifyResult{false, "PB-N 3", "C", "", "2026-09-01", "2027-08-31", "not-yet-valid"}},
		{"ZZZZ222222", 404, verifyResult{Status: "unknown"}},
		{"%3Cb%3E", 404, verifyResult{Status: "unknown"}},
	} {
		rec := f.get("/verify/"+tc.code, "application/json", "192.0.2.1")
		var got verifyResult
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != tc.status || got != tc.want {
			t.Errorf("%s: %d %+v (%v), want %d %+v", tc.code, rec.Code, got, err, tc.status, tc.want)
		}
		if rec.Header().Get("Cache-Control") != "no-store" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			t.Errorf("%s: headers %v", tc.code, rec.Header())
		}
	}
	// The day of validity is the city's: 23:30 UTC on 28 Feb 2027 is already 1 March in Berlin.
	f.now = time.Date(2027, 2, 28, 23, 30, 0, 0, time.UTC)
	if rec := f.get("/verify/K7P3M9QX2A", "application/json", "192.0.2.1"); !strings.Contains(rec.Body.String(), `"status":"expired"`) {
		t.Errorf("after the last day in Berlin: %s", rec.Body)
	}
	f.now = time.Date(2027, 2, 28, 22, 30, 0, 0, time.UTC)
	if rec := f.get("/verify/K7P3M9QX2A", "application/json", "192.0.2.1"); !strings.Contains(rec.Body.String(), `"status":"valid"`) {
		t.Errorf("on the last day in Berlin: %s", rec.Body)
	}
}

func TestVerifyHTML(t *testing.T) {
	f := newVerifyFixture(t)
	rec := f.get("/verify/K7P3M9QX2A", "text/html,application/xhtml+xml,*/*;q=0.8", "192.0.2.1")
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	for _, want := range []string{"Gültig", "PB-ÄB 123", "Innenstadt", "28.02.2027", "K7P3M9QX2A", `href="verify.css"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, secret := range []string{"Jürgen", "Ößmann", "Königstraße", "AB-2026-000042", "<script", "style="} {
		if strings.Contains(body, secret) {
			t.Errorf("page shows %q", secret)
		}
	}
	h := rec.Header()
	if h.Get("Cache-Control") != "no-store" || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") ||
		h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("headers %v", h)
	}
	for code, want := range map[string]string{"OLD2345678": "abgelaufen: er galt bis einschließlich 31.12.2025",
		"REV2345678": "Widerrufen", "NEW2345678": "erst ab 01.09.2026", "ZZZZ222222": "unbekannter Prüfcode"} {
		if rec := f.get("/verify/"+code, "", "192.0.2.2"); !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s: page lacks %q", code, want)
		}
	}
	rec = f.get("/verify/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "", "192.0.2.3")
	if rec.Code != 404 || strings.Contains(rec.Body.String(), "alert") {
		t.Errorf("odd code: %d %s", rec.Code, rec.Body)
	}
	css := f.get("/verify/verify.css", "", "192.0.2.3")
	if css.Code != 200 || !strings.HasPrefix(css.Header().Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet: %d %v", css.Code, css.Header())
	}
}

func TestVerifyRateLimit(t *testing.T) {
	f := newVerifyFixture(t)
	for i := range guessBurst {
		if rec := f.get("/verify/ZZZZ22222"+string(rune('A'+i)), "application/json", "198.51.100.7"); rec.Code != 404 {
			t.Fatalf("guess %d: %d", i, rec.Code)
		}
	}
	rec := f.get("/verify/K7P3M9QX2A", "application/json", "198.51.100.7")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" ||
		!strings.Contains(rec.Body.String(), `"status":"rate-limited"`) || strings.Contains(rec.Body.String(), "PB-") {
		t.Errorf("after %d guesses: %d %v %s", guessBurst, rec.Code, rec.Header(), rec.Body)
	}
	if rec := f.get("/verify/K7P3M9QX2A", "", "198.51.100.8"); rec.Code != 200 {
		t.Errorf("another client refused: %d", rec.Code)
	}
	// An officer checking many real permits is never refused.
	for i := range 3 * guessBurst {
		if rec := f.get("/verify/K7P3M9QX2A", "", "2001:db8:1:2::"+string(rune('a'+i%6))); rec.Code != 200 {
			t.Fatalf("check %d refused: %d", i, rec.Code)
		}
	}
	// One IPv6 /64 is one client.
	for i := range guessBurst {
		f.get("/verify/ZZZZ22222"+string(rune('A'+i)), "", "2001:db8:1:2::"+string(rune('a'+i%6)))
	}
	if rec := f.get("/verify/K7P3M9QX2A", "", "2001:db8:1:2::ffff"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("same /64: %d", rec.Code)
	}
	f.now = f.now.Add(4 * time.Second)
	if rec := f.get("/verify/K7P3M9QX2A", "", "198.51.100.7"); rec.Code != 200 {
		t.Errorf("after the refill: %d", rec.Code)
	}
}

func TestGuessLimiterSweep(t *testing.T) {
	l := newGuessLimiter(1, 2)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.Allow("a", t0)
	l.Allow("b", t0)
	if l.Len() != 2 {
		t.Fatalf("%d buckets", l.Len())
	}
	l.Allow("c", t0.Add(sweepInterval))
	if l.Len() != 1 {
		t.Errorf("%d buckets after the sweep, want 1", l.Len())
	}
	for i := range maxGuessers + 5 {
		l.Allow(string(rune(i)), t0.Add(sweepInterval))
	}
	if l.Len() > maxGuessers {
		t.Errorf("%d buckets, over the bound", l.Len())
	}
}

func TestWantsJSON(t *testing.T) {
	for accept, want := range map[string]bool{
		"application/json": true, "text/html, application/json;q=0.5": true, "application/json; q=0": false,
		"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8": false, "": false, "*/*": false,
	} {
		if wantsJSON(accept) != want {
			t.Errorf("wantsJSON(%q) = %v", accept, !want)
		}
	}
}

// TestVerifyPageTexts: the page's words are the catalog's, a city's
// overrides included.
func TestVerifyPageTexts(t *testing.T) {
	dir := t.TempDir()
	po := "msgid \"parking.verify.valid\"\nmsgstr \"Gültig – gute Fahrt\"\n\nmsgid \"parking.verify.kind\"\nmsgstr \"Anwohnerparkausweis\"\n"
	if err := os.WriteFile(filepath.Join(dir, "de.po"), []byte(po), 0o600); err != nil {
		t.Fatal(err)
	}
	texts, err := text.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	f := newVerifyFixture(t)
	f.srv = NewVerifier(VerifyOptions{Permits: f.reg, Location: time.UTC, Now: func() time.Time { return f.now }, Texts: texts})
	rec := f.get("/verify/K7P3M9QX2A", "", "192.0.2.1")
	body := rec.Body.String()
	for _, want := range []string{"<title>Gültig – gute Fahrt – Anwohnerparkausweis</title>", `<p lang="en">Valid</p>`,
		`<span lang="en">Resident parking permit</span>`, "Prüfcode K7P3M9QX2A · geprüft am 01.06.2026, 08:00 Uhr"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
}
