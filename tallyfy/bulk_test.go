package tallyfy_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func bulkClient(t *testing.T, opts ...tallyfy.Option) (*tallyfy.Client, *tallyfytest.Server) {
	t.Helper()
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	c, err := tallyfy.NewClient(append([]tallyfy.Option{tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func supplierRow(i int) tallyfy.LaunchRunRequest {
	return tallyfy.LaunchRunRequest{
		Name: fmt.Sprintf("Supplier %02d", i),
		Fields: map[string]any{
			"Supplier name":  fmt.Sprintf("Supplier %02d", i),
			"contact_email":  fmt.Sprintf("ap%02d@example.com", i),
			"Contract start": time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC),
			"Region":         "EMEA",
		},
	}
}

func countBy(reqs []tallyfytest.Request) map[string]int {
	n := map[string]int{}
	for _, r := range reqs {
		n[r.Method]++
	}
	return n
}

// Twenty launches from one template: the template is read once, each
// process is one POST. LaunchRun with Fields would read it each time (40).
func TestPreparedLaunch_TwentyLaunchesCostTwentyOneRequests(t *testing.T) {
	c, srv := bulkClient(t)
	ctx := context.Background()
	srv.ClearRequests()
	p, err := c.PrepareLaunch(ctx, tallyfytest.SupplierTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		if err := p.Check(ctx, supplierRow(i)); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
	}
	if got := len(srv.Requests()); got != 1 {
		t.Fatalf("prepare and 20 checks sent %d requests, want 1 (the template read)", got)
	}
	ids := map[string]bool{}
	for i := range 20 {
		run, err := p.Launch(ctx, supplierRow(i))
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		if run.ChecklistID != tallyfytest.SupplierTemplateID || run.Name != supplierRow(i).Name {
			t.Fatalf("row %d launched %q of %s", i, run.Name, run.ChecklistID)
		}
		ids[run.ID] = true
	}
	reqs := srv.Requests()
	by := countBy(reqs)
	t.Logf("20 launches: %d requests (%d GET, %d POST)", len(reqs), by["GET"], by["POST"])
	if len(reqs) != 21 || by["GET"] != 1 || by["POST"] != 20 || len(ids) != 20 {
		t.Fatalf("%d requests (%v), %d processes; want 21: 1 GET, 20 POST, 20 processes", len(reqs), by, len(ids))
	}
}

func TestPreparedLaunch_CheckRefusesBadRequestsSendingNothing(t *testing.T) {
	c, srv := bulkClient(t)
	ctx := context.Background()
	p, err := c.PrepareLaunch(ctx, tallyfytest.SupplierTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Template().ID != tallyfytest.SupplierTemplateID {
		t.Fatalf("Template() = %s", p.Template().ID)
	}
	srv.ClearRequests()
	unknown := supplierRow(1)
	unknown.Fields["Colour"] = "red"
	missing := supplierRow(2)
	delete(missing.Fields, "Region")
	noFields := tallyfy.LaunchRunRequest{Name: "no kick-off values"}
	other := supplierRow(3)
	other.TemplateID = tallyfytest.SampleTemplateID
	badOption := supplierRow(4)
	badOption.Fields["Region"] = "Atlantis"
	for name, req := range map[string]tallyfy.LaunchRunRequest{
		"unknown key": unknown, "required left out": missing, "no fields, required ones exist": noFields,
		"another template": other, "no such option": badOption,
	} {
		if err := p.Check(ctx, req); !errors.Is(err, tallyfy.ErrInvalidArgument) {
			t.Errorf("%s: Check = %v, want ErrInvalidArgument", name, err)
		}
		if _, err := p.Launch(ctx, req); !errors.Is(err, tallyfy.ErrInvalidArgument) {
			t.Errorf("%s: Launch = %v, want ErrInvalidArgument", name, err)
		}
	}
	if got := srv.Requests(); len(got) != 0 {
		t.Fatalf("bad requests sent %d requests: %v", len(got), got)
	}
	// The same template id given is accepted.
	same := supplierRow(5)
	same.TemplateID = tallyfytest.SupplierTemplateID
	if err := p.Check(ctx, same); err != nil {
		t.Fatal(err)
	}
}

func TestPrepareLaunch_ReadFailsAndBadID(t *testing.T) {
	c, _ := bulkClient(t)
	ctx := context.Background()
	if _, err := c.PrepareLaunch(ctx, "../x"); !errors.Is(err, tallyfy.ErrInvalidArgument) {
		t.Fatalf("bad id: %v", err)
	}
	if _, err := c.PrepareLaunch(ctx, "0123456789abcdef0123456789abcdef"); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Fatalf("unknown template: %v", err)
	}
}

// LaunchRun still reads the template for its Fields and refuses the same
// rows as Check: the two share one path.
func TestLaunchRun_SharesPreparedLaunchChecks(t *testing.T) {
	c, srv := bulkClient(t)
	ctx := context.Background()
	req := supplierRow(7)
	req.TemplateID = tallyfytest.SupplierTemplateID
	srv.ClearRequests()
	if _, err := c.LaunchRun(ctx, req); err != nil {
		t.Fatal(err)
	}
	if by := countBy(srv.Requests()); by["GET"] != 1 || by["POST"] != 1 {
		t.Fatalf("LaunchRun with Fields: %v, want 1 GET and 1 POST", by)
	}
	req.Fields["Colour"] = "red"
	srv.ClearRequests()
	if _, err := c.LaunchRun(ctx, req); !errors.Is(err, tallyfy.ErrInvalidArgument) {
		t.Fatalf("unknown key: %v", err)
	}
	if by := countBy(srv.Requests()); by["POST"] != 0 {
		t.Fatalf("a refused launch was sent: %v", by)
	}
}

// Completing every open task of a process from one list read: one GET,
// then one POST a task; the checks run on the state read.
func TestCompleteTaskAsRead_OneListReadForManyTasks(t *testing.T) {
	c, srv := bulkClient(t)
	ctx := context.Background()
	req := supplierRow(1)
	req.TemplateID = tallyfytest.SupplierTemplateID
	run, err := c.LaunchRun(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()
	var tasks []*tallyfy.Task
	for task, err := range c.ListRunTasks(ctx, run.ID, nil) {
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, task)
	}
	completed := 0
	for _, task := range tasks {
		if task.TaskType == tallyfy.TaskTypeApproval {
			if _, err := c.CompleteTaskAsRead(ctx, task, nil); !errors.Is(err, tallyfy.ErrInvalidArgument) {
				t.Fatalf("approval without a decision: %v", err)
			}
			if _, err := c.CompleteTaskAsRead(ctx, task, &tallyfy.CompleteTaskOptions{Decision: tallyfy.Approve}); err != nil {
				t.Fatal(err)
			}
			completed++
			continue
		}
		if _, err := c.CompleteTaskAsRead(ctx, task, &tallyfy.CompleteTaskOptions{Decision: tallyfy.Approve}); !errors.Is(err, tallyfy.ErrInvalidArgument) {
			t.Fatalf("a decision on a %s task: %v", task.TaskType, err)
		}
		done, err := c.CompleteTaskAsRead(ctx, task, nil)
		if err != nil {
			// A task with a required form field left empty: the server's
			// answer, not a read, decides.
			var apiErr *tallyfy.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("task %q: %v", task.Title, err)
			}
			continue
		}
		if done.Status != tallyfy.TaskStatusCompleted {
			t.Fatalf("task %q: status %s", task.Title, done.Status)
		}
		completed++
		// The state held says completed now: refused, nothing sent.
		before := len(srv.Requests())
		if _, err := c.CompleteTaskAsRead(ctx, done, nil); !errors.Is(err, tallyfy.ErrAlreadyCompleted) {
			t.Fatalf("completed task: %v", err)
		}
		if len(srv.Requests()) != before {
			t.Fatal("a refused completion sent a request")
		}
	}
	reqs := srv.Requests()
	by := countBy(reqs)
	t.Logf("%d tasks of one process: %d requests (%d GET, %d POST)", len(tasks), len(reqs), by["GET"], by["POST"])
	if by["GET"] != 1 || len(reqs) != 1+len(tasks) || completed < 2 {
		t.Fatalf("%d tasks, %d completed: %v requests; want 1 GET and one POST a task", len(tasks), completed, by)
	}
}

func TestCompleteTaskAsRead_StaleStateIsTheServersToAnswer(t *testing.T) {
	c, _ := bulkClient(t)
	ctx := context.Background()
	task, err := c.GetRunTask(ctx, tallyfytest.SampleRunID, tallyfytest.SampleTaskID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReopenTaskAsRead(ctx, task); err != nil {
		t.Fatal(err)
	}
	// task still says completed: reopening from it again goes to the server,
	// which answers that the task is not completed.
	_, err = c.ReopenTaskAsRead(ctx, task)
	var apiErr *tallyfy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("stale reopen: %v, want the server's answer", err)
	}
}

func TestTaskAsRead_RefusesWhatIsNotARead(t *testing.T) {
	c, srv := bulkClient(t)
	ctx := context.Background()
	open, err := c.GetRunTask(ctx, tallyfytest.SampleRunID, tallyfytest.InProgressTaskID, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.ClearRequests()
	for name, call := range map[string]func() error{
		"nil complete": func() error { _, err := c.CompleteTaskAsRead(ctx, nil, nil); return err },
		"nil reopen":   func() error { _, err := c.ReopenTaskAsRead(ctx, nil); return err },
		"made up": func() error {
			_, err := c.CompleteTaskAsRead(ctx, &tallyfy.Task{ID: tallyfytest.InProgressTaskID}, nil)
			return err
		},
		"bad id": func() error {
			_, err := c.CompleteTaskAsRead(ctx, &tallyfy.Task{ID: "../x", Status: "active"}, nil)
			return err
		},
		"reopen open task": func() error { _, err := c.ReopenTaskAsRead(ctx, open); return err },
		"bad decision": func() error {
			_, err := c.CompleteTaskAsRead(ctx, open, &tallyfy.CompleteTaskOptions{Decision: "maybe"})
			return err
		},
	} {
		if err := call(); !errors.Is(err, tallyfy.ErrInvalidArgument) {
			t.Errorf("%s: %v, want ErrInvalidArgument", name, err)
		}
	}
	if got := srv.Requests(); len(got) != 0 {
		t.Fatalf("refusals sent %d requests", len(got))
	}
}

func TestWithRateLimit_RefusesBadValues(t *testing.T) {
	for _, v := range []struct {
		rate  float64
		burst int
	}{{-1, 1}, {1, 0}, {2, -1}} {
		_, err := tallyfy.NewClient(tallyfy.WithToken("t0ken-abc"), tallyfy.WithRateLimit(v.rate, v.burst))
		if !errors.Is(err, tallyfy.ErrInvalidConfig) {
			t.Errorf("WithRateLimit(%g, %d): %v, want ErrInvalidConfig", v.rate, v.burst, err)
		}
	}
}

// One request a minute with no burst to spare: the second request's turn
// comes after its deadline, so it fails at once with ErrRateLimited and is
// never sent; a cancelled context ends the wait the same way.
func TestWithRateLimit_PacesEveryRequestAndHonoursTheContext(t *testing.T) {
	c, srv := bulkClient(t, tallyfy.WithRateLimit(1.0/60, 1))
	ctx := context.Background()
	srv.ClearRequests()
	if _, err := c.GetRun(ctx, tallyfytest.SampleRunID, nil); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := c.GetRun(short, tallyfytest.SampleRunID, nil); !errors.Is(err, tallyfy.ErrRateLimited) {
		t.Fatalf("second request within the minute: %v, want ErrRateLimited", err)
	}
	cancelled, stop := context.WithCancel(ctx)
	stop()
	if _, err := c.GetRun(cancelled, tallyfytest.SampleRunID, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v, want context.Canceled", err)
	}
	// A write refused by the pace was never sent: not an unknown outcome.
	_, err := c.LaunchRun(short, tallyfy.LaunchRunRequest{TemplateID: tallyfytest.SampleTemplateID, Name: "paced"})
	if !errors.Is(err, tallyfy.ErrRateLimited) || errors.Is(err, tallyfy.ErrOutcomeUnknown) {
		t.Fatalf("paced launch: %v, want ErrRateLimited and not ErrOutcomeUnknown", err)
	}
	if got := len(srv.Requests()); got != 1 {
		t.Fatalf("the server saw %d requests, want 1", got)
	}
	// ForOrganization copies share the pace.
	if _, err := c.ForOrganization(srv.OrgID).GetRun(short, tallyfytest.SampleRunID, nil); !errors.Is(err, tallyfy.ErrRateLimited) {
		t.Fatalf("copy: %v, want ErrRateLimited", err)
	}
}
