package tallyfy

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Comments and issues are threads on a task, a process or a template
// (documentation open-api how-to-integrate-with-tallyfy-using-api: "Comment
// or issue on a process", /runs/{id}/comment, /problem, /resolved-threads;
// the same for templates under /checklists). An issue is a thread labelled
// problem: it flags its task (Task.Problem) or process (Run.HasOpenIssue)
// until it is resolved, and a task with an open issue cannot be completed.
//
// Every method here that posts counts against the API's cap of 120
// comments per organization per hour and paces itself under it (see
// DefaultCommentsPerHour and WithCommentPacing). None is idempotent: a
// post whose outcome is unknown is never repeated, and its error matches
// ErrOutcomeUnknown and says how to check.

// IssueRequest is what ReportTaskIssue, ReportRunIssue and
// ReportTemplateIssue send.
type IssueRequest struct {
	// Content says what is wrong (HTML allowed); required.
	Content string
}

// ResolveIssueRequest is what ResolveTaskIssue, ResolveRunIssue and
// ResolveTemplateIssue send.
type ResolveIssueRequest struct {
	// ThreadID is the issue's id: the Comment.ID the report returned.
	ThreadID int
	// Content is the resolving comment (HTML allowed); required, as the
	// API stores it as a comment (official n8n node: "requires both
	// thread_id and content").
	Content string
}

// BotCommentRequest is what BotCommentOnTask sends.
type BotCommentRequest struct {
	// Content is the text (HTML allowed); required.
	Content string
}

// CommentOnRun posts a comment on a process and returns it. Only the path is
// documented; the body and answer are those of CommentOnTask, whose
// Visibility rule this follows.
//
// API: POST /organizations/{org}/runs/{run_id}/comment (commentOnRun)
func (c *Client) CommentOnRun(ctx context.Context, runID string, req CommentRequest) (*Comment, error) {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return nil, err
	}
	body, err := req.wire()
	if err != nil {
		return nil, err
	}
	return c.postThread(ctx, runCheck(runID, "comment"), func() (*http.Response, error) {
		return c.api.CommentOnRun(ctx, c.orgID, runID, body)
	}, "runs", runID, "comment")
}

// CommentOnTemplate posts a comment on a template and returns it. Only the
// path is documented; the body and answer are those of CommentOnTask, whose
// Visibility rule this follows.
//
// API: POST /organizations/{org}/checklists/{checklist_id}/comment (commentOnTemplate)
func (c *Client) CommentOnTemplate(ctx context.Context, templateID string, req CommentRequest) (*Comment, error) {
	if err := c.prepare(ctx, "template", templateID); err != nil {
		return nil, err
	}
	body, err := req.wire()
	if err != nil {
		return nil, err
	}
	return c.postThread(ctx, templateCheck(templateID, "comment"), func() (*http.Response, error) {
		return c.api.CommentOnTemplate(ctx, c.orgID, templateID, body)
	}, "checklists", templateID, "comment")
}

// BotCommentOnTask posts a comment on a task as a bot, which notifies
// nobody (official n8n node, "Create Bot Comment"), and returns it.
//
// API: POST /organizations/{org}/tasks/{task_id}/bot-comment (botCommentOnTask)
func (c *Client) BotCommentOnTask(ctx context.Context, taskID string, req BotCommentRequest) (*Comment, error) {
	if err := c.prepare(ctx, "task", taskID); err != nil {
		return nil, err
	}
	if err := checkContent("bot comment", req.Content); err != nil {
		return nil, err
	}
	body := gen.BotCommentRequest{Content: req.Content}
	return c.postThread(ctx, taskCheck(taskID, "bot comment"), func() (*http.Response, error) {
		return c.api.BotCommentOnTask(ctx, c.orgID, taskID, body)
	}, "tasks", taskID, "bot-comment")
}

