package config

import (
	"errors"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// webhookSecretPattern is what Telegram accepts as a secret_token (1-256 of
// A-Z a-z 0-9 _ -), with at least 32 characters so it cannot be guessed.
var webhookSecretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{32,256}$`)

// Check validates the configuration; the error joins a *KeyError for every
// setting that is wrong.
func (c Config) Check() error {
	k := &checker{}
	if c.Data == "" {
		k.fail("data", "config.problem.not_empty")
	}
	k.listen("addr", c.Addr)
	if c.Store != "" && !c.Postgres() {
		k.fail("store", "config.problem.store")
	}
	if !c.MetricsOff() {
		k.listen("metrics_addr", c.MetricsAddr)
	}
	k.url("public_url", c.PublicURL, "http", "https")
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		k.fail("timezone", "config.problem.timezone", "err", err) // the library's error stays English
	}
	if c.CasePrefix == "" {
		k.fail("case_prefix", "config.problem.not_empty")
	}
	k.dir("services", c.Services)
	k.file("parking_zones", c.ParkingZones)
	k.file("offices", c.Offices)
	if c.Log.Format != "text" && c.Log.Format != "json" {
		k.fail("log.format", "config.problem.log_format", "value", quote(c.Log.Format))
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		k.fail("log.level", "config.problem.log_level", "value", quote(c.Log.Level))
	}
	c.checkTLS(k)
	c.checkWeb(k)
	c.checkChannels(k)
	c.checkRest(k)
	c.Site.check(k)
	return errors.Join(k.errs...)
}

func (c Config) checkTLS(k *checker) {
	if (c.TLS.Cert == "") != (c.TLS.Key == "") {
		k.fail("tls.key", "config.problem.tls_pair")
	}
	k.file("tls.cert", c.TLS.Cert)
	k.file("tls.key", c.TLS.Key)
	for _, p := range c.TLS.TrustedProxies {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				k.fail("tls.trusted_proxies", "config.problem.proxy", "value", quote(p))
			}
		}
	}
}

func (c Config) checkWeb(k *checker) {
	w := c.Web
	for _, o := range w.AllowedOrigins {
		if !isOrigin(o) {
			k.fail("web.allowed_origins", "config.problem.origin", "value", quote(o))
		}
	}
	k.positive("web.max_upload_bytes", float64(w.MaxUploadBytes))
	k.positive("web.rate_limit", w.RateLimit)
	k.positive("web.rate_burst", float64(w.RateBurst))
	k.notNegative("web.new_sessions_per_ip", w.NewSessionsPerIP)
	if w.NewSessionsPerIP > 0 {
		k.positive("web.new_sessions_window", float64(w.NewSessionsWindow))
		k.positive("web.new_sessions_burst", float64(w.NewSessionsBurst))
	} else {
		k.notNegative("web.new_sessions_window", int(w.NewSessionsWindow))
		k.notNegative("web.new_sessions_burst", w.NewSessionsBurst)
	}
	k.notNegative("web.max_connections_per_ip", w.MaxConnectionsPerIP)
	k.notNegative("web.max_connections_per_token", w.MaxConnectionsPerToken)
}

func (c Config) checkChannels(k *checker) {
	t := c.Telegram
	k.url("telegram.api_url", t.APIURL, "http", "https")
	k.url("telegram.webhook_url", t.WebhookURL, "https")
	if t.WebhookSecret != "" && !webhookSecretPattern.MatchString(string(t.WebhookSecret)) {
		k.fail("telegram.webhook_secret", "config.problem.webhook_secret")
	}
	e := c.Email
	if e.Address != "" {
		if a, err := mail.ParseAddress(e.Address); err != nil || a.Name != "" {
			k.fail("email.address", "config.problem.mail_address", "value", quote(e.Address))
		}
	}
	k.url("email.imap_url", string(e.IMAPURL), "imap", "imaps")
	k.url("email.smtp_url", string(e.SMTPURL), "smtp", "smtps", "submission")
	k.url("email.wkd_base_url", e.WKDBaseURL, "https", "http")
	k.positive("email.poll_interval", float64(e.PollInterval))
	if e.Mailbox == "" {
		k.fail("email.mailbox", "config.problem.mailbox")
	}
	k.positive("email.max_attachment_bytes", float64(e.MaxAttachmentBytes))
	k.positive("email.max_mail_plaintext_bytes", float64(e.MaxMailPlaintextBytes))
}

func (c Config) checkRest(k *checker) {
	k.notNegative("retention.conversation_days", c.Retention.ConversationDays)
	k.notNegative("retention.dedupe_days", c.Retention.DedupeDays)
	for _, status := range sortedKeys(c.Retention.CaseDays) {
		k.notNegative("retention.case_days."+status, c.Retention.CaseDays[status])
	}
	k.positive("http.read_timeout", float64(c.HTTP.ReadTimeout))
	k.positive("http.idle_timeout", float64(c.HTTP.IdleTimeout))
	for _, dept := range sortedKeys(c.Backoffice) {
		b, key := c.Backoffice[dept], "backoffice."+dept
		k.file(key+".public_key_file", b.PublicKeyFile)
		k.url(key+".webhook_url", string(b.WebhookURL), "https", "http")
		k.dir(key+".drop_dir", b.DropDir)
		if b.WebhookURL == "" && b.DropDir == "" {
			k.fail(key, "config.problem.backoffice")
		}
	}
}

// CheckDepartments checks that the departments the configuration names
// (staff.default_department, the keys of backoffice) are departments of
// the catalog; known reports whether one is. Like Load, the error names
// each key and, with path, its line in the file.
func (c Config) CheckDepartments(known func(id string) bool, path string) error {
	k := &checker{}
	if d := c.Staff.DefaultDepartment; d != "" && !known(d) {
		k.fail("staff.default_department", "config.problem.department", "value", quote(d))
	}
	for _, dept := range sortedKeys(c.Backoffice) {
		if !known(dept) {
			k.fail("backoffice."+dept, "config.problem.department", "value", quote(dept))
		}
	}
	err := errors.Join(k.errs...)
	if err == nil || path == "" {
		return err
	}
	var root yaml.Node
	if raw, rerr := os.ReadFile(path); rerr == nil {
		_ = yaml.Unmarshal(raw, &root)
	}
	return locate(err, path, &root)
}

// listen checks a listen address: host:port, the port a number.
func (k *checker) listen(key, addr string) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		k.fail(key, "config.problem.listen", "value", quote(addr))
		return
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || (n == 0 && port != "0") {
		k.fail(key, "config.problem.port", "value", quote(addr))
	}
	if host != "" && net.ParseIP(host) == nil && strings.ContainsAny(host, " /") {
		k.fail(key, "config.problem.host", "value", quote(addr))
	}
}

// url checks a URL when set: one of schemes, a host, no fragment.
func (k *checker) url(key, raw string, schemes ...string) {
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	if err != nil {
		k.fail(key, "config.problem.not_url") // the URL may hold a password: not repeated
		return
	}
	ok := false
	for _, s := range schemes {
		ok = ok || u.Scheme == s
	}
	switch {
	case !ok:
		k.fail(key, "config.problem.scheme", "scheme", quote(u.Scheme), "schemes", strings.Join(schemes, ", "))
	case u.Hostname() == "":
		k.fail(key, "config.problem.no_host")
	case u.Fragment != "":
		k.fail(key, "config.problem.fragment")
	}
}

// file and dir check that a named file or directory exists.
func (k *checker) file(key, path string) { k.exists(key, path, false) }
func (k *checker) dir(key, path string)  { k.exists(key, path, true) }

func (k *checker) exists(key, path string, dir bool) {
	if path == "" {
		return
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		k.fail(key, "config.problem.stat", "err", err) // os.Stat's error stays English
	case dir && !fi.IsDir():
		k.fail(key, "config.problem.not_dir", "path", path)
	case !dir && fi.IsDir():
		k.fail(key, "config.problem.is_dir", "path", path)
	}
}

func (k *checker) positive(key string, v float64) {
	if v <= 0 {
		k.fail(key, "config.problem.positive")
	}
}

func (k *checker) notNegative(key string, v int) {
	if v < 0 {
		k.fail(key, "config.problem.not_negative")
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for key := range m {
		out = append(out, key)
	}
	sort.Strings(out)
	return out
}

// isOrigin reports whether s is "*" or a web origin: http or https, a
// host, perhaps a port, no path beyond "/", no query or user.
func isOrigin(s string) bool {
	if s == "*" {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != "" &&
		(u.Path == "" || u.Path == "/") && u.User == nil && u.RawQuery == "" && u.Fragment == ""
}

// locate adds the file and line to every KeyError in err whose key is set
// in the file (root is the file's YAML).
func locate(err error, path string, root *yaml.Node) error {
	var all []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		all = j.Unwrap()
	} else {
		all = []error{err}
	}
	for _, e := range all {
		var ke *KeyError
		if errors.As(e, &ke) && path != "" {
			if line := lineOf(root, ke.Key); line > 0 {
				ke.File, ke.Line = path, line
			}
		}
	}
	return err
}

// lineOf is the line of the dotted key in the YAML document (or of the
// nearest enclosing key there), 0 if absent.
// A key under a map (backoffice.DEPT.webhook_url) walks the map's keys.
func lineOf(root *yaml.Node, key string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, part := range strings.Split(key, ".") {
		if n == nil || n.Kind != yaml.MappingNode {
			return line
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == part {
				line, next = n.Content[i].Line, n.Content[i+1]
				break
			}
		}
		if next == nil {
			return line // the nearest enclosing key that is in the file
		}
		n = next
	}
	return line
}
