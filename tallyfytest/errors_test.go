package tallyfytest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/api"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// specExample returns an error example of the spec's components.responses, encoded as JSON.
func specExample(t *testing.T, response, name string) string {
	t.Helper()
	doc, err := api.Spec()
	if err != nil {
		t.Fatal(err)
	}
	ref := doc.Components.Responses[response]
	if ref == nil || ref.Value == nil {
		t.Fatalf("the spec has no response %s", response)
	}
	mt := ref.Value.Content.Get("application/json")
	v := mt.Example
	if name != "" {
		v = mt.Examples[name].Value.Value
	}
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func jsonEqual(t *testing.T, got []byte, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(g, w)
}

func TestErrors_AnswerAsTheLiveAPIDoes(t *testing.T) {
	unauthenticated := specExample(t, "Unauthorized", "")
	forbidden := specExample(t, "Forbidden", "")
	resourceNotFound := specExample(t, "NotFound", "resource")
	endpointNotFound := specExample(t, "NotFound", "endpoint")

	run := "/runs/" + tallyfytest.SampleRunID
	unknown := "ffffffffffffffffffffffffffffffff"
	tests := []struct {
		name   string
		method string
		path   string
		edit   func(*http.Request)
		status int
		body   string // JSON-equal, from the spec where it has an example
	}{
		{"no bearer token", "GET", orgPath(run), func(r *http.Request) { r.Header.Del("Authorization") }, 401, unauthenticated},
		{"wrong bearer token", "GET", orgPath(run), bearer("not-the-token"), 401, unauthenticated},
		{"another scheme", "GET", orgPath(run), func(r *http.Request) { r.Header.Set("Authorization", "Basic "+tallyfytest.SampleToken) }, 401, unauthenticated},
		{"lower-case bearer is accepted", "GET", orgPath(run), bearer(tallyfytest.SampleToken, "bearer"), 200, ""},
		{"no X-Tallyfy-Client header", "GET", orgPath(run), func(r *http.Request) { r.Header.Del("X-Tallyfy-Client") }, 404, endpointNotFound},
		{"empty X-Tallyfy-Client header", "GET", orgPath(run), func(r *http.Request) { r.Header.Set("X-Tallyfy-Client", " ") }, 404, endpointNotFound},
		{"missing header checked before the token", "GET", orgPath(run), func(r *http.Request) {
			r.Header.Del("X-Tallyfy-Client")
			r.Header.Del("Authorization")
		}, 404, endpointNotFound},
		{"unknown path", "GET", "/organizations/" + tallyfytest.SampleOrgID + "/processes", nil, 404, endpointNotFound},
		{"unknown path without a token", "GET", "/api/v1/nothing", func(r *http.Request) { r.Header.Del("Authorization") }, 404, endpointNotFound},
		{"trailing slash", "GET", orgPath(run + "/"), nil, 404, endpointNotFound},
		{"unknown run", "GET", orgPath("/runs/" + unknown), nil, 404, resourceNotFound},
		{"tasks of an unknown run", "GET", orgPath("/runs/" + unknown + "/tasks"), nil, 404, resourceNotFound},
		{"unknown task", "GET", orgPath("/tasks/" + unknown), nil, 404, resourceNotFound},
		{"unknown template", "GET", orgPath("/checklists/" + unknown), nil, 404, resourceNotFound},
		{"a run's id is not a task id", "GET", orgPath("/tasks/" + tallyfytest.SampleRunID), nil, 404, resourceNotFound},
		{"another organization", "GET", "/organizations/" + tallyfytest.OtherOrgID + run, nil, 403, forbidden},
		{"another organization's list", "GET", "/organizations/" + tallyfytest.OtherOrgID + "/runs", nil, 403, forbidden},
		{"another organization, no token", "GET", "/organizations/" + tallyfytest.OtherOrgID + "/runs", func(r *http.Request) { r.Header.Del("Authorization") }, 401, unauthenticated},
		// The 422 body is Laravel's; each message is kin-openapi's own, unchanged.
		{"per_page above the maximum", "GET", orgPath("/runs?per_page=500"), nil, 422,
			`{"message":"The given data was invalid.","errors":{"per_page":["number must be at most 100"]}}`},
		{"malformed include", "GET", orgPath(run + "?with=tasks,ta%20sks"), nil, 422,
			`{"message":"The given data was invalid.","errors":{"with":["Error at \"/1\": doesn't match any schema from \"anyOf\""]}}`},
		{"several bad parameters", "GET", orgPath("/runs?page=0&starred=maybe&checklist_id=XYZ"), nil, 422,
			`{"message":"The given data was invalid.","errors":{"checklist_id":["string doesn't match the regular expression \"^[0-9a-f]{32}$\""],"page":["number must be at least 1"],"starred":["value maybe: an invalid boolean: invalid syntax"]}}`},
		{"a task filter outside the vocabulary", "GET", orgPath(run + "/tasks?status=done%21&deadline_on=2024-13-01"), nil, 422,
			`{"message":"The given data was invalid.","errors":{"deadline_on":["string doesn't match the format \"date\": string doesn't match pattern \"^[0-9]{4}-(0[1-9]|10|11|12)-(0[1-9]|[12][0-9]|3[01])$\""],"status":["doesn't match any schema from \"anyOf\""]}}`},
		{"a malformed guest email", "GET", orgPath(run + "/tasks?guests=ops@globex.example,not-an-email"), nil, 422,
			`{"message":"The given data was invalid.","errors":{"guests":["Error at \"/1\": string doesn't match the format \"email\": string doesn't match pattern \"^[^@]+@[^@<>\",\\s]+$\""]}}`},
		{"an empty include list", "GET", orgPath(run + "?with="), nil, 422,
			`{"message":"The given data was invalid.","errors":{"with":["empty value is not allowed"]}}`},
		// kin-openapi reads the first of two values; the generated binding refuses the second.
		{"with sent twice", "GET", orgPath(run + "?with=tasks&with=tags"), nil, 422,
			`{"message":"The given data was invalid.","errors":{"with":["Invalid format for parameter with: parameter 'with' is not exploded, but is specified multiple times"]}}`},
		{"a malformed run id", "GET", orgPath("/runs/NOT-HEX"), nil, 400,
			`{"error":true,"message":"parameter \"run_id\" in path has an error: string doesn't match the regular expression \"^[0-9a-f]{32}$\"","errors":{"run_id":["string doesn't match the regular expression \"^[0-9a-f]{32}$\""]}}`},
		{"a malformed template id", "GET", orgPath("/checklists/6F1E2D3C4B5A69788796A5B4C3D2E1F0"), nil, 400,
			`{"error":true,"message":"parameter \"checklist_id\" in path has an error: string doesn't match the regular expression \"^[0-9a-f]{32}$\"","errors":{"checklist_id":["string doesn't match the regular expression \"^[0-9a-f]{32}$\""]}}`},
		{"a method the path does not serve", "PATCH", orgPath(run), nil, 405,
			`{"error":true,"message":"The PATCH method is not supported for this route. Supported methods: GET, PUT, DELETE."}`},
		{"a read-only path", "POST", orgPath("/runs/" + tallyfytest.SampleRunID + "/tasks"), nil, 405,
			`{"error":true,"message":"The POST method is not supported for this route. Supported methods: GET."}`},
		// Bodies are checked against the spec like parameters, with the validator's messages.
		{"a write without a body", "POST", orgPath("/runs"), nil, 422,
			`{"message":"The given data was invalid.","errors":{"body":["request body has an error: value is required but missing"]}}`},
		{"a body the spec refuses", "POST", orgPath("/tasks"), withBody(`{"title":"x","task_type":"chore","owners":{"users":["bob"]}}`), 422,
			`{"message":"The given data was invalid.","errors":{"deadline":["property \"deadline\" is missing"],"owners.users.0":["value must be an integer"],"task_type":["value is not one of the allowed values [\"task\",\"approval\",\"expiring\",\"email\",\"expiring_email\"]"]}}`},
		{"a body that is not JSON", "POST", orgPath("/completed-tasks"), withBody(`{"task_id":`), 422, ""},
		// /me names no organization: the token alone decides.
		{"me without a token", "GET", "/me", func(r *http.Request) { r.Header.Del("Authorization") }, 401, unauthenticated},
		{"me", "GET", "/me", nil, 200, ""},
	}
	f := newFixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.do(t, tt.method, tt.path, tt.edit)
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d; body %s", resp.StatusCode, tt.status, body)
			}
			if tt.body != "" && !jsonEqual(t, body, tt.body) {
				t.Errorf("body = %s\nwant   %s", body, tt.body)
			}
		})
	}
}

