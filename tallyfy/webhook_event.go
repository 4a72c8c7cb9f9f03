package tallyfy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// WebhookEventType names what a webhook delivery reports. The organization-level
// webhooks carry it in the payload's "event" member (tallyfy/n8n TallyfyTrigger.node.ts,
// citing api-v2); the template- and step-level webhooks carry none, and ParseWebhook
// reads it from the payload's shape. A value not listed here is passed through as sent.
type WebhookEventType string

// The documented event names (tallyfy/n8n TallyfyTrigger.node.ts).
const (
	WebhookProcessLaunched  WebhookEventType = "process.launched"
	WebhookProcessCompleted WebhookEventType = "process.completed"
	WebhookTaskCompleted    WebhookEventType = "task.completed"
	WebhookTaskAssigned     WebhookEventType = "task.assigned"
	WebhookCommentAdded     WebhookEventType = "task.comment_added"
	WebhookIssueRaised      WebhookEventType = "task.issue_raised"
	WebhookIssueResolved    WebhookEventType = "task.issue_resolved"
)

// WebhookEvent is one webhook delivery, read. The payloads are documented in two
// shapes (docs: integrations/webhooks/webhook-payload-structure): a process payload
// (the process's own fields at the top level, with process-tasks, ko-form-fields,
// guest-links and launcher) and a task payload (this_task, launcher, completer,
// process-tasks, form-fields, template, process, guest-links, next_task). Whatever
// part of a payload is missing or has a shape none of the sources shows is left
// zero and named in Unread; Raw always holds the payload as it arrived.
type WebhookEvent struct {
	// Type is the payload's "event", or else what its shape says: a task
	// payload is task.completed; a process payload is process.completed when
	// the process is complete and process.launched otherwise. Empty when
	// neither tells.
	Type WebhookEventType `json:"type"`
	// Inferred is true when the payload had no "event" (a template- or
	// step-level webhook) and Type was read from its shape.
	Inferred bool `json:"inferred,omitempty"`
	// OrgID is the organization the delivery names in X-Tallyfy-orgID.
	OrgID string `json:"org_id"`
	// Process is the process: the top level of a process payload, the
	// "process" member of a task payload.
	Process *WebhookProcess `json:"process,omitempty"`
	// Task is the task the event is about: this_task, or an organization
	// event's "task".
	Task *WebhookTask `json:"task,omitempty"`
	// NextTask is the first visible incomplete task after Task; nil when the
	// payload's next_task is [] or {} (every task is done).
	NextTask *WebhookTask `json:"next_task,omitempty"`
	// Template is the task payload's template {id, title, alias, summary}.
	Template *WebhookTemplate `json:"template,omitempty"`
	// Launcher is who launched the process.
	Launcher *WebhookUser `json:"launcher,omitempty"`
	// Completer is who completed the task (task payloads).
	Completer *WebhookUser `json:"completer,omitempty"`
	// FormFields is every form value by field alias: the task payload's
	// form-fields, or the process payload's ko-form-fields. A value's JSON
	// shape depends on the field's type.
	FormFields map[string]json.RawMessage `json:"form_fields,omitempty"`
	// ProcessTasks maps a task's alias (or id) to its id.
	ProcessTasks map[string]string `json:"process_tasks,omitempty"`
	// GuestLinks maps each guest's email to their direct link.
	GuestLinks map[string]string `json:"guest_links,omitempty"`
	// Unread names the members of the payload that were present but in a
	// shape no source documents; their values are in Raw.
	Unread []string `json:"unread,omitempty"`
	// Raw is the payload as it arrived.
	Raw json.RawMessage `json:"raw"`
}

// WebhookProcess is a process as webhook payloads describe it.
type WebhookProcess struct {
	ID             string      `json:"id"`
	IncrementID    int         `json:"increment_id,omitempty"`
	OrganizationID string      `json:"organization_id,omitempty"`
	ChecklistID    string      `json:"checklist_id,omitempty"`
	ChecklistTitle string      `json:"checklist_title,omitempty"`
	Name           string      `json:"name"`
	Summary        string      `json:"summary,omitempty"`
	Status         string      `json:"status"`
	Progress       Progress    `json:"progress"`
	OwnerID        string      `json:"owner_id,omitempty"`
	StartedBy      string      `json:"started_by,omitempty"`
	CreatedAt      WebhookTime `json:"created_at"`
	StartedAt      WebhookTime `json:"started_at"`
	CompletedAt    WebhookTime `json:"completed_at"`
	DueDate        WebhookTime `json:"due_date"`
	// PrerunStatus is "completed" in the webhook documentation, "complete"
	// in the REST API's.
	PrerunStatus string `json:"prerun_status,omitempty"`
	// Prerun is the kick-off values keyed by field timeline id.
	Prerun map[string]json.RawMessage `json:"prerun,omitempty"`
	// ClientURL is the link to the process in Tallyfy (task payloads).
	ClientURL string `json:"client_url,omitempty"`
	// Tags are the process's tags (task payloads).
	Tags []WebhookTag `json:"tags,omitempty"`
}

