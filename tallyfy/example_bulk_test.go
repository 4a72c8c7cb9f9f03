package tallyfy_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// Launch three processes from one template: the template is read once, every
// request is checked before the first is sent, then each launch is one
// request.
func ExampleClient_PrepareLaunch() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL),
		tallyfy.WithRateLimit(10, 1)) // at most 10 requests a second
	ctx := context.Background()

	var reqs []tallyfy.LaunchRunRequest
	for _, name := range []string{"Initech", "Globex", "Umbrella"} {
		reqs = append(reqs, tallyfy.LaunchRunRequest{
			Name: "Supplier - " + name,
			Fields: map[string]any{
				"Supplier name": name, "Contact email": "ap@" + name + ".example",
				"Contract start": "2027-01-04", "Region": "EMEA",
			},
		})
	}
	p, err := c.PrepareLaunch(ctx, tallyfytest.SupplierTemplateID)
	if err != nil {
		log.Fatal(err)
	}
	for i, req := range reqs {
		if err := p.Check(ctx, req); err != nil {
			log.Fatalf("request %d: %v", i, err) // nothing was sent
		}
	}
	srv.ClearRequests()
	for _, req := range reqs {
		run, err := p.Launch(ctx, req)
		if err != nil {
			log.Fatal(err) // an ErrOutcomeUnknown says how to look before launching again
		}
		fmt.Println(run.Name)
	}
	fmt.Println(len(srv.Requests()), "requests for 3 launches")
	// Output:
	// Supplier - Initech
	// Supplier - Globex
	// Supplier - Umbrella
	// 3 requests for 3 launches
}

// Complete the open tasks of a process from one read of its task list: each
// completion is checked against the task as listed, with no second read.
func ExampleClient_CompleteTaskAsRead() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))
	ctx := context.Background()

	for task, err := range c.ListRunTasks(ctx, tallyfytest.SampleRunID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		if task.TaskType != tallyfy.TaskTypeApproval {
			continue
		}
		done, err := c.CompleteTaskAsRead(ctx, task, &tallyfy.CompleteTaskOptions{Decision: tallyfy.Approve})
		if err != nil {
			log.Fatal(err) // ErrAlreadyCompleted when the list showed it completed: nothing sent
		}
		fmt.Println(done.Title, "-", done.Status)
	}
	// Output:
	// Approve the onboarding plan - completed
}
