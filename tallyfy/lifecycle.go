package tallyfy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// The end of a process's or a one-off task's life: permanent deletes, the
// archive and restore of a one-off task, a task's copy and a process's
// export. ArchiveRun and ActivateRun are in runs_write.go.

// DeleteRunPermanently deletes an archived process and everything tied to it
// (tasks, comments, form values, files, tags, watchers) for good. It cannot
// be undone. The API takes it from an administrator only, and only for a
// process archived first (ArchiveRun); otherwise it refuses with an
// *APIError (422, or 404, which the documentation also names for a process
// not archived). When the outcome is unknown (ErrOutcomeUnknown) the delete
// is not repeated: read the process (GetRun) to see whether it is gone.
//
// API: DELETE /organizations/{org}/runs/{run_id}/delete (deleteRunPermanently)
func (c *Client) DeleteRunPermanently(ctx context.Context, runID string) error {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return err
	}
	path := c.OrganizationPath("runs", runID, "delete")
	check := fmt.Sprintf("read process %s (GetRun: ErrNotFound once deleted)", runID)
	// The documented answer is an empty body: nothing is read from it.
	body, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.DeleteRunPermanently(ctx, c.orgID, runID)
	})
	releaseBody(body)
	return err
}

// ArchiveTask archives a one-off task: it leaves the task lists and its data
// is kept; ListOrgTasks with Archived "only" lists it, and RestoreTask brings
// it back. A task of a process is archived with its process (ArchiveRun):
// the API serves this for one-off tasks only.
//
// API: DELETE /organizations/{org}/tasks/{task_id} (archiveTask)
func (c *Client) ArchiveTask(ctx context.Context, taskID string) error {
	return c.taskLifecycle(ctx, taskID, http.MethodDelete, nil,
		fmt.Sprintf("read task %s (GetTask; ArchivedAt) to see whether it was archived", taskID),
		func() (*http.Response, error) { return c.api.ArchiveTask(ctx, c.orgID, taskID) })
}

// RestoreTask brings an archived one-off task back into the task lists. No
// source documents the answer, so any success is accepted and nothing is
// read from it: read the task (GetTask) for its state.
//
// API: PUT /organizations/{org}/tasks/{task_id}/restore (restoreTask)
func (c *Client) RestoreTask(ctx context.Context, taskID string) error {
	return c.taskLifecycle(ctx, taskID, http.MethodPut, []string{"restore"},
		fmt.Sprintf("read task %s (GetTask; ArchivedAt) to see whether it was restored", taskID),
		func() (*http.Response, error) { return c.api.RestoreTask(ctx, c.orgID, taskID) })
}

// DeleteTaskPermanently deletes a one-off task, its form fields and their
// values for good. It cannot be undone (ArchiveTask can). A process's tasks
// go with their process (DeleteRunPermanently). When the outcome is unknown
// (ErrOutcomeUnknown) the delete is not repeated: read the task (GetTask) to
// see whether it is gone.
//
// API: DELETE /organizations/{org}/tasks/{task_id}/delete (deleteTaskPermanently)
func (c *Client) DeleteTaskPermanently(ctx context.Context, taskID string) error {
	return c.taskLifecycle(ctx, taskID, http.MethodDelete, []string{"delete"},
		fmt.Sprintf("read task %s (GetTask: ErrNotFound once deleted)", taskID),
		func() (*http.Response, error) { return c.api.DeleteTaskPermanently(ctx, c.orgID, taskID) })
}

// taskLifecycle sends a write to a task's path (and verb) whose answer
// carries nothing the caller needs: the documented ones have no body.
func (c *Client) taskLifecycle(ctx context.Context, taskID, method string, verb []string, check string, call func() (*http.Response, error)) error {
	if err := c.prepare(ctx, "task", taskID); err != nil {
		return err
	}
	path := c.OrganizationPath(append([]string{"tasks", taskID}, verb...)...)
	body, err := c.write(method, path, check, call)
	releaseBody(body)
	return err
}

// CloneTask copies a task and returns the copy. Not idempotent: every call
// makes another copy, so a clone whose outcome is unknown
// (ErrOutcomeUnknown) is never repeated; its Check says how to look for the
// copy. No source documents the answer; it is read as the task the API
// answers every other task write with.
//
// API: POST /organizations/{org}/tasks/{task_id}/clone (cloneTask)
func (c *Client) CloneTask(ctx context.Context, taskID string) (*Task, error) {
	if err := c.prepare(ctx, "task", taskID); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("tasks", taskID, "clone")
	check := fmt.Sprintf("list the tasks (ListOrgTasks with Query set to task %s's title) to see whether a copy was made", taskID)
	body, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CloneTask(ctx, c.orgID, taskID)
	})
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return written[Task](body, http.MethodPost, path)
}

// ExportRun exports a process and returns the API's answer as it came: no
// source documents its shape (the official CLI writes it out unread), so it
// is handed over as JSON, unchanged, for the caller to store or decode. The
// request is a POST that no source says is safe to repeat, so it is sent as
// a write: never repeated once it may have reached the server.
//
// API: POST /organizations/{org}/runs/{run_id}/export (exportRun)
func (c *Client) ExportRun(ctx context.Context, runID string) (json.RawMessage, error) {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("runs", runID, "export")
	check := fmt.Sprintf("no source says an export changes anything; read process %s (GetRun) if in doubt before exporting again", runID)
	body, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.ExportRun(ctx, c.orgID, runID)
	})
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	trimmed := bytes.TrimSpace(body)
	if !json.Valid(trimmed) {
		return nil, carriedOut(fmt.Errorf("%w: the export is not JSON", ErrInvalidResponse), http.MethodPost, path)
	}
	// A copy: body's buffer goes back to the pool.
	return json.RawMessage(bytes.Clone(trimmed)), nil
}

// checkTaskArchived refuses a ListOrgTasksOptions.Archived value the API
// does not document.
func checkTaskArchived(archived string) error {
	if archived != "" && !gen.ListOrgTasksParamsArchived(archived).Valid() {
		return fmt.Errorf("%w: Archived %q: want \"only\" or \"true\"", ErrInvalidArgument, displayText(archived, 40))
	}
	return nil
}
