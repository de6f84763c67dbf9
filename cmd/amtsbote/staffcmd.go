package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"amtsbote/app/server"
	"amtsbote/staff"
	"amtsbote/store"
)

// runStaff is `amtsbote staff add NAME --department D [--admin]`: a console
// account, its password prompted (or read from stdin when it is no terminal)
// and hashed here. A running server takes the account over its admin
// socket; without one, the account goes into the stopped store.
func runStaff(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, "usage: amtsbote staff add NAME --department D [--admin] [--name FIRSTNAME]")
		return 2
	}
	fs := flag.NewFlagSet("staff add", flag.ContinueOnError)
	var s settings
	s.register(fs)
	return staff.AddAccountCommand(ctx, fs, args[1:], stdin, stdout, stderr, func() (staff.AccountStore, func(), error) {
		c, err := s.load()
		if err != nil {
			return nil, nil, err
		}
		if serverAnswers(c.Data) {
			return adminAccounts{dataDir: c.Data}, func() {}, nil
		}
		_, db, err := openStopped(c, newLogger(stderr, c.Log.Format, "warn"))
		if err != nil {
			return nil, nil, err
		}
		return db, func() { db.Close() }, nil
	})
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

// adminAccounts adds accounts through the running server's admin socket.
type adminAccounts struct{ dataDir string }

// StaffAccount is not asked for by `staff add`; the server checks names.
func (adminAccounts) StaffAccount(string) (store.StaffAccount, error) {
	return store.StaffAccount{}, errors.New("not available over the admin socket")
}

// CreateStaffAccount sends the account, its password already hashed.
func (a adminAccounts) CreateStaffAccount(ctx context.Context, acct store.StaffAccount) error {
	var added server.StaffAdded
	err := askAdmin(ctx, a.dataDir, "/staff/accounts", acct, &added)
	var refused *adminRefusal
	if errors.As(err, &refused) && refused.status == http.StatusConflict {
		return store.ErrExists
	}
	return err
}
