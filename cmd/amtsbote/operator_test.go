package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"amtsbote/config"
)

// A fresh server's /metrics has every vector of its channels, services and
// statuses at 0, the build, the store's state and HTTP metrics by route
// pattern; the access log names route patterns, never query strings or
// addresses; the start log says where to go and how to add staff.
func TestFreshServerMetricsAndLogs(t *testing.T) {
	at, logs := serving(t, t.TempDir(), nil)
	fresh := get(t, "http://"+at.Metrics+"/metrics")
	for _, want := range []string{
		`amtsbote_messages_in_total{channel="web"} 0`, `amtsbote_messages_in_total{channel="staff"} 0`,
		`amtsbote_turns_failed_total{channel="web"} 0`, `amtsbote_outbox_dead_total{channel="web"} 0`,
		`amtsbote_outbox_depth{channel="web"} 0`, `amtsbote_connections_open{kind="web"} 0`,
		`amtsbote_cases{service="meter-reading",status="submitted"} 0`, `amtsbote_store_up 1`,
		`amtsbote_build_info{go_version="go1.`, `amtsbote_escalations_waiting 0`,
	} {
		if !strings.Contains(fresh, want) {
			t.Errorf("a fresh server's /metrics lacks %s", want)
		}
	}
	get(t, "http://"+at.Addr+"/healthz?secret=yes")
	get(t, "http://"+at.Addr+"/verify/ABCDEF")
	after := get(t, "http://"+at.Metrics+"/metrics")
	for _, want := range []string{
		`amtsbote_http_requests_total{code="200",route="GET /healthz"} 1`,
		`amtsbote_http_request_duration_seconds_count{route="GET /healthz"} 1`,
		`amtsbote_http_requests_total{code="404",route="GET /verify/{code}"} 1`,
	} {
		if !strings.Contains(after, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, grep(after, "amtsbote_http"))
		}
	}
	l := logs.String()
	for _, want := range []string{`msg="http request" component=http method=GET route="GET /healthz" status=200 duration_ms=`,
		`route="GET /verify/{code}" status=404`, "chat_url=http://127.0.0.1:", "console_url=http://127.0.0.1:",
		"/staff/", "no staff account yet; make the first admin (also while the server runs) with: amtsbote staff add NAME --admin"} {
		if !strings.Contains(l, want) {
			t.Errorf("the log lacks %q:\n%s", want, l)
		}
	}
	if strings.Contains(l, "secret=yes") || strings.Contains(l, "ABCDEF") || strings.Contains(l, "client=") {
		t.Errorf("the access log shows a query, a path value or an address:\n%s", l)
	}
}

