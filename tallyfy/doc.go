// Package tallyfy is a Go client for the Tallyfy REST API: processes (called
// "runs" by the API), their tasks, and templates (called "checklists").
//
// Fetch a process with its tasks and tags:
//
//	c, err := tallyfy.NewClient(tallyfy.WithToken(token), tallyfy.WithOrganization(orgID))
//	if err != nil { ... }
//	run, err := c.GetRun(ctx, runID, &tallyfy.GetRunOptions{
//		With: []tallyfy.Include{tallyfy.IncludeTasks, tallyfy.IncludeTags}})
//
// Page through every active process, one page in memory at a time:
//
//	for run, err := range c.ListRuns(ctx, &tallyfy.ListRunsOptions{Status: "active"}) {
//		if err != nil { ... }
//		fmt.Println(run.Name)
//	}
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
// # Behaviour
//
// Every request goes through one transport chain: headers (bearer token,
// Accept, X-Tallyfy-Client, User-Agent) → retries → debug log → size cap →
// net/http. 429 is always retried; 500, 502, 503, 504 and connection errors
// are retried for GET; Retry-After is honoured (seconds or HTTP-date) up to
// WithMaxRetryDelay; otherwise backoff is exponential with jitter. The
// context bounds the whole call, retries included; each attempt also has its
// own timeout (WithRequestTimeout). The token is sent only to the configured
// host, never follows a redirect elsewhere, and never appears in logs or
// errors.
//
// # Sharp edges of the API
//
// The client handles these so callers need not, but they explain what the
// models look like:
//
//   - Every request must carry X-Tallyfy-Client: APIClient; without it the
//     API answers 401 or a 404 "API endpoint not found".
//   - Responses use the Fractal envelope, and so does every relation asked
//     for with `with`: run.Tasks.Data, run.Checklist.Data, task.FormFields.Data.
//     A relation that was not asked for is nil.
//   - `with` is one comma-separated parameter (with=checklist,tasks), never
//     repeated.
//   - meta.pagination.links is an object, or an empty JSON array when there is
//     no other page. Paging therefore follows current_page and total_pages,
//     not the links.
//   - per_page is capped at 100 by the server; the client refuses more.
//   - Status fields are open-ended strings: the known values are constants
//     (RunStatusActive, TaskStatusCompleted, ...) but new ones decode fine.
//   - A run's Prerun is an object keyed by kick-off field id; a template's
//     Prerun is a list of field definitions.
//   - Timestamps arrive with and without milliseconds; both decode.
//   - User ids are integers, group ids strings, guests emails; every other id
//     is a 32-character hex string.
//   - Error bodies come in several shapes ({"error":true,"message","code"},
//     {"message"}, {"message","errors"}, {"error":{"code","message"}}); all of
//     them become an *APIError.
package tallyfy
