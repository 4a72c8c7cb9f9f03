package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// commands is the command table, the one place each command is described:
// the usage line, `tallyfy --help`, `tallyfy <command> --help` and the
// README's CLI reference (TestREADME_CLIReference) are all written from it
// and from the flags each entry registers. Adding a command is one entry
// here, its options, flags and run function, and its test.
var commands = []*command{
	newCommand(&command{name: "runs get", args: []string{"RUN_ID"}, api: true, formats: objectFormats,
		summary: "print one process (the API calls it a run)"}, runsGetFlags, runsGetRun),
	newCommand(&command{name: "runs list", api: true, formats: listFormats,
		summary: "list processes, newest first: one page, or more with --all or --limit"}, runsListFlags, runsListRun),
	newCommand(&command{name: "runs tasks", args: []string{"RUN_ID"}, api: true, formats: listFormats,
		summary: "list the tasks of a process, in step order"}, runsTasksFlags, runsTasksRun),
	newCommand(&command{name: "runs launch", args: []string{"TEMPLATE_ID"}, api: true, write: true, formats: objectFormats,
		summary: "launch a process from a template, filling in its kick-off form",
		help: "A launch is sent once and never retried after it may have reached the server: there is no idempotency key, " +
			"so a retry could launch twice. When its outcome is unknown (exit 7), the message says how to look for the process. " +
			"--from-csv launches one process a row (header: name, then kick-off keys): the template is read once and every row " +
			"is checked before any is sent; --results records each row so that a re-run launches only the rest, and never " +
			"a row whose outcome was unknown. Some rows failed and others launched: exit 11."}, runsLaunchFlags, runsLaunchRun),
	newCommand(&command{name: "runs update", args: []string{"RUN_ID"}, api: true, write: true, formats: objectFormats,
		summary: "change a process's name, summary, kick-off values or members",
		help: "The API empties the members of any update that leaves them out, so the CLI sends the current ones back " +
			"unless --users or --groups replace them; only the kick-off fields given change."},
		runsUpdateFlags, runsUpdateRun),
	newCommand(&command{name: "runs archive", args: []string{"RUN_ID"}, api: true, write: true, formats: objectFormats,
		summary: "archive a process (runs activate undoes it)"}, noFlags, runsArchiveRun),
	newCommand(&command{name: "runs comment", args: []string{"RUN_ID"}, api: true, write: true, formats: objectFormats,
		summary: "post a comment on a process",
		help: "--visibility is required, as for tasks comment: the API, told nothing, may hide a comment from guests. " +
			"Only @[USER_ID] in the text notifies anyone. Not retried once sent (exit 7 when the outcome is unknown)."}, tasksCommentFlags, runsCommentRun),
	newCommand(&command{name: "runs activate", args: []string{"RUN_ID"}, api: true, write: true, formats: objectFormats,
		summary: "bring an archived process back"}, noFlags, runsActivateRun),
	newCommand(&command{name: "runs delete", args: []string{"RUN_ID"}, api: true, write: true,
		summary: "delete an archived process for good, with its tasks, comments and files (needs --yes)",
		help: "The API takes it from an administrator only, and only for a process archived first (runs archive). " +
			"Without --yes the CLI asks on a terminal and refuses (exit 2) anywhere else. Not repeated once sent: when its " +
			"outcome is unknown (exit 7), runs get says whether the process is gone."}, permanentFlags, runsDeleteRun),
	newCommand(&command{name: "runs export", args: []string{"RUN_ID"}, api: true, write: true,
		summary: "export a process as JSON, to standard output or -o FILE",
		help: "The export is written as the API sends it, indented: its shape is not documented. The API takes it as a POST, " +
			"so it is sent once and not repeated when its outcome is unknown (exit 7)."}, runsExportFlags, runsExportRun),
	newCommand(&command{name: "runs kickoff-complete", args: []string{"RUN_ID"}, api: true, write: true, formats: objectFormats,
		summary: "mark a process's kick-off form as completed (runs kickoff-reopen undoes it)",
		help:    "Sends no values: set them at launch or with runs update --field first."}, noFlags, runsKickoffCompleteRun),
	newCommand(&command{name: "runs kickoff-reopen", args: []string{"RUN_ID"}, api: true, write: true, formats: objectFormats,
		summary: "reopen a process's completed kick-off form; its values stay"}, noFlags, runsKickoffReopenRun),
	newCommand(&command{name: "runs fields", args: []string{"RUN_ID"}, api: true, formats: listFormats,
		summary: "list a process's kick-off fields and its tasks' form fields, with their values"}, runsFieldsFlags, runsFieldsRun),
	newCommand(&command{name: "runs set-value", args: []string{"RUN_ID"}, api: true, write: true, formats: objectFormats,
		summary: "replace one stored form-field value of a process by the stored value's id",
		help: "--value-id is the id of the value already stored (the API's CaptureValue id), not the field's: a field never " +
			"given a value has none and the API answers 500. The field named by --field (id, alias or label, as runs fields lists " +
			"them) is read to encode the value for its type. To fill a task's fields, tasks save needs no such id."}, runsSetValueFlags, runsSetValueRun),
	newCommand(&command{name: "tasks get", args: []string{"TASK_ID"}, api: true, formats: objectFormats,
		summary: "print one task"}, tasksGetFlags, tasksGetRun),
	newCommand(&command{name: "tasks list", api: true, formats: listFormats,
		summary: "list the organization's tasks, or yours with --mine"},
		tasksListFlags, tasksListRun),
	newCommand(&command{name: "tasks complete", args: []string{"TASK_ID..."}, api: true, write: true, formats: objectFormats,
		summary: "complete a task, approving or rejecting an approval task",
		help: "The task is read first: a task already completed is refused with exit 8 and nothing is sent, as completing " +
			"it again may fire its completion events (webhooks, emails) again. Set required form fields first with tasks update. " +
			"Given many ids, each process's task list is read once for the checks (not each task), each id is reported on its own " +
			"and the rest go on; some failed and others done: exit 11."}, tasksCompleteFlags, tasksCompleteRun),
	newCommand(&command{name: "tasks reopen", args: []string{"TASK_ID..."}, api: true, write: true, formats: objectFormats,
		summary: "reopen a completed task",
		help: "Given many ids, each process's task list is read once and a task it shows open is refused without a request; " +
			"some failed and others reopened: exit 11."}, tasksReopenFlags, tasksReopenRun),
	newCommand(&command{name: "tasks update", args: []string{"TASK_ID"}, api: true, write: true, formats: objectFormats,
		summary: "change a task's title, description, deadline or form values"}, tasksUpdateFlags, tasksUpdateRun),
	newCommand(&command{name: "tasks save", args: []string{"TASK_ID"}, api: true, write: true, formats: objectFormats,
		summary: "save form values of a task without completing it; fields not named keep their values",
		help: "The task's fields are read first and every value is checked for its field type before anything is sent; " +
			"the API saves one field per request. A save that fails part-way names the fields saved before it and those not sent " +
			"(exit 7 when its outcome is unknown: it is not retried). --dry-run shows the first save."}, tasksSaveFlags, tasksSaveRun),
	newCommand(&command{name: "tasks reassign", args: []string{"TASK_ID..."}, api: true, write: true, formats: objectFormats,
		summary: "replace a task's owners with people named by email, name or group",
		help: "Every --to is resolved against the organization's members, groups and guests before anything is sent: " +
			"an ambiguous or unknown name, a disabled member or an address nobody has is refused (exit 2) and nothing changes. " +
			"The task ends with exactly the owners named; guest:EMAIL invites a new guest. Given many ids, the people are resolved " +
			"once; with --run nothing else is read."}, tasksReassignFlags, tasksReassignRun),
	newCommand(&command{name: "tasks create", api: true, write: true, formats: objectFormats,
		summary: "create a one-off task (a task outside any process)"}, tasksCreateFlags, tasksCreateRun),
	newCommand(&command{name: "tasks comment", args: []string{"TASK_ID..."}, api: true, write: true, formats: objectFormats,
		summary: "post a comment on a task",
		help: "--visibility is required: told nothing, the API hides a comment from the guests on the task. " +
			"Only @[USER_ID] in the text notifies anyone. Comments are not retried once sent (exit 7 when the outcome is unknown). " +
			"Given many ids, the same comment goes to each, paced under the hourly cap on comments."}, tasksCommentBulkFlags, tasksCommentRun),
	newCommand(&command{name: "tasks issue", args: []string{"TASK_ID"}, api: true, write: true, formats: objectFormats,
		summary: "report an issue on a task, which blocks it until resolved",
		help: "Prints the issue; its ID is what tasks resolve --thread takes. The task cannot be completed while the issue is open. " +
			"Not retried once sent (exit 7 when the outcome is unknown)."}, tasksIssueFlags, tasksIssueRun),
	newCommand(&command{name: "tasks resolve", args: []string{"TASK_ID"}, api: true, write: true, formats: objectFormats,
		summary: "resolve an issue on a task, posting --text as the resolving comment",
		help: "A comment labelled resolve (tasks comment --label resolve) resolves nothing: this is the call that does. " +
			"The task is unblocked once none of its issues is open."}, tasksResolveFlags, tasksResolveRun),
	newCommand(&command{name: "tasks archive", args: []string{"TASK_ID"}, api: true, write: true,
		summary: "archive a one-off task: it leaves the task lists (tasks restore undoes it)"}, noFlags, tasksArchiveRun),
	newCommand(&command{name: "tasks restore", args: []string{"TASK_ID"}, api: true, write: true,
		summary: "bring an archived one-off task back"}, noFlags, tasksRestoreRun),
	newCommand(&command{name: "tasks delete", args: []string{"TASK_ID"}, api: true, write: true,
		summary: "delete a one-off task for good, with its form fields and values (needs --yes)",
		help: "Without --yes the CLI asks on a terminal and refuses (exit 2) anywhere else. A process's tasks go with their " +
			"process (runs delete). Not repeated once sent: when its outcome is unknown (exit 7), tasks get says whether it is gone."}, permanentFlags, tasksDeleteRun),
	newCommand(&command{name: "tasks clone", args: []string{"TASK_ID"}, api: true, write: true, formats: objectFormats,
		summary: "copy a task and print the copy",
		help: "Every clone makes another copy, so it is never repeated once sent: when its outcome is unknown (exit 7), " +
			"tasks list --query with the task's title shows whether a copy was made."}, noFlags, tasksCloneRun),
	newCommand(&command{name: "tasks wait", args: []string{"TASK_ID"}, api: true, waits: true, formats: objectFormats,
		summary: "wait until a task is completed, then print it (an approval gate)",
		help: "It reads the task at growing intervals and waits as long as it takes unless --timeout is given (the 2m " +
			"default of the other commands does not apply). Out of time, it exits 9. It exits 0 only when the task is " +
			"completed and, for an approval, approved: a rejected approval, or an expiring task that expired " +
			"unacknowledged, is printed and exits 10."}, tasksWaitFlags, tasksWaitRun),
	newCommand(&command{name: "templates get", args: []string{"TEMPLATE_ID"}, api: true, formats: objectFormats,
		summary: "print one template (the API calls it a checklist)"}, templatesGetFlags, templatesGetRun),
	newCommand(&command{name: "templates list", api: true, formats: listFormats,
		summary: "list templates, pinned first"}, templatesListFlags, templatesListRun),
	newCommand(&command{name: "templates export", args: []string{"TEMPLATE_ID"}, api: true,
		summary: "write a template, its steps, fields and automations, as a YAML file",
		help: "People are named by email and groups by name, so the file applies to another organization too. " +
			"The format is described by api/template-file.schema.json."}, templatesExportFlags, templatesExportRun),
	newCommand(&command{name: "templates apply", args: []string{"FILE"}, api: true, write: true,
		summary: "make a template what a file says: print the plan, then apply it",
		help: "The template is the file's (by id), else the one with its title, else a new one. Applying the same file " +
			"twice changes nothing the second time; an apply stopped part-way says what it did, and applying again " +
			"finishes. Anything the file leaves out but its lists is left as it is. --dry-run prints the plan only."}, templatesApplyFlags, templatesApplyRun),
	newCommand(&command{name: "templates create", args: []string{"TITLE"}, api: true, write: true, formats: objectFormats,
		summary: "create a template (add steps with steps add, or write it as a file and apply it)"}, templatesCreateFlags, templatesCreateRun),
	newCommand(&command{name: "templates update", args: []string{"TEMPLATE_ID"}, api: true, write: true, formats: objectFormats,
		summary: "rename a template, or change its summary, guidance or webhook",
		help:    "The API empties who may use a template when an update leaves them out, so the CLI sends them back as they are."}, templatesUpdateFlags, templatesUpdateRun),
	newCommand(&command{name: "templates archive", args: []string{"TEMPLATE_ID"}, api: true, write: true,
		summary: "archive a template; its processes keep running (templates restore undoes it)"}, noFlags, templatesArchiveRun),
	newCommand(&command{name: "templates restore", args: []string{"TEMPLATE_ID"}, api: true, write: true, formats: objectFormats,
		summary: "bring an archived template back"}, noFlags, templatesRestoreRun),
	newCommand(&command{name: "templates delete", args: []string{"TEMPLATE_ID"}, api: true, write: true,
		summary: "delete an archived template for good (needs --yes)"}, yesFlags, templatesDeleteRun),
	newCommand(&command{name: "templates clone", args: []string{"TEMPLATE_ID"}, api: true, write: true, formats: objectFormats,
		summary: "copy a template with its steps, form fields and automations"}, templatesCloneFlags, templatesCloneRun),
	newCommand(&command{name: "templates publish", args: []string{"TEMPLATE_ID"}, api: true, write: true, formats: objectFormats,
		summary: "publish a template's draft, so new processes launch from it"}, noFlags, templatesPublishRun),
	newCommand(&command{name: "steps list", args: []string{"TEMPLATE_ID"}, api: true, formats: listFormats,
		summary: "list a template's steps, in order"}, stepsListFlags, stepsListRun),
	newCommand(&command{name: "steps get", args: []string{"TEMPLATE_ID", "STEP_ID"}, api: true, formats: objectFormats,
		summary: "print one step of a template, with its form fields"}, noFlags, stepsGetRun),
	newCommand(&command{name: "steps add", args: []string{"TEMPLATE_ID"}, api: true, write: true, formats: objectFormats,
		summary: "add a step to a template"}, stepsAddFlags, stepsAddRun),
	newCommand(&command{name: "steps update", args: []string{"TEMPLATE_ID", "STEP_ID"}, api: true, write: true, formats: objectFormats,
		summary: "change a step's title, summary, type, position or assignees",
		help:    "The API replaces a step's members, guests and groups together: those not given are read and sent back."}, stepsUpdateFlags, stepsUpdateRun),
	newCommand(&command{name: "steps delete", args: []string{"TEMPLATE_ID", "STEP_ID"}, api: true, write: true,
		summary: "delete a step for good (the API refuses while an automation refers to it)"}, noFlags, stepsDeleteRun),
	newCommand(&command{name: "users list", api: true, formats: listFormats,
		summary: "list the organization's members (the API calls them users), of every status"}, usersListFlags, usersListRun),
	newCommand(&command{name: "users get", args: []string{"USER_ID"}, api: true, formats: objectFormats,
		summary: "print one member"}, usersGetFlags, usersGetRun),
	newCommand(&command{name: "users invite", args: []string{"EMAIL"}, api: true, write: true, formats: objectFormats,
		summary: "invite someone to the organization by email",
		help: "An invitation is sent once and never retried after it may have reached the server (exit 7 when the outcome " +
			"is unknown). With no seats left the API refuses it (409 SEAT_POOL_EXHAUSTED); the message says what to buy."}, usersInviteFlags, usersInviteRun),
	newCommand(&command{name: "users update", args: []string{"USER_ID"}, api: true, write: true, formats: objectFormats,
		summary: "change a member's name, time zone, job title, phone or team",
		help:    "The API needs first name, last name and time zone in every update: those not given are read and sent back."}, usersUpdateFlags, usersUpdateRun),
	newCommand(&command{name: "users update-me", api: true, write: true, formats: objectFormats,
		summary: "change your own profile in the organization"}, usersUpdateFlags, usersUpdateMeRun),
	newCommand(&command{name: "users role", args: []string{"USER_ID", "ROLE"}, api: true, write: true, formats: objectFormats,
		summary: "set a member's role: admin, standard or light"}, noFlags, usersRoleRun),
	newCommand(&command{name: "users disable", args: []string{"USER_ID"}, api: true, write: true, formats: objectFormats,
		summary: "stop a member from signing in; their tasks stay (users enable undoes it)"}, noFlags, usersDisableRun),
	newCommand(&command{name: "users enable", args: []string{"USER_ID"}, api: true, write: true, formats: objectFormats,
		summary: "let a disabled member back in"}, noFlags, usersEnableRun),
	newCommand(&command{name: "users remove", args: []string{"USER_ID"}, api: true, write: true, formats: objectFormats,
		summary: "take a member out of the organization, optionally handing their tasks on"}, usersRemoveFlags, usersRemoveRun),
	newCommand(&command{name: "users delete", args: []string{"USER_ID"}, api: true, write: true,
		summary: "delete a disabled member for good"}, noFlags, usersDeleteRun),
	newCommand(&command{name: "users tasks", args: []string{"USER_ID"}, api: true, formats: listFormats,
		summary: "list the tasks assigned to a member"}, personTasksFlags, usersTasksRun),
	newCommand(&command{name: "users to-guest", args: []string{"USER_ID"}, api: true, write: true, formats: objectFormats,
		summary: "turn a member into a guest"}, noFlags, usersToGuestRun),
	newCommand(&command{name: "guests list", api: true, formats: listFormats,
		summary: "list the organization's guests"}, guestsListFlags, guestsListRun),
	newCommand(&command{name: "guests get", args: []string{"EMAIL"}, api: true, formats: objectFormats,
		summary: "print one guest"}, noFlags, guestsGetRun),
	newCommand(&command{name: "guests create", args: []string{"EMAIL"}, api: true, write: true, formats: objectFormats,
		summary: "add a guest to the organization",
		help: "The API caps guest invitations at 30 per organization per hour; the CLI waits for a free slot within " +
			"--timeout, and says so when there is none."}, guestsCreateFlags, guestsCreateRun),
	newCommand(&command{name: "guests update", args: []string{"EMAIL"}, api: true, write: true, formats: objectFormats,
		summary: "set the members a guest is associated with (the only thing the API changes on a guest)"}, guestsUpdateFlags, guestsUpdateRun),
	newCommand(&command{name: "guests delete", args: []string{"EMAIL"}, api: true, write: true, formats: objectFormats,
		summary: "take a guest off every task and out of the organization"}, noFlags, guestsDeleteRun),
	newCommand(&command{name: "guests disable", args: []string{"EMAIL"}, api: true, write: true, formats: objectFormats,
		summary: "stop a guest from reaching the organization; their tasks stay"}, noFlags, guestsDisableRun),
	newCommand(&command{name: "guests enable", args: []string{"EMAIL"}, api: true, write: true, formats: objectFormats,
		summary: "let a disabled guest back in"}, noFlags, guestsEnableRun),
	newCommand(&command{name: "guests set-value", args: []string{"GUEST"}, api: true, write: true, formats: objectFormats,
		summary: "replace one stored form-field value of a process --run as a guest, named by email or id",
		help: "runs set-value on the guest's path: --value-id is the id of the value already stored (the API's CaptureValue id), " +
			"not the field's, and the field named by --field (id, alias or label, as runs fields lists them) is read to encode the " +
			"value for its type."}, guestsSetValueFlags, guestsSetValueRun),
	newCommand(&command{name: "guests tasks", args: []string{"GUEST"}, api: true, formats: listFormats,
		summary: "list the tasks assigned to a guest, named by email or id"}, personTasksFlags, guestsTasksRun),
	newCommand(&command{name: "guests to-member", args: []string{"EMAIL"}, api: true, write: true, formats: objectFormats,
		summary: "make a guest a member of the organization"}, noFlags, guestsToMemberRun),
	newCommand(&command{name: "groups list", api: true, formats: listFormats,
		summary: "list the organization's groups"}, groupsListFlags, groupsListRun),
	newCommand(&command{name: "groups get", args: []string{"GROUP_ID"}, api: true, formats: objectFormats,
		summary: "print one group"}, noFlags, groupsGetRun),
	newCommand(&command{name: "groups create", args: []string{"NAME"}, api: true, write: true, formats: objectFormats,
		summary: "create a group of members and guests"}, groupsCreateFlags, groupsCreateRun),
	newCommand(&command{name: "groups update", args: []string{"GROUP_ID"}, api: true, write: true, formats: objectFormats,
		summary: "rename a group, or replace its description, members or guests",
		help: "The API replaces a group's lists with what is sent, so the CLI sends the current ones back unless --users or " +
			"--guests replace them."}, groupsUpdateFlags, groupsUpdateRun),
	newCommand(&command{name: "groups delete", args: []string{"GROUP_ID"}, api: true, write: true,
		summary: "delete a group; its tasks go to its members"}, noFlags, groupsDeleteRun),
	newCommand(&command{name: "tags list", api: true, formats: listFormats,
		summary: "list the organization's tags, every page with --all"}, tagsListFlags, tagsListRun),
	newCommand(&command{name: "tags get", args: []string{"TAG_ID"}, api: true, formats: objectFormats,
		summary: "print one tag and how many processes and templates carry it"}, noFlags, tagsGetRun),
	newCommand(&command{name: "tags create", args: []string{"TITLE"}, api: true, write: true, formats: objectFormats,
		summary: "create a tag"}, tagsCreateFlags, tagsCreateRun),
	newCommand(&command{name: "tags update", args: []string{"TAG_ID"}, api: true, write: true, formats: objectFormats,
		summary: "rename or recolour a tag"}, tagsUpdateFlags, tagsUpdateRun),
	newCommand(&command{name: "tags delete", args: []string{"TAG_ID"}, api: true, write: true,
		summary: "delete a tag for good and take it off everything (needs --yes)"}, tagsDeleteFlags, tagsDeleteRun),
	newCommand(&command{name: "tags apply", args: []string{"TAG_ID"}, api: true, write: true, formats: objectFormats,
		summary: "put a tag on a process (--run) or template (--template)",
		help:    "Prints the link id that tags remove takes."}, tagsApplyFlags, tagsApplyRun),
	newCommand(&command{name: "tags remove", args: []string{"LINK_ID"}, api: true, write: true,
		summary: "take a tag off, by the link id tags apply printed"}, noFlags, tagsRemoveRun),
	newCommand(&command{name: "folders list", api: true, formats: listFormats,
		summary: "list template folders, or process folders with --processes"}, foldersListFlags, foldersListRun),
	newCommand(&command{name: "folders create", args: []string{"NAME"}, api: true, write: true, formats: objectFormats,
		summary: "create a folder of templates, or of processes with --processes"}, foldersCreateFlags, foldersCreateRun),
	newCommand(&command{name: "folders update", args: []string{"FOLDER_ID"}, api: true, write: true, formats: objectFormats,
		summary: "rename a folder or move it"}, foldersUpdateFlags, foldersUpdateRun),
	newCommand(&command{name: "folders delete", args: []string{"FOLDER_ID"}, api: true, write: true,
		summary: "delete a folder; what is in it is moved out, not deleted"}, noFlags, foldersDeleteRun),
	newCommand(&command{name: "folders add", args: []string{"FOLDER_ID"}, api: true, write: true, formats: objectFormats,
		summary: "file a process (--run) or template (--template) in a folder",
		help:    "Prints the relation id that folders remove takes."}, foldersAddFlags, foldersAddRun),
	newCommand(&command{name: "folders remove", args: []string{"RELATION_ID"}, api: true, write: true,
		summary: "take a process or template out of its folder, by relation id"}, noFlags, foldersRemoveRun),
	newCommand(&command{name: "webhooks listen",
		summary: "receive Tallyfy's webhooks on a port and print each event as one JSON line, until interrupted",
		help: "It runs the SDK's webhook handler: a delivery whose X-Tallyfy-orgID is not the organization's is refused " +
			"(403), a body that is not a JSON object answered 400, and both logged to stderr. Point a subscription at it " +
			"(webhooks subscribe, or tallyfy mock --webhook URL) and drive the workflow to watch the events."},
		webhooksListenFlags, webhooksListenRun),
	newCommand(&command{name: "webhooks subscribe", args: []string{"URL"}, api: true, write: true, formats: objectFormats,
		summary: "subscribe a URL to every event of the organization (administrators only)",
		help: "Subscribing the same URL twice delivers every event twice, so a subscription whose outcome is unknown " +
			"(exit 7) is not retried: look for the URL with webhooks list first."}, webhooksSubscribeFlags, webhooksSubscribeRun),
	newCommand(&command{name: "webhooks list", api: true, formats: listFormats,
		summary: "list the organization's webhook subscriptions (administrators only)"}, webhooksListFlags, webhooksListRun),
	newCommand(&command{name: "webhooks remove", args: []string{"ID"}, api: true, write: true,
		summary: "remove a webhook subscription (administrators only)"}, noFlags, webhooksRemoveRun),
	newCommand(&command{name: "files upload", args: []string{"PATH"}, api: true, write: true, formats: objectFormats,
		summary: "upload a file for a form field and print its asset (the file's id)",
		help: "The first of the documentation's two steps; the second sets the field to the file: " +
			"tasks update or runs launch with --field KEY=@PATH do both. An upload that fails once sent (exit 7) is not retried."},
		filesUploadFlags, filesUploadRun),
	newCommand(&command{name: "files get", args: []string{"ID"}, api: true, formats: objectFormats,
		summary: "print an uploaded file's metadata (its asset)"}, noFlags, filesGetRun),
	newCommand(&command{name: "files download", args: []string{"ID"}, api: true,
		summary: "download an uploaded file to --out PATH (- for standard output), streamed and capped"}, filesDownloadFlags, filesDownloadRun),
	newCommand(&command{name: "files view", args: []string{"ID"}, api: true,
		summary: "view an uploaded file inline: copy it to --out PATH (- for standard output), naming its type",
		help: "The inline path answers the file's own media type (image/png, application/pdf, …) rather than files download's " +
			"application/octet-stream; the bytes, the streaming and --max-bytes are the same."}, filesDownloadFlags, filesViewRun),
	newCommand(&command{name: "files delete", args: []string{"ID"}, api: true, write: true,
		summary: "delete an uploaded file permanently, its record and its stored bytes"}, noFlags, filesDeleteRun),
	newCommand(&command{name: "search", args: []string{"QUERY"}, api: true, formats: listFormats,
		summary: "search tasks (or --kind process, template, snippet) by keyword, every page with --all",
		help:    "A task hit carries no process id (the API sends none): tallyfy tasks get TASK_ID prints it."}, searchFlags, searchRun),
	newCommand(&command{name: "activity", api: true, formats: listFormats,
		summary: "list the activity feed, the audit trail of what was done (--run ID for one process)"}, activityFlags, activityRun),
	newCommand(&command{name: "custom-fields get", api: true, formats: objectFormats,
		summary: "print a record's custom field values (--run ID, --task ID --run ID, --member ID, ...)"}, customFieldsGetFlags, customFieldsGetRun),
	newCommand(&command{name: "custom-fields set", args: []string{"KEY"}, api: true, write: true,
		summary: "set one custom field value of a process, task, member, guest, folder or tag; the others stay"}, customFieldsSetFlags, customFieldsSetRun),
	newCommand(&command{name: "custom-fields unset", args: []string{"KEY"}, api: true, write: true,
		summary: "remove one custom field value of a process, task, member, guest, folder or tag"}, customFieldsUnsetFlags, customFieldsUnsetRun),
	newCommand(&command{name: "custom-fields replace", api: true, write: true,
		summary: "replace all of a record's custom field values: every key not given with --set is cleared",
		help:    "Templates, steps, form fields and kick-off fields save their values only this way. System values are kept."},
		customFieldsReplaceFlags, customFieldsReplaceRun),
	newCommand(&command{name: "custom-fields keys", api: true, formats: listFormats,
		summary: "list the organization's custom field keys"}, customFieldKeysFlags, customFieldKeysRun),
	newCommand(&command{name: "custom-fields define", args: []string{"KEY"}, api: true, write: true, formats: objectFormats,
		summary: "define a custom field key (admins only)"}, customFieldDefineFlags, customFieldDefineRun),
	newCommand(&command{name: "org", api: true, formats: objectFormats,
		summary: "print the organization"}, noFlags, orgRun),
	newCommand(&command{name: "me", api: true, formats: objectFormats,
		summary: "print the user the token belongs to (needs no organization)"}, noFlags, meRun),
	newCommand(&command{name: "api", args: []string{"METHOD", "PATH"}, api: true, write: true,
		summary: "send any request to the API, with the CLI's auth, retries and write safety",
		help: "PATH is relative to the organization (runs/RUN_ID is /organizations/ORG/runs/RUN_ID) unless it starts " +
			"with / (/me); a query goes after ?. The answer is printed as indented JSON. A write (any method but GET) " +
			"is sent once: when its outcome is unknown (exit 7) it is not repeated, as with every other write."}, apiFlags, apiRun),
	newCommand(&command{name: "completion", args: []string{"SHELL"},
		summary: "print a shell completion script for bash, zsh, fish or powershell",
		help: "It completes command words and flags. bash: source <(tallyfy completion bash), or save it in " +
			"/etc/bash_completion.d; zsh: source <(tallyfy completion zsh) in .zshrc; fish: tallyfy completion fish > " +
			"~/.config/fish/completions/tallyfy.fish; PowerShell: tallyfy completion powershell | Out-String | " +
			"Invoke-Expression in $PROFILE (it asks tallyfy itself for the words, so tallyfy must be on the PATH)."}, noFlags, completionRun),
	newCommand(&command{name: "mock",
		summary: "serve a fake Tallyfy with sample data on a port until interrupted"}, mockFlags, mockRun),
	newCommand(&command{name: "version",
		summary: "print the versions of the CLI, the SDK and the API spec"}, noFlags, versionRun),
}

