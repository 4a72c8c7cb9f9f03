package bench

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/shape"
)

// The fixtures are built in code, deterministically: the same bytes on every machine and every
// run, so benchmark inputs never drift and nothing binary is committed. They are valid against
// api/openapi.yaml (ogen validates every response it decodes, and TestFixturesDecodeAlike checks
// all decoders agree), and exercise the API's quirks: timestamps with and without milliseconds,
// free-form maps (prerun, taskdata), form values of several JSON types, links as {} or [].

// Fixed identities shared by fixtures and clients.
const (
	Token = "bench-token"
	OrgID = "bench-org"
)

// RunID is the id every GetRun benchmark asks for.
var RunID = hexID(1, 0)

// base is the fixtures' clock: 2026-11-02T09:00:00Z.
var base = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// hexID returns a 32-hex-digit id derived from (kind, n) by splitmix64, so ids look random but
// are stable and distinct.
func hexID(kind, n uint64) string {
	a := splitmix(kind<<40 ^ n)
	return fmt.Sprintf("%016x%016x", a, splitmix(a))
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func ptr[T any](v T) *T { return &v }

// at returns base + minutes; odd minutes carry milliseconds (…:00.250Z), even ones none (…:00Z),
// because the API sends both forms.
func at(minutes int) time.Time {
	t := base.Add(time.Duration(minutes) * time.Minute)
	if minutes%2 != 0 {
		t = t.Add(250 * time.Millisecond)
	}
	return t
}

// Run is a process without includes, as listRuns and a plain getRun return it.
func Run(n int) gen.Run {
	id := hexID(1, uint64(n))
	tpl := hexID(2, uint64(n%7))
	fields := map[string]any{
		hexID(3, 1): fmt.Sprintf("Customer %d", n),
		hexID(3, 2): "2026-11-30T17:00:00.000Z",
		hexID(3, 3): []any{map[string]any{"id": float64(1), "text": "Gold", "value": "gold"}},
		hexID(3, 4): float64(n % 100),
	}
	due := at(7 * 24 * 60)
	return gen.Run{
		ID:                id,
		IncrementID:       1000 + n,
		ChecklistID:       tpl,
		ChecklistTitle:    "Customer onboarding",
		Name:              fmt.Sprintf("Onboarding: customer %d", n),
		Summary:           ptr("Welcome pack, account set-up, kick-off call and first review."),
		Status:            []string{"active", "complete", "problem", "delayed"}[n%4],
		Progress:          gen.Progress{Complete: n % 9, Total: 9, Percent: float64(n%9) * 100 / 9, HasCounts: true},
		WholeProgress:     gen.Progress{Complete: n % 9, Total: 10, Percent: float64(n%9) * 10, HasCounts: true},
		StartedBy:         101 + n%5,
		OwnerID:           101 + n%5,
		Prerun:            mustObject(fields),
		PrerunStatus:      "complete",
		PrerunCompletedAt: ptr(at(n % 60)),
		PrerunCompletedBy: ptr(101 + n%5),
		PrerunLength:      ptr(len(fields)),
		Starred:           n%10 == 0,
		CreatedAt:         at(n % 60),
		StartedAt:         ptr(at(n % 60)),
		LastUpdated:       at(n%60 + 90),
		CompletedAt:       nil,
		ArchivedAt:        nil,
		DueDate:           &due,
		DueDatePassed:     false,
		DueSoon:           n%3 == 0,
		LateTasks:         n % 2,
		MaxTaskDeadline:   ptr(at(6 * 24 * 60)),
		Collaborators:     []int{101, 102, 103},
		Type:              "procedure",
		IsPublic:          false,
		Users:             []int{101 + n%5},
		Groups:            []string{"sales", "support"},
		ParentID:          nil,
		CanAddOot:         ptr(true),
		HasOpenIssue:      ptr(false),
		AssignSomeoneElse: ptr(false),
	}
}

// formFields returns the two form fields of task i, with values of different JSON types.
func formFields(i int, stepID string) []gen.FormField {
	text := gen.FormField{
		ID:          hexID(4, uint64(2*i)),
		Alias:       ptr(fmt.Sprintf("notes_%d", i)),
		Label:       "Notes from the call",
		FieldType:   "textarea",
		Guidance:    ptr("Summarise what the customer asked for, in their words."),
		Required:    ptr(false),
		Position:    ptr(1),
		StepID:      ptr(stepID),
		CreatedAt:   ptr(at(-i)),
		LastUpdated: ptr(at(i)),
		Value:       fmt.Sprintf("Customer asked about item %d: \"priority\" support, SSO \u2713 and a quarterly review.", i),
	}
	choice := gen.FormField{
		ID:          hexID(4, uint64(2*i+1)),
		Alias:       ptr(fmt.Sprintf("plan_%d", i)),
		Label:       "Plan",
		FieldType:   "multiselect",
		Required:    ptr(true),
		Position:    ptr(2),
		StepID:      ptr(stepID),
		CreatedAt:   ptr(at(-i)),
		LastUpdated: ptr(at(i)),
		Options: &[]gen.FieldOption{
			{ID: ptr(1), Text: "Gold", Value: ptr("gold")},
			{ID: ptr(2), Text: "Silver", Value: ptr("silver")},
			{ID: ptr(3), Text: "Bronze"},
		},
		Value: []any{
			map[string]any{"id": float64(1), "text": "Gold", "value": "gold"},
			map[string]any{"id": float64(3), "text": "Bronze"},
		},
	}
	return []gen.FormField{text, choice}
}

// Task is task i of run, with its form fields and their values.
func Task(run gen.Run, i int) gen.Task {
	stepID := hexID(5, uint64(i))
	fields := formFields(i, stepID)
	data := map[string]any{}
	for _, f := range fields {
		data[f.ID] = f.Value
	}
	status := []string{"completed", "in-progress", "not-started", "auto-skipped"}[i%4]
	t := gen.Task{
		ID:                       hexID(6, uint64(i)),
		IncrementID:              50000 + i,
		Title:                    fmt.Sprintf("Step %d: review the customer's documents", i+1),
		OriginalTitle:            ptr(fmt.Sprintf("Step %d: review the {{customer}} documents", i+1)),
		RunID:                    ptr(run.ID),
		ChecklistID:              ptr(run.ChecklistID),
		StepID:                   ptr(stepID),
		Alias:                    ptr(fmt.Sprintf("step_%d", i)),
		Status:                   status,
		StatusLabel:              ptr(map[string]string{"completed": "Completed", "in-progress": "Active", "not-started": "Not started", "auto-skipped": "Hidden"}[status]),
		RunStatus:                ptr(run.Status),
		TaskType:                 []string{"task", "approval", "expiring", "email"}[i%4],
		IsOneoffTask:             false,
		EveryoneMustComplete:     ptr(i%5 == 0),
		CanCompleteOnlyAssignees: ptr(false),
		Problem:                  ptr(false),
		Owners:                   gen.TaskOwners{Users: []gen.UserRef{{ID: 101 + i%5}, {ID: 102}}, Guests: []string{}, Groups: []string{"support"}},
		Position:                 i + 1,
		BlueprintPosition:        ptr(i + 1),
		StartedAt:                ptr(at(i)),
		Deadline:                 ptr(at(i + 24*60)),
		CreatedAt:                run.CreatedAt,
		LastUpdated:              at(i + 30),
		CompletedAt:              nil,
		ArchivedAt:               nil,
		StarterID:                ptr(101),
		Summary:                  ptr("Check every document against the checklist and flag anything missing."),
		FormFields:               fields,
		Taskdata:                 mustObject(data),
		ThreadsCount:             ptr(i % 3),
	}
	if status == "completed" {
		t.CompletedAt = ptr(at(i + 60))
		t.CompleterID = ptr(101 + i%5)
	}
	return t
}

// BigRun is the run of P2: 1,000 tasks with form fields and values, plus the checklist, tags and
// kick-off form includes, about 2 MB of JSON.
func BigRun() gen.Run {
	run := Run(0)
	tasks := make([]gen.Task, 1000)
	all := make([]gen.FormField, 0, 2*len(tasks))
	for i := range tasks {
		tasks[i] = Task(run, i)
		all = append(all, tasks[i].FormFields...)
	}
	tags := []gen.Tag{
		{ID: hexID(7, 1), Title: "Enterprise", Color: ptr("#3fb65b")},
		{ID: hexID(7, 2), Title: "EMEA", Color: ptr("#1f6feb")},
	}
	prerun := map[string]any{}
	if err := run.Prerun.Decode(&prerun); err != nil {
		panic(err)
	}
	kickoff := make([]gen.FormField, 0, len(prerun))
	for i := range 4 {
		kickoff = append(kickoff, gen.FormField{ID: hexID(3, uint64(i+1)), Label: fmt.Sprintf("Kick-off question %d", i+1), FieldType: "text", Required: ptr(true), Position: ptr(i + 1), Value: prerun[hexID(3, uint64(i+1))]})
	}
	run.Tasks = tasks
	run.FormFields = all[:200] // the first 100 tasks' fields; the rest are on the tasks
	run.KoFormFields = kickoff
	run.Tags = tags
	run.Checklist = &gen.RelatedTemplate{Data: gen.Template{
		ID:               run.ChecklistID,
		Title:            run.ChecklistTitle,
		Summary:          ptr("Everything from signed contract to first quarterly review."),
		Status:           "published",
		Type:             "procedure",
		OwnerID:          101,
		CreatedBy:        101,
		Prerun:           []gen.KickoffField{{ID: hexID(3, 1), Label: "Customer name", FieldType: "text", Required: ptr(true)}},
		AutomatedActions: gen.RelatedAutomatedActions{mustObject(map[string]any{"id": "a1", "conditions": []any{map[string]any{"field": hexID(3, 4), "is": "gold"}}})},
		CreatedAt:        at(-10000),
		LastUpdated:      at(-999),
		StepsCount:       ptr(len(tasks)),
	}}
	run.Stages = gen.RelatedObjects{}
	return run
}

// Page is page n (1-based) of a list of total runs, perPage per page, as listRuns returns it:
// links is an object with the neighbouring pages, or [] when there is no other page.
func Page(n, perPage, total int) gen.RunList {
	pages := (total + perPage - 1) / perPage
	first := (n - 1) * perPage
	count := min(perPage, total-first)
	runs := make([]gen.Run, count)
	for i := range runs {
		runs[i] = Run(first + i)
	}
	url := func(p int) string {
		return fmt.Sprintf("https://go.tallyfy.com/api/organizations/%s/runs?page=%d&per_page=%d", OrgID, p, perPage)
	}
	var links gen.PaginationLinks // encodes as [] when there is no other page
	if n > 1 {
		links.Previous = url(n - 1)
	}
	if n < pages {
		links.Next = url(n + 1)
	}
	return gen.RunList{Data: runs, Meta: &gen.ListMeta{Pagination: gen.Pagination{
		Count: count, CurrentPage: n, PerPage: perPage, Total: total, TotalPages: pages, Links: links,
	}}}
}

// mustObject encodes a map of JSON values as a free-form object.
func mustObject(m map[string]any) shape.Object {
	o, err := shape.NewObject(m)
	if err != nil {
		panic(err)
	}
	return o
}

// MustJSON encodes v as the API would.
func MustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// SmallRunBody is the body of P1 and P4: one run, no includes (about 1.5 KB).
func SmallRunBody() []byte { return MustJSON(gen.RunResponse{Data: Run(0)}) }

// BigRunBody is the body of P2 (about 2 MB).
func BigRunBody() []byte { return MustJSON(gen.RunResponse{Data: BigRun()}) }

// PageBodies are the bodies of P3: every page of total runs, perPage per page (index 0 is page 1).
func PageBodies(perPage, total int) [][]byte {
	pages := (total + perPage - 1) / perPage
	out := make([][]byte, pages)
	for i := range out {
		out[i] = MustJSON(Page(i+1, perPage, total))
	}
	return out
}
