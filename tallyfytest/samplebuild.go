package tallyfytest

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Task timing in the sample data: a task's deadline is its step's days after launch at 17:00 UTC,
// and the i-th task is completed i days plus 22h30 after launch, so a run launched at 11:00 has
// its first task completed at 09:30 the next morning, as in the spec's examples.
const (
	deadlineHour  = 17
	completionLag = 22*time.Hour + 30*time.Minute
	firstTaskNum  = 88101 // increment_id of the first sample task, as in the spec's examples
)

// sampleStore builds the sample organization as of now (SampleNow).
func sampleStore(now time.Time) *store {
	st := newStore()
	tags := map[string]gen.Tag{}
	for _, t := range sampleTags {
		tags[t.ID] = t
	}
	taskNum := firstTaskNum
	for _, def := range sampleRuns {
		run, tasks := buildRun(def, now, taskNum)
		taskNum += len(tasks)
		run.Tags = pick(tags, def.tags)
		st.putRun(run)
		for _, t := range tasks {
			st.putTask(t)
		}
	}
	for _, def := range sampleTemplates {
		st.putTemplate(buildTemplate(def, tags))
	}
	st.putTask(oneOffTask())
	st.addSamplePeople(now)
	return st
}

func pick(tags map[string]gen.Tag, ids []string) []gen.Tag {
	out := []gen.Tag{}
	for _, id := range ids {
		out = append(out, tags[id])
	}
	return out
}

// subject is what a run is about: the part of its name after " - " ("Globex Corp").
func subject(name string) string {
	if _, after, ok := strings.Cut(name, " - "); ok {
		return after
	}
	return name
}

// title fills a step title's {{alias}} placeholders with the run's subject.
func title(format, subject string) string {
	for {
		start := strings.Index(format, "{{")
		end := strings.Index(format, "}}")
		if start < 0 || end < start {
			return format
		}
		format = format[:start] + subject + format[end+2:]
	}
}

// buildRun builds a run and its tasks. The derived fields (progress over visible tasks,
// whole_progress over all, late_tasks, due_date_passed, due_soon, collaborators, is_completable)
// are named by docs:processes/list-processes and docs:tasks/get-task but how the API computes them
// is not documented: they follow their names, as the package documentation says under "Not
// simulated".
func buildRun(def runDef, now time.Time, firstNum int) (gen.Run, []gen.Task) {
	tpl := def.template
	subj := subject(def.name)
	prerun := map[string]any{}
	for _, k := range tpl.kickoff {
		v, ok := def.kickoff[k.alias]
		if !ok {
			v = k.sample(subj, def.launched)
		}
		prerun[k.id] = v
	}

	var (
		tasks         []gen.Task
		collaborators []int
		lastDone      *time.Time
		maxDeadline   *time.Time
		late          int
		visible, done int
		doneAll       int
	)
	previous := def.launched
	for i, step := range tpl.steps {
		state := def.states[i]
		t := buildTask(def, step, i, firstNum+i, subj)
		switch state {
		case 'C':
			doneAt := def.launched.Add(time.Duration(i)*24*time.Hour + completionLag)
			if i == len(tpl.steps)-1 && def.finished != nil {
				doneAt = *def.finished
			}
			t.Status, t.StatusLabel = taskCompleted, ptr("Completed")
			t.StartedAt, t.CompletedAt, t.LastUpdated = ptr(previous), ptr(doneAt), doneAt
			t.CompleterID = ptr(completer(step, def))
			if step.stepType == "approval" {
				t.IsApproved = ptr(true)
			}
			t.Taskdata = taskdata(def, step, subj, doneAt)
			previous, lastDone = doneAt, ptr(doneAt)
			done++
			doneAll++
		case 'I':
			t.Status, t.StatusLabel = taskInProgress, ptr("Active")
			t.StartedAt, t.LastUpdated = ptr(previous), previous
		case 'S':
			t.Status, t.StatusLabel = taskHidden, ptr("Hidden")
		default:
			t.Status, t.StatusLabel = taskNotStarted, ptr("Not started")
		}
		// The current user (the run owner in the sample) can complete what is open and visible.
		t.IsCompletable = ptr(state == 'I' || state == 'N')
		if state != 'S' {
			visible++
			if isOpen(t) && t.Deadline.Before(now) {
				late++
			}
		}
		if maxDeadline == nil || t.Deadline.After(*maxDeadline) {
			maxDeadline = t.Deadline
		}
		for _, u := range t.Owners.Users {
			if !slices.Contains(collaborators, u.ID) {
				collaborators = append(collaborators, u.ID)
			}
		}
		tasks = append(tasks, t)
	}
	slices.Sort(collaborators)

	lastUpdated := def.launched
	for _, t := range tasks {
		if t.LastUpdated.After(lastUpdated) {
			lastUpdated = t.LastUpdated
		}
	}
	if def.archived != nil {
		lastUpdated = *def.archived
	}
	finished := doneAll == len(tasks) || visible == done
	var completedAt *time.Time
	if finished {
		completedAt = lastDone
	}
	for i := range tasks {
		tasks[i].RunStatus = ptr(def.status)
	}

	run := gen.Run{
		ID:                def.id,
		IncrementID:       def.increment,
		ChecklistID:       tpl.id,
		ChecklistTitle:    tpl.title,
		Name:              def.name,
		Summary:           def.summary,
		Status:            def.status,
		Progress:          progress(done, visible),
		WholeProgress:     progress(doneAll, len(tasks)),
		StartedBy:         def.owner,
		OwnerID:           def.owner,
		Prerun:            object(prerun),
		PrerunStatus:      "complete",
		PrerunCompletedAt: ptr(def.launched),
		PrerunCompletedBy: ptr(def.owner),
		PrerunLength:      ptr(len(tpl.kickoff)),
		Starred:           def.starred,
		CreatedAt:         def.launched,
		StartedAt:         ptr(def.launched),
		LastUpdated:       lastUpdated,
		CompletedAt:       completedAt,
		ArchivedAt:        def.archived,
		DueDate:           def.due,
		DueDatePassed:     !finished && def.due != nil && def.due.Before(now),
		DueSoon:           !finished && def.due != nil && !def.due.Before(now) && def.due.Before(now.Add(dueSoonWindow)),
		LateTasks:         late,
		MaxTaskDeadline:   maxDeadline,
		Collaborators:     collaborators,
		Type:              tpl.typ,
		IsPublic:          false,
		Users:             nonNil(def.users),
		Groups:            nonNil(def.groups),
		ParentID:          def.parent,
		CanAddOot:         ptr(true),
		HasOpenIssue:      ptr(def.status == "issue"),
		AssignSomeoneElse: ptr(false),
	}
	return run, tasks
}

