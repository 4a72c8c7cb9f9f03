package tallyfy

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrRejected matches WaitForTask's error when the approval task it waited
// for was completed with a rejection. The task is returned with the error:
// a rejection is an answer, not a failure to get one, but it is not the
// approval a gate waits for.
var ErrRejected = errors.New("tallyfy: approval rejected")

// ErrExpired matches WaitForTask's error when the expiring task it waited
// for expired: it was completed at its deadline without anyone
// acknowledging it. The task is returned with the error.
var ErrExpired = errors.New("tallyfy: expiring task expired")

// MinWaitInterval is the shortest wait between two reads of WaitForTask.
// The API allows 100 to 600 requests a minute (the sources disagree): a
// faster loop would spend a token's budget on one task, and a person's
// decision does not come sooner for it.
const MinWaitInterval = time.Second

// WaitOptions tune WaitForTask's polling.
type WaitOptions struct {
	// Interval is the first wait between reads (default 5 s); each wait is
	// 1.5 times the one before, up to MaxInterval (default 1 min). Both
	// must be zero (the default) or at least MinWaitInterval: a shorter
	// one is refused with ErrInvalidArgument, not rounded up, so that
	// nobody believes they poll faster than they do.
	Interval, MaxInterval time.Duration
}

// TaskOutcome is how a task ended, in the words of Tallyfy's automation
// conditions (completed, approved, rejected, acknowledged, expired), read
// from its status, its type and is_approved (see OutcomeOf).
type TaskOutcome string

// The outcomes OutcomeOf reports.
const (
	// TaskOutcomeOpen: the task is not completed (yet).
	TaskOutcomeOpen TaskOutcome = "open"
	// TaskOutcomeCompleted: a completed task of a type that records no
	// decision (task, email, or a type the client does not know).
	TaskOutcomeCompleted TaskOutcome = "completed"
	// TaskOutcomeApproved and TaskOutcomeRejected: a completed approval
	// task and its decision (is_approved true or false).
	TaskOutcomeApproved TaskOutcome = "approved"
	TaskOutcomeRejected TaskOutcome = "rejected"
	// TaskOutcomeUndecided: a completed approval task whose read carries no
	// decision (is_approved null or absent). The API requires one to
	// complete an approval, so this is not taken as approved.
	TaskOutcomeUndecided TaskOutcome = "undecided"
	// TaskOutcomeAcknowledged and TaskOutcomeExpired: a completed expiring
	// task (expiring, expiring_email), completed by someone or expired at
	// its deadline. The API records an expiry as is_approved false and an
	// acknowledgement as true (Tallyfy's MCP server, reading the API's
	// Task::complete); null is read as acknowledged, as the API writes false
	// only for an expiry.
	TaskOutcomeAcknowledged TaskOutcome = "acknowledged"
	TaskOutcomeExpired      TaskOutcome = "expired"
)

// OutcomeOf says how task ended, or TaskOutcomeOpen while it is not
// completed. It is how to read Task.IsApproved: whether an approval was
// approved or rejected, and whether an expiring task was acknowledged or
// expired.
func OutcomeOf(task *Task) TaskOutcome {
	if task == nil || task.Status != TaskStatusCompleted {
		return TaskOutcomeOpen
	}
	decided, approved := task.IsApproved != nil, task.IsApproved != nil && *task.IsApproved
	switch task.TaskType {
	case TaskTypeApproval:
		switch {
		case !decided:
			return TaskOutcomeUndecided
		case approved:
			return TaskOutcomeApproved
		}
		return TaskOutcomeRejected
	case TaskTypeExpiring, TaskTypeExpiringEmail:
		if decided && !approved {
			return TaskOutcomeExpired
		}
		return TaskOutcomeAcknowledged
	}
	return TaskOutcomeCompleted
}

// pollWait waits between WaitForTask's reads, until ctx ends; tests replace
// it to count and skip the waits.
var pollWait = sleepContext

// WaitForTask reads a task of a process (or a one-off task when runID is
// "") until it is completed: the approval gate of Tallyfy's CLI (task
// wait). It waits longer between reads each time, and when the API
// rate-limits the reads (after the client's own retries) it waits as asked
// and goes on. Bound the wait with ctx: when it ends, the error wraps the
// context's cause.
//
// A completion is a success only when it is not a refusal (see OutcomeOf):
//
//   - approved, acknowledged, or completed (a task that records no
//     decision): the task and a nil error;
//   - rejected: the task and an error matching ErrRejected;
//   - expired (an expiring task nobody acknowledged before its deadline):
//     the task and an error matching ErrExpired, so that a gate on an
//     expiring task does not pass by itself when the deadline does;
//   - undecided (an approval completed without a decision in the read):
//     the task and an error matching ErrInvalidResponse; the API requires a
//     decision, so its absence is not taken as approval.
//
// So `if err != nil` stops a gate whatever the outcome; errors.Is tells a
// rejection from a failure to learn the outcome. Intervals under
// MinWaitInterval are refused with ErrInvalidArgument before anything is
// sent.
//
// API: GET /organizations/{org}/runs/{run_id}/tasks/{task_id} (getRunTask)
// or GET /organizations/{org}/tasks/{task_id} (getTask), repeatedly.
func (c *Client) WaitForTask(ctx context.Context, runID, taskID string, opts *WaitOptions) (*Task, error) {
	if err := c.prepareTask(ctx, runID, taskID); err != nil {
		return nil, err
	}
	interval, maxInterval := 5*time.Second, time.Minute
	if opts != nil {
		for _, o := range []struct {
			name string
			d    time.Duration
		}{{"Interval", opts.Interval}, {"MaxInterval", opts.MaxInterval}} {
			if o.d != 0 && o.d < MinWaitInterval {
				return nil, fmt.Errorf("%w: WaitOptions.%s %s: the shortest wait between reads is %s (MinWaitInterval); 0 means the default",
					ErrInvalidArgument, o.name, o.d, MinWaitInterval)
			}
		}
		if opts.Interval > 0 {
			interval = opts.Interval
		}
		if opts.MaxInterval > 0 {
			maxInterval = opts.MaxInterval
		}
	}
	interval = min(interval, maxInterval)
	for {
		task, err := c.getAnyTask(ctx, runID, taskID, nil)
		wait := interval
		var apiErr *APIError
		switch {
		case err == nil && task.Status == TaskStatusCompleted:
			return task, completionError(task, taskID)
		case err == nil:
		case errors.Is(err, ErrRateLimited) && errors.As(err, &apiErr) && ctx.Err() == nil:
			wait = max(wait, min(apiErr.RetryAfter, c.cfg.maxRetryDelay))
		default:
			return nil, err
		}
		if err := pollWait(ctx, wait); err != nil || ctx.Err() != nil {
			return nil, fmt.Errorf("tallyfy: waiting for task %s to be completed: %w", taskID, context.Cause(ctx))
		}
		interval = min(interval*3/2, maxInterval)
	}
}

// completionError is WaitForTask's error for a completed task: nil unless
// its outcome is a refusal or unknown.
func completionError(task *Task, taskID string) error {
	switch OutcomeOf(task) {
	case TaskOutcomeRejected:
		return fmt.Errorf("%w: task %s was completed with a rejection", ErrRejected, taskID)
	case TaskOutcomeExpired:
		return fmt.Errorf("%w: task %s reached its deadline without being acknowledged", ErrExpired, taskID)
	case TaskOutcomeUndecided:
		return fmt.Errorf("%w: approval task %s is completed but its read carries no decision (is_approved null); it is not taken as approved",
			ErrInvalidResponse, taskID)
	}
	return nil
}
