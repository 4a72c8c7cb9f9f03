package tallyfy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strconv"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Custom fields are an organization's own labelled metadata on records
// (documentation open-api/custom-fields): admins define keys, and each
// record holds values under them. They are not form fields.

// CustomFieldKey is the definition of a custom field: its key, the record
// type it applies to and its field type.
type CustomFieldKey = gen.CustomFieldKey

// CustomFieldType is the type of a custom field key. A closed set.
type CustomFieldType = gen.CustomFieldType

// Values of CustomFieldType (documentation open-api/custom-fields, "Field
// types").
const (
	CustomFieldText        = gen.CustomFieldTypeText
	CustomFieldTextarea    = gen.CustomFieldTypeTextarea
	CustomFieldNumber      = gen.CustomFieldTypeNumber
	CustomFieldBoolean     = gen.CustomFieldTypeBoolean
	CustomFieldDate        = gen.CustomFieldTypeDate
	CustomFieldEmail       = gen.CustomFieldTypeEmail
	CustomFieldURL         = gen.CustomFieldTypeURL
	CustomFieldRadio       = gen.CustomFieldTypeRadio
	CustomFieldDropdown    = gen.CustomFieldTypeDropdown
	CustomFieldMultiselect = gen.CustomFieldTypeMultiselect
	CustomFieldTable       = gen.CustomFieldTypeTable
)

// CustomFieldValues are a record's custom field values by key; a value's
// JSON type follows its key's field type (a string, a number, a boolean, a
// list for multiselect and table).
type CustomFieldValues = map[string]any

// RecordKind is the kind of record custom field values are on: the ten the
// documentation lists, each with its own path. A closed set.
type RecordKind string

// Values of RecordKind (documentation open-api/custom-fields, "What you can
// attach custom fields to").
const (
	RecordProcess      RecordKind = "process"       // runs/{ID}
	RecordTask         RecordKind = "task"          // runs/{RunID}/tasks/{ID}
	RecordMember       RecordKind = "member"        // users/{MemberID}
	RecordGuest        RecordKind = "guest"         // guests/{ID}
	RecordFolder       RecordKind = "folder"        // folders/{ID}
	RecordTag          RecordKind = "tag"           // tags/{ID}
	RecordTemplate     RecordKind = "template"      // checklists/{ID}
	RecordStep         RecordKind = "step"          // checklists/{TemplateID}/steps/{ID}
	RecordFormField    RecordKind = "form_field"    // checklists/{TemplateID}/steps/{StepID}/captures/{ID}
	RecordKickoffField RecordKind = "kickoff_field" // checklists/{TemplateID}/preruns/{ID}
)

// SetsOneValue reports whether the API can set or remove one value of a
// record of kind k (SetCustomField, DeleteCustomField). The template side
// (templates, steps, form fields, kick-off fields) saves its values only as
// a whole, with ReplaceCustomFields: "no single-key PATCH by design"
// (documentation open-api/custom-fields).
func (k RecordKind) SetsOneValue() bool {
	switch k {
	case RecordProcess, RecordTask, RecordMember, RecordGuest, RecordFolder, RecordTag:
		return true
	}
	return false
}

// Record names one record custom field values are on. Build it with
// ProcessRecord, TaskRecord, MemberRecord, GuestRecord, FolderRecord,
// TagRecord, TemplateRecord, StepRecord, FormFieldRecord or
// KickoffFieldRecord.
type Record struct {
	// Kind is the kind of record.
	Kind RecordKind
	// ID is the record's own id (a guest's email or id); unused for a
	// member.
	ID string
	// RunID is a task's process.
	RunID string
	// TemplateID is a step's, form field's or kick-off field's template.
	TemplateID string
	// StepID is a form field's step.
	StepID string
	// MemberID is a member's user id.
	MemberID int
}

// ProcessRecord names a process.
func ProcessRecord(runID string) Record { return Record{Kind: RecordProcess, ID: runID} }

// TaskRecord names a task of a process.
func TaskRecord(runID, taskID string) Record {
	return Record{Kind: RecordTask, RunID: runID, ID: taskID}
}

