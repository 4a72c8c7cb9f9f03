package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// Exit codes, one per class of failure so scripts can react; exitCodes
// says what each means.
const (
	exitOK             = 0
	exitError          = 1
	exitUsage          = 2
	exitAuth           = 3
	exitNotFound       = 4
	exitRateLimited    = 5
	exitUnavailable    = 6
	exitOutcomeUnknown = 7
	exitAlreadyDone    = 8
	exitNotCompleted   = 9
	exitNotApproved    = 10
	exitPartial        = 11
)

// exitCodes is what `tallyfy --help` says of each exit code.
var exitCodes = []struct {
	code    int
	meaning string
}{
	{exitOK, "success"},
	{exitError, "other error"},
	{exitUsage, "usage: bad command line, argument or configuration (e.g. a real token to a plain http URL)"},
	{exitAuth, "authentication: no token, token refused (401) or permission denied (403)"},
	{exitNotFound, "not found (404)"},
	{exitRateLimited, "rate limited (429), after retries"},
	{exitUnavailable, "server or network error, timeout, or an invalid response"},
	{exitOutcomeUnknown, "outcome unknown: a write failed once sent (5xx, timeout): maybe done, not repeated; check first"},
	{exitAlreadyDone, "already completed: tasks complete on a completed task (nothing was sent)"},
	{exitNotCompleted, "tasks wait: the task was not completed before --timeout"},
	{exitNotApproved, "tasks wait: completed, not approved: an approval rejected, or an expiring task expired"},
	{exitPartial, "bulk (runs launch --from-csv, tasks complete ID ID…): some rows or ids failed and the others were done; each failure is named"},
}

// app holds one invocation's settings and streams.
type app struct {
	getenv         env
	stdout, stderr io.Writer

	token, org, baseURL string
	timeout             time.Duration
	retries             int
	timeoutSet          bool // --timeout was given
	debug, mock         bool
	allowInsecureHTTP   bool
	help                bool
	dryRun              bool // --dry-run, on the write commands
	dry                 *dryRunTransport
	rate                float64 // --rate, on the bulk commands: requests per second (0: unpaced)
	perItemTimeout      bool    // a bulk run: --timeout bounds each row or id, not the whole run
}

// newApp returns an app with the flags' defaults.
func newApp(getenv env, stdout, stderr io.Writer) *app {
	return &app{getenv: getenv, stdout: stdout, stderr: stderr, timeout: 2 * time.Minute, retries: tallyfy.DefaultMaxRetries}
}

// helpFlags registers -h/--help, which every command takes. The current
// value is the default, here and in connectionFlags, so registering a flag
// again on a command's flag set keeps what the root flag set parsed.
func (a *app) helpFlags(fs *flag.FlagSet) {
	fs.BoolVar(&a.help, "help", a.help, "show this help")
	fs.BoolVar(&a.help, "h", a.help, "show this help")
}

// connectionFlags registers the global flags of the commands that call the
// API (command.api): how to reach it and how hard to try.
func (a *app) connectionFlags(fs *flag.FlagSet) {
	fs.StringVar(&a.token, "token", a.token, "bearer `token`; prefer the environment: "+tallyfy.EnvAccessToken+" (or "+tallyfy.EnvAPIToken+")")
	fs.StringVar(&a.org, "org", a.org, "organization `id` ("+tallyfy.EnvOrgID+")")
	fs.StringVar(&a.baseURL, "base-url", a.baseURL, "API base `URL` ("+tallyfy.EnvBaseURL+"; default "+tallyfy.DefaultBaseURL+")")
	fs.DurationVar(&a.timeout, "timeout", a.timeout, "give up after this `duration`, retries included; 0 for none")
	fs.IntVar(&a.retries, "retries", a.retries, "retry a rate-limited (429) or failed (500, 502-504, network) request up to `n` times")
	fs.BoolVar(&a.debug, "debug", a.debug, "log each HTTP attempt to stderr, credentials redacted")
	fs.BoolVar(&a.mock, "mock", a.mock, "run against an in-process fake Tallyfy with sample data; no account needed")
	fs.BoolVar(&a.allowInsecureHTTP, "allow-insecure-http", a.allowInsecureHTTP,
		"send a token other than the fake's sample token to a plain http (loopback) base URL ("+envAllowInsecureHTTP+"=1); "+
			"refused by default, as whatever listens on that port, another user's program included, could read it")
}

func (a *app) main(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == completeCommand { // the PowerShell script's hidden backend
		return a.completeRun(args[1:])
	}
	inv, err := a.parse(args)
	if err != nil {
		return a.usageError(err)
	}
	if inv == nil {
		writeOverview(a.stdout)
		if a.help {
			return exitOK
		}
		return exitUsage
	}
	if inv.group != "" { // a group's words alone: its commands, as tallyfy alone lists them all
		writeGroupHelp(a.stdout, inv.group)
		if a.help {
			return exitOK
		}
		return exitUsage
	}
	if a.help {
		writeCommandHelp(a.stdout, inv.cmd)
		return exitOK
	}
	if timeout := a.timeoutFor(inv.cmd); timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	err = inv.run(ctx, a, inv.in)
	if rec := a.dry.stopped(err); rec != nil {
		err = printDryRun(a.stdout, inv.in.format, rec)
	}
	return a.report(err)
}