// UpdateTaskComment replaces a comment's text, visibility and label, and
// returns the comment. Visibility is required as for CommentOnTask: no
// source says whether an edit without it keeps the old one. Editing does
// not count against the hourly cap.
//
// API: PUT /organizations/{org}/tasks/{task_id}/comment/{comment_id} (updateTaskComment)
func (c *Client) UpdateTaskComment(ctx context.Context, taskID string, commentID int, req CommentRequest) (*Comment, error) {
	if err := c.prepare(ctx, "task", taskID); err != nil {
		return nil, err
	}
	if err := checkCommentID("comment", commentID); err != nil {
		return nil, err
	}
	body, err := req.wire()
	if err != nil {
		return nil, err
	}
	path := c.OrganizationPath("tasks", taskID, "comment", strconv.Itoa(commentID))
	check := fmt.Sprintf("look at the comments of task %s (GetTask with TaskIncludeThreads) to see whether comment %d changed", taskID, commentID)
	resp, err := c.write(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.UpdateTaskComment(ctx, c.orgID, taskID, commentID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Comment](resp, http.MethodPut, path)
}

// DeleteTaskComment deletes a comment on a task. It cannot be undone (the
// official MCP server: "This action cannot be undone").
//
// API: DELETE /organizations/{org}/tasks/{task_id}/comment/{comment_id} (deleteTaskComment)
func (c *Client) DeleteTaskComment(ctx context.Context, taskID string, commentID int) error {
	if err := c.prepare(ctx, "task", taskID); err != nil {
		return err
	}
	if err := checkCommentID("comment", commentID); err != nil {
		return err
	}
	path := c.OrganizationPath("tasks", taskID, "comment", strconv.Itoa(commentID))
	check := fmt.Sprintf("look at the comments of task %s (GetTask with TaskIncludeThreads) to see whether comment %d is gone", taskID, commentID)
	resp, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.DeleteTaskComment(ctx, c.orgID, taskID, commentID)
	})
	releaseBody(resp)
	return err
}

// ReportTaskIssue raises an issue on a task and returns its thread, whose
// ID ResolveTaskIssue takes. The task is flagged (Task.Problem) and cannot
// be completed until the issue is resolved.
//
// API: POST /organizations/{org}/tasks/{task_id}/problem (reportTaskIssue)
func (c *Client) ReportTaskIssue(ctx context.Context, taskID string, req IssueRequest) (*Comment, error) {
	if err := c.prepare(ctx, "task", taskID); err != nil {
		return nil, err
	}
	if err := checkContent("issue", req.Content); err != nil {
		return nil, err
	}
	body := gen.IssueRequest{Content: req.Content}
	return c.postThread(ctx, taskCheck(taskID, "issue"), func() (*http.Response, error) {
		return c.api.ReportTaskIssue(ctx, c.orgID, taskID, body)
	}, "tasks", taskID, "problem")
}

// ReportRunIssue raises an issue on a process and returns its thread, whose
// ID ResolveRunIssue takes; the process shows Run.HasOpenIssue until then.
//
// API: POST /organizations/{org}/runs/{run_id}/problem (reportRunIssue)
func (c *Client) ReportRunIssue(ctx context.Context, runID string, req IssueRequest) (*Comment, error) {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return nil, err
	}
	if err := checkContent("issue", req.Content); err != nil {
		return nil, err
	}
	body := gen.IssueRequest{Content: req.Content}
	return c.postThread(ctx, runCheck(runID, "issue"), func() (*http.Response, error) {
		return c.api.ReportRunIssue(ctx, c.orgID, runID, body)
	}, "runs", runID, "problem")
}

// ReportTemplateIssue raises an issue on a template and returns its
// thread, whose ID ResolveTemplateIssue takes.
//
// API: POST /organizations/{org}/checklists/{checklist_id}/problem (reportTemplateIssue)
func (c *Client) ReportTemplateIssue(ctx context.Context, templateID string, req IssueRequest) (*Comment, error) {
	if err := c.prepare(ctx, "template", templateID); err != nil {
		return nil, err
	}
	if err := checkContent("issue", req.Content); err != nil {
		return nil, err
	}
	body := gen.IssueRequest{Content: req.Content}
	return c.postThread(ctx, templateCheck(templateID, "issue"), func() (*http.Response, error) {
		return c.api.ReportTemplateIssue(ctx, c.orgID, templateID, body)
	}, "checklists", templateID, "problem")
}

// ResolveTaskIssue resolves one issue on a task, posting req.Content as the
// resolving comment, and returns that comment. Once no issue is open the
// task is no longer flagged. A comment labelled CommentLabelResolve does not
// do this: it resolves nothing (official MCP server).
//
// API: POST /organizations/{org}/tasks/{task_id}/resolved-threads (resolveTaskIssue)
func (c *Client) ResolveTaskIssue(ctx context.Context, taskID string, req ResolveIssueRequest) (*Comment, error) {
	if err := c.prepare(ctx, "task", taskID); err != nil {
		return nil, err
	}
	body, err := req.wire()
	if err != nil {
		return nil, err
	}
	return c.postThread(ctx, taskCheck(taskID, "resolution"), func() (*http.Response, error) {
		return c.api.ResolveTaskIssue(ctx, c.orgID, taskID, body)
	}, "tasks", taskID, "resolved-threads")
}