func buildTask(def runDef, step stepDef, i, num int, subj string) gen.Task {
	id := derivedID("task", def.id, step.alias)
	if i < len(def.taskIDs) {
		id = def.taskIDs[i]
	}
	guests := []string{}
	if step.clientGuest && def.guest != "" {
		guests = append(guests, def.guest)
	}
	deadline := time.Date(def.launched.Year(), def.launched.Month(), def.launched.Day()+step.days, deadlineHour, 0, 0, 0, time.UTC)
	t := gen.Task{
		ID:                             id,
		IncrementID:                    num,
		Title:                          title(step.title, subj),
		OriginalTitle:                  ptr(step.title),
		RunID:                          ptr(def.id),
		ChecklistID:                    ptr(def.template.id),
		StepID:                         ptr(step.id),
		Alias:                          ptr(step.alias),
		TaskType:                       step.stepType,
		IsOneoffTask:                   false,
		EveryoneMustComplete:           ptr(step.everyoneMustComplete),
		CanCompleteOnlyAssignees:       ptr(false),
		AllowGuestOwners:               ptr(step.clientGuest),
		PreventGuestComment:            ptr(false),
		IsSoftStartDate:                ptr(false),
		TopSecret:                      ptr(false),
		HasDeadlineDependentChildTasks: ptr(false),
		Problem:                        ptr(def.problemStep == i+1),
		Owners:                         gen.TaskOwners{Users: userRefs(step.users), Guests: guests, Groups: nonNil(slices.Clone(step.groups))},
		Position:                       i + 1,
		BlueprintPosition:              ptr(i + 1),
		Deadline:                       &deadline,
		CreatedAt:                      def.launched,
		LastUpdated:                    def.launched,
		StarterID:                      ptr(def.owner),
		Summary:                        ptr(step.summary),
	}
	if step.summary == "" {
		t.Summary = nil
	}
	if len(step.fields) > 0 {
		fields := make([]gen.FormField, 0, len(step.fields))
		for j, f := range step.fields {
			ff := formField(f, j, def.template)
			ff.StepID = ptr(step.id)
			fields = append(fields, ff)
		}
		t.FormFields = fields
		t.Taskdata = object(map[string]any{}) // present, and empty until the task is completed
	}
	return t
}

// completer is who completed a task: its first assigned user, else the run owner.
func completer(step stepDef, def runDef) int {
	if len(step.users) > 0 {
		return step.users[0]
	}
	return def.owner
}

// taskdata holds a completed task's form values keyed by field id, as the API sends them
// (mcp:tools/task_management.py).
func taskdata(def runDef, step stepDef, subj string, done time.Time) gen.FreeFormObject {
	if len(step.fields) == 0 {
		return gen.FreeFormObject{}
	}
	data := map[string]any{}
	for _, f := range step.fields {
		v, ok := def.values[f.alias]
		if !ok {
			v = f.sample(subj, done)
		}
		data[f.id] = v
	}
	return object(data)
}

func progress(complete, total int) gen.Progress {
	p := gen.Progress{Complete: complete, Total: total, HasCounts: true}
	if total > 0 {
		p.Percent = math.Round(10000*float64(complete)/float64(total)) / 100
	}
	return p
}

