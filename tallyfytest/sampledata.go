package tallyfytest

import (
	"fmt"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// The sample organization is written as Go definitions rather than embedded JSON: the compiler
// checks every field against the generated models, so a spec change that renames or retypes a
// field breaks the build instead of silently dropping data, and fields that depend on each other
// (progress, late_tasks, collaborators, deadlines, taskdata) are computed once in samplebuild.go
// instead of being kept consistent by hand across hundreds of lines of JSON. Everything is fixed:
// no wall clock, no randomness.

// at is a UTC instant of the sample calendar.
func at(year int, month time.Month, day, hour, minute int) time.Time {
	return time.Date(year, month, day, hour, minute, 0, 0, time.UTC)
}

// fieldDef is a form field of a step or a kick-off field of a template. sample gives the value a
// completed task (or a launched run) holds, from the run's subject (the part of its name after
// " - ") and the moment the task was completed.
type fieldDef struct {
	id, alias, label, fieldType string
	required                    bool
	options                     []string
	columns                     []string
	sample                      func(subject string, done time.Time) any
}

// stepDef is a template step; days is the deadline, in days after launch at 17:00 UTC.
type stepDef struct {
	id, alias, title, summary, stepType string
	days                                int
	users                               []int
	groups                              []string
	clientGuest                         bool // the run's guest is assigned too
	everyoneMustComplete                bool
	assignStarter                       bool // the launcher gets the task when nobody else does
	fields                              []fieldDef
}

type templateDef struct {
	id, title, alias, typ, nameFormat string
	summary, folderID                 *string
	owner                             int
	created, updated                  time.Time
	kickoff                           []fieldDef
	steps                             []stepDef
	tags                              []string
}

// runDef describes one sample run; samplebuild.go derives its tasks from the template's steps.
type runDef struct {
	id, name  string
	template  *templateDef
	increment int
	status    string // active, complete, problem, issue, delayed or archived
	owner     int
	launched  time.Time
	// states has one letter per step: C completed, I in-progress, N not-started, S auto-skipped.
	states      string
	problemStep int // 1-based step whose task has a problem reported; 0 for none
	starred     bool
	tags        []string
	users       []int
	groups      []string
	guest       string
	due         *time.Time
	archived    *time.Time
	finished    *time.Time // overrides when the last task was completed
	summary     *string
	parent      *string
	taskIDs     []string       // overrides the derived task ids
	kickoff     map[string]any // overrides kick-off values, by alias
	values      map[string]any // overrides form field values, by alias
}

func option(texts ...string) []gen.FieldOption {
	out := make([]gen.FieldOption, len(texts))
	for i, t := range texts {
		out[i] = gen.FieldOption{ID: ptr(i + 1), Text: t}
	}
	return out
}

// chosen returns the options with the given 1-based ids, the value shape of a multiselect field
// in the spec's TaskWithFormFields example ({id, text} objects; mcp:tools/process_management.py).
func chosen(options []string, ids ...int) []any {
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		out = append(out, map[string]any{"id": id, "text": options[id-1]})
	}
	return out
}

var (
	packOptions  = []string{"Welcome letter", "Swag"}
	deptOptions  = []string{"Engineering", "Sales", "Operations"}
	riskOptions  = []string{"Low", "Medium", "High"}
	patchOptions = []string{"Web", "Database", "Bastion"}
)

func text(format string) func(string, time.Time) any {
	return func(subject string, _ time.Time) any { return fmt.Sprintf(format, subject) }
}

func fixed(v any) func(string, time.Time) any { return func(string, time.Time) any { return v } }

func dateOf(_ string, done time.Time) any { return done.Format(time.RFC3339) }

