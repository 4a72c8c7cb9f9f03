// Package tallyfytest provides a fake Tallyfy API for tests, in the spirit of net/http/httptest
// and stripe-mock. It serves the five read operations of api/openapi.yaml (getRun, listRuns,
// listRunTasks, getTask, getTemplate) from memory, over a loopback listener, with a fixed sample
// organization, the API's error bodies and paging, and hooks to inject failures and inspect
// requests. It implements the generated gen.ServerInterface with the generated models, and checks
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
// The served organization is Server.OrgID (SampleOrgID unless WithOrgID). `with` is one
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
//	known path, method other than GET          405     {"error":true,"message":"The POST method is not ..."}  RFC 9110 §15.5.6, Laravel's router
//	no X-Tallyfy-Client header                 404     the ENDPOINT_NOT_FOUND body                            docs:api-index
//	no bearer token, or a wrong one            401     {"message":"Unauthenticated."}                         spec, docs:how-to-integrate
//	an organization other than Server.OrgID    403     {"error":true,"message":"You don't have ...",...}      spec, docs:postman-troubleshooting
//	a query parameter the spec forbids         422     {"message":"The given data was invalid.","errors":{...}} mcp:utils/fastmcp_errors.py
//	a path or header parameter it forbids      400     {"error":true,"message":"parameter ...","errors":{...}} spec (UnexpectedError)
//	an id that does not exist                  404     {"error":true,"message":"Resource not found",...}      docs:postman-troubleshooting
//
// The 401, 403 and 404 bodies are the spec's components.responses examples. Parameters are
// checked with kin-openapi against the embedded spec, so per_page=500, with=bogus, page=0 and a
// malformed date or id are all refused, and so is a query parameter sent twice (with=a&with=b),
// which the spec's form style does not allow. The 422 body has Laravel's shape, but each message
// is the validator's own (kin-openapi's, or for a parameter sent twice the generated binding's),
// unchanged, e.g. {"per_page":["number must be at most 100"]}: the API does not document its
// wording for these parameters. Every answer is JSON with an X-Request-Id header, which the
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
// # Test hooks
//
// FailNext(n, f) answers the next n requests with f (a status, a Retry-After value, a body)
// before any other check, to test retries; FailOn(method, pathPattern, n, f) does the same for the
// next n requests that match, "/organizations/*/runs/*" say, and leaves the others alone (pending
// FailNext failures answer first). A 429 carries X-RateLimit-Remaining: 0
// [docs:postman-troubleshooting]. Requests lists what was received, in order, with credentials
// masked; AddRun, AddTask and AddTemplate load data (checked against the spec's schemas);
// WithoutSampleData starts empty; Reset returns to the initial state.
//
// # Not simulated
//
// The fake serves five read operations and answers only what the sources above describe. It does
// not do, and a test passing against it does not show, any of the following:
//
//   - Writes and every other endpoint: launching, updating, completing, commenting, guests, users,
//     /me, organization-wide task lists. Another method on a served path (HEAD too) answers 405,
//     any other path 404 ENDPOINT_NOT_FOUND; the live API would act.
//   - Rate limiting, token expiry, OAuth, per-user permissions: there is one token and one
//     organization, and a 429 comes only from FailNext or FailOn.
//   - The API's own validation wording, and its answer to a malformed path id (undocumented: it may
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
//	cli:F         github.com/tallyfy/cli, file pkg/tallyfy/F (the official Go client)
//	mcp:F         github.com/tallyfy/mcp-public, file server/F (the official MCP server)
//	fractal:F     github.com/thephpleague/fractal, file src/F (the API's serializer)
//	spec          api/openapi.yaml, whose own entries cite their sources
//
// # Sample data
//
// The sample organization is fixed: the same ids, names and timestamps on every run, computed
// against SampleNow (2024-05-22T12:00:00Z), never the wall clock. Its ids are those of the spec's
// components.examples where the examples have them.
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
package tallyfytest
