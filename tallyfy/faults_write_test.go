package tallyfy

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// faultWrite is one write method of the Client, called with arguments a
// fault server accepts. reply is its 2xx body ("" for faultAnswer).
type faultWrite struct {
	name  string
	call  func(ctx context.Context, c *Client) error
	reply string
}

// faultAnswer is the body the fault servers read or carry out: a task that
// is also a run (the ids and users/groups every read-modify-write needs),
// with one optional text field for the writes that save form values.
const faultAnswer = `{"data":{"id":"` + taskID + `","status":"in-progress","task_type":"task","users":[],"groups":[],"owners":{"users":[],"guests":[],"groups":[]},` +
	`"form_fields":[{"id":"` + taskID + `","alias":"notes","label":"Notes","field_type":"text","required":false}]}}`

// faultWrites lists every write method, for the fault matrices: a new
// write gets a row here.
func faultWrites() []faultWrite {
	const comment = `{"data":{"id":7,"content":"c","state":"open"}}`
	deadline := time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)
	return []faultWrite{
		{"LaunchRun", func(ctx context.Context, c *Client) error {
			_, err := c.LaunchRun(ctx, LaunchRunRequest{TemplateID: tplID, Name: "Globex"})
			return err
		}, ""},
		{"UpdateRun", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateRun(ctx, runID, UpdateRunRequest{Name: Ptr("x"), Members: &Members{Users: []int{1}}})
			return err
		}, ""},
		{"ArchiveRun", func(ctx context.Context, c *Client) error { _, err := c.ArchiveRun(ctx, runID); return err }, ""},
		{"ActivateRun", func(ctx context.Context, c *Client) error { _, err := c.ActivateRun(ctx, runID); return err }, ""},
		{"UpdateTask", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateTask(ctx, runID, taskID, UpdateTaskRequest{Title: Ptr("Review")})
			return err
		}, ""},
		// The bulk paths (bulk.go): the same write path, without the reads.
		{"PreparedLaunch.Launch", func(ctx context.Context, c *Client) error {
			p, err := c.PrepareLaunch(ctx, tplID)
			if err != nil {
				return err
			}
			_, err = p.Launch(ctx, LaunchRunRequest{Name: "Globex"})
			return err
		}, ""},
		{"CompleteTaskAsRead", func(ctx context.Context, c *Client) error {
			task := &Task{ID: taskID, RunID: Ptr(runID), Status: TaskStatusInProgress, TaskType: TaskTypeTask}
			_, err := c.CompleteTaskAsRead(ctx, task, nil)
			return err
		}, ""},
		{"CompleteTask", func(ctx context.Context, c *Client) error {
			_, err := c.CompleteTask(ctx, runID, taskID, nil)
			return err
		}, ""},
		{"ReopenTask", func(ctx context.Context, c *Client) error { _, err := c.ReopenTask(ctx, "", taskID); return err }, ""},
		{"CreateTask", func(ctx context.Context, c *Client) error {
			_, err := c.CreateTask(ctx, CreateTaskRequest{Title: "t", Owners: Assignees{Users: []int{1}}, Deadline: deadline})
			return err
		}, ""},
		{"CommentOnTask", func(ctx context.Context, c *Client) error {
			_, err := c.CommentOnTask(ctx, taskID, CommentRequest{Content: "c", Visibility: CommentVisibleToAll})
			return err
		}, comment},
		// The people writes (people.go, guests.go, groups.go).
		{"InviteMember", func(ctx context.Context, c *Client) error {
			_, err := c.InviteMember(ctx, InviteMemberRequest{Email: "f@acme.example", FirstName: "F", LastName: "N", Role: MemberRoleLight})
			return err
		}, `{"data":{"id":1006,"status":"invited"}}`},
		{"UpdateMember", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateMember(ctx, 1002, UpdateMemberRequest{FirstName: Ptr("B"), LastName: Ptr("O"), Timezone: Ptr("UTC")})
			return err
		}, `{"data":{"id":1002}}`},
		{"UpdateMyProfile", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateMyProfile(ctx, UpdateMemberRequest{FirstName: Ptr("B"), LastName: Ptr("O"), Timezone: Ptr("UTC")})
			return err
		}, `{"data":{"id":1002}}`},
		{"ChangeMemberRole", func(ctx context.Context, c *Client) error {
			_, err := c.ChangeMemberRole(ctx, 1002, MemberRoleLight)
			return err
		}, `{"data":{"id":1002}}`},
		{"DisableMember", func(ctx context.Context, c *Client) error { _, err := c.DisableMember(ctx, 1002); return err }, `{"data":{"id":1002}}`},
		{"EnableMember", func(ctx context.Context, c *Client) error { _, err := c.EnableMember(ctx, 1002); return err }, `{"data":{"id":1002}}`},
		{"RemoveMember", func(ctx context.Context, c *Client) error { _, err := c.RemoveMember(ctx, 1002, nil); return err }, `{"data":{"id":1002}}`},
		{"DeleteMember", func(ctx context.Context, c *Client) error { return c.DeleteMember(ctx, 1002) }, `{"data":{"id":1002}}`},
		{"ConvertMemberToGuest", func(ctx context.Context, c *Client) error { _, err := c.ConvertMemberToGuest(ctx, 1002); return err }, `{"data":{"email":"b@acme.example"}}`},
		{"CreateGuest", func(ctx context.Context, c *Client) error {
			_, err := c.CreateGuest(ctx, CreateGuestRequest{Email: "g@b.example"})
			return err
		}, `{"data":{"email":"g@b.example"}}`},
		{"UpdateGuest", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateGuest(ctx, "g@b.example", UpdateGuestRequest{AssociatedMembers: []int{}})
			return err
		}, `{"data":{"email":"g@b.example"}}`},
		{"DeleteGuest", func(ctx context.Context, c *Client) error { _, err := c.DeleteGuest(ctx, "g@b.example"); return err }, `{"data":{"email":"g@b.example"}}`},
		{"DisableGuest", func(ctx context.Context, c *Client) error { _, err := c.DisableGuest(ctx, "g@b.example"); return err }, `{"data":{"email":"g@b.example"}}`},
		{"EnableGuest", func(ctx context.Context, c *Client) error { _, err := c.EnableGuest(ctx, "g@b.example"); return err }, `{"data":{"email":"g@b.example"}}`},
		{"ConvertGuestToMember", func(ctx context.Context, c *Client) error {
			_, err := c.ConvertGuestToMember(ctx, "g@b.example")
			return err
		}, `{"data":{"id":1007}}`},
		{"CreateGroup", func(ctx context.Context, c *Client) error {
			_, err := c.CreateGroup(ctx, CreateGroupRequest{Name: "Legal", Description: "d"})
			return err
		}, `{"data":{"id":"g1"}}`},
		{"UpdateGroup", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateGroup(ctx, "g1", UpdateGroupRequest{Description: Ptr("d"), Members: &GroupMembers{Users: []int{1002}}})
			return err
		}, `{"data":{"id":"g1"}}`},
		{"DeleteGroup", func(ctx context.Context, c *Client) error { return c.DeleteGroup(ctx, "g1") }, `{"data":{"id":"g1"}}`},
		{"CreateTag", func(ctx context.Context, c *Client) error {
			_, err := c.CreateTag(ctx, CreateTagRequest{Title: "Q3"})
			return err
		}, `{"data":{"id":"ff233b90ad86fd1490a5aacbc974887a"}}`},
		{"UpdateTag", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateTag(ctx, "ff233b90ad86fd1490a5aacbc974887a", UpdateTagRequest{Title: Ptr("Q4")})
			return err
		}, `{"data":{"id":"ff233b90ad86fd1490a5aacbc974887a"}}`},
		{"DeleteTagPermanently", func(ctx context.Context, c *Client) error {
			return c.DeleteTagPermanently(ctx, "ff233b90ad86fd1490a5aacbc974887a")
		}, `{}`},
		{"TagObject", func(ctx context.Context, c *Client) error {
			_, err := c.TagObject(ctx, TagObjectRequest{TagID: "ff233b90ad86fd1490a5aacbc974887a", ObjectType: ObjectTypeProcess, ObjectID: "cdffd986b607208f8ac62fa418e6f440"})
			return err
		}, `{"data":{"id":"l1"}}`},
		{"UntagObject", func(ctx context.Context, c *Client) error { return c.UntagObject(ctx, "l1") }, `{}`},
		{"CreateFolder", func(ctx context.Context, c *Client) error {
			_, err := c.CreateFolder(ctx, CreateFolderRequest{Name: "HR"})
			return err
		}, `{"data":{"id":"7c9e6679742540de944be07fc1f90ae7"}}`},
		{"UpdateFolder", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateFolder(ctx, "7c9e6679742540de944be07fc1f90ae7", UpdateFolderRequest{Name: Ptr("Payroll")})
			return err
		}, `{"data":{"id":"7c9e6679742540de944be07fc1f90ae7"}}`},
		{"DeleteFolder", func(ctx context.Context, c *Client) error {
			return c.DeleteFolder(ctx, "7c9e6679742540de944be07fc1f90ae7")
		}, `{}`},
		{"AddToFolder", func(ctx context.Context, c *Client) error {
			_, err := c.AddToFolder(ctx, AddToFolderRequest{FolderID: "7c9e6679742540de944be07fc1f90ae7", ObjectType: ObjectTypeProcess, ObjectID: "cdffd986b607208f8ac62fa418e6f440"})
			return err
		}, `{"data":{"id":12345}}`},
		{"RemoveFromFolder", func(ctx context.Context, c *Client) error { return c.RemoveFromFolder(ctx, 12345) }, `{}`},
		// The template writes (templates_write.go, steps.go, automations.go).
		{"CreateTemplate", func(ctx context.Context, c *Client) error {
			_, err := c.CreateTemplate(ctx, CreateTemplateRequest{Title: "Vendors", Type: "procedure"})
			return err
		}, `{"data":{"id":"` + tplID + `"}}`},
		{"UpdateTemplate", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateTemplate(ctx, tplID, UpdateTemplateRequest{Title: Ptr("Vendors"), Access: &TemplateAccess{Users: []int{1}}})
			return err
		}, `{"data":{"id":"` + tplID + `"}}`},
		{"ArchiveTemplate", func(ctx context.Context, c *Client) error { _, err := c.ArchiveTemplate(ctx, tplID); return err }, `{"message":"ok"}`},
		{"DeleteTemplate", func(ctx context.Context, c *Client) error { _, err := c.DeleteTemplate(ctx, tplID); return err }, `{"message":"ok"}`},
		{"RestoreTemplate", func(ctx context.Context, c *Client) error { _, err := c.RestoreTemplate(ctx, tplID); return err }, `{"data":{"id":"` + tplID + `"}}`},
		{"PublishTemplate", func(ctx context.Context, c *Client) error { _, err := c.PublishTemplate(ctx, tplID); return err }, `{"data":{"id":"` + tplID + `"}}`},
		{"CloneTemplate", func(ctx context.Context, c *Client) error {
			_, err := c.CloneTemplate(ctx, tplID, CloneTemplateRequest{Title: "Copy"})
			return err
		}, `{"data":{"id":"` + tplID + `"}}`},
		{"DeleteKickoffField", func(ctx context.Context, c *Client) error { return c.DeleteKickoffField(ctx, tplID, taskID) }, `{}`},
		{"CreateStep", func(ctx context.Context, c *Client) error {
			_, err := c.CreateStep(ctx, tplID, CreateStepRequest{Title: "Sign"})
			return err
		}, `{"data":{"id":"` + taskID + `"}}`},
		{"UpdateStep", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateStep(ctx, tplID, taskID, UpdateStepRequest{Title: Ptr("Sign"), Assignees: &StepAssignees{Users: []int{1}}})
			return err
		}, `{"data":{"id":"` + taskID + `"}}`},
		{"DeleteStep", func(ctx context.Context, c *Client) error { return c.DeleteStep(ctx, tplID, taskID) }, `{}`},
		{"CloneStep", func(ctx context.Context, c *Client) error { _, err := c.CloneStep(ctx, tplID, taskID); return err }, `{"data":{"id":"` + taskID + `"}}`},
		{"CreateStepField", func(ctx context.Context, c *Client) error {
			_, err := c.CreateStepField(ctx, tplID, taskID, StepFieldRequest{Label: "L", FieldType: "text"})
			return err
		}, `{"data":{"id":"` + taskID + `"}}`},
		{"UpdateStepField", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateStepField(ctx, tplID, taskID, runID, StepFieldRequest{Label: "L", FieldType: "text"})
			return err
		}, `{"data":{"id":"` + taskID + `"}}`},
		{"DeleteStepField", func(ctx context.Context, c *Client) error { return c.DeleteStepField(ctx, tplID, taskID, runID) }, `{}`},
		{"MoveStepField", func(ctx context.Context, c *Client) error {
			_, err := c.MoveStepField(ctx, tplID, taskID, runID, MoveStepFieldRequest{ToStepID: tplID})
			return err
		}, `{"data":{"id":"` + runID + `"}}`},
		{"CreateAutomation", func(ctx context.Context, c *Client) error {
			_, err := c.CreateAutomation(ctx, tplID, sampleAutomation())
			return err
		}, `{"data":{"id":"a1"}}`},
		{"UpdateAutomation", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateAutomation(ctx, tplID, "a1", sampleAutomation())
			return err
		}, `{"data":{"id":"a1"}}`},
		{"DeleteAutomation", func(ctx context.Context, c *Client) error { return c.DeleteAutomation(ctx, tplID, "a1") }, `{}`},
		// The webhook subscriptions (webhook_subscriptions.go).
		{"SubscribeWebhook", func(ctx context.Context, c *Client) error {
			_, err := c.SubscribeWebhook(ctx, SubscribeWebhookRequest{URL: "https://hooks.example.com/t", UserID: 1001})
			return err
		}, `{"data":{"id":9001,"webhook":"https://hooks.example.com/t"}}`},
		{"UnsubscribeWebhook", func(ctx context.Context, c *Client) error { return c.UnsubscribeWebhook(ctx, "9001") }, `{}`},
		{"CommentOnRun", func(ctx context.Context, c *Client) error {
			_, err := c.CommentOnRun(ctx, runID, CommentRequest{Content: "c", Visibility: CommentVisibleToAll})
			return err
		}, comment},
		{"CommentOnTemplate", func(ctx context.Context, c *Client) error {
			_, err := c.CommentOnTemplate(ctx, tplID, CommentRequest{Content: "c", Visibility: CommentVisibleToAll})
			return err
		}, comment},
		{"BotCommentOnTask", func(ctx context.Context, c *Client) error {
			_, err := c.BotCommentOnTask(ctx, taskID, BotCommentRequest{Content: "c"})
			return err
		}, comment},
		{"UpdateTaskComment", func(ctx context.Context, c *Client) error {
			_, err := c.UpdateTaskComment(ctx, taskID, 7, CommentRequest{Content: "c", Visibility: CommentVisibleToAll})
			return err
		}, comment},
		{"DeleteTaskComment", func(ctx context.Context, c *Client) error { return c.DeleteTaskComment(ctx, taskID, 7) }, `{}`},
		{"ReportTaskIssue", func(ctx context.Context, c *Client) error {
			_, err := c.ReportTaskIssue(ctx, taskID, IssueRequest{Content: "c"})
			return err
		}, comment},
		{"ReportRunIssue", func(ctx context.Context, c *Client) error {
			_, err := c.ReportRunIssue(ctx, runID, IssueRequest{Content: "c"})
			return err
		}, comment},
		{"ReportTemplateIssue", func(ctx context.Context, c *Client) error {
			_, err := c.ReportTemplateIssue(ctx, tplID, IssueRequest{Content: "c"})
			return err
		}, comment},
		{"ResolveTaskIssue", func(ctx context.Context, c *Client) error {
			_, err := c.ResolveTaskIssue(ctx, taskID, ResolveIssueRequest{ThreadID: 7, Content: "c"})
			return err
		}, comment},
		{"ResolveRunIssue", func(ctx context.Context, c *Client) error {
			_, err := c.ResolveRunIssue(ctx, runID, ResolveIssueRequest{ThreadID: 7, Content: "c"})
			return err
		}, comment},
		{"ResolveTemplateIssue", func(ctx context.Context, c *Client) error {
			_, err := c.ResolveTemplateIssue(ctx, tplID, ResolveIssueRequest{ThreadID: 7, Content: "c"})
			return err
		}, comment},
		// Files (files.go).
		{"UploadFile", func(ctx context.Context, c *Client) error {
			_, err := c.UploadFile(ctx, UploadFileRequest{Filename: "contract.pdf", Content: strings.NewReader("%PDF-1.7"), Subject: FileForRun, SubjectID: runID, UploadedFrom: "f1"})
			return err
		}, `{"data":{"id":"asset1","filename":"contract.pdf"}}`},
		{"DeleteFile", func(ctx context.Context, c *Client) error { return c.DeleteFile(ctx, "asset1") }, `{}`},
		// The lifecycle writes (lifecycle.go).
		{"DeleteRunPermanently", func(ctx context.Context, c *Client) error { return c.DeleteRunPermanently(ctx, runID) }, `{}`},
		{"ArchiveTask", func(ctx context.Context, c *Client) error { return c.ArchiveTask(ctx, taskID) }, `{}`},
		{"RestoreTask", func(ctx context.Context, c *Client) error { return c.RestoreTask(ctx, taskID) }, ""},
		{"DeleteTaskPermanently", func(ctx context.Context, c *Client) error { return c.DeleteTaskPermanently(ctx, taskID) }, `{}`},
		{"CloneTask", func(ctx context.Context, c *Client) error { _, err := c.CloneTask(ctx, taskID); return err }, ""},
		{"ExportRun", func(ctx context.Context, c *Client) error { _, err := c.ExportRun(ctx, runID); return err }, ""},
		// Custom fields (customfields.go).
		{"ReplaceCustomFields", func(ctx context.Context, c *Client) error {
			return c.ReplaceCustomFields(ctx, ProcessRecord(runID), ReplaceCustomFieldsRequest{Values: CustomFieldValues{"cost_center": "CC-1"}})
		}, `{"data":{"custom_fields":{}}}`},
		{"SetCustomField", func(ctx context.Context, c *Client) error {
			return c.SetCustomField(ctx, TaskRecord(runID, taskID), "priority", SetCustomFieldRequest{Value: "Low"})
		}, `{"data":{"custom_fields":{}}}`},
		{"DeleteCustomField", func(ctx context.Context, c *Client) error {
			return c.DeleteCustomField(ctx, ProcessRecord(runID), "priority")
		}, `{}`},
		{"CreateCustomFieldKey", func(ctx context.Context, c *Client) error {
			_, err := c.CreateCustomFieldKey(ctx, CreateCustomFieldKeyRequest{Key: "cost_center", AppliesTo: "process", FieldType: CustomFieldText})
			return err
		}, `{"data":{"id":41,"key":"cost_center"}}`},
		// Kick-off and form values (kickoff.go).
		{"CompleteKickoff", func(ctx context.Context, c *Client) error { _, err := c.CompleteKickoff(ctx, runID); return err }, ""},
		{"ReopenKickoff", func(ctx context.Context, c *Client) error { _, err := c.ReopenKickoff(ctx, runID); return err }, ""},
		{"SaveTaskFields", func(ctx context.Context, c *Client) error {
			return c.SaveTaskFields(ctx, taskID, SaveTaskFieldsRequest{Fields: map[string]any{"notes": "Signed."}})
		}, `{"data":{"id":"` + taskID + `","value":"Signed."}}`},
		{"SetFormFieldValue", func(ctx context.Context, c *Client) error {
			return c.SetFormFieldValue(ctx, runID, SetFormFieldValueRequest{ValueID: "v1", Field: "notes", Value: "Signed."})
		}, `{"data":{"id":"v1","value":"Signed."}}`},
		{"SetGuestFormFieldValue", func(ctx context.Context, c *Client) error {
			return c.SetGuestFormFieldValue(ctx, "ops@globex.example", runID, SetFormFieldValueRequest{ValueID: "v1", Field: "notes", Value: "Signed."})
		}, `{"data":{"id":"v1","value":"Signed."}}`},
	}
}

