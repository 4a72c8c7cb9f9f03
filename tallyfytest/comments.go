package tallyfytest

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/shape"
)

// Comments and issues are threads on a task, a process or a template (docs:open-api
// how-to-integrate-with-tallyfy-using-api, its terminology table), kept in one table by comment
// id. An issue is a thread labelled problem; it is open until resolved-threads names it, which
// posts the resolving comment and sets the problem's resolve_id (mcp:tools/comment_management.py:
// open problems are `label == "problem" and not resolve_id`). While a task has an open problem
// its `problem` flag is set; while a process has one, its `has_open_issue` is (and the issue and
// problem status filters list it, docs:processes/list-processes). The fake derives both flags
// from the table, so deleting an open problem thread clears them too; no source says what the API
// does then. A task's `threads` include lists its threads and threads_count counts them.
//
// Posting (comment, bot comment, problem, resolution) is capped at 120 per organization per hour,
// answered 429 RATE_LIMIT_EXCEEDED with Retry-After (docs:open-api index; its quoted message is
// the guest-invite one, so the comment wording here is modelled on it). Editing and deleting are
// not capped. Nothing lists the threads of a process or template (the spec has no such operation):
// Server.Threads reads them.

// firstCommentID numbers the comments the fake stores, as in the spec's commentOnTask example.
const firstCommentID = 77101

// commentsPerHour is the documented hourly cap on posting comments (docs:open-api index).
const commentsPerHour = 120

// mention is the markup that notifies a user, as TasksMessagingService matches it
// (mcp:tools/comment_management.py: /@\[(\d+)]/).
var mention = regexp.MustCompile(`@\[(\d+)]`)

// Thread kinds: what a thread is on, as the paths name it.
const (
	onTask     = "tasks"
	onRun      = "runs"
	onTemplate = "checklists"
)

// thread is one comment and what it is on.
type thread struct {
	on, objectID string
	comment      gen.Comment
}

func threads(st *store) *table[int, thread] { return st.threads }

func commentItem(_ *store, c gen.Comment) gen.CommentResponse { return gen.CommentResponse{Data: c} }

// CommentOnTask answers commentOnTask (mcp:tools/comment_management.py,
// docs:postman-task-operations, msc's Thread): 200 {"data": comment}. label defaults to comment,
// and state to hide-for-guests, the trap (TasksMessagingService::postComment: guests do not see a
// comment sent without state); sent_to lists the users mentioned with @[id] in content, the only
// notification trigger (a sent_to in the request is ignored: the spec does not list it); sent_by
// is the token's user. Not idempotent: every request stores a comment.
func (h apiHandlers) CommentOnTask(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	h.postComment(w, r, onTask, taskID)
}

// CommentOnRun answers commentOnRun as commentOnTask answers (docs:open-api
// how-to-integrate-with-tallyfy-using-api documents only the path).
func (h apiHandlers) CommentOnRun(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	h.postComment(w, r, onRun, runID)
}

// CommentOnTemplate answers commentOnTemplate as commentOnTask answers (same source).
func (h apiHandlers) CommentOnTemplate(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID) {
	h.postComment(w, r, onTemplate, id)
}

func (h apiHandlers) postComment(w http.ResponseWriter, r *http.Request, on, id string) {
	serveWrite(h.s, w, r, http.StatusOK, threadObject(on, id), func(st *store, _ *struct{}, b gen.CommentRequest) (*gen.Comment, *refusal) {
		return st.post(h.s, on, id, string(deref1(b.Label)), string(deref1(b.State)), b.Content, true)
	}, commentItem)
}

// BotCommentOnTask answers botCommentOnTask (n8n node, createBot: "no notifications"): a
// comment that mentions nobody, whatever its content says.
func (h apiHandlers) BotCommentOnTask(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	serveWrite(h.s, w, r, http.StatusOK, threadObject(onTask, taskID), func(st *store, _ *struct{}, b gen.BotCommentRequest) (*gen.Comment, *refusal) {
		return st.post(h.s, onTask, taskID, "", "", b.Content, false)
	}, commentItem)
}

// ReportTaskIssue answers reportTaskIssue (n8n node; mcp:tools/comment_management.py): a
// problem thread, which flags the task until it is resolved.
func (h apiHandlers) ReportTaskIssue(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	h.reportIssue(w, r, onTask, taskID)
}

// ReportRunIssue answers reportRunIssue: a problem thread, which sets the process's
// has_open_issue until it is resolved.
func (h apiHandlers) ReportRunIssue(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	h.reportIssue(w, r, onRun, runID)
}

