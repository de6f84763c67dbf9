package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"amtsbote/app/server"
	"amtsbote/catalog"
	"amtsbote/config"
	"amtsbote/staff"
	"amtsbote/store"
)

// runStaff is `amtsbote staff add|list|disable|enable|passwd`: console
// accounts. Passwords are prompted (or read from stdin's first line when it
// is no terminal) and hashed here. A running server does the change over
// its admin socket; without one, the command opens the stopped store.
func runStaff(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "staff", stdout, stderr)
	dept := fs.String("department", "", s.say.T("cli.flag.staff.department"))
	admin := fs.Bool("admin", false, s.say.T("cli.flag.staff.admin"))
	editor := fs.Bool("editor", false, s.say.T("cli.flag.staff.editor"))
	name := fs.String("name", "", s.say.T("cli.flag.staff.name"))
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	verb, rest := fs.Arg(0), fs.Args()
	if len(rest) > 0 {
		rest = rest[1:]
	}
	want := map[string]int{"add": 1, "list": 0, "disable": 1, "enable": 1, "passwd": 1}
	n, known := want[verb]
	switch {
	case !known:
		return s.refuse("cli.staff.verbs")
	case len(rest) != n:
		return s.refuse("cli.staff.args", "verb", verb, "n", n)
	case verb != "add" && (*dept != "" || *admin || *editor || *name != ""):
		return s.refuse("cli.staff.add_only")
	case *admin && *editor:
		return s.refuse("cli.staff.admin_editor")
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	log := newLogger(stderr, c.Log.Format, "warn")
	var err error
	switch verb {
	case "add":
		err = staffAdd(ctx, c, log, rest[0], *name, *dept, *admin, *editor, stdin, stdout, stderr)
	case "list":
		err = staffList(ctx, c, log, stdout)
	case "disable", "enable":
		disabled := verb == "disable"
		err = staffChange(ctx, c, log, rest[0], server.StaffChange{Disabled: &disabled}, stdout)
	case "passwd":
		var pw string
		if pw, err = readPassword(stdin, stderr, sayer(ctx)); err == nil {
			var h store.PasswordHash
			if h, err = staff.HashPassword(pw, staff.DefaultArgon); err == nil {
				err = staffChange(ctx, c, log, rest[0], server.StaffChange{Password: &h}, stdout)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "amtsbote: staff %s: %s\n", verb, staffError(s.say, err))
		return 1
	}
	return 0
}

// staffError is a refusal of the staff package in the operator's language;
// other errors as explain says them (a problem of the service definitions
// in the operator's language, others as they are).
func staffError(say say, err error) string {
	var dept *staff.UnknownDepartmentError
	switch {
	case errors.Is(err, staff.ErrUsername):
		return say.T("cli.staff.bad_username")
	case errors.Is(err, staff.ErrRole):
		return say.T("cli.staff.bad_role")
	case errors.Is(err, staff.ErrDepartment):
		return say.T("cli.staff.needs_department")
	case errors.As(err, &dept):
		return say.T("cli.staff.unknown_department", "department", strconv.Quote(dept.ID), "departments", strings.Join(dept.Valid, ", "))
	}
	return explain(say, err)
}

func staffAdd(ctx context.Context, c config.Config, log *slog.Logger, username, name, dept string, admin, editor bool,
	stdin io.Reader, stdout, stderr io.Writer) error {
	role := store.RoleAgent
	switch {
	case admin:
		role = store.RoleAdmin
	case editor:
		role = store.RoleEditor
	}
	cat, err := catalog.Load(c.Services)
	if err != nil {
		return err
	}
	if err := staff.CheckDepartment(cat, dept); err != nil { // before the password is asked
		return err
	}
	pw, err := readPassword(stdin, stderr, sayer(ctx))
	if err != nil {
		return err
	}
	acct, err := staff.NewAccount(username, name, dept, role, pw, staff.DefaultArgon)
	if err != nil {
		return err
	}
	acct.Created = time.Now()
	var added server.StaffAdded
	err = askAdmin(ctx, c.Data, "/staff/accounts", acct, &added)
	if errors.Is(err, errNoServer) {
		_, db, oerr := openStopped(c, log, sayer(ctx))
		if oerr != nil {
			return oerr
		}
		defer db.Close()
		err = db.CreateStaffAccount(ctx, acct)
	}
	var refused *adminRefusal
	if errors.Is(err, store.ErrExists) || (errors.As(err, &refused) && refused.status == http.StatusConflict) {
		return errors.New(sayer(ctx).T("cli.staff.taken", "user", strconv.Quote(acct.Username)))
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, sayer(ctx).T("cli.staff.added", "role", acct.Role, "user", strconv.Quote(acct.Username), "department", strconv.Quote(acct.Department)))
	return nil
}

func staffList(ctx context.Context, c config.Config, log *slog.Logger, stdout io.Writer) error {
	var list []server.StaffListed
	err := getAdmin(ctx, c.Data, "/staff/accounts", &list)
	if errors.Is(err, errNoServer) {
		_, db, oerr := openStopped(c, log, sayer(ctx))
		if oerr != nil {
			return oerr
		}
		defer db.Close()
		list, err = server.ListStaff(db)
	}
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	say := sayer(ctx)
	fmt.Fprintln(tw, strings.ReplaceAll(say.T("cli.staff.columns"), "|", "\t"))
	for _, a := range list {
		state := say.T("cli.staff.state_active")
		if a.Disabled {
			state = say.T("cli.staff.state_disabled")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", a.Username, a.Name, a.Role, a.Department, state, a.Created.Format(time.DateOnly))
	}
	return tw.Flush()
}

func staffChange(ctx context.Context, c config.Config, log *slog.Logger, username string, ch server.StaffChange, stdout io.Writer) error {
	var got server.StaffListed
	err := askAdmin(ctx, c.Data, "/staff/accounts/"+url.PathEscape(username), ch, &got)
	if errors.Is(err, errNoServer) {
		_, db, oerr := openStopped(c, log, sayer(ctx))
		if oerr != nil {
			return oerr
		}
		defer db.Close()
		got, err = server.ChangeStaff(ctx, db, username, ch, time.Now())
	}
	var refused *adminRefusal
	if errors.Is(err, store.ErrNotFound) || (errors.As(err, &refused) && refused.status == http.StatusNotFound) {
		return errors.New(sayer(ctx).T("cli.staff.no_account", "user", strconv.Quote(username)))
	}
	if err != nil {
		return err
	}
	switch {
	case ch.Password != nil:
		fmt.Fprintln(stdout, sayer(ctx).T("cli.staff.passwd", "user", strconv.Quote(got.Username)))
	case got.Disabled:
		fmt.Fprintln(stdout, sayer(ctx).T("cli.staff.disabled", "user", strconv.Quote(got.Username)))
	default:
		fmt.Fprintln(stdout, sayer(ctx).T("cli.staff.enabled", "user", strconv.Quote(got.Username)))
	}
	return nil
}

// serverAnswers reports whether a server listens on the admin socket of dataDir.
func serverAnswers(dataDir string) bool {
	c, err := net.DialTimeout("unix", filepath.Join(dataDir, server.AdminSocket), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}
