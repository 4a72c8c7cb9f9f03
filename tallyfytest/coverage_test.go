package tallyfytest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tallyfy-go/sdk/v2/api"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// notSimulated are the properties the sample data never sends, each with the reason. Everything
// else a response schema describes must appear at least once, so that code reading it (ours, or a
// generated client's) is exercised against the fake.
var notSimulated = map[string]string{
	"TaskOwners.taskUrls":    "per-assignee links are not documented beyond their name",
	"FormField.field_value":  "the MCP server's name for a form value; the fake sends `value`",
	"Step.bp_to_launch":      "sub-process launching steps are not simulated",
	"FieldOption.value":      "no sample option stores a value that differs from its label",
	"Step.ai_assigned":       "not documented beyond its name",
	"Template.industry_tags": "library tags are not documented beyond their name",
	"Template.topic_tags":    "library tags are not documented beyond their name",
}

// TestSampleData_SendsEveryDocumentedField asks for everything the fake can send (every include,
// form values, every run, task and template) and checks, by walking each body along its response
// schema, that every property of every object schema reached appears at least once.
func TestSampleData_SendsEveryDocumentedField(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	doc, err := api.Spec()
	if err != nil {
		t.Fatal(err)
	}
	seen, described := map[string]bool{}, map[string]bool{}
	walk := func(op, path string) {
		t.Helper()
		body := getJSON(t, srv, path)
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		schema := operation(doc, op).Responses.Status(200).Value.Content.Get("application/json").Schema
		walkSchema(schema, v, seen, described)
	}
	runWith := strings.Join(enumValues(doc, "RunInclude"), ",")
	walk("getRun", "/runs/"+tallyfytest.SampleRunID+"?form_fields_values=true&with="+runWith)
	walk("getRunFormFields", "/runs/"+tallyfytest.SampleRunID+"/form-fields") // FormField.task_id
	walk("listRuns", "/runs?per_page=100&archived=true&form_fields_values=true&with="+strings.Join(enumValues(doc, "RunListInclude"), ","))
	for _, run := range srv.Runs() {
		walk("listRunTasks", "/runs/"+run.ID+"/tasks?per_page=100&with="+strings.Join(enumValues(doc, "RunTaskListInclude"), ","))
		walk("getRun", "/runs/"+run.ID+"?with="+runWith)
	}
	for _, task := range []string{tallyfytest.SampleTaskID, tallyfytest.InProgressTaskID, tallyfytest.OneOffTaskID} {
		walk("getTask", "/tasks/"+task+"?with="+strings.Join(enumValues(doc, "TaskInclude"), ","))
	}
	for _, tpl := range []string{tallyfytest.SampleTemplateID, tallyfytest.OffboardingTemplateID, tallyfytest.PurchaseTemplateID, tallyfytest.SecurityReviewTemplateID, tallyfytest.SupplierTemplateID} {
		walk("getTemplate", "/checklists/"+tpl+"?with="+strings.Join(enumValues(doc, "TemplateInclude"), ","))
	}
	walk("listTemplates", "/checklists?per_page=100&with="+strings.Join(enumValues(doc, "TemplateInclude"), ","))
	walk("getRunTask", "/runs/"+tallyfytest.SampleRunID+"/tasks/"+tallyfytest.SampleTaskID+"?with="+strings.Join(enumValues(doc, "TaskInclude"), ","))
	walk("listOrgTasks", "/tasks?without_pagination=true&with="+strings.Join(enumValues(doc, "TaskListInclude"), ","))
	walk("listMyTasks", "/me/tasks?without_pagination=true")
	// The people: every include of members and guests; groups and the organization.
	memberWith := strings.Join(enumValues(doc, "MemberInclude"), ",")
	walk("listMembers", "/users?per_page=100&with="+memberWith)
	walk("getMember", "/users/"+strconv.Itoa(tallyfytest.SampleUserID)+"?with="+memberWith)
	walk("listGuests", "/guests?per_page=100&with=stats")
	walk("getGuest", "/guests/"+tallyfytest.SampleGuestEmail+"?with=stats")
	walk("listGroups", "/groups?per_page=100")
	walk("getGroup", "/groups/"+tallyfytest.SampleGroupID)
	walk("getOrganization", "")
	// Tags, with their usage counts.
	walk("listTags", "/tags?per_page=100&all=true&with=statistics")
	walkAt := func(op, url string) {
		t.Helper()
		body := getURL(t, srv, url)
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		walkSchema(operation(doc, op).Responses.Status(200).Value.Content.Get("application/json").Schema, v, seen, described)
	}
	walkAt("me", "/me")
	walkAt("myOrganizations", "/me/organizations")
	// The answers of writes: a comment, a completion.
	post := func(op, path, body string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/organizations/"+srv.OrgID+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+srv.Token)
		req.Header.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v any
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %d %v", path, resp.StatusCode, err)
		}
		walkSchema(operationAny(doc, op).Responses.Status(200).Value.Content.Get("application/json").Schema, v, seen, described)
	}
	post("commentOnTask", "/tasks/"+tallyfytest.InProgressTaskID+"/comment", `{"content":"@[1003] see you there"}`)
	post("completeRunTask", "/runs/"+tallyfytest.SampleRunID+"/completed-tasks", `{"task_id":"`+tallyfytest.NotStartedTaskID+`","is_approved":true}`)

	var missing []string
	for prop := range described {
		if !seen[prop] && notSimulated[prop] == "" {
			missing = append(missing, prop)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the sample data never sends these documented properties (send them, or list them in notSimulated with the reason):\n  %s", strings.Join(missing, "\n  "))
	}
	for prop := range notSimulated {
		if seen[prop] {
			t.Errorf("%s is listed as not simulated but is sent: remove it from notSimulated", prop)
		}
	}
}