func formField(f fieldDef, position int, tpl *templateDef) gen.FormField {
	ff := gen.FormField{
		ID:          f.id,
		Alias:       ptr(f.alias),
		Label:       f.label,
		FieldType:   f.fieldType,
		Required:    ptr(f.required),
		Position:    ptr(position + 1),
		CreatedAt:   ptr(tpl.created),
		LastUpdated: ptr(tpl.updated),
	}
	if len(f.options) > 0 {
		ff.Options = ptr(option(f.options...))
	}
	if len(f.columns) > 0 {
		ff.Columns = ptr(columns(f.columns))
	}
	// A template step's field carries its editor settings and validation rules, as a kick-off
	// field does (mcp:tools/form_fields.py lists them among a capture's keys).
	ff.UseWysiwygEditor, ff.CollectTime = ptr(false), ptr(false)
	if f.required {
		ff.FieldValidation = ptr([]string{"required"})
	}
	return ff
}

func columns(labels []string) []gen.FieldColumn {
	out := make([]gen.FieldColumn, len(labels))
	for i, l := range labels {
		out[i] = gen.FieldColumn{ID: ptr(i + 1), Label: l}
	}
	return out
}

func buildTemplate(def *templateDef, tags map[string]gen.Tag) gen.Template {
	prerun := make([]gen.KickoffField, 0, len(def.kickoff))
	for i, k := range def.kickoff {
		kf := gen.KickoffField{
			ID:          k.id,
			ChecklistID: ptr(def.id),
			Alias:       ptr(k.alias),
			Label:       k.label,
			FieldType:   k.fieldType,
			Position:    ptr(i + 1),
			Required:    ptr(k.required),
			CreatedAt:   ptr(def.created),
			LastUpdated: ptr(def.updated),
			// The editor and time settings apply to textarea and date fields; the API sends
			// them, false by default, on every field.
			UseWysiwygEditor: ptr(false),
			CollectTime:      ptr(false),
			Columns:          ptr(columns(k.columns)),
		}
		if k.required {
			kf.FieldValidation = ptr([]string{"required"})
		}
		if len(k.options) > 0 {
			kf.Options = ptr(option(k.options...))
		}
		prerun = append(prerun, kf)
	}
	steps := make([]gen.Step, 0, len(def.steps))
	for i, s := range def.steps {
		captures := make([]gen.FormField, 0, len(s.fields))
		for j, f := range s.fields {
			ff := formField(f, j, def)
			ff.StepID = ptr(s.id)
			captures = append(captures, ff)
		}
		step := gen.Step{
			ID:                       s.id,
			ChecklistID:              def.id,
			Title:                    s.title,
			Alias:                    ptr(s.alias),
			StepType:                 ptr(s.stepType),
			Position:                 i + 1,
			AllowGuestOwners:         ptr(s.clientGuest),
			SkipStartProcess:         ptr(false),
			CanCompleteOnlyAssignees: ptr(false),
			EveryoneMustComplete:     ptr(s.everyoneMustComplete),
			IsSoftStartDate:          ptr(false),
			Deadline:                 &gen.StepDeadline{Value: s.days, Unit: "days", Option: ptr("from")},
			Assignees:                ptr(nonNil(slices.Clone(s.users))),
			Guests:                   ptr([]string{}),
			Groups:                   ptr(nonNil(slices.Clone(s.groups))),
			Roles:                    ptr([]any{}),
			RoleChangesEveryTime:     ptr(false),
			PreventGuestComment:      ptr(false),
			AssignRunStarter:         ptr(s.assignStarter),
			Captures:                 captures,
			CreatedAt:                ptr(def.created),
			LastUpdated:              ptr(def.updated),
		}
		if s.summary != "" {
			step.Summary = ptr(s.summary)
		}
		steps = append(steps, step)
	}
	started := 0
	for _, r := range sampleRuns {
		if r.template == def {
			started++
		}
	}
	return gen.Template{
		ID:                       def.id,
		Title:                    def.title,
		Summary:                  def.summary,
		Status:                   "published",
		Type:                     def.typ,
		Alias:                    ptr(def.alias),
		Starred:                  ptr(false),
		FolderID:                 def.folderID,
		OwnerID:                  def.owner,
		CreatedBy:                def.owner,
		LastUpdatedBy:            &gen.UserRef{ID: def.owner},
		KickoffTitle:             ptr("Before you start"),
		Prerun:                   prerun,
		AutomatedActions:         gen.RelatedAutomatedActions{},
		IsPublic:                 ptr(false),
		IsPublicKickoff:          ptr(false),
		IsFeatured:               ptr(false),
		IsPinned:                 ptr(def.id == SampleTemplateID),
		DefaultProcessNameFormat: ptr(def.nameFormat),
		AutoNaming:               ptr(true),
		AllowLauncherChangeName:  ptr(true),
		StartedProcesses:         ptr(started),
		StepsCount:               ptr(len(steps)),
		Users:                    ptr([]int{def.owner}),
		Groups:                   ptr([]string{}),
		FolderizeProcess:         ptr(false),
		TagProcess:               ptr(true),
		IsPublishedState:         ptr(true),
		DualVersionEnabled:       ptr(false),
		CreatedAt:                def.created,
		LastUpdated:              def.updated,
		Steps:                    steps,
		Tags:                     pick(tags, def.tags),
	}
}
