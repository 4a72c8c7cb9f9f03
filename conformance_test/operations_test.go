package conformance_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// An operation of the spec, as the suite derives everything from it: nothing
// in this package lists operations by hand.
type operation struct {
	ID, Method, Path string
	Op               *openapi3.Operation
}

// operations are every operation of api/openapi.yaml, sorted by id.
func operations(t testing.TB) []operation {
	t.Helper()
	var out []operation
	for path, item := range loadSpec(t).Paths.Map() {
		for method, op := range item.Operations() {
			out = append(out, operation{ID: op.OperationID, Method: method, Path: path, Op: op})
		}
	}
	slices.SortFunc(out, func(a, b operation) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// isList reports an operation whose success body is a list ({"data": [...]}).
func (o operation) isList() bool {
	for code, r := range o.Op.Responses.Map() {
		if !strings.HasPrefix(code, "2") || r.Value == nil {
			continue
		}
		if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
			if data := mt.Schema.Value.Properties["data"]; data != nil && data.Value != nil && data.Value.Type.Is("array") {
				return true
			}
		}
	}
	return false
}

// wrapper is the wrapper method a caller uses for one call of the operation:
// the operation's x-go-method when it shares a method with another (the
// run-scoped and one-off twins of completeTask, reopenTask and updateTask
// are both CompleteTask, ReopenTask and UpdateTask), else the operationId
// capitalized (getRun → GetRun), and for a list its page method (listRuns
// → ListRunsPage).
func (o operation) wrapper() string {
	name := o.method()
	if o.isList() {
		name += "Page"
	}
	return name
}

// method is the operation's Go method name without a list's Page suffix.
func (o operation) method() string {
	if m, ok := o.Op.Extensions["x-go-method"].(string); ok {
		return m
	}
	return strings.ToUpper(o.ID[:1]) + o.ID[1:]
}

// sampleRequests are the request values call passes to write methods: each
// complete enough to be sent as it is, with no read before it (members,
// title, deadline and owners given), so that one call is one exchange.
var sampleRequests = map[reflect.Type]func(id string) any{
	reflect.TypeFor[tallyfy.LaunchRunRequest](): func(id string) any {
		return tallyfy.LaunchRunRequest{TemplateID: id, Name: "Onboarding - Globex Corp"}
	},
	reflect.TypeFor[tallyfy.UpdateRunRequest](): func(string) any {
		return tallyfy.UpdateRunRequest{Name: tallyfy.Ptr("Renamed"), Members: &tallyfy.Members{Users: []int{1002}}}
	},
	reflect.TypeFor[tallyfy.UpdateTaskRequest](): func(string) any {
		return tallyfy.UpdateTaskRequest{Title: tallyfy.Ptr("Review"), Deadline: sampleDeadline, Owners: &tallyfy.Assignees{Users: []int{1002}}}
	},
	reflect.TypeFor[tallyfy.CreateTaskRequest](): func(string) any {
		return tallyfy.CreateTaskRequest{Title: "Review the contract", Owners: tallyfy.Assignees{Users: []int{1002}}, Deadline: sampleDeadline}
	},
	reflect.TypeFor[tallyfy.CommentRequest](): func(string) any {
		return tallyfy.CommentRequest{Content: "Signed.", Visibility: tallyfy.CommentVisibleToAll}
	},
	reflect.TypeFor[tallyfy.InviteMemberRequest](): func(string) any {
		return tallyfy.InviteMemberRequest{Email: "frank@acme.example", FirstName: "Frank", LastName: "Newcomer", Role: tallyfy.MemberRoleStandard}
	},
	reflect.TypeFor[tallyfy.UpdateMemberRequest](): func(string) any {
		return tallyfy.UpdateMemberRequest{FirstName: tallyfy.Ptr("Bob"), LastName: tallyfy.Ptr("Onboarding"), Timezone: tallyfy.Ptr("Europe/London"), JobTitle: tallyfy.Ptr("Head of onboarding")}
	},
	reflect.TypeFor[tallyfy.MemberRole](): func(string) any { return tallyfy.MemberRoleLight },
	reflect.TypeFor[tallyfy.CreateGuestRequest](): func(string) any {
		return tallyfy.CreateGuestRequest{Email: "partner@initech.example", FirstName: "Peter", CompanyName: "Initech"}
	},
	reflect.TypeFor[tallyfy.UpdateGuestRequest](): func(string) any {
		return tallyfy.UpdateGuestRequest{AssociatedMembers: []int{1002}}
	},
	reflect.TypeFor[tallyfy.CreateGroupRequest](): func(string) any {
		return tallyfy.CreateGroupRequest{Name: "Legal", Description: "Contracts and compliance.", Members: tallyfy.GroupMembers{Users: []int{1001}}}
	},
	reflect.TypeFor[tallyfy.UpdateGroupRequest](): func(string) any {
		return tallyfy.UpdateGroupRequest{Name: tallyfy.Ptr("Onboarding"), Description: tallyfy.Ptr("Sign-offs."), Members: &tallyfy.GroupMembers{Users: []int{1002}, Guests: []string{}}}
	},
	reflect.TypeFor[tallyfy.CreateTagRequest](): func(string) any {
		return tallyfy.CreateTagRequest{Title: "Q3 priorities", Color: "#3498db"}
	},
	reflect.TypeFor[tallyfy.UpdateTagRequest](): func(string) any {
		return tallyfy.UpdateTagRequest{Title: tallyfy.Ptr("Q4 priorities"), Color: tallyfy.Ptr("#34495e")}
	},
	reflect.TypeFor[tallyfy.TagObjectRequest](): func(id string) any {
		return tallyfy.TagObjectRequest{TagID: id, ObjectType: tallyfy.ObjectTypeProcess, ObjectID: id}
	},
	reflect.TypeFor[tallyfy.CreateFolderRequest](): func(string) any {
		return tallyfy.CreateFolderRequest{Name: "Q1 2026", Type: tallyfy.FolderTypeProcess}
	},
	reflect.TypeFor[tallyfy.UpdateFolderRequest](): func(string) any {
		return tallyfy.UpdateFolderRequest{Name: tallyfy.Ptr("Q2 2026")}
	},
	reflect.TypeFor[tallyfy.AddToFolderRequest](): func(id string) any {
		return tallyfy.AddToFolderRequest{FolderID: id, ObjectType: tallyfy.ObjectTypeProcess, ObjectID: id}
	},
	// The template writes (templates_write.go, steps.go, automations.go).
	reflect.TypeFor[tallyfy.CreateTemplateRequest](): func(string) any {
		return tallyfy.CreateTemplateRequest{Title: "Vendor Onboarding", Type: "procedure",
			Prerun: []tallyfy.KickoffFieldInput{{Label: "Vendor name", FieldType: "text", Required: true}}}
	},
	reflect.TypeFor[tallyfy.UpdateTemplateRequest](): func(string) any {
		return tallyfy.UpdateTemplateRequest{Title: tallyfy.Ptr("Vendor Onboarding"), Settings: tallyfy.TemplateSettings{Webhook: tallyfy.Ptr("https://hooks.acme.example/tallyfy")},
			Access: &tallyfy.TemplateAccess{Users: []int{1002}, Groups: []string{}}}
	},
	reflect.TypeFor[tallyfy.CloneTemplateRequest](): func(string) any { return tallyfy.CloneTemplateRequest{Title: "Vendor Onboarding v2"} },
	reflect.TypeFor[tallyfy.CreateStepRequest](): func(string) any {
		return tallyfy.CreateStepRequest{Title: "Sign the contract", Assignees: tallyfy.StepAssignees{Users: []int{1002}}}
	},
	reflect.TypeFor[tallyfy.UpdateStepRequest](): func(string) any {
		return tallyfy.UpdateStepRequest{Title: tallyfy.Ptr("Sign the contract"), Assignees: &tallyfy.StepAssignees{Users: []int{1002}}}
	},
	reflect.TypeFor[tallyfy.StepFieldRequest](): func(string) any {
		return tallyfy.StepFieldRequest{Label: "Signed copy", FieldType: "text", Required: true, Guidance: tallyfy.Ptr("A link to the PDF.")}
	},
	reflect.TypeFor[tallyfy.MoveStepFieldRequest](): func(id string) any { return tallyfy.MoveStepFieldRequest{ToStepID: id, Position: 1} },
	reflect.TypeFor[tallyfy.AutomationRequest](): func(id string) any {
		return tallyfy.AutomationRequest{AutomatedAlias: "Reopen on reject",
			Conditions:  []tallyfy.AutomationCondition{{ConditionableID: id, ConditionableType: "Step", Operation: "rejected", Statement: tallyfy.Ptr(tallyfy.AnyTime)}},
			ThenActions: []tallyfy.AutomationAction{{ActionType: "status", ActionVerb: "reopen", TargetStepID: id}}}
	},
	reflect.TypeFor[tallyfy.SubscribeWebhookRequest](): func(string) any {
		return tallyfy.SubscribeWebhookRequest{URL: "https://hooks.example.com/tallyfy", UserID: sampleUserID}
	},
	reflect.TypeFor[tallyfy.IssueRequest](): func(string) any {
		return tallyfy.IssueRequest{Content: "The signed contract is missing page 2."}
	},
	reflect.TypeFor[tallyfy.ResolveIssueRequest](): func(string) any {
		return tallyfy.ResolveIssueRequest{ThreadID: 77103, Content: "Page 2 arrived by email."}
	},
	reflect.TypeFor[tallyfy.BotCommentRequest](): func(string) any {
		return tallyfy.BotCommentRequest{Content: "Reminder sent to the client by the billing system."}
	},
	reflect.TypeFor[tallyfy.UploadFileRequest](): func(id string) any {
		return tallyfy.UploadFileRequest{Filename: "contract.pdf", Content: strings.NewReader("%PDF-1.7 sample"),
			Subject: tallyfy.FileForRun, SubjectID: id, UploadedFrom: id}
	},
	// Custom fields (customfields_test.go names the record of each path).
	reflect.TypeFor[tallyfy.ReplaceCustomFieldsRequest](): func(string) any {
		return tallyfy.ReplaceCustomFieldsRequest{Values: tallyfy.CustomFieldValues{"cost_center": "CC-1042"}}
	},
	reflect.TypeFor[tallyfy.SetCustomFieldRequest](): func(string) any { return tallyfy.SetCustomFieldRequest{Value: "High"} },
	reflect.TypeFor[tallyfy.CreateCustomFieldKeyRequest](): func(string) any {
		return tallyfy.CreateCustomFieldKeyRequest{Key: "cost_center", AppliesTo: "process", FieldType: tallyfy.CustomFieldText}
	},
	// SaveTaskFields keys its value by the alias of a field that the corpus's
	// openTask and Prism's getTask example (TaskWithFormFields) both have.
	reflect.TypeFor[tallyfy.SaveTaskFieldsRequest](): func(string) any {
		return tallyfy.SaveTaskFieldsRequest{Fields: map[string]any{"tracking": "DHL tracking 12345"}}
	},
	reflect.TypeFor[tallyfy.SetFormFieldValueRequest](): func(string) any {
		return tallyfy.SetFormFieldValueRequest{ValueID: "7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7", Field: "tracking", Value: "DHL tracking 12345"}
	},
	// DownloadFile's writer.
	reflect.TypeFor[io.Writer](): func(string) any { return io.Writer(io.Discard) },
}

// sampleUserID is the user id call passes for a member's path: a sample
// member (tallyfytest.SampleUserID), and a valid id for the corpus and Prism.
const sampleUserID = 1002

var sampleDeadline = time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)