// The -o values of the commands that print one object or a list.
var (
	objectFormats = []string{"table", "json"}
	listFormats   = []string{"table", "json", "jsonl", "csv"}
)

// A command is one leaf of the command tree.
type command struct {
	name    string   // the words that select it, e.g. "runs get"
	args    []string // its positional arguments, by the name the usage line gives them
	summary string   // one line for the command list
	help    string   // more for the command's own help, when one line is not enough
	formats []string // its -o values, the default first; none: it takes no -o
	api     bool     // it calls the API: it takes the connection flags, and --timeout bounds it
	write   bool     // it changes something: it takes --dry-run
	waits   bool     // it may rightly run for long: --timeout bounds it only when given
	// bind registers the command's own flags on fs. It returns the options
	// they set as fs parses (a pointer to the command's options struct), and
	// the function that runs the command with them.
	bind func(fs *flag.FlagSet) (opts any, run runner)
}

// runner runs a parsed command.
type runner func(ctx context.Context, a *app, in input) error

// input is what every command gets besides its own options.
type input struct {
	args   []string // the positional arguments, as many as the command names
	format string   // the -o value, one of the command's formats
}

// newCommand completes c with the flags and run function of its options
// type O: flags registers them on a flag set, run runs the command with the
// values parsed. Options that need checking once every flag is parsed have
// a check method, which parsing calls.
func newCommand[O any](c *command, flags func(*flag.FlagSet, *O), run func(context.Context, *app, input, *O) error) *command {
	c.bind = func(fs *flag.FlagSet) (any, runner) {
		o := new(O)
		flags(fs, o)
		return o, func(ctx context.Context, a *app, in input) error { return run(ctx, a, in, o) }
	}
	return c
}

