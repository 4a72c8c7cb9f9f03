package tallyfy

// Code derived from the spec's per-operation enums (gen/tallyfy.gen.go); kept
// in step by TestEveryGeneratedEnumValueIsExported. Each type is an open
// set: the constants are the documented values, and any other well-formed
// value (RunInclude("tasks.threads")) is passed on for the server to judge.

import "github.com/tallyfy-go/sdk/v2/gen"

// RunInclude is a relation GetRun can include.
type RunInclude = gen.RunInclude

// Known values of RunInclude.
const (
	RunIncludeAssets          = gen.RunIncludeAssets          // assets
	RunIncludeChecklist       = gen.RunIncludeChecklist       // checklist
	RunIncludeFolders         = gen.RunIncludeFolders         // folders
	RunIncludeFormFields      = gen.RunIncludeFormFields      // form_fields
	RunIncludeGuestWatchers   = gen.RunIncludeGuestWatchers   // guest_watchers
	RunIncludeKoFormFields    = gen.RunIncludeKoFormFields    // ko_form_fields
	RunIncludeMemberWatchers  = gen.RunIncludeMemberWatchers  // member_watchers
	RunIncludeNextTask        = gen.RunIncludeNextTask        // next_task
	RunIncludePermissions     = gen.RunIncludePermissions     // permissions
	RunIncludePrerun          = gen.RunIncludePrerun          // prerun
	RunIncludeStages          = gen.RunIncludeStages          // stages
	RunIncludeTags            = gen.RunIncludeTags            // tags
	RunIncludeTasks           = gen.RunIncludeTasks           // tasks
	RunIncludeTasksCaptures   = gen.RunIncludeTasksCaptures   // tasks.captures
	RunIncludeTasksFormFields = gen.RunIncludeTasksFormFields // tasks.form_fields
	RunIncludeTasksMeta       = gen.RunIncludeTasksMeta       // tasks_meta
	RunIncludeTasksStep       = gen.RunIncludeTasksStep       // tasks.step
	RunIncludeTasksThreads    = gen.RunIncludeTasksThreads    // tasks.threads
)

// RunListInclude is a relation ListRuns can include for every process.
type RunListInclude = gen.RunListInclude

// Known values of RunListInclude.
const (
	RunListIncludeAssets          = gen.RunListIncludeAssets          // assets
	RunListIncludeChecklist       = gen.RunListIncludeChecklist       // checklist
	RunListIncludeFolders         = gen.RunListIncludeFolders         // folders
	RunListIncludeFormFields      = gen.RunListIncludeFormFields      // form_fields
	RunListIncludeKoFormFields    = gen.RunListIncludeKoFormFields    // ko_form_fields
	RunListIncludeNextTask        = gen.RunListIncludeNextTask        // next_task
	RunListIncludePermissions     = gen.RunListIncludePermissions     // permissions
	RunListIncludePrerun          = gen.RunListIncludePrerun          // prerun
	RunListIncludeStages          = gen.RunListIncludeStages          // stages
	RunListIncludeTags            = gen.RunListIncludeTags            // tags
	RunListIncludeTasks           = gen.RunListIncludeTasks           // tasks
	RunListIncludeTasksCaptures   = gen.RunListIncludeTasksCaptures   // tasks.captures
	RunListIncludeTasksFormFields = gen.RunListIncludeTasksFormFields // tasks.form_fields
	RunListIncludeTasksMeta       = gen.RunListIncludeTasksMeta       // tasks_meta
	RunListIncludeTasksStep       = gen.RunListIncludeTasksStep       // tasks.step
	RunListIncludeTasksThreads    = gen.RunListIncludeTasksThreads    // tasks.threads
)

// RunTaskListInclude is a relation ListRunTasks can include for every task.
type RunTaskListInclude = gen.RunTaskListInclude

// Known values of RunTaskListInclude.
const (
	RunTaskListIncludeActivities   = gen.RunTaskListIncludeActivities   // activities
	RunTaskListIncludeAssets       = gen.RunTaskListIncludeAssets       // assets
	RunTaskListIncludeComments     = gen.RunTaskListIncludeComments     // comments
	RunTaskListIncludeFormFields   = gen.RunTaskListIncludeFormFields   // form_fields
	RunTaskListIncludeRun          = gen.RunTaskListIncludeRun          // run
	RunTaskListIncludeRunChecklist = gen.RunTaskListIncludeRunChecklist // run.checklist
	RunTaskListIncludeStep         = gen.RunTaskListIncludeStep         // step
	RunTaskListIncludeSummary      = gen.RunTaskListIncludeSummary      // summary
	RunTaskListIncludeTags         = gen.RunTaskListIncludeTags         // tags
	RunTaskListIncludeThreads      = gen.RunTaskListIncludeThreads      // threads
)

// TaskInclude is a relation GetTask can include.
type TaskInclude = gen.TaskInclude

