package tallyfytest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// The writes change the stored data under s.mu, one request at a time, and answer from it. By the
// time a handler runs, the pipeline has checked the body against the spec (as relaxToServer
// loosens it), so what is left to check here is what the server checks beyond the spec: field
// values per type, required fields, states.

// decodeRequest decodes the request body into v. With valuesKey ("prerun", "taskdata") it takes
// that member out first and returns it as the server reads it (see valuesMember); present reports
// whether it was sent at all.
func decodeRequest(r *http.Request, v any, valuesKey string) (values map[string]json.RawMessage, present bool, err error) {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return nil, false, err
	}
	if valuesKey != "" {
		values, present = valuesMember(body, valuesKey)
	}
	rest, err := json.Marshal(body)
	if err != nil {
		return nil, false, err
	}
	return values, present, json.Unmarshal(rest, v)
}

// lockFor takes s.mu for a handler that answers while holding it, and returns a writer that
// keeps the answer until done releases s.mu and sends it: writing records the status in
// Requests, which takes s.mu too.
func (s *Server) lockFor(w http.ResponseWriter) (http.ResponseWriter, *store, func()) {
	held := &heldWriter{header: w.Header()}
	s.mu.Lock()
	return held, s.data, func() {
		s.mu.Unlock()
		if held.status == 0 {
			held.status = http.StatusOK
		}
		w.WriteHeader(held.status)
		_, _ = w.Write(held.body.Bytes())
		// The webhooks the write caused go out before the answer does (the net/http writer
		// holds a small answer until the handler returns), so a test needs no waiting.
		s.sendWebhooks()
	}
}

// heldWriter is an http.ResponseWriter that keeps the status and body for lockFor; headers go
// straight to the real writer, which sends nothing until WriteHeader.
type heldWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldWriter) Header() http.Header { return h.header }
func (h *heldWriter) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}
func (h *heldWriter) Write(b []byte) (int, error) {
	h.WriteHeader(http.StatusOK)
	return h.body.Write(b)
}

// badBody answers a body the validator let through but the handler cannot read (the spec and the
// generated models disagreeing): a 422 in the same form as the validator's.
func badBody(w http.ResponseWriter, err error) {
	writeError(w, http.StatusUnprocessableEntity, validationError(map[string][]string{"body": {err.Error()}}))
}

// writeStatus sends a success body with status (201 for launchRun and createTask), in the legacy
// shapes when the server was made WithLegacyShapes.
func (s *Server) writeStatus(w http.ResponseWriter, status int, v any) {
	body, err := marshal(v)
	if err != nil {
		writeJSON(w, http.StatusOK, v)
		return
	}
	if s.cfg.legacy {
		body = legacyShapes(body)
	}
	writeBody(w, status, body)
}

