package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/tallyfy-go/sdk/api"
	"github.com/tallyfy-go/sdk/tallyfytest"
)

// startMock starts the in-process fake behind --mock.
func startMock() *tallyfytest.Server { return tallyfytest.NewServer() }

// mockServe runs `tallyfy mock`: the fake Tallyfy on an address of the
// user's choosing, until interrupted, so another terminal or program can use
// it through the environment variables it prints.
func mockServe(fs *flag.FlagSet) runner {
	addr := fs.String("addr", "127.0.0.1:4010", "address to listen on")
	return func(ctx context.Context, a *app, _ []string) error {
		ln, err := net.Listen("tcp", *addr)
		if err != nil {
			return usageErr("--addr %s: %v", *addr, err)
		}
		base := "http://" + ln.Addr().String()
		fmt.Fprintf(a.stdout, "Fake Tallyfy API with sample data on %s (Ctrl-C to stop). Use it with:\n\n", base)
		fmt.Fprintf(a.stdout, "export TALLYFY_BASE_URL=%s\nexport TALLYFY_ACCESS_TOKEN=%s\nexport TALLYFY_ORG_ID=%s\n\n",
			base, tallyfytest.SampleToken, tallyfytest.SampleOrgID)
		// One write: the way back to the real API comes with the example.
		fmt.Fprintf(a.stdout, "tallyfy runs get %s --with tasks\n\n"+
			"Before using your Tallyfy account in that shell: unset TALLYFY_BASE_URL TALLYFY_ACCESS_TOKEN TALLYFY_ORG_ID\n"+
			"(with TALLYFY_BASE_URL left on plain http, tallyfy refuses to send any other token)\n",
			tallyfytest.SampleRunID)
		if !isLoopbackAddr(ln.Addr()) {
			fmt.Fprintln(a.stderr, "tallyfy: warning: the fake listens beyond loopback; the SDK only accepts plain http for loopback hosts")
		}
		srv := &http.Server{Handler: tallyfytest.NewHandler(), ReadHeaderTimeout: 10 * time.Second}
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
		fmt.Fprintln(a.stderr, "tallyfy: mock stopped")
		return nil
	}
}

// mainTimeoutExempt lists commands the global --timeout does not bound.
var mainTimeoutExempt = map[string]bool{"mock": true}

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
