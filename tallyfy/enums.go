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
	RunIncludeAssets          RunInclude = gen.RunIncludeAssets          // assets
	RunIncludeChecklist       RunInclude = gen.RunIncludeChecklist       // checklist
	RunIncludeFolders         RunInclude = gen.RunIncludeFolders         // folders
	RunIncludeFormFields      RunInclude = gen.RunIncludeFormFields      // form_fields
	RunIncludeGuestWatchers   RunInclude = gen.RunIncludeGuestWatchers   // guest_watchers
	RunIncludeKoFormFields    RunInclude = gen.RunIncludeKoFormFields    // ko_form_fields
	RunIncludeMemberWatchers  RunInclude = gen.RunIncludeMemberWatchers  // member_watchers
	RunIncludeNextTask        RunInclude = gen.RunIncludeNextTask        // next_task
	RunIncludePermissions     RunInclude = gen.RunIncludePermissions     // permissions
	RunIncludePrerun          RunInclude = gen.RunIncludePrerun          // prerun
	RunIncludeStages          RunInclude = gen.RunIncludeStages          // stages
	RunIncludeTags            RunInclude = gen.RunIncludeTags            // tags
	RunIncludeTasks           RunInclude = gen.RunIncludeTasks           // tasks
	RunIncludeTasksCaptures   RunInclude = gen.RunIncludeTasksCaptures   // tasks.captures
	RunIncludeTasksFormFields RunInclude = gen.RunIncludeTasksFormFields // tasks.form_fields
	RunIncludeTasksMeta       RunInclude = gen.RunIncludeTasksMeta       // tasks_meta
	RunIncludeTasksStep       RunInclude = gen.RunIncludeTasksStep       // tasks.step
	RunIncludeTasksThreads    RunInclude = gen.RunIncludeTasksThreads    // tasks.threads
)

// RunListInclude is a relation ListRuns can include for every process.
type RunListInclude = gen.RunListInclude

// Known values of RunListInclude.
const (
	RunListIncludeAssets          RunListInclude = gen.RunListIncludeAssets          // assets
	RunListIncludeChecklist       RunListInclude = gen.RunListIncludeChecklist       // checklist
	RunListIncludeFolders         RunListInclude = gen.RunListIncludeFolders         // folders
	RunListIncludeFormFields      RunListInclude = gen.RunListIncludeFormFields      // form_fields
	RunListIncludeKoFormFields    RunListInclude = gen.RunListIncludeKoFormFields    // ko_form_fields
	RunListIncludeNextTask        RunListInclude = gen.RunListIncludeNextTask        // next_task
	RunListIncludePermissions     RunListInclude = gen.RunListIncludePermissions     // permissions
	RunListIncludePrerun          RunListInclude = gen.RunListIncludePrerun          // prerun
	RunListIncludeStages          RunListInclude = gen.RunListIncludeStages          // stages
	RunListIncludeTags            RunListInclude = gen.RunListIncludeTags            // tags
	RunListIncludeTasks           RunListInclude = gen.RunListIncludeTasks           // tasks
	RunListIncludeTasksCaptures   RunListInclude = gen.RunListIncludeTasksCaptures   // tasks.captures
	RunListIncludeTasksFormFields RunListInclude = gen.RunListIncludeTasksFormFields // tasks.form_fields
	RunListIncludeTasksMeta       RunListInclude = gen.RunListIncludeTasksMeta       // tasks_meta
	RunListIncludeTasksStep       RunListInclude = gen.RunListIncludeTasksStep       // tasks.step
	RunListIncludeTasksThreads    RunListInclude = gen.RunListIncludeTasksThreads    // tasks.threads
)

// RunTaskListInclude is a relation ListRunTasks can include for every task.
type RunTaskListInclude = gen.RunTaskListInclude

