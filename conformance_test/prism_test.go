package conformance_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/internal/spectest"
	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// startPrism runs Prism's mock of api/openapi.yaml (spectest.StartPrism).
func startPrism(t *testing.T) string {
	t.Helper()
	return spectest.StartPrism(t, "..")
}

// preferTransport asks Prism for a given example status and fails on any
// sl-violations header, Prism's report of a request that breaks the spec.
// A successful read gets the openTask example when the call is a write
// that reads first (CompleteTask refuses the completed task of the first
// example).
type preferTransport struct {
	next       http.RoundTripper
	code       string
	write      bool
	violations []string
}

func (p *preferTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	switch {
	case p.code != "":
		r = r.Clone(r.Context())
		r.Header.Set("Prefer", "code="+p.code)
	case p.write && r.Method == http.MethodGet:
		r = r.Clone(r.Context())
		r.Header.Set("Prefer", "example=openTask")
	}
	resp, err := p.next.RoundTrip(r)
	if err == nil {
		if v := resp.Header.Get("sl-violations"); v != "" {
			p.violations = append(p.violations, r.URL.String()+": "+v)
		}
	}
	return resp, err
}

// TestAgainstPrism runs every operation through the SDK against a Prism mock
// of api/openapi.yaml: Prism validates the SDK's requests, our validator the
// responses, and the SDK must decode each one.
func TestAgainstPrism(t *testing.T) {
	base := startPrism(t)
	ctx := context.Background()
	const org = "8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f"
	// Some operations are called with options that exercise more of the
	// contract; every other operation of the spec is called plainly.
	rich := map[string]func(c *tallyfy.Client) error{
		"getRun": func(c *tallyfy.Client) error {
			run, err := c.GetRun(ctx, corpusID, &tallyfy.GetRunOptions{With: []tallyfy.RunInclude{tallyfy.RunIncludeChecklist, tallyfy.RunIncludeTasks, tallyfy.RunIncludeTags}, FormFieldsValues: true})
			if err == nil && (run.Tasks == nil || run.Checklist == nil) {
				err = errors.New("includes missing")
			}
			return err
		},
		"listRuns": func(c *tallyfy.Client) error {
			page, err := c.ListRunsPage(ctx, &tallyfy.ListRunsOptions{Status: "active", PerPage: 100, With: []tallyfy.RunListInclude{tallyfy.RunListIncludeTags}, Owners: []int{1002}})
			if err == nil && len(page.Items) == 0 {
				err = errors.New("no runs")
			}
			return err
		},
		"listRunTasks": func(c *tallyfy.Client) error {
			_, err := c.ListRunTasksPage(ctx, corpusID, &tallyfy.ListRunTasksOptions{Status: "incomplete", With: []tallyfy.RunTaskListInclude{tallyfy.RunTaskListIncludeStep}, Sort: "-deadline"})
			return err
		},
		"getTask": func(c *tallyfy.Client) error {
			task, err := c.GetTask(ctx, corpusID, &tallyfy.GetTaskOptions{With: []tallyfy.TaskInclude{tallyfy.TaskIncludeFormFields}})
			if err == nil && task.FormFields == nil {
				err = errors.New("form fields missing")
			}
			return err
		},
		"getTemplate": func(c *tallyfy.Client) error {
			_, err := c.GetTemplate(ctx, corpusID, &tallyfy.GetTemplateOptions{With: []tallyfy.TemplateInclude{tallyfy.TemplateIncludeSteps, tallyfy.TemplateIncludeTags}, EntireFolderTree: true})
			return err
		},
	}
	// Every operation once with its success answer; the error answers,
	// which every operation shares by $ref and the corpus serves for each
	// operation, for one read and one write (Prism answers slowly).
	errorOps := map[string]bool{"getRun": true, "launchRun": true}
	v := newValidator(t, base, nil) // one for every call: loading the spec is slow
	// SaveTaskFields, SetFormFieldValue and SetGuestFormFieldValue read form fields first: Prism's
	// first getTask and getRunFormFields examples have them, the open task a
	// write's read is given has none, so their reads go without a Prefer
	// header.
	plainReads := func() (*tallyfy.Client, error) {
		return tallyfy.NewClient(tallyfy.WithBaseURL(base), tallyfy.WithToken("prism-token"), tallyfy.WithOrganization(org),
			tallyfy.WithHTTPClient(&http.Client{Transport: &preferTransport{next: v}}), tallyfy.WithMaxRetries(0))
	}
	rich["saveTaskField"] = func(*tallyfy.Client) error {
		c, err := plainReads()
		if err != nil {
			return err
		}
		return c.SaveTaskFields(ctx, corpusID, tallyfy.SaveTaskFieldsRequest{Fields: map[string]any{"tracking": "DHL tracking 12345"}})
	}
	rich["setFormFieldValue"] = func(*tallyfy.Client) error {
		c, err := plainReads()
		if err != nil {
			return err
		}
		return c.SetFormFieldValue(ctx, corpusID, tallyfy.SetFormFieldValueRequest{ValueID: "7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7", Field: "tracking", Value: "DHL tracking 12345"})
	}
	rich["setGuestFormFieldValue"] = func(*tallyfy.Client) error {
		c, err := plainReads()
		if err != nil {
			return err
		}
		return c.SetGuestFormFieldValue(ctx, "ops@globex.example", corpusID, tallyfy.SetFormFieldValueRequest{ValueID: "7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7", Field: "tracking", Value: "DHL tracking 12345"})
	}
	exchanges := 0
	for _, code := range []string{"", "401", "403", "404", "429"} {
		for _, o := range operations(t) {
			if code != "" && !errorOps[o.ID] {
				continue
			}
			call := rich[o.ID]
			if call == nil {
				call = func(c *tallyfy.Client) error { return o.call(ctx, c, corpusID) }
			}
			t.Run(o.ID+" "+code, func(t *testing.T) {
				before, violations := v.Exchanges(), v.Count()
				prefer := &preferTransport{next: v, code: code, write: o.Method != http.MethodGet}
				c, err := tallyfy.NewClient(tallyfy.WithBaseURL(base), tallyfy.WithToken("prism-token"), tallyfy.WithOrganization(org),
					tallyfy.WithHTTPClient(&http.Client{Transport: prefer}), tallyfy.WithMaxRetries(0))
				if err != nil {
					t.Fatal(err)
				}
				err = call(c)
				var apiErr *tallyfy.APIError
				switch {
				case code == "" && err != nil:
					t.Errorf("err = %v", err)
				case code != "" && (!errors.As(err, &apiErr) || fmt.Sprint(apiErr.StatusCode) != code):
					t.Errorf("err = %v, want a %s APIError", err, code)
				}
				if len(prefer.violations) > 0 {
					t.Errorf("prism reported request violations:\n%s", strings.Join(prefer.violations, "\n"))
				}
				if err := v.Since(violations); err != nil {
					t.Errorf("spec violations:\n%v", err)
				}
				exchanges += v.Exchanges() - before
			})
		}
	}
	t.Logf("%d exchanges with Prism, each validated", exchanges)
}
