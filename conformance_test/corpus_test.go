package conformance_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// openTask is a task not yet completed, the answer to the read a write
// makes first.
const openTask = `{"data":{"id":"` + corpusID + `","title":"Review","status":"in-progress","task_type":"task","owners":{"users":[],"guests":[],"groups":[]},` +
	`"form_fields":{"data":[{"id":"` + corpusID + `","alias":"tracking","label":"Courier tracking number","field_type":"text","required":false}]}}}`

const (
	corpusOrg = "8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f"
	corpusID  = "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"
)

// TestCorpus serves every file of api/examples/ (named
// <operationId>.<status|default>.<what>.json) as the answer to its
// operation, validates the exchange against the spec, and checks the SDK
// decodes it: data for a 2xx, an *APIError with a message otherwise. That every
// operation has an example per status is TestEveryOperationIsCovered's job.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("../api/examples/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	byID := map[string]operation{}
	for _, o := range operations(t) {
		byID[o.ID] = o
	}
	// One server and one validator serve every file in turn (loading the
	// spec for each would take most of the test's time).
	type answer struct {
		method string
		status int
		body   []byte
	}
	var current atomic.Pointer[answer]
	var reads atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := current.Load()
		if r.Method != a.method {
			// A write that reads first (CompleteTask reads the task): the
			// read gets a task it can go on with.
			reads.Add(1)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(openTask))
			return
		}
		if a.status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "7")
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
	}))
	defer srv.Close()
	v := newValidator(t, srv.URL, nil)
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			parts := strings.SplitN(strings.TrimSuffix(name, ".json"), ".", 3)
			op, ok := byID[parts[0]]
			if !ok || len(parts) < 2 {
				t.Fatalf("%s: name must be <operationId>.<status|default>[.<what>].json", name)
			}
			status, err := strconv.Atoi(parts[1])
			if parts[1] == "default" && len(parts) == 3 {
				status, err = strconv.Atoi(parts[2][:3])
			}
			if err != nil {
				t.Fatalf("%s: no status in the name", name)
			}
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			current.Store(&answer{method: op.Method, status: status, body: body})
			reads.Store(0)
			exchanges, violations := v.Exchanges(), v.Count()
			c := newSDKClient(t, srv.URL, "token", corpusOrg, v, tallyfy.WithMaxRetries(0))

			err = op.call(context.Background(), c, corpusID)
			if err := v.Since(violations); err != nil {
				t.Errorf("spec violations:\n%v", err)
			}
			if got, want := v.Exchanges()-exchanges, 1+int(reads.Load()); got != want {
				t.Errorf("validated %d exchanges, want %d", got, want)
			}
			var apiErr *tallyfy.APIError
			success := status >= 200 && status <= 299
			switch {
			case success && err != nil:
				t.Errorf("SDK failed to decode: %v", err)
			case !success && !errors.As(err, &apiErr):
				t.Errorf("err = %v, want *APIError", err)
			case !success && (apiErr.StatusCode != status || apiErr.Message == ""):
				t.Errorf("APIError = %+v", apiErr)
			}
		})
	}
}

// newSDKClient builds an SDK client whose base transport is the validator,
// so every attempt is validated exactly as sent.
func newSDKClient(t testing.TB, baseURL, token, org string, v *validator, opts ...tallyfy.Option) *tallyfy.Client {
	t.Helper()
	all := append([]tallyfy.Option{
		tallyfy.WithBaseURL(baseURL), tallyfy.WithToken(token), tallyfy.WithOrganization(org),
		tallyfy.WithHTTPClient(&http.Client{Transport: v}),
	}, opts...)
	c, err := tallyfy.NewClient(all...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
