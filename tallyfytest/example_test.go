package tallyfytest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/tallyfy-go/sdk/gen"
	"github.com/tallyfy-go/sdk/tallyfytest"
)

// ExampleNewServer starts the fake API and reads the sample run with its tasks through the
// generated client.
func ExampleNewServer() {
	srv := tallyfytest.NewServer()
	defer srv.Close()

	client, err := gen.NewClientWithResponses(srv.URL, gen.WithRequestEditorFn(
		func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+srv.Token)
			req.Header.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
			return nil
		}))
	if err != nil {
		log.Fatal(err)
	}
	with := []gen.RunInclude{gen.RunIncludeTasks}
	resp, err := client.GetRunWithResponse(context.Background(), srv.OrgID, tallyfytest.SampleRunID,
		&gen.GetRunParams{With: &with})
	if err != nil {
		log.Fatal(err)
	}
	run := resp.JSON200.Data
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

// ExampleServer_FailNext makes the next request answer 429, as a client's retry test would.
func ExampleServer_FailNext() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	srv.FailNext(1, tallyfytest.Failure{Status: http.StatusTooManyRequests, RetryAfter: "2"})

	client, err := gen.NewClientWithResponses(srv.URL, gen.WithRequestEditorFn(
		func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+srv.Token)
			req.Header.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
			return nil
		}))
	if err != nil {
		log.Fatal(err)
	}
	for range 2 {
		resp, err := client.ListRunsWithResponse(context.Background(), srv.OrgID,
			&gen.ListRunsParams{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d Retry-After=%q\n", resp.StatusCode(), resp.HTTPResponse.Header.Get("Retry-After"))
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Status)
	}
	// Output:
	// 429 Retry-After="2"
	// 200 Retry-After=""
	// GET /organizations/8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f/runs 429
	// GET /organizations/8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f/runs 200
}
