package tallyfytest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// A Server is a fake Tallyfy API serving one organization from memory. It is safe for concurrent
// use: requests and test hooks may run at the same time. Its fields describe the server for the
// test's client; changing them changes nothing on the server.
type Server struct {
	// URL is the base URL of the server, without a trailing slash: paths such as
	// /organizations/{org_id}/runs go straight after it.
	URL string
	// Token is the bearer token the server accepts (SampleToken unless WithToken).
	Token string
	// OrgID is the organization the server serves (SampleOrgID unless WithOrgID).
	OrgID string

	cfg     config
	now     time.Time
	ts      *httptest.Server
	api     http.Handler // the generated router over the ServerInterface implementation
	handler http.Handler // the whole pipeline; see serveHTTP

	mu       sync.Mutex
	data     *store
	failNext []pendingFailure // FailNext's, in order
	failOn   []pendingFailure // FailOn's, in order
	requests []Request
	seq      uint64 // numbers the X-Request-Id of each request, never reset

	outbox     []outgoing        // webhooks the writes queued, sent by sendWebhooks
	deliveries []WebhookDelivery // webhooks sent, for WebhookDeliveries
	webhookSeq int               // numbers the deliveries, never reset
}

// NewServer starts a fake Tallyfy API on a loopback port (as net/http/httptest does), loaded with
// the sample organization unless WithoutSampleData is given. Call Close when done, typically with
// t.Cleanup(srv.Close).
func NewServer(opts ...Option) *Server {
	s := newServer(opts)
	s.ts = httptest.NewServer(s.handler)
	s.URL = s.ts.URL
	return s
}

// NewHandler returns the fake API as a plain http.Handler, without a listener, for serving it on
// an address of the caller's choosing, as `tallyfy mock --addr 127.0.0.1:4010` does:
//
//	err := http.ListenAndServe("127.0.0.1:4010", tallyfytest.NewHandler())
//
// Pagination links are built from the Host each request was sent to, so they point back at
// whatever address serves the handler. Use NewServer instead when tests need FailNext, Requests
// or the Add methods.
func NewHandler(opts ...Option) http.Handler {
	return newServer(opts).handler
}

func newServer(opts []Option) *Server {
	cfg := newConfig(opts)
	s := &Server{Token: cfg.token, OrgID: cfg.orgID, cfg: cfg}
	s.now, _ = time.Parse(time.RFC3339, SampleNow) // a constant known to parse
	s.data = s.initialData()
	s.api = gen.HandlerWithOptions(apiHandlers{s}, gen.StdHTTPServerOptions{
		BaseRouter:       fallbackMux(),
		ErrorHandlerFunc: s.bindError,
	})
	s.handler = http.HandlerFunc(s.serveHTTP)
	return s
}

// fallbackMux is the router the generated handler registers its routes on (router), with a
// catch-all that answers in JSON. The pipeline routes with the spec before this is reached, so the
// catch-all answers only if the two routers ever disagree.
func fallbackMux() *router {
	return newRouter(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, errEndpointNotFound)
	}))
}

func (s *Server) initialData() *store {
	if !s.cfg.sampleData {
		return newStore()
	}
	return sampleStore(s.now)
}

// Handler returns the server's handler, to wrap in middleware or serve on another address as
// well; it shares the server's data, failures and recorded requests.
func (s *Server) Handler() http.Handler { return s.handler }

// Close shuts the server down and waits for requests in flight to finish. It does nothing for a
// server without a listener and may be called more than once.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// Reset puts the server back as NewServer made it: the initial data (sample or empty), no pending
// failures and no recorded requests. Request ids keep counting, so they stay unique.
func (s *Server) Reset() {
	data := s.initialData()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data = data
	s.failNext, s.failOn = nil, nil
	s.requests = nil
	s.outbox, s.deliveries = nil, nil
}

// AddRun stores run, replacing any run with the same id. Tags given in run.Tags are stored as the
// run's tags; the other include fields (Tasks, Checklist, ...) are ignored, because the server
// builds them from the stored tasks and templates. Derived fields such as progress are served as
// given. Nil lists and maps are stored as empty ones. It returns an error, and stores nothing, when
// the run does not match the spec's Run schema.
func (s *Server) AddRun(run gen.Run) error {
	tags := []gen.Tag(run.Tags)
	run, err := deepCopy(run) // the caller may keep changing its maps
	if err != nil {
		return err
	}
	if err := validateAll(
		check{"Run", normalizeRun(run)},
		check{"TagCollection", gen.TagCollection{Data: nonNil(tags)}},
	); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.putRun(run)
	return nil
}

// AddTask stores task, replacing any task with the same id. It is listed with the run named by
// task.RunID (a nil RunID makes a one-off task, served by getTask only). task.FormFields and
// task.Tags are stored as the task's form fields and tags; a field's value is taken from
// task.Taskdata (keyed by field id) or else from the field itself. It returns an error, and
// stores nothing, when the task does not match the spec's Task schema.
func (s *Server) AddTask(task gen.Task) error {
	task, err := deepCopy(task)
	if err != nil {
		return err
	}
	checks := []check{{"Task", normalizeTask(task)}}
	if task.FormFields != nil {
		checks = append(checks, check{"FormFieldCollection", gen.FormFieldCollection{Data: task.FormFields}})
	}
	if task.Tags != nil {
		checks = append(checks, check{"TagCollection", gen.TagCollection{Data: task.Tags}})
	}
	if err := validateAll(checks...); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.putTask(task)
	return nil
}

// AddTemplate stores t, replacing any template with the same id. t.Steps and t.Tags are stored
// as its steps and tags (served with with=steps and with=tags). It returns an error, and stores
// nothing, when the template does not match the spec's Template schema.
func (s *Server) AddTemplate(t gen.Template) error {
	t, err := deepCopy(t)
	if err != nil {
		return err
	}
	checks := []check{{"Template", normalizeTemplate(t)}}
	if t.Steps != nil {
		checks = append(checks, check{"StepCollection", gen.StepCollection{Data: t.Steps}})
	}
	if t.Tags != nil {
		checks = append(checks, check{"TagCollection", gen.TagCollection{Data: t.Tags}})
	}
	if err := validateAll(checks...); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data.putTemplate(t)
	return nil
}

// Runs returns every stored run, archived ones included, in listRuns' default order (newest
// first) and without includes. The runs are copies: changing them changes nothing on the server.
func (s *Server) Runs() []gen.Run {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []gen.Run
	for _, r := range s.data.sortedRuns() {
		if cp, err := deepCopy(r.run); err == nil { // stored runs always encode
			out = append(out, cp)
		}
	}
	return out
}

// Tasks returns the stored tasks of a run in position order, without includes.
func (s *Server) Tasks(runID string) []gen.Task {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []gen.Task
	for _, t := range s.data.runTasks(runID) {
		if cp, err := deepCopy(t.task); err == nil { // stored tasks always encode
			out = append(out, cp)
		}
	}
	return out
}

type check struct {
	schema string
	value  any
}

func validateAll(checks ...check) error {
	var errs []error
	for _, c := range checks {
		errs = append(errs, validateSchema(c.schema, c.value))
	}
	return errors.Join(errs...)
}

// deepCopy copies v through JSON, the form the server serves it in anyway.
func deepCopy[T any](v T) (T, error) {
	var out T
	raw, err := json.Marshal(v)
	if err != nil {
		return out, fmt.Errorf("tallyfytest: encode %T: %w", v, err)
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return out, fmt.Errorf("tallyfytest: decode %T: %w", v, err)
	}
	return out, nil
}
