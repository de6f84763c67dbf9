package main

import (
	"context"
	"fmt"
	"io"

	"amtsbote/app/server"
)

// runServe is `amtsbote serve`: flags, then server.Run until ctx ends.
func runServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "serve", stdout, stderr)
	addr := fs.String("addr", "", s.say.T("cli.flag.serve.addr"))
	cert := fs.String("tls-cert", "", s.say.T("cli.flag.serve.tls_cert"))
	key := fs.String("tls-key", "", s.say.T("cli.flag.serve.tls_key"))
	noAccess := fs.Bool("no-access-log", false, s.say.T("cli.flag.serve.no_access_log"))
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	if *addr != "" {
		c.Addr = *addr
	}
	if *cert != "" || *key != "" {
		c.TLS.Cert, c.TLS.Key = *cert, *key
		if err := c.Check(); err != nil {
			fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
			return 2
		}
	}
	if err := checkFiles(c, s.configPath); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
		return 2
	}
	if *noAccess {
		c.Log.Access = false
	}
	log := newLogger(stderr, c.Log.Format, c.Log.Level)
	if err := server.Run(ctx, c, log, nil); err != nil {
		log.Error("amtsbote stopped", "component", "main", "err", err)
		return 1
	}
	return 0
}
