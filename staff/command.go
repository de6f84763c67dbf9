package staff

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"amtsbote/catalog"
	"amtsbote/store"
)

// AddAccountCommand runs `amtsbote staff add NAME --department D [--admin]
// [--name FIRSTNAME]`: it asks for the password twice without echo on a
// terminal, or reads one line from stdin when stdin is not a terminal
// (scripts: `printf '%s\n' "$PW" | amtsbote staff add anna --department d`).
//
// fs is the caller's flag set with its shared flags (--data, --config)
// already registered; args are the arguments after "add" in any order.
// open is called once the flags are parsed and returns the store and a
// function that closes it. It returns the exit code.
func AddAccountCommand(ctx context.Context, fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer,
	open func() (AccountStore, func(), error)) int {
	return addAccount(ctx, fs, args, stdin, stdout, stderr, open, nil, DefaultArgon)
}

// AddAccountCommandIn is AddAccountCommand that checks --department against
// the city's departments file before it asks for the password:
// departments is called once the flags are parsed and returns the catalog
// (the built-in one with --services/the configuration's services added).
// `staff add anna --department stadwerke` then ends with exit code 2 and
// the list of valid departments.
func AddAccountCommandIn(ctx context.Context, fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer,
	open func() (AccountStore, func(), error), departments func() (*catalog.Catalog, error)) int {
	return addAccount(ctx, fs, args, stdin, stdout, stderr, open, departments, DefaultArgon)
}

func addAccount(ctx context.Context, fs *flag.FlagSet, args []string, stdin io.Reader, stdout, stderr io.Writer,
	open func() (AccountStore, func(), error), departments func() (*catalog.Catalog, error), p ArgonParams) int {
	fs.SetOutput(stderr)
	dept := fs.String("department", "", "the department the account works for (a department id of the catalog)")
	admin := fs.Bool("admin", false, "an admin: sees every department, manages staff, departments and canned replies")
	editor := fs.Bool("editor", false, "an editor: an agent who also edits the department's answers of the knowledge base")
	name := fs.String("name", "", "first name shown to citizens (default: the username with a capital)")
	usage := func() {
		fmt.Fprintln(stderr, "usage: amtsbote staff add NAME --department D [--admin | --editor] [--name FIRSTNAME]")
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(pos) != 1 {
		usage()
		return 2
	}
	role := store.RoleAgent
	switch {
	case *admin && *editor:
		fmt.Fprintln(stderr, "amtsbote: staff add: --admin or --editor, not both (admins edit every answer)")
		return 2
	case *admin:
		role = store.RoleAdmin
	case *editor:
		role = store.RoleEditor
	}
	if departments != nil {
		cat, err := departments()
		if err != nil {
			fmt.Fprintln(stderr, "amtsbote: staff add:", err)
			return 1
		}
		if err := CheckDepartment(cat, strings.TrimSpace(*dept)); err != nil {
			fmt.Fprintln(stderr, "amtsbote: staff add:", err)
			return 2
		}
	}
	password, err := readPassword(stdin, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote: staff add:", err)
		return 1
	}
	acct, err := NewAccount(pos[0], *name, *dept, role, password, p)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote: staff add:", err)
		return 2
	}
	acct.Created = time.Now()
	st, closeStore, err := open()
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote: staff add:", err)
		return 1
	}
	defer closeStore()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := st.CreateStaffAccount(ctx, acct); errors.Is(err, store.ErrExists) {
		fmt.Fprintf(stderr, "amtsbote: staff add: the username %q is taken\n", acct.Username)
		return 1
	} else if err != nil {
		fmt.Fprintln(stderr, "amtsbote: staff add:", err)
		return 1
	}
	fmt.Fprintf(stdout, "added %s %q (department %q)\n", acct.Role, acct.Username, acct.Department)
	return 0
}

// parseInterspersed parses flags that may come before and after
// positional arguments ("add anna --department x") and returns the positionals.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// readPassword asks twice without echo when stdin is a terminal, else
// reads the first line of stdin.
func readPassword(stdin io.Reader, prompt io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fd := int(f.Fd())
		fmt.Fprint(prompt, "Password: ")
		first, err := term.ReadPassword(fd)
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		fmt.Fprint(prompt, "Password again: ")
		second, err := term.ReadPassword(fd)
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		if string(first) != string(second) {
			return "", errors.New("the passwords differ")
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, maxPasswordBytes+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password from stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on stdin")
	}
	return line, nil
}