// call calls the operation through the SDK with id for every path id (and
// sampleUserID for a member's integer id) and no options, by reflection on
// the method's signature: (ctx, ids..., *Options) or (ctx, ids..., Request). A method taking a run id and a task id called
// for an operation whose path has no run id is the one-off twin of a
// run-scoped operation: its run id is "".
func (o operation) call(ctx context.Context, c *tallyfy.Client, id string) error {
	m := reflect.ValueOf(c).MethodByName(o.wrapper())
	if !m.IsValid() {
		return fmt.Errorf("no method Client.%s", o.wrapper())
	}
	strs := 0
	for i := 1; i < m.Type().NumIn(); i++ {
		if m.Type().In(i).Kind() == reflect.String {
			strs++
		}
	}
	// A one-off twin takes more ids than its path has (the run id it
	// lacks) and shares its method with its run-scoped twin (x-go-method,
	// CONTRIBUTING.md); a method with one id per path parameter (a template
	// step's template and step ids) is not one, nor one that reads a
	// process before writing elsewhere (SetGuestFormFieldValue's run id).
	pathIDs := strings.Count(o.Path, "{") - 1
	_, shared := o.Op.Extensions["x-go-method"]
	oneOff := shared && strs >= 2 && strs > pathIDs && !strings.Contains(o.Path, "{run_id}")
	args := []reflect.Value{reflect.ValueOf(ctx)}
	for i := 1; i < m.Type().NumIn(); i++ {
		in := m.Type().In(i)
		switch {
		case in == reflect.TypeFor[tallyfy.Record]():
			args = append(args, reflect.ValueOf(sampleRecord(o.Path, id)))
		case sampleRequests[in] != nil:
			args = append(args, reflect.ValueOf(sampleRequests[in](id)))
		case in.Kind() == reflect.Int:
			args = append(args, reflect.ValueOf(sampleUserID))
		case in.Kind() == reflect.String && oneOff:
			args = append(args, reflect.ValueOf(""))
			oneOff = false
		case in.Kind() == reflect.String:
			args = append(args, reflect.ValueOf(id))
		case in.Kind() == reflect.Pointer:
			args = append(args, reflect.Zero(in))
		default:
			return fmt.Errorf("Client.%s: argument %d is a %s, not an id, options or a request with a sample", o.wrapper(), i, in)
		}
	}
	out := m.Call(args)
	if err, _ := out[len(out)-1].Interface().(error); err != nil {
		return err
	}
	return nil
}

