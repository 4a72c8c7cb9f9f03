package conformance_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// A scenario is one call through the SDK against the fake server; run
// returns an error when the SDK's result is wrong.
type scenario struct {
	name string
	run  func(ctx context.Context, c *tallyfy.Client, srv *tallyfytest.Server) error
}

// enum reads a string enum from the spec, so a value added to the spec is
// exercised without touching this file.
func enum(t *testing.T, schema string) []string {
	t.Helper()
	s := loadSpec(t).Components.Schemas[schema]
	if s == nil || len(s.Value.Enum) == 0 {
		t.Fatalf("no enum %s in the spec", schema)
	}
	out := make([]string, len(s.Value.Enum))
	for i, v := range s.Value.Enum {
		out[i] = v.(string)
	}
	return out
}

func paramEnum(t *testing.T, operationID, param string) []string {
	t.Helper()
	for _, item := range loadSpec(t).Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID != operationID {
				continue
			}
			for _, p := range op.Parameters {
				if p.Value.Name == param {
					out := knownValues(p.Value.Schema)
					if len(out) == 0 {
						t.Fatalf("%s: parameter %s lists no known values", operationID, param)
					}
					return out
				}
			}
		}
	}
	t.Fatalf("no parameter %s on %s", param, operationID)
	return nil
}

// knownValues are the enum values a schema lists, through array items and
// the branches of an open set (anyOf: the known values, or any name).
func knownValues(ref *openapi3.SchemaRef) []string {
	if ref == nil || ref.Value == nil {
		return nil
	}
	var out []string
	for _, v := range ref.Value.Enum {
		out = append(out, v.(string))
	}
	out = append(out, knownValues(ref.Value.Items)...)
	for _, branch := range append(ref.Value.AnyOf, ref.Value.OneOf...) {
		out = append(out, knownValues(branch)...)
	}
	return out
}

// hasKey reports whether v marshals to an object with key (the first
// segment of a nested include such as tasks.step).
func hasKey(v any, include string) bool {
	b, _ := json.Marshal(v)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	_, ok := m[strings.SplitN(strings.ReplaceAll(include, "-", "_"), ".", 2)[0]]
	return ok
}

