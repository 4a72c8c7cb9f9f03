package tallyfytest

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/shape"
)

// The store keeps each object without its includes (the fields filled only when asked for with
// `with`) and keeps the related data those includes are built from beside it. Responses are built
// from copies, so nothing a handler does can change the stored data.

type runRecord struct {
	run  gen.Run
	tags []gen.Tag
}

type taskRecord struct {
	task   gen.Task
	fields []gen.FormField // values live in task.Taskdata; see fieldValue
	tags   []gen.Tag
}

type templateRecord struct {
	template    gen.Template
	steps       []gen.Step
	tags        []gen.Tag
	automations []gen.AutomatedAction // kept in template.AutomatedActions too (syncAutomations)
}

type store struct {
	runs      map[string]*runRecord
	tasks     map[string]*taskRecord
	templates map[string]*templateRecord
	created   int // objects the writes created, for their ids

	// Comments and issues (comments.go): one table of threads by comment id.
	threads       *table[int, thread]
	lastCommentID int
	commentPosts  []time.Time // when comments were posted, for the hourly cap

	// The people (members.go, guests.go, groups.go): plain tables.
	members      *table[int, gen.User]
	guests       *table[string, gen.Guest] // by lower-case email
	groups       *table[string, gen.Group]
	lastGuestID  int         // the id of the last guest added
	guestInvites []time.Time // when guests were invited, for the hourly cap

	// Organizing (tags.go, folders.go): plain tables.
	tags               *table[string, gen.Tag]
	tagLinks           *table[string, gen.TagLink] // a tag on a run or template, by association id
	folders            *table[string, gen.Folder]
	folderObjects      *table[int, gen.FolderObject]
	lastFolderObjectID int
	// The organization-level webhook subscriptions (webhooks.go).
	watchers     *table[string, gen.WebhookSubscription]
	watcherCount int // subscriptions made, for their ids
	// The activity feed (activity.go): what the writes did, oldest first.
	activities     []gen.Activity
	lastActivityID int
	// Custom fields (customfields.go), made on first use: keys by applies_to/key, values by record path.
	customFieldKeys      *table[string, gen.CustomFieldKey]
	customFields         map[string]*gen.CustomFieldValues
	lastCustomFieldKeyID int
	// Uploaded files (files.go), made on first use.
	files *table[string, storedFile]
}

func newStore() *store {
	return &store{
		runs:          map[string]*runRecord{},
		tasks:         map[string]*taskRecord{},
		templates:     map[string]*templateRecord{},
		threads:       newTable[int, thread](),
		lastCommentID: firstCommentID - 1,
		members:       newTable[int, gen.User](),
		guests:        newTable[string, gen.Guest](),
		groups:        newTable[string, gen.Group](),
		tags:          newTable[string, gen.Tag](),
		tagLinks:      newTable[string, gen.TagLink](),
		folders:       newTable[string, gen.Folder](),
		folderObjects: newTable[int, gen.FolderObject](),
		// Relation ids start where the MCP server's example is (12345).
		lastFolderObjectID: 12344,
		watchers:           newTable[string, gen.WebhookSubscription](),
		// Guest ids start where the documentation's examples are (4001, 4523).
		lastGuestID: 4000,
	}
}

// newID is the id of an object a write creates: 32 lowercase hex characters, as the API's ids,
// derived from a counter so that the same requests create the same ids on every run.
func (s *store) newID(kind string) string {
	s.created++
	return derivedID("created", kind, strconv.Itoa(s.created))
}

// nextRunNumber and nextTaskNumber are the increment_id of the next run or task: one more than
// the highest stored, as an auto-increment column counts.
func (s *store) nextRunNumber() int {
	n := 0
	for _, r := range s.runs {
		n = max(n, r.run.IncrementID)
	}
	return n + 1
}

func (s *store) nextTaskNumber() int {
	n := 0
	for _, t := range s.tasks {
		n = max(n, t.task.IncrementID)
	}
	return n + 1
}

// knownTags are the tags the organization has: its tags table (the sample tags and those
// created) and any tag a stored object carries.
func (s *store) knownTags() map[string]gen.Tag {
	out := map[string]gen.Tag{}
	for _, t := range tags(s).all() {
		out[t.ID] = *t
	}
	add := func(tags []gen.Tag) {
		for _, t := range tags {
			out[t.ID] = t
		}
	}
	for _, r := range s.runs {
		add(r.tags)
	}
	for _, t := range s.tasks {
		add(t.tags)
	}
	for _, t := range s.templates {
		add(t.tags)
	}
	return out
}