// TestEveryOperationIsCovered is the recipe's check (CONTRIBUTING.md): each
// operation of the spec has a wrapper method (and, for a list, its iterator),
// an example in api/examples for each documented status, and a handler in the
// generated server interface the fake implements. Adding an operation to the
// spec fails here, naming it, until all three exist.
func TestEveryOperationIsCovered(t *testing.T) {
	client := reflect.TypeFor[*tallyfy.Client]()
	server := reflect.TypeFor[gen.ServerInterface]()
	files, err := filepath.Glob("../api/examples/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range operations(t) {
		name := strings.ToUpper(o.ID[:1]) + o.ID[1:]
		method := o.method()
		if _, ok := client.MethodByName(o.wrapper()); !ok {
			t.Errorf("%s: no wrapper method Client.%s", o.ID, o.wrapper())
		}
		if _, ok := client.MethodByName(method); o.isList() && !ok {
			t.Errorf("%s: no iterator Client.%s", o.ID, method)
		}
		if _, ok := server.MethodByName(name); !ok {
			t.Errorf("%s: no %s in gen.ServerInterface, which tallyfytest implements", o.ID, name)
		}
		for code := range o.Op.Responses.Map() {
			if r := o.Op.Responses.Value(code); r != nil && r.Value != nil && r.Value.Content.Get("application/octet-stream") != nil {
				continue // a download's bytes are no JSON example: Prism and the fake's round trip cover them
			}
			prefix := o.ID + "." + code + "."
			if !slices.ContainsFunc(files, func(f string) bool {
				base := filepath.Base(f)
				return strings.HasPrefix(base, prefix) || base == o.ID+"."+code+".json"
			}) {
				t.Errorf("%s: no example for %s in api/examples (%s*.json)", o.ID, code, prefix)
			}
		}
	}
}

// TestExamplesNameAnOperation: every file in api/examples belongs to an
// operation and status of the spec, so none is left behind by a rename.
func TestExamplesNameAnOperation(t *testing.T) {
	byID := map[string]operation{}
	for _, o := range operations(t) {
		byID[o.ID] = o
	}
	files, _ := filepath.Glob("../api/examples/*.json")
	for _, f := range files {
		parts := strings.SplitN(strings.TrimSuffix(filepath.Base(f), ".json"), ".", 3)
		o, ok := byID[parts[0]]
		if !ok || len(parts) < 2 || o.Op.Responses.Value(parts[1]) == nil {
			t.Errorf("%s: names no operation and documented status of the spec", filepath.Base(f))
		}
	}
	if _, err := os.Stat("../api/examples"); err != nil {
		t.Fatal(err)
	}
}
