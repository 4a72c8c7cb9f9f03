package tallyfytest

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// ListOrgTasks answers listOrgTasks (docs:tasks/list-org-tasks): the tasks of every run and the
// one-off tasks, filtered, sorted, then paged. Archived tasks are left out unless archived asks for
// them (tasksArchived): archiving soft-deletes a run's tasks (docs:processes/archive-process). q is a case-insensitive substring
// of the title; status, owners, groups, unassigned and deadline_before/after mean what they mean
// for listRunTasks; is_oneoff keeps one-off tasks (true) or tasks of runs (false); tag matches the
// name of one of the task's tags, without regard to case. sort is deadline, newest (created_at),
// problems (tasks with a problem first) or completed_newest (completed_at, open tasks last), "-"
// reversing; the default order, which the documentation does not give, is newest first.
func (h apiHandlers) ListOrgTasks(w http.ResponseWriter, r *http.Request, _ gen.OrgID, params gen.ListOrgTasksParams) {
	filter := taskFilter{now: h.s.now, p: gen.ListRunTasksParams{
		Status: params.Status, Owners: params.Owners, Groups: params.Groups, Unassigned: params.Unassigned,
		DeadlineBefore: params.DeadlineBefore, DeadlineAfter: params.DeadlineAfter,
	}}
	w, st, done := h.s.lockFor(w)
	defer done()
	var matched []*taskRecord
	for _, rec := range st.tasksArchived(string(deref1(params.Archived))) {
		t := rec.task
		switch {
		case !filter.matches(t), !matchesQ(t.Title, params.Q):
		case params.IsOneoff != nil && t.IsOneoffTask != *params.IsOneoff:
		case params.Tag != nil && !slices.ContainsFunc(rec.tags, func(tag gen.Tag) bool { return strings.EqualFold(tag.Title, *params.Tag) }):
		default:
			matched = append(matched, rec)
		}
	}
	if params.Sort != nil {
		sortOrgTasks(matched, string(*params.Sort))
	}
	page, meta := paginate(matched, newPageRequest(params.Page, params.PerPage, params.WithoutPagination), r)
	inc := parseIncludes(params.With)
	resp := gen.TaskList{Data: make([]gen.Task, 0, len(page)), Meta: &meta}
	for _, rec := range page {
		resp.Data = append(resp.Data, st.taskView(rec, inc, true))
	}
	h.s.writeOK(w, resp)
}

// ListMyTasks answers listMyTasks (docs:postman-task-operations; cli:resources.go): the tasks whose
// owners.users include the token's user (MeUserID unless WithMe), tasks of archived runs left
// out. status is active (open: neither completed nor hidden), completed, overdue, due_soon or
// hasproblem, as for listRunTasks; q and sort as listOrgTasks. meta also carries overdue_tasks and
// tasks_due_soon, counted over all of the user's open tasks whatever the filters, as msc's
// user-tasks list describes them (its TasksListMeta).
func (h apiHandlers) ListMyTasks(w http.ResponseWriter, r *http.Request, _ gen.OrgID, params gen.ListMyTasksParams) {
	var status *gen.TaskStatusFilter
	if params.Status != nil {
		s := gen.TaskStatusFilter(*params.Status)
		if s == "completed" {
			s = gen.TaskStatusFilterComplete
		}
		status = &s
	}
	filter := taskFilter{now: h.s.now, p: gen.ListRunTasksParams{Status: status}}
	overdue := taskFilter{now: h.s.now, p: gen.ListRunTasksParams{Status: ptr(gen.TaskStatusFilterOverdue)}}
	dueSoon := taskFilter{now: h.s.now, p: gen.ListRunTasksParams{Status: ptr(gen.TaskStatusFilterDueSoon)}}
	w, st, done := h.s.lockFor(w)
	defer done()
	var matched []*taskRecord
	var nOverdue, nDueSoon int
	for _, rec := range st.liveTasks() {
		t := rec.task
		if !slices.Contains(userIDs(t.Owners.Users), h.s.cfg.me) {
			continue
		}
		if overdue.matches(t) {
			nOverdue++
		}
		if dueSoon.matches(t) {
			nDueSoon++
		}
		if filter.matches(t) && matchesQ(t.Title, params.Q) {
			matched = append(matched, rec)
		}
	}
	if params.Sort != nil {
		sortOrgTasks(matched, string(*params.Sort))
	}
	page, meta := paginate(matched, newPageRequest(params.Page, params.PerPage, params.WithoutPagination), r)
	meta.OverdueTasks, meta.TasksDueSoon = &nOverdue, &nDueSoon
	resp := gen.TaskList{Data: make([]gen.Task, 0, len(page)), Meta: &meta}
	for _, rec := range page {
		resp.Data = append(resp.Data, st.taskView(rec, includes{}, true))
	}
	h.s.writeOK(w, resp)
}

// liveTasks are every task neither archived nor of an archived run, newest first (created_at, then increment_id).
func (st *store) liveTasks() []*taskRecord { return st.tasksArchived("") }