var onboarding = &templateDef{
	id: SampleTemplateID, title: "Client Onboarding V3", alias: "client_onboarding", typ: "procedure",
	nameFormat: "Onboarding - {{company_name}}",
	summary:    ptr("Everything we do for a new client in the first two weeks."),
	owner:      SampleUserID,
	created:    at(2024, time.January, 10, 8, 0),
	updated:    at(2024, time.April, 2, 16, 45).Add(12 * time.Second),
	kickoff: []fieldDef{
		{id: SampleKickoffFieldID, alias: "company_name", label: "Company name", fieldType: "text", required: true, sample: text("%s")},
		{id: "2b3c4d5e6f708192a3b4c5d6e7f8091a", alias: "start_date", label: "Contract start date", fieldType: "date", required: true,
			sample: func(_ string, launched time.Time) any {
				return launched.AddDate(0, 0, 12).Truncate(24 * time.Hour).Format(time.RFC3339)
			}},
	},
	steps: []stepDef{
		{id: SampleStepID, alias: "welcome_pack", title: "Send welcome pack to {{company_name}}", stepType: "task", days: 2,
			summary: "Post the printed welcome pack and note the tracking number.", users: []int{SampleUserID},
			fields: []fieldDef{
				{id: SampleFormFieldID, alias: "tracking", label: "Courier tracking number", fieldType: "text", required: true, sample: text("UPS tracking for %s")},
				{id: SampleMultiselectFieldID, alias: "pack_contents", label: "What went in the pack", fieldType: "multiselect",
					options: packOptions, sample: fixed(chosen(packOptions, 1, 2))},
			}},
		{id: "8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e", alias: "kickoff_call", title: "Kick-off call with {{company_name}}", stepType: "task", days: 4,
			summary: "Meet the client's team and agree the first milestones.", users: []int{SecondUserID}, clientGuest: true,
			fields: []fieldDef{
				{id: derivedID("field", "kickoff_call", "call_date"), alias: "call_date", label: "Date of the call", fieldType: "date", required: true, sample: dateOf},
				{id: derivedID("field", "kickoff_call", "call_notes"), alias: "call_notes", label: "Call notes", fieldType: "textarea", sample: text("Agreed milestones and contacts with %s.")},
			}},
		{id: "9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f", alias: "approve_plan", title: "Approve the onboarding plan", stepType: "approval", days: 26,
			summary: "Sign off the plan before work starts.", groups: []string{SampleGroupID}},
	},
	tags: []string{SampleTagID},
}

var offboarding = &templateDef{
	id: OffboardingTemplateID, title: "Employee Offboarding", alias: "employee_offboarding", typ: "procedure",
	nameFormat: "Offboarding - {{employee_name}}",
	summary:    ptr("Revoke access, recover equipment and close out payroll for a leaver."),
	owner:      AdminUserID,
	created:    at(2024, time.February, 1, 9, 0),
	updated:    at(2024, time.March, 15, 10, 20).Add(30*time.Second + 500*time.Millisecond),
	kickoff: []fieldDef{
		{id: derivedID("kickoff", "offboarding", "employee_name"), alias: "employee_name", label: "Employee name", fieldType: "text", required: true, sample: text("%s")},
		{id: derivedID("kickoff", "offboarding", "last_day"), alias: "last_day", label: "Last working day", fieldType: "date", required: true,
			sample: func(_ string, launched time.Time) any {
				return launched.AddDate(0, 0, 7).Truncate(24 * time.Hour).Format(time.RFC3339)
			}},
		{id: derivedID("kickoff", "offboarding", "department"), alias: "department", label: "Department", fieldType: "dropdown",
			options: deptOptions, sample: fixed(chosen(deptOptions, 1)[0])},
	},
	steps: []stepDef{
		{id: derivedID("step", "offboarding", "revoke_access"), alias: "revoke_access", title: "Revoke system access for {{employee_name}}", stepType: "task", days: 1,
			groups: []string{ITGroupID},
			fields: []fieldDef{
				{id: derivedID("field", "offboarding", "systems"), alias: "systems", label: "Systems revoked", fieldType: "table", required: true,
					columns: []string{"System", "Revoked"},
					sample: fixed([]any{
						map[string]any{"System": "Google Workspace", "Revoked": "yes"},
						map[string]any{"System": "Slack", "Revoked": "yes"},
						map[string]any{"System": "GitHub", "Revoked": "yes"},
					})},
			}},
		{id: derivedID("step", "offboarding", "collect_equipment"), alias: "collect_equipment", title: "Collect equipment from {{employee_name}}", stepType: "task", days: 3,
			users: []int{AdminUserID},
			fields: []fieldDef{
				{id: derivedID("field", "offboarding", "laptop_returned"), alias: "laptop_returned", label: "Laptop returned?", fieldType: "radio", required: true,
					options: []string{"Yes", "No", "Not issued"}, sample: fixed("Yes")},
			}},
		{id: derivedID("step", "offboarding", "exit_interview"), alias: "exit_interview", title: "Exit interview with {{employee_name}}", stepType: "task", days: 5,
			users: []int{AdminUserID},
			fields: []fieldDef{
				{id: derivedID("field", "offboarding", "exit_notes"), alias: "exit_notes", label: "Interview notes", fieldType: "textarea", sample: text("%s shared feedback on onboarding and tooling.")},
			}},
		{id: derivedID("step", "offboarding", "final_payroll"), alias: "final_payroll", title: "Approve final payroll", stepType: "approval", days: 7,
			users: []int{FinanceUserID}, groups: []string{FinanceGroupID}},
	},
	tags: []string{HRTagID},
}