func findCommand(words []string) (*command, bool) {
	for _, c := range commands {
		name := strings.Fields(c.name)
		if len(words) >= len(name) && slices.Equal(words[:len(name)], name) {
			return c, true
		}
	}
	return nil, false
}

// formatValue is -o/--output: a value from its command's formats.
type formatValue struct {
	format  *string
	allowed []string
}

// String and Set make *formatValue a flag.Value.
func (v *formatValue) String() string {
	if v == nil || v.format == nil {
		return ""
	}
	return *v.format
}

func (v *formatValue) Set(s string) error {
	if !slices.Contains(v.allowed, s) {
		return fmt.Errorf("want one of %s", strings.Join(v.allowed, ", "))
	}
	*v.format = s
	return nil
}

// outputFlag registers -o and --output, with the first format as default.
func outputFlag(fs *flag.FlagSet, format *string, formats []string) {
	*format = formats[0]
	v := &formatValue{format: format, allowed: formats}
	help := "output `format`: " + strings.Join(formats, ", ")
	fs.Var(v, "o", help)
	fs.Var(v, "output", help)
}

// stringValue is a flag holding one of the SDK's string types, such as a
// status filter.
type stringValue[T ~string] struct{ p *T }

// String and Set make *stringValue a flag.Value.
func (v *stringValue[T]) String() string {
	if v == nil || v.p == nil {
		return ""
	}
	return string(*v.p)
}

