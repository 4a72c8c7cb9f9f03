package tallyfy_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// A receiver that reacts to a completed approval: when the approval task of
// a supplier process is completed, it reads the task back to see the
// decision (the webhook payload does not carry it) and acts on it. In
// production the handler is served on a public HTTPS address subscribed with
// the organization's webhooks or set as the template's webhook URL; here the
// fake Tallyfy delivers to it.
func ExampleClient_NewWebhookHandler() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))

	reacted := make(chan string, 1)
	h, err := c.NewWebhookHandler(func(ctx context.Context, e *tallyfy.WebhookEvent) error {
		if e.Type != tallyfy.WebhookTaskCompleted || e.Task == nil || e.Process == nil || e.Task.Alias != "approve_supplier" {
			return nil
		}
		// Anyone who knows the organization id can send a webhook: read
		// the decision from the API rather than trusting the payload.
		task, err := c.GetRunTask(ctx, e.Process.ID, e.Task.ID, nil)
		if err != nil {
			return err
		}
		if task.IsApproved != nil && *task.IsApproved {
			reacted <- "approved: " + e.Process.Name
		} else {
			reacted <- "rejected: " + e.Process.Name
		}
		return nil
	}, &tallyfy.WebhookOptions{Dedupe: 1000}) // the same event may arrive twice
	if err != nil {
		log.Fatal(err)
	}
	receiver := httptest.NewServer(h) // http.ListenAndServe(":8443", h) in production
	defer receiver.Close()
	if _, err := srv.SubscribeWebhook(receiver.URL); err != nil {
		log.Fatal(err)
	}

	// Drive the process on the fake: launch it and complete the approval.
	ctx := context.Background()
	run, err := c.LaunchRun(ctx, tallyfy.LaunchRunRequest{
		TemplateID: tallyfytest.SupplierTemplateID, Name: "Supplier - Initech",
		Fields: map[string]any{"Supplier name": "Initech", "contact_email": "ap@initech.example",
			"Contract start": time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), "Region": "EMEA", "Services": []string{"Hardware"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	for task, err := range c.ListRunTasks(ctx, run.ID, nil) {
		if err != nil {
			log.Fatal(err)
		}
		if task.TaskType == tallyfy.TaskTypeApproval {
			if _, err := c.CompleteTask(ctx, run.ID, task.ID, &tallyfy.CompleteTaskOptions{Decision: tallyfy.Approve}); err != nil {
				log.Fatal(err)
			}
		}
	}
	fmt.Println(<-reacted)
	// Output: approved: Supplier - Initech
}
