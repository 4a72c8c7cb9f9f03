package tallyfytest

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// dueSoonWindow is how far ahead the due_soon task filter looks. The API does not document its
// window (the package documentation lists it as not simulated); three days keeps the sample
// data's due-soon tasks distinct from the later ones.
const dueSoonWindow = 72 * time.Hour

// Task states as the API reports them (docs:tasks/complete-task, docs:tasks/create-task; hidden
// tasks are auto-skipped, docs:tasks/list-process-tasks).
const (
	taskCompleted  = "completed"
	taskInProgress = "in-progress"
	taskNotStarted = "not-started"
	taskHidden     = "auto-skipped"
)

// isComplete accepts "complete" too, as the official CLI's taskIsComplete does (tallyfy/cli).
func isComplete(t gen.Task) bool { return t.Status == taskCompleted || t.Status == "complete" }

// isOpen reports whether a task still has to be done: not completed and not hidden.
func isOpen(t gen.Task) bool { return !isComplete(t) && t.Status != taskHidden }

// matchesTaskStatus applies listRuns' task_status (all, in-progress, completed: mcp
// tools/process_management.py) to the tasks included with with=tasks, as the spec describes it.
func matchesTaskStatus(t gen.Task, taskStatus string) bool {
	switch gen.TaskStatusInclude(taskStatus) {
	case gen.TaskStatusIncludeInProgress:
		return t.Status == taskInProgress
	case gen.TaskStatusIncludeCompleted:
		return isComplete(t)
	default: // "" and all
		return true
	}
}

// runFilter holds listRuns' filters, those of docs:processes/list-processes. Filters combine
// with AND; lists inside one filter with OR. folder is accepted but matches nothing, because no
// sample run is filed in a folder.
type runFilter struct {
	p  gen.ListRunsParams
	st *store
}

func (f runFilter) matches(rec *runRecord) bool {
	r, p := rec.run, f.p
	status := ""
	if p.Status != nil {
		status = string(*p.Status)
	}
	archived := ""
	if p.Archived != nil {
		archived = string(*p.Archived)
	}
	// Archived runs are hidden unless asked for, by status=archived (docs:processes/list-processes)
	// or by archived=only|true (mcp:tools/process_management.py); archived=false always hides them.
	isArchived := r.ArchivedAt != nil
	showArchived := (status == string(gen.RunStatusFilterArchived) || archived == "only" || archived == "true") && archived != "false"
	onlyArchived := status == string(gen.RunStatusFilterArchived) || archived == "only"
	if (isArchived && !showArchived) || (!isArchived && onlyArchived) {
		return false
	}
	if status != "" && !matchesRunStatus(r, status) {
		return false
	}
	// "Search processes by name": how is not documented; a case-insensitive substring is the
	// fake's reading.
	if p.Q != nil && !strings.Contains(strings.ToLower(r.Name), strings.ToLower(*p.Q)) {
		return false
	}
	if p.ChecklistID != nil && r.ChecklistID != *p.ChecklistID {
		return false
	}
	if p.Folder != nil {
		return false
	}
	if p.Tag != nil && !hasAnyTag(rec.tags, []string{*p.Tag}) {
		return false
	}
	if p.TagIDs != nil && !hasAnyTag(rec.tags, *p.TagIDs) {
		return false
	}
	if p.Untagged != nil && *p.Untagged && len(rec.tags) > 0 {
		return false
	}
	if p.Starred != nil && r.Starred != *p.Starred {
		return false
	}
	if p.Type != nil && r.Type != string(*p.Type) {
		return false
	}
	if p.Owners != nil && !f.involvesUser(r, *p.Owners) {
		return false
	}
	if p.Groups != nil && !f.involvesGroup(r, *p.Groups) {
		return false
	}
	return true
}

// matchesRunStatus implements the status filter of docs:processes/list-processes: issue lists the
// runs with an open process-level issue ("while someone has an open process-level issue", which
// has_open_issue says), problem also returns issue runs, starred and archived look at those
// flags, and any other value matches the run's status exactly (so improvement matches nothing in
// the sample data).
func matchesRunStatus(r gen.Run, status string) bool {
	issue := r.Status == "issue" || deref1(r.HasOpenIssue)
	switch gen.RunStatusFilter(status) {
	case gen.RunStatusFilterProblem:
		return r.Status == "problem" || issue
	case gen.RunStatusFilterIssue:
		return issue
	case gen.RunStatusFilterStarred:
		return r.Starred
	case gen.RunStatusFilterArchived:
		return r.ArchivedAt != nil
	default:
		return r.Status == status
	}
}

// involvesUser: the run is owned by, assigned to, or has a task assigned to one of the users
// ("process owner or task assignee", docs:processes/list-processes; mcp:tools/process_management.py).
func (f runFilter) involvesUser(r gen.Run, users []int) bool {
	if slices.Contains(users, r.OwnerID) || containsAny(r.Users, users) {
		return true
	}
	for _, t := range f.st.runTasks(r.ID) {
		if containsAny(userIDs(t.task.Owners.Users), users) {
			return true
		}
	}
	return false
}

// involvesGroup: the run, or one of its tasks, is assigned to one of the groups ("Group IDs
// involved in tasks within the process", docs:processes/list-processes).
func (f runFilter) involvesGroup(r gen.Run, groups []string) bool {
	if containsAny(r.Groups, groups) {
		return true
	}
	for _, t := range f.st.runTasks(r.ID) {
		if containsAny(t.task.Owners.Groups, groups) {
			return true
		}
	}
	return false
}