func (v *stringValue[T]) Set(s string) error {
	*v.p = T(s)
	return nil
}

// includesValue is a comma-separated list of relations for `with`, of the
// SDK's include type for the operation.
type includesValue[T ~string] []T

// String and Set make *includesValue a flag.Value.
func (v *includesValue[T]) String() string {
	if v == nil {
		return ""
	}
	parts := make([]string, len(*v))
	for i, inc := range *v {
		parts[i] = string(inc)
	}
	return strings.Join(parts, ",")
}

func (v *includesValue[T]) Set(s string) error {
	*v = nil
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*v = append(*v, T(part))
		}
	}
	return nil
}

// userIDsValue is a comma-separated list of user ids, which are numbers.
type userIDsValue []int

// String and Set make *userIDsValue a flag.Value.
func (v *userIDsValue) String() string {
	if v == nil {
		return ""
	}
	parts := make([]string, len(*v))
	for i, id := range *v {
		parts[i] = strconv.Itoa(id)
	}
	return strings.Join(parts, ",")
}

func (v *userIDsValue) Set(s string) error {
	*v = nil
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil {
			return fmt.Errorf("%q is not a user id (user ids are numbers)", part)
		}
		*v = append(*v, n)
	}
	return nil
}

// withFlag registers --with, listing some of the relations it takes.
func withFlag[T ~string](fs *flag.FlagSet, with *[]T, examples string) {
	fs.Var((*includesValue[T])(with), "with", "relations to include, a comma-separated `list`: "+examples)
}

