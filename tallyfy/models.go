package tallyfy

import (
	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/shape"
)

// The models are generated from api/openapi.yaml; these aliases let callers
// write tallyfy.Run instead of importing gen. `go doc` shows an alias's
// fields on the generated type: go doc github.com/tallyfy-go/sdk/v2/gen.Run
// (gen.Task, gen.Template, ...), each field with its meaning and source.
type (
	// Run is a process: one launch of a template. Fields used most: ID,
	// Name, Status, ChecklistID, Progress.Percent, DueDate, CompletedAt,
	// Prerun (kick-off values), Tasks and Tags (when included).
	// All fields: go doc github.com/tallyfy-go/sdk/v2/gen.Run.
	Run = gen.Run
	// Progress is a run's task completion.
	Progress = gen.Progress
	// Task is a task of a run, or a one-off task. Fields used most: ID,
	// Title, Status, TaskType, RunID, Deadline, CompletedAt, Owners,
	// Taskdata (form values), FormFields (when included).
	// All fields: go doc github.com/tallyfy-go/sdk/v2/gen.Task.
	Task = gen.Task
	// TaskOwners lists who a task is assigned to.
	TaskOwners = gen.TaskOwners
	// Template is a template (checklist, blueprint). Fields used most: ID,
	// Title, Status, Prerun (kick-off fields), Steps (when included).
	// All fields: go doc github.com/tallyfy-go/sdk/v2/gen.Template.
	Template = gen.Template
	// Step is a step of a template.
	Step = gen.Step
	// KickoffField is a kick-off form field of a template.
	KickoffField = gen.KickoffField
	// FormField is a form field of a task, with its value when asked for.
	FormField = gen.FormField
	// FieldOption is a choice of a radio, dropdown or multiselect field.
	FieldOption = gen.FieldOption
	// Tag is a tag on a run, task or template.
	Tag = gen.Tag
	// Pagination describes where a page sits in a list.
	Pagination = gen.Pagination
	// Links are a page's neighbours ([] or an object with null members on the wire).
	Links = shape.Links
	// UserRef is an assigned user, sent as an id or as a user object.
	UserRef = shape.UserRef
	// Object is a free-form JSON object, such as Run.Prerun and Task.Taskdata.
	Object = shape.Object
	// Guest is someone outside the organization who works on tasks through
	// a link, named by Email. Fields used most: Email, FirstName, LastName,
	// Link, Details (DisabledAt, AssociatedMembers).
	// All fields: go doc github.com/tallyfy-go/sdk/v2/gen.Guest.
	Guest = gen.Guest
	// GuestDetails is a guest's profile in the organization.
	GuestDetails = gen.GuestDetails
	// Group is a named set of members (Members, user ids) and guests
	// (Guests, emails) that tasks and processes can be assigned to.
	// All fields: go doc github.com/tallyfy-go/sdk/v2/gen.Group.
	Group = gen.Group
	// TagLink is one tag on one template or process, as TagObject returns
	// it; UntagObject takes its ID.
	TagLink = gen.TagLink
	// TagStatistics counts the templates and processes that carry a tag
	// (Tag.Statistics, with TagIncludeStatistics).
	TagStatistics = gen.TagStatistics
	// Folder is a folder of templates or of processes (FolderType).
	// All fields: go doc github.com/tallyfy-go/sdk/v2/gen.Folder.
	Folder = gen.Folder
	// FolderObject is a process or template in a folder, as AddToFolder
	// returns it; RemoveFromFolder takes its ID.
	FolderObject = gen.FolderObject
)

// Known values of User.Status for a member. The set is open.
const (
	MemberStatusActive   = "active"
	MemberStatusInvited  = "invited"
	MemberStatusDisabled = "disabled"
)

// Known values of Run.Status. The set is open: compare, do not switch
// exhaustively.
const (
	RunStatusActive   = "active"
	RunStatusComplete = "complete"
	RunStatusProblem  = "problem"
	RunStatusIssue    = "issue"
	RunStatusDelayed  = "delayed"
	RunStatusArchived = "archived"
)

// Known values of Task.Status. The set is open.
const (
	TaskStatusNotStarted  = "not-started"
	TaskStatusInProgress  = "in-progress"
	TaskStatusCompleted   = "completed"
	TaskStatusAutoSkipped = "auto-skipped" // hidden by a rule
	TaskStatusActive      = "active"       // seen in list examples
)