// LaunchRun answers launchRun (docs:processes/launch-process, mcp:tools/process_management.py):
// 201 and a new active run with one task per template step. The name defaults to "<template
// title> - <date>"; prerun is validated per field type and stored by field id, unknown keys
// dropped; a required kick-off field left empty is 422 "<label> is required"; tasks overrides the
// deadline and owners of a step's task (docs); a step with nobody assigned goes to the launcher
// when its assign_run_starter is unset or true (docs). Not idempotent: every request launches a
// run (cli:process.go).
func (h apiHandlers) LaunchRun(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	var req gen.LaunchRunRequest
	prerun, _, err := decodeRequest(r, &req, "prerun")
	if err != nil {
		badBody(w, err)
		return
	}
	s := h.s
	w, st, done := s.lockFor(w)
	defer done()
	tpl, ok := st.templates[req.ChecklistID]
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	fields := kickoffSpecs(tpl.template.Prerun)
	values, errs := checkValues("prerun", fields, prerun)
	requireValues("prerun", fields, values, errs)
	deadlines, ownerErrs := stepOverrides(req.Tasks)
	for k, v := range ownerErrs {
		errs[k] = v
	}
	if len(errs) > 0 {
		writeError(w, http.StatusUnprocessableEntity, validationError(errs))
		return
	}

	now, me := s.now, s.cfg.me
	name := tpl.template.Title + " - " + now.Format(time.DateOnly)
	if req.Name != nil && strings.TrimSpace(*req.Name) != "" {
		name = *req.Name
	}
	owner := me
	if req.OwnerID != nil {
		owner = *req.OwnerID
	}
	run := gen.Run{
		ID:                st.newID("run"),
		IncrementID:       st.nextRunNumber(),
		ChecklistID:       tpl.template.ID,
		ChecklistTitle:    tpl.template.Title,
		Name:              name,
		Summary:           req.Summary,
		Status:            "active",
		StartedBy:         me,
		OwnerID:           owner,
		Prerun:            object(values),
		PrerunStatus:      "complete",
		PrerunCompletedAt: &now,
		PrerunCompletedBy: &me,
		PrerunLength:      ptr(len(tpl.template.Prerun)),
		Starred:           isTrue(req.Starred),
		IsPublic:          isTrue(req.IsPublic),
		CreatedAt:         now,
		StartedAt:         &now,
		LastUpdated:       now,
		Type:              tpl.template.Type,
		Users:             nonNil(deref(req.Users)),
		Groups:            nonNil(deref(req.Groups)),
		ParentID:          req.ParentID,
		CanAddOot:         ptr(true),
		HasOpenIssue:      ptr(false),
		AssignSomeoneElse: ptr(false),
	}
	tags := st.knownTags()
	for _, id := range deref(req.Tags) {
		if t, ok := tags[id]; ok {
			run.Tags = append(run.Tags, t)
		}
	}
	st.putRun(run)

	aliases := map[string]any{}
	for _, k := range tpl.template.Prerun {
		if k.Alias != nil {
			aliases[*k.Alias] = values[k.ID]
		}
	}
	taskNum := st.nextTaskNumber()
	for i, step := range tpl.steps {
		task := launchedTask(run, step, i, taskNum+i, aliases, now, me)
		if o, ok := deref2(req.Tasks)[step.ID]; ok {
			if o.Owners != nil {
				task.Owners = owners(*o.Owners)
			}
			if d, ok := deadlines[step.ID]; ok {
				task.Deadline = &d
			}
		}
		task.FormFields = slices.Clone(step.Captures)
		st.putTask(task)
	}
	st.refreshRun(run.ID, now)
	s.processEvent(st, "process.launched", run.ID)
	s.writeStatus(w, http.StatusCreated, gen.RunResponse{Data: st.runView(st.runs[run.ID], includes{}, false, "")})
}

func deref2[K comparable, V any](m *map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	return *m
}

// stepOverrides parses the deadlines of launchRun's tasks overrides; a date the spec's pattern
// lets through but the calendar does not know (2024-13-01) is 422.
func stepOverrides(tasks *map[string]gen.StepOverride) (map[string]time.Time, map[string][]string) {
	out, errs := map[string]time.Time{}, map[string][]string{}
	for id, o := range deref2(tasks) {
		if o.Deadline == nil {
			continue
		}
		d, err := parseWriteDate(*o.Deadline)
		if err != nil {
			errs["tasks."+id+".deadline"] = []string{"The deadline is not a valid date."}
			continue
		}
		out[id] = d
	}
	return out, errs
}

// launchedTask is the task a launch makes from a template step: the step's title with its
// {{alias}} placeholders filled from the kick-off values, type, position, assignees and form
// fields, and a deadline the step's deadline after launch. The first task starts in-progress and
// the others not-started, as in the sample data's freshly launched runs (the API does not say).
func launchedTask(run gen.Run, step gen.Step, i, num int, aliases map[string]any, now time.Time, me int) gen.Task {
	taskType := "task"
	if step.StepType != nil && *step.StepType != "" {
		taskType = *step.StepType
	}
	o := gen.TaskOwners{
		Users:  userRefs(deref(step.Assignees)),
		Guests: nonNil(slices.Clone(deref(step.Guests))),
		Groups: nonNil(slices.Clone(deref(step.Groups))),
	}
	if len(o.Users)+len(o.Guests)+len(o.Groups) == 0 && (step.AssignRunStarter == nil || *step.AssignRunStarter) {
		o.Users = userRefs([]int{me}) // docs:processes/launch-process: assign_run_starter, default true
	}
	status, label := taskNotStarted, "Not started"
	var started *time.Time
	if i == 0 {
		status, label, started = taskInProgress, "Active", &now
	}
	t := gen.Task{
		ID:                       derivedID("task", run.ID, step.ID),
		IncrementID:              num,
		Title:                    fillTitle(step.Title, aliases),
		OriginalTitle:            ptr(step.Title),
		RunID:                    ptr(run.ID),
		ChecklistID:              ptr(run.ChecklistID),
		StepID:                   ptr(step.ID),
		Alias:                    step.Alias,
		Status:                   status,
		StatusLabel:              &label,
		TaskType:                 taskType,
		Owners:                   o,
		Position:                 step.Position,
		BlueprintPosition:        ptr(step.Position),
		Deadline:                 ptr(addDuration(now, step.Deadline)),
		StartedAt:                started,
		CreatedAt:                now,
		LastUpdated:              now,
		StarterID:                &me,
		Summary:                  step.Summary,
		EveryoneMustComplete:     step.EveryoneMustComplete,
		CanCompleteOnlyAssignees: step.CanCompleteOnlyAssignees,
		AllowGuestOwners:         step.AllowGuestOwners,
		PreventGuestComment:      step.PreventGuestComment,
		IsSoftStartDate:          step.IsSoftStartDate,
		IsCompletable:            ptr(true),
		Problem:                  ptr(false),
		TopSecret:                ptr(false),
		RunStatus:                ptr(run.Status),
	}
	if len(step.Captures) > 0 {
		t.Taskdata = object(map[string]any{})
	}
	return t
}

