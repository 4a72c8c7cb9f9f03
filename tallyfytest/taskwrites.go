package tallyfytest

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// runTask finds the task taskID of the run runID: 404 when the run does not exist or the task is
// not one of its tasks, a one-off task included (docs:tasks/update-task, mcp:tools/task_management.py).
// The caller holds s.mu.
func (st *store) runTask(runID, taskID string) (*taskRecord, bool) {
	if _, ok := st.runs[runID]; !ok {
		return nil, false
	}
	rec, ok := st.tasks[taskID]
	if !ok || rec.task.RunID == nil || *rec.task.RunID != runID {
		return nil, false
	}
	return rec, true
}

// oneOffTask finds a one-off task by id. The org-level complete and reopen paths serve one-off
// tasks (docs:tasks/complete-task, cli:resources.go); a task of a run answers 404 there, as the
// run-scoped paths answer 404 for a one-off task. The caller holds s.mu.
func (st *store) oneOffTask(taskID string) (*taskRecord, bool) {
	rec, ok := st.tasks[taskID]
	if !ok || rec.task.RunID != nil {
		return nil, false
	}
	return rec, true
}

// GetRunTask answers getRunTask: the task of that run, with `with` as getTask
// (docs:tasks/get-task); 404 for a task of another run or a one-off task.
func (h apiHandlers) GetRunTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, runID gen.RunID, taskID gen.TaskID, params gen.GetRunTaskParams) {
	w, st, done := h.s.lockFor(w)
	defer done()
	rec, ok := st.runTask(runID, taskID)
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	h.s.writeOK(w, gen.TaskResponse{Data: st.taskView(rec, parseIncludes(params.With), true)})
}

// UpdateRunTask answers updateRunTask (docs:tasks/update-task, mcp:tools/task_management.py): a
// partial update of a task of the run.
func (h apiHandlers) UpdateRunTask(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID, taskID gen.TaskID) {
	h.updateTask(w, r, func(st *store) (*taskRecord, bool) { return st.runTask(runID, taskID) })
}

// UpdateTask answers updateTask, for a one-off task: the same update, and title, deadline and
// owners are required on every request (docs:tasks/update-task caution; the spec's
// UpdateOneOffTaskRequest, so the validator answers 422 first). A task of a run answers 404 here,
// as the run-scoped path does for a one-off task.
func (h apiHandlers) UpdateTask(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	h.updateTask(w, r, func(st *store) (*taskRecord, bool) { return st.oneOffTask(taskID) })
}

// updateTask changes what is sent. owners replaces the assignees and a bucket left out is emptied
// (mcp:tools/task_management.py: BaseAssignees.php, Task::saveAssignees; the spec requires all
// three, relaxToServer lets a raw request show the trap); owners left out changes nothing.
// taskdata is validated per field type against the task's form fields, unknown keys dropped, and
// only the keys sent change. A completed task answers 422 (docs:tasks/update-task).
func (h apiHandlers) updateTask(w http.ResponseWriter, r *http.Request, find func(*store) (*taskRecord, bool)) {
	var req gen.UpdateTaskRequest
	taskdata, _, err := decodeRequest(r, &req, "taskdata")
	if err != nil {
		badBody(w, err)
		return
	}
	s := h.s
	w, st, done := s.lockFor(w)
	defer done()
	rec, ok := find(st)
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	if isComplete(rec.task) {
		writeError(w, http.StatusUnprocessableEntity, validationError(map[string][]string{"task": {"Completed tasks cannot be updated."}}))
		return
	}
	values, errs := checkValues("taskdata", formFieldSpecs(rec.fields), taskdata)
	dates := parseDates(errs, map[string]*gen.WriteDate{"deadline": req.Deadline, "started_at": req.StartedAt})
	if len(errs) > 0 {
		writeError(w, http.StatusUnprocessableEntity, validationError(errs))
		return
	}
	t := &rec.task
	if req.Title != nil {
		t.Title = *req.Title
	}
	if req.Summary != nil {
		t.Summary = req.Summary
	}
	if d, ok := dates["deadline"]; ok {
		t.Deadline = &d
	}
	if d, ok := dates["started_at"]; ok {
		t.StartedAt = &d
	}
	var assigned bool
	if req.Owners != nil {
		before := userIDs(t.Owners.Users)
		t.Owners = owners(*req.Owners)
		for _, id := range userIDs(t.Owners.Users) {
			assigned = assigned || !slices.Contains(before, id)
		}
	}
	if req.MaxAssignable != nil {
		t.MaxAssignable = req.MaxAssignable
	}
	if req.PreventGuestComment != nil {
		t.PreventGuestComment = req.PreventGuestComment
	}
	if req.TopSecret != nil {
		t.TopSecret = req.TopSecret
	}
	if req.Webhook != nil {
		t.Webhook = req.Webhook
	}
	if len(values) > 0 {
		stored := objectMap(t.Taskdata)
		for k, v := range values {
			stored[k] = v
		}
		t.Taskdata = object(stored)
	}
	t.LastUpdated = s.now
	if t.RunID != nil {
		st.refreshRun(*t.RunID, s.now) // owners and deadlines feed collaborators and late_tasks
	}
	if assigned {
		s.taskEvent(st, "task.assigned", rec, nil)
	}
	s.writeOK(w, gen.TaskResponse{Data: st.taskView(rec, includes{}, true)})
}

