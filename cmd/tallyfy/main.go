// Command tallyfy reads and drives processes, tasks and templates through the
// Tallyfy API.
//
//	tallyfy --mock runs get 3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d   # no account needed
//	TALLYFY_ACCESS_TOKEN=... TALLYFY_ORG_ID=... tallyfy runs list --status active
//
// Run `tallyfy --help` for the commands, flags and exit codes.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env reads an environment variable; tests pass their own.
type env func(string) string

// run is the whole program; it returns the exit code.
func run(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) int {
	return newApp(getenv, stdout, stderr).main(ctx, args)
}