// fillTitle replaces each {{alias}} whose kick-off value is text; others are left as they are.
func fillTitle(format string, aliases map[string]any) string {
	for alias, v := range aliases {
		if s, ok := v.(string); ok && s != "" {
			format = strings.ReplaceAll(format, "{{"+alias+"}}", s)
		}
	}
	return format
}

// addDuration is a step deadline after t; without one, a task is due the next day at the same
// time (the API does not document its default).
func addDuration(t time.Time, d *gen.StepDeadline) time.Time {
	if d == nil {
		return t.AddDate(0, 0, 1)
	}
	n := d.Value
	switch d.Unit {
	case "minutes":
		return t.Add(time.Duration(n) * time.Minute)
	case "hours":
		return t.Add(time.Duration(n) * time.Hour)
	case "weeks":
		return t.AddDate(0, 0, 7*n)
	case "months":
		return t.AddDate(0, n, 0)
	default: // days
		return t.AddDate(0, 0, n)
	}
}

func owners(a gen.Assignees) gen.TaskOwners {
	guests := make([]string, 0, len(a.Guests))
	for _, g := range a.Guests {
		guests = append(guests, string(g))
	}
	return gen.TaskOwners{Users: userRefs(a.Users), Guests: guests, Groups: nonNil(slices.Clone(a.Groups))}
}

// UpdateRun answers updateRun (docs:processes/update-process): the fields sent change, and prerun
// only in the keys sent (validated as at launch; it is behind isset). users and groups are the
// trap: the server replaces both with what is sent and a missing one is emptied
// (mcp:tools/process_management.py, RunService::editRun, seen on production 2026-07-21). The spec
// requires both; the fake accepts a body without them (relaxToServer) and empties the set, as
// the server does.
func (h apiHandlers) UpdateRun(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	var req gen.UpdateRunRequest
	prerun, _, err := decodeRequest(r, &req, "prerun")
	if err != nil {
		badBody(w, err)
		return
	}
	s := h.s
	serveWrite(s, w, r, http.StatusOK, runByID(runID), func(st *store, rec *runRecord, _ noBody) (*runRecord, *refusal) {
		return updateRun(st, rec, &req, prerun, s.now)
	}, runItem)
}

// updateRun applies an update to rec, refusing (422) kick-off values that do not fit.
func updateRun(st *store, rec *runRecord, req *gen.UpdateRunRequest, prerun map[string]json.RawMessage, now time.Time) (*runRecord, *refusal) {
	run := rec.run
	var fields []fieldSpec
	if tpl, ok := st.templates[run.ChecklistID]; ok {
		fields = kickoffSpecs(tpl.template.Prerun)
	}
	values, errs := checkValues("prerun", fields, prerun)
	for _, f := range fields {
		// Clearing a required kick-off field is refused as at launch (cli:kickoff.go).
		if v, sent := values[f.id]; sent && f.required && isEmpty(v) && len(errs["prerun."+f.id]) == 0 {
			errs["prerun."+f.id] = []string{f.label + " is required"}
		}
	}
	if len(errs) > 0 {
		return nil, refuse(http.StatusUnprocessableEntity, validationError(errs))
	}
	if req.Name != nil {
		run.Name = *req.Name
	}
	if req.Summary != nil {
		run.Summary = req.Summary
	}
	if req.OwnerID != nil {
		run.OwnerID = *req.OwnerID
	}
	if req.Starred != nil {
		run.Starred = *req.Starred
	}
	if req.IsPublic != nil {
		run.IsPublic = *req.IsPublic
	}
	run.Users = nonNil(req.Users)
	run.Groups = nonNil(req.Groups)
	if len(values) > 0 {
		stored := objectMap(run.Prerun)
		for k, v := range values {
			stored[k] = v
		}
		run.Prerun = object(stored)
	}
	run.LastUpdated = now
	rec.run = run
	return rec, nil
}

