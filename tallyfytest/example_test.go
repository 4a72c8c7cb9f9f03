package tallyfytest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// ExampleNewServer starts the fake API and reads the sample run with its tasks through the
// client the server hands out.
func ExampleNewServer() {
	srv := tallyfytest.NewServer()
	defer srv.Close()

	run, err := srv.Client().GetRun(context.Background(), tallyfytest.SampleRunID,
		&tallyfy.GetRunOptions{With: []tallyfy.RunInclude{tallyfy.RunIncludeTasks}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (%s, %.2f%% done)\n", run.Name, run.Status, run.Progress.Percent)
	for _, task := range run.Tasks {
		fmt.Printf("%d. %s: %s\n", task.Position, task.Title, task.Status)
	}
	// Output:
	// Onboarding - Globex Corp (active, 33.33% done)
	// 1. Send welcome pack to Globex Corp: completed
	// 2. Kick-off call with Globex Corp: in-progress
	// 3. Approve the onboarding plan: not-started
}

// ExampleServer_Client overrides one of the client's settings: with retries off, an injected 503
// reaches the caller as an error.
func ExampleServer_Client() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	srv.FailNext(1, tallyfytest.Failure{Status: http.StatusServiceUnavailable})

	_, err := srv.Client(tallyfy.WithMaxRetries(0)).GetRun(context.Background(), tallyfytest.SampleRunID, nil)
	fmt.Println(errors.Is(err, tallyfy.ErrServer))
	// Output: true
}

// ExampleServer_FailNext makes the next two requests answer 429, as a client's retry test would.
// The client from Server.Client retries at once, whatever Retry-After says.
func ExampleServer_FailNext() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	srv.FailNext(2, tallyfytest.Failure{Status: http.StatusTooManyRequests, RetryAfter: "30"})

	tpl, err := srv.Client().GetTemplate(context.Background(), tallyfytest.SampleTemplateID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tpl.Title)
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status)
	}
	// Output:
	// Client Onboarding V3
	// GET /organizations/8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f/checklists/6f1e2d3c4b5a69788796a5b4c3d2e1f0 429
	// GET /organizations/8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f/checklists/6f1e2d3c4b5a69788796a5b4c3d2e1f0 429
	// GET /organizations/8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f/checklists/6f1e2d3c4b5a69788796a5b4c3d2e1f0 200
}

// ExampleServer_FailOn makes getRun fail once, whatever the run, while the other operations answer
// as usual.
func ExampleServer_FailOn() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	srv.FailOn(http.MethodGet, "/organizations/*/runs/*", 1, tallyfytest.Failure{Status: http.StatusNotFound})
	c := srv.Client()

	tpl, err := c.GetTemplate(context.Background(), tallyfytest.SampleTemplateID, nil)
	fmt.Println(tpl.Title, err)
	_, err = c.GetRun(context.Background(), tallyfytest.SampleRunID, nil)
	fmt.Println(errors.Is(err, tallyfy.ErrNotFound))
	run, err := c.GetRun(context.Background(), tallyfytest.SampleRunID, nil)
	fmt.Println(run.Name, err)
	// Output:
	// Client Onboarding V3 <nil>
	// true
	// Onboarding - Globex Corp <nil>
}