// withBody gives a request a JSON body.
func withBody(body string) func(*http.Request) {
	return func(r *http.Request) {
		r.Body = io.NopCloser(strings.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Type", "application/json")
	}
}

func bearer(token string, scheme ...string) func(*http.Request) {
	s := "Bearer"
	if len(scheme) > 0 {
		s = scheme[0]
	}
	return func(r *http.Request) { r.Header.Set("Authorization", s+" "+token) }
}

func TestErrors_BodiesKeepTheAPIsKeyOrder(t *testing.T) {
	f := newFixture(t)
	_, body := f.get(t, orgPath("/runs/ffffffffffffffffffffffffffffffff"), nil)
	if want := `{"error":true,"message":"Resource not found","code":"RESOURCE_NOT_FOUND"}`; string(body) != want {
		t.Errorf("body = %s, want %s", body, want)
	}
}

func TestErrors_TheGeneratedClientDecodesThem(t *testing.T) {
	f := newFixture(t)
	resp, err := f.client.GetRunWithResponse(ctx(t), tallyfytest.OtherOrgID, tallyfytest.SampleRunID, runParams())
	if err != nil {
		t.Fatal(err)
	}
	if resp.JSON403 == nil || resp.JSON403.Code == nil || *resp.JSON403.Code != "FORBIDDEN" {
		t.Errorf("JSON403 = %+v, body %s", resp.JSON403, resp.Body)
	}
	resp, err = f.client.GetRunWithResponse(ctx(t), tallyfytest.SampleOrgID, tallyfytest.SampleRunID, runParams(),
		func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer wrong")
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if resp.JSON401 == nil || resp.JSON401.Message == nil || *resp.JSON401.Message != "Unauthenticated." {
		t.Errorf("JSON401 = %+v, body %s", resp.JSON401, resp.Body)
	}
}

func TestErrors_TheTokenIsNeverEchoed(t *testing.T) {
	const secret = "s3cr3t-token-value"
	f := newFixture(t, tallyfytest.WithToken(secret))
	for _, edit := range []func(*http.Request){bearer(secret), bearer(secret + "x"), nil} {
		resp, body := f.get(t, orgPath("/runs?with=bogus"), edit)
		for k, v := range resp.Header {
			if strings.Contains(strings.Join(v, " "), secret) {
				t.Errorf("header %s echoes the token", k)
			}
		}
		if strings.Contains(string(body), secret) {
			t.Errorf("body echoes the token: %s", body)
		}
	}
	for _, r := range f.srv.Requests() {
		if strings.Contains(r.Header.Get("Authorization"), secret) {
			t.Errorf("a recorded request keeps the token: %q", r.Header.Get("Authorization"))
		}
	}
}
