package tallyfytest

import (
	"encoding/json"
	"net/http"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Kick-off forms and form-field values set one at a time: completeKickoff and reopenKickoff
// (n8n:nodes/Tallyfy/Tallyfy.node.ts completeKickoffForm/reopenKickoffForm,
// mcp:tools/task_management.py complete_kickoff_form, mcp:tools/process_management.py
// reopen_kickoff_form: both answer with the process), getRunFormFields (n8n getFields on a
// process; the n8n live test reads data.form_fields[].id) and saveTaskField
// (docs:api-clients/postman/task-operations, one field per request).

// kickoffPending is prerun_status while the kick-off form is not completed (the spec's Run).
const kickoffPending = "pending"

// CompleteKickoff answers completeKickoff: prerun_status becomes complete, with when and by whom.
// Completing a completed form keeps its first completion.
func (h apiHandlers) CompleteKickoff(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	h.setKickoff(w, r, runID, true)
}

// ReopenKickoff answers reopenKickoff: prerun_status is pending again and the completion is
// cleared; the values stay.
func (h apiHandlers) ReopenKickoff(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	h.setKickoff(w, r, runID, false)
}

func (h apiHandlers) setKickoff(w http.ResponseWriter, r *http.Request, runID string, complete bool) {
	s := h.s
	serveWrite(s, w, r, http.StatusOK, runByID(runID), func(_ *store, rec *runRecord, _ noBody) (*runRecord, *refusal) {
		run := &rec.run
		switch {
		case complete && run.PrerunCompletedAt == nil:
			run.PrerunStatus = "complete"
			run.PrerunCompletedAt = ptr(s.now)
			run.PrerunCompletedBy = ptr(s.cfg.me)
			run.LastUpdated = s.now
		case !complete:
			run.PrerunStatus = kickoffPending
			run.PrerunCompletedAt = nil
			run.PrerunCompletedBy = nil
			run.LastUpdated = s.now
		}
		return rec, nil
	}, runItem)
}

// GetRunFormFields answers getRunFormFields: the form fields of the run's tasks, each with its
// task_id, and the kick-off fields of its template, with the values entered (the n8n live test
// reads a value back here once it is stored).
func (h apiHandlers) GetRunFormFields(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, runID gen.RunID) {
	h.s.mu.Lock()
	st := h.s.data
	rec, ok := st.runs[runID]
	out := gen.RunFormFields{FormFields: gen.RelatedFormFields{}, KoFormFields: gen.RelatedFormFields{}}
	if ok {
		for _, t := range st.runTasks(runID) {
			for _, f := range fieldsView(t, true) {
				f.TaskID = ptr(t.task.ID)
				out.FormFields = append(out.FormFields, f)
			}
		}
		if t, found := st.templates[rec.run.ChecklistID]; found {
			prerun := objectMap(rec.run.Prerun)
			for _, k := range t.template.Prerun {
				out.KoFormFields = append(out.KoFormFields, kickoffFieldView(k, prerun, true))
			}
		}
	}
	h.s.mu.Unlock() // before writing, as GetRun does: the pipeline that records the answer takes the lock
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	h.s.writeOK(w, gen.RunFormFieldsResponse{Data: out})
}

// SaveTaskField answers saveTaskField: the value is checked for the field's type as a task
// update's taskdata is (fieldvalues.go) and stored under the field's id; the task's other values
// stay. A completed task answers 422 as updateRunTask does (docs:tasks/update-task). An id that
// names none of the task's fields answers 422: the documentation shows no answer for it (the
// fake's own wording).
func (h apiHandlers) SaveTaskField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		badBody(w, err)
		return
	}
	var id string
	if err := json.Unmarshal(body["id"], &id); err != nil {
		badBody(w, err)
		return
	}
	s := h.s
	w, st, done := s.lockFor(w)
	defer done()
	rec, ok := st.tasks[taskID]
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	if isComplete(rec.task) {
		writeError(w, http.StatusUnprocessableEntity, validationError(map[string][]string{"task": {"Completed tasks cannot be updated."}}))
		return
	}
	var field []gen.FormField
	for _, f := range rec.fields {
		if f.ID == id {
			field = append(field, f)
		}
	}
	if len(field) == 0 {
		writeError(w, http.StatusUnprocessableEntity, validationError(map[string][]string{"id": {"The selected id is invalid."}}))
		return
	}
	values, errs := checkValues("value", formFieldSpecs(field), map[string]json.RawMessage{id: body["value"]})
	if len(errs) > 0 {
		renamed := map[string][]string{}
		for _, msgs := range errs {
			renamed["value"] = append(renamed["value"], msgs...)
		}
		writeError(w, http.StatusUnprocessableEntity, validationError(renamed))
		return
	}
	stored := objectMap(rec.task.Taskdata)
	stored[id] = values[id]
	rec.task.Taskdata = object(stored)
	rec.task.LastUpdated = s.now
	if rec.task.RunID != nil {
		st.refreshRun(*rec.task.RunID, s.now)
	}
	data := map[string]any{"id": id, "value": values[id]}
	s.writeOK(w, gen.SavedFieldValue{Data: &data})
}