type runsGetOptions struct {
	with             []tallyfy.RunInclude
	formFieldsValues bool
}

func runsGetFlags(fs *flag.FlagSet, o *runsGetOptions) {
	withFlag(fs, &o.with, "checklist,tasks,tags,...")
	fs.BoolVar(&o.formFieldsValues, "form-fields-values", false, "include the values entered in form fields")
}

func runsGetRun(ctx context.Context, a *app, in input, o *runsGetOptions) error {
	return show(ctx, a, in, "run", printRun, func(c *tallyfy.Client, id string) (*tallyfy.Run, error) {
		return c.GetRun(ctx, id, &tallyfy.GetRunOptions{With: o.with, FormFieldsValues: o.formFieldsValues})
	})
}

type tasksGetOptions struct {
	taskRef
	with []tallyfy.TaskInclude
}

func tasksGetFlags(fs *flag.FlagSet, o *tasksGetOptions) {
	withFlag(fs, &o.with, "run,step,form_fields,...")
	// --run as tasks complete and wait take it, so a line can be edited from one to the other: the
	// task is then read through its process (GetRunTask), which also checks it belongs to it.
	fs.StringVar(&o.run, "run", "", "the `id` of the task's process: read the task through it (optional)")
}

func tasksGetRun(ctx context.Context, a *app, in input, o *tasksGetOptions) error {
	return show(ctx, a, in, "task", printTask, func(c *tallyfy.Client, id string) (*tallyfy.Task, error) {
		if o.run != "" {
			return c.GetRunTask(ctx, o.run, id, &tallyfy.GetTaskOptions{With: o.with})
		}
		return c.GetTask(ctx, id, &tallyfy.GetTaskOptions{With: o.with})
	})
}

