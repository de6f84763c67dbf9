package parking

import (
	"encoding/json"
	"html/template"
	"net"
	"net/http"
	"net/netip"
	"path"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"amtsbote/internal/limit"
	"amtsbote/services/say"
	"amtsbote/text"
)

// The answers of the verify page (the "status" of its JSON).
const (
	verifyValid       = "valid"
	verifyNotYetValid = "not-yet-valid" // a renewal that starts later
	verifyExpired     = "expired"
	verifyRevoked     = "revoked"
	verifyUnknown     = "unknown"
	verifyLimited     = "rate-limited"
)

// stylesheetName is the page's stylesheet, served by the same handler
// next to the codes ("/verify/verify.css"; no code has a dot).
const stylesheetName = "verify.css"

// verifyResult is the JSON answer of GET /verify/{code}.
type verifyResult struct {
	Valid      bool   `json:"valid"`
	Plate      string `json:"plate"`
	Zone       string `json:"zone"`
	ZoneName   string `json:"zone_name"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until"`
	Status     string `json:"status"`
}

// VerifyHandler answers GET /verify/{code} (mount it with that pattern,
// or any pattern whose last path segment is the code): whether the permit
// with the verification code is valid today in time zone loc, for which
// plate and zone, and until when. It is meant for a parking officer's
// phone: an HTML page, or JSON when the request accepts application/json:
//
//	{"valid":true,"plate":"PB-AB 123","zone":"A","zone_name":"Innenstadt",
//	 "valid_from":"2026-03-01","valid_until":"2027-02-28","status":"valid"}
//
// status is valid, not-yet-valid (a renewal that starts later), expired,
// revoked, unknown (HTTP 404) or rate-limited (HTTP 429).
//
// Data minimisation: the answer never names the holder or the address;
// whoever has the code (anyone who reads the card behind the windscreen)
// learns only what the card itself shows. Answers are not cached
// (Cache-Control: no-store), and the page sends no Referer onwards.
//
// Guessing codes is slowed per client address (IPv6 per /64): unknown
// codes spend a token of a small bucket, known ones do not, so an officer
// checking many cars is never refused. Behind a reverse proxy the client
// address must already be in RemoteAddr (internal/httpx does this).
//
// The page is German with English, as the permit is: its words are the
// catalog's parking.verify.* in German and English.
func VerifyHandler(r *Registry, loc *time.Location, now func() time.Time) http.Handler {
	return NewVerifier(VerifyOptions{Permits: r, Location: loc, Now: now})
}

// VerifyOptions configure the verify page (see VerifyHandler).
type VerifyOptions struct {
	Permits  *Registry
	Location *time.Location   // the city's time zone; nil: UTC
	Now      func() time.Time // nil: time.Now
	Texts    say.Texts        // the text catalog (parking.verify.*); nil: the built-in one
}

// NewVerifier is VerifyHandler with the city's texts.
func NewVerifier(o VerifyOptions) http.Handler {
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &verifier{reg: o.Permits, loc: o.Location, now: o.Now, texts: say.Or(o.Texts),
		limit: newGuessLimiter(guessRate, guessBurst)}
}

// verifier is the handler VerifyHandler returns.
type verifier struct {
	reg   *Registry
	loc   *time.Location
	now   func() time.Time
	texts say.Texts
	limit *limit.Keyed[string] // unknown codes per client
}