// Known values of RunTaskListInclude.
const (
	RunTaskListIncludeActivities   RunTaskListInclude = gen.RunTaskListIncludeActivities   // activities
	RunTaskListIncludeAssets       RunTaskListInclude = gen.RunTaskListIncludeAssets       // assets
	RunTaskListIncludeComments     RunTaskListInclude = gen.RunTaskListIncludeComments     // comments
	RunTaskListIncludeFormFields   RunTaskListInclude = gen.RunTaskListIncludeFormFields   // form_fields
	RunTaskListIncludeRun          RunTaskListInclude = gen.RunTaskListIncludeRun          // run
	RunTaskListIncludeRunChecklist RunTaskListInclude = gen.RunTaskListIncludeRunChecklist // run.checklist
	RunTaskListIncludeStep         RunTaskListInclude = gen.RunTaskListIncludeStep         // step
	RunTaskListIncludeSummary      RunTaskListInclude = gen.RunTaskListIncludeSummary      // summary
	RunTaskListIncludeTags         RunTaskListInclude = gen.RunTaskListIncludeTags         // tags
	RunTaskListIncludeThreads      RunTaskListInclude = gen.RunTaskListIncludeThreads      // threads
)

// TaskInclude is a relation GetTask can include.
type TaskInclude = gen.TaskInclude

// Known values of TaskInclude.
const (
	TaskIncludeActivities     TaskInclude = gen.TaskIncludeActivities     // activities
	TaskIncludeAssets         TaskInclude = gen.TaskIncludeAssets         // assets
	TaskIncludeFolders        TaskInclude = gen.TaskIncludeFolders        // folders
	TaskIncludeFormFields     TaskInclude = gen.TaskIncludeFormFields     // form_fields
	TaskIncludeGuestWatchers  TaskInclude = gen.TaskIncludeGuestWatchers  // guest_watchers
	TaskIncludeIssues         TaskInclude = gen.TaskIncludeIssues         // issues
	TaskIncludeKoFormFields   TaskInclude = gen.TaskIncludeKoFormFields   // ko-form-fields
	TaskIncludeMemberWatchers TaskInclude = gen.TaskIncludeMemberWatchers // member_watchers
	TaskIncludeRoles          TaskInclude = gen.TaskIncludeRoles          // roles
	TaskIncludeRun            TaskInclude = gen.TaskIncludeRun            // run
	TaskIncludeStep           TaskInclude = gen.TaskIncludeStep           // step
	TaskIncludeSummary        TaskInclude = gen.TaskIncludeSummary        // summary
	TaskIncludeTags           TaskInclude = gen.TaskIncludeTags           // tags
	TaskIncludeThreads        TaskInclude = gen.TaskIncludeThreads        // threads
	TaskIncludeThreadsCount   TaskInclude = gen.TaskIncludeThreadsCount   // threads_count
)

// TemplateInclude is a relation GetTemplate can include.
type TemplateInclude = gen.TemplateInclude

// Known values of TemplateInclude.
const (
	TemplateIncludeAssets           TemplateInclude = gen.TemplateIncludeAssets           // assets
	TemplateIncludeAutomatedActions TemplateInclude = gen.TemplateIncludeAutomatedActions // automated_actions
	TemplateIncludeFolder           TemplateInclude = gen.TemplateIncludeFolder           // folder
	TemplateIncludeGuestWatchers    TemplateInclude = gen.TemplateIncludeGuestWatchers    // guest_watchers
	TemplateIncludeLinkedTasks      TemplateInclude = gen.TemplateIncludeLinkedTasks      // linked_tasks
	TemplateIncludeMemberWatchers   TemplateInclude = gen.TemplateIncludeMemberWatchers   // member_watchers
	TemplateIncludePermissions      TemplateInclude = gen.TemplateIncludePermissions      // permissions
	TemplateIncludePrerun           TemplateInclude = gen.TemplateIncludePrerun           // prerun
	TemplateIncludeRuns             TemplateInclude = gen.TemplateIncludeRuns             // runs
	TemplateIncludeStages           TemplateInclude = gen.TemplateIncludeStages           // stages
	TemplateIncludeStatistics       TemplateInclude = gen.TemplateIncludeStatistics       // statistics
	TemplateIncludeSteps            TemplateInclude = gen.TemplateIncludeSteps            // steps
	TemplateIncludeTags             TemplateInclude = gen.TemplateIncludeTags             // tags
)