type templatesGetOptions struct {
	with []tallyfy.TemplateInclude
}

func templatesGetFlags(fs *flag.FlagSet, o *templatesGetOptions) {
	withFlag(fs, &o.with, "steps,tags,folder")
}

func templatesGetRun(ctx context.Context, a *app, in input, o *templatesGetOptions) error {
	return show(ctx, a, in, "template", printTemplate, func(c *tallyfy.Client, id string) (*tallyfy.Template, error) {
		return c.GetTemplate(ctx, id, &tallyfy.GetTemplateOptions{With: o.with})
	})
}

// show is the shape of every "<noun> get ID" command: fetch the object
// whose id is the one argument, print it as a table or as JSON.
func show[T any](ctx context.Context, a *app, in input, kind string, table func(io.Writer, *T) error,
	fetch func(c *tallyfy.Client, id string) (*T, error)) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	v, err := fetch(c, id)
	if err != nil {
		return resource(kind, id, err)
	}
	return printObject(a, in, v, table)
}

// pagingOptions are the paging flags of the list commands.
type pagingOptions struct {
	perPage, limit int
	all            bool
}

func pagingFlags(fs *flag.FlagSet, o *pagingOptions) {
	fs.IntVar(&o.perPage, "per-page", 0, "items per request, `n` from 1 to 100 (default 10)")
	fs.IntVar(&o.limit, "limit", 0, "stop after `n` items, fetching more pages as needed")
	fs.BoolVar(&o.all, "all", false, "fetch every page (not with --limit)")
}