// Known values of TaskInclude.
const (
	TaskIncludeActivities     = gen.TaskIncludeActivities     // activities
	TaskIncludeAssets         = gen.TaskIncludeAssets         // assets
	TaskIncludeFolders        = gen.TaskIncludeFolders        // folders
	TaskIncludeFormFields     = gen.TaskIncludeFormFields     // form_fields
	TaskIncludeGuestWatchers  = gen.TaskIncludeGuestWatchers  // guest_watchers
	TaskIncludeIssues         = gen.TaskIncludeIssues         // issues
	TaskIncludeKoFormFields   = gen.TaskIncludeKoFormFields   // ko-form-fields
	TaskIncludeMemberWatchers = gen.TaskIncludeMemberWatchers // member_watchers
	TaskIncludeRoles          = gen.TaskIncludeRoles          // roles
	TaskIncludeRun            = gen.TaskIncludeRun            // run
	TaskIncludeStep           = gen.TaskIncludeStep           // step
	TaskIncludeSummary        = gen.TaskIncludeSummary        // summary
	TaskIncludeTags           = gen.TaskIncludeTags           // tags
	TaskIncludeThreads        = gen.TaskIncludeThreads        // threads
	TaskIncludeThreadsCount   = gen.TaskIncludeThreadsCount   // threads_count
)

// TemplateInclude is a relation GetTemplate can include.
type TemplateInclude = gen.TemplateInclude

// Known values of TemplateInclude.
const (
	TemplateIncludeAssets           = gen.TemplateIncludeAssets           // assets
	TemplateIncludeAutomatedActions = gen.TemplateIncludeAutomatedActions // automated_actions
	TemplateIncludeFolder           = gen.TemplateIncludeFolder           // folder
	TemplateIncludeGuestWatchers    = gen.TemplateIncludeGuestWatchers    // guest_watchers
	TemplateIncludeLinkedTasks      = gen.TemplateIncludeLinkedTasks      // linked_tasks
	TemplateIncludeMemberWatchers   = gen.TemplateIncludeMemberWatchers   // member_watchers
	TemplateIncludePermissions      = gen.TemplateIncludePermissions      // permissions
	TemplateIncludePrerun           = gen.TemplateIncludePrerun           // prerun
	TemplateIncludeRuns             = gen.TemplateIncludeRuns             // runs
	TemplateIncludeStages           = gen.TemplateIncludeStages           // stages
	TemplateIncludeStatistics       = gen.TemplateIncludeStatistics       // statistics
	TemplateIncludeSteps            = gen.TemplateIncludeSteps            // steps
	TemplateIncludeTags             = gen.TemplateIncludeTags             // tags
)

// RunStatusFilter is a value of ListRuns' Status filter.
type RunStatusFilter = gen.RunStatusFilter

// Known values of RunStatusFilter.
const (
	RunStatusFilterActive      = gen.RunStatusFilterActive      // active
	RunStatusFilterArchived    = gen.RunStatusFilterArchived    // archived
	RunStatusFilterComplete    = gen.RunStatusFilterComplete    // complete
	RunStatusFilterDelayed     = gen.RunStatusFilterDelayed     // delayed
	RunStatusFilterImprovement = gen.RunStatusFilterImprovement // improvement
	RunStatusFilterIssue       = gen.RunStatusFilterIssue       // issue
	RunStatusFilterProblem     = gen.RunStatusFilterProblem     // problem
	RunStatusFilterStarred     = gen.RunStatusFilterStarred     // starred
)

// TaskStatusFilter is a value of ListRunTasks' Status filter (its own vocabulary: complete, inprogress).
type TaskStatusFilter = gen.TaskStatusFilter

// Known values of TaskStatusFilter.
const (
	TaskStatusFilterActive        = gen.TaskStatusFilterActive        // active
	TaskStatusFilterActiveVisible = gen.TaskStatusFilterActiveVisible // active_visible
	TaskStatusFilterAutoSkipped   = gen.TaskStatusFilterAutoSkipped   // auto-skipped
	TaskStatusFilterComplete      = gen.TaskStatusFilterComplete      // complete
	TaskStatusFilterDueSoon       = gen.TaskStatusFilterDueSoon       // due_soon
	TaskStatusFilterHasproblem    = gen.TaskStatusFilterHasproblem    // hasproblem
	TaskStatusFilterIncomplete    = gen.TaskStatusFilterIncomplete    // incomplete
	TaskStatusFilterInprogress    = gen.TaskStatusFilterInprogress    // inprogress
	TaskStatusFilterNotStarted    = gen.TaskStatusFilterNotStarted    // not-started
	TaskStatusFilterOverdue       = gen.TaskStatusFilterOverdue       // overdue
)

// TaskStatusInclude is a value of ListRuns' TaskStatus, which chooses the tasks IncludeTasks returns.
type TaskStatusInclude = gen.TaskStatusInclude

// Known values of TaskStatusInclude.
const (
	TaskStatusIncludeAll        = gen.TaskStatusIncludeAll        // all
	TaskStatusIncludeCompleted  = gen.TaskStatusIncludeCompleted  // completed
	TaskStatusIncludeInProgress = gen.TaskStatusIncludeInProgress // in-progress
)