func (s *store) putRun(run gen.Run) {
	rec := &runRecord{}
	rec.tags = slices.Clone(run.Tags)
	rec.run = normalizeRun(run)
	s.runs[run.ID] = rec
}

func (s *store) putTask(task gen.Task) {
	rec := &taskRecord{}
	rec.fields = slices.Clone(task.FormFields)
	rec.tags = slices.Clone(task.Tags)
	rec.task = normalizeTask(task)
	s.tasks[task.ID] = rec
}

func (s *store) putTemplate(t gen.Template) {
	rec := &templateRecord{}
	rec.steps = slices.Clone(t.Steps)
	rec.tags = slices.Clone(t.Tags)
	rec.template = normalizeTemplate(t)
	s.templates[t.ID] = rec
}

// sortedRuns returns every run, newest first (created_at, then increment_id, then id), the order
// listRuns uses when no sort is asked for. The API does not document its default order; newest
// first is how the spec's RunList examples are ordered.
func (s *store) sortedRuns() []*runRecord {
	out := make([]*runRecord, 0, len(s.runs))
	for _, r := range s.runs {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *runRecord) int {
		if c := b.run.CreatedAt.Compare(a.run.CreatedAt); c != 0 {
			return c
		}
		if c := cmp.Compare(b.run.IncrementID, a.run.IncrementID); c != 0 {
			return c
		}
		return cmp.Compare(a.run.ID, b.run.ID)
	})
	return out
}

// runTasks returns the tasks of a run in position order.
func (s *store) runTasks(runID string) []*taskRecord {
	var out []*taskRecord
	for _, t := range s.tasks {
		if t.task.RunID != nil && *t.task.RunID == runID {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *taskRecord) int {
		if c := cmp.Compare(a.task.Position, b.task.Position); c != 0 {
			return c
		}
		return cmp.Compare(a.task.ID, b.task.ID)
	})
	return out
}

// normalizeRun clears the include fields and turns nil lists and maps into empty ones: the spec
// declares them non-nullable, and encoding/json writes a nil slice as null.
func normalizeRun(r gen.Run) gen.Run {
	r.Assets, r.Checklist, r.Folders, r.FormFields, r.GuestWatchers = nil, nil, nil, nil, nil
	r.KoFormFields, r.MemberWatchers, r.NextTask, r.Permissions = nil, nil, nil, nil
	r.Stages, r.Tags, r.Tasks, r.TasksMeta = nil, nil, nil, nil
	r.Collaborators = nonNil(r.Collaborators)
	r.Users = nonNil(r.Users)
	r.Groups = nonNil(r.Groups)
	return r
}

func normalizeTask(t gen.Task) gen.Task {
	t.Assets, t.FormFields, t.Issues, t.Run, t.Step, t.Tags, t.Threads = nil, nil, nil, nil, nil, nil, nil
	t.Owners.Users = nonNil(t.Owners.Users)
	t.Owners.Guests = nonNil(t.Owners.Guests)
	t.Owners.Groups = nonNil(t.Owners.Groups)
	return t
}

func normalizeTemplate(t gen.Template) gen.Template {
	t.Steps, t.Tags, t.Folder = nil, nil, nil
	t.Prerun = nonNil(t.Prerun)
	t.AutomatedActions = nonNil(t.AutomatedActions)
	return t
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// userIDs are the ids of a task's assigned users, whichever shape they were given in.
func userIDs(refs []gen.UserRef) []int {
	ids := make([]int, len(refs))
	for i, u := range refs {
		ids[i] = u.ID
	}
	return ids
}

// objectMap decodes a free-form object the fake stored (kick-off values, taskdata); a value that
// is not an object reads as empty, as the API would treat it.
func objectMap(o shape.Object) map[string]any {
	m := map[string]any{}
	_ = o.Decode(&m)
	return m
}

// object encodes a map the fake built as a free-form object; a map of JSON values cannot fail.
func object(m map[string]any) shape.Object {
	o, _ := shape.NewObject(m)
	return o
}

// userRefs gives user ids the id-only shape of owners.users.
func userRefs(ids []int) []gen.UserRef {
	refs := make([]gen.UserRef, len(ids))
	for i, id := range ids {
		refs[i] = gen.UserRef{ID: id}
	}
	return refs
}
