// Package tallyfytest provides a fake Tallyfy API for tests, in the spirit of net/http/httptest
// and stripe-mock. It serves every operation of api/openapi.yaml from memory, over a loopback
// listener: the reads (runs, tasks, templates, /me) and the writes (launch, update, archive and
// activate runs; update, complete, reopen, create and comment on tasks), which change what later
// reads return. It starts with a fixed sample organization, answers with the API's error bodies
// and paging, and has hooks to inject failures and inspect requests. It implements the generated gen.ServerInterface with the generated models, and checks
// every request against the same spec, so it answers what the contract allows and nothing else.
//
// Our own tests, the CLI's --mock mode and users' tests all run against it. Server.Client hands
// out a client of package tallyfy that is ready to use, as httptest.Server.Client does for
// net/http: pointed at the server, with its token and organization, and retrying at once:
//
//	srv := tallyfytest.NewServer()
//	t.Cleanup(srv.Close)
//	run, err := srv.Client().GetRun(ctx, tallyfytest.SampleRunID, nil)
//
// The generated client (package gen) works as well: give it Server.URL, the bearer token
// Server.Token and the X-Tallyfy-Client header SampleClient.
//
// Server.URL has no trailing slash and no /api prefix: paths start at /organizations/. To serve
// the fake on an address of your choosing (`tallyfy mock --addr 127.0.0.1:4010`), pass
// NewHandler() to an http.Server; Server.Handler serves a started server's state elsewhere too.
//
// # Requests
//
// Every request needs `Authorization: Bearer <Server.Token>` (SampleToken unless WithToken) and a
// non-empty X-Tallyfy-Client header (send SampleClient, "APIClient"), as [docs:api-index] requires.
// The served organization is Server.OrgID (SampleOrgID unless WithOrgID); /me and
// /me/organizations name no organization and answer for the token's user, MeUserID unless WithMe. `with` is one
// comma-separated value (`with=checklist,tasks`), as [docs:processes/get-process] and the spec's
// style=form, explode=false say.
//
// # Errors
//
// Checks run in the order of a Laravel application's request lifecycle (route, authenticate,
// authorize, validate), the framework the API runs on [mcp:utils/fastmcp_errors.py]; the first
// that fails answers:
//
//	situation                                  status  body                                                   source
//	a failure injected with FailNext or FailOn any     Failure.Body, or the API's body for the status         (test hook)
//	unknown path                               404     {"error":true,"message":"API endpoint not found",...}   docs:postman-troubleshooting
//	known path, a method it does not serve     405     {"error":true,"message":"The PATCH method is not ..."} RFC 9110 §15.5.6, Laravel's router
//	no X-Tallyfy-Client header                 404     the ENDPOINT_NOT_FOUND body                            docs:api-index
//	no bearer token, or a wrong one            401     {"message":"Unauthenticated."}                         spec, docs:how-to-integrate
//	an organization other than Server.OrgID    403     {"error":true,"message":"You don't have ...",...}      spec, docs:postman-troubleshooting
//	a query parameter or body the spec forbids 422     {"message":"The given data was invalid.","errors":{...}} mcp:utils/fastmcp_errors.py
//	a path or header parameter it forbids      400     {"error":true,"message":"parameter ...","errors":{...}} spec (UnexpectedError)
//	a body over 8 MiB                          413     {"error":true,"message":"Request Entity Too Large"}    (the fake's cap)
//	an id that does not exist                  404     {"error":true,"message":"Resource not found",...}      docs:postman-troubleshooting
//	a value, state or rule the server refuses  422     {"message":"The given data was invalid.","errors":{...}} see # Writes
//
// The 401, 403 and 404 bodies are the spec's components.responses examples. Parameters are
// checked with kin-openapi against the embedded spec, so per_page=500, with=bogus, page=0 and a
// malformed date or id are all refused, and so is a query parameter sent twice (with=a&with=b),
// which the spec's form style does not allow. Request bodies are checked the same way, each fault
// keyed by its field's dotted path as Laravel keys them ("owners.users.0", "title"; "body" when
// the body is missing or not JSON), except where the spec is stricter than the server only to
// keep clients out of a trap (see # Writes). A 405 carries Allow with the methods the path serves.
// The 422 body has Laravel's shape, but each message is the validator's own (kin-openapi's, or
// for a parameter sent twice the generated binding's), unchanged, e.g. {"per_page":["number must
// be at most 100"]}: the API does not document its wording for these parameters. Every answer is JSON with an X-Request-Id header, which the
// official client reads [cli:client.go]. The token is never logged, echoed or recorded.
//
// # Includes and form values
//
// Relations are added only when `with` asks for them, Fractal-wrapped as the spec's schemas say:
// `"tasks": {"data": [...]}`, `"checklist": {"data": {...}}`, and so on [docs:processes/get-process,
// docs:tasks/get-task]. The tasks of a run leave out hidden (auto-skipped) tasks, which
// listRunTasks lists [docs:processes/get-process, docs:tasks/list-process-tasks]. A nested include
// (`tasks.form_fields`, `tasks.step`, `tasks.threads`) brings its parent too, as Fractal's
// Manager.autoIncludeParents does [fractal:Manager.php]. next_task is the first task that is
// neither completed nor hidden, by earliest deadline, as a collection of zero or one task in the
// documented short form: id, increment_id, title, alias, owners, deadline
// [docs:processes/get-process]. Relations whose shape the API does not document (assets,
// permissions, tasks_meta, stages, folders, watchers, threads, issues, comments, activities,
// roles, a template's folder, runs, statistics, linked_tasks) are empty: `{"data": []}` or
// `{"data": {}}`. A template's prerun and automated_actions are always present
// [docs:templates/get-template], so asking for them changes nothing; `prerun` on a run is
// accepted without effect, and so are entire_folder_tree and version on getTemplate.
// `tasks.captures` (used by tallyfy/api-support's export script) brings each task's form fields. summary appears on tasks only when asked for [docs:tasks/list-org-tasks], and so
// does threads_count, a documented `with` value [docs:tasks/get-task].
//
// On getRun and listRuns, form fields (with=form_fields, ko_form_fields, tasks.form_fields) carry
// their `value` only with form_fields_values=true [docs:processes/get-process]. getTask and
// listRunTasks have no such parameter and always send values, as the get-task example does
// [docs:tasks/get-task].
//
// # Writes
//
// Each write changes the stored data, under one lock, so later reads (getRun, listRuns,
// listRunTasks, getTask, the task lists) see it. The fake's clock does not move: every write
// happens at SampleNow. Ids of created objects are 32-hex and deterministic; increment_id counts
// on from the highest stored.
//
// Every write that succeeds (a 2xx answer to anything but GET) also appends an activity to the
// feed listActivities answers: the token's user, a verb from the operation, the object of the
// path (or the object created) and its process (activity.go). Searches (search) match titles and
// process names in the store (search.go).
//
//	launchRun        201, a new active run: one task per template step (title with {{alias}}       docs:processes/launch-process,
//	                 filled from text kick-off values, position, task_type from the step type,     mcp:tools/process_management.py
//	                 owners from the step's assignees, or the launcher when nobody is assigned and
//	                 assign_run_starter is unset or true, tasks overrides by step id), progress 0/N,
//	                 name "<template title> - <YYYY-MM-DD>" when absent, prerun stored by field id;
//	                 the first task in-progress, the others not-started; unknown template 404
//	  prerun         values checked per field type (below); a required field missing or empty:      cli:kickoff.go
//	                 422 "<label> is required"; keys that are not field ids (labels, aliases) and
//	                 a list instead of an object are dropped and the launch still answers 201       mcp:utils/kickoff_encoding.py
//	updateRun        200; name, summary, owner_id, starred, is_public change when sent; prerun      docs:processes/update-process
//	                 changes only in the keys sent (checked as at launch); users and groups
//	                 REPLACE the sets, and a missing one EMPTIES its set (the trap)                 mcp:tools/process_management.py
//	archiveRun       200, archived_at set, status kept; the run leaves listRuns' default result     docs:processes/archive-process,
//	                 (archived=only, archived=true and status=archived list it) and its tasks       docs:processes/activate-process
//	                 leave listOrgTasks and listMyTasks; archiving again keeps archived_at
//	activateRun      200, archived_at null, status as before (a run stored as "archived" comes      docs:processes/activate-process
//	                 back active, or complete when its visible tasks are all done)
//	getRunTask       the task of that run, with as getTask; 404 for a task of another run or a      docs:tasks/get-task
//	                 one-off task
//	updateRunTask,   200, partial: title, summary, deadline, started_at, max_assignable,            docs:tasks/update-task,
//	updateTask       prevent_guest_comment, top_secret, webhook when sent; owners REPLACES the      mcp:tools/task_management.py
//	                 assignees and a missing bucket is EMPTIED (owners left out: unchanged);
//	                 taskdata checked per field type against the task's form fields, unknown keys
//	                 dropped, only the keys sent change; a completed task 422; the run-scoped path
//	                 404s for a one-off task and updateTask 404s for a task of a run; updateTask
//	                 needs title, deadline and owners (the spec's 422)
//	completeRunTask, body {task_id, is_approved, override_user}; an approval task without          docs:tasks/complete-task,
//	completeTask     is_approved 422 "The is approved field is required."; a required form field   mcp:tools/task_management.py
//	                 empty 422 "<label> is required"; a completed task 422 "Task already completed"
//	                 (the documentation's error, see # Not simulated); else status completed,
//	                 completed_at, completer_id (override_user or the token's user), is_approved
//	                 (approval tasks only); the run's progress moves and the run completes
//	                 (status complete, completed_at) when every visible task is completed. Answer
//	                 {"data":task,"tasks_changed_by_rules":{}}, without tasks_changed_by_rules for a
//	                 one-off task. completeTask serves one-off tasks only (404 for a task of a run)
//	reopenRunTask,   200, a completed task back to in-progress with completed_at, completer_id,       docs:tasks/reopen-task
//	reopenTask       completer_guest and is_approved null; a complete run is active again; a task
//	                 that is not completed 422 "Task is not completed"
//	createTask       201, a one-off task: run_id, checklist_id, step_id null, is_oneoff_task true,   docs:tasks/create-task,
//	                 status not-started, starter the token's user, description from summary or     mcp:tools/task_management.py
//	                 else description; title, task_type, owners, deadline required (the spec's
//	                 422); owners with nobody 422; then served by getTask and the task lists
//	commentOnTask    200 {"data":comment}, id an increasing integer from 77101; state defaults to    mcp:tools/comment_management.py,
//	                 hide-for-guests (the trap), label to comment; sent_to the users @[id]-mentioned docs:postman-task-operations, msc
//	                 in content; sent_by the token's user; the task's threads_count counts them.
//	                 Read them back with Server.Comments
//
// Form values (prerun, taskdata) are checked as FormValuesValidator checks them: text a scalar;
// textarea a string; email anything, stored verbatim (a {"value": ...} wrapper too); date a
// parseable string (RFC 3339, "YYYY-MM-DD HH:MM:SS", a bare date), a number refused; radio the
// text of an option; dropdown {id, text} naming one option, else "Invalid dropdown choice
// selected."; multiselect a list of {id, text, ...} naming options; table a list of one entry per
// column, else "Number of columns does not match required columns", and "", [] or null "Invalid
// table field"; file a list of objects each with id, url or full_url, a bare string refused;
// assignees_form an object. null, "", "0", [], false and 0 clear any other field's value, stored
// as null. Errors are keyed "prerun.<field id>" or "taskdata.<field id>". Sources:
// mcp:utils/field_value_encoding.py, cli:kickoff.go, docs:tasks/update-task, the n8n live tests.
//
// The kick-off form and single values (kickoff.go): completeKickoff sets prerun_status complete
// with prerun_completed_at and prerun_completed_by, reopenKickoff sets it back to pending and
// clears them, values kept [n8n, mcp]; getRunFormFields lists the tasks' fields (each with
// task_id) and the kick-off fields, with their values [n8n]; saveTaskField stores one value on a
// task, checked as taskdata is [docs:postman-task-operations]; setFormFieldValue replaces a value
// by the stored value's id (StoredValueID) and answers any other id 500 (Attempt to read property
// "capture" on null) as the live API does for a field with no value [n8n issue #9];
// setGuestFormFieldValue does the same for a known guest (404 for an unknown one) in the same
// store, and answers an id that is no stored value's 422 [n8n:Tallyfy.node.ts updateValue]. Not
// simulated: the create-or-update the n8n node's note ascribes to the guest path, whose id for a
// value not yet stored no source names.
//
// Files (files.go): getFile serves an upload's bytes inline with the type of its filename's
// extension, else sniffed, where downloadFile serves them as an attachment
// [docs:files/download-file]; the fake keeps no uploaded part's own type.
//
// Where the spec is stricter than the server to keep clients out of a trap, the fake accepts what
// the server accepts, so a raw request shows the trap and a test can prove the SDK refuses it
// first: updateRun without users or groups, owners with a bucket missing, prerun or taskdata sent
// as a list. Everything else the spec refuses in a body is refused (422).
//
// # Filters and sorting
//
// listRuns [docs:processes/list-processes]: archived runs are left out unless status=archived or
// archived=only (archived runs only) or archived=true (all runs) [mcp:tools/process_management.py];
// archived=false always leaves them out. status matches the run's status, with three exceptions:
// problem also matches issue runs, starred matches starred runs and archived matches runs with
// archived_at set; improvement matches no sample run. q is a case-insensitive substring of the
// name; checklist_id, type and starred match exactly; tag, tag_ids (any) and untagged=true look
// at the run's tags; owners matches the owner, the run's users or any task's users; groups
// matches the run's groups or any task's groups. folder matches nothing (no sample run is filed
// in a folder). task_status (all, in-progress, completed) narrows the tasks included with
// with=tasks, as the spec describes it. sort accepts name and created_at, "-" for descending; any
// other key keeps the default order, newest first.
//
// listOrgTasks [docs:tasks/list-org-tasks] lists the tasks of every run and the one-off tasks,
// tasks of archived runs left out; q (a case-insensitive substring of the title), status, owners,
// groups, unassigned and deadline_before/after as for listRunTasks, is_oneoff, tag (a tag's name,
// any case); sort deadline, newest, problems (tasks with a problem first) or completed_newest,
// "-" reversing; newest first by default. listMyTasks [docs:postman-task-operations] lists the
// tasks whose owners.users include the token's user, status active, completed, overdue, due_soon
// or hasproblem, and adds meta.overdue_tasks and meta.tasks_due_soon over all of the user's tasks
// [msc]. listTemplates [docs:templates/list-templates] leaves archived templates out unless
// archived=true (all) or archived=only; q, type, starred, folder (folder_id), tag (an id); pinned
// templates first, then sort_by title, created or updated (the default), "-" descending.
//
// listRunTasks [docs:tasks/list-process-tasks]: status complete (completed), incomplete (not
// completed, hidden included), active and active_visible (neither completed nor hidden),
// inprogress, not-started, hasproblem, overdue (open with a deadline before SampleNow) and
// due_soon (open, due within 72 hours of SampleNow); owners, guests (case-insensitive) and groups
// match any assignee of that kind; unassigned=true keeps tasks nobody is assigned to;
// deadline_on, deadline_start_range/deadline_end_range (inclusive, as the spec says) and
// deadline_before/deadline_after (exclusive) compare the deadline's UTC date, deadline_on
// winning. sort is position (the default), -position, deadline or -deadline, tasks without a
// deadline last. Filters combine with AND.
//
// # Paging
//
// Lists page like the API's Fractal paginator [fractal:Serializer/ArraySerializer.php]: per_page
// defaults to 10 [docs:processes/list-processes] and the spec caps it at 100 [cli:types.go];
// meta.pagination carries total, count, per_page, current_page, total_pages (at least 1, as
// Laravel's LengthAwarePaginator computes it) and links. links holds absolute URLs, built from the
// address the request was sent to and its query with page replaced, as in the list-processes
// example: previous when current_page > 1, next when current_page < total_pages. With neither it
// is the empty JSON array [], as PHP encodes an empty object [cli:links.go]. A page past the end
// is empty and keeps the totals. without_pagination=true returns everything on one page
// [docs:processes/list-processes].
//
// # Webhooks
//
// The writes send webhooks as the documentation describes them (see webhooks.go for the
// sources): an HTTP POST of JSON with X-Tallyfy-orgID, tried once, never retried, redirects not
// followed, to every organization-level subscription (SubscribeWebhook) with "event" set to
// process.launched (launchRun), task.completed and then process.completed when it completes the
// run (completeRunTask, completeTask), task.assigned (an update that adds a user to owners),
// task.comment_added, task.issue_raised (label problem) or task.issue_resolved (label resolve)
// (commentOnTask); and, without "event", to a template's webhook URL on launch, every completion
// and the run's completion, and to a step's (or task's) webhook URL instead of the template's
// when its task completes. The payloads are the documented process and task payloads
// [docs:integrations/webhooks/webhook-payload-structure] with ids as the REST API sends them
// (integers for users), ISO 8601 dates and next_task [] when nothing is left. They are sent
// before the write is answered, so a test sees them without waiting; WithWebhookCopies sends one
// twice or drops it; WebhookDeliveries lists what was sent, with each receiver's status.
//
// # Test hooks
//
// FailNext(n, f) answers the next n requests with f (a status, a Retry-After value, a body)
// before any other check, to test retries; with f.AfterHandling the request is served first,
// side effects and all, and only its answer is replaced, the write whose outcome a client cannot
// know (a 502 after the work was done); f.Disconnect drops the connection instead of answering,
// before or after serving; FailOn(method, pathPattern, n, f) does the same for the
// next n requests that match, "/organizations/*/runs/*" say, and leaves the others alone (pending
// FailNext failures answer first). A 429 carries X-RateLimit-Remaining: 0
// [docs:postman-troubleshooting]. Requests lists what was received, in order, with credentials
// masked and bodies kept; Comments lists the comments stored on a task, and Threads those on a
// task, process or template (issues with their resolve_id); WithMe picks the token's
// user; AddRun, AddTask and AddTemplate load data (checked against the spec's schemas);
// WithoutSampleData starts empty; Reset returns to the initial state.
//
// # Not simulated
//
// The fake serves the operations of the spec and answers only what the sources above describe. It
// does not do, and a test passing against it does not show, any of the following:
//
//   - Every other endpoint: a guest's form-field value.
//     Another method on a served path (HEAD too)
//     answers 405, any other path 404 ENDPOINT_NOT_FOUND; the live API would act.
//   - Webhooks beyond the documented payloads: an organization-level payload is documented only
//     by its "event", so the fake sends the process or task payload with "event" added (and
//     "comment" for a comment or issue); the real service queues deliveries after the answer.
//     The clock does not move, so a task reopened and completed again has the completed_at of
//     its first completion, and a receiver keyed on (task, completed_at) sees one event.
//   - What writes set off on the server: emails, template rules (tasks_changed_by_rules
//     is always {}), deadline dependencies, working days, guest access from @-mentions,
//     separate_task_for_each_assignee (one task is made), expiring tasks, everyone_must_complete,
//     can_complete_only_assignees, unresolved problems blocking completion, must_all_checked,
//     text lengths (200 and 30,000 per the docs), and whether users, groups, guests and tags exist
//     (unknown tag ids are ignored). The clock does not move, so created_at and completed_at are
//     SampleNow for everything the writes make.
//   - Sources that disagree on writes are settled one way: completing a completed task answers 422
//     "Task already completed" [docs:tasks/complete-task, docs:postman-task-operations], where the
//     MCP server reads the source as a 2xx that fires the events again; archiveRun keeps status
//     (the spec, and activateRun's "status as before") where the archive-process example shows
//     status "archived"; updateRun empties the missing users or groups [mcp] where the docs say
//     only sent fields change; the description of a created task is read from summary, else
//     description. Undocumented and picked: an unknown checklist_id on launch is 404; the
//     org-level complete, reopen and update paths answer 404 for a task of a run; the launched
//     run's first task is in-progress; a launched task without a step deadline is due a day later;
//     a table's value of null is refused like "" and []; the default order of listOrgTasks and
//     listMyTasks (newest first) and the direction of listTemplates' default sort (ascending).
//   - Rate limiting, token expiry, OAuth, per-user permissions: there is one token and one
//     organization, and a 429 comes only from FailNext or FailOn.
//     Two permissions are simulated because the documentation makes them the point of the call:
//     inviting an administrator, and deleting a process permanently, need an administrator.
//   - Shapes no source gives: exportRun answers {"data": run} with its tasks and form values, and
//     cloneTask's copy sits beside the original (same process and step), not started, without
//     values; the live answers are not documented [clicmd:process.go, n8n:Tallyfy.node.ts].
//   - The API's own validation wording (the messages the sources quote are used: "Invalid dropdown
//     choice selected.", "Number of columns does not match required columns", "Invalid table
//     field", "<label> is required", "The is approved field is required.", "Task already
//     completed"; the others are the fake's or the validator's), and its answer to a malformed path id (undocumented: it may
//     well be 404 rather than the fake's 400). Query parameters the spec does not list, such as the
//     documented aliases sort_by and blueprint_id, are ignored.
//   - Anything undocumented, where the fake had to pick: listRuns' default order (newest first,
//     as the spec's examples show); sort keys other than name and created_at (they keep that
//     order); q's matching (a case-insensitive substring); what the task status filters mean
//     beyond their names; due_soon's window (72 hours); tie-breaks (position, then tasks without a
//     deadline last).
//   - The contents of relations whose shape is undocumented (always empty) and folders (no sample
//     run is in one); template versions and folder trees.
//   - meta with without_pagination=true: the fake describes one page, while the API may send no
//     meta at all, as the official client allows for [cli:paginate.go].
//   - How the API computes derived fields. The sample data derives them as their names suggest:
//     progress counts visible tasks and whole_progress all of them, late_tasks counts open visible
//     tasks past their deadline, due_soon and due_date_passed compare due_date with SampleNow,
//     collaborators are the tasks' assigned users, is_completable marks open visible tasks. Form
//     values take the shapes of the spec's examples; a table's value on reads is not documented
//     (the sample sends rows keyed by column label; writes take one entry per column).
//   - Sources that disagree are settled one way: a missing X-Tallyfy-Client answers 404, not 401
//     [docs:api-index mentions both]; task_status narrows the included tasks as the spec says, not
//     the runs as an older list-processes page reads.
//
// # Sources
//
// Citations in this package's documentation and comments use these keys:
//
//	docs:X        https://tallyfy.com/products/pro/integrations/open-api/code-samples/X/ (tallyfy/documentation)
//	docs:api-index, docs:how-to-integrate
//	              https://tallyfy.com/products/pro/integrations/open-api/ and its how-to-integrate-with-tallyfy-using-api/
//	docs:postman-troubleshooting
//	              https://tallyfy.com/products/pro/integrations/open-api/api-clients/postman/troubleshooting/
//	docs:postman-task-operations
//	              https://tallyfy.com/products/pro/integrations/open-api/api-clients/postman/task-operations/
//	docs:handling-idempotency
//	              https://tallyfy.com/products/pro/integrations/handling-idempotency-in-webhooks-and-api/
//	msc           github.com/microsoft/PowerPlatformConnectors, certified-connectors/Tallyfy/apiDefinition.swagger.json
//	              (Tallyfy's certified Power Automate connector; older)
//	cli:F         github.com/tallyfy/cli, file pkg/tallyfy/F (the official Go client)
//	mcp:F         github.com/tallyfy/mcp-public, file server/F (the official MCP server)
//	clicmd:F      github.com/tallyfy/cli, file internal/cli/F (the official CLI's commands)
//	n8n:F         github.com/tallyfy/n8n, file nodes/Tallyfy/F (the official n8n node)
//	fractal:F     github.com/thephpleague/fractal, file src/F (the API's serializer)
//	spec          api/openapi.yaml, whose own entries cite their sources
//
// # Sample data
//
// The sample organization is fixed: the same ids, names and timestamps on every run, computed
// against SampleNow (2024-05-22T12:00:00Z), never the wall clock. Its ids are those of the spec's
// components.examples where the examples have them.
//
// The token belongs to Bob, MeUserID (= SampleUserID), unless WithMe; /me/organizations lists the
// served organization only.
//
// Members and groups: users 1001 (AdminUserID), 1002 (SampleUserID), 1003 (SecondUserID), 1004
// (FinanceUserID), 1005 (SecurityUserID); groups SampleGroupID, FinanceGroupID and ITGroupID;
// guests such as SampleGuestEmail on the onboarding kick-off calls. Tags: Enterprise
// (SampleTagID), Urgent, HR, Procurement and Compliance.
//
// Templates, with their steps (each run has one task per step):
//
//	id                                name                       type       steps (field types)
//	6f1e2d3c4b5a69788796a5b4c3d2e1f0  Client Onboarding V3       procedure  welcome pack (text, multiselect), kick-off call (date, textarea), approve plan
//	b693f159d2ee4ac553d3e03aa32c5dc7  Employee Offboarding       procedure  revoke access (table), collect equipment (radio), exit interview (textarea), final payroll
//	5f751aaa27832f691cc98852163a9373  Purchase Request           form       manager approval, place order (text, date)
//	b87d59bec56b348b9d85d8cbf27ce6a8  Quarterly Security Review  procedure  review access (textarea, dropdown), patch servers (multiselect), sign-off
//	bb9af381cba1c192f03e9a07ab73fb60  Supplier Onboarding        procedure  check documents (text required, file, dropdown), approve supplier, ERP set-up (table, radio required, multiselect, date, email, textarea, assignees_form), welcome (to the launcher)
//
// Supplier Onboarding (SupplierTemplateID) has a kick-off field of every type: text, email, date
// and dropdown required; textarea, radio, multiselect, table (2 columns), file and assignees_form
// optional. No sample run uses it: launch it.
//
// Runs, in listRuns' default order (newest first); progress counts visible tasks:
//
//	| id                               | name                            | status   | owner | progress | notes
//	| cdffd986b607208f8ac62fa418e6f440 | Onboarding - Acme Corp          | active   | 1002  | 0/3      | untagged
//	| 381fcf282c992babde1dfaf117bc9b4f | Offboarding - Priya Patel       | active   | 1001  | 0/3      | a hidden (auto-skipped) task, due soon
//	| 544f733c560be03b5b63e0e5106ad593 | Purchase - 10 laptops           | active   | 1004  | 0/2      | FormRunID, type form
//	| cec161c12bba407e7d8db286fa381bdc | Onboarding - Wayne Enterprises  | active   | 1004  | 0/3      | assigned to ITGroupID
//	| 544806a6f03b8641702f3055c79f65e0 | Purchase - Cloud credits        | active   | 1005  | 1/2      | starred, type form
//	| 3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d | Onboarding - Globex Corp        | active   | 1002  | 1/3      | SampleRunID, the spec's example run
//	| 0daaaec237345844d6e9bf5458345bb8 | Offboarding - Jane Doe          | active   | 1001  | 1/4      | table field filled in
//	| aa2d9977cbe0d7da48fffcd8a66a8b9a | Security review - Q2 2024       | active   | 1005  | 1/3      | starred, parent of a sub-process
//	| f8eb7db964833b52a135e6cc88e633d2 | Onboarding - Stark Industries   | issue    | 1004  | 1/3      | IssueRunID, starred
//	| 3afbcfbe4c20b412bdd3f769ea542d31 | Onboarding - Cyberdyne Systems  | active   | 1003  | 2/3      | starred, assigned to SampleGroupID
//	| 26f5eb5384000bad3e726325ed7d4ad6 | Security review - Payments      | problem  | 1005  | 0/3      | SubprocessRunID, 1 late task
//	| 3883c286019c53ab5fa79691c624d31e | Offboarding - Li Wei            | problem  | 1001  | 1/4      | 1 late task
//	| 06e3ea2c39175d246e77e2d01a0fc92d | Purchase - Conference booth     | issue    | 1003  | 0/2      | type form, 2 late tasks
//	| fcced56c2121977637f796cb5cb5a5b7 | Onboarding - Umbrella Corp      | problem  | 1002  | 1/3      | ProblemRunID, 1 late task
//	| 2d991c35ea674e7e219ed919a51450c7 | Offboarding - Sam Jones         | delayed  | 1001  | 2/4      | due date passed, 2 late tasks
//	| bb0bfba0218701bb7e2d3ffbf4624032 | Purchase - Office chairs        | complete | 1002  | 2/2      | type form
//	| bf939fa7e39a9465bc6d8e7661f8b635 | Security review - Datacenter    | delayed  | 1005  | 1/3      | due date passed, 2 late tasks
//	| 0a5187fa8d2ce0526482689c9a0de416 | Offboarding - John Smith        | complete | 1001  | 4/4      |
//	| a15777c3410e59b5b2c83db11b71aa39 | Onboarding - Hooli              | delayed  | 1003  | 1/3      | DelayedRunID, 2 late tasks
//	| 0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b | Onboarding - Initech            | complete | 1003  | 3/3      | CompleteRunID, starred
//	| 3e6bf440185cd70a39f8bf54e67ed285 | Security review - Q1 2024       | complete | 1005  | 3/3      |
//	| 5f4896a71e8ef0e797e6b22bc586ae5c | Purchase - Printer toner        | archived | 1002  | 2/2      | type form
//	| e28e46e4fbeb19782c33a728a770224a | Onboarding - Soylent            | archived | 1002  | 3/3      | ArchivedRunID
//	| 1b19fdbfbb33951ad16008b89d65c1c5 | Offboarding - Max Mustermann    | archived | 1001  | 4/4      |
//	| 5ea92df089a466dfc14978cfe5f096f3 | Security review - Q4 2023       | archived | 1005  | 3/3      |
//
// Tasks of SampleRunID: SampleTaskID (completed, text and multiselect values), InProgressTaskID
// (a user and a guest assigned, due soon) and NotStartedTaskID (an approval assigned to
// SampleGroupID). OneOffTaskID is a task outside any run. The other task ids are derived from
// their run and step; list them with listRunTasks or Server.Tasks.
//
// Two snippets ("Onboarding welcome", "Contract disclaimer") answer snippet searches. Custom
// fields: a system key source_system and an organization key cost_center apply to processes, and
// SampleRunID holds a value of each (customfields.go).
package tallyfytest
