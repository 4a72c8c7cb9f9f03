package tallyfytest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/routers"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// The activity feed (docs:processes/get-process-activity) records what the fake did: every write
// that succeeds (a 2xx answer to anything but GET) appends one activity, in one place, the
// pipeline (serveAPI wraps the answer in recordActivity), not in each handler. An activity names
// the actor (the token's user), the verb (from the operation), the object (the most specific id of
// the path, or the created object's id from the answer) and its process, at the server's clock.
// A write served before an AfterHandling failure is recorded too: it happened.
//
// Not simulated: the permission rules of the page (every activity is visible to the token), the
// auto-launch origin (origin_type, origin_id match nothing), field changes (field, old_value).

// activityWriter holds a write's 2xx answer until its activity is recorded, so a client that
// reads the feed after the answer always finds the activity there.
type activityWriter struct {
	http.ResponseWriter
	record  func(status int, body []byte)
	status  int
	settled bool
}

// recordActivity wraps w for the request of route; reads are answered as they are.
func (s *Server) recordActivity(w http.ResponseWriter, r *http.Request, route *routers.Route, params map[string]string) (http.ResponseWriter, func()) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead || route.Operation == nil {
		return w, func() {}
	}
	a := &activityWriter{ResponseWriter: w}
	a.record = func(status int, body []byte) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.data.addActivity(s.cfg.me, s.now, route.Operation.OperationID, r.Method, route.Path, params, body)
	}
	return a, a.finish
}

func (a *activityWriter) WriteHeader(status int) {
	if a.settled || a.status != 0 {
		return
	}
	a.status = status
	if status < 200 || status > 299 {
		a.settled = true
		a.ResponseWriter.WriteHeader(status)
		return
	}
	if status == http.StatusNoContent {
		a.settle(nil)
	}
}

func (a *activityWriter) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.WriteHeader(http.StatusOK)
	}
	if !a.settled {
		a.settle(b)
	}
	return a.ResponseWriter.Write(b)
}

// settle records the activity of a 2xx answer (body is its first bytes, the whole answer as the
// handlers write it), then lets the answer go.
func (a *activityWriter) settle(body []byte) {
	a.settled = true
	a.record(a.status, body)
	a.ResponseWriter.WriteHeader(a.status)
}

// finish settles an answer the handler wrote no body for.
func (a *activityWriter) finish() {
	if !a.settled && a.status != 0 {
		a.settle(nil)
	}
}

// activityVerbs are the verbs of the operations that are not a plain create, update or delete,
// by operationId prefix (docs:processes/get-process-activity lists the verbs).
var activityVerbs = []struct{ prefix, verb string }{
	{"complete", "completed"}, {"reopen", "uncompleted"}, {"archive", "archived"},
	{"activate", "unarchived"}, {"restore", "unarchived"}, {"comment", "commented"},
	{"botComment", "commented"}, {"report", "issue-reported"}, {"resolve", "issue-resolved"},
	{"deleteTaskComment", "comment-deleted"}, {"invite", "invited"}, {"tagObject", "linked"},
	{"addTo", "linked"}, {"untag", "unlinked"}, {"removeFrom", "unlinked"}, {"upload", "uploaded"},
	{"enable", "enabled"}, {"disable", "disabled"},
}

func activityVerb(operationID, method string) string {
	for _, v := range activityVerbs {
		if strings.HasPrefix(operationID, v.prefix) {
			return v.verb
		}
	}
	switch method {
	case http.MethodPost:
		return "created"
	case http.MethodDelete:
		return "deleted"
	}
	return "updated"
}

// activityObjects are the path parameters an activity's object is named by, most specific first,
// with the activity type and the model class of each (docs:processes/get-process-activity).
var activityObjects = []struct{ param, typ, model string }{
	{"comment_id", "Comment", "Thread"}, {"task_id", "Task", "Task"}, {"capture_id", "Step", "Capture"},
	{"step_id", "Step", "Step"}, {"run_id", "Process", "Run"}, {"checklist_id", "Blueprint", "Checklist"},
	{"tag_id", "Tag", "Tag"}, {"folder_id", "Organization", "Folder"}, {"group_id", "Group", "Group"},
	{"user_id", "User", "User"}, {"guest", "User", "Guest"},
}

// activityCollections are what a create without an id in its path makes, by the path's first
// segment after the organization.
var activityCollections = map[string]struct{ typ, model string }{
	"runs": {"Process", "Run"}, "tasks": {"Task", "Task"}, "checklists": {"Blueprint", "Checklist"},
	"tags": {"Tag", "Tag"}, "groups": {"Group", "Group"}, "guests": {"User", "Guest"},
	"users": {"User", "User"}, "folders": {"Organization", "Folder"}, "file": {"Organization", "Asset"},
}