// ReportTemplateIssue answers reportTemplateIssue: a problem thread on the template.
func (h apiHandlers) ReportTemplateIssue(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID) {
	h.reportIssue(w, r, onTemplate, id)
}

func (h apiHandlers) reportIssue(w http.ResponseWriter, r *http.Request, on, id string) {
	serveWrite(h.s, w, r, http.StatusOK, threadObject(on, id), func(st *store, _ *struct{}, b gen.IssueRequest) (*gen.Comment, *refusal) {
		return st.post(h.s, on, id, "problem", "", b.Content, true)
	}, commentItem)
}

// ResolveTaskIssue answers resolveTaskIssue (n8n node, resolveIssue; mcp:tools/
// comment_management.py: "the resolve endpoint itself stores the comment"): thread_id must be an
// open problem thread of the task, else 422; the answer is the resolving comment.
func (h apiHandlers) ResolveTaskIssue(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	h.resolveIssue(w, r, onTask, taskID)
}

// ResolveRunIssue answers resolveRunIssue as resolveTaskIssue answers.
func (h apiHandlers) ResolveRunIssue(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	h.resolveIssue(w, r, onRun, runID)
}

// ResolveTemplateIssue answers resolveTemplateIssue as resolveTaskIssue answers.
func (h apiHandlers) ResolveTemplateIssue(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID) {
	h.resolveIssue(w, r, onTemplate, id)
}

func (h apiHandlers) resolveIssue(w http.ResponseWriter, r *http.Request, on, id string) {
	serveWrite(h.s, w, r, http.StatusOK, threadObject(on, id), func(st *store, _ *struct{}, b gen.ResolveIssueRequest) (*gen.Comment, *refusal) {
		problem, ok := threads(st).rows[b.ThreadID]
		if !ok || problem.on != on || problem.objectID != id || deref1(problem.comment.Label) != "problem" || problem.comment.ResolveID != nil {
			return nil, invalid("thread_id", "The selected thread id is invalid.")
		}
		c, no := st.post(h.s, on, id, "resolve", "", b.Content, true)
		if no != nil {
			return nil, no
		}
		problem.comment.ResolveID = ptr(c.ID)
		st.flagIssues(on, id)
		return c, nil
	}, commentItem)
}

// UpdateTaskComment answers updateTaskComment (n8n node, seen live; mcp:tools/
// comment_management.py): content is replaced, label and state when sent; mentions are read
// again from the new content.
func (h apiHandlers) UpdateTaskComment(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID, commentID gen.CommentID) {
	serveWrite(h.s, w, r, http.StatusOK, taskComment(taskID, commentID), func(st *store, t *thread, b gen.CommentRequest) (*gen.Comment, *refusal) {
		c := &t.comment
		c.Content = &b.Content
		if b.Label != nil {
			c.Label = ptr(string(*b.Label))
		}
		if b.State != nil {
			c.State = ptr(string(*b.State))
		}
		c.SentTo = ptr(mentions(b.Content))
		st.flagIssues(onTask, taskID)
		return c, nil
	}, commentItem)
}

// DeleteTaskComment answers deleteTaskComment with 204 (mcp:tools/comment_management.py:
// "cannot be undone"): the comment is gone, and a second delete is a 404.
func (h apiHandlers) DeleteTaskComment(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID, commentID gen.CommentID) {
	serveWrite(h.s, w, r, http.StatusNoContent, taskComment(taskID, commentID), func(st *store, t *thread, _ noBody) (*gen.Comment, *refusal) {
		threads(st).remove(commentID)
		st.flagIssues(onTask, taskID)
		return &t.comment, nil
	}, commentItem)
}

// threadObject finds the task, process or template a thread is posted on: 404 when there is
// none. The row itself is not needed, so it is an empty struct.
func threadObject(on, id string) finder[struct{}] {
	return func(st *store) (*struct{}, bool) {
		var ok bool
		switch on {
		case onTask:
			_, ok = st.tasks[id]
		case onRun:
			_, ok = st.runs[id]
		case onTemplate:
			_, ok = st.templates[id]
		}
		return &struct{}{}, ok
	}
}

// taskComment finds a comment of a task: 404 when the task has no comment of that id.
func taskComment(taskID string, commentID int) finder[thread] {
	return func(st *store) (*thread, bool) {
		t, ok := threads(st).rows[commentID]
		return t, ok && t.on == onTask && t.objectID == taskID
	}
}

