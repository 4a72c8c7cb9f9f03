package tallyfy

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// WaitOptions tune WaitForTask's polling.
type WaitOptions struct {
	// Interval is the first wait between reads (default 5 s); each wait is
	// 1.5 times the one before, up to MaxInterval (default 1 min).
	Interval, MaxInterval time.Duration
}

// WaitForTask reads a task of a process (or a one-off task when runID is
// "") until it is completed, and returns it: the approval gate of Tallyfy's
// CLI (task wait). It waits longer between reads each time, and when the
// API rate-limits the reads (after the client's own retries) it waits as
// asked and goes on. Bound the wait with ctx: when it ends, the error wraps
// the context's cause.
//
// API: GET /organizations/{org}/runs/{run_id}/tasks/{task_id} (getRunTask)
// or GET /organizations/{org}/tasks/{task_id} (getTask), repeatedly.
func (c *Client) WaitForTask(ctx context.Context, runID, taskID string, opts *WaitOptions) (*Task, error) {
	if err := c.prepareTask(ctx, runID, taskID); err != nil {
		return nil, err
	}
	interval, maxInterval := 5*time.Second, time.Minute
	if opts != nil {
		if opts.Interval < 0 || opts.MaxInterval < 0 {
			return nil, fmt.Errorf("%w: WaitOptions intervals must not be negative", ErrInvalidArgument)
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
			return task, nil
		case err == nil:
		case errors.Is(err, ErrRateLimited) && errors.As(err, &apiErr) && ctx.Err() == nil:
			wait = max(wait, min(apiErr.RetryAfter, c.cfg.maxRetryDelay))
		default:
			return nil, err
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("tallyfy: waiting for task %s to be completed: %w", taskID, context.Cause(ctx))
		case <-timer.C:
		}
		interval = min(interval*3/2, maxInterval)
	}
}