// IsComplete reports whether the process is complete: a "completed" or
// "complete" status (the webhook and REST documentation spell it each
// way), or a completion time.
func (p *WebhookProcess) IsComplete() bool {
	return p != nil && (p.Status == "completed" || p.Status == "complete" || p.CompletedAt.Raw != "")
}

// WebhookTask is a task as webhook payloads describe it.
type WebhookTask struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Alias       string       `json:"alias,omitempty"`
	Status      string       `json:"status"`
	Summary     string       `json:"summary,omitempty"`
	Position    int          `json:"position,omitempty"`
	Deadline    WebhookTime  `json:"deadline"`
	CompletedAt WebhookTime  `json:"completed_at"`
	CompletedBy *WebhookUser `json:"completed_by,omitempty"`
	// Captures are the task's form fields by timeline id.
	Captures map[string]WebhookCapture `json:"captures,omitempty"`
	// Owners are the members (Users) and guest emails (Guests) assigned.
	Owners WebhookOwners `json:"owners"`
	// Assets are the files uploaded to the task.
	Assets []WebhookAsset `json:"assets,omitempty"`
}

// WebhookOwners are a task's assignees.
type WebhookOwners struct {
	Users  []WebhookUser `json:"users,omitempty"`
	Guests []string      `json:"guests,omitempty"`
}

// WebhookUser is a user in a webhook payload. The documentation shows
// {id, email, full_name} with string ids; the REST API's ids are integers;
// both are read, as is a bare id.
type WebhookUser struct {
	ID       string `json:"id"`
	Email    string `json:"email,omitempty"`
	FullName string `json:"full_name,omitempty"`
}

// WebhookCapture is one form field of a task: its alias, label and value
// (whose JSON shape depends on the field's type).
type WebhookCapture struct {
	Alias string          `json:"alias"`
	Label string          `json:"label,omitempty"`
	Value json.RawMessage `json:"value"`
}

// WebhookAsset is a file uploaded to a task.
type WebhookAsset struct {
	ID         string `json:"id"`
	Filename   string `json:"filename"`
	Version    string `json:"version,omitempty"`
	PublicLink string `json:"public_link,omitempty"`
}

// WebhookTemplate is the template a task payload's process was launched from.
type WebhookTemplate struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Alias   string `json:"alias,omitempty"`
	Summary string `json:"summary,omitempty"`
}

// WebhookTag is a tag of a process.
type WebhookTag struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Color string `json:"color,omitempty"`
}

// WebhookTime is a date in a webhook payload. Organizations choose ISO 8601
// (the default) or "d/m/Y h:i A T" (docs: webhook-payload-structure, "Date field
// formatting"); both are read. Raw keeps the text as sent; Time is zero when it
// was null, empty or in neither format. A zone abbreviation other than UTC is
// read as Go's time.Parse reads one: with its offset when the local zone knows
// it, else as UTC.
type WebhookTime struct {
	Time time.Time
	Raw  string
}

// webhookTimeLayouts are tried in order.
var webhookTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	time.DateTime,
	time.DateOnly,
	"02/01/2006 03:04 PM MST",
	"02/01/2006 03:04 PM",
	"02/01/2006",
}

// UnmarshalJSON reads a string in either documented format, or null.
func (t *WebhookTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*t = WebhookTime{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date: got %s", jsonKind(b))
	}
	*t = WebhookTime{Raw: s}
	for _, layout := range webhookTimeLayouts {
		if at, err := time.Parse(layout, s); err == nil {
			t.Time = at
			break
		}
	}
	return nil
}

// MarshalJSON writes the date as it was sent, or null.
func (t WebhookTime) MarshalJSON() ([]byte, error) {
	if t.Raw == "" {
		return []byte("null"), nil
	}
	return json.Marshal(t.Raw)
}