func (v *verifier) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	raw := req.PathValue("code")
	if raw == "" {
		raw = path.Base(req.URL.Path)
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if raw == stylesheetName {
		h.Set("Content-Type", "text/css; charset=utf-8")
		h.Set("Cache-Control", "public, max-age=86400")
		_, _ = w.Write([]byte(verifyCSS))
		return
	}
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Accept")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

	now := v.now()
	ip := clientKey(req.RemoteAddr)
	// A token is spent before the lookup (so parallel guesses cannot all
	// pass one check) and given back when the code is known.
	guess := v.limit.Reserve(ip, now)
	if wait := guess.DelayFrom(now); wait > 0 {
		guess.CancelAt(now)
		h.Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		v.respond(w, req, http.StatusTooManyRequests, verifyResult{Status: verifyLimited}, "", now)
		return
	}
	code, shaped := normalizeCode(raw)
	var p Permit
	found := false
	if shaped && v.reg != nil {
		p, found = v.reg.ByCode(code)
	}
	if !found {
		if !shaped {
			code = "" // never echo what is not a code
		}
		v.respond(w, req, http.StatusNotFound, verifyResult{Status: verifyUnknown}, code, now)
		return
	}
	guess.CancelAt(now)
	res := verifyResult{Plate: p.Plate, Zone: p.Zone, ZoneName: p.ZoneName, ValidFrom: p.ValidFrom, ValidUntil: p.ValidUntil}
	today := now.In(v.loc).Format(time.DateOnly)
	switch {
	case p.Revoked:
		res.Status = verifyRevoked
	case today < p.ValidFrom:
		res.Status = verifyNotYetValid
	case today > p.ValidUntil:
		res.Status = verifyExpired
	default:
		res.Status, res.Valid = verifyValid, true
	}
	v.respond(w, req, http.StatusOK, res, code, now)
}

// respond writes res as JSON or as the HTML page.
func (v *verifier) respond(w http.ResponseWriter, req *http.Request, status int, res verifyResult, code string, now time.Time) {
	if wantsJSON(req.Header.Get("Accept")) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(res)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = verifyPage.Execute(w, v.pageOf(res, code, now.In(v.loc)))
}

// wantsJSON reports whether an Accept header asks for application/json
// (browsers never do).
func wantsJSON(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		media, params, _ := strings.Cut(part, ";")
		if strings.EqualFold(strings.TrimSpace(media), "application/json") {
			for _, param := range strings.Split(params, ";") {
				k, val, _ := strings.Cut(strings.TrimSpace(param), "=")
				if q, err := strconv.ParseFloat(val, 64); k == "q" && err == nil && q <= 0 {
					return false
				}
			}
			return true
		}
	}
	return false
}

// normalizeCode reads a code as typed on a phone ("k7p3m-9qx2a"); shaped
// is false when it cannot be a code at all.
func normalizeCode(s string) (code string, shaped bool) {
	if len(s) > 64 {
		return "", false
	}
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(s))
	if len(s) < 4 || len(s) > 32 {
		return "", false
	}
	for _, c := range s {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return "", false
		}
	}
	return s, true
}

// verifyView is what the HTML page shows: German, and English where the
// field's name ends in En.
type verifyView struct {
	Class, Heading, HeadingEn, Detail, DetailEn string
	Plate, Zone, ZoneName, From, Until          string
	Kind, KindEn, PlateLabel, PlateLabelEn      string
	ZoneLabel, ValidLabel, ValidLabelEn         string
	CodeLine, CheckedLine                       string
}

// verdicts are the page's words for each status: its class and the text
// keys of heading and detail; {from} and {until} are the days of validity.
var verdicts = map[string][3]string{
	verifyValid:       {"ok", "parking.verify.valid", "parking.verify.valid_detail"},
	verifyNotYetValid: {"warn", "parking.verify.not_yet", "parking.verify.not_yet_detail"},
	verifyExpired:     {"bad", "parking.verify.expired", "parking.verify.expired_detail"},
	verifyRevoked:     {"bad", "parking.verify.revoked", "parking.verify.revoked_detail"},
	verifyUnknown:     {"bad", "parking.verify.unknown", "parking.verify.unknown_detail"},
	verifyLimited:     {"warn", "parking.verify.limited", "parking.verify.limited_detail"},
}

