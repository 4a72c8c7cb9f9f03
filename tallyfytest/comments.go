package tallyfytest

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// firstCommentID numbers the comments the fake stores, as in the spec's commentOnTask example.
const firstCommentID = 77101

// mention is the markup that notifies a user, as TasksMessagingService matches it
// (mcp:tools/comment_management.py: /@\[(\d+)]/).
var mention = regexp.MustCompile(`@\[(\d+)]`)

// CommentOnTask answers commentOnTask (mcp:tools/comment_management.py,
// docs:postman-task-operations, msc's Thread): 200 {"data": comment}. The comment is
// stored with an increasing integer id; label defaults to comment, and state to hide-for-guests,
// the trap (TasksMessagingService::postComment: guests do not see a comment sent without state);
// sent_to lists the users mentioned with @[id] in content, the only notification trigger (a
// sent_to in the request is ignored: the spec does not list it); sent_by is the token's user.
// Stored comments are read back with Server.Comments (the spec has no operation that lists them)
// and counted in the task's threads_count. Not idempotent: every request stores a comment.
func (h apiHandlers) CommentOnTask(w http.ResponseWriter, r *http.Request, _ gen.OrgID, taskID gen.TaskID) {
	var req gen.CommentRequest
	if _, _, err := decodeRequest(r, &req, ""); err != nil {
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
	label, state := "comment", "hide-for-guests"
	if req.Label != nil {
		label = string(*req.Label)
	}
	if req.State != nil {
		state = string(*req.State)
	}
	sentTo := []int{}
	for _, m := range mention.FindAllStringSubmatch(req.Content, -1) {
		if id, err := strconv.Atoi(m[1]); err == nil && !slices.Contains(sentTo, id) {
			sentTo = append(sentTo, id)
		}
	}
	n := 0
	for _, cs := range st.comments {
		n += len(cs)
	}
	me := sampleUser(s.cfg.me)
	c := gen.Comment{
		ID: firstCommentID + n, Content: &req.Content, Label: &label, State: &state,
		SentBy: ptr(s.cfg.me), SentTo: &sentTo, CreatedAt: ptr(s.now),
		Author: object(map[string]any{"id": me.ID, "full_name": *me.FullName, "email": *me.Email}),
	}
	st.comments[taskID] = append(st.comments[taskID], c)
	rec.task.ThreadsCount = ptr(len(st.comments[taskID]))
	event := "task.comment_added"
	switch label {
	case "problem":
		event = "task.issue_raised"
	case "resolve":
		event = "task.issue_resolved"
	}
	s.taskEvent(st, event, rec, map[string]any{"comment": commentPayload(c)})
	s.writeOK(w, gen.CommentResponse{Data: c})
}

// Comments returns the comments stored on a task by commentOnTask, oldest first, as the API
// answered them; nil when there are none. The spec has no operation that lists comments, so a
// test reads them here: whether a comment left out state (then it is hide-for-guests), whom it
// mentions. The comments are copies.
func (s *Server) Comments(taskID string) []gen.Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []gen.Comment
	for _, c := range s.data.comments[taskID] {
		if cp, err := deepCopy(c); err == nil { // stored comments always encode
			out = append(out, cp)
		}
	}
	return out
}
