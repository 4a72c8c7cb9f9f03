package tallyfytest

import (
	"net/http"
	"slices"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// The end of a process's or a one-off task's life: permanent deletes, a one-off task's archive
// and restore, a task's copy, a process's export. archiveRun and activateRun are in writes.go.

// runByID finds a run by id for serveWrite.
func runByID(id string) finder[runRecord] {
	return func(st *store) (*runRecord, bool) {
		rec, ok := st.runs[id]
		return rec, ok
	}
}

// oneOffByID finds a one-off task by id for serveWrite: a task of a run answers 404, as on the
// other org-level task writes (docs:tasks/archive-task, docs:tasks/delete-task: "only one-off
// tasks").
func oneOffByID(id string) finder[taskRecord] {
	return func(st *store) (*taskRecord, bool) { return st.oneOffTask(id) }
}

// taskByID finds any task by id for serveWrite.
func taskByID(id string) finder[taskRecord] {
	return func(st *store) (*taskRecord, bool) {
		rec, ok := st.tasks[id]
		return rec, ok
	}
}

func taskItem(st *store, rec taskRecord) gen.TaskResponse {
	return gen.TaskResponse{Data: st.taskView(&rec, includes{}, true)}
}

// DeleteRunPermanently answers deleteRunPermanently (docs:processes/delete-process): an
// administrator only (403 otherwise, one of the few permissions the fake simulates), an archived
// run only (422 otherwise, as the page's status table gives); then the run, its tasks,
// their comments and issues and the run's tag associations are gone and every read of them
// answers 404; it leaves its folders. The answer is 200 with an empty object (the page says an empty body).
func (h apiHandlers) DeleteRunPermanently(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	serveWrite(h.s, w, r, http.StatusOK, runByID(runID), func(st *store, rec *runRecord, _ noBody) (*runRecord, *refusal) {
		if !st.isAdmin(h.s.cfg.me) {
			return nil, refuse(http.StatusForbidden, apiError(true, "Only administrators can delete a process permanently.", "FORBIDDEN"))
		}
		if rec.run.ArchivedAt == nil {
			return nil, invalid("run_id", "The process must be archived before it can be deleted permanently.")
		}
		for _, t := range st.runTasks(runID) {
			st.dropTask(t.task.ID)
		}
		st.dropThreads(onRun, runID)
		for _, l := range tagLinks(st).all() {
			if deref1(l.SubjectID) == runID {
				tagLinks(st).remove(deref1(l.ID))
			}
		}
		for _, o := range folderObjects(st).all() {
			if deref1(o.SubjectID) == runID {
				folderObjects(st).remove(o.ID)
			}
		}
		delete(st.runs, runID)
		return rec, nil
	}, func(*store, runRecord) map[string]any { return map[string]any{} })
}

// ArchiveTask answers archiveTask (docs:tasks/archive-task): 204, archived_at set (the page's
// deleted_at; the API's task carries archived_at), and the task leaves listOrgTasks, listMyTasks
// and the member and guest task lists; getTask still reads it. Archiving it again keeps the first
// archived_at.
func (h apiHandlers) ArchiveTask(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	serveWrite(h.s, w, r, http.StatusNoContent, oneOffByID(taskID), func(_ *store, rec *taskRecord, _ noBody) (*taskRecord, *refusal) {
		if rec.task.ArchivedAt == nil {
			rec.task.ArchivedAt, rec.task.LastUpdated = ptr(h.s.now), h.s.now
		}
		return rec, nil
	}, taskItem)
}

// RestoreTask answers restoreTask (docs:tasks/archive-task names the path, not the answer): the
// task is back in the lists, and the fake answers 200 with it. Restoring a task that is not
// archived changes nothing.
func (h apiHandlers) RestoreTask(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	serveWrite(h.s, w, r, http.StatusOK, oneOffByID(taskID), func(_ *store, rec *taskRecord, _ noBody) (*taskRecord, *refusal) {
		if rec.task.ArchivedAt != nil {
			rec.task.ArchivedAt, rec.task.LastUpdated = nil, h.s.now
		}
		return rec, nil
	}, taskItem)
}

// DeleteTaskPermanently answers deleteTaskPermanently (docs:tasks/delete-task): 204, and the
// one-off task, its form fields and values, comments and issues are gone (404 afterwards). The
// page does not ask for the task to be archived first, so the fake does not either.
func (h apiHandlers) DeleteTaskPermanently(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	serveWrite(h.s, w, r, http.StatusNoContent, oneOffByID(taskID), func(st *store, rec *taskRecord, _ noBody) (*taskRecord, *refusal) {
		st.dropTask(taskID)
		return rec, nil
	}, taskItem)
}

// CloneTask answers cloneTask (n8n:Tallyfy.node.ts sends it without a body; no source gives the
// answer): 201 and the copy, which the fake makes beside the original (the same process and step,
// or one-off): a new id and number, the title, assignees, deadline, form fields and tags kept, not
// started, no values, no completion, not archived. It is listed like any task. What the live copy
// keeps is not documented (see "Not simulated").
func (h apiHandlers) CloneTask(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	serveWrite(h.s, w, r, http.StatusCreated, taskByID(taskID), func(st *store, rec *taskRecord, _ noBody) (*taskRecord, *refusal) {
		t := rec.task
		t.ID, t.IncrementID = st.newID("task"), st.nextTaskNumber()
		t.Status, t.StatusLabel = taskNotStarted, ptr("Not started")
		t.CreatedAt, t.LastUpdated, t.StarterID = h.s.now, h.s.now, ptr(h.s.cfg.me)
		t.StartedAt, t.CompletedAt, t.CompleterID, t.CompleterGuest, t.IsApproved, t.ArchivedAt = nil, nil, nil, nil, nil, nil
		t.Owners = gen.TaskOwners{Users: slices.Clone(t.Owners.Users), Guests: slices.Clone(t.Owners.Guests), Groups: slices.Clone(t.Owners.Groups)}
		t.Taskdata = object(map[string]any{})
		t.IsCompletable, t.Problem = ptr(true), ptr(false)
		t.FormFields, t.Tags = slices.Clone(rec.fields), slices.Clone(rec.tags)
		st.putTask(t)
		if t.RunID != nil {
			st.refreshRun(*t.RunID, h.s.now)
		}
		return st.tasks[t.ID], nil
	}, taskItem)
}

// ExportRun answers exportRun (clicmd:process.go processExportCmd writes the answer out
// unread; no source gives its shape): 200 with the run as getRun answers it with
// with=tasks and its form values, an honest stand-in for a shape nobody documents.
func (h apiHandlers) ExportRun(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	serveWrite(h.s, w, r, http.StatusOK, runByID(runID), func(_ *store, rec *runRecord, _ noBody) (*runRecord, *refusal) {
		return rec, nil
	}, func(st *store, rec runRecord) gen.RunResponse {
		return gen.RunResponse{Data: st.runView(&rec, includes{"tasks": true}, true, "")}
	})
}

// dropTask removes a task and the comments and issues on it. The caller holds s.mu.
func (st *store) dropTask(taskID string) {
	delete(st.tasks, taskID)
	st.dropThreads(onTask, taskID)
}

// dropThreads removes the comments and issues on one object.
func (st *store) dropThreads(on, objectID string) {
	for _, t := range threads(st).all() {
		if t.on == on && t.objectID == objectID {
			threads(st).remove(t.comment.ID)
		}
	}
}
