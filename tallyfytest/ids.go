package tallyfytest

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
)

// Credentials and organizations the fake server accepts by default.
const (
	// SampleToken is the bearer token a server accepts unless WithToken says otherwise.
	SampleToken = "tallyfytest-sample-token"
	// SampleOrgID is the organization a server serves unless WithOrgID says otherwise.
	SampleOrgID = "8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f"
	// OtherOrgID is an organization the token may not read: every request for it answers 403.
	// Any id other than the served organization behaves the same; this one is named for tests.
	OtherOrgID = "d080af80ad7869bbea830d540408c8e2"
	// SampleClient is the X-Tallyfy-Client value documented for custom clients (docs:api-index).
	// The fake accepts any non-empty value, as the API does: the official clients send their own
	// (TallyfySDK, n8n).
	SampleClient = "APIClient"
	// SampleNow is the fixed "now" of the sample organization (RFC 3339). The overdue and due_soon
	// task filters and the sample runs' due_date_passed, due_soon and late_tasks are computed
	// against it, never against the wall clock, so results do not change from day to day.
	SampleNow = "2024-05-22T12:00:00Z"
)

// Ids of the sample template "Client Onboarding V3" and of its steps, fields and kick-off fields.
// They are the ids of api/openapi.yaml's components.examples, so the spec's examples and the fake agree.
const (
	// SampleTemplateID is the "Client Onboarding V3" template.
	SampleTemplateID = "6f1e2d3c4b5a69788796a5b4c3d2e1f0"
	// SampleStepID is the template's first step, "Send welcome pack to {{company_name}}".
	SampleStepID = "7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d"
	// SampleKickoffFieldID is the template's "Company name" kick-off field, a key of Run.Prerun.
	SampleKickoffFieldID = "1a2b3c4d5e6f708192a3b4c5d6e7f809"
	// SampleFormFieldID is the "Courier tracking number" text field of the first step, a key of Task.Taskdata.
	SampleFormFieldID = "3c4d5e6f708192a3b4c5d6e7f8091a2b"
	// SampleMultiselectFieldID is the "What went in the pack" multiselect field of the first step.
	SampleMultiselectFieldID = "4d5e6f708192a3b4c5d6e7f8091a2b3c"
)

// Ids of the other sample templates.
const (
	// OffboardingTemplateID is the "Employee Offboarding" template (table, radio, dropdown and textarea fields).
	OffboardingTemplateID = "b693f159d2ee4ac553d3e03aa32c5dc7"
	// PurchaseTemplateID is the "Purchase Request" template, of type form.
	PurchaseTemplateID = "5f751aaa27832f691cc98852163a9373"
	// SecurityReviewTemplateID is the "Quarterly Security Review" template.
	SecurityReviewTemplateID = "b87d59bec56b348b9d85d8cbf27ce6a8"
	// SupplierTemplateID is the "Supplier Onboarding" template: its kick-off form has a field of
	// every type (text, textarea, email, date, radio, dropdown, multiselect, table, file,
	// assignees_form), and its steps an approval and form fields of most types. No sample run uses
	// it; launch it.
	SupplierTemplateID = "bb9af381cba1c192f03e9a07ab73fb60"
)

