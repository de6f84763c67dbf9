package staff

import (
	"bytes"
	"context"
	"flag"
	"strings"
	"testing"

	"amtsbote/catalog"
	"amtsbote/internal/harness"
	"amtsbote/store"
)

func TestAddAccountCommand(t *testing.T) {
	core := harness.Start(t, harness.Options{})
	open := func() (AccountStore, func(), error) { return core.DB, func() {}, nil }
	run := func(stdin string, args ...string) (int, string) {
		fs := flag.NewFlagSet("staff add", flag.ContinueOnError)
		fs.String("data", "", "the caller's own flag")
		var out, errs bytes.Buffer
		code := addAccount(context.Background(), fs, args, strings.NewReader(stdin), &out, &errs, open, nil, cheapArgon)
		return code, out.String() + errs.String()
	}
	if code, out := run("a long enough password\n", "Anna", "--department", "stadtwerke", "--data", "x", "--name", "Anna"); code != 0 {
		t.Fatalf("add: %d %s", code, out)
	}
	a, err := core.DB.StaffAccount("anna")
	if err != nil || a.Role != store.RoleAgent || a.Department != "stadtwerke" || a.Name != "Anna" ||
		!CheckPassword(a.Password, "a long enough password") || CheckPassword(a.Password, "a long enough passwort") {
		t.Fatalf("account: %+v %v", a, err)
	}
	// The command itself hashes with the production cost.
	var out bytes.Buffer
	fs := flag.NewFlagSet("staff add", flag.ContinueOnError)
	if code := AddAccountCommand(context.Background(), fs, []string{"--admin", "root"},
		strings.NewReader("another long password\n"), &out, &out, open); code != 0 {
		t.Fatalf("add admin: %d %s", code, out.String())
	}
	if a, _ := core.DB.StaffAccount("root"); a.Role != store.RoleAdmin || a.Password.Memory != DefaultArgon.Memory ||
		a.Password.Time != DefaultArgon.Time || a.Password.Threads != DefaultArgon.Threads {
		t.Fatalf("root: %+v", a)
	}
	for _, c := range []struct {
		stdin string
		args  []string
		code  int
	}{
		{"a long enough password\n", []string{"anna", "--department", "stadtwerke"}, 1}, // taken
		{"short\n", []string{"bert", "--department", "gewerbeamt"}, 2},
		{"a long enough password\n", []string{"bert"}, 2},                           // an agent needs a department
		{"", []string{"bert", "--department", "gewerbeamt"}, 1},                     // no password
		{"a long enough password\n", []string{"--department", "gewerbeamt"}, 2},     // no name
		{"a long enough password\n", []string{"Bad Name!", "--department", "x"}, 2}, // bad username
	} {
		if code, out := run(c.stdin, c.args...); code != c.code {
			t.Errorf("%v: exit %d, want %d: %s", c.args, code, c.code, out)
		}
	}
}

// TestAddAccountChecksDepartment: with the departments file at hand,
// `staff add --department stadwerke` is refused with the valid ids, before
// any password is read, and nothing is stored.
func TestAddAccountChecksDepartment(t *testing.T) {
	core := harness.Start(t, harness.Options{})
	open := func() (AccountStore, func(), error) { return core.DB, func() {}, nil }
	deps := func() (*catalog.Catalog, error) { return core.Catalog, nil }
	run := func(args ...string) (int, string) {
		var out bytes.Buffer
		code := AddAccountCommandIn(context.Background(), flag.NewFlagSet("staff add", flag.ContinueOnError), args,
			strings.NewReader("a long enough password\n"), &out, &out, open, deps)
		return code, out.String()
	}
	code, out := run("bert", "--department", "stadwerke")
	if code != 2 || !strings.Contains(out, `unknown department "stadwerke"; valid departments: `) ||
		!strings.Contains(out, "stadtwerke, ") {
		t.Errorf("stadwerke: exit %d: %s", code, out)
	}
	if _, err := core.DB.StaffAccount("bert"); err == nil {
		t.Error("the account was stored")
	}
	if code, out := run("bert", "--department", "stadtwerke"); code != 0 {
		t.Errorf("stadtwerke: exit %d: %s", code, out)
	}
}