func (v *verifier) pageOf(res verifyResult, code string, now time.Time) verifyView {
	de := func(key string, args ...any) string { return v.texts.Text(text.De, key, args...) }
	en := func(key string, args ...any) string { return v.texts.Text(text.En, key, args...) }
	day := func(d string) string { // German, as the card prints it
		if t, err := time.Parse(time.DateOnly, d); err == nil {
			return v.texts.Time(text.De, "date.date", t)
		}
		return d
	}
	w := verdicts[res.Status]
	p := verifyView{Class: w[0], Plate: res.Plate, Zone: res.Zone, ZoneName: res.ZoneName,
		From: day(res.ValidFrom), Until: day(res.ValidUntil),
		Heading: de(w[1]), HeadingEn: en(w[1]),
		Detail:   de(w[2], "from", day(res.ValidFrom), "until", day(res.ValidUntil)),
		DetailEn: en(w[2], "from", day(res.ValidFrom), "until", day(res.ValidUntil)),
		Kind:     de("parking.verify.kind"), KindEn: en("parking.verify.kind"),
		PlateLabel: de("parking.verify.plate"), PlateLabelEn: en("parking.verify.plate"),
		ZoneLabel: de("parking.verify.zone"), ValidLabel: de("parking.verify.valid_dates"), ValidLabelEn: en("parking.verify.valid_dates"),
		CheckedLine: de("parking.verify.checked", "time", v.texts.Time(text.De, "date.date", now)+", "+now.Format("15:04"))}
	if code != "" {
		p.CodeLine = de("parking.verify.code", "code", code)
	}
	return p
}

var verifyPage = template.Must(template.New("verify").Parse(`<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Heading}} – {{.Kind}}</title>
<link rel="stylesheet" href="` + stylesheetName + `">
</head>
<body>
<main>
<p class="kind">{{.Kind}} · <span lang="en">{{.KindEn}}</span></p>
<div class="status {{.Class}}"><h1>{{.Heading}}</h1><p lang="en">{{.HeadingEn}}</p></div>
{{if .Plate}}<dl>
<dt>{{.PlateLabel}} <span lang="en">{{.PlateLabelEn}}</span></dt><dd class="plate">{{.Plate}}</dd>
<dt>{{.ZoneLabel}}</dt><dd>{{.Zone}}{{with .ZoneName}} – {{.}}{{end}}</dd>
<dt>{{.ValidLabel}} <span lang="en">{{.ValidLabelEn}}</span></dt><dd>{{.From}} – {{.Until}}</dd>
</dl>{{end}}
<p>{{.Detail}}</p>
<p class="en" lang="en">{{.DetailEn}}</p>
<p class="meta">{{with .CodeLine}}{{.}} · {{end}}{{.CheckedLine}}</p>
</main>
</body>
</html>
`))

const verifyCSS = `body{margin:0;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#141414;background:#f4f6f8}
main{max-width:32rem;margin:0 auto;padding:1rem}
.kind{color:#555;font-size:.9rem;margin:.5rem 0}
.status{border-radius:.5rem;padding:1rem;color:#fff}
.status h1{margin:0;font-size:2rem}
.status p{margin:.25rem 0 0;opacity:.9}
.ok{background:#1b6e2e}.bad{background:#a61b1b}.warn{background:#8a5a00}
dl{background:#fff;border-radius:.5rem;padding:1rem;margin:1rem 0}
dt{color:#555;font-size:.85rem}dt span,.en{color:#666;font-style:italic}
dd{margin:0 0 .75rem;font-size:1.2rem;font-weight:600}
.plate{font-size:2rem;letter-spacing:.05em}
.meta{color:#555;font-size:.85rem}
`

// Guessing codes: a bucket of guessBurst unknown codes per client, refilled
// at guessRate a second (20 at once, then one every 3 s).
const (
	guessRate     = 1.0 / 3
	guessBurst    = 20
	maxGuessers   = 10_000          // clients tracked at most
	sweepInterval = 1 * time.Minute // how often full buckets are dropped
)

// newGuessLimiter is a token bucket per client (limit.Keyed). Buckets that
// are full again are dropped by a sweep at most every sweepInterval; when
// maxGuessers clients are tracked all the same, new clients share one
// bucket, so memory stays bounded and guessing stays slow.
func newGuessLimiter(perSecond float64, burst int) *limit.Keyed[string] {
	return limit.NewKeyed[string](limit.Config{Rate: rate.Limit(perSecond), Burst: burst,
		Max: maxGuessers, Sweep: sweepInterval})
}

// clientKey is the limiter's key for a client address: the IP, for IPv6
// its /64 (one household or phone has a whole /64).
func clientKey(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