// addActivity appends the activity of one write. The caller holds the server's lock.
func (st *store) addActivity(me int, now time.Time, operationID, method, path string, params map[string]string, body []byte) {
	verb := activityVerb(operationID, method)
	typ, model, id := "Organization", "Organization", ""
	for _, o := range activityObjects {
		if v, ok := params[o.param]; ok {
			typ, model, id = o.typ, o.model, v
			break
		}
	}
	if method == http.MethodPost && (id == "" || verb == "created") {
		// A create: the object is the one the answer holds.
		rest := strings.TrimPrefix(path, "/organizations/{org_id}/")
		if c, ok := activityCollections[strings.SplitN(rest, "/", 2)[0]]; ok && !strings.Contains(rest, "{") {
			typ, model = c.typ, c.model
		}
		if created := createdID(body); created != "" {
			id = created
		}
	}
	parentModel, parentID := "", ""
	if run, ok := params["run_id"]; ok && model != "Run" {
		parentModel, parentID = "Run", run
	} else if tpl, ok := params["checklist_id"]; ok && model != "Checklist" {
		parentModel, parentID = "Checklist", tpl
	} else if model == "Task" {
		if t, ok := st.tasks[id]; ok && t.task.RunID != nil {
			parentModel, parentID = "Run", *t.task.RunID
		}
	}
	st.lastActivityID++
	a := gen.Activity{
		ID: st.lastActivityID, OrganizationID: nil, Verb: []string{verb}, Source: []string{"Member"},
		ActorType: []string{`App\Models\User`}, ActorID: []int{me}, Type: []string{typ},
		AuditableType: ptr(`App\Models\` + model), AuditableID: ptr(id),
		Description: []string{verb + " " + strings.ToLower(typ) + " " + id},
		CreatedAt:   ptr(now), Undoable: ptr(false),
	}
	if parentID != "" {
		a.ParentableType, a.ParentableID = ptr(`App\Models\`+parentModel), &parentID
	}
	if u, ok := st.members.rows[me]; ok {
		a.Actor = []gen.ActivityActor{{Email: u.Email, Username: u.Username, FirstName: u.FirstName, LastName: u.LastName, FullName: u.FullName}}
	}
	st.activities = append(st.activities, a)
}

// createdID is the id of the object a create answered with ({"data": {"id": ...}}), a string or
// a number; "" when the answer holds none.
func createdID(body []byte) string {
	var env struct {
		Data struct {
			ID json.RawMessage `json:"id"`
		} `json:"data"`
	}
	if json.Unmarshal(body, &env) != nil || len(env.Data.ID) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(env.Data.ID, &s) == nil {
		return s
	}
	if n, err := strconv.ParseInt(string(env.Data.ID), 10, 64); err == nil {
		return strconv.FormatInt(n, 10)
	}
	return ""
}

// activityModels are the model classes of the documented entity types.
var activityModels = map[gen.ActivityEntityType]string{
	gen.ActivityEntityTypeChecklist: "Checklist", gen.ActivityEntityTypeRun: "Run", gen.ActivityEntityTypeStep: "Step",
	gen.ActivityEntityTypeTask: "Task", gen.ActivityEntityTypeThread: "Thread",
}

// ListActivities answers listActivities (docs:processes/get-process-activity) from what the fake
// recorded: entity_type and entity_id match the object acted on or its parent (so a process's
// feed holds its tasks' activities); type, verb, actor_id, actor_type, source and field match
// exactly; actor_email matches the actor's email; created_after and created_before are inclusive
// days; search is a substring of the description, without regard to case. Oldest first; sort
// created_at or -created_at (then by id).
func (h apiHandlers) ListActivities(w http.ResponseWriter, r *http.Request, _ gen.OrgID, p gen.ListActivitiesParams) {
	serveRows(h.s, w, r, newPageRequest(p.Page, p.PerPage, nil), func(st *store) []*gen.Activity {
		var rows []*gen.Activity
		for i := range st.activities {
			if a := &st.activities[i]; activityMatches(a, p) {
				rows = append(rows, a)
			}
		}
		if p.Sort != nil && strings.TrimPrefix(*p.Sort, "-") == "created_at" {
			desc := strings.HasPrefix(*p.Sort, "-")
			slices.SortStableFunc(rows, func(a, b *gen.Activity) int {
				c := cmp.Or(a.CreatedAt.Compare(*b.CreatedAt), cmp.Compare(a.ID, b.ID))
				if desc {
					return -c
				}
				return c
			})
		}
		return rows
	}, func(_ *store, page []*gen.Activity, meta gen.ListMeta) gen.ActivityList {
		out := gen.ActivityList{Data: make([]gen.Activity, 0, len(page)), Meta: &meta}
		for _, a := range page {
			out.Data = append(out.Data, *a)
		}
		return out
	})
}

func activityMatches(a *gen.Activity, p gen.ListActivitiesParams) bool {
	day := a.CreatedAt.UTC().Format(time.DateOnly)
	actorEmail := ""
	if len(a.Actor) > 0 {
		actorEmail = deref1(a.Actor[0].Email)
	}
	switch {
	case p.EntityType != nil && !entityMatches(a, activityModels[*p.EntityType], deref1(p.EntityID)):
	case p.Type != nil && !slices.Contains(a.Type, string(*p.Type)):
	case p.Verb != nil && !slices.Contains(a.Verb, string(*p.Verb)):
	case p.ActorType != nil && *p.ActorType != gen.ActivityActorTypeUser:
	case p.ActorID != nil && !slices.Contains(a.ActorID, *p.ActorID):
	case p.ActorEmail != nil && !strings.EqualFold(*p.ActorEmail, actorEmail):
	case p.Source != nil && !slices.Contains(a.Source, string(*p.Source)):
	case p.CreatedAfter != nil && day < p.CreatedAfter.Format(time.DateOnly):
	case p.CreatedBefore != nil && day > p.CreatedBefore.Format(time.DateOnly):
	case p.Search != nil && !containsFold(*p.Search, a.Description...):
	case p.Field != nil && !slices.Contains(a.Field, *p.Field):
	case p.OriginType != nil || p.OriginID != nil:
	default:
		return true
	}
	return false
}

// entityMatches reports whether a acted on the object of model and id, or on one of its children.
func entityMatches(a *gen.Activity, model, id string) bool {
	self := deref1(a.AuditableType) == `App\Models\`+model && (id == "" || deref1(a.AuditableID) == id)
	parent := deref1(a.ParentableType) == `App\Models\`+model && (id == "" || deref1(a.ParentableID) == id)
	return self || parent
}