// tasksArchived are the tasks listOrgTasks' archived parameter selects (docs:tasks/list-org-tasks),
// newest first: "" leaves archived ones out (an archived one-off task, docs:tasks/archive-task,
// and the tasks of an archived run, docs:processes/archive-process), "true" keeps them too, and
// "only" keeps them alone.
func (st *store) tasksArchived(archived string) []*taskRecord {
	var out []*taskRecord
	for _, t := range st.tasks {
		gone := t.task.ArchivedAt != nil
		if t.task.RunID != nil {
			if run, ok := st.runs[*t.task.RunID]; ok && run.run.ArchivedAt != nil {
				gone = true
			}
		}
		if (gone && archived == "") || (!gone && archived == string(gen.ListOrgTasksParamsArchivedOnly)) {
			continue
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b *taskRecord) int {
		if c := b.task.CreatedAt.Compare(a.task.CreatedAt); c != 0 {
			return c
		}
		if c := cmp.Compare(b.task.IncrementID, a.task.IncrementID); c != 0 {
			return c
		}
		return cmp.Compare(a.task.ID, b.task.ID)
	})
	return out
}

// matchesQ is the fake's reading of "search by title": a case-insensitive substring.
func matchesQ(title string, q *string) bool {
	return q == nil || strings.Contains(strings.ToLower(title), strings.ToLower(*q))
}

// sortOrgTasks applies the sort keys of docs:tasks/list-org-tasks to tasks in the default order.
func sortOrgTasks(tasks []*taskRecord, sort string) {
	key, desc := strings.CutPrefix(sort, "-")
	var by func(a, b gen.Task) int
	switch key {
	case "deadline":
		slices.SortStableFunc(tasks, func(a, b *taskRecord) int {
			return compareOptionalTime(a.task.Deadline, b.task.Deadline, desc)
		})
		return
	case "completed_newest":
		slices.SortStableFunc(tasks, func(a, b *taskRecord) int {
			return compareOptionalTime(a.task.CompletedAt, b.task.CompletedAt, !desc)
		})
		return
	case "newest":
		by = func(a, b gen.Task) int { return b.CreatedAt.Compare(a.CreatedAt) }
	case "problems":
		by = func(a, b gen.Task) int {
			return cmp.Compare(boolRank(isTrue(b.Problem)), boolRank(isTrue(a.Problem)))
		}
	default:
		return
	}
	slices.SortStableFunc(tasks, func(a, b *taskRecord) int {
		if desc {
			return by(b.task, a.task)
		}
		return by(a.task, b.task)
	})
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ListTemplates answers listTemplates (docs:templates/list-templates): filtered, sorted, then
// paged. Archived templates are left out unless archived=true (all) or archived=only (only those).
// q is a case-insensitive substring of the title; type, starred and folder (folder_id) match
// exactly; tag is a tag id. Pinned templates always come first; then sort_by title, updated
// (last_updated) or created (created_at), "-" for descending, updated ascending by default (the
// documented default key; its direction is not documented). with loads steps and tags as
// getTemplate does.
func (h apiHandlers) ListTemplates(w http.ResponseWriter, r *http.Request, _ gen.OrgID, params gen.ListTemplatesParams) {
	w, st, done := h.s.lockFor(w)
	defer done()
	archived := ""
	if params.Archived != nil {
		archived = string(*params.Archived)
	}
	var matched []*templateRecord
	for _, rec := range st.templates {
		t := rec.template
		isArchived := t.ArchivedAt != nil
		switch {
		case isArchived && archived == "", !isArchived && archived == "only":
		case !matchesQ(t.Title, params.Q):
		case params.Type != nil && t.Type != *params.Type:
		case params.Starred != nil && isTrue(t.Starred) != *params.Starred:
		case params.Folder != nil && (t.FolderID == nil || *t.FolderID != *params.Folder):
		case params.Tag != nil && !hasAnyTag(rec.tags, []string{*params.Tag}):
		default:
			matched = append(matched, rec)
		}
	}
	sortBy := "updated"
	if params.SortBy != nil {
		sortBy = string(*params.SortBy)
	}
	sortTemplates(matched, sortBy)
	page, meta := paginate(matched, newPageRequest(params.Page, params.PerPage, nil), r)
	inc := parseIncludes(params.With)
	resp := gen.TemplateList{Data: make([]gen.Template, 0, len(page)), Meta: &meta}
	for _, rec := range page {
		resp.Data = append(resp.Data, st.templateView(rec, inc))
	}
	h.s.writeOK(w, resp)
}

func sortTemplates(templates []*templateRecord, sortBy string) {
	key, desc := strings.CutPrefix(sortBy, "-")
	slices.SortFunc(templates, func(a, b *templateRecord) int {
		x, y := a.template, b.template
		if c := cmp.Compare(boolRank(isTrue(y.IsPinned)), boolRank(isTrue(x.IsPinned))); c != 0 {
			return c
		}
		var c int
		switch key {
		case "title":
			c = cmp.Compare(strings.ToLower(x.Title), strings.ToLower(y.Title))
		case "created":
			c = x.CreatedAt.Compare(y.CreatedAt)
		default:
			c = x.LastUpdated.Compare(y.LastUpdated)
		}
		if desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
}
