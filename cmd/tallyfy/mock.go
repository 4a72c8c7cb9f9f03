package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/tallyfy-go/sdk/v2/api"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// startMock starts the in-process fake behind --mock.
func startMock() *tallyfytest.Server { return tallyfytest.NewServer() }

type mockOptions struct {
	addr     string
	fails    failRules
	webhooks stringList
}

func mockFlags(fs *flag.FlagSet, o *mockOptions) {
	fs.StringVar(&o.addr, "addr", "127.0.0.1:4010", "listen on this `host:port`")
	fs.Var(&o.fails, "fail", "answer the requests that match `rule`, 'METHOD PATH=STATUS[:COUNT[:RETRY_AFTER]]', "+
		"with STATUS and the API's error body for it, COUNT times (default 1), then normally, "+
		"e.g. 'GET /organizations/*/runs/*=429:2'. PATH starts at /organizations and * stands for one segment; "+
		"RETRY_AFTER is the Retry-After header in seconds (a 429 sends 1 unless told). "+
		"Repeatable: the first rule that matches and has failures left answers")
	fs.Var(&o.webhooks, "webhook", "deliver the organization's webhook events to this `URL` (as a subscription "+
		"would; e.g. tallyfy webhooks listen's address); repeatable")
}

func (o *mockOptions) check() error {
	for _, u := range o.webhooks {
		if err := checkMockWebhook(u); err != nil {
			return err
		}
	}
	return nil
}

// mockRun runs `tallyfy mock`: the fake Tallyfy on an address of the
// user's choosing, until interrupted, so another terminal or program can use
// it through the environment variables it prints.
func mockRun(ctx context.Context, a *app, _ input, o *mockOptions) error {
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return usageErr("--addr %s: %v", o.addr, err)
	}
	handler, closeHandler, err := mockHandler(o.fails, o.webhooks)
	if err != nil {
		return usageErr("--webhook: %v", err)
	}
	defer closeHandler()
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(a.stdout, "Fake Tallyfy API with sample data on %s (Ctrl-C to stop).\n", base)
	for _, u := range o.webhooks {
		fmt.Fprintf(a.stdout, "Webhook events go to %s (--webhook).\n", u)
	}
	if len(o.fails) > 0 {
		fmt.Fprintln(a.stdout, "Injected failures (--fail):")
		for _, r := range o.fails {
			fmt.Fprintf(a.stdout, "  %s\n", r)
		}
	}
	// The exports last, as one write: a program reading them (as
	// TestBinary_MockServesAnotherProcess does) finds the mock ready. The
	// token under both names: this CLI and the SDK read either, Tallyfy's own
	// CLI (tallyfy/cli) reads only TALLYFY_API_TOKEN, so the same lines serve
	// both.
	fmt.Fprintf(a.stdout, "Use it with:\n\nexport TALLYFY_BASE_URL=%s\nexport TALLYFY_ACCESS_TOKEN=%s\nexport TALLYFY_API_TOKEN=%s\nexport TALLYFY_ORG_ID=%s\n\n",
		base, tallyfytest.SampleToken, tallyfytest.SampleToken, tallyfytest.SampleOrgID)
	// One write: the way back to the real API comes with the example.
	fmt.Fprintf(a.stdout, "tallyfy runs get %s --with tasks\n\n"+
		"Before using your Tallyfy account in that shell: unset TALLYFY_BASE_URL TALLYFY_ACCESS_TOKEN TALLYFY_API_TOKEN TALLYFY_ORG_ID\n"+
		"(with TALLYFY_BASE_URL left on plain http, tallyfy refuses to send any other token)\n",
		tallyfytest.SampleRunID)
	if !isLoopbackAddr(ln.Addr()) {
		fmt.Fprintln(a.stderr, "tallyfy: warning: the fake listens beyond loopback; the SDK only accepts plain http for loopback hosts")
	}
	if err := serveUntilDone(ctx, ln, handler); err != nil {
		return err
	}
	fmt.Fprintln(a.stderr, "tallyfy: mock stopped")
	return nil
}

// serveUntilDone serves handler on ln until ctx ends (Ctrl-C), then shuts
// the server down, giving requests in flight 5 s to finish. It returns the
// server's own error if it stops by itself.
func serveUntilDone(ctx context.Context, ln net.Listener, handler http.Handler) error {
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func isLoopbackAddr(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// specVersion is info.version of the spec the SDK was generated from.
func specVersion() string {
	spec, err := api.Spec()
	if err != nil || spec.Info == nil {
		return "unknown"
	}
	return spec.Info.Version
}
