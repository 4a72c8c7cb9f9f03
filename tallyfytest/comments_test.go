package tallyfytest_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func taskProblem(t *testing.T, c *tallyfy.Client, taskID string) (problem bool, threads int) {
	t.Helper()
	task, err := c.GetTask(context.Background(), taskID, &tallyfy.GetTaskOptions{With: []tallyfy.TaskInclude{tallyfy.TaskIncludeThreads, tallyfy.TaskIncludeThreadsCount}})
	if err != nil {
		t.Fatal(err)
	}
	if task.ThreadsCount == nil || *task.ThreadsCount != len(task.Threads) {
		t.Fatalf("threads_count %v, %d threads included", task.ThreadsCount, len(task.Threads))
	}
	return task.Problem != nil && *task.Problem, len(task.Threads)
}

func hasProblemTasks(t *testing.T, c *tallyfy.Client) []string {
	t.Helper()
	var ids []string
	for task, err := range c.ListOrgTasks(context.Background(), &tallyfy.ListOrgTasksOptions{Status: tallyfy.TaskStatusFilterHasproblem}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, task.ID)
	}
	return ids
}

func TestComments_AResolvedIssueClearsTheTasksProblem(t *testing.T) {
	srv, c := peopleClient(t)
	ctx := context.Background()
	task := tallyfytest.InProgressTaskID
	if problem, _ := taskProblem(t, c, task); problem {
		t.Fatal("the sample task starts with a problem")
	}
	issue, err := c.ReportTaskIssue(ctx, task, tallyfy.IssueRequest{Content: "Page 2 is missing."})
	if err != nil {
		t.Fatal(err)
	}
	if *issue.Label != "problem" || issue.ResolveID != nil {
		t.Fatalf("issue = %+v", issue)
	}
	if problem, n := taskProblem(t, c, task); !problem || n != 1 {
		t.Fatalf("after the report: problem %v, %d threads", problem, n)
	}
	if got := hasProblemTasks(t, c); !slices.Contains(got, task) {
		t.Fatalf("hasproblem lists %v, not %s", got, task)
	}

	// A second issue keeps the flag until both are resolved.
	second, err := c.ReportTaskIssue(ctx, task, tallyfy.IssueRequest{Content: "And page 3."})
	if err != nil {
		t.Fatal(err)
	}
	resolved, err := c.ResolveTaskIssue(ctx, task, tallyfy.ResolveIssueRequest{ThreadID: issue.ID, Content: "Page 2 arrived."})
	if err != nil || *resolved.Label != "resolve" {
		t.Fatalf("resolve = %+v, %v", resolved, err)
	}
	if problem, _ := taskProblem(t, c, task); !problem {
		t.Fatal("one issue is still open but the task is not flagged")
	}
	// A resolved issue cannot be resolved again; a thread of another task is refused too.
	if _, err := c.ResolveTaskIssue(ctx, task, tallyfy.ResolveIssueRequest{ThreadID: issue.ID, Content: "again"}); !errors.Is(err, tallyfy.ErrValidation) {
		t.Fatalf("resolving twice: %v, want a validation error", err)
	}
	if _, err := c.ResolveTaskIssue(ctx, tallyfytest.SampleTaskID, tallyfy.ResolveIssueRequest{ThreadID: second.ID, Content: "x"}); !errors.Is(err, tallyfy.ErrValidation) {
		t.Fatalf("resolving another task's issue: %v, want a validation error", err)
	}
	if _, err := c.ResolveTaskIssue(ctx, task, tallyfy.ResolveIssueRequest{ThreadID: second.ID, Content: "Page 3 too."}); err != nil {
		t.Fatal(err)
	}
	if problem, n := taskProblem(t, c, task); problem || n != 4 {
		t.Fatalf("after resolving both: problem %v, %d threads (2 issues, 2 resolutions)", problem, n)
	}
	if got := hasProblemTasks(t, c); slices.Contains(got, task) {
		t.Fatalf("hasproblem still lists %s", task)
	}
	stored := srv.Comments(task)
	if stored[0].ResolveID == nil || *stored[0].ResolveID != resolved.ID {
		t.Errorf("the first issue's resolve_id = %v, want %d", stored[0].ResolveID, resolved.ID)
	}
}