// TaskListInclude is a relation ListOrgTasks can include for every task.
type TaskListInclude = gen.TaskListInclude

// Known values of TaskListInclude.
const (
	TaskListIncludeAssets              = gen.TaskListIncludeAssets              // assets
	TaskListIncludeFormFields          = gen.TaskListIncludeFormFields          // form_fields
	TaskListIncludeRun                 = gen.TaskListIncludeRun                 // run
	TaskListIncludeRunChecklist        = gen.TaskListIncludeRunChecklist        // run.checklist
	TaskListIncludeSelectedTextComment = gen.TaskListIncludeSelectedTextComment // selected_text_comment
	TaskListIncludeStep                = gen.TaskListIncludeStep                // step
	TaskListIncludeSummary             = gen.TaskListIncludeSummary             // summary
	TaskListIncludeTags                = gen.TaskListIncludeTags                // tags
	TaskListIncludeThreads             = gen.TaskListIncludeThreads             // threads
)

// MyTaskStatusFilter is a value of ListMyTasks' status filter, a vocabulary of its own.
type MyTaskStatusFilter = gen.MyTaskStatusFilter

// Known values of MyTaskStatusFilter.
const (
	MyTaskStatusFilterActive     = gen.MyTaskStatusFilterActive     // active
	MyTaskStatusFilterCompleted  = gen.MyTaskStatusFilterCompleted  // completed
	MyTaskStatusFilterDueSoon    = gen.MyTaskStatusFilterDueSoon    // due_soon
	MyTaskStatusFilterHasproblem = gen.MyTaskStatusFilterHasproblem // hasproblem
	MyTaskStatusFilterOverdue    = gen.MyTaskStatusFilterOverdue    // overdue
)

// MemberInclude is a relation ListMembers and GetMember can include.
type MemberInclude = gen.MemberInclude

// Known values of MemberInclude.
const (
	MemberIncludeAssets         = gen.MemberIncludeAssets         // assets
	MemberIncludeAuthMethods    = gen.MemberIncludeAuthMethods    // auth_methods
	MemberIncludeCountry        = gen.MemberIncludeCountry        // country
	MemberIncludeGroups         = gen.MemberIncludeGroups         // groups
	MemberIncludeGuestWatchers  = gen.MemberIncludeGuestWatchers  // guest_watchers
	MemberIncludeMemberWatchers = gen.MemberIncludeMemberWatchers // member_watchers
	MemberIncludeOrganizations  = gen.MemberIncludeOrganizations  // organizations
	MemberIncludePreferences    = gen.MemberIncludePreferences    // preferences
	MemberIncludeStats          = gen.MemberIncludeStats          // stats
)

// GuestInclude is a relation ListGuests and GetGuest can include.
type GuestInclude = gen.GuestInclude

// Known values of GuestInclude.
const (
	GuestIncludeStats = gen.GuestIncludeStats // stats
)

// GroupListInclude is a relation ListGroups can include for every group.
type GroupListInclude = gen.GroupListInclude

// Known values of GroupListInclude.
const (
	GroupListIncludeAssets = gen.GroupListIncludeAssets // assets
	GroupListIncludeGuests = gen.GroupListIncludeGuests // guests
	GroupListIncludeUsers  = gen.GroupListIncludeUsers  // users
)

// GroupInclude is a relation GetGroup can include.
type GroupInclude = gen.GroupInclude

// Known values of GroupInclude.
const (
	GroupIncludeAssets = gen.GroupIncludeAssets // assets
)

// PersonTaskStatusFilter filters ListMemberTasks and ListGuestTasks.
type PersonTaskStatusFilter = gen.PersonTaskStatusFilter

// Known values of PersonTaskStatusFilter.
const (
	PersonTaskStatusFilterActive    = gen.PersonTaskStatusFilterActive    // active
	PersonTaskStatusFilterAll       = gen.PersonTaskStatusFilterAll       // all
	PersonTaskStatusFilterCompleted = gen.PersonTaskStatusFilterCompleted // completed
)

// MemberRole is a member's role, as InviteMember and ChangeMemberRole send
// it. Unlike the includes and filters it is a closed set: the API refuses
// any other value (422).
type MemberRole = gen.MemberRole

// The roles a member can have.
const (
	MemberRoleAdmin    = gen.MemberRoleAdmin    // admin
	MemberRoleStandard = gen.MemberRoleStandard // standard
	MemberRoleLight    = gen.MemberRoleLight    // light
)

// TagInclude is a relation ListTags and GetTag can include.
type TagInclude = gen.TagInclude

// Known values of TagInclude.
const (
	TagIncludeStatistics = gen.TagIncludeStatistics // statistics: usage counts
)

// FolderInclude is a relation ListFolders can include for every folder.
type FolderInclude = gen.FolderInclude

// Known values of FolderInclude.
const (
	FolderIncludeChildren = gen.FolderIncludeChildren // children: the sub-folders
)