// IsZero reports whether no date was sent.
func (t WebhookTime) IsZero() bool { return t.Raw == "" }

// looseString reads a string, a number (an id the REST API sends as an
// integer where the webhook documentation shows a string), a boolean, or null.
type looseString string

func (s *looseString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return fmt.Errorf("empty value")
	case string(b) == "null":
		*s = ""
	case b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = looseString(v)
	case b[0] == '-' || (b[0] >= '0' && b[0] <= '9') || string(b) == "true" || string(b) == "false":
		*s = looseString(b)
	default:
		return fmt.Errorf("a string or number: got %s", jsonKind(b))
	}
	return nil
}

// looseInt reads an integer, a string of one, or null.
type looseInt int

func (n *looseInt) UnmarshalJSON(b []byte) error {
	var s looseString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	if s == "" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseFloat(string(s), 64)
	if err != nil || v != v || v > 1<<53 || v < -(1<<53) {
		return fmt.Errorf("an integer: got %s", jsonKind(b))
	}
	*n = looseInt(v)
	return nil
}

// looseMap reads an object, or [] and null as empty: PHP encodes an empty
// keyed array as [].
type looseMap[V any] map[string]V

func (m *looseMap[V]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" || isEmptyJSONArray(b) {
		*m = nil
		return nil
	}
	var v map[string]V
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*m = v
	return nil
}

// looseList reads an array, or {} and null as empty.
type looseList[V any] []V

func (l *looseList[V]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" || isEmptyJSONObject(b) {
		*l = nil
		return nil
	}
	var v []V
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*l = v
	return nil
}

func isEmptyJSONArray(b []byte) bool {
	return len(b) >= 2 && b[0] == '[' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0 && b[len(b)-1] == ']'
}

func isEmptyJSONObject(b []byte) bool {
	return len(b) >= 2 && b[0] == '{' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0 && b[len(b)-1] == '}'
}

func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// UnmarshalJSON reads {id, email, full_name} (also first_name and last_name),
// or a bare id.
func (u *WebhookUser) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] != '{' {
		var id looseString
		if err := id.UnmarshalJSON(b); err != nil {
			return fmt.Errorf("a user: %w", err)
		}
		*u = WebhookUser{ID: string(id)}
		return nil
	}
	var w struct {
		ID        looseString `json:"id"`
		Email     looseString `json:"email"`
		FullName  looseString `json:"full_name"`
		FirstName looseString `json:"first_name"`
		LastName  looseString `json:"last_name"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	name := string(w.FullName)
	if name == "" && (w.FirstName != "" || w.LastName != "") {
		name = string(bytes.TrimSpace([]byte(string(w.FirstName) + " " + string(w.LastName))))
	}
	*u = WebhookUser{ID: string(w.ID), Email: string(w.Email), FullName: name}
	return nil
}

// UnmarshalJSON reads {alias, label, value}, tolerating numbers for the
// strings.
func (c *WebhookCapture) UnmarshalJSON(b []byte) error {
	var w struct {
		Alias looseString     `json:"alias"`
		Label looseString     `json:"label"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = WebhookCapture{Alias: string(w.Alias), Label: string(w.Label), Value: w.Value}
	return nil
}