// RunStatusFilter is a value of ListRuns' Status filter.
type RunStatusFilter = gen.RunStatusFilter

// Known values of RunStatusFilter.
const (
	RunStatusFilterActive      RunStatusFilter = gen.RunStatusFilterActive      // active
	RunStatusFilterArchived    RunStatusFilter = gen.RunStatusFilterArchived    // archived
	RunStatusFilterComplete    RunStatusFilter = gen.RunStatusFilterComplete    // complete
	RunStatusFilterDelayed     RunStatusFilter = gen.RunStatusFilterDelayed     // delayed
	RunStatusFilterImprovement RunStatusFilter = gen.RunStatusFilterImprovement // improvement
	RunStatusFilterIssue       RunStatusFilter = gen.RunStatusFilterIssue       // issue
	RunStatusFilterProblem     RunStatusFilter = gen.RunStatusFilterProblem     // problem
	RunStatusFilterStarred     RunStatusFilter = gen.RunStatusFilterStarred     // starred
)

// TaskStatusFilter is a value of ListRunTasks' Status filter (its own vocabulary: complete, inprogress).
type TaskStatusFilter = gen.TaskStatusFilter

// Known values of TaskStatusFilter.
const (
	TaskStatusFilterActive        TaskStatusFilter = gen.TaskStatusFilterActive        // active
	TaskStatusFilterActiveVisible TaskStatusFilter = gen.TaskStatusFilterActiveVisible // active_visible
	TaskStatusFilterAutoSkipped   TaskStatusFilter = gen.TaskStatusFilterAutoSkipped   // auto-skipped
	TaskStatusFilterComplete      TaskStatusFilter = gen.TaskStatusFilterComplete      // complete
	TaskStatusFilterDueSoon       TaskStatusFilter = gen.TaskStatusFilterDueSoon       // due_soon
	TaskStatusFilterHasproblem    TaskStatusFilter = gen.TaskStatusFilterHasproblem    // hasproblem
	TaskStatusFilterIncomplete    TaskStatusFilter = gen.TaskStatusFilterIncomplete    // incomplete
	TaskStatusFilterInprogress    TaskStatusFilter = gen.TaskStatusFilterInprogress    // inprogress
	TaskStatusFilterNotStarted    TaskStatusFilter = gen.TaskStatusFilterNotStarted    // not-started
	TaskStatusFilterOverdue       TaskStatusFilter = gen.TaskStatusFilterOverdue       // overdue
)

// TaskStatusInclude is a value of ListRuns' TaskStatus, which chooses the tasks IncludeTasks returns.
type TaskStatusInclude = gen.TaskStatusInclude

// Known values of TaskStatusInclude.
const (
	TaskStatusIncludeAll        TaskStatusInclude = gen.TaskStatusIncludeAll        // all
	TaskStatusIncludeCompleted  TaskStatusInclude = gen.TaskStatusIncludeCompleted  // completed
	TaskStatusIncludeInProgress TaskStatusInclude = gen.TaskStatusIncludeInProgress // in-progress
)

// TaskListInclude is a relation ListOrgTasks can include for every task.
type TaskListInclude = gen.TaskListInclude

// Known values of TaskListInclude.
const (
	TaskListIncludeAssets              TaskListInclude = gen.TaskListIncludeAssets              // assets
	TaskListIncludeFormFields          TaskListInclude = gen.TaskListIncludeFormFields          // form_fields
	TaskListIncludeRun                 TaskListInclude = gen.TaskListIncludeRun                 // run
	TaskListIncludeRunChecklist        TaskListInclude = gen.TaskListIncludeRunChecklist        // run.checklist
	TaskListIncludeSelectedTextComment TaskListInclude = gen.TaskListIncludeSelectedTextComment // selected_text_comment
	TaskListIncludeStep                TaskListInclude = gen.TaskListIncludeStep                // step
	TaskListIncludeSummary             TaskListInclude = gen.TaskListIncludeSummary             // summary
	TaskListIncludeTags                TaskListInclude = gen.TaskListIncludeTags                // tags
	TaskListIncludeThreads             TaskListInclude = gen.TaskListIncludeThreads             // threads
)

