package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/tallyfy"
	"github.com/tallyfy-go/sdk/tallyfytest"
)

// Exit codes, one per class of failure so scripts can react.
const (
	exitOK          = 0
	exitError       = 1 // anything not classified below
	exitUsage       = 2 // bad command line or argument
	exitAuth        = 3 // no token, token refused (401), no permission (403)
	exitNotFound    = 4 // 404
	exitRateLimited = 5 // 429 after retries
	exitUnavailable = 6 // 5xx, network failure, timeout, invalid response
)

const usageText = `tallyfy reads processes (runs), tasks and templates from the Tallyfy API.

Usage:
  tallyfy [global flags] <command> [flags]

Commands:
  runs get RUN_ID         [--with checklist,tasks,tags] [--form-fields-values] [-o table|json]
  runs list               [--status S] [--q TEXT] [--checklist ID] [--tag ID] [--owners IDS]
                          [--per-page N] [--all | --limit N] [-o table|json|jsonl]
  runs tasks RUN_ID       [--status S] [--per-page N] [--all | --limit N] [-o table|json|jsonl]
  tasks get TASK_ID       [--with run,step,form_fields] [-o table|json]
  templates get TEMPLATE_ID [--with steps,tags,folder] [-o table|json]
  mock                    [--addr 127.0.0.1:4010]   serve a fake Tallyfy with sample data until interrupted
  version                 print the version

Global flags (before or after the command words, e.g. tallyfy --mock runs list --all):
  --token TOKEN     bearer token; prefer the environment: TALLYFY_ACCESS_TOKEN (or TALLYFY_API_TOKEN)
  --org ID          organization id (TALLYFY_ORG_ID)
  --base-url URL    API base URL (TALLYFY_BASE_URL; default https://go.tallyfy.com/api)
  --timeout D       give up after D, retries included (default 2m)
  --retries N       retry a rate-limited (429) or failed (500, 502-504, network) request N times (default 4)
  --debug           log each HTTP attempt to stderr, credentials redacted
  --mock            run against an in-process fake Tallyfy with sample data; no account needed
  --allow-insecure-http
                    send a token other than the fake's sample token to a plain http (loopback) base
                    URL (TALLYFY_ALLOW_INSECURE_HTTP=1); refused by default, as whatever listens on
                    that port, another user's program included, could read it

Output: -o table (default) prints aligned columns; -o json prints the object or list the API
returned under "data", as decoded into the SDK's models (fields it does not model are left out);
-o jsonl prints one object per line, streaming while paging. When a list fails part-way, what was
printed stays, but a JSON array is left unclosed and no "(no ...)" line is printed: check the exit code.

Exit codes:
  0  success
  1  other error
  2  usage: bad command line, argument or configuration (e.g. a real token to a plain http URL)
  3  authentication: no token, token refused (401) or permission denied (403)
  4  not found (404)
  5  rate limited (429), after retries
  6  server or network error, timeout, or an invalid response
`

// app holds one invocation's settings and streams.
type app struct {
	getenv         env
	stdout, stderr io.Writer

	token, org, baseURL string
	timeout             time.Duration
	retries             int
	debug, mock         bool
	allowInsecureHTTP   bool
	help                bool
}

// globalFlags registers the flags accepted anywhere on the command line. The
// current values are the defaults, so registering them again on a command's
// flag set keeps what the root flag set already parsed.
func (a *app) globalFlags(fs *flag.FlagSet) {
	fs.StringVar(&a.token, "token", a.token, "bearer token (prefer TALLYFY_ACCESS_TOKEN)")
	fs.StringVar(&a.org, "org", a.org, "organization id (TALLYFY_ORG_ID)")
	fs.StringVar(&a.baseURL, "base-url", a.baseURL, "API base URL (TALLYFY_BASE_URL)")
	fs.DurationVar(&a.timeout, "timeout", a.timeout, "overall timeout, retries included")
	fs.IntVar(&a.retries, "retries", a.retries, "retries of a rate-limited or failed request")
	fs.BoolVar(&a.debug, "debug", a.debug, "log HTTP attempts to stderr, credentials redacted")
	fs.BoolVar(&a.mock, "mock", a.mock, "use an in-process fake Tallyfy with sample data")
	fs.BoolVar(&a.allowInsecureHTTP, "allow-insecure-http", a.allowInsecureHTTP,
		"send a real token to a plain http base URL ("+envAllowInsecureHTTP+"=1)")
	fs.BoolVar(&a.help, "help", a.help, "show help")
	fs.BoolVar(&a.help, "h", a.help, "show help")
}