func TestComments_EditAndDeleteATaskComment(t *testing.T) {
	srv, c := peopleClient(t)
	ctx := context.Background()
	task := tallyfytest.InProgressTaskID
	posted, err := c.CommentOnTask(ctx, task, tallyfy.CommentRequest{Content: "Draft", Visibility: tallyfy.CommentHiddenFromGuests})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := c.UpdateTaskComment(ctx, task, posted.ID, tallyfy.CommentRequest{Content: "Final, @[1002].", Visibility: tallyfy.CommentVisibleToAll})
	if err != nil || *edited.Content != "Final, @[1002]." || *edited.State != "open" || !slices.Equal(*edited.SentTo, []int{1002}) {
		t.Fatalf("edited = %+v, %v", edited, err)
	}
	// Only a comment of that task can be edited.
	if _, err := c.UpdateTaskComment(ctx, tallyfytest.SampleTaskID, posted.ID, tallyfy.CommentRequest{Content: "x", Visibility: tallyfy.CommentVisibleToAll}); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Fatalf("editing through another task: %v, want ErrNotFound", err)
	}
	if err := c.DeleteTaskComment(ctx, task, posted.ID); err != nil {
		t.Fatal(err)
	}
	if got := srv.Comments(task); len(got) != 0 {
		t.Fatalf("comments after delete = %+v", got)
	}
	// A delete cannot be undone: the comment is gone for good.
	if err := c.DeleteTaskComment(ctx, task, posted.ID); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Fatalf("second delete: %v, want ErrNotFound", err)
	}
}

func TestComments_ProcessAndTemplateThreads(t *testing.T) {
	srv, c := peopleClient(t)
	ctx := context.Background()
	run := tallyfytest.SampleRunID
	openRun := func() bool {
		r, err := c.GetRun(ctx, run, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r.HasOpenIssue != nil && *r.HasOpenIssue
	}
	issueRuns := func() []string {
		var ids []string
		for r, err := range c.ListRuns(ctx, &tallyfy.ListRunsOptions{Status: tallyfy.RunStatusFilterIssue}) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}
		return ids
	}
	if _, err := c.CommentOnRun(ctx, run, tallyfy.CommentRequest{Content: "Kick-off booked.", Visibility: tallyfy.CommentVisibleToAll}); err != nil {
		t.Fatal(err)
	}
	issue, err := c.ReportRunIssue(ctx, run, tallyfy.IssueRequest{Content: "The client went quiet."})
	if err != nil {
		t.Fatal(err)
	}
	if !openRun() || !slices.Contains(issueRuns(), run) {
		t.Fatal("a process with an open issue is not flagged or not listed under issue")
	}
	if _, err := c.ResolveRunIssue(ctx, run, tallyfy.ResolveIssueRequest{ThreadID: issue.ID, Content: "They answered."}); err != nil {
		t.Fatal(err)
	}
	if openRun() || slices.Contains(issueRuns(), run) {
		t.Fatal("the process is still flagged after its issue was resolved")
	}
	if got := srv.Threads("runs", run); len(got) != 3 || *got[0].State != "open" {
		t.Fatalf("process threads = %+v", got)
	}

	tpl := tallyfytest.SampleTemplateID
	tplIssue, err := c.ReportTemplateIssue(ctx, tpl, tallyfy.IssueRequest{Content: "Step 3 is outdated."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CommentOnTemplate(ctx, tpl, tallyfy.CommentRequest{Content: "Agreed.", Visibility: tallyfy.CommentCollapsed}); err != nil {
		t.Fatal(err)
	}
	// A process's issue cannot be resolved through the template.
	if _, err := c.ResolveTemplateIssue(ctx, tpl, tallyfy.ResolveIssueRequest{ThreadID: issue.ID, Content: "x"}); !errors.Is(err, tallyfy.ErrValidation) {
		t.Fatalf("err = %v, want a validation error", err)
	}
	if _, err := c.ResolveTemplateIssue(ctx, tpl, tallyfy.ResolveIssueRequest{ThreadID: tplIssue.ID, Content: "Rewritten."}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Threads("checklists", tpl); len(got) != 3 || got[0].ResolveID == nil {
		t.Fatalf("template threads = %+v", got)
	}
	if _, err := c.CommentOnTemplate(ctx, "00000000000000000000000000000000", tallyfy.CommentRequest{Content: "x", Visibility: tallyfy.CommentVisibleToAll}); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Fatalf("unknown template: %v", err)
	}
}

func TestComments_ABotCommentNotifiesNobody(t *testing.T) {
	_, c := peopleClient(t)
	got, err := c.BotCommentOnTask(context.Background(), tallyfytest.InProgressTaskID, tallyfy.BotCommentRequest{Content: "Synced, @[1002]."})
	if err != nil || got.SentTo == nil || len(*got.SentTo) != 0 {
		t.Fatalf("bot comment = %+v, %v", got, err)
	}
}

func TestComments_PostingPastTheHourlyCapIs429(t *testing.T) {
	// The client's own pacing is off, so the fake's cap is what answers.
	_, c := peopleClient(t, tallyfy.WithCommentPacing(0))
	ctx := context.Background()
	for i := range 120 {
		if _, err := c.BotCommentOnTask(ctx, tallyfytest.InProgressTaskID, tallyfy.BotCommentRequest{Content: "x"}); err != nil {
			t.Fatalf("comment %d: %v", i+1, err)
		}
	}
	_, err := c.ReportRunIssue(ctx, tallyfytest.SampleRunID, tallyfy.IssueRequest{Content: "x"})
	var apiErr *tallyfy.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests || apiErr.RetryAfter <= 0 {
		t.Fatalf("the 121st post: %v, want 429 with Retry-After", err)
	}
}
