package main

import (
	"context"
	"fmt"
	"io"

	"amtsbote/internal/buildinfo"
)

// runVersion is `amtsbote version` and `amtsbote --version`: the version
// stamped at release, the Go version and the revision.
func runVersion(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags(ctx, "version", stdout, stderr)
	if !fs.parse(args) {
		return fs.exit
	}
	if fs.NArg() > 0 {
		return fs.refuse("cli.arg.none")
	}
	b := buildinfo.Get()
	fmt.Fprintln(stdout, fs.say.T("cli.version", "version", b.Version, "go", b.GoVersion, "revision", b.Revision))
	return 0
}