func (o *pagingOptions) check() error {
	if o.all && o.limit > 0 {
		return usageErr("--all and --limit exclude each other")
	}
	if o.limit < 0 {
		return usageErr("--limit %d must be positive", o.limit)
	}
	if o.perPage == 0 && o.limit > 0 {
		o.perPage = min(o.limit, 100)
	}
	return nil
}

// multiPage reports whether more than the first page may be fetched.
func (o *pagingOptions) multiPage() bool { return o.all || o.limit > 0 }

type runsListOptions struct {
	tallyfy.ListRunsOptions
	pagingOptions
}

func runsListFlags(fs *flag.FlagSet, o *runsListOptions) {
	fs.Var(&stringValue[tallyfy.RunStatusFilter]{&o.Status}, "status", "keep processes whose `status` is active, complete, problem, issue, improvement, archived, delayed or starred")
	fs.StringVar(&o.Query, "q", "", "keep processes whose name contains this `text`")
	fs.StringVar(&o.ChecklistID, "checklist", "", "keep processes of this template `id`")
	fs.StringVar(&o.Tag, "tag", "", "keep processes with this tag `id`")
	fs.Var((*userIDsValue)(&o.Owners), "owners", "keep processes any of these users own, a comma-separated list of user `ids`")
	fs.StringVar(&o.Sort, "sort", "", "sort `key`, e.g. created_at; -created_at sorts descending")
	fs.Var((*includesValue[tallyfy.RunListInclude])(&o.With), "with", "relations to include for each process, a comma-separated `list`: checklist,tasks,tags,...")
	pagingFlags(fs, &o.pagingOptions)
}

