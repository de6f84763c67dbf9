package main

import (
	"net/http"
	"strings"
	"testing"
)

// login tries the staff console's login and returns the status.
func login(t *testing.T, addr, user, password string) int {
	t.Helper()
	code, _ := loginCookies(t, addr, user, password)
	return code
}

// loginCookies logs in and returns the status and the session cookies.
func loginCookies(t *testing.T, addr, user, password string) (int, []*http.Cookie) {
	t.Helper()
	body := `{"username":"` + user + `","password":"` + password + `"}`
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/staff/api/login", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://"+addr)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Cookies()
}

// me asks the console who the session is: the status.
func me(t *testing.T, addr string, cookies []*http.Cookie) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/staff/api/me", nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func staffCmd(t *testing.T, stdin string, wantCode int, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, stdin, append([]string{"staff"}, args...)...)
	if code != wantCode {
		t.Fatalf("staff %v: exit %d, want %d: %s%s", args, code, wantCode, out, errOut)
	}
	return out + errOut
}

// staff add, list, disable, enable and passwd work on a stopped store and
// through a running server, and what they change is what the console's
// login sees.
func TestStaffCommandsStoppedAndServing(t *testing.T) {
	dir := t.TempDir()
	// Stopped: the command opens the store itself.
	staffCmd(t, "first password 1\n", 0, "add", "root", "--admin", "--data", dir)
	staffCmd(t, "anna password 1\n", 0, "add", "anna", "--data", dir, "--department", "stadtwerke")
	if out := staffCmd(t, "", 0, "list", "--data", dir); !strings.Contains(out, "anna") || !strings.Contains(out, "stadtwerke") ||
		!strings.Contains(out, "root") || !strings.Contains(out, "admin") || strings.Contains(out, "disabled") {
		t.Fatalf("list: %s", out)
	}
	staffCmd(t, "", 0, "disable", "anna", "--data", dir)
	if out := staffCmd(t, "", 0, "list", "--data", dir); !strings.Contains(out, "disabled") {
		t.Fatalf("list after disable: %s", out)
	}
	if out := staffCmd(t, "", 1, "disable", "nobody", "--data", dir); !strings.Contains(out, `no account "nobody"`) {
		t.Fatalf("disable of nobody: %s", out)
	}
	staffCmd(t, "", 2, "list", "extra", "--data", dir)
	staffCmd(t, "", 2, "disable", "anna", "--admin", "--data", dir)

	// Serving: the store is the server's; the commands go through its admin socket.
	at, _ := serving(t, dir, nil)
	if code := login(t, at.Addr, "anna", "anna password 1"); code == http.StatusOK {
		t.Fatal("a disabled account logged in")
	}
	if out := staffCmd(t, "", 0, "enable", "anna", "--data", dir); !strings.Contains(out, `enabled "anna"`) {
		t.Fatalf("enable: %s", out)
	}
	if code := login(t, at.Addr, "anna", "anna password 1"); code != http.StatusOK {
		t.Fatalf("an enabled account: login %d", code)
	}
	code, session := loginCookies(t, at.Addr, "anna", "anna password 1")
	if code != http.StatusOK || me(t, at.Addr, session) != http.StatusOK {
		t.Fatalf("a session before passwd: login %d", code)
	}
	staffCmd(t, "anna password 2\n", 0, "passwd", "anna", "--data", dir)
	if code := me(t, at.Addr, session); code == http.StatusOK {
		t.Fatal("a session from before the new password still works")
	}
	if code := login(t, at.Addr, "anna", "anna password 1"); code == http.StatusOK {
		t.Fatal("the old password still works")
	}
	if code := login(t, at.Addr, "anna", "anna password 2"); code != http.StatusOK {
		t.Fatalf("the new password: login %d", code)
	}
	staffCmd(t, "", 0, "disable", "anna", "--data", dir)
	if code := login(t, at.Addr, "anna", "anna password 2"); code == http.StatusOK {
		t.Fatal("disabled while serving, and still logs in")
	}
	staffCmd(t, "bert password 1\n", 0, "add", "bert", "--department", "stadtwerke", "--data", dir)
	if out := staffCmd(t, "", 0, "list", "--data", dir); !strings.Contains(out, "bert") {
		t.Fatalf("list while serving: %s", out)
	}
	if out := staffCmd(t, "some password 3\n", 1, "passwd", "nobody", "--data", dir); !strings.Contains(out, `no account "nobody"`) {
		t.Fatalf("passwd of nobody while serving: %s", out)
	}
}

// chat refuses, saying how, while a server holds the same data directory.
func TestChatWhileServing(t *testing.T) {
	dir := t.TempDir()
	serving(t, dir, nil)
	code, _, errOut := cli(t, "hallo\n", "chat", "--data", dir)
	if code != 1 || !strings.Contains(errOut, "a server is running on "+dir) || !strings.Contains(errOut, "amtsbote chat --data ANOTHER_DIR") {
		t.Fatalf("chat while serving: exit %d: %s", code, errOut)
	}
}