// MemberRecord names a member.
func MemberRecord(userID int) Record { return Record{Kind: RecordMember, MemberID: userID} }

// GuestRecord names a guest, by email or id.
func GuestRecord(guest string) Record { return Record{Kind: RecordGuest, ID: guest} }

// FolderRecord names a folder.
func FolderRecord(folderID string) Record { return Record{Kind: RecordFolder, ID: folderID} }

// TagRecord names a tag.
func TagRecord(tagID string) Record { return Record{Kind: RecordTag, ID: tagID} }

// TemplateRecord names a template.
func TemplateRecord(templateID string) Record { return Record{Kind: RecordTemplate, ID: templateID} }

// StepRecord names a step of a template.
func StepRecord(templateID, stepID string) Record {
	return Record{Kind: RecordStep, TemplateID: templateID, ID: stepID}
}

// FormFieldRecord names a form field of a template's step.
func FormFieldRecord(templateID, stepID, fieldID string) Record {
	return Record{Kind: RecordFormField, TemplateID: templateID, StepID: stepID, ID: fieldID}
}

// KickoffFieldRecord names a kick-off field of a template.
func KickoffFieldRecord(templateID, fieldID string) Record {
	return Record{Kind: RecordKickoffField, TemplateID: templateID, ID: fieldID}
}

// String names the record as its path does, for messages.
func (r Record) String() string {
	return fmt.Sprintf("%s %v", r.Kind, r.segments())
}

// segments are the record's path below the organization.
func (r Record) segments() []string {
	switch r.Kind {
	case RecordProcess:
		return []string{"runs", r.ID}
	case RecordTask:
		return []string{"runs", r.RunID, "tasks", r.ID}
	case RecordMember:
		return []string{"users", strconv.Itoa(r.MemberID)}
	case RecordGuest:
		return []string{"guests", r.ID}
	case RecordFolder:
		return []string{"folders", r.ID}
	case RecordTag:
		return []string{"tags", r.ID}
	case RecordTemplate:
		return []string{"checklists", r.ID}
	case RecordStep:
		return []string{"checklists", r.TemplateID, "steps", r.ID}
	case RecordFormField:
		return []string{"checklists", r.TemplateID, "steps", r.StepID, "captures", r.ID}
	case RecordKickoffField:
		return []string{"checklists", r.TemplateID, "preruns", r.ID}
	}
	return nil
}

