package tallyfy_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// Delete a process for good: the API takes only an archived process, and
// only from an administrator. Archiving alone can be undone (ActivateRun);
// the permanent delete cannot.
func ExampleClient_DeleteRunPermanently() {
	srv := tallyfytest.NewServer(tallyfytest.WithMe(tallyfytest.AdminUserID))
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))
	ctx := context.Background()
	runID := tallyfytest.SampleRunID

	err := c.DeleteRunPermanently(ctx, runID)
	fmt.Println("not archived, refused:", errors.Is(err, tallyfy.ErrValidation))

	if _, err := c.ArchiveRun(ctx, runID); err != nil {
		log.Fatal(err)
	}
	if err := c.DeleteRunPermanently(ctx, runID); err != nil {
		// With ErrOutcomeUnknown the delete was not repeated: GetRun says
		// whether it happened.
		log.Fatal(err)
	}
	_, err = c.GetRun(ctx, runID, nil)
	fmt.Println("gone:", errors.Is(err, tallyfy.ErrNotFound))
	// Output:
	// not archived, refused: true
	// gone: true
}

// Archive a one-off task, find it among the archived ones, and restore it.
func ExampleClient_ArchiveTask() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))
	ctx := context.Background()
	taskID := tallyfytest.OneOffTaskID

	if err := c.ArchiveTask(ctx, taskID); err != nil {
		log.Fatal(err)
	}
	for task, err := range c.ListOrgTasks(ctx, &tallyfy.ListOrgTasksOptions{Archived: "only"}) {
		if err != nil {
			log.Fatal(err)
		}
		if task.ID == taskID {
			fmt.Println("archived:", task.Title)
		}
	}
	if err := c.RestoreTask(ctx, taskID); err != nil {
		log.Fatal(err)
	}
	task, err := c.GetTask(ctx, taskID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("restored:", task.ArchivedAt == nil)
	// Output:
	// archived: Renew the office lease
	// restored: true
}