var purchase = &templateDef{
	id: PurchaseTemplateID, title: "Purchase Request", alias: "purchase_request", typ: "form",
	nameFormat: "Purchase - {{item}}",
	summary:    ptr("Ask for anything the company pays for."),
	owner:      FinanceUserID,
	created:    at(2024, time.February, 20, 14, 0),
	updated:    at(2024, time.February, 20, 14, 0),
	kickoff: []fieldDef{
		{id: derivedID("kickoff", "purchase", "item"), alias: "item", label: "What do you need?", fieldType: "text", required: true, sample: text("%s")},
		{id: derivedID("kickoff", "purchase", "amount"), alias: "amount", label: "Estimated cost (EUR)", fieldType: "text", required: true, sample: fixed("1200.00")},
		{id: derivedID("kickoff", "purchase", "vendor_email"), alias: "vendor_email", label: "Vendor contact", fieldType: "email", sample: fixed("sales@vendor.example")},
		{id: derivedID("kickoff", "purchase", "justification"), alias: "justification", label: "Why is it needed?", fieldType: "textarea", required: true, sample: text("The team needs %s this quarter.")},
	},
	steps: []stepDef{
		{id: derivedID("step", "purchase", "manager_approval"), alias: "manager_approval", title: "Approve purchase: {{item}}", stepType: "approval", days: 2,
			users: []int{FinanceUserID}},
		{id: derivedID("step", "purchase", "place_order"), alias: "place_order", title: "Place the order for {{item}}", stepType: "task", days: 5,
			groups: []string{FinanceGroupID},
			fields: []fieldDef{
				{id: derivedID("field", "purchase", "po_number"), alias: "po_number", label: "Purchase order number", fieldType: "text", required: true, sample: text("PO for %s")},
				{id: derivedID("field", "purchase", "delivery_date"), alias: "delivery_date", label: "Expected delivery", fieldType: "date", sample: dateOf},
			}},
	},
	tags: []string{ProcurementTagID},
}

var securityReview = &templateDef{
	id: SecurityReviewTemplateID, title: "Quarterly Security Review", alias: "security_review", typ: "procedure",
	nameFormat: "Security review - {{scope}}",
	folderID:   ptr("0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a"),
	owner:      SecurityUserID,
	created:    at(2023, time.November, 6, 9, 0),
	updated:    at(2024, time.January, 8, 11, 5),
	kickoff: []fieldDef{
		{id: derivedID("kickoff", "security", "scope"), alias: "scope", label: "Scope of the review", fieldType: "text", required: true, sample: text("%s")},
	},
	steps: []stepDef{
		{id: derivedID("step", "security", "review_access"), alias: "review_access", title: "Review access logs: {{scope}}", stepType: "task", days: 3,
			users: []int{SecurityUserID},
			fields: []fieldDef{
				{id: derivedID("field", "security", "findings"), alias: "findings", label: "Findings", fieldType: "textarea", required: true, sample: text("No unexpected access found in %s.")},
				{id: derivedID("field", "security", "risk"), alias: "risk", label: "Overall risk", fieldType: "dropdown", options: riskOptions, sample: fixed(chosen(riskOptions, 1)[0])},
			}},
		{id: derivedID("step", "security", "patch_servers"), alias: "patch_servers", title: "Patch servers: {{scope}}", stepType: "task", days: 7,
			groups: []string{ITGroupID},
			fields: []fieldDef{
				{id: derivedID("field", "security", "patched"), alias: "patched", label: "Tiers patched", fieldType: "multiselect",
					options: patchOptions, sample: fixed(chosen(patchOptions, 1, 2, 3))},
			}},
		{id: derivedID("step", "security", "sign_off"), alias: "sign_off", title: "Security sign-off", stepType: "approval", days: 10,
			users: []int{AdminUserID, SecurityUserID}, everyoneMustComplete: true},
	},
	tags: []string{ComplianceTagID},
}

