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
	addr := fs.String("addr", "", "address the HTTP parts listen on (default 127.0.0.1:8080, env AMTSBOTE_ADDR)")
	cert := fs.String("tls-cert", "", "certificate (PEM) to serve HTTPS and WSS directly (env AMTSBOTE_TLS_CERT)")
	key := fs.String("tls-key", "", "private key (PEM) of --tls-cert (env AMTSBOTE_TLS_KEY)")
	noAccess := fs.Bool("no-access-log", false, "do not log each HTTP request (log.access: false)")
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
			fmt.Fprintln(stderr, "amtsbote:", err)
			return 2
		}
	}
	if err := checkDepartments(c, s.configPath); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
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