// Ids of sample runs with a distinctive state. The package documentation lists every sample run.
const (
	// SampleRunID is "Onboarding - Globex Corp": active, with one completed, one in-progress and one
	// not-started task, as in the spec's examples.
	SampleRunID = "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"
	// CompleteRunID is "Onboarding - Initech": complete and starred.
	CompleteRunID = "0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b"
	// ProblemRunID is "Onboarding - Umbrella Corp": status problem, one task has a problem reported.
	ProblemRunID = "fcced56c2121977637f796cb5cb5a5b7"
	// DelayedRunID is "Onboarding - Hooli": delayed, its due date and two task deadlines have passed.
	DelayedRunID = "a15777c3410e59b5b2c83db11b71aa39"
	// ArchivedRunID is "Onboarding - Soylent": archived (status archived, archived_at set).
	ArchivedRunID = "e28e46e4fbeb19782c33a728a770224a"
	// IssueRunID is "Onboarding - Stark Industries": an open process-level issue (status issue), starred.
	IssueRunID = "f8eb7db964833b52a135e6cc88e633d2"
	// FormRunID is "Purchase - 10 laptops": an active run of type form.
	FormRunID = "544f733c560be03b5b63e0e5106ad593"
	// SubprocessRunID is "Security review - Payments": a sub-process (parent_id is set).
	SubprocessRunID = "26f5eb5384000bad3e726325ed7d4ad6"
)

// Ids of sample tasks.
const (
	// SampleTaskID is "Send welcome pack to Globex Corp", the completed first task of SampleRunID,
	// with a text and a multiselect form field filled in.
	SampleTaskID = "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
	// InProgressTaskID is "Kick-off call with Globex Corp", assigned to a user and a guest.
	InProgressTaskID = "6c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f"
	// NotStartedTaskID is "Approve the onboarding plan", an approval assigned to SampleGroupID.
	NotStartedTaskID = "7d3e4f5a6b7c8d9e0f1a2b3c4d5e6f70"
	// OneOffTaskID is a one-off task: run_id, checklist_id and step_id are null.
	OneOffTaskID = "f1d9f8b8287ddec0105d2db870625183"
)

// Ids of sample tags.
const (
	// SampleTagID is the "Enterprise" tag.
	SampleTagID = "4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091"
	// UrgentTagID is the "Urgent" tag.
	UrgentTagID = "ff233b90ad86fd1490a5aacbc974887a"
	// HRTagID is the "HR" tag.
	HRTagID = "8c0c9a91360831f3c87a28f34e744cd6"
	// ProcurementTagID is the "Procurement" tag.
	ProcurementTagID = "4a7d12567093077ffcee1120b7ad9aa3"
	// ComplianceTagID is the "Compliance" tag.
	ComplianceTagID = "864b0647a949251420bd05bddfc79559"
)

// Sample members, groups and guests. User ids are integers and group ids strings, as in the API.
const (
	// SampleUserID is Bob, who owns SampleRunID and most onboarding work.
	SampleUserID = 1002
	// MeUserID is the user the token belongs to unless WithMe says otherwise: Bob, SampleUserID,
	// so listMyTasks lists the onboarding work and the writes are his.
	MeUserID = SampleUserID
	// SecondUserID is Carol, who owns CompleteRunID and the kick-off calls.
	SecondUserID = 1003
	// AdminUserID is Alice, the administrator who runs offboarding.
	AdminUserID = 1001
	// FinanceUserID is Dan, who handles purchases.
	FinanceUserID = 1004
	// SecurityUserID is Erin, who runs security reviews.
	SecurityUserID = 1005
	// SampleGroupID is the "Onboarding team" group, assigned the onboarding approvals.
	SampleGroupID = "53a4e1b2c3d4e5f60718293a4b5c6d7e"
	// FinanceGroupID is the "Finance team" group.
	FinanceGroupID = "2bfb30d513e3c827ce4dc6945ea89bdf"
	// ITGroupID is the "IT" group.
	ITGroupID = "2ae78db8c5bab6cb41cbccffbf387760"
	// SampleGuestEmail is a guest assigned to the Globex kick-off call.
	SampleGuestEmail = "ops@globex.example"
)

// derivedID returns a stable 32-character lowercase hex id for the sample objects that have no
// named constant (most tasks, steps and fields). Hashing a descriptive key keeps the ids
// deterministic across runs and machines without listing hundreds of literals.
func derivedID(parts ...string) string {
	sum := md5.Sum([]byte("tallyfytest/" + strings.Join(parts, "/")))
	return hex.EncodeToString(sum[:])
}