// ResolveRunIssue resolves one issue on a process, posting req.Content as
// the resolving comment, and returns that comment.
//
// API: POST /organizations/{org}/runs/{run_id}/resolved-threads (resolveRunIssue)
func (c *Client) ResolveRunIssue(ctx context.Context, runID string, req ResolveIssueRequest) (*Comment, error) {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return nil, err
	}
	body, err := req.wire()
	if err != nil {
		return nil, err
	}
	return c.postThread(ctx, runCheck(runID, "resolution"), func() (*http.Response, error) {
		return c.api.ResolveRunIssue(ctx, c.orgID, runID, body)
	}, "runs", runID, "resolved-threads")
}

// ResolveTemplateIssue resolves one issue on a template, posting
// req.Content as the resolving comment, and returns that comment.
//
// API: POST /organizations/{org}/checklists/{checklist_id}/resolved-threads (resolveTemplateIssue)
func (c *Client) ResolveTemplateIssue(ctx context.Context, templateID string, req ResolveIssueRequest) (*Comment, error) {
	if err := c.prepare(ctx, "template", templateID); err != nil {
		return nil, err
	}
	body, err := req.wire()
	if err != nil {
		return nil, err
	}
	return c.postThread(ctx, templateCheck(templateID, "resolution"), func() (*http.Response, error) {
		return c.api.ResolveTemplateIssue(ctx, c.orgID, templateID, body)
	}, "checklists", templateID, "resolved-threads")
}

// postThread posts a comment, issue or resolution at the path of segs,
// paced under the hourly comment cap, and decodes the thread it answers.
func (c *Client) postThread(ctx context.Context, check string, call func() (*http.Response, error), segs ...string) (*Comment, error) {
	path := c.OrganizationPath(segs...)
	resp, err := paced(ctx, pacersFor(c.cfg).comments, c.orgID, func() ([]byte, error) {
		return c.write(http.MethodPost, path, check, call)
	})
	if err != nil {
		return nil, err
	}
	return written[Comment](resp, http.MethodPost, path)
}

// wire checks a comment and builds its body. Visibility is required: left
// to the API, a comment is hidden from guests (TasksMessagingService, cited
// by the official MCP server).
func (req CommentRequest) wire() (gen.CommentRequest, error) {
	if err := checkContent("comment", req.Content); err != nil {
		return gen.CommentRequest{}, err
	}
	state := gen.CommentRequestState(req.Visibility)
	if !state.Valid() {
		return gen.CommentRequest{}, fmt.Errorf("%w: comment visibility %q: choose tallyfy.CommentVisibleToAll, CommentHiddenFromGuests or CommentCollapsed (the API hides a comment from guests when none is sent)", ErrInvalidArgument, displayText(string(req.Visibility), 40))
	}
	if req.Label != "" && !req.Label.Valid() {
		return gen.CommentRequest{}, fmt.Errorf("%w: comment label %q: want comment, problem, resolve, improvement or advice", ErrInvalidArgument, displayText(string(req.Label), 40))
	}
	return gen.CommentRequest{Content: req.Content, State: &state, Label: optEnum(req.Label)}, nil
}

func (req ResolveIssueRequest) wire() (gen.ResolveIssueRequest, error) {
	if err := firstError(checkCommentID("issue thread", req.ThreadID), checkContent("resolving comment", req.Content)); err != nil {
		return gen.ResolveIssueRequest{}, err
	}
	return gen.ResolveIssueRequest{ThreadID: req.ThreadID, Content: req.Content}, nil
}

// checkContent refuses an empty or invalid text, which the API would
// refuse with 422.
func checkContent(what, content string) error {
	if content == "" {
		return fmt.Errorf("%w: the %s needs Content", ErrInvalidArgument, what)
	}
	return checkText(what+" content", content)
}

func checkCommentID(what string, id int) error {
	if id < 1 {
		return fmt.Errorf("%w: %s id %d: comment ids are positive integers", ErrInvalidArgument, what, id)
	}
	return nil
}

func taskCheck(taskID, what string) string {
	return fmt.Sprintf("look at the comments of task %s (GetTask with TaskIncludeThreads) to see whether the %s was posted", taskID, what)
}

func runCheck(runID, what string) string {
	return fmt.Sprintf("look at process %s in the web app to see whether the %s was posted (the API lists no process comments)", runID, what)
}

func templateCheck(templateID, what string) string {
	return fmt.Sprintf("look at template %s in the web app to see whether the %s was posted (the API lists no template comments)", templateID, what)
}