func buildScenarios(t *testing.T, v *validator) []scenario {
	var list []scenario
	add := func(name string, run func(ctx context.Context, c *tallyfy.Client, srv *tallyfytest.Server) error) {
		list = append(list, scenario{name, run})
	}
	// Every operation × every `with` value, alone.
	for _, w := range enum(t, "RunInclude") {
		add("getRun with="+w, func(ctx context.Context, c *tallyfy.Client, _ *tallyfytest.Server) error {
			run, err := c.GetRun(ctx, tallyfytest.SampleRunID, &tallyfy.GetRunOptions{With: []tallyfy.RunInclude{tallyfy.RunInclude(w)}, FormFieldsValues: true})
			if err == nil && !hasKey(run, w) {
				err = fmt.Errorf("include %s missing", w)
			}
			return err
		})
	}
	for _, w := range enum(t, "RunListInclude") {
		add("listRuns with="+w, func(ctx context.Context, c *tallyfy.Client, _ *tallyfytest.Server) error {
			page, err := c.ListRunsPage(ctx, &tallyfy.ListRunsOptions{With: []tallyfy.RunListInclude{tallyfy.RunListInclude(w)}, PerPage: 3})
			if err == nil && (len(page.Items) == 0 || !hasKey(page.Items[0], w)) {
				err = fmt.Errorf("include %s missing", w)
			}
			return err
		})
	}
	for _, w := range enum(t, "RunTaskListInclude") {
		add("listRunTasks with="+w, func(ctx context.Context, c *tallyfy.Client, _ *tallyfytest.Server) error {
			page, err := c.ListRunTasksPage(ctx, tallyfytest.SampleRunID, &tallyfy.ListRunTasksOptions{With: []tallyfy.RunTaskListInclude{tallyfy.RunTaskListInclude(w)}})
			if err == nil && len(page.Items) == 0 {
				err = errors.New("no tasks")
			}
			return err
		})
	}
	for _, w := range enum(t, "TaskInclude") {
		add("getTask with="+w, func(ctx context.Context, c *tallyfy.Client, _ *tallyfytest.Server) error {
			_, err := c.GetTask(ctx, tallyfytest.SampleTaskID, &tallyfy.GetTaskOptions{With: []tallyfy.TaskInclude{tallyfy.TaskInclude(w)}})
			return err
		})
	}
	for _, w := range enum(t, "TemplateInclude") {
		for _, tree := range []bool{false, true} {
			add(fmt.Sprintf("getTemplate with=%s entire_folder_tree=%v", w, tree), func(ctx context.Context, c *tallyfy.Client, _ *tallyfytest.Server) error {
				tpl, err := c.GetTemplate(ctx, tallyfytest.SampleTemplateID, &tallyfy.GetTemplateOptions{With: []tallyfy.TemplateInclude{tallyfy.TemplateInclude(w)}, EntireFolderTree: tree})
				if err == nil && !hasKey(tpl, w) {
					err = fmt.Errorf("include %s missing", w)
				}
				return err
			})
		}
	}
	// All includes at once, the way the seed page asks.
	add("getRun with=checklist,tasks,tags,form_fields&form_fields_values=true", func(ctx context.Context, c *tallyfy.Client, _ *tallyfytest.Server) error {
		_, err := c.GetRun(ctx, tallyfytest.SampleRunID, &tallyfy.GetRunOptions{
			With: []tallyfy.RunInclude{tallyfy.RunIncludeChecklist, tallyfy.RunIncludeTasks, tallyfy.RunIncludeTags, tallyfy.RunIncludeFormFields}, FormFieldsValues: true})
		return err
	})
	// Every list filter value the spec enumerates.
	for _, st := range paramEnum(t, "listRuns", "status") {
		add("listRuns status="+st, func(ctx context.Context, c *tallyfy.Client, _ *tallyfytest.Server) error {
			for _, err := range c.ListRuns(ctx, &tallyfy.ListRunsOptions{Status: tallyfy.RunStatusFilter(st), PerPage: 4}) {
				if err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, st := range paramEnum(t, "listRunTasks", "status") {
		add("listRunTasks status="+st, func(ctx context.Context, c *tallyfy.Client, _ *tallyfytest.Server) error {
			for _, err := range c.ListRunTasks(ctx, tallyfytest.SampleRunID, &tallyfy.ListRunTasksOptions{Status: tallyfy.TaskStatusFilter(st), PerPage: 2}) {
				if err != nil {
					return err
				}
			}
			return nil
		})
	}
	add("listRuns filters combined", func(ctx context.Context, c *tallyfy.Client, _ *tallyfytest.Server) error {
		_, err := c.ListRunsPage(ctx, &tallyfy.ListRunsOptions{Query: "onboarding", ChecklistID: tallyfytest.SampleTemplateID,
			Tag: tallyfytest.SampleTagID, Owners: []int{tallyfytest.SampleUserID}, Groups: []string{tallyfytest.SampleGroupID},
			Type: "procedure", Archived: "true", Sort: "-created_at", TaskStatus: "all"})
		return err
	})
	// Paging: every page size walks every run exactly once.
	for _, per := range []int{1, 7, 10, 100} {
		add(fmt.Sprintf("listRuns paging per_page=%d", per), func(ctx context.Context, c *tallyfy.Client, srv *tallyfytest.Server) error {
			seen := map[string]bool{}
			for run, err := range c.ListRuns(ctx, &tallyfy.ListRunsOptions{PerPage: per, Archived: "true"}) {
				if err != nil {
					return err
				}
				if seen[run.ID] {
					return fmt.Errorf("run %s seen twice", run.ID)
				}
				seen[run.ID] = true
			}
			if len(seen) != len(srv.Runs()) {
				return fmt.Errorf("saw %d runs of %d", len(seen), len(srv.Runs()))
			}
			return nil
		})
	}
	add("listRunTasks paging per_page=1", func(ctx context.Context, c *tallyfy.Client, srv *tallyfytest.Server) error {
		n := 0
		for _, err := range c.ListRunTasks(ctx, tallyfytest.SampleRunID, &tallyfy.ListRunTasksOptions{PerPage: 1}) {
			if err != nil {
				return err
			}
			n++
		}
		if n != len(srv.Tasks(tallyfytest.SampleRunID)) {
			return fmt.Errorf("saw %d tasks of %d", n, len(srv.Tasks(tallyfytest.SampleRunID)))
		}
		return nil
	})
	// Every error status the spec declares, and the default.
	wantErr := func(sentinel error, call func(ctx context.Context, c *tallyfy.Client) error) func(ctx context.Context, c *tallyfy.Client, srv *tallyfytest.Server) error {
		return func(ctx context.Context, c *tallyfy.Client, _ *tallyfytest.Server) error {
			if err := call(ctx, c); !errors.Is(err, sentinel) {
				return fmt.Errorf("err = %v, want %v", err, sentinel)
			}
			return nil
		}
	}
	getRun := func(id string) func(ctx context.Context, c *tallyfy.Client) error {
		return func(ctx context.Context, c *tallyfy.Client) error { _, err := c.GetRun(ctx, id, nil); return err }
	}
	unknown := "00000000000000000000000000000000"
	add("401 wrong token", func(ctx context.Context, _ *tallyfy.Client, srv *tallyfytest.Server) error {
		wrong := newSDKClient(t, srv.URL, "wrong-token", srv.OrgID, v)
		if err := getRun(tallyfytest.SampleRunID)(ctx, wrong); !errors.Is(err, tallyfy.ErrUnauthorized) {
			return fmt.Errorf("err = %v", err)
		}
		return nil
	})
	add("403 other organization", wantErr(tallyfy.ErrForbidden, func(ctx context.Context, c *tallyfy.Client) error {
		return getRun(tallyfytest.SampleRunID)(ctx, c.ForOrganization(tallyfytest.OtherOrgID))
	}))
	add("404 getRun", wantErr(tallyfy.ErrNotFound, getRun(unknown)))
	add("404 getTask", wantErr(tallyfy.ErrNotFound, func(ctx context.Context, c *tallyfy.Client) error { _, err := c.GetTask(ctx, unknown, nil); return err }))
	add("404 getTemplate", wantErr(tallyfy.ErrNotFound, func(ctx context.Context, c *tallyfy.Client) error {
		_, err := c.GetTemplate(ctx, unknown, nil)
		return err
	}))
	add("404 listRunTasks", wantErr(tallyfy.ErrNotFound, func(ctx context.Context, c *tallyfy.Client) error {
		_, err := c.ListRunTasksPage(ctx, unknown, nil)
		return err
	}))
	add("unknown include is passed on and ignored", func(ctx context.Context, c *tallyfy.Client, _ *tallyfytest.Server) error {
		// `with` is an open set: an include the spec does not list is valid to send,
		// and the fake, like the API's Fractal transformers, ignores what it does not know.
		run, err := c.GetRun(ctx, tallyfytest.SampleRunID, &tallyfy.GetRunOptions{With: []tallyfy.RunInclude{"tasks", "bogus.relation"}})
		if err != nil || len(run.Tasks) == 0 {
			return fmt.Errorf("run = %+v, err = %v", run, err)
		}
		return nil
	})
	add("429 retried then recovered", func(ctx context.Context, c *tallyfy.Client, srv *tallyfytest.Server) error {
		srv.FailNext(2, tallyfytest.Failure{Status: 429, RetryAfter: "1"})
		return getRun(tallyfytest.SampleRunID)(ctx, c)
	})
	add("429 after every retry", func(ctx context.Context, c *tallyfy.Client, srv *tallyfytest.Server) error {
		srv.FailNext(attempts, tallyfytest.Failure{Status: 429, RetryAfter: "1"})
		var apiErr *tallyfy.APIError
		if err := getRun(tallyfytest.SampleRunID)(ctx, c); !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.RetryAfter != time.Second {
			return fmt.Errorf("err = %v", err)
		}
		return nil
	})
	for _, code := range []int{500, 502, 503, 504} {
		add(fmt.Sprintf("%d default error", code), func(ctx context.Context, c *tallyfy.Client, srv *tallyfytest.Server) error {
			srv.FailNext(attempts, tallyfytest.Failure{Status: code})
			if err := getRun(tallyfytest.SampleRunID)(ctx, c); !errors.Is(err, tallyfy.ErrServer) {
				return fmt.Errorf("err = %v", err)
			}
			return nil
		})
	}
	return list
}

// attempts is how many times the scenario client tries a call.
const attempts = 4

// TestScenarios runs every scenario through the SDK against tallyfytest with
// every exchange validated against the spec.
func TestScenarios(t *testing.T) {
	// Every scenario runs against the fake answering in the API's main shapes, and again in the
	// second shapes it is documented to send (bare includes, [] for {}, user objects, ...).
	modes := []struct {
		name string
		opts []tallyfytest.Option
	}{
		{"main shapes", nil},
		{"legacy shapes", []tallyfytest.Option{tallyfytest.WithLegacyShapes()}},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			srv := tallyfytest.NewServer(mode.opts...)
			t.Cleanup(srv.Close)
			v := newValidator(t, srv.URL, nil)
			// Retry waits are capped tiny so the 429 scenarios take milliseconds.
			c := newSDKClient(t, srv.URL, srv.Token, srv.OrgID, v, tallyfy.WithMaxRetries(attempts-1), tallyfy.WithMaxRetryDelay(time.Millisecond))
			scenarios := buildScenarios(t, v)
			for _, s := range scenarios {
				t.Run(s.name, func(t *testing.T) {
					if err := s.run(context.Background(), c, srv); err != nil {
						t.Error(err)
					}
				})
			}
			v.check(t)
			t.Logf("%s: %d scenarios, %d exchanges validated against api/openapi.yaml", mode.name, len(scenarios), v.Exchanges())
		})
	}
}