// UnmarshalJSON reads an asset; the documentation shows version as "1" in
// the webhook payload and 1 in the upload answer.
func (a *WebhookAsset) UnmarshalJSON(b []byte) error {
	var w struct {
		ID         looseString `json:"id"`
		Filename   looseString `json:"filename"`
		Version    looseString `json:"version"`
		PublicLink looseString `json:"public_link"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = WebhookAsset{ID: string(w.ID), Filename: string(w.Filename), Version: string(w.Version), PublicLink: string(w.PublicLink)}
	return nil
}

// UnmarshalJSON reads a template {id, title, alias, summary}.
func (t *WebhookTemplate) UnmarshalJSON(b []byte) error {
	var w struct {
		ID      looseString `json:"id"`
		Title   looseString `json:"title"`
		Alias   looseString `json:"alias"`
		Summary looseString `json:"summary"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = WebhookTemplate{ID: string(w.ID), Title: string(w.Title), Alias: string(w.Alias), Summary: string(w.Summary)}
	return nil
}

// UnmarshalJSON reads a tag {id, name, color}.
func (t *WebhookTag) UnmarshalJSON(b []byte) error {
	var w struct {
		ID    looseString `json:"id"`
		Name  looseString `json:"name"`
		Color looseString `json:"color"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = WebhookTag{ID: string(w.ID), Name: string(w.Name), Color: string(w.Color)}
	return nil
}

// UnmarshalJSON reads a task; captures may be [] and owners' lists {}.
func (t *WebhookTask) UnmarshalJSON(b []byte) error {
	var w struct {
		ID          looseString              `json:"id"`
		Title       looseString              `json:"title"`
		Alias       looseString              `json:"alias"`
		Status      looseString              `json:"status"`
		Summary     looseString              `json:"summary"`
		Position    looseInt                 `json:"position"`
		Deadline    WebhookTime              `json:"deadline"`
		CompletedAt WebhookTime              `json:"completed_at"`
		CompletedBy *WebhookUser             `json:"completed_by"`
		Captures    looseMap[WebhookCapture] `json:"captures"`
		Owners      *struct {
			Users  looseList[WebhookUser] `json:"users"`
			Guests looseList[looseString] `json:"guests"`
		} `json:"owners"`
		Assets looseList[WebhookAsset] `json:"assets"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*t = WebhookTask{
		ID: string(w.ID), Title: string(w.Title), Alias: string(w.Alias), Status: string(w.Status),
		Summary: string(w.Summary), Position: int(w.Position), Deadline: w.Deadline,
		CompletedAt: w.CompletedAt, CompletedBy: w.CompletedBy, Captures: w.Captures, Assets: w.Assets,
	}
	if w.Owners != nil {
		t.Owners.Users = w.Owners.Users
		for _, g := range w.Owners.Guests {
			t.Owners.Guests = append(t.Owners.Guests, string(g))
		}
	}
	return nil
}

// UnmarshalJSON reads a process, its ids as strings or integers and its
// progress as a percentage or {complete, total, percent}.
func (p *WebhookProcess) UnmarshalJSON(b []byte) error {
	var w struct {
		ID             looseString               `json:"id"`
		IncrementID    looseInt                  `json:"increment_id"`
		OrganizationID looseString               `json:"organization_id"`
		ChecklistID    looseString               `json:"checklist_id"`
		ChecklistTitle looseString               `json:"checklist_title"`
		Name           looseString               `json:"name"`
		Summary        looseString               `json:"summary"`
		Status         looseString               `json:"status"`
		Progress       Progress                  `json:"progress"`
		OwnerID        looseString               `json:"owner_id"`
		StartedBy      looseString               `json:"started_by"`
		CreatedAt      WebhookTime               `json:"created_at"`
		StartedAt      WebhookTime               `json:"started_at"`
		CompletedAt    WebhookTime               `json:"completed_at"`
		DueDate        WebhookTime               `json:"due_date"`
		PrerunStatus   looseString               `json:"prerun_status"`
		Prerun         looseMap[json.RawMessage] `json:"prerun"`
		ClientURL      looseString               `json:"ClientURL"`
		Tags           looseList[WebhookTag]     `json:"tags"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = WebhookProcess{
		ID: string(w.ID), IncrementID: int(w.IncrementID), OrganizationID: string(w.OrganizationID),
		ChecklistID: string(w.ChecklistID), ChecklistTitle: string(w.ChecklistTitle), Name: string(w.Name),
		Summary: string(w.Summary), Status: string(w.Status), Progress: w.Progress, OwnerID: string(w.OwnerID),
		StartedBy: string(w.StartedBy), CreatedAt: w.CreatedAt, StartedAt: w.StartedAt,
		CompletedAt: w.CompletedAt, DueDate: w.DueDate, PrerunStatus: string(w.PrerunStatus),
		Prerun: w.Prerun, ClientURL: string(w.ClientURL), Tags: w.Tags,
	}
	return nil
}

// ParseWebhook reads a webhook payload. orgID is the organization the
// delivery named (X-Tallyfy-orgID); it is recorded, not checked (the
// WebhookHandler checks it). The body must be a JSON object, or the error
// wraps ErrInvalidArgument; any member of it in an undocumented shape is
// left zero and named in Unread rather than failing the event, since a
// refused delivery is never sent again.
func ParseWebhook(orgID string, body []byte) (*WebhookEvent, error) {
	var top map[string]json.RawMessage
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("%w: a webhook payload is a JSON object, got %s", ErrInvalidArgument, jsonKind(trimmed))
	}
	if err := json.Unmarshal(trimmed, &top); err != nil {
		return nil, fmt.Errorf("%w: the webhook payload is not valid JSON: %v", ErrInvalidArgument, err)
	}
	e := &WebhookEvent{OrgID: orgID, Raw: append(json.RawMessage(nil), trimmed...)}
	read := func(key string, v any) bool {
		raw, ok := top[key]
		if !ok {
			return false
		}
		if err := json.Unmarshal(raw, v); err != nil {
			e.Unread = append(e.Unread, key)
			return false
		}
		return true
	}

	if raw, ok := top["event"]; ok {
		var name looseString
		if name.UnmarshalJSON(raw) == nil {
			e.Type = WebhookEventType(name)
		} else {
			e.Unread = append(e.Unread, "event")
		}
	}

	// The task: this_task in the documented task payload, "task" in an
	// organization event (tallyfy/n8n's test payload).
	for _, key := range []string{"this_task", "task"} {
		var t WebhookTask
		if read(key, &t) {
			e.Task = &t
			break
		}
	}
	// The process: "process" in a task payload (and, likely, an
	// organization event); the top level itself in a process payload.
	var p WebhookProcess
	switch {
	case read("process", &p):
		e.Process = &p
	case e.Task == nil && hasAny(top, "checklist_id", "process-tasks", "ko-form-fields", "increment_id"):
		if json.Unmarshal(trimmed, &p) == nil {
			e.Process = &p
		} else {
			e.Unread = append(e.Unread, "(process)")
		}
	}
	if raw, ok := top["next_task"]; ok {
		raw = bytes.TrimSpace(raw)
		if !isEmptyJSONArray(raw) && !isEmptyJSONObject(raw) && string(raw) != "null" {
			var t WebhookTask
			if read("next_task", &t) {
				e.NextTask = &t
			}
		}
	}
	var tpl WebhookTemplate
	if read("template", &tpl) {
		e.Template = &tpl
	}
	var u WebhookUser
	if read("launcher", &u) {
		e.Launcher = &u
	}
	var c WebhookUser
	if read("completer", &c) {
		e.Completer = &c
	}
	var fields looseMap[json.RawMessage]
	if read("form-fields", &fields) || read("ko-form-fields", &fields) {
		e.FormFields = fields
	}
	var tasks looseMap[looseString]
	if read("process-tasks", &tasks) && len(tasks) > 0 {
		e.ProcessTasks = make(map[string]string, len(tasks))
		for k, v := range tasks {
			e.ProcessTasks[k] = string(v)
		}
	}
	var links looseMap[struct {
		Link looseString `json:"link_for_guest"`
	}]
	if read("guest-links", &links) && len(links) > 0 {
		e.GuestLinks = make(map[string]string, len(links))
		for k, v := range links {
			e.GuestLinks[k] = string(v.Link)
		}
	}

	if e.Type == "" {
		switch {
		case e.Task != nil && top["this_task"] != nil:
			e.Type, e.Inferred = WebhookTaskCompleted, true
		case e.Process != nil && e.Task == nil:
			e.Type, e.Inferred = WebhookProcessLaunched, true
			if e.Process.IsComplete() {
				e.Type = WebhookProcessCompleted
			}
		}
	}
	return e, nil
}

func hasAny(m map[string]json.RawMessage, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}

// Key is what identifies the event for deduplication: its type, what it is
// about and when, as the documentation advises (the task id with completed_at
// for a completion: docs integrations/handling-idempotency-in-webhooks-and-api).
// A task completed, reopened and completed again has two keys: two events.
// An event whose payload does not name its subject and time is keyed by its
// type and a hash of its body, so only a byte-identical copy matches.
func (e *WebhookEvent) Key() string {
	switch {
	case e.Type == WebhookTaskCompleted && e.Task != nil && e.Task.ID != "" && e.Task.CompletedAt.Raw != "":
		return string(e.Type) + "|" + e.Task.ID + "|" + e.Task.CompletedAt.Raw
	case e.Type == WebhookProcessLaunched && e.Process != nil && e.Process.ID != "":
		return string(e.Type) + "|" + e.Process.ID
	case e.Type == WebhookProcessCompleted && e.Process != nil && e.Process.ID != "" && e.Process.CompletedAt.Raw != "":
		return string(e.Type) + "|" + e.Process.ID + "|" + e.Process.CompletedAt.Raw
	}
	sum := sha256.Sum256(e.Raw)
	return string(e.Type) + "|sha256:" + hex.EncodeToString(sum[:])
}