// parseDates parses the write dates sent (the spec's WriteDate pattern lets 2024-13-01 through),
// adding a 422 message for each the calendar refuses.
func parseDates(errs map[string][]string, dates map[string]*gen.WriteDate) map[string]time.Time {
	out := map[string]time.Time{}
	for key, d := range dates {
		if d == nil {
			continue
		}
		t, err := parseWriteDate(*d)
		if err != nil {
			errs[key] = []string{"The " + strings.ReplaceAll(key, "_", " ") + " is not a valid date."}
			continue
		}
		out[key] = t
	}
	return out
}

// CompleteRunTask answers completeRunTask (docs:tasks/complete-task): the task of the run named by
// task_id is completed and the run's progress moves; the answer carries tasks_changed_by_rules,
// always empty (the fake runs no rules).
func (h apiHandlers) CompleteRunTask(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	h.complete(w, r, func(st *store, id string) (*taskRecord, bool) { return st.runTask(runID, id) }, true)
}

// CompleteTask answers completeTask: a one-off task, without tasks_changed_by_rules
// (docs:tasks/complete-task).
func (h apiHandlers) CompleteTask(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	h.complete(w, r, func(st *store, id string) (*taskRecord, bool) { return st.oneOffTask(id) }, false)
}

// complete completes a task:
//   - an approval task without is_approved is 422 "The is approved field is required."
//     (mcp:tools/task_management.py); is_approved is stored for approval tasks (true approved,
//     false rejected); an expiring or expiring_email task stores is_approved != false, so false
//     records it as expired and anything else as acknowledged (mcp:tools/task_management.py,
//     reading the API's Task::complete); the other types ignore it (docs:tasks/complete-task);
//   - a required form field still empty is 422 "<label> is required" (docs:tasks/complete-task:
//     the API refuses completion while required fields are empty);
//   - a task already completed is 422 "Task already completed": the documentation's answer
//     (docs:tasks/complete-task "returns an error if the task is already completed", whose status
//     it does not give; docs:postman-task-operations lists "Task already completed"), not the
//     2xx the MCP server reads in the source (see "Not simulated");
//   - otherwise status completed, completed_at now, completer_id override_user or the token's
//     user, and the run's progress and status follow (refreshRun).
func (h apiHandlers) complete(w http.ResponseWriter, r *http.Request, find func(*store, string) (*taskRecord, bool), withRules bool) {
	var req gen.CompleteTaskRequest
	if _, _, err := decodeRequest(r, &req, ""); err != nil {
		badBody(w, err)
		return
	}
	s := h.s
	w, st, done := s.lockFor(w)
	defer done()
	rec, ok := find(st, req.TaskID)
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	t := &rec.task
	errs := map[string][]string{}
	switch {
	case isComplete(*t):
		errs["task_id"] = []string{"Task already completed"}
	case t.TaskType == "approval" && req.IsApproved == nil:
		errs["is_approved"] = []string{"The is approved field is required."}
	default:
		requireValues("taskdata", formFieldSpecs(rec.fields), objectMap(t.Taskdata), errs)
	}
	if len(errs) > 0 {
		writeError(w, http.StatusUnprocessableEntity, validationError(errs))
		return
	}
	completer := s.cfg.me
	if req.OverrideUser != nil {
		completer = *req.OverrideUser
	}
	t.Status, t.StatusLabel = taskCompleted, ptr("Completed")
	t.CompletedAt, t.CompleterID, t.LastUpdated = ptr(s.now), &completer, s.now
	if t.StartedAt == nil {
		t.StartedAt = ptr(s.now)
	}
	switch t.TaskType {
	case "approval":
		t.IsApproved = req.IsApproved
	case "expiring", "expiring_email":
		t.IsApproved = ptr(req.IsApproved == nil || *req.IsApproved)
	default:
		t.IsApproved = nil
	}
	t.IsCompletable = ptr(false)
	h.answerCompletion(w, st, rec, withRules)
	s.taskEvent(st, "task.completed", rec, nil)
	if rec.task.RunID != nil {
		if run, ok := st.runs[*rec.task.RunID]; ok && run.run.Status == "complete" {
			s.processEvent(st, "process.completed", run.run.ID)
		}
	}
}

