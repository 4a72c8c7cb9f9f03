package tallyfytest

import (
	"net/http"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// apiHandlers implements the generated gen.ServerInterface. It is a separate type so the
// operations do not join Server's exported methods. By the time a method runs, the pipeline has
// authenticated the request, checked the organization and validated the parameters.
type apiHandlers struct{ s *Server }

var _ gen.ServerInterface = apiHandlers{}

// GetRun answers getRun. Form field values appear only with form_fields_values=true
// (docs:processes/get-process).
func (h apiHandlers) GetRun(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, runID gen.RunID, params gen.GetRunParams) {
	h.s.mu.Lock()
	st := h.s.data
	rec, ok := st.runs[runID]
	var resp gen.RunResponse
	if ok {
		resp.Data = st.runView(rec, parseIncludes(params.With), isTrue(params.FormFieldsValues), "")
	}
	h.s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	h.s.writeOK(w, resp)
}

// ListRuns answers listRuns: filter, sort, then page.
func (h apiHandlers) ListRuns(w http.ResponseWriter, r *http.Request, _ gen.OrgID, params gen.ListRunsParams) {
	h.s.mu.Lock()
	st := h.s.data
	filter := runFilter{p: params, st: st}
	var matched []*runRecord
	for _, rec := range st.sortedRuns() {
		if filter.matches(rec) {
			matched = append(matched, rec)
		}
	}
	if params.Sort != nil {
		sortRuns(matched, *params.Sort)
	}
	page, meta := paginate(matched, newPageRequest(params.Page, params.PerPage, params.WithoutPagination), r)
	inc := parseIncludes(params.With)
	taskStatus := ""
	if params.TaskStatus != nil {
		taskStatus = string(*params.TaskStatus)
	}
	resp := gen.RunList{Data: make([]gen.Run, 0, len(page)), Meta: &meta}
	for _, rec := range page {
		resp.Data = append(resp.Data, st.runView(rec, inc, isTrue(params.FormFieldsValues), taskStatus))
	}
	h.s.mu.Unlock()
	h.s.writeOK(w, resp)
}

// ListRunTasks answers listRunTasks. The operation has no form_fields_values parameter; like
// getTask (docs:tasks/get-task), it sends form field values with with=form_fields.
func (h apiHandlers) ListRunTasks(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID, params gen.ListRunTasksParams) {
	h.s.mu.Lock()
	st := h.s.data
	if _, ok := st.runs[runID]; !ok {
		h.s.mu.Unlock()
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	filter := taskFilter{p: params, now: h.s.now}
	var matched []*taskRecord
	for _, rec := range st.runTasks(runID) {
		if filter.matches(rec.task) {
			matched = append(matched, rec)
		}
	}
	sortTasks(matched, params.Sort)
	page, meta := paginate(matched, newPageRequest(params.Page, params.PerPage, params.WithoutPagination), r)
	inc := parseIncludes(params.With)
	resp := gen.TaskList{Data: make([]gen.Task, 0, len(page)), Meta: &meta}
	for _, rec := range page {
		resp.Data = append(resp.Data, st.taskView(rec, inc, true))
	}
	h.s.mu.Unlock()
	h.s.writeOK(w, resp)
}

// GetTask answers getTask, for process tasks and one-off tasks alike (docs:tasks/get-task). Form
// fields carry their values, as in that page's example.
func (h apiHandlers) GetTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, taskID gen.TaskID, params gen.GetTaskParams) {
	h.s.mu.Lock()
	st := h.s.data
	rec, ok := st.tasks[taskID]
	var resp gen.TaskResponse
	if ok {
		resp.Data = st.taskView(rec, parseIncludes(params.With), true)
	}
	h.s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	h.s.writeOK(w, resp)
}

// GetTemplate answers getTemplate.
func (h apiHandlers) GetTemplate(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, checklistID gen.ChecklistID, params gen.GetTemplateParams) {
	h.s.mu.Lock()
	st := h.s.data
	rec, ok := st.templates[checklistID]
	var resp gen.TemplateResponse
	if ok {
		resp.Data = st.templateView(rec, parseIncludes(params.With))
	}
	h.s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	h.s.writeOK(w, resp)
}

func isTrue(b *bool) bool { return b != nil && *b }