// MyTaskStatusFilter is a value of ListMyTasks' status filter, a vocabulary of its own.
type MyTaskStatusFilter = gen.MyTaskStatusFilter

// Known values of MyTaskStatusFilter.
const (
	MyTaskStatusFilterActive     MyTaskStatusFilter = gen.MyTaskStatusFilterActive     // active
	MyTaskStatusFilterCompleted  MyTaskStatusFilter = gen.MyTaskStatusFilterCompleted  // completed
	MyTaskStatusFilterDueSoon    MyTaskStatusFilter = gen.MyTaskStatusFilterDueSoon    // due_soon
	MyTaskStatusFilterHasproblem MyTaskStatusFilter = gen.MyTaskStatusFilterHasproblem // hasproblem
	MyTaskStatusFilterOverdue    MyTaskStatusFilter = gen.MyTaskStatusFilterOverdue    // overdue
)

// MemberInclude is a relation ListMembers and GetMember can include.
type MemberInclude = gen.MemberInclude

// Known values of MemberInclude.
const (
	MemberIncludeAssets         MemberInclude = gen.MemberIncludeAssets         // assets
	MemberIncludeAuthMethods    MemberInclude = gen.MemberIncludeAuthMethods    // auth_methods
	MemberIncludeCountry        MemberInclude = gen.MemberIncludeCountry        // country
	MemberIncludeGroups         MemberInclude = gen.MemberIncludeGroups         // groups
	MemberIncludeGuestWatchers  MemberInclude = gen.MemberIncludeGuestWatchers  // guest_watchers
	MemberIncludeMemberWatchers MemberInclude = gen.MemberIncludeMemberWatchers // member_watchers
	MemberIncludeOrganizations  MemberInclude = gen.MemberIncludeOrganizations  // organizations
	MemberIncludePreferences    MemberInclude = gen.MemberIncludePreferences    // preferences
	MemberIncludeStats          MemberInclude = gen.MemberIncludeStats          // stats
)

// GuestInclude is a relation ListGuests and GetGuest can include.
type GuestInclude = gen.GuestInclude

// Known values of GuestInclude.
const (
	GuestIncludeStats GuestInclude = gen.GuestIncludeStats // stats
)

// GroupListInclude is a relation ListGroups can include for every group.
type GroupListInclude = gen.GroupListInclude

// Known values of GroupListInclude.
const (
	GroupListIncludeAssets GroupListInclude = gen.GroupListIncludeAssets // assets
	GroupListIncludeGuests GroupListInclude = gen.GroupListIncludeGuests // guests
	GroupListIncludeUsers  GroupListInclude = gen.GroupListIncludeUsers  // users
)

// GroupInclude is a relation GetGroup can include.
type GroupInclude = gen.GroupInclude

// Known values of GroupInclude.
const (
	GroupIncludeAssets GroupInclude = gen.GroupIncludeAssets // assets
)

// PersonTaskStatusFilter filters ListMemberTasks and ListGuestTasks.
type PersonTaskStatusFilter = gen.PersonTaskStatusFilter

// Known values of PersonTaskStatusFilter.
const (
	PersonTaskStatusFilterActive    PersonTaskStatusFilter = gen.PersonTaskStatusFilterActive    // active
	PersonTaskStatusFilterAll       PersonTaskStatusFilter = gen.PersonTaskStatusFilterAll       // all
	PersonTaskStatusFilterCompleted PersonTaskStatusFilter = gen.PersonTaskStatusFilterCompleted // completed
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
	TagIncludeStatistics TagInclude = gen.TagIncludeStatistics // statistics: usage counts
)

// FolderInclude is a relation ListFolders can include for every folder.
type FolderInclude = gen.FolderInclude

// Known values of FolderInclude.
const (
	FolderIncludeChildren FolderInclude = gen.FolderIncludeChildren // children: the sub-folders
)

// ActivityTypeFilter is an activity category ListActivities filters by
// (documentation processes/get-process-activity).
type ActivityTypeFilter = gen.ActivityTypeFilter

