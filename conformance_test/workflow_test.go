package conformance_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// TestWorkflow drives the daily workflow through the SDK against the fake,
// in both answer shapes, with every request (write bodies included) and
// every response validated against the spec: a launch with a kick-off value
// of every field type, task updates and completions to the end of the
// process, member-keeping updates, archive and reactivation, a one-off
// task's life, comments, and the reads that go with them.
func TestWorkflow(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts []tallyfytest.Option
	}{{"main shapes", nil}, {"legacy shapes", []tallyfytest.Option{tallyfytest.WithLegacyShapes()}}} {
		t.Run(mode.name, func(t *testing.T) {
			srv := tallyfytest.NewServer(mode.opts...)
			t.Cleanup(srv.Close)
			v := newValidator(t, srv.URL, nil)
			c := newSDKClient(t, srv.URL, srv.Token, srv.OrgID, v)
			if err := workflow(context.Background(), c, srv); err != nil {
				t.Error(err)
			}
			v.check(t)
			t.Logf("%s: %d exchanges validated", mode.name, v.Exchanges())
		})
	}
}

func workflow(ctx context.Context, c *tallyfy.Client, srv *tallyfytest.Server) error {
	tmpl, err := c.GetTemplate(ctx, tallyfytest.SupplierTemplateID, nil)
	if err != nil {
		return err
	}
	types := map[string]bool{}
	for _, f := range tmpl.Prerun {
		types[f.FieldType] = true
	}
	if len(types) < 10 {
		return fmt.Errorf("the supplier template's kick-off form has %d field types, want all 10", len(types))
	}
	run, err := c.LaunchRun(ctx, tallyfy.LaunchRunRequest{
		TemplateID: tallyfytest.SupplierTemplateID,
		Name:       "Supplier - Initech",
		Users:      []int{tallyfytest.SampleUserID},
		Fields: map[string]any{
			"Supplier name":   "Initech",
			"notes":           "Found at the trade fair.",
			"Contact email":   "ap@initech.example",
			"Contract start":  time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC),
			"Tier":            "Gold",
			"Region":          "EMEA",
			"Services":        []string{"Hardware", "Consulting"},
			"Bank details":    map[string]string{"Bank": "ING", "IBAN": "NL91ABNA0417164300"},
			"Signed contract": tallyfy.File{URL: "https://files.example/initech-contract.pdf"},
			"Account team":    tallyfy.Assignees{Users: []int{tallyfytest.SampleUserID}},
		},
	})
	if err != nil {
		return fmt.Errorf("launch: %w", err)
	}
	read, err := c.GetRun(ctx, run.ID, &tallyfy.GetRunOptions{With: []tallyfy.RunInclude{tallyfy.RunIncludePrerun}})
	if err != nil {
		return err
	}
	stored, err := read.Prerun.Map()
	if err != nil {
		return err
	}
	for _, f := range tmpl.Prerun {
		if _, ok := stored[f.ID]; !ok {
			return fmt.Errorf("kick-off field %q (%s) was not stored: %v", f.Label, f.FieldType, stored)
		}
	}
	// An update keeps the members the API would otherwise empty.
	renamed, err := c.UpdateRun(ctx, run.ID, tallyfy.UpdateRunRequest{Name: tallyfy.Ptr("Supplier - Initech Ltd")})
	if err != nil {
		return fmt.Errorf("update: %w", err)
	}
	if renamed.Name != "Supplier - Initech Ltd" || !slices.Equal(renamed.Users, []int{tallyfytest.SampleUserID}) {
		return fmt.Errorf("after the update: name %q, users %v", renamed.Name, renamed.Users)
	}
	// Work every task to the end.
	for task, err := range c.ListRunTasks(ctx, run.ID, &tallyfy.ListRunTasksOptions{With: []tallyfy.RunTaskListInclude{tallyfy.RunTaskListIncludeFormFields}}) {
		if err != nil {
			return err
		}
		fields := map[string]any{}
		for _, f := range task.FormFields {
			if f.Required != nil && *f.Required {
				switch f.FieldType {
				case "radio":
					fields[f.Label] = (*f.Options)[0].Text
				default:
					fields[f.Label] = "HRB 12345"
				}
			}
		}
		if len(fields) > 0 {
			if _, err := c.UpdateTask(ctx, run.ID, task.ID, tallyfy.UpdateTaskRequest{Fields: fields}); err != nil {
				return fmt.Errorf("update %q: %w", task.Title, err)
			}
		}
		var opts *tallyfy.CompleteTaskOptions
		if task.TaskType == tallyfy.TaskTypeApproval {
			opts = &tallyfy.CompleteTaskOptions{Decision: tallyfy.Approve}
		}
		done, err := c.CompleteTask(ctx, run.ID, task.ID, opts)
		if err != nil {
			return fmt.Errorf("complete %q: %w", task.Title, err)
		}
		if done.Status != tallyfy.TaskStatusCompleted {
			return fmt.Errorf("%q is %s after completing it", task.Title, done.Status)
		}
		if _, err := c.CompleteTask(ctx, run.ID, task.ID, opts); !errors.Is(err, tallyfy.ErrAlreadyCompleted) {
			return fmt.Errorf("completing %q again: %v, want ErrAlreadyCompleted", task.Title, err)
		}
		if got, err := c.WaitForTask(ctx, run.ID, task.ID, nil); err != nil || got.Status != tallyfy.TaskStatusCompleted {
			return fmt.Errorf("wait for %q: %v", task.Title, err)
		}
	}
	if read, err = c.GetRun(ctx, run.ID, nil); err != nil || read.Status != tallyfy.RunStatusComplete {
		return fmt.Errorf("the process after its last task: %v, %v", read, err)
	}
	// Reopen the last task: the process is active again; archive hides it.
	tasks, err := c.ListRunTasksPage(ctx, run.ID, nil)
	if err != nil {
		return err
	}
	last := tasks.Items[len(tasks.Items)-1]
	if reopened, err := c.ReopenTask(ctx, run.ID, last.ID); err != nil || reopened.Status != tallyfy.TaskStatusInProgress {
		return fmt.Errorf("reopen: %v, %v", reopened, err)
	}
	if _, err := c.ArchiveRun(ctx, run.ID); err != nil {
		return err
	}
	for r, err := range c.ListRuns(ctx, &tallyfy.ListRunsOptions{ChecklistID: tallyfytest.SupplierTemplateID}) {
		if err != nil {
			return err
		}
		if r.ID == run.ID {
			return errors.New("an archived process is in the default list")
		}
	}
	if back, err := c.ActivateRun(ctx, run.ID); err != nil || back.ArchivedAt != nil {
		return fmt.Errorf("activate: %v, %v", back, err)
	}
	// A one-off task: created, updated (title, deadline and owners resent), commented, completed, reopened.
	task, err := c.CreateTask(ctx, tallyfy.CreateTaskRequest{Title: "Call Initech", Summary: "About the contract",
		Owners: tallyfy.Assignees{Users: []int{tallyfytest.SampleUserID}}, Deadline: time.Date(2027, 1, 8, 17, 0, 0, 0, time.UTC)})
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	if task, err = c.UpdateTask(ctx, "", task.ID, tallyfy.UpdateTaskRequest{Summary: tallyfy.Ptr("About the signed contract")}); err != nil {
		return fmt.Errorf("one-off update: %w", err)
	}
	if task.Title != "Call Initech" || len(task.Owners.Users) != 1 {
		return fmt.Errorf("the one-off update lost the title or owners: %q, %v", task.Title, task.Owners.Users)
	}
	comment, err := c.CommentOnTask(ctx, task.ID, tallyfy.CommentRequest{Content: "Called, @[1004] will follow up.", Visibility: tallyfy.CommentVisibleToAll})
	if err != nil || comment.State == nil || *comment.State != "open" || len(srv.Comments(task.ID)) != 1 {
		return fmt.Errorf("comment: %+v, %v", comment, err)
	}
	if _, err := c.CompleteTask(ctx, "", task.ID, nil); err != nil {
		return fmt.Errorf("one-off completion: %w", err)
	}
	if _, err := c.ReopenTask(ctx, "", task.ID); err != nil {
		return fmt.Errorf("one-off reopen: %w", err)
	}
	// The reads of the day.
	found := false
	for t, err := range c.ListMyTasks(ctx, &tallyfy.ListMyTasksOptions{Status: tallyfy.MyTaskStatusFilterActive}) {
		if err != nil {
			return err
		}
		found = found || t.ID == task.ID
	}
	if !found {
		return errors.New("my open one-off task is not in my tasks")
	}
	oneOff := true
	if _, err := c.ListOrgTasksPage(ctx, &tallyfy.ListOrgTasksOptions{OneOff: &oneOff, With: []tallyfy.TaskListInclude{tallyfy.TaskListIncludeRun}}); err != nil {
		return err
	}
	if _, err := c.ListTemplatesPage(ctx, &tallyfy.ListTemplatesOptions{Query: "supplier"}); err != nil {
		return err
	}
	if me, err := c.Me(ctx); err != nil || me.ID != tallyfytest.MeUserID {
		return fmt.Errorf("me: %v, %v", me, err)
	}
	for org, err := range c.MyOrganizations(ctx, nil) {
		if err != nil || org.ID != srv.OrgID {
			return fmt.Errorf("organization %v, %v", org, err)
		}
	}
	return nil
}
