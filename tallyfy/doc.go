// Package tallyfy is a Go client for the Tallyfy REST API: processes (called
// "runs" by the API), their tasks, and templates (called "checklists").
//
// Fetch a process with its tasks and tags:
//
//	c, err := tallyfy.NewClient(tallyfy.WithToken(token), tallyfy.WithOrganization(orgID))
//	if err != nil { ... }
//	run, err := c.GetRun(ctx, runID, &tallyfy.GetRunOptions{
//		With: []tallyfy.RunInclude{tallyfy.RunIncludeTasks, tallyfy.RunIncludeTags}})
//
// Page through every active process, one page in memory at a time:
//
//	for run, err := range c.ListRuns(ctx, &tallyfy.ListRunsOptions{Status: "active"}) {
//		if err != nil { ... }
//		fmt.Println(run.Name)
//	}
//
// Launch a process, filling its kick-off form by field label, alias or id,
// and complete a task:
//
//	run, err := c.LaunchRun(ctx, tallyfy.LaunchRunRequest{
//		TemplateID: templateID, Name: "Onboarding - Globex",
//		Fields: map[string]any{"Company name": "Globex", "Plan": "Gold"}})
//	task, err := c.CompleteTask(ctx, run.ID, taskID, nil)
//
// The models (Run, Task, Template, ...) are the types generated from
// api/openapi.yaml into package gen, re-exported here as aliases.
//
// # Errors
//
// A non-2xx answer is an *APIError carrying the status, the API's code and
// message, the request id, Retry-After and a bounded copy of the body. It
// matches the sentinels ErrUnauthorized, ErrForbidden, ErrNotFound,
// ErrValidation, ErrRateLimited and ErrServer with errors.Is. Bad arguments
// (ids, page sizes, a nil context) fail with ErrInvalidArgument and bad
// configuration (token, base URL) with ErrInvalidConfig, before anything is
// sent. A body that is not what the API promises fails with
// ErrInvalidResponse, one over the size cap with ErrResponseTooLarge.
//
// A write (LaunchRun, CompleteTask, CommentOnTask, ...) whose request may
// have reached the server but whose answer was a 5xx or never came fails
// with an *OutcomeUnknownError matching ErrOutcomeUnknown: its Check says how
// to find out whether it was carried out. CompleteTask refuses a completed
// task with ErrAlreadyCompleted.
//
// An *APIError's text is bounded display text, safe to log: Message is at
// most 1 KiB, Code 64 bytes, RequestID 128 bytes, and Errors keeps the first
// 8 fields by name with at most 3 messages each (ErrorsOmitted counts the
// rest). Line breaks become spaces; other control characters, format
// characters (bidi overrides, zero-width characters) and invalid UTF-8 become
// U+FFFD. Error() is one line of at most 8 KiB; Body keeps the first 8 KiB of
// the raw body. An error body is read for at most 8 KiB and 2 s, and what
// arrived by then is kept. When the context ends after the server answered
// with an error (during a retry wait, or while waiting for or reading the
// next answer), the call returns that last answer as an *APIError that also
// wraps the context's cause, so errors.Is(err, ErrRateLimited) and
// errors.Is(err, context.DeadlineExceeded) both hold. A list that goes on
// past WithMaxPages pages ends with an error matching ErrTooManyPages.
//
// # Behaviour
//
// Every request goes through one transport chain: headers (bearer token,
// Accept, X-Tallyfy-Client, User-Agent) → retries → debug log → size cap →
// net/http. 429 is always retried; 500, 502, 503, 504 and connection errors
// are retried for GET; a write is retried after a connection error only
// when none of its request was written (a refused dial), never after a 5xx
// or once sent, because the API has no idempotency key; Retry-After is honoured (seconds or HTTP-date) up to
// WithMaxRetryDelay; otherwise backoff is exponential with jitter. The
// context bounds the whole call, retries included; each attempt also has its
// own timeout (WithRequestTimeout). The token is sent only to the configured
// host, never follows a redirect elsewhere, and never appears in logs or
// errors. No request carries a Referer: net/http would put the previous
// hop's URL, query included, in it.
//
// A write reaches the server at most once per call unless the server proved
// it did not process it (a refused connection, a 429, HTTP/2 REFUSED_STREAM
// or a GOAWAY naming an earlier stream), and this holds below the SDK too:
// Go's HTTP/2 transport, the default one or a caller's, would otherwise
// replay a write whose stream the server reset after reading it. When the
// last attempt was sent and no answer came, the error is ErrOutcomeUnknown,
// whatever earlier attempts answered. A write never follows a redirect: the
// 3xx is an *APIError matching ErrRedirected (a 303, "the server handled
// it", also ErrOutcomeUnknown). A read follows redirects only within its
// origin, never from https to http, at most five hops. Response headers are
// capped at 1 MiB.
//
// A list iteration (ListRuns, ListRunTasks, and Page.Next after ListRunsPage
// or ListRunTasksPage) follows current_page and total_pages, but a page
// holding fewer items than its per_page, or none, is the last whatever
// total_pages says. An iteration
// fetches at most WithMaxPages pages (default 10,000), then yields an error
// matching ErrTooManyPages instead of stopping silently; with WithPrefetch the
// same holds and no fetch outlives the loop.
//
// # Strict in what we send, liberal in what we accept
//
// Nobody outside Tallyfy can test against the live API, and its documentation
// and official clients disagree about the shape of several fields. The client
// sends exactly what the documentation asks for, and reads every shape any
// source documents (each listed in api/openapi.yaml with its source):
//
//   - A documented variant is never an error: it decodes into the same typed
//     field (the types are in package shape, re-exported here).
//   - A shape no source documents, in a typed field, fails the call with
//     ErrInvalidResponse naming its JSON path ("at data.tasks.data.0.title").
//   - Free-form values (Run.Prerun, Task.Taskdata, form values) never fail
//     the call: they are kept as sent and decoded when read.
//   - Only what the API is documented to always send is required; any other
//     field may be missing and reads as its zero value (or nil).
//
// # Sharp edges of the API
//
// The client handles these so callers need not, but they explain what the
// models look like:
//
//   - Every request must carry X-Tallyfy-Client: APIClient; without it the
//     API answers 401 or a 404 "API endpoint not found".
//   - Responses use the Fractal envelope. A relation asked for with `with` is
//     usually wrapped again ({"data": [...]}) but some responses send it bare;
//     either way run.Tasks, run.Tags, template.Steps and task.FormFields are
//     slices, and single relations are run.Checklist.Data, task.Step.Data,
//     task.Run.Data. A relation that was not asked for is nil.
//   - PHP encodes an empty object as []: "prerun": [] is an empty Object, and
//     meta.pagination.links is an object (whose members may be null) or [].
//     Paging therefore follows current_page and total_pages (and stops at a
//     short page), not the links;
//     a list without meta (without_pagination) is one page.
//   - task.Owners.Users holds ids or user objects: each is a UserRef with an
//     ID, and FullName and Email when the API sent them.
//   - run.Progress is an object {complete, total, percent} or, in some
//     responses, a bare percentage: Percent is always set, Complete and Total
//     only when HasCounts.
//   - `with` is one comma-separated parameter (with=checklist,tasks), never
//     repeated, and an open set: the Include constants are the documented
//     values, and any other well-formed name is passed on.
//   - per_page is capped at 100 by the server; the client refuses more.
//   - Status fields are open-ended strings: the known values are constants
//     (RunStatusActive, TaskStatusCompleted, ...) but new ones decode fine.
//   - A run's Prerun is an object keyed by kick-off field id; a template's
//     Prerun is a list of field definitions.
//   - Form values sent (a launch's prerun, a task's taskdata) are keyed by
//     field id, and a label or alias key is dropped with a 2xx; each field
//     type takes its own shape (radio the option's bare text, dropdown
//     {"id","text"}, multiselect a list with "selected":true, a table one
//     cell per column and never empty, a file always a list), and some wrong
//     shapes are stored as sent. The client resolves labels and aliases to
//     ids and encodes plain Go values, File and Assignees into these shapes,
//     refusing what the API would drop or refuse.
//   - Timestamps arrive with and without milliseconds; both decode.
//   - User ids are integers, group ids strings, guests emails (exactly one
//     '@'; no comma, space, control or format character); every other id is
//     a 32-character hex string.
//   - Writes have no idempotency key: a repeated launch, task creation,
//     completion or comment is done twice (a completion fires its webhooks
//     and emails again). The client never repeats one that may have been
//     carried out (ErrOutcomeUnknown), and reads a task before completing it.
//   - Removing is two steps. An archive (ArchiveRun, ArchiveTask,
//     ArchiveTemplate) hides the object and can be undone (ActivateRun,
//     RestoreTask, RestoreTemplate); a permanent delete
//     (DeleteRunPermanently, DeleteTaskPermanently, DeleteTemplate) cannot,
//     and the API takes a process or template only once it is archived, and
//     from an administrator. ArchiveTask and DeleteTaskPermanently serve
//     one-off tasks only: a process's tasks go with their process.
//   - Assignees are replaced, not merged, and a list left out is emptied:
//     an update of a process without its users and groups removes them all
//     (UpdateRun reads and resends them unless Members is set, and refuses
//     with ErrInvalidResponse when the read lacks them rather than send
//     empty lists), and a task's owners are always sent as three lists
//     (Assignees).
//   - A one-off task's update needs its title, deadline and owners every
//     time; UpdateTask reads and resends those left unset.
//   - A comment sent without a state is hidden from guests: CommentRequest
//     makes Visibility a required choice.
//   - An approval task is completed with a decision, and a decision on an
//     expiring task records it as expired: CompleteTask checks the task type.
//     A completed approval may be a rejection: WaitForTask returns
//     ErrRejected (and ErrExpired for an expiring task that expired) with the
//     task, and OutcomeOf reads the decision.
//   - Error bodies come in several shapes ({"error":true,"message","code"},
//     {"message"}, {"message","errors"}, {"error":{"code","message"}}), and
//     a field's errors are a message, a list of messages or a list of
//     objects; all of them become an *APIError.
//   - Search answers one kind per call, and a task hit carries no process
//     id (SearchTasks; TaskForHit reads the whole task, run id included).
//   - Setting one stored form value (SetFormFieldValue) needs the stored
//     value's id, which no documented read returns, and the API answers 500
//     for a field that has none: SaveTaskFields fills a task's fields by id,
//     alias or label, one field per request, and never touches the others.
//   - A record's custom fields are replaced as a whole by a PUT: every key
//     left out is removed (system keys excepted). SetCustomField and
//     DeleteCustomField change one; ReplaceCustomFields refuses an empty set
//     unless ClearAll says so. The template-side records (a template, a step,
//     a form or kick-off field) have only the whole-set write.
//   - A 429 throttles the whole organization and there are no bulk
//     endpoints: WithRateLimit paces a client, PrepareLaunch reads a
//     template once for many launches, and CompleteTaskAsRead completes a
//     task from the caller's own read without reading it again.
//   - Webhooks are unsigned: the only check is the X-Tallyfy-orgID header,
//     which WebhookHandler makes; anyone who knows the organization id can
//     forge a delivery, so read what matters back through the API. A
//     delivery is tried once and never retried, and the same event may
//     arrive twice (WebhookOptions.Dedupe). Template- and step-level
//     webhooks carry no event name, so ParseWebhook reads it from the
//     payload's shape; dates follow the organization's format (ISO 8601 or
//     d/m/Y h:i A T).
//   - Webhook subscriptions are for administrators only, and subscribing a
//     URL twice delivers every event twice (SubscribeWebhook is never
//     repeated).
package tallyfy
