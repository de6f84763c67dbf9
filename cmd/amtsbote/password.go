package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// maxPasswordBytes bounds a password read from stdin.
const maxPasswordBytes = 1024

// readPassword asks twice without echo when stdin is a terminal, else
// reads the first line of stdin (scripts: printf '%s\n' "$PW" | amtsbote …).
func readPassword(stdin io.Reader, prompt io.Writer, say say) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fd := int(f.Fd())
		fmt.Fprint(prompt, say.T("cli.password"))
		first, err := term.ReadPassword(fd)
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("%s: %w", say.T("cli.password.read"), err)
		}
		fmt.Fprint(prompt, say.T("cli.password.again"))
		second, err := term.ReadPassword(fd)
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("%s: %w", say.T("cli.password.read"), err)
		}
		if string(first) != string(second) {
			return "", errors.New(say.T("cli.password.differ"))
		}
		return string(first), nil
	}
	if stdin == nil {
		return "", errors.New(say.T("cli.password.closed"))
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, maxPasswordBytes+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("%s: %w", say.T("cli.password.read"), err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New(say.T("cli.password.none"))
	}
	return line, nil
}