// sortRuns applies listRuns' sort to runs already in the default order: name or created_at, "-"
// for descending, the keys list-processes documents. Any other key the spec's pattern allows is
// accepted and keeps the default order, as the fake cannot know what the API does with it.
func sortRuns(runs []*runRecord, sort string) {
	key, desc := strings.CutPrefix(sort, "-")
	var by func(a, b gen.Run) int
	switch key {
	case "name":
		by = func(a, b gen.Run) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) }
	case "created_at":
		by = func(a, b gen.Run) int { return a.CreatedAt.Compare(b.CreatedAt) }
	default:
		return
	}
	slices.SortStableFunc(runs, func(a, b *runRecord) int {
		if desc {
			return by(b.run, a.run)
		}
		return by(a.run, b.run)
	})
}

// compareOptionalTime orders times ascending (or descending) and nil after every time.
func compareOptionalTime(a, b *time.Time, desc bool) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	case desc:
		return b.Compare(*a)
	default:
		return a.Compare(*b)
	}
}

// taskFilter holds listRunTasks' filters, those of docs:tasks/list-process-tasks, evaluated
// against the fixed clock now.
type taskFilter struct {
	p   gen.ListRunTasksParams
	now time.Time
}

func (f taskFilter) matches(t gen.Task) bool {
	p := f.p
	if p.Status != nil && !f.matchesStatus(t, *p.Status) {
		return false
	}
	if p.Owners != nil && !containsAny(userIDs(t.Owners.Users), *p.Owners) {
		return false
	}
	if p.Guests != nil && !containsAnyFold(t.Owners.Guests, *p.Guests) {
		return false
	}
	if p.Groups != nil && !containsAny(t.Owners.Groups, *p.Groups) {
		return false
	}
	if p.Unassigned != nil && *p.Unassigned &&
		len(t.Owners.Users)+len(t.Owners.Guests)+len(t.Owners.Groups) > 0 {
		return false
	}
	return f.matchesDeadline(t)
}

// matchesStatus implements the task status vocabulary of docs:tasks/list-process-tasks, which
// gives the names only; what each means here is the fake's reading of its name. active and
// active_visible both mean open and visible: the fake has no hidden task that is still active.
func (f taskFilter) matchesStatus(t gen.Task, status gen.TaskStatusFilter) bool {
	switch status {
	case gen.TaskStatusFilterComplete:
		return isComplete(t)
	case gen.TaskStatusFilterIncomplete:
		return !isComplete(t)
	case gen.TaskStatusFilterActive, gen.TaskStatusFilterActiveVisible:
		return isOpen(t)
	case gen.TaskStatusFilterInprogress:
		return t.Status == taskInProgress
	case gen.TaskStatusFilterNotStarted:
		return t.Status == taskNotStarted
	case gen.TaskStatusFilterHasproblem:
		return t.Problem != nil && *t.Problem
	case gen.TaskStatusFilterOverdue:
		return isOpen(t) && t.Deadline != nil && t.Deadline.Before(f.now)
	case gen.TaskStatusFilterDueSoon:
		return isOpen(t) && t.Deadline != nil && !t.Deadline.Before(f.now) && t.Deadline.Before(f.now.Add(dueSoonWindow))
	default:
		return true
	}
}

// matchesDeadline applies the date filters to the deadline's UTC calendar day. deadline_on takes
// precedence over the others and before/after are exclusive (docs:tasks/list-process-tasks); the
// range is inclusive (the spec: "on or after", "on or before"). A task without a deadline matches
// no date filter.
func (f taskFilter) matchesDeadline(t gen.Task) bool {
	p := f.p
	if p.DeadlineOn == nil && p.DeadlineStartRange == nil && p.DeadlineEndRange == nil &&
		p.DeadlineBefore == nil && p.DeadlineAfter == nil {
		return true
	}
	if t.Deadline == nil {
		return false
	}
	d := t.Deadline.UTC()
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	if p.DeadlineOn != nil {
		return day.Equal(p.DeadlineOn.Time)
	}
	if p.DeadlineStartRange != nil && day.Before(p.DeadlineStartRange.Time) {
		return false
	}
	if p.DeadlineEndRange != nil && day.After(p.DeadlineEndRange.Time) {
		return false
	}
	if p.DeadlineBefore != nil && !day.Before(p.DeadlineBefore.Time) {
		return false
	}
	if p.DeadlineAfter != nil && !day.After(p.DeadlineAfter.Time) {
		return false
	}
	return true
}

// sortTasks applies listRunTasks' sort (position, deadline, "-" descending:
// docs:tasks/list-process-tasks) to tasks in position order; tasks without a deadline come last
// for both deadline orders, an order the documentation leaves open.
func sortTasks(tasks []*taskRecord, sort *gen.ListRunTasksParamsSort) {
	if sort == nil {
		return
	}
	switch *sort {
	case gen.ListRunTasksParamsSortMinusPosition:
		slices.Reverse(tasks)
	case gen.ListRunTasksParamsSortDeadline, gen.ListRunTasksParamsSortMinusDeadline:
		desc := *sort == gen.ListRunTasksParamsSortMinusDeadline
		slices.SortStableFunc(tasks, func(a, b *taskRecord) int {
			return compareOptionalTime(a.task.Deadline, b.task.Deadline, desc)
		})
	}
}

func hasAnyTag(tags []gen.Tag, ids []string) bool {
	for _, t := range tags {
		if slices.Contains(ids, t.ID) {
			return true
		}
	}
	return false
}

func containsAny[T comparable](have, want []T) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

// containsAnyFold compares guest emails case-insensitively, as mail systems do; the API does not
// say.
func containsAnyFold[T ~string](have []string, want []T) bool {
	for _, w := range want {
		if slices.ContainsFunc(have, func(h string) bool { return strings.EqualFold(h, string(w)) }) {
			return true
		}
	}
	return false
}