// Known values of ActivityTypeFilter.
const (
	ActivityTypeFilterBlueprint    ActivityTypeFilter = gen.ActivityTypeFilterBlueprint    // Blueprint
	ActivityTypeFilterComment      ActivityTypeFilter = gen.ActivityTypeFilterComment      // Comment
	ActivityTypeFilterGroup        ActivityTypeFilter = gen.ActivityTypeFilterGroup        // Group
	ActivityTypeFilterOrganization ActivityTypeFilter = gen.ActivityTypeFilterOrganization // Organization
	ActivityTypeFilterProcess      ActivityTypeFilter = gen.ActivityTypeFilterProcess      // Process
	ActivityTypeFilterStep         ActivityTypeFilter = gen.ActivityTypeFilterStep         // Step
	ActivityTypeFilterTag          ActivityTypeFilter = gen.ActivityTypeFilterTag          // Tag
	ActivityTypeFilterTask         ActivityTypeFilter = gen.ActivityTypeFilterTask         // Task
	ActivityTypeFilterUser         ActivityTypeFilter = gen.ActivityTypeFilterUser         // User
)

// ActivityVerbFilter is an action ListActivities filters by (documentation
// processes/get-process-activity, "Verb values").
type ActivityVerbFilter = gen.ActivityVerbFilter

// Known values of ActivityVerbFilter.
const (
	ActivityVerbFilterArchived       ActivityVerbFilter = gen.ActivityVerbFilterArchived       // archived
	ActivityVerbFilterCommentDeleted ActivityVerbFilter = gen.ActivityVerbFilterCommentDeleted // comment-deleted
	ActivityVerbFilterCommented      ActivityVerbFilter = gen.ActivityVerbFilterCommented      // commented
	ActivityVerbFilterCompleted      ActivityVerbFilter = gen.ActivityVerbFilterCompleted      // completed
	ActivityVerbFilterCreated        ActivityVerbFilter = gen.ActivityVerbFilterCreated        // created
	ActivityVerbFilterDeleted        ActivityVerbFilter = gen.ActivityVerbFilterDeleted        // deleted
	ActivityVerbFilterDisabled       ActivityVerbFilter = gen.ActivityVerbFilterDisabled       // disabled
	ActivityVerbFilterEmitted        ActivityVerbFilter = gen.ActivityVerbFilterEmitted        // emitted
	ActivityVerbFilterEnabled        ActivityVerbFilter = gen.ActivityVerbFilterEnabled        // enabled
	ActivityVerbFilterInviteAccepted ActivityVerbFilter = gen.ActivityVerbFilterInviteAccepted // invite-accepted
	ActivityVerbFilterInvited        ActivityVerbFilter = gen.ActivityVerbFilterInvited        // invited
	ActivityVerbFilterIssueReported  ActivityVerbFilter = gen.ActivityVerbFilterIssueReported  // issue-reported
	ActivityVerbFilterIssueResolved  ActivityVerbFilter = gen.ActivityVerbFilterIssueResolved  // issue-resolved
	ActivityVerbFilterLinked         ActivityVerbFilter = gen.ActivityVerbFilterLinked         // linked
	ActivityVerbFilterOwnersUpdated  ActivityVerbFilter = gen.ActivityVerbFilterOwnersUpdated  // owners-updated
	ActivityVerbFilterReOpened       ActivityVerbFilter = gen.ActivityVerbFilterReOpened       // re-opened
	ActivityVerbFilterReOrdered      ActivityVerbFilter = gen.ActivityVerbFilterReOrdered      // re-ordered
	ActivityVerbFilterUnarchived     ActivityVerbFilter = gen.ActivityVerbFilterUnarchived     // unarchived
	ActivityVerbFilterUncompleted    ActivityVerbFilter = gen.ActivityVerbFilterUncompleted    // uncompleted
	ActivityVerbFilterUnlinked       ActivityVerbFilter = gen.ActivityVerbFilterUnlinked       // unlinked
	ActivityVerbFilterUpdated        ActivityVerbFilter = gen.ActivityVerbFilterUpdated        // updated
	ActivityVerbFilterUploaded       ActivityVerbFilter = gen.ActivityVerbFilterUploaded       // uploaded
)