var (
	tierOptions     = []string{"Gold", "Silver", "Bronze"}
	regionOptions   = []string{"EMEA", "Americas", "APAC"}
	serviceOptions  = []string{"Hardware", "Software", "Consulting"}
	ratingOptions   = []string{"Low", "Medium", "High"}
	paymentOptions  = []string{"Net 30", "Net 60"}
	channelsOptions = []string{"Email", "Portal", "EDI"}
)

// supplier is the template whose kick-off form has a field of every type FormValuesValidator
// knows (cli:kickoff.go: BaseCapture::$field_types), for the launch and update tests; its steps
// hold an approval, a step whose task goes to the launcher (assign_run_starter) and form fields
// of most types, some required. No sample run uses it.
var supplier = &templateDef{
	id: SupplierTemplateID, title: "Supplier Onboarding", alias: "supplier_onboarding", typ: "procedure",
	nameFormat: "Supplier - {{supplier_name}}",
	summary:    ptr("Vet, approve and set up a new supplier."),
	owner:      FinanceUserID,
	created:    at(2024, time.March, 1, 9, 0),
	updated:    at(2024, time.May, 2, 14, 30),
	kickoff: []fieldDef{
		{id: derivedID("kickoff", "supplier", "supplier_name"), alias: "supplier_name", label: "Supplier name", fieldType: "text", required: true},
		{id: derivedID("kickoff", "supplier", "notes"), alias: "notes", label: "Notes", fieldType: "textarea"},
		{id: derivedID("kickoff", "supplier", "contact_email"), alias: "contact_email", label: "Contact email", fieldType: "email", required: true},
		{id: derivedID("kickoff", "supplier", "contract_start"), alias: "contract_start", label: "Contract start", fieldType: "date", required: true},
		{id: derivedID("kickoff", "supplier", "tier"), alias: "tier", label: "Tier", fieldType: "radio", options: tierOptions},
		{id: derivedID("kickoff", "supplier", "region"), alias: "region", label: "Region", fieldType: "dropdown", required: true, options: regionOptions},
		{id: derivedID("kickoff", "supplier", "services"), alias: "services", label: "Services", fieldType: "multiselect", options: serviceOptions},
		{id: derivedID("kickoff", "supplier", "bank_details"), alias: "bank_details", label: "Bank details", fieldType: "table", columns: []string{"Bank", "IBAN"}},
		{id: derivedID("kickoff", "supplier", "contract"), alias: "contract", label: "Signed contract", fieldType: "file"},
		{id: derivedID("kickoff", "supplier", "account_team"), alias: "account_team", label: "Account team", fieldType: "assignees_form"},
	},
	steps: []stepDef{
		{id: derivedID("step", "supplier", "check_documents"), alias: "check_documents", title: "Check the documents of {{supplier_name}}", stepType: "task", days: 2,
			summary: "Check the registration and the certificates.", users: []int{SampleUserID},
			fields: []fieldDef{
				{id: derivedID("field", "supplier", "registration"), alias: "registration", label: "Registration number", fieldType: "text", required: true},
				{id: derivedID("field", "supplier", "certificate"), alias: "certificate", label: "Certificate", fieldType: "file"},
				{id: derivedID("field", "supplier", "rating"), alias: "rating", label: "Risk rating", fieldType: "dropdown", options: ratingOptions},
			}},
		{id: derivedID("step", "supplier", "approve_supplier"), alias: "approve_supplier", title: "Approve {{supplier_name}}", stepType: "approval", days: 4,
			users: []int{FinanceUserID, SampleUserID}},
		{id: derivedID("step", "supplier", "erp_setup"), alias: "erp_setup", title: "Set up {{supplier_name}} in the ERP", stepType: "task", days: 6,
			groups: []string{FinanceGroupID},
			fields: []fieldDef{
				{id: derivedID("field", "supplier", "accounts"), alias: "accounts", label: "Accounts", fieldType: "table", columns: []string{"System", "Account"}},
				{id: derivedID("field", "supplier", "payment_terms"), alias: "payment_terms", label: "Payment terms", fieldType: "radio", required: true, options: paymentOptions},
				{id: derivedID("field", "supplier", "channels"), alias: "channels", label: "Order channels", fieldType: "multiselect", options: channelsOptions},
				{id: derivedID("field", "supplier", "first_order"), alias: "first_order", label: "First order date", fieldType: "date"},
				{id: derivedID("field", "supplier", "billing_email"), alias: "billing_email", label: "Billing email", fieldType: "email"},
				{id: derivedID("field", "supplier", "setup_notes"), alias: "setup_notes", label: "Set-up notes", fieldType: "textarea"},
				{id: derivedID("field", "supplier", "owners"), alias: "owners", label: "Supplier owners", fieldType: "assignees_form"},
			}},
		{id: derivedID("step", "supplier", "welcome"), alias: "welcome", title: "Welcome {{supplier_name}}", stepType: "task", days: 7,
			assignStarter: true},
	},
	tags: []string{ProcurementTagID},
}