// post stores a new thread on the object, under the hourly cap: label defaults to comment, state
// to hide-for-guests (TasksMessagingService::postComment), and sent_to lists the users @[id]
// mentions when notify.
func (st *store) post(s *Server, on, id, label, state, content string, notify bool) (*gen.Comment, *refusal) {
	if no := capHourly(&st.commentPosts, commentsPerHour, "Comment", s.now); no != nil {
		return nil, no
	}
	if label == "" {
		label = "comment"
	}
	if state == "" {
		state = "hide-for-guests"
	}
	sentTo := []int{}
	if notify {
		sentTo = mentions(content)
	}
	st.lastCommentID++
	me := sampleUser(s.cfg.me)
	c := gen.Comment{
		ID: st.lastCommentID, Content: &content, Label: &label, State: &state,
		SentBy: ptr(s.cfg.me), SentTo: &sentTo, CreatedAt: ptr(s.now),
		Author: object(map[string]any{"id": me.ID, "full_name": *me.FullName, "email": *me.Email}),
	}
	t := threads(st).put(c.ID, thread{on: on, objectID: id, comment: c})
	st.flagIssues(on, id)
	if rec, ok := st.tasks[id]; ok && on == onTask {
		// Deliver the task's webhook (webhooks.go): a comment, an issue raised or resolved.
		event := "task.comment_added"
		switch label {
		case "problem":
			event = "task.issue_raised"
		case "resolve":
			event = "task.issue_resolved"
		}
		s.taskEvent(st, event, rec, map[string]any{"comment": commentPayload(c)})
	}
	return &t.comment, nil
}

// flagIssues sets a task's problem flag, or a process's has_open_issue, from its open problem
// threads, and a task's threads_count from its threads.
func (st *store) flagIssues(on, id string) {
	open, n := false, 0
	for _, t := range st.threadsOn(on, id) {
		n++
		open = open || (deref1(t.Label) == "problem" && t.ResolveID == nil)
	}
	switch on {
	case onTask:
		if rec, ok := st.tasks[id]; ok {
			rec.task.Problem = &open
			rec.task.ThreadsCount = &n
		}
	case onRun:
		if rec, ok := st.runs[id]; ok {
			rec.run.HasOpenIssue = &open
		}
	}
}

// threadsOn returns the comments on an object, oldest first.
func (st *store) threadsOn(on, id string) []gen.Comment {
	var out []gen.Comment
	for _, t := range threads(st).all() {
		if t.on == on && t.objectID == id {
			out = append(out, t.comment)
		}
	}
	return out
}

// threadsView is a task's `threads` include: its comments as the API answers them.
func (st *store) threadsView(taskID string) gen.RelatedObjects {
	out := gen.RelatedObjects{}
	for _, c := range st.threadsOn(onTask, taskID) {
		if o, err := shape.NewObject(c); err == nil { // stored comments always encode
			out = append(out, o)
		}
	}
	return out
}

func mentions(content string) []int {
	ids := []int{}
	for _, m := range mention.FindAllStringSubmatch(content, -1) {
		if id, err := strconv.Atoi(m[1]); err == nil && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// capHourly counts one write against an hourly cap of limit per organization, or refuses it past
// the cap with the 429 of docs:open-api index, naming what (as "Guest Invite" there).
func capHourly(times *[]time.Time, limit int, what string, now time.Time) *refusal {
	*times = slices.DeleteFunc(*times, func(t time.Time) bool { return !t.Add(time.Hour).After(now) })
	if len(*times) >= limit {
		wait := (*times)[0].Add(time.Hour).Sub(now)
		return &refusal{status: http.StatusTooManyRequests, retryAfter: wait, body: apiError(false,
			"You've reached the hourly limit for "+what+" ("+strconv.Itoa(limit)+" per hour per organization). Please try again later.", "RATE_LIMIT_EXCEEDED")}
	}
	*times = append(*times, now)
	return nil
}

// Comments returns the comments stored on a task, oldest first, as the API answered them; nil
// when there are none. The comments are copies.
func (s *Server) Comments(taskID string) []gen.Comment {
	return s.Threads("tasks", taskID)
}

// Threads returns the comments and issues stored on a task ("tasks"), a process ("runs") or a
// template ("checklists"), oldest first, as the API answered them (with resolve_id set on a
// resolved problem); nil when there are none. The spec has no operation that lists the threads
// of a process or template, so a test reads them here. The comments are copies.
func (s *Server) Threads(kind, id string) []gen.Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []gen.Comment
	for _, c := range s.data.threadsOn(kind, id) {
		if cp, err := deepCopy(c); err == nil { // stored comments always encode
			out = append(out, cp)
		}
	}
	return out
}