func (o *runsListOptions) check() error {
	err := o.pagingOptions.check()
	o.PerPage = o.perPage
	return err
}

func runsListRun(ctx context.Context, a *app, in input, o *runsListOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.Run], error) { return c.ListRunsPage(ctx, &o.ListRunsOptions) })
	return printList(a, pages, o.pagingOptions, in.format, runColumns, "processes")
}

type runsTasksOptions struct {
	tallyfy.ListRunTasksOptions
	pagingOptions
}

func runsTasksFlags(fs *flag.FlagSet, o *runsTasksOptions) {
	fs.Var(&stringValue[tallyfy.TaskStatusFilter]{&o.Status}, "status", "keep tasks whose `status` is complete, active, active_visible, incomplete, not-started, inprogress, hasproblem, overdue or due_soon")
	fs.StringVar(&o.Sort, "sort", "", "sort `key`: position, deadline, -position or -deadline")
	fs.Var((*includesValue[tallyfy.RunTaskListInclude])(&o.With), "with", "relations to include for each task, a comma-separated `list`: run,step,form_fields,...")
	pagingFlags(fs, &o.pagingOptions)
}

func (o *runsTasksOptions) check() error {
	err := o.pagingOptions.check()
	o.PerPage = o.perPage
	return err
}

func runsTasksRun(ctx context.Context, a *app, in input, o *runsTasksOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	id := in.args[0]
	pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.Task], error) {
		return c.ListRunTasksPage(ctx, id, &o.ListRunTasksOptions)
	})
	return resource("run", id, printList(a, pages, o.pagingOptions, in.format, taskColumns, "tasks"))
}

// noOptions are the options of a command without flags of its own.
type noOptions struct{}

func noFlags(*flag.FlagSet, *noOptions) {}

func versionRun(_ context.Context, a *app, _ input, _ *noOptions) error {
	_, err := fmt.Fprintf(a.stdout, "tallyfy %s (tallyfy-go SDK %s, API spec %s)\n", tallyfy.Version, tallyfy.Version, specVersion())
	return err
}

// printList writes a list in the chosen format: one page by default, or as
// many as --all/--limit ask for. jsonl and json stream item by item, a table
// page by page.
func printList[T any](a *app, pages iter.Seq2[*tallyfy.Page[T], error], paging pagingOptions, format string, cols []column[T], noun string) error {
	w := newListWriter(a.stdout, format, cols)
	progress := newProgress(a.stderr, paging.all)
	printed := 0
	for page, err := range pages {
		if err != nil {
			progress.done()
			return errors.Join(w.abort(), err)
		}
		progress.page(page.Pagination)
		for i := range page.Items {
			if paging.limit > 0 && printed == paging.limit {
				break
			}
			if err := w.item(&page.Items[i]); err != nil {
				return err
			}
			printed++
		}
		if err := w.endPage(); err != nil {
			return err
		}
		if !paging.multiPage() || (paging.limit > 0 && printed >= paging.limit) {
			break
		}
	}
	progress.done()
	return w.close(noun)
}

// pagesFrom yields the first page and every page after it (Page.Next).
func pagesFrom[T any](ctx context.Context, first func() (*tallyfy.Page[T], error)) iter.Seq2[*tallyfy.Page[T], error] {
	return func(yield func(*tallyfy.Page[T], error) bool) {
		page, err := first()
		for ; page != nil || err != nil; page, err = page.Next(ctx) {
			if !yield(page, err) || err != nil {
				return
			}
		}
	}
}