// check checks the organization, the kind and every id of the record.
func (c *Client) prepareRecord(ctx context.Context, r Record) error {
	if err := c.prepare(ctx); err != nil {
		return err
	}
	var ids []string
	switch r.Kind {
	case RecordProcess:
		ids = []string{"run", r.ID}
	case RecordTask:
		ids = []string{"run", r.RunID, "task", r.ID}
	case RecordMember:
		return checkUserIDs("member", []int{r.MemberID})
	case RecordGuest:
		return checkGuestKey(r.ID)
	case RecordFolder:
		ids = []string{"folder", r.ID}
	case RecordTag:
		ids = []string{"tag", r.ID}
	case RecordTemplate:
		ids = []string{"template", r.ID}
	case RecordStep:
		ids = []string{"template", r.TemplateID, "step", r.ID}
	case RecordFormField:
		ids = []string{"template", r.TemplateID, "step", r.StepID, "field", r.ID}
	case RecordKickoffField:
		ids = []string{"template", r.TemplateID, "kick-off field", r.ID}
	default:
		return fmt.Errorf("%w: record kind %q: use RecordProcess, RecordTask, RecordMember, RecordGuest, RecordFolder, RecordTag, RecordTemplate, RecordStep, RecordFormField or RecordKickoffField", ErrInvalidArgument, string(r.Kind))
	}
	for i := 0; i+1 < len(ids); i += 2 {
		if err := validateID(ids[i], ids[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// GetCustomFields returns the custom field values of a record. A member's
// and a guest's are read only this way; the other records also carry them
// in their own reads (`custom_fields`). Values are visible to members only
// (documentation open-api/custom-fields).
//
// API: GET /organizations/{org}/{record}/custom-fields (getRunCustomFields,
// getTaskCustomFields, … one per RecordKind)
func (c *Client) GetCustomFields(ctx context.Context, rec Record) (CustomFieldValues, error) {
	if err := c.prepareRecord(ctx, rec); err != nil {
		return nil, err
	}
	body, err := exchange(func() (*http.Response, error) { return c.getCustomFields(ctx, rec) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return customFieldValues(body)
}

// customFieldValues finds the values in an answer whose shape is not
// documented: data.custom_fields, custom_fields, data, or the body itself.
func customFieldValues(body []byte) (CustomFieldValues, error) {
	var env map[string]json.RawMessage
	if err := decodeJSON(body, &env); err != nil {
		return nil, err
	}
	for range 2 {
		if raw, ok := env["custom_fields"]; ok {
			return decodeValues(raw)
		}
		raw, ok := env["data"]
		if !ok {
			break
		}
		var inner map[string]json.RawMessage
		if !isObject(raw) || decodeJSON(raw, &inner) != nil {
			return decodeValues(raw)
		}
		if _, nested := inner["custom_fields"]; !nested {
			return decodeValues(raw)
		}
		env = inner
	}
	return decodeValues(body)
}

// isObject reports a JSON object.
func isObject(raw []byte) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '{'
}

// decodeValues decodes an object of values; PHP's empty array ([]) and
// null are no values.
func decodeValues(raw []byte) (CustomFieldValues, error) {
	if t := string(bytes.TrimSpace(raw)); t == "[]" || t == "null" {
		return CustomFieldValues{}, nil
	}
	var v CustomFieldValues
	if err := decodeJSON(raw, &v); err != nil {
		return nil, err
	}
	if v == nil {
		v = CustomFieldValues{} // "custom_fields": null is no values
	}
	return v, nil
}

// ReplaceCustomFieldsRequest is every custom field value a record is to
// hold after ReplaceCustomFields.
type ReplaceCustomFieldsRequest struct {
	// Values are the record's values afterwards: any organization key left
	// out is cleared, and a required key must be present (else 422).
	Values CustomFieldValues
	// ClearAll must be set to send no values at all, which clears every
	// optional value of the record; without it an empty Values is refused,
	// since it is more likely a mistake than a wish to wipe the record.
	ClearAll bool
}

// ReplaceCustomFields replaces the whole set of a record's custom field
// values: a key left out of req.Values is cleared (system keys are kept).
// To change one value of a process, task, member, guest, folder or tag
// without touching the rest, use SetCustomField; templates, steps, form
// fields and kick-off fields have only this replace (documentation
// open-api/custom-fields). Safe to repeat.
//
// API: PUT /organizations/{org}/{record}/custom-fields
// (replaceRunCustomFields, … one per RecordKind)
func (c *Client) ReplaceCustomFields(ctx context.Context, rec Record, req ReplaceCustomFieldsRequest) error {
	if err := c.prepareRecord(ctx, rec); err != nil {
		return err
	}
	if len(req.Values) == 0 && !req.ClearAll {
		return fmt.Errorf("%w: replacing the custom fields of %s with no values would clear them all: set ClearAll to mean it, or use SetCustomField for one value", ErrInvalidArgument, rec)
	}
	if len(req.Values) > 0 && req.ClearAll {
		return fmt.Errorf("%w: ClearAll with %d values: set one or the other", ErrInvalidArgument, len(req.Values))
	}
	for k := range req.Values {
		if err := checkCustomFieldKey(k); err != nil {
			return err
		}
	}
	values := gen.CustomFieldValues(req.Values)
	if values == nil {
		values = gen.CustomFieldValues{}
	}
	body := gen.ReplaceCustomFieldsRequest{CustomFields: values}
	path := c.OrganizationPath(append(rec.segments(), "custom-fields")...)
	check := fmt.Sprintf("read the custom fields of %s (GetCustomFields) to see whether they changed", rec)
	resp, err := c.write(http.MethodPut, path, check, func() (*http.Response, error) { return c.replaceCustomFields(ctx, rec, body) })
	releaseBody(resp)
	return err
}

// SetCustomField sets one custom field value of a process, task, member,
// guest, folder or tag and leaves the others as they are (PATCH; no
// required-key check). The template side has no single-value write: it is
// refused before sending (RecordKind.SetsOneValue), rather than read and
// written back whole.
//
// API: PATCH /organizations/{org}/{record}/custom-fields/{key}
// (setRunCustomField, … one per RecordKind that has it)
func (c *Client) SetCustomField(ctx context.Context, rec Record, key string, req SetCustomFieldRequest) error {
	if err := c.prepareOneValue(ctx, rec, key); err != nil {
		return err
	}
	body := gen.SetCustomFieldRequest{Value: req.Value}
	path := c.OrganizationPath(append(rec.segments(), "custom-fields", key)...)
	check := fmt.Sprintf("read the custom fields of %s (GetCustomFields) to see whether %s changed", rec, key)
	resp, err := c.write(http.MethodPatch, path, check, func() (*http.Response, error) { return c.setCustomField(ctx, rec, key, body) })
	releaseBody(resp)
	return err
}

// SetCustomFieldRequest is the value SetCustomField sets.
type SetCustomFieldRequest struct {
	// Value is sent as given; its JSON type follows the key's field type.
	Value any
}

// DeleteCustomField removes one custom field value of a process, task,
// member, guest, folder or tag. A system key's value cannot be removed
// (403). The template side is refused before sending, as for
// SetCustomField.
//
// API: DELETE /organizations/{org}/{record}/custom-fields/{key}
// (deleteRunCustomField, … one per RecordKind that has it)
func (c *Client) DeleteCustomField(ctx context.Context, rec Record, key string) error {
	if err := c.prepareOneValue(ctx, rec, key); err != nil {
		return err
	}
	path := c.OrganizationPath(append(rec.segments(), "custom-fields", key)...)
	check := fmt.Sprintf("read the custom fields of %s (GetCustomFields) to see whether %s is gone", rec, key)
	resp, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) { return c.deleteCustomField(ctx, rec, key) })
	releaseBody(resp)
	return err
}

func (c *Client) prepareOneValue(ctx context.Context, rec Record, key string) error {
	if err := c.prepareRecord(ctx, rec); err != nil {
		return err
	}
	if !rec.Kind.SetsOneValue() {
		return fmt.Errorf("%w: a %s's custom fields are saved only as a whole (documentation: no single-key PATCH on the template side): use ReplaceCustomFields with every value", ErrInvalidArgument, rec.Kind)
	}
	return checkCustomFieldKey(key)
}

// checkCustomFieldKey refuses a key that is not a name (the spec's
// CustomFieldKeyName): it goes in the path.
func checkCustomFieldKey(key string) error {
	if !isName(key) || len(key) > 255 {
		return fmt.Errorf("%w: custom field key %q: keys are names such as %q", ErrInvalidArgument, displayText(key, 80), "cost_center")
	}
	return nil
}

// ListCustomFieldKeysOptions filters and pages ListCustomFieldKeys.
type ListCustomFieldKeysOptions struct {
	// AppliesTo keeps the keys of one record type, e.g. "process".
	AppliesTo string
	// KeyType keeps organization keys ("org") or system keys ("system").
	KeyType string
	// FieldType keeps the keys of one field type.
	FieldType CustomFieldType
	// Required and Active keep required or optional, active or inactive
	// keys; nil keeps both.
	Required, Active *bool
	// Query keeps keys matching this text.
	Query string
	// SortBy is a field to sort by; Descending reverses it.
	SortBy     string
	Descending bool
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100.
	PerPage int
}

// ListCustomFieldKeys iterates over the organization's custom field keys,
// page by page.
//
// API: GET /organizations/{org}/custom-field-keys (listCustomFieldKeys)
func (c *Client) ListCustomFieldKeys(ctx context.Context, opts *ListCustomFieldKeysOptions) iter.Seq2[*CustomFieldKey, error] {
	return listItems(c, ctx, opts, c.customFieldKeysPage)
}

// ListCustomFieldKeysPage returns one page of keys; Page.Next fetches the
// ones after it.
//
// API: GET /organizations/{org}/custom-field-keys (listCustomFieldKeys)
func (c *Client) ListCustomFieldKeysPage(ctx context.Context, opts *ListCustomFieldKeysOptions) (*Page[CustomFieldKey], error) {
	return listPage(c, ctx, opts, c.customFieldKeysPage)
}

func (o *ListCustomFieldKeysOptions) check() error {
	checks := []error{validatePaging(o.Page, o.PerPage), checkUTF8("key query", o.Query)}
	for what, v := range map[string]string{"applies_to": o.AppliesTo, "key_type": o.KeyType, "sort_by": o.SortBy} {
		if v != "" && !isName(v) {
			checks = append(checks, fmt.Errorf("%w: %s %q is not a name such as %q", ErrInvalidArgument, what, v, "process"))
		}
	}
	if o.FieldType != "" && !o.FieldType.Valid() {
		checks = append(checks, fmt.Errorf("%w: field type %q is not one of the documented eleven", ErrInvalidArgument, string(o.FieldType)))
	}
	return firstError(checks...)
}

func (o *ListCustomFieldKeysOptions) start() int { return max(o.Page, 1) }

func (o *ListCustomFieldKeysOptions) clone() ListCustomFieldKeysOptions { return *o }

func (c *Client) customFieldKeysPage(ctx context.Context, o *ListCustomFieldKeysOptions, page int) (*Page[CustomFieldKey], error) {
	params := &gen.ListCustomFieldKeysParams{
		AppliesTo: optString(o.AppliesTo), KeyType: optString(o.KeyType), FieldType: optEnum(o.FieldType),
		IsRequired: o.Required, IsActive: o.Active, Q: optString(o.Query), SortBy: optString(o.SortBy),
		Page: &page, PerPage: optInt(o.PerPage),
	}
	if o.Descending {
		params.SortDirection = Ptr(gen.ListCustomFieldKeysParamsSortDirectionDesc)
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListCustomFieldKeys(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[CustomFieldKey](body)
}

// CreateCustomFieldKeyRequest defines a key. Key, AppliesTo and FieldType
// are required and cannot change later.
type CreateCustomFieldKeyRequest struct {
	// Key is the name values are stored under, e.g. "cost_center".
	Key string
	// AppliesTo is the record type, e.g. "process" (the documentation's
	// example; the other accepted values are in the live API reference).
	AppliesTo string
	// FieldType is the type of the values.
	FieldType CustomFieldType
	// Required makes every record of the type need a value.
	Required bool
	// Inactive defines the key switched off; the default is active.
	Inactive bool
	// Options are a radio's, dropdown's or multiselect's choices and
	// Columns a table's, sent as given: their schema is in the live API
	// reference only.
	Options, Columns []map[string]any
}

// CreateCustomFieldKey defines a custom field key (admins only). Not
// idempotent: an unknown outcome says how to check before trying again.
//
// API: POST /organizations/{org}/custom-field-keys (createCustomFieldKey)
func (c *Client) CreateCustomFieldKey(ctx context.Context, req CreateCustomFieldKeyRequest) (*CustomFieldKey, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	checks := []error{checkCustomFieldKey(req.Key)}
	if !isName(req.AppliesTo) {
		checks = append(checks, fmt.Errorf("%w: AppliesTo %q: name the record type, e.g. %q", ErrInvalidArgument, req.AppliesTo, "process"))
	}
	if !req.FieldType.Valid() {
		checks = append(checks, fmt.Errorf("%w: field type %q is not one of the documented eleven", ErrInvalidArgument, string(req.FieldType)))
	}
	if err := firstError(checks...); err != nil {
		return nil, err
	}
	body := gen.CreateCustomFieldKeyRequest{
		Key: req.Key, AppliesTo: req.AppliesTo, FieldType: req.FieldType,
		IsRequired: Ptr(req.Required), IsActive: Ptr(!req.Inactive),
		Options: optSlice(req.Options), Columns: optSlice(req.Columns),
	}
	path := c.OrganizationPath("custom-field-keys")
	check := fmt.Sprintf("list the keys applying to %q (ListCustomFieldKeys) to see whether %q was defined", req.AppliesTo, req.Key)
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CreateCustomFieldKey(ctx, c.orgID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[CustomFieldKey](resp, http.MethodPost, path)
}
