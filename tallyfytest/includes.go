package tallyfytest

import (
	"cmp"
	"reflect"
	"slices"
	"strings"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// includes is the parsed `with` parameter. As in Fractal, asking for a nested include such as
// `tasks.form_fields` also includes its parent (`tasks`): fractal:Manager.php autoIncludeParents.
type includes map[string]bool

func parseIncludes[T ~string](with *[]T) includes {
	inc := includes{}
	if with == nil {
		return inc
	}
	for _, w := range *with {
		parts := strings.Split(string(w), ".")
		for i := range parts {
			inc[strings.Join(parts[:i+1], ".")] = true
		}
	}
	return inc
}

// nested returns the includes below prefix: nested("tasks") of {tasks.step} is {step}.
func (inc includes) nested(prefix string) includes {
	out := includes{}
	for name := range inc {
		if rest, ok := strings.CutPrefix(name, prefix+"."); ok {
			out[rest] = true
		}
	}
	return out
}

// emptyUndocumented fills, in the run, task or template v points to, every relation inc asks for
// whose shape the API does not document, with an empty one. Those are the fields the spec types
// as RelatedObjects or RelatedObject (a Fractal-wrapped list or object of anything), so an empty
// one is always valid; they are found by their JSON names, which are the `with` values, so a
// relation the spec adds needs no change here.
func emptyUndocumented(v any, inc includes) {
	rv := reflect.ValueOf(v).Elem()
	for i := range rv.NumField() {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		if !inc[name] {
			continue
		}
		switch field := rv.Field(i); field.Type() {
		case reflect.TypeFor[gen.RelatedObjects]():
			field.Set(reflect.ValueOf(gen.RelatedObjects{}))
		case reflect.TypeFor[*gen.RelatedObject]():
			field.Set(reflect.ValueOf(&gen.RelatedObject{}))
		}
	}
}

// runView builds the response form of a run, with the relations of docs:processes/get-process.
// values fills form field values (form_fields_values); taskStatus narrows the included tasks
// (listRuns' task_status: all, in-progress, completed).
//
// `prerun`, which the n8n node asks for, is accepted without effect: kick-off values are always
// present.
func (st *store) runView(rec *runRecord, inc includes, values bool, taskStatus string) gen.Run {
	r := rec.run
	if inc["checklist"] {
		if t, ok := st.templates[r.ChecklistID]; ok {
			r.Checklist = &gen.RelatedTemplate{Data: st.templateView(t, includes{})}
		}
	}
	tasks := st.runTasks(r.ID)
	if inc["tasks"] {
		taskInc := inc.nested("tasks")
		data := []gen.Task{}
		for _, t := range tasks {
			// get-process: auto-skipped tasks are filtered from the tasks relationship.
			if t.task.Status != taskHidden && matchesTaskStatus(t.task, taskStatus) {
				data = append(data, st.taskView(t, taskInc, values))
			}
		}
		r.Tasks = data
	}
	if inc["tags"] {
		r.Tags = nonNil(slices.Clone(rec.tags))
	}
	if inc["next_task"] {
		// The documented short form (docs:processes/get-process): id, increment_id, title, alias,
		// owners, deadline.
		r.NextTask = gen.RelatedNextTask{}
		if next := nextTask(tasks); next != nil {
			t := next.task
			r.NextTask = append(r.NextTask, gen.NextTask{
				ID: t.ID, IncrementID: t.IncrementID, Title: t.Title, Alias: t.Alias, Owners: &t.Owners, Deadline: t.Deadline,
			})
		}
	}
	if inc["form_fields"] {
		data := []gen.FormField{}
		for _, t := range tasks {
			data = append(data, fieldsView(t, values)...)
		}
		r.FormFields = data
	}
	if inc["ko_form_fields"] {
		data := []gen.FormField{}
		if t, ok := st.templates[r.ChecklistID]; ok {
			prerun := objectMap(r.Prerun)
			for _, k := range t.template.Prerun {
				data = append(data, kickoffFieldView(k, prerun, values))
			}
		}
		r.KoFormFields = data
	}
	emptyUndocumented(&r, inc)
	return r
}

// taskView builds the response form of a task, with the relations of docs:tasks/get-task and
// docs:tasks/list-process-tasks. Without values, form fields carry no value. `captures` (asked for
// as tasks.captures by tallyfy/api-support's export_processes_csv.py) holds the form fields.
func (st *store) taskView(rec *taskRecord, inc includes, values bool) gen.Task {
	t := rec.task
	// The API sends summary only when asked for (docs:tasks/list-org-tasks); threads_count is a
	// `with` value too (docs:tasks/get-task).
	if !inc["summary"] {
		t.Summary = nil
	}
	if !inc["threads_count"] {
		t.ThreadsCount = nil
	} else if t.ThreadsCount == nil {
		zero := 0
		t.ThreadsCount = &zero
	}
	if inc["run"] && t.RunID != nil {
		if r, ok := st.runs[*t.RunID]; ok {
			t.Run = &gen.RelatedRun{Data: st.runView(r, inc.nested("run"), false, "")}
		}
	}
	if inc["step"] && t.StepID != nil && t.ChecklistID != nil {
		if step, ok := st.step(*t.ChecklistID, *t.StepID); ok {
			// A task's step comes without its form fields, as in docs:tasks/list-process-tasks;
			// docs:templates/get-template loads them with a template's with=steps.
			step.Captures = nil
			t.Step = &gen.RelatedStep{Data: step}
		}
	}
	if inc["form_fields"] {
		t.FormFields = fieldsView(rec, values)
	}
	if inc["tags"] {
		t.Tags = nonNil(slices.Clone(rec.tags))
	}
	if inc["captures"] {
		t.Captures = fieldsView(rec, values)
	}
	if inc["ko-form-fields"] {
		t.KoFormFields = gen.RelatedFormFields{}
	}
	emptyUndocumented(&t, inc)
	if inc["threads"] {
		t.Threads = st.threadsView(t.ID)
	}
	return t
}

// templateView builds the response form of a template; `with=steps` brings each step's form
// fields (captures) with it (docs:templates/get-template). entire_folder_tree and version are
// accepted without effect: the fake keeps one version of each template and no folder tree.
func (st *store) templateView(rec *templateRecord, inc includes) gen.Template {
	t := rec.template
	if inc["steps"] {
		t.Steps = nonNil(slices.Clone(rec.steps))
	}
	if inc["tags"] {
		t.Tags = nonNil(slices.Clone(rec.tags))
	}
	// automated_actions and prerun are always present (docs:templates/get-template), so asking for
	// them changes nothing.
	emptyUndocumented(&t, inc)
	return t
}

func (st *store) step(templateID, stepID string) (gen.Step, bool) {
	t, ok := st.templates[templateID]
	if !ok {
		return gen.Step{}, false
	}
	for _, s := range t.steps {
		if s.ID == stepID {
			return s, true
		}
	}
	return gen.Step{}, false
}

// fieldsView returns a task's form fields, with the values entered (from taskdata) when values is
// set and without any value otherwise.
func fieldsView(rec *taskRecord, values bool) []gen.FormField {
	out := make([]gen.FormField, 0, len(rec.fields))
	for _, f := range rec.fields {
		f.Value = nil
		if values {
			f.Value = fieldValue(rec, f)
		}
		out = append(out, f)
	}
	return out
}

// fieldValue prefers the task's taskdata, which the API keys by form field id
// (mcp:tools/task_management.py), and falls back to a value set on the field itself (as a test
// may do through AddTask).
func fieldValue(rec *taskRecord, f gen.FormField) any {
	if v, ok := objectMap(rec.task.Taskdata)[f.ID]; ok {
		return v
	}
	for _, orig := range rec.fields {
		if orig.ID == f.ID {
			return orig.Value
		}
	}
	return nil
}

func kickoffFieldView(k gen.KickoffField, prerun map[string]any, values bool) gen.FormField {
	f := gen.FormField{
		ID:          k.ID,
		Alias:       k.Alias,
		Label:       k.Label,
		Guidance:    k.Guidance,
		FieldType:   k.FieldType,
		Required:    k.Required,
		Position:    k.Position,
		Options:     k.Options,
		Columns:     k.Columns,
		CreatedAt:   k.CreatedAt,
		LastUpdated: k.LastUpdated,
	}
	if values {
		f.Value = prerun[k.ID]
	}
	return f
}

// nextTask is the first incomplete task by earliest deadline: in-progress tasks count, hidden
// (auto-skipped) ones do not (docs:processes/get-process). Tasks without a deadline come last and
// position breaks ties, which the documentation leaves open.
func nextTask(tasks []*taskRecord) *taskRecord {
	var open []*taskRecord
	for _, t := range tasks {
		if isOpen(t.task) {
			open = append(open, t)
		}
	}
	if len(open) == 0 {
		return nil
	}
	slices.SortStableFunc(open, func(a, b *taskRecord) int {
		da, db := a.task.Deadline, b.task.Deadline
		switch {
		case da == nil && db == nil:
		case da == nil:
			return 1
		case db == nil:
			return -1
		default:
			if c := da.Compare(*db); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.task.Position, b.task.Position)
	})
	return open[0]
}