// StoredValueID is the id the fake gives the value stored for field fieldID on ownerID, a task
// (its form field) or a process (its kick-off field): setFormFieldValue's `id`, api-v2's
// CaptureValue id. The API returns that id in no documented read, so a test takes it from here.
// A field with no value stored has none.
func StoredValueID(ownerID, fieldID string) string {
	return derivedID("value", ownerID, fieldID)
}

// SetFormFieldValue answers setFormFieldValue (n8n:nodes/Tallyfy/Tallyfy.node.ts updateValue): id
// is a stored value's id (StoredValueID). The value is checked for its field's type, as taskdata
// and prerun are, and replaces only that value. Any other id, a field's own id included, answers
// 500 "Attempt to read property \"capture\" on null", as the n8n live test pins the live API's
// answer for a field with no stored value (n8n issue #9). A completed task answers 422 as
// updateRunTask does.
func (h apiHandlers) SetFormFieldValue(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	h.setStoredValue(w, r, "")
}

// SetGuestFormFieldValue answers setGuestFormFieldValue (n8n:nodes/Tallyfy/Tallyfy.node.ts
// updateValue "As Guest": POST with setFormFieldValue's body): an unknown guest answers 404, as
// the guest's other paths do; then the value is replaced as setFormFieldValue replaces it, in the
// same store. Not simulated: the create-or-update the node's note ascribes to the guest path
// (storeOrUpdateFields), since no source says what `id` names when no value is stored; such an id
// answers 422 "The selected id is invalid." here rather than the member path's 500.
func (h apiHandlers) SetGuestFormFieldValue(w http.ResponseWriter, r *http.Request, _ gen.OrgID, guest gen.GuestKey) {
	h.setStoredValue(w, r, guest)
}

// setStoredValue replaces one stored value by its id (StoredValueID): for a member when guest is
// "", else for that guest.
func (h apiHandlers) setStoredValue(w http.ResponseWriter, r *http.Request, guest string) {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		badBody(w, err)
		return
	}
	var id string
	if err := json.Unmarshal(body["id"], &id); err != nil {
		badBody(w, err)
		return
	}
	s := h.s
	w, st, done := s.lockFor(w)
	defer done()
	if guest != "" {
		if _, ok := byGuest(guest)(st); !ok {
			writeError(w, http.StatusNotFound, errResourceNotFound)
			return
		}
	}
	check := func(specs []fieldSpec, fieldID string) (any, bool) {
		values, errs := checkValues("form_value", specs, map[string]json.RawMessage{fieldID: body["form_value"]})
		if len(errs) > 0 {
			renamed := map[string][]string{}
			for _, msgs := range errs {
				renamed["form_value"] = append(renamed["form_value"], msgs...)
			}
			writeError(w, http.StatusUnprocessableEntity, validationError(renamed))
			return nil, false
		}
		return values[fieldID], true
	}
	answer := func(v any) {
		data := map[string]any{"id": id, "value": v}
		s.writeOK(w, gen.SavedFieldValue{Data: &data})
	}
	for _, rec := range st.tasks {
		stored := objectMap(rec.task.Taskdata)
		for _, f := range rec.fields {
			if _, has := stored[f.ID]; !has || StoredValueID(rec.task.ID, f.ID) != id {
				continue
			}
			if isComplete(rec.task) {
				writeError(w, http.StatusUnprocessableEntity, validationError(map[string][]string{"task": {"Completed tasks cannot be updated."}}))
				return
			}
			v, ok := check(formFieldSpecs([]gen.FormField{f}), f.ID)
			if !ok {
				return
			}
			stored[f.ID] = v
			rec.task.Taskdata = object(stored)
			rec.task.LastUpdated = s.now
			if rec.task.RunID != nil {
				st.refreshRun(*rec.task.RunID, s.now)
			}
			answer(v)
			return
		}
	}
	for _, rec := range st.runs {
		tpl, ok := st.templates[rec.run.ChecklistID]
		if !ok {
			continue
		}
		stored := objectMap(rec.run.Prerun)
		for _, k := range tpl.template.Prerun {
			if _, has := stored[k.ID]; !has || StoredValueID(rec.run.ID, k.ID) != id {
				continue
			}
			v, ok := check(kickoffSpecs([]gen.KickoffField{k}), k.ID)
			if !ok {
				return
			}
			stored[k.ID] = v
			rec.run.Prerun = object(stored)
			rec.run.LastUpdated = s.now
			answer(v)
			return
		}
	}
	if guest != "" {
		writeError(w, http.StatusUnprocessableEntity, validationError(map[string][]string{"id": {"The selected id is invalid."}}))
		return
	}
	writeError(w, http.StatusInternalServerError, apiError(false, `Attempt to read property "capture" on null`, ""))
}