// ReopenRunTask answers reopenRunTask (docs:tasks/reopen-task): a completed task of the run goes
// back to in-progress with completed_at, completer_id, completer_guest and is_approved null, and a
// complete run is active again. A task that is not completed is 422 (the documentation says it
// is an error, without its status or wording).
func (h apiHandlers) ReopenRunTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, runID gen.RunID, taskID gen.TaskID) {
	h.reopen(w, func(st *store) (*taskRecord, bool) { return st.runTask(runID, taskID) }, true)
}

// ReopenTask answers reopenTask: reopenRunTask for a one-off task.
func (h apiHandlers) ReopenTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	h.reopen(w, func(st *store) (*taskRecord, bool) { return st.oneOffTask(taskID) }, false)
}

func (h apiHandlers) reopen(w http.ResponseWriter, find func(*store) (*taskRecord, bool), withRules bool) {
	s := h.s
	w, st, done := s.lockFor(w)
	defer done()
	rec, ok := find(st)
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	t := &rec.task
	if !isComplete(*t) {
		writeError(w, http.StatusUnprocessableEntity, validationError(map[string][]string{"task": {"Task is not completed"}}))
		return
	}
	t.Status, t.StatusLabel = taskInProgress, ptr("Active")
	t.CompletedAt, t.CompleterID, t.CompleterGuest, t.IsApproved = nil, nil, nil, nil
	t.IsCompletable, t.LastUpdated = ptr(true), s.now
	h.answerCompletion(w, st, rec, withRules)
}

// answerCompletion moves the run along and answers {"data": task} with, for a task of a run,
// "tasks_changed_by_rules": {} (docs:tasks/complete-task, docs:tasks/reopen-task). The caller
// holds s.mu.
func (h apiHandlers) answerCompletion(w http.ResponseWriter, st *store, rec *taskRecord, withRules bool) {
	if rec.task.RunID != nil {
		st.refreshRun(*rec.task.RunID, h.s.now)
	}
	resp := gen.CompletedTaskResponse{Data: st.taskView(rec, includes{}, true)}
	if withRules {
		resp.TasksChangedByRules = object(map[string]any{})
	}
	h.s.writeOK(w, resp)
}

// CreateTask answers createTask (docs:tasks/create-task, mcp:tools/task_management.py): 201 and a
// one-off task (run_id, checklist_id and step_id null, is_oneoff_task true, status not-started).
// title, task_type, owners and deadline are required by the spec, so the validator answers 422
// first; owners must name at least one assignee (422 otherwise). The description is read from
// summary, or else description (the sources disagree on which the server reads). Not idempotent:
// every request creates a task.
func (h apiHandlers) CreateTask(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	var req gen.CreateTaskRequest
	if _, _, err := decodeRequest(r, &req, ""); err != nil {
		badBody(w, err)
		return
	}
	errs := map[string][]string{}
	if len(req.Owners.Users)+len(req.Owners.Guests)+len(req.Owners.Groups) == 0 {
		errs["owners"] = []string{"The owners must include at least one assignee."}
	}
	dates := parseDates(errs, map[string]*gen.WriteDate{"deadline": &req.Deadline, "started_at": req.StartedAt})
	if len(errs) > 0 {
		writeError(w, http.StatusUnprocessableEntity, validationError(errs))
		return
	}
	s := h.s
	w, st, done := s.lockFor(w)
	defer done()
	now, me := s.now, s.cfg.me
	summary := req.Summary
	if summary == nil {
		summary = req.Description
	}
	deadline := dates["deadline"]
	t := gen.Task{
		ID: st.newID("task"), IncrementID: st.nextTaskNumber(),
		Title: req.Title, TaskType: string(req.TaskType),
		Status: taskNotStarted, StatusLabel: ptr("Not started"), IsOneoffTask: true,
		Owners: owners(req.Owners), Position: 1, Deadline: &deadline,
		CreatedAt: now, LastUpdated: now, StarterID: &me, Summary: summary,
		EveryoneMustComplete:     ptr(isTrue(req.EveryoneMustComplete)),
		CanCompleteOnlyAssignees: ptr(isTrue(req.CanCompleteOnlyAssignees)),
		PreventGuestComment:      ptr(isTrue(req.PreventGuestComment)),
		TopSecret:                ptr(isTrue(req.TopSecret)),
		MaxAssignable:            req.MaxAssignable,
		Webhook:                  req.Webhook,
		IsCompletable:            ptr(true),
		Problem:                  ptr(false),
	}
	if d, ok := dates["started_at"]; ok {
		t.StartedAt = &d
	}
	tags := st.knownTags()
	for _, id := range deref(req.Tags) {
		if tag, ok := tags[id]; ok {
			t.Tags = append(t.Tags, tag)
		}
	}
	st.putTask(t)
	s.writeStatus(w, http.StatusCreated, gen.TaskResponse{Data: st.taskView(st.tasks[t.ID], includes{}, true)})
}