// TestFaultMatrix_Writes runs every write through servers that fail around
// it. The API has no idempotency key, so the property is the same in every
// row: the write is carried out at most once (the server counts what it
// carried out), a failure after it may have been is ErrOutcomeUnknown, and
// only a write that provably was not carried out (429, a refused
// connection) is sent again. HTTP/2 stream resets: TestFaultMatrix_WritesHTTP2.
func TestFaultMatrix_Writes(t *testing.T) {
	writes := faultWrites()
	const answer = faultAnswer
	// A fault answers the n-th write (1-based), calling done when it has
	// carried the write out.
	type writeFault struct {
		name     string
		answer   func(w http.ResponseWriter, r *http.Request, n int32, done func())
		refuse   int32         // dials refused before the server is reached
		timeout  time.Duration // WithRequestTimeout, 0 = default
		deadline time.Duration // the caller's context's timeout, 0 = none
		maxBytes int64         // WithMaxResponseBytes, 0 = default
		want     func(error) bool
		sent     int32 // writes that reached the server
		wantDone int32 // writes carried out
	}
	var reply atomic.Value // the 2xx body of the write under test
	ok := func(w http.ResponseWriter, _ *http.Request, _ int32, done func()) {
		done()
		writeJSON(w, 200, reply.Load().(string))
	}
	failAfter := func(code int) func(http.ResponseWriter, *http.Request, int32, func()) {
		return func(w http.ResponseWriter, _ *http.Request, _ int32, done func()) {
			done() // the proxy's answer comes after the write was done
			writeJSON(w, code, `{"message":"upstream"}`)
		}
	}
	unknown := func(err error) bool { return errors.Is(err, ErrOutcomeUnknown) }
	// elsewhere counts what reaches another origin: nothing may.
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		elsewhere.Add(1)
		writeJSON(w, 200, answer)
	}))
	defer other.Close()
	redirect := func(code int, to func(r *http.Request) string, carriedOut bool) func(http.ResponseWriter, *http.Request, int32, func()) {
		return func(w http.ResponseWriter, r *http.Request, _ int32, done func()) {
			if carriedOut {
				done()
			}
			w.Header().Set("Location", to(r))
			w.WriteHeader(code)
		}
	}
	samePath := func(r *http.Request) string { return r.URL.Path + "?moved=1" }
	otherHost := func(r *http.Request) string { return other.URL + r.URL.Path }
	// notFollowed: the 3xx is the answer, typed, naming the status and
	// where it pointed, and nothing was carried out.
	notFollowed := func(code int, where string) func(error) bool {
		return func(err error) bool {
			var apiErr *APIError
			return errors.Is(err, ErrRedirected) && !errors.Is(err, ErrOutcomeUnknown) &&
				errors.As(err, &apiErr) && apiErr.StatusCode == code && strings.Contains(apiErr.Location, where) &&
				!strings.Contains(apiErr.Location, "moved=1") && strings.Contains(err.Error(), "not carried out")
		}
	}
	faults := []writeFault{
		{name: "500 after the write", answer: failAfter(500), want: unknown, sent: 1, wantDone: 1},
		{name: "502 after the write", answer: failAfter(502), want: unknown, sent: 1, wantDone: 1},
		{name: "503 after the write", answer: failAfter(503), want: unknown, sent: 1, wantDone: 1},
		{name: "504 after the write", answer: failAfter(504), want: unknown, sent: 1, wantDone: 1},
		{name: "connection cut after the write", answer: func(w http.ResponseWriter, _ *http.Request, _ int32, done func()) {
			done()
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
		}, want: unknown, sent: 1, wantDone: 1},
		{name: "no answer within the request timeout", timeout: time.Second, answer: func(w http.ResponseWriter, r *http.Request, _ int32, done func()) {
			done()
			<-r.Context().Done()
		}, want: unknown, sent: 1, wantDone: 1},
		{name: "answer cut mid-body", answer: func(w http.ResponseWriter, _ *http.Request, _ int32, done func()) {
			done()
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "500")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"data":{"id":`))
		}, want: func(err error) bool {
			return errors.Is(err, ErrInvalidResponse) && strings.Contains(err.Error(), "do not repeat it")
		}, sent: 1, wantDone: 1},
		{name: "429 then success", answer: func(w http.ResponseWriter, r *http.Request, n int32, done func()) {
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
				return
			}
			ok(w, r, n, done)
		}, want: func(err error) bool { return err == nil }, sent: 2, wantDone: 1},
		{name: "refused twice then success", refuse: 2, answer: ok, want: func(err error) bool { return err == nil }, sent: 1, wantDone: 1},
		// Redirects (issue 20): a write is never followed, so never turned
		// into a GET (301/302/303), never sent again (307/308, a 307 loop),
		// and neither its body nor the token reaches another origin.
		{name: "301 to the same host", answer: redirect(301, samePath, false), want: notFollowed(301, "/organizations/"), sent: 1},
		{name: "302 to the same host", answer: redirect(302, samePath, false), want: notFollowed(302, "/organizations/"), sent: 1},
		{name: "302 to another host", answer: redirect(302, otherHost, false), want: notFollowed(302, other.URL), sent: 1},
		{name: "303 after the write", answer: redirect(303, samePath, true), want: func(err error) bool {
			return unknown(err) && errors.Is(err, ErrRedirected)
		}, sent: 1, wantDone: 1},
		{name: "307 to the same host", answer: redirect(307, samePath, false), want: notFollowed(307, "/organizations/"), sent: 1},
		{name: "307 loop", answer: redirect(307, func(r *http.Request) string { return r.URL.Path }, false), want: func(err error) bool {
			return errors.Is(err, ErrRedirected) && !unknown(err)
		}, sent: 1},
		{name: "307 to plain http on another host", answer: redirect(307, otherHost, false), want: notFollowed(307, other.URL), sent: 1},
		{name: "308 to another host", answer: redirect(308, otherHost, false), want: notFollowed(308, other.URL), sent: 1},
		// The last attempt decides: a 429, then a write that is read and
		// carried out but not answered before the caller's deadline, may
		// have been done, whatever the 429 said.
		{name: "429 then silence past the deadline", deadline: 2 * time.Second, answer: func(w http.ResponseWriter, r *http.Request, n int32, done func()) {
			if n == 1 {
				w.Header().Set("Retry-After", "0.01")
				writeJSON(w, 429, `{"message":"Too Many Attempts."}`)
				return
			}
			done()
			<-r.Context().Done()
		}, want: func(err error) bool {
			return unknown(err) && !errors.Is(err, ErrRateLimited) && errors.Is(err, context.DeadlineExceeded)
		}, sent: 2, wantDone: 1},
		{name: "2xx answer over the size cap", maxBytes: 1024, answer: func(w http.ResponseWriter, _ *http.Request, _ int32, done func()) {
			done()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"data":{"id":"` + strings.Repeat("x", 4096) + `"}}`))
		}, want: func(err error) bool {
			return errors.Is(err, ErrResponseTooLarge) && errors.Is(err, ErrInvalidResponse) && strings.Contains(err.Error(), "do not repeat it")
		}, sent: 1, wantDone: 1},
		{name: "422", answer: func(w http.ResponseWriter, _ *http.Request, _ int32, _ func()) {
			writeJSON(w, 422, `{"message":"The given data was invalid."}`)
		}, want: func(err error) bool { return errors.Is(err, ErrValidation) && !errors.Is(err, ErrOutcomeUnknown) }, sent: 1, wantDone: 0},
	}
	for _, f := range faults {
		// A row that waits out a timeout or a deadline spends it idle, so
		// those rows run at once (t.Run may be called from many goroutines;
		// -parallel does not limit it): the waits can then be long enough
		// that a loaded machine's slow read before the write never uses them
		// up, yet the rows together take one wait, not one each.
		waits := f.timeout > 0 || f.deadline > 0
		t.Run(f.name, func(t *testing.T) {
			var rows sync.WaitGroup
			for _, wr := range writes {
				row := func() {
					t.Run(wr.name, func(t *testing.T) {
						reply.Store(answer)
						if wr.reply != "" {
							reply.Store(wr.reply)
						}
						var sent, done atomic.Int32
						srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
							if r.Method == http.MethodGet { // the read some writes make first
								writeJSON(w, 200, answer)
								return
							}
							// The body is read, as a server does before answering;
							// only then does net/http watch for the client leaving.
							_, _ = io.Copy(io.Discard, r.Body)
							f.answer(w, r, sent.Add(1), func() { done.Add(1) })
						})
						rt := &refusingTransport{next: http.DefaultTransport}
						rt.refuse.Store(f.refuse)
						opts := []Option{WithHTTPClient(&http.Client{Transport: rt})}
						if f.timeout > 0 {
							opts = append(opts, WithRequestTimeout(f.timeout))
						}
						if f.maxBytes > 0 {
							opts = append(opts, WithMaxResponseBytes(f.maxBytes))
						}
						c, _ := newTestClient(t, srv.Server, opts...)
						ctx := context.Background()
						if f.deadline > 0 {
							var cancel context.CancelFunc
							ctx, cancel = context.WithTimeout(ctx, f.deadline)
							defer cancel()
						}
						err := wr.call(ctx, c)
						if !f.want(err) {
							t.Errorf("err = %v", err)
						}
						if n := elsewhere.Swap(0); n > 0 {
							t.Errorf("%d requests reached another origin", n)
						}
						if sent.Load() != f.sent || done.Load() != f.wantDone {
							t.Errorf("%d writes reached the server, %d carried out; want %d and %d", sent.Load(), done.Load(), f.sent, f.wantDone)
						}
						if err != nil && strings.Contains(err.Error(), testToken) {
							t.Errorf("the error carries the token: %v", err)
						}
					})
				}
				if waits {
					rows.Go(row)
				} else {
					row()
				}
			}
			rows.Wait()
		})
	}
}
