package tallyfy_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// Launch a process with its kick-off form filled by label, then work its
// tasks to the end: set a task's required form field, approve the approval
// task, complete the rest.
func ExampleClient_LaunchRun() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))
	ctx := context.Background()

	run, err := c.LaunchRun(ctx, tallyfy.LaunchRunRequest{
		TemplateID: tallyfytest.SupplierTemplateID,
		Name:       "Supplier - Initech",
		Fields: map[string]any{ // by label, alias or id; each encoded for its field type
			"Supplier name":  "Initech",
			"contact_email":  "ap@initech.example",
			"Contract start": time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC),
			"Region":         "EMEA",                           // a dropdown: sent as {"id","text"}
			"Services":       []string{"Hardware", "Software"}, // a multiselect
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(run.Name, "-", run.Status)

	for task, err := range c.ListRunTasks(ctx, run.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		var fields map[string]any
		var opts *tallyfy.CompleteTaskOptions
		switch task.TaskType {
		case tallyfy.TaskTypeApproval:
			opts = &tallyfy.CompleteTaskOptions{Decision: tallyfy.Approve}
		default:
			// Required form fields must be set before completing.
			if task.Title == "Check the documents of Initech" {
				fields = map[string]any{"Registration number": "HRB 12345"}
			}
			if task.Title == "Set up Initech in the ERP" {
				fields = map[string]any{"Payment terms": "Net 30"}
			}
		}
		if fields != nil {
			if _, err := c.UpdateTask(ctx, run.ID, task.ID, tallyfy.UpdateTaskRequest{Fields: fields}); err != nil {
				log.Fatal(err)
			}
		}
		done, err := c.CompleteTask(ctx, run.ID, task.ID, opts)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(done.Title, "-", done.Status)
	}
	run, _ = c.GetRun(ctx, run.ID, nil)
	fmt.Println(run.Name, "-", run.Status)
	// Output:
	// Supplier - Initech - active
	// Check the documents of Initech - completed
	// Approve Initech - completed
	// Set up Initech in the ERP - completed
	// Welcome Initech - completed
	// Supplier - Initech - complete
}

// A kick-off key that names no field is refused before anything is sent:
// the API would drop it silently and launch anyway.
func ExampleClient_LaunchRun_unknownField() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))

	_, err := c.LaunchRun(context.Background(), tallyfy.LaunchRunRequest{
		TemplateID: tallyfytest.SupplierTemplateID,
		Fields:     map[string]any{"Supplier": "Initech"},
	})
	fmt.Println(errors.Is(err, tallyfy.ErrInvalidArgument))
	// Output: true
}

// A write whose outcome is unknown is never repeated; the error says how to
// find out what happened.
func ExampleErrOutcomeUnknown() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))
	// The fake launches the process, then answers 502 as a proxy might.
	srv.FailOn("POST", "/organizations/*/runs", 1, tallyfytest.Failure{Status: 502, AfterHandling: true})

	ctx := context.Background()
	_, err := c.LaunchRun(ctx, tallyfy.LaunchRunRequest{
		TemplateID: tallyfytest.SupplierTemplateID,
		Name:       "Supplier - Initech",
		Fields: map[string]any{"Supplier name": "Initech", "Contact email": "ap@initech.example",
			"Contract start": "2027-01-04", "Region": "APAC"},
	})
	var unknown *tallyfy.OutcomeUnknownError
	if errors.As(err, &unknown) {
		fmt.Println("not repeated; to check:", unknown.Check)
	}
	// Checking shows it was launched, once.
	n := 0
	for run, err := range c.ListRuns(ctx, &tallyfy.ListRunsOptions{ChecklistID: tallyfytest.SupplierTemplateID, Query: "Supplier - Initech"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(run.Name)
		n++
	}
	fmt.Println(n, "process")
	// Output:
	// not repeated; to check: list the processes of template bb9af381cba1c192f03e9a07ab73fb60 (ListRuns with ChecklistID and Query "Supplier - Initech") to see whether it was launched
	// Supplier - Initech
	// 1 process
}