var sampleTemplates = []*templateDef{onboarding, offboarding, purchase, securityReview, supplier}

var sampleTags = []gen.Tag{
	{ID: SampleTagID, Title: "Enterprise", Color: ptr("#3fb65b")},
	{ID: UrgentTagID, Title: "Urgent", Color: ptr("#e5484d")},
	{ID: HRTagID, Title: "HR", Color: ptr("#6e56cf")},
	{ID: ProcurementTagID, Title: "Procurement", Color: ptr("#f76b15")},
	{ID: ComplianceTagID, Title: "Compliance", Color: nil},
}

// sampleRuns are the 25 sample runs. The package documentation lists them; a test keeps that
// table and this list in step.
var sampleRuns = []runDef{
	{id: SampleRunID, name: "Onboarding - Globex Corp", template: onboarding, increment: 5015, status: "active",
		owner: SampleUserID, launched: at(2024, time.May, 20, 11, 0), states: "CIN",
		tags: []string{SampleTagID}, users: []int{SampleUserID}, guest: SampleGuestEmail,
		due: ptr(at(2024, time.June, 15, 17, 0)), summary: ptr("New client onboarding process run."),
		taskIDs: []string{SampleTaskID, InProgressTaskID, NotStartedTaskID},
		kickoff: map[string]any{"company_name": "Globex Corporation", "start_date": "2024-06-01T00:00:00Z"},
		values:  map[string]any{"tracking": "DHL tracking 12345", "pack_contents": chosen(packOptions, 1)}},
	{id: CompleteRunID, name: "Onboarding - Initech", template: onboarding, increment: 5016, status: "complete",
		owner: SecondUserID, launched: at(2024, time.April, 2, 10, 0), states: "CCC", starred: true,
		users: []int{SecondUserID}, guest: "legal@initech.example",
		finished: ptr(at(2024, time.April, 20, 15, 10).Add(42*time.Second + 123*time.Millisecond))},
	{id: ProblemRunID, name: "Onboarding - Umbrella Corp", template: onboarding, increment: 5010, status: "problem",
		owner: SampleUserID, launched: at(2024, time.May, 13, 9, 0), states: "CIN", problemStep: 2,
		tags: []string{SampleTagID, UrgentTagID}, users: []int{SampleUserID}, guest: "it@umbrella.example",
		due: ptr(at(2024, time.June, 8, 17, 0))},
	{id: DelayedRunID, name: "Onboarding - Hooli", template: onboarding, increment: 5007, status: "delayed",
		owner: SecondUserID, launched: at(2024, time.April, 15, 9, 0), states: "CIN",
		users: []int{SecondUserID}, guest: "gavin@hooli.example", due: ptr(at(2024, time.May, 10, 17, 0))},
	{id: ArchivedRunID, name: "Onboarding - Soylent", template: onboarding, increment: 5003, status: "archived",
		owner: SampleUserID, launched: at(2024, time.March, 4, 9, 0), states: "CCC",
		tags: []string{SampleTagID}, users: []int{SampleUserID}, guest: "ops@soylent.example",
		archived: ptr(at(2024, time.April, 1, 12, 0))},
	{id: IssueRunID, name: "Onboarding - Stark Industries", template: onboarding, increment: 5013, status: "issue",
		owner: FinanceUserID, launched: at(2024, time.May, 19, 14, 0), states: "CIN", starred: true,
		tags: []string{UrgentTagID}, users: []int{FinanceUserID}, guest: "pepper@stark.example"},
	{id: "cec161c12bba407e7d8db286fa381bdc", name: "Onboarding - Wayne Enterprises", template: onboarding, increment: 5014, status: "active",
		owner: FinanceUserID, launched: at(2024, time.May, 21, 8, 0), states: "INN",
		tags: []string{SampleTagID}, users: []int{FinanceUserID}, groups: []string{ITGroupID}, guest: "alfred@wayne.example",
		due: ptr(at(2024, time.June, 20, 17, 0))},
	{id: "cdffd986b607208f8ac62fa418e6f440", name: "Onboarding - Acme Corp", template: onboarding, increment: 5020, status: "active",
		owner: SampleUserID, launched: at(2024, time.May, 22, 9, 0), states: "INN", users: []int{SampleUserID}},
	{id: "3afbcfbe4c20b412bdd3f769ea542d31", name: "Onboarding - Cyberdyne Systems", template: onboarding, increment: 5012, status: "active",
		owner: SecondUserID, launched: at(2024, time.May, 18, 10, 0), states: "CCI", starred: true,
		users: []int{SecondUserID}, groups: []string{SampleGroupID}, guest: "miles@cyberdyne.example"},

	{id: "0daaaec237345844d6e9bf5458345bb8", name: "Offboarding - Jane Doe", template: offboarding, increment: 5011, status: "active",
		owner: AdminUserID, launched: at(2024, time.May, 20, 10, 0), states: "CINN",
		tags: []string{HRTagID}, users: []int{AdminUserID}, due: ptr(at(2024, time.May, 27, 17, 0))},
	{id: "0a5187fa8d2ce0526482689c9a0de416", name: "Offboarding - John Smith", template: offboarding, increment: 5008, status: "complete",
		owner: AdminUserID, launched: at(2024, time.April, 22, 10, 0), states: "CCCC",
		tags: []string{HRTagID}, users: []int{AdminUserID}},
	{id: "381fcf282c992babde1dfaf117bc9b4f", name: "Offboarding - Priya Patel", template: offboarding, increment: 5018, status: "active",
		owner: AdminUserID, launched: at(2024, time.May, 21, 15, 0), states: "INSN",
		tags: []string{HRTagID}, users: []int{AdminUserID}, due: ptr(at(2024, time.May, 24, 17, 0))},
	{id: "1b19fdbfbb33951ad16008b89d65c1c5", name: "Offboarding - Max Mustermann", template: offboarding, increment: 5002, status: "archived",
		owner: AdminUserID, launched: at(2024, time.February, 12, 9, 0), states: "CCCC",
		tags: []string{HRTagID}, users: []int{AdminUserID}, archived: ptr(at(2024, time.March, 1, 9, 0))},
	{id: "3883c286019c53ab5fa79691c624d31e", name: "Offboarding - Li Wei", template: offboarding, increment: 5009, status: "problem",
		owner: AdminUserID, launched: at(2024, time.May, 17, 9, 0), states: "CINN", problemStep: 2,
		tags: []string{HRTagID, UrgentTagID}, users: []int{AdminUserID}},
	{id: "2d991c35ea674e7e219ed919a51450c7", name: "Offboarding - Sam Jones", template: offboarding, increment: 5006, status: "delayed",
		owner: AdminUserID, launched: at(2024, time.May, 6, 9, 0), states: "CCIN",
		tags: []string{HRTagID}, users: []int{AdminUserID}, due: ptr(at(2024, time.May, 13, 17, 0))},

	{id: FormRunID, name: "Purchase - 10 laptops", template: purchase, increment: 5017, status: "active",
		owner: FinanceUserID, launched: at(2024, time.May, 21, 13, 0), states: "IN",
		tags: []string{ProcurementTagID}, users: []int{FinanceUserID}, groups: []string{FinanceGroupID}},
	{id: "bb0bfba0218701bb7e2d3ffbf4624032", name: "Purchase - Office chairs", template: purchase, increment: 5005, status: "complete",
		owner: SampleUserID, launched: at(2024, time.May, 2, 11, 0), states: "CC",
		tags: []string{ProcurementTagID}, users: []int{SampleUserID}},
	{id: "544806a6f03b8641702f3055c79f65e0", name: "Purchase - Cloud credits", template: purchase, increment: 5019, status: "active",
		owner: SecurityUserID, launched: at(2024, time.May, 20, 16, 0), states: "CI", starred: true,
		users: []int{SecurityUserID}},
	{id: "06e3ea2c39175d246e77e2d01a0fc92d", name: "Purchase - Conference booth", template: purchase, increment: 5021, status: "issue",
		owner: SecondUserID, launched: at(2024, time.May, 14, 10, 0), states: "IN",
		tags: []string{ProcurementTagID}, users: []int{SecondUserID}},
	{id: "5f4896a71e8ef0e797e6b22bc586ae5c", name: "Purchase - Printer toner", template: purchase, increment: 5004, status: "archived",
		owner: SampleUserID, launched: at(2024, time.March, 11, 10, 0), states: "CC",
		users: []int{SampleUserID}, archived: ptr(at(2024, time.March, 20, 10, 0))},

	{id: "3e6bf440185cd70a39f8bf54e67ed285", name: "Security review - Q1 2024", template: securityReview, increment: 5022, status: "complete",
		owner: SecurityUserID, launched: at(2024, time.March, 29, 9, 0), states: "CCC",
		tags: []string{ComplianceTagID}, users: []int{SecurityUserID}},
	{id: "aa2d9977cbe0d7da48fffcd8a66a8b9a", name: "Security review - Q2 2024", template: securityReview, increment: 5023, status: "active",
		owner: SecurityUserID, launched: at(2024, time.May, 20, 9, 0), states: "CIN", starred: true,
		tags: []string{ComplianceTagID}, users: []int{SecurityUserID}, groups: []string{ITGroupID},
		due: ptr(at(2024, time.May, 30, 17, 0))},
	{id: "5ea92df089a466dfc14978cfe5f096f3", name: "Security review - Q4 2023", template: securityReview, increment: 5001, status: "archived",
		owner: SecurityUserID, launched: at(2023, time.December, 28, 9, 0), states: "CCC",
		tags: []string{ComplianceTagID}, users: []int{SecurityUserID}, archived: ptr(at(2024, time.January, 31, 9, 0))},
	{id: "bf939fa7e39a9465bc6d8e7661f8b635", name: "Security review - Datacenter", template: securityReview, increment: 5024, status: "delayed",
		owner: SecurityUserID, launched: at(2024, time.May, 1, 9, 0), states: "CIN",
		users: []int{SecurityUserID}, due: ptr(at(2024, time.May, 11, 17, 0))},
	{id: SubprocessRunID, name: "Security review - Payments", template: securityReview, increment: 5025, status: "problem",
		owner: SecurityUserID, launched: at(2024, time.May, 18, 9, 0), states: "INN", problemStep: 1,
		tags: []string{ComplianceTagID}, users: []int{SecurityUserID}, parent: ptr("aa2d9977cbe0d7da48fffcd8a66a8b9a")},
}