// runItem is the answer of a write to a run: the run as stored.
func runItem(st *store, rec runRecord) gen.RunResponse {
	return gen.RunResponse{Data: st.runView(&rec, includes{}, false, "")}
}

// ArchiveRun answers archiveRun: archived_at is set and the run leaves listRuns' default result,
// listed with archived=only, archived=true or status=archived (docs:processes/archive-process,
// mcp:tools/process_management.py). status is kept, as the spec says and activateRun's "status
// as before" needs (docs:processes/activate-process); docs:processes/archive-process's example
// shows status "archived" instead (see "Not simulated"). Archiving an archived run keeps its
// first archived_at.
func (h apiHandlers) ArchiveRun(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	h.setArchived(w, r, runID, true)
}

// ActivateRun answers activateRun: archived_at becomes null and status is what it was
// (docs:processes/activate-process, cli:resources.go). A run stored with the status "archived"
// (the sample data's archived runs, as the archive-process example shows them) comes back
// active, or complete when every visible task is completed.
func (h apiHandlers) ActivateRun(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	h.setArchived(w, r, runID, false)
}

func (h apiHandlers) setArchived(w http.ResponseWriter, r *http.Request, runID string, archived bool) {
	s := h.s
	serveWrite(s, w, r, http.StatusOK, runByID(runID), func(st *store, rec *runRecord, _ noBody) (*runRecord, *refusal) {
		switch {
		case archived && rec.run.ArchivedAt == nil:
			rec.run.ArchivedAt = ptr(s.now)
			rec.run.LastUpdated = s.now
		case !archived:
			rec.run.ArchivedAt = nil
			rec.run.LastUpdated = s.now
			if rec.run.Status == "archived" {
				rec.run.Status = "active"
				st.refreshRun(runID, s.now)
			}
		}
		return rec, nil
	}, runItem)
}

// refreshRun recomputes what a run derives from its tasks after a write, as the sample data
// derives it (see "Not simulated"): progress over visible tasks, whole_progress over all,
// collaborators, max_task_deadline, late_tasks; the run completes (status complete, completed_at)
// when every visible task is completed, and a complete run whose task is reopened is active
// again. The caller holds s.mu.
func (st *store) refreshRun(runID string, now time.Time) {
	rec, ok := st.runs[runID]
	if !ok {
		return
	}
	run := &rec.run
	var visible, done, doneAll, late int
	var collaborators []int
	var maxDeadline *time.Time
	tasks := st.runTasks(runID)
	for _, t := range tasks {
		if isComplete(t.task) {
			doneAll++
		}
		if t.task.Status != taskHidden {
			visible++
			if isComplete(t.task) {
				done++
			} else if t.task.Deadline != nil && t.task.Deadline.Before(now) {
				late++
			}
		}
		if t.task.Deadline != nil && (maxDeadline == nil || t.task.Deadline.After(*maxDeadline)) {
			maxDeadline = t.task.Deadline
		}
		for _, u := range t.task.Owners.Users {
			if !slices.Contains(collaborators, u.ID) {
				collaborators = append(collaborators, u.ID)
			}
		}
	}
	slices.Sort(collaborators)
	run.Progress, run.WholeProgress = progress(done, visible), progress(doneAll, len(tasks))
	run.Collaborators, run.MaxTaskDeadline, run.LateTasks = nonNil(collaborators), maxDeadline, late
	finished := len(tasks) > 0 && done == visible
	switch {
	case finished && run.Status != "complete":
		run.Status, run.CompletedAt = "complete", ptr(now)
	case !finished && run.Status == "complete":
		run.Status, run.CompletedAt = "active", nil
	}
	if finished {
		run.DueDatePassed, run.DueSoon = false, false
	}
	run.LastUpdated = now
	for _, t := range tasks {
		t.task.RunStatus = ptr(run.Status)
	}
}
