package tallyfy_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func ExampleNewClient() {
	// A fake Tallyfy stands in for https://go.tallyfy.com/api here.
	srv := tallyfytest.NewServer()
	defer srv.Close()

	c, err := tallyfy.NewClient(
		tallyfy.WithToken(srv.Token),
		tallyfy.WithOrganization(srv.OrgID),
		tallyfy.WithBaseURL(srv.URL),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Organization())
	// Output: 8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f
}

func ExampleClient_GetRun() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))

	run, err := c.GetRun(context.Background(), tallyfytest.SampleRunID, &tallyfy.GetRunOptions{
		With: []tallyfy.RunInclude{tallyfy.RunIncludeTasks, tallyfy.RunIncludeTags}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(run.Name, "-", run.Status)
	// Includes are Fractal-wrapped: the tasks are in run.Tasks.
	fmt.Println(run.Tasks[0].Title)
	// Output:
	// Onboarding - Globex Corp - active
	// Send welcome pack to Globex Corp
}

func ExampleClient_ListRuns() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))

	// Every matching process, fetched 5 at a time; break to stop early.
	n := 0
	for run, err := range c.ListRuns(context.Background(), &tallyfy.ListRunsOptions{Status: "complete", PerPage: 5}) {
		if err != nil {
			log.Fatal(err)
		}
		if run.Status != tallyfy.RunStatusComplete {
			log.Fatalf("%s is %s", run.ID, run.Status)
		}
		n++
	}
	fmt.Println(n > 0)
	// Output: true
}

func ExampleAPIError() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))

	_, err := c.GetRun(context.Background(), "00000000000000000000000000000000", nil)
	switch {
	case errors.Is(err, tallyfy.ErrNotFound):
		var apiErr *tallyfy.APIError
		errors.As(err, &apiErr)
		fmt.Println("not found:", apiErr.StatusCode, apiErr.Code)
	case errors.Is(err, tallyfy.ErrRateLimited):
		fmt.Println("slow down")
	case err != nil:
		log.Fatal(err)
	}
	// Output: not found: 404 RESOURCE_NOT_FOUND
}