// oneOffTask is the sample task that belongs to no run.
func oneOffTask() gen.Task {
	created := at(2024, time.May, 10, 9, 0)
	return gen.Task{
		ID: OneOffTaskID, IncrementID: 88999, Title: "Renew the office lease", Status: taskInProgress,
		StatusLabel: ptr("Active"), TaskType: "task", IsOneoffTask: true,
		Owners:    gen.TaskOwners{Users: userRefs([]int{AdminUserID}), Guests: []string{}, Groups: []string{}},
		Position:  1,
		StartedAt: &created, Deadline: ptr(at(2024, time.May, 31, 17, 0)),
		CreatedAt: created, LastUpdated: created, StarterID: ptr(AdminUserID),
		Problem: ptr(false), Summary: ptr("Negotiate the renewal before the notice period ends."),
	}
}

func ptr[T any](v T) *T { return &v }

// sampleUsers names the sample organization's members, for the user-object shape of
// owners.users (WithLegacyShapes).
var sampleUsers = map[int]struct{ name, email, job string }{
	AdminUserID:    {"Alice Admin", "alice@acme.example", "Administrator"},
	SampleUserID:   {"Bob Onboarding", "bob@acme.example", "Onboarding lead"},
	SecondUserID:   {"Carol Kickoff", "carol@acme.example", "Account manager"},
	FinanceUserID:  {"Dan Finance", "dan@acme.example", "Finance officer"},
	SecurityUserID: {"Erin Security", "erin@acme.example", "Security engineer"},
}