func (a *app) main(ctx context.Context, args []string) int {
	root := newFlagSet("tallyfy")
	a.globalFlags(root)
	rest, err := parseInterspersed(root, args, 0)
	if err != nil {
		return a.usageError(err)
	}
	if a.help || len(rest) == 0 {
		fmt.Fprint(a.stdout, usageText)
		if len(rest) == 0 && !a.help {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := findCommand(rest)
	if !ok {
		return a.usageError(fmt.Errorf("unknown command %q", strings.Join(rest[:min(2, len(rest))], " ")))
	}
	fs := newFlagSet("tallyfy " + cmd.name)
	a.globalFlags(fs)
	runCmd := cmd.setup(fs)
	positional, err := parseInterspersed(fs, rest[cmd.words:], cmd.args)
	if err != nil {
		return a.usageError(err)
	}
	if a.help {
		fmt.Fprintf(a.stdout, "Usage: tallyfy %s\n\nFlags:\n", cmd.usage)
		fs.SetOutput(a.stdout)
		fs.PrintDefaults()
		return exitOK
	}
	if len(positional) != cmd.args {
		return a.usageError(fmt.Errorf("usage: tallyfy %s", cmd.usage))
	}
	if a.timeout < 0 {
		return a.usageError(fmt.Errorf("--timeout %s must not be negative (0 means none)", a.timeout))
	}
	if a.timeout > 0 && !mainTimeoutExempt[cmd.name] {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, a.timeout)
		defer cancel()
	}
	return a.report(runCmd(ctx, a, positional))
}

func (a *app) usageError(err error) int {
	// The message may quote the command line, which may hold anything.
	fmt.Fprintf(a.stderr, "tallyfy: %s (see tallyfy --help)\n", clean(err.Error()))
	return exitUsage
}

// client builds the SDK client from flags, then the environment; --mock
// replaces both with an in-process fake server.
func (a *app) client(ctx context.Context) (*tallyfy.Client, func(), error) {
	token := firstNonEmpty(a.token, a.getenv(tallyfy.EnvAccessToken), a.getenv(tallyfy.EnvAPIToken))
	org := firstNonEmpty(a.org, a.getenv(tallyfy.EnvOrgID))
	base := firstNonEmpty(a.baseURL, a.getenv(tallyfy.EnvBaseURL), tallyfy.DefaultBaseURL)
	cleanup := func() {}
	if a.mock {
		srv := startMock()
		token, org, base, cleanup = srv.Token, srv.OrgID, srv.URL, srv.Close
	}
	if token == "" {
		return nil, cleanup, errNoToken
	}
	if err := a.checkPlainHTTP(base, token); err != nil {
		return nil, cleanup, err
	}
	if org == "" {
		return nil, cleanup, errNoOrg
	}
	opts := []tallyfy.Option{
		tallyfy.WithToken(token), tallyfy.WithOrganization(org), tallyfy.WithBaseURL(base),
		tallyfy.WithUserAgent("tallyfy-cli/" + tallyfy.Version), tallyfy.WithMaxRetries(a.retries),
	}
	if a.debug {
		opts = append(opts, tallyfy.WithLogger(slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	c, err := tallyfy.NewClient(opts...)
	return c, cleanup, err
}

var (
	errNoToken = fmt.Errorf("no token: set %s (or %s), pass --token, or try --mock: %w",
		tallyfy.EnvAccessToken, tallyfy.EnvAPIToken, tallyfy.ErrInvalidConfig)
	errNoOrg = fmt.Errorf("no organization: set %s or pass --org: %w", tallyfy.EnvOrgID, tallyfy.ErrInvalidConfig)
)

// envAllowInsecureHTTP is --allow-insecure-http as an environment variable.
const envAllowInsecureHTTP = "TALLYFY_ALLOW_INSECURE_HTTP"

// checkPlainHTTP refuses to send a real token to a plain http base URL.
// The SDK allows http to loopback hosts, where no network can sniff it, but
// any local user can bind a loopback port: `tallyfy mock` prints
// `export TALLYFY_BASE_URL=http://127.0.0.1:4010`, and a real token exported
// in the same shell later would go in clear to whatever listens there once
// the mock has stopped. The fake's published sample token is harmless, so it
// passes; anything else needs --allow-insecure-http or its variable.
func (a *app) checkPlainHTTP(base, token string) error {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" || token == tallyfytest.SampleToken || a.allowInsecureHTTP {
		return nil // a malformed URL is the SDK's to report
	}
	if v := a.getenv(envAllowInsecureHTTP); v != "" {
		allow, err := strconv.ParseBool(v)
		if err != nil {
			return usageErr("%s=%q: want 1 or 0", envAllowInsecureHTTP, v)
		}
		if allow {
			return nil
		}
	}
	e := &plainHTTPError{host: u.Host, from: tallyfy.EnvBaseURL,
		fix: "unset " + tallyfy.EnvBaseURL + " (`tallyfy mock` prints it for its sample token only)"}
	if a.baseURL != "" {
		e.from, e.fix = "--base-url", "drop --base-url or give an https URL"
	}
	return e
}

// plainHTTPError is checkPlainHTTP's refusal: it says why, and how to use
// the real API or to override, on one line.
type plainHTTPError struct{ host, from, fix string }

func (e *plainHTTPError) Error() string {
	return fmt.Sprintf("refusing to send your token in clear over plain http to %s (from %s): whatever listens "+
		"on that port, another user's program included, could read it. For your Tallyfy account, %s; to send it "+
		"anyway, pass --allow-insecure-http or set %s=1", e.host, e.from, e.fix, envAllowInsecureHTTP)
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by usageError
	return fs
}

// parseInterspersed parses flags wherever they appear among the positional
// arguments (flag.Parse stops at the first one), so both
// `tallyfy --mock runs get ID` and `tallyfy runs get ID --with tasks` work.
// With want == 0 it stops at the first positional: the root parse leaves the
// command words alone.
func parseInterspersed(fs *flag.FlagSet, args []string, want int) ([]string, error) {
	var positional, rest []string
	// Everything after "--" is positional; flag.Parse would swallow the "--"
	// and the loop below would parse what follows as flags again.
	if i := slices.Index(args, "--"); i >= 0 && want > 0 {
		args, rest = args[:i], args[i+1:]
	}
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, fmt.Errorf("unknown flag -h")
			}
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return append(positional, rest...), nil
		}
		if want == 0 {
			return args, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