func grep(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestAccessLogOffAndClientIP(t *testing.T) {
	at, logs := serving(t, t.TempDir(), func(c *config.Config) { c.Log.Access = false })
	get(t, "http://"+at.Addr+"/healthz")
	if strings.Contains(logs.String(), "http request") {
		t.Fatalf("access log while off:\n%s", logs.String())
	}
	at, logs = serving(t, t.TempDir(), func(c *config.Config) { c.Log.AccessClientIP = true })
	get(t, "http://"+at.Addr+"/healthz")
	if !strings.Contains(logs.String(), "client=127.0.0.1:") {
		t.Fatalf("no client address though configured:\n%s", logs.String())
	}
}

// `amtsbote health` exits 0 against a ready server and 1 against none.
func TestHealthCommand(t *testing.T) {
	at, _ := serving(t, t.TempDir(), nil)
	if code, out, errOut := cli(t, "", "health", "--url", "http://"+at.Addr+"/readyz"); code != 0 || !strings.Contains(out, "ready") {
		t.Fatalf("health of a ready server: exit %d %s%s", code, out, errOut)
	}
	if code, _, _ := cli(t, "", "health", "--addr-unused-check"); code != 2 {
		t.Fatalf("an unknown flag: exit %d", code)
	}
	t.Setenv("AMTSBOTE_ADDR", "0.0.0.0:"+strings.Split(at.Addr, ":")[1])
	if code, out, errOut := cli(t, "", "health"); code != 0 || !strings.Contains(out, "http://127.0.0.1:") {
		t.Fatalf("health from addr: exit %d %s%s", code, out, errOut)
	}
	t.Setenv("AMTSBOTE_ADDR", "127.0.0.1:1")
	if code, _, errOut := cli(t, "", "health"); code != 1 || !strings.Contains(errOut, "127.0.0.1:1") {
		t.Fatalf("health of no server: exit %d %s", code, errOut)
	}
}

// The alert rules and the dashboard parse, and every metric they name is
// one a fresh server exports; promtool checks the rules where installed.
func TestDeployAlertsAndDashboard(t *testing.T) {
	at, _ := serving(t, t.TempDir(), nil)
	get(t, "http://"+at.Addr+"/healthz") // the HTTP metrics exist after a request
	exported := get(t, "http://"+at.Metrics+"/metrics")
	var exprs []string
	raw, err := os.ReadFile("../../deploy/prometheus-alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert, Expr string
			}
		}
	}
	if err := yaml.Unmarshal(raw, &rules); err != nil || len(rules.Groups) == 0 {
		t.Fatalf("alert rules: %v", err)
	}
	for _, r := range rules.Groups[0].Rules {
		exprs = append(exprs, r.Expr)
	}
	raw, err = os.ReadFile("../../deploy/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(raw, &dash); err != nil || len(dash.Panels) == 0 {
		t.Fatalf("dashboard: %v", err)
	}
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			exprs = append(exprs, tg.Expr)
		}
	}
	name := regexp.MustCompile(`amtsbote_[a-z_]+`)
	for _, e := range exprs {
		for _, m := range name.FindAllString(e, -1) {
			family := regexp.MustCompile(`_(bucket|sum|count)$`).ReplaceAllString(m, "")
			if !strings.Contains(exported, "# TYPE "+family+" ") {
				t.Errorf("%q names %s, which the server does not export", e, m)
			}
		}
	}
	if promtool, err := exec.LookPath("promtool"); err == nil {
		if out, err := exec.Command(promtool, "check", "rules", "../../deploy/prometheus-alerts.yml").CombinedOutput(); err != nil {
			t.Fatalf("promtool: %v\n%s", err, out)
		}
	} else if os.Getenv("CI") == "true" {
		t.Log("promtool is not installed: the rules are parsed only")
	}
}

// The compose file and the Dockerfile check health with `amtsbote health`.
func TestDeployHealthChecks(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Healthcheck struct{ Test []string }
			Volumes     []string
		}
		Volumes map[string]any
	}
	if err := yaml.Unmarshal(raw, &compose); err != nil {
		t.Fatal(err)
	}
	ab := compose.Services["amtsbote"]
	if strings.Join(ab.Healthcheck.Test, " ") != "CMD /usr/local/bin/amtsbote health" || len(ab.Volumes) == 0 {
		t.Fatalf("compose service: %+v", ab)
	}
	if _, ok := compose.Volumes["amtsbote-data"]; !ok {
		t.Fatal("compose has no data volume")
	}
	docker, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(docker), `HEALTHCHECK`) || !strings.Contains(string(docker), `/usr/local/bin/amtsbote", "health"]`) ||
		!strings.Contains(string(docker), "-trimpath") || !strings.Contains(string(docker), "buildinfo.version=${VERSION}") {
		t.Fatal("the Dockerfile lacks the health check or the stamped, trimmed build")
	}
}

// make release's flags stamp the version and revision that --version
// prints: a real build with them.
func TestReleaseBuildIsStamped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	mk, err := exec.Command("make", "-s", "-n", "-C", "../..", "release", "VERSION=v1.2.3", "REVISION=abc123").CombinedOutput()
	if err != nil {
		t.Skipf("make: %v %s", err, mk)
	}
	plan := string(mk)
	for _, want := range []string{"-trimpath", "buildinfo.version=v1.2.3", "buildinfo.revision=abc123", "linux", "arm64", "SHA256SUMS"} {
		if !strings.Contains(plan, want) {
			t.Fatalf("make release lacks %q:\n%s", want, plan)
		}
	}
	bin := t.TempDir() + "/amtsbote"
	build := exec.Command("go", "build", "-trimpath", "-buildvcs=false",
		"-ldflags", "-X amtsbote/internal/buildinfo.version=v1.2.3 -X amtsbote/internal/buildinfo.revision=abc123", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v %s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "amtsbote v1.2.3 (go") || !strings.Contains(string(out), "revision abc123") {
		t.Fatalf("--version of a stamped build: %q %v", out, err)
	}
}