// timeoutFor is what bounds a run of c: --timeout for the commands that
// call the API, its default included, but only a --timeout given for a
// command that waits (tasks wait), whose wait is the point; 0 for none.
func (a *app) timeoutFor(c *command) time.Duration {
	if !c.api || (c.waits && !a.timeoutSet) || a.perItemTimeout {
		return 0
	}
	return a.timeout
}

// invocation is a parsed command line, ready to run.
type invocation struct {
	group string // set instead of cmd for a group's help (tallyfy tasks --help)
	cmd   *command
	opts  any // the command's options as its flags set them, e.g. *runsListOptions
	in    input
	run   runner
}

// parse reads a command line into a's global flags and an invocation,
// running nothing. It returns no invocation, and no error, when the command
// line names no command: the overview is then the answer. With --help it
// checks no more than the flags, so `tallyfy runs get --help` needs no id.
func (a *app) parse(args []string) (*invocation, error) {
	root := newFlagSet("tallyfy")
	a.helpFlags(root)
	a.connectionFlags(root)
	rest, err := parseInterspersed(root, args, 0)
	if err != nil {
		return nil, err
	}
	if len(rest) == 0 {
		return nil, nil
	}
	if rest[0] == "help" { // tallyfy help [GROUP [COMMAND]]: the same as --help
		a.help, rest = true, rest[1:]
		if len(rest) == 0 {
			return nil, nil
		}
	}
	cmd, ok := findCommand(rest)
	if !ok {
		if g, help := groupWord(rest); g != "" {
			a.help = a.help || help
			return &invocation{group: g}, nil
		}
		if a.help {
			return nil, nil
		}
		return nil, fmt.Errorf("unknown command %q", strings.Join(rest[:min(2, len(rest))], " "))
	}
	if !cmd.api {
		// Flags before the command words were parsed before the command was
		// known; a flag that would silently do nothing is refused instead.
		var given []string
		root.Visit(func(f *flag.Flag) {
			if f.Name != "help" && f.Name != "h" {
				given = append(given, "--"+f.Name)
			}
		})
		if len(given) > 0 {
			return nil, fmt.Errorf("%s does not apply to tallyfy %s", strings.Join(given, ", "), cmd.name)
		}
	}
	fs := newFlagSet("tallyfy " + cmd.name)
	inv := &invocation{cmd: cmd}
	a.helpFlags(fs)
	if cmd.api {
		a.connectionFlags(fs)
	}
	inv.opts, inv.run = cmd.bind(fs)
	if cmd.write {
		fs.BoolVar(&a.dryRun, "dry-run", false, dryRunHelp)
	}
	if len(cmd.formats) > 0 {
		outputFlag(fs, &inv.in.format, cmd.formats)
	}
	inv.in.args, err = parseInterspersed(fs, rest[len(strings.Fields(cmd.name)):], len(cmd.args))
	if err != nil {
		return nil, err
	}
	a.timeoutSet = isSet(root, "timeout") || isSet(fs, "timeout")
	if a.help {
		return inv, nil
	}
	if !cmd.argsFit(len(inv.in.args)) {
		return nil, fmt.Errorf("usage: tallyfy %s", cmd.usage())
	}
	if a.timeout < 0 {
		return nil, fmt.Errorf("--timeout %s must not be negative (0 means none)", a.timeout)
	}
	if c, ok := inv.opts.(interface{ check() error }); ok {
		if err := c.check(); err != nil {
			return nil, err
		}
	}
	if b, ok := inv.opts.(bulkCommand); ok {
		if err := a.bulkSettings(b, len(inv.in.args)); err != nil {
			return nil, err
		}
	}
	return inv, nil
}

func (a *app) usageError(err error) int {
	// The message may quote the command line, which may hold anything.
	fmt.Fprintf(a.stderr, "tallyfy: %s (see tallyfy --help)\n", clean(err.Error()))
	return exitUsage
}

// isSet reports whether the command line gave the flag.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// client builds the SDK client from flags, then the environment; --mock
// replaces both with an in-process fake server. Under --dry-run its writes
// are recorded instead of sent (dryRunTransport).
func (a *app) client(ctx context.Context) (*tallyfy.Client, func(), error) {
	return a.connect(ctx, true)
}

// connect is client; needOrg false lets a command that reads no
// organization (me) run without one.
func (a *app) connect(_ context.Context, needOrg bool) (*tallyfy.Client, func(), error) {
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
	if org == "" && needOrg {
		return nil, cleanup, errNoOrg
	}
	opts := []tallyfy.Option{
		tallyfy.WithToken(token), tallyfy.WithOrganization(org), tallyfy.WithBaseURL(base),
		tallyfy.WithUserAgent("tallyfy-cli/" + tallyfy.Version), tallyfy.WithMaxRetries(a.retries),
	}
	if a.dryRun {
		a.dry = &dryRunTransport{next: http.DefaultTransport}
		opts = append(opts, tallyfy.WithHTTPClient(&http.Client{Transport: a.dry}))
	}
	if a.rate > 0 {
		opts = append(opts, tallyfy.WithRateLimit(a.rate, 1))
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
