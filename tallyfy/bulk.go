package tallyfy

import (
	"context"
	"fmt"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Bulk work: the API has no bulk endpoints, so many launches or many task
// completions are many requests, and at scale their number is the cost. The
// methods here save the reads that the one-at-a-time methods make for their
// safety checks, without giving up the checks: the state checked is read
// once, by the caller or by PrepareLaunch, and every write is checked
// against it as LaunchRun, CompleteTask and ReopenTask check theirs.

// PreparedLaunch launches processes from one template whose kick-off form
// was read once, by PrepareLaunch: launching n processes costs n requests
// plus that read, where n calls of LaunchRun with Fields cost 2n. Check
// validates a request without sending it, so that every row of a batch can
// be checked before the first is launched. It is safe for concurrent use.
type PreparedLaunch struct {
	c        *Client
	template *Template
	kickoff  []fieldDef
}

// PrepareLaunch reads a template, once, to launch processes from it with
// PreparedLaunch.Check and PreparedLaunch.Launch. The template as read is
// what they check kick-off values against: a kick-off form changed since
// is the server's to refuse (its answer is the error Launch returns).
//
// API: GET /organizations/{org}/checklists/{checklist_id} (getTemplate)
func (c *Client) PrepareLaunch(ctx context.Context, templateID string) (*PreparedLaunch, error) {
	if err := c.prepare(ctx, "template", templateID); err != nil {
		return nil, err
	}
	tmpl, err := c.GetTemplate(ctx, templateID, nil)
	if err != nil {
		return nil, fmt.Errorf("reading the kick-off form of template %s: %w", templateID, err)
	}
	return &PreparedLaunch{c: c, template: tmpl, kickoff: kickoffFieldDefs(tmpl.Prerun)}, nil
}

// Template is the template as PrepareLaunch read it. It is shared: do not
// change it.
func (p *PreparedLaunch) Template() *Template { return p.template }

// Check checks req as Launch would, sending nothing: every check LaunchRun
// makes (names, ids, kick-off keys and values, people), and also that no
// required kick-off field is left out, Fields or not. req.TemplateID must be
// the prepared template's id or empty. Naming people (Owner, People, an
// assignees_form value) may read the organization's members, groups and
// guests, which the client caches.
func (p *PreparedLaunch) Check(ctx context.Context, req LaunchRunRequest) error {
	_, _, err := p.body(ctx, req)
	return err
}

// Launch checks req as Check does and launches it, as LaunchRun does but
// without reading the template again. Like LaunchRun, it sends once and
// never repeats a launch whose outcome is unknown: the error then matches
// ErrOutcomeUnknown and says how to look for the process.
//
// API: POST /organizations/{org}/runs (launchRun)
func (p *PreparedLaunch) Launch(ctx context.Context, req LaunchRunRequest) (*Run, error) {
	req, body, err := p.body(ctx, req)
	if err != nil {
		return nil, err
	}
	return p.c.sendLaunch(ctx, req, body)
}

func (p *PreparedLaunch) body(ctx context.Context, req LaunchRunRequest) (LaunchRunRequest, gen.LaunchRunRequest, error) {
	id := p.template.ID
	if req.TemplateID != "" && req.TemplateID != id {
		return req, gen.LaunchRunRequest{}, fmt.Errorf("%w: the request is for template %s but this launch was prepared for template %s",
			ErrInvalidArgument, displayText(req.TemplateID, 40), id)
	}
	req.TemplateID = id
	if err := p.c.prepare(ctx, "template", id); err != nil {
		return req, gen.LaunchRunRequest{}, err
	}
	body, err := p.c.launchBody(ctx, req, func(context.Context) ([]fieldDef, error) { return p.kickoff, nil }, true)
	return req, body, err
}

// CompleteTaskAsRead completes task, as CompleteTask does, checking the
// task's state as the caller read it instead of reading it again: task must
// be a read from the API (GetTask, GetRunTask, ListRunTasks, ListOrgTasks…),
// never one made up, as its Status and TaskType are what is checked. A task
// completed is refused with ErrAlreadyCompleted, an approval task needs a
// Decision and any other task must have none; the task's RunID says which
// process's path the completion goes to (none: a one-off task). The read
// may be stale: when the task changed since, the server's answer decides
// (completing a task completed since may fire its completion events again,
// the risk CompleteTask's own read narrows). Completing many tasks of one
// process this way costs one ListRunTasks read and one request a task.
//
// API: POST /organizations/{org}/runs/{run_id}/completed-tasks
// (completeRunTask) or POST /organizations/{org}/completed-tasks
// (completeTask).
func (c *Client) CompleteTaskAsRead(ctx context.Context, task *Task, opts *CompleteTaskOptions) (*Task, error) {
	runID, err := c.prepareRead(ctx, task)
	if err != nil {
		return nil, err
	}
	o, err := completeOptions(opts)
	if err != nil {
		return nil, err
	}
	return c.completeAsRead(ctx, runID, task.ID, task, o)
}

// ReopenTaskAsRead reopens task, as ReopenTask does, checking the task's
// state as the caller read it: task must be a read from the API (see
// CompleteTaskAsRead). A task the read shows as not completed is refused
// with ErrInvalidArgument and nothing is sent (the API would refuse it too).
// When the read is stale the server's answer decides.
//
// API: DELETE /organizations/{org}/runs/{run_id}/completed-tasks/{task_id}
// (reopenRunTask) or DELETE /organizations/{org}/completed-tasks/{task_id}
// (reopenTask).
func (c *Client) ReopenTaskAsRead(ctx context.Context, task *Task) (*Task, error) {
	runID, err := c.prepareRead(ctx, task)
	if err != nil {
		return nil, err
	}
	if task.Status != TaskStatusCompleted {
		return nil, fmt.Errorf("%w: task %s is %q, not completed, as read: there is nothing to reopen", ErrInvalidArgument, task.ID, displayText(task.Status, 40))
	}
	return c.ReopenTask(ctx, runID, task.ID)
}

// prepareRead checks a task the caller read and returns its process's id
// ("" for a one-off task).
func (c *Client) prepareRead(ctx context.Context, task *Task) (string, error) {
	if task == nil {
		return "", fmt.Errorf("%w: no task: pass the task as read from the API", ErrInvalidArgument)
	}
	runID := ""
	if task.RunID != nil && !task.IsOneoffTask {
		runID = *task.RunID
	}
	if err := c.prepareTask(ctx, runID, task.ID); err != nil {
		return "", err
	}
	if task.Status == "" {
		return "", fmt.Errorf("%w: task %s has no status: pass the task as read from the API, whose state is what is checked", ErrInvalidArgument, task.ID)
	}
	return runID, nil
}