// walkSchema records, for each named object schema a value reaches, the properties described and
// the properties present. Compositions are followed branch by branch.
func walkSchema(ref *openapi3.SchemaRef, v any, seen, described map[string]bool) {
	if ref == nil || ref.Value == nil || v == nil {
		return
	}
	s := ref.Value
	for _, group := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
		for _, sub := range group {
			walkSchema(sub, v, seen, described)
		}
	}
	name := schemaName(ref)
	switch v := v.(type) {
	case map[string]any:
		for prop, sub := range s.Properties {
			if name != "" {
				described[name+"."+prop] = true
			}
			if pv, ok := v[prop]; ok {
				if name != "" {
					seen[name+"."+prop] = true
				}
				walkSchema(sub, pv, seen, described)
			}
		}
	case []any:
		for _, item := range v {
			walkSchema(s.Items, item, seen, described)
		}
	}
}

// schemaName is the component name of a $ref ("#/components/schemas/Run" → "Run"), or "".
func schemaName(ref *openapi3.SchemaRef) string {
	if i := strings.LastIndex(ref.Ref, "/"); i >= 0 {
		return ref.Ref[i+1:]
	}
	return ""
}

func operation(doc *openapi3.T, operationID string) *openapi3.Operation {
	for _, item := range doc.Paths.Map() {
		// oapi-codegen's embedded copy capitalizes operation ids (GetRun).
		if item.Get != nil && strings.EqualFold(item.Get.OperationID, operationID) {
			return item.Get
		}
	}
	panic("no operation " + operationID)
}

// operationAny finds an operation of any method by id.
func operationAny(doc *openapi3.T, operationID string) *openapi3.Operation {
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if strings.EqualFold(op.OperationID, operationID) {
				return op
			}
		}
	}
	panic("no operation " + operationID)
}

func enumValues(doc *openapi3.T, schema string) []string {
	var out []string
	for _, v := range doc.Components.Schemas[schema].Value.Enum {
		out = append(out, v.(string))
	}
	return slices.Compact(out)
}

func getJSON(t *testing.T, srv *tallyfytest.Server, path string) []byte {
	t.Helper()
	return getURL(t, srv, "/organizations/"+srv.OrgID+path)
}

func getURL(t *testing.T, srv *tallyfytest.Server, path string) []byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return b
}
