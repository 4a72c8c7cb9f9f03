package tallyfy

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strings"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// maxTemplateTitle is the API's limit on a template's title (documentation
// create-template and update-template: max 250).
const maxTemplateTitle = 250

// TemplateSettings are a template's settings as CreateTemplate and
// UpdateTemplate send them; nil fields are not sent (left as they are on an
// update).
type TemplateSettings struct {
	// Summary is the short description (at most 2000 characters).
	Summary *string
	// Guidance is shown when launching.
	Guidance *string
	// Webhook is the URL called on process launch, on every step's
	// completion and on process completion (documentation
	// integrations/webhooks); "" removes it on an update.
	Webhook *string
	// OwnerID is the member who owns the template.
	OwnerID *int
	// Icon, FolderID, ExplanationVideo, KickoffTitle and KickoffDescription
	// are as the API names them.
	Icon, FolderID, ExplanationVideo, KickoffTitle, KickoffDescription *string
	// DefaultProcessNameFormat names new processes, with AutoNaming.
	DefaultProcessNameFormat *string
	// The switches, as the API names them.
	AutoNaming, AllowLauncherChangeName, IsPublic, IsFeatured, IsPublicKickoff, FolderizeProcess, TagProcess *bool
}

func (s TemplateSettings) check() error {
	var errs []error
	if s.Summary != nil {
		errs = append(errs, checkLength("template summary", *s.Summary, 2000))
	}
	if s.DefaultProcessNameFormat != nil {
		errs = append(errs, checkLength("process name format", *s.DefaultProcessNameFormat, 550))
	}
	for what, v := range map[string]*string{"guidance": s.Guidance, "webhook": s.Webhook, "icon": s.Icon, "kick-off title": s.KickoffTitle, "kick-off description": s.KickoffDescription, "explanation video": s.ExplanationVideo} {
		if v != nil {
			errs = append(errs, checkUTF8("template "+what, *v))
		}
	}
	if s.Webhook != nil && *s.Webhook != "" && !isHTTPURL(*s.Webhook) {
		errs = append(errs, fmt.Errorf("%w: webhook %q is not an http(s) URL", ErrInvalidArgument, displayText(*s.Webhook, 80)))
	}
	if s.FolderID != nil && *s.FolderID != "" {
		errs = append(errs, validateID("folder", *s.FolderID))
	}
	return firstError(errs...)
}

func isHTTPURL(s string) bool {
	return (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && len(s) > len("https://") && !strings.ContainsAny(s, " \t\n")
}

// TemplateAccess is who may use a template: members by user id and groups
// by id. The API replaces both lists with what an update sends, and empties
// one that is left out (mcp #624).
type TemplateAccess struct {
	// Users are member user ids.
	Users []int
	// Groups are group ids.
	Groups []string
}

func (a TemplateAccess) check() error {
	return firstError(checkUserIDs("template", a.Users), validateIDs("group", a.Groups))
}

// body returns both lists as the API takes them; never nil, since a null
// list would be read as "empty".
func (a TemplateAccess) body() ([]int, []string) {
	users, groups := slices.Clone(a.Users), slices.Clone(a.Groups)
	if users == nil {
		users = []int{}
	}
	if groups == nil {
		groups = []string{}
	}
	return users, groups
}

// KickoffFieldInput is a kick-off field as CreateTemplate and UpdateTemplate
// send it: Label, FieldType and Required always; ID to keep an existing
// field; Guidance for help text; Options as {ID, Text}.
type KickoffFieldInput = gen.KickoffFieldInput

// CreateTemplateRequest is what CreateTemplate sends. Title and Type are
// required.
type CreateTemplateRequest struct {
	// Title is the template's title, at most 250 characters.
	Title string
	// Type is "procedure", "form" or "document".
	Type string
	// Settings are the template's other settings.
	Settings TemplateSettings
	// Access lists the members and groups who may use it.
	Access TemplateAccess
	// Prerun are the kick-off fields.
	Prerun []KickoffFieldInput
}

// CreateTemplate creates a template (with its kick-off fields, but no steps:
// add those with CreateStep) and returns it. Not idempotent: an unknown
// outcome says how to check before trying again.
//
// API: POST /organizations/{org}/checklists (createTemplate)
func (c *Client) CreateTemplate(ctx context.Context, req CreateTemplateRequest) (*Template, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	if err := firstError(checkTemplateTitle(req.Title), checkTemplateType(req.Type), req.Settings.check(), req.Access.check(), checkKickoffFields(req.Prerun)); err != nil {
		return nil, err
	}
	s := req.Settings
	body := gen.CreateTemplateRequest{
		Title: req.Title, Type: req.Type, Summary: s.Summary, Guidance: s.Guidance, Webhook: s.Webhook, OwnerID: s.OwnerID,
		Icon: s.Icon, FolderID: s.FolderID, ExplanationVideo: s.ExplanationVideo, KickoffTitle: s.KickoffTitle,
		KickoffDescription: s.KickoffDescription, DefaultProcessNameFormat: s.DefaultProcessNameFormat, AutoNaming: s.AutoNaming,
		AllowLauncherChangeName: s.AllowLauncherChangeName, IsPublic: s.IsPublic, IsFeatured: s.IsFeatured,
		IsPublicKickoff: s.IsPublicKickoff, FolderizeProcess: s.FolderizeProcess, TagProcess: s.TagProcess,
	}
	if len(req.Access.Users)+len(req.Access.Groups) > 0 {
		users, groups := req.Access.body()
		body.Users, body.Groups = &users, &groups
	}
	if len(req.Prerun) > 0 {
		body.Prerun = ptrTo(slices.Clone(req.Prerun))
	}
	path := c.OrganizationPath("checklists")
	check := fmt.Sprintf("list the templates with Query %q (ListTemplates) to see whether it was created", displayText(req.Title, 80))
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CreateTemplate(ctx, c.orgID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Template](resp, http.MethodPost, path)
}

// UpdateTemplateRequest is what UpdateTemplate changes; nil fields are left
// as they are.
type UpdateTemplateRequest struct {
	// Title renames the template. The API needs a title in every update:
	// when nil, the current one is read and sent back.
	Title *string
	// Settings are the settings to change (nil fields are not sent).
	Settings TemplateSettings
	// Access, when set, replaces the members and groups who may use the
	// template (empty lists remove them all). When nil they are kept:
	// UpdateTemplate reads the template and sends its current lists back,
	// since the API empties a list an update leaves out (mcp #624).
	Access *TemplateAccess
	// Prerun, when set, is the complete list of kick-off fields: those with
	// an ID are kept and changed, those without are added. Nil leaves them.
	Prerun *[]KickoffFieldInput
}

// UpdateTemplate changes a template's settings, kick-off fields or webhook
// URL and returns it. It always sends the title and the complete member and
// group lists, reading the template first when Title or Access is nil; a
// read that lacks a list it must send back is refused rather than sent as
// empty. Between that read and the write another client's change would be
// overwritten: set Access to be exact.
//
// API: PUT /organizations/{org}/checklists/{checklist_id} (updateTemplate);
// GET the template first when needed.
func (c *Client) UpdateTemplate(ctx context.Context, templateID string, req UpdateTemplateRequest) (*Template, error) {
	if err := c.prepare(ctx, "template", templateID); err != nil {
		return nil, err
	}
	checks := []error{req.Settings.check()}
	if req.Title != nil {
		checks = append(checks, checkTemplateTitle(*req.Title))
	}
	if req.Access != nil {
		checks = append(checks, req.Access.check())
	}
	if req.Prerun != nil {
		checks = append(checks, checkKickoffFields(*req.Prerun))
	}
	if err := firstError(checks...); err != nil {
		return nil, err
	}
	title, access := req.Title, req.Access
	if title == nil || access == nil {
		t, err := c.GetTemplate(ctx, templateID, nil)
		if err != nil {
			return nil, fmt.Errorf("reading template %s before updating it: %w", templateID, err)
		}
		if title == nil {
			if t.Title == "" {
				return nil, fmt.Errorf("%w: the read of template %s has no title to send back and the API needs one in every update: set Title", ErrInvalidArgument, templateID)
			}
			title = &t.Title
		}
		if access == nil {
			if t.Users == nil || t.Groups == nil {
				return nil, fmt.Errorf("%w: the read of template %s lacks its users or groups, and an update without them would empty them: set Access to the complete lists", ErrInvalidArgument, templateID)
			}
			access = &TemplateAccess{Users: slices.Clone(*t.Users), Groups: slices.Clone(*t.Groups)}
		}
	}
	s := req.Settings
	users, groups := access.body()
	body := gen.UpdateTemplateRequest{
		Title: *title, Users: users, Groups: groups, Summary: s.Summary, Guidance: s.Guidance, Webhook: s.Webhook,
		OwnerID: s.OwnerID, Icon: s.Icon, FolderID: s.FolderID, ExplanationVideo: s.ExplanationVideo,
		KickoffTitle: s.KickoffTitle, KickoffDescription: s.KickoffDescription,
		DefaultProcessNameFormat: s.DefaultProcessNameFormat, AutoNaming: s.AutoNaming,
		AllowLauncherChangeName: s.AllowLauncherChangeName, IsPublic: s.IsPublic, IsFeatured: s.IsFeatured,
		IsPublicKickoff: s.IsPublicKickoff, FolderizeProcess: s.FolderizeProcess, TagProcess: s.TagProcess,
	}
	if req.Prerun != nil {
		body.Prerun = ptrTo(nonNilSlice(slices.Clone(*req.Prerun)))
	}
	path := c.OrganizationPath("checklists", templateID)
	check := fmt.Sprintf("read template %s (GetTemplate) to see whether it changed", templateID)
	resp, err := c.write(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.UpdateTemplate(ctx, c.orgID, templateID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Template](resp, http.MethodPut, path)
}

// TemplateDeleted is the answer to ArchiveTemplate and DeleteTemplate: a
// message and the references removed with the template.
type TemplateDeleted = gen.TemplateDeleted

// ArchiveTemplate archives a template: it is hidden, processes launched from
// it keep running, and RestoreTemplate brings it back.
//
// API: DELETE /organizations/{org}/checklists/{checklist_id} (archiveTemplate)
func (c *Client) ArchiveTemplate(ctx context.Context, templateID string) (*TemplateDeleted, error) {
	return c.templateDelete(ctx, templateID, false)
}

// DeleteTemplate deletes an archived template for good; it cannot be undone,
// and the API refuses a template that is not archived (ArchiveTemplate
// first). It needs an administrator.
//
// API: DELETE /organizations/{org}/checklists/{checklist_id}/delete (deleteTemplate)
func (c *Client) DeleteTemplate(ctx context.Context, templateID string) (*TemplateDeleted, error) {
	return c.templateDelete(ctx, templateID, true)
}

func (c *Client) templateDelete(ctx context.Context, templateID string, permanently bool) (*TemplateDeleted, error) {
	if err := c.prepare(ctx, "template", templateID); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("checklists", templateID)
	check := fmt.Sprintf("list archived templates (ListTemplates with Archived \"only\") to see whether %s is there", templateID)
	call := func() (*http.Response, error) { return c.api.ArchiveTemplate(ctx, c.orgID, templateID) }
	if permanently {
		path += "/delete"
		check = fmt.Sprintf("list archived templates (ListTemplates with Archived \"only\"): %s is gone once deleted", templateID)
		call = func() (*http.Response, error) { return c.api.DeleteTemplate(ctx, c.orgID, templateID) }
	}
	resp, err := c.write(http.MethodDelete, path, check, call)
	if err != nil {
		return nil, err
	}
	defer releaseBody(resp)
	// The answer is a bare object, not a Fractal item (documentation
	// delete-archive-template); an empty one is accepted too.
	var v TemplateDeleted
	if len(bytes.TrimSpace(resp)) == 0 {
		return &v, nil
	}
	if err := decodeJSON(resp, &v); err != nil {
		return nil, carriedOut(err, http.MethodDelete, path)
	}
	return &v, nil
}

// RestoreTemplate brings an archived template back and returns it.
//
// API: PUT /organizations/{org}/checklists/{checklist_id}/restore (restoreTemplate)
func (c *Client) RestoreTemplate(ctx context.Context, templateID string) (*Template, error) {
	return c.templateAction(ctx, templateID, "restore", func() (*http.Response, error) {
		return c.api.RestoreTemplate(ctx, c.orgID, templateID)
	})
}

// PublishTemplate publishes a template's draft, so that new processes launch
// from it, and returns it.
//
// API: PUT /organizations/{org}/checklists/{checklist_id}/publish (publishTemplate)
func (c *Client) PublishTemplate(ctx context.Context, templateID string) (*Template, error) {
	return c.templateAction(ctx, templateID, "publish", func() (*http.Response, error) {
		return c.api.PublishTemplate(ctx, c.orgID, templateID)
	})
}

func (c *Client) templateAction(ctx context.Context, templateID, action string, call func() (*http.Response, error)) (*Template, error) {
	if err := c.prepare(ctx, "template", templateID); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("checklists", templateID, action)
	check := fmt.Sprintf("read template %s (GetTemplate) to see whether it changed", templateID)
	resp, err := c.write(http.MethodPut, path, check, call)
	if err != nil {
		return nil, err
	}
	return written[Template](resp, http.MethodPut, path)
}

// CloneTemplateRequest is what CloneTemplate sends.
type CloneTemplateRequest struct {
	// Title is the copy's title (at most 250 characters); empty lets the
	// API choose.
	Title string
}

// CloneTemplate copies a template, with its steps, form fields and
// automations, and returns the copy. Not idempotent: every call makes
// another copy.
//
// API: POST /organizations/{org}/checklists/{checklist_id}/clone (cloneTemplate)
func (c *Client) CloneTemplate(ctx context.Context, templateID string, req CloneTemplateRequest) (*Template, error) {
	if err := c.prepare(ctx, "template", templateID); err != nil {
		return nil, err
	}
	body := gen.CloneTemplateRequest{Tenant: c.orgID}
	if req.Title != "" {
		if err := checkTemplateTitle(req.Title); err != nil {
			return nil, err
		}
		body.Title = &req.Title
	}
	path := c.OrganizationPath("checklists", templateID, "clone")
	check := "list the templates (ListTemplates) to see whether the copy was made"
	if req.Title != "" {
		check = fmt.Sprintf("list the templates with Query %q (ListTemplates) to see whether the copy was made", displayText(req.Title, 80))
	}
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CloneTemplate(ctx, c.orgID, templateID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Template](resp, http.MethodPost, path)
}

// ListKickoffFieldsOptions pages ListKickoffFields.
type ListKickoffFieldsOptions struct {
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's).
	PerPage int
}

// ListKickoffFields iterates over a template's kick-off field definitions,
// in form order. GetTemplate returns the same list in Prerun.
//
// API: GET /organizations/{org}/checklists/{checklist_id}/form-fields (listKickoffFields)
func (c *Client) ListKickoffFields(ctx context.Context, templateID string, opts *ListKickoffFieldsOptions) iter.Seq2[*KickoffField, error] {
	return listItems(c, ctx, opts, c.kickoffFieldsPage(templateID), "template", templateID)
}

// ListKickoffFieldsPage returns one page of a template's kick-off fields.
//
// API: GET /organizations/{org}/checklists/{checklist_id}/form-fields (listKickoffFields)
func (c *Client) ListKickoffFieldsPage(ctx context.Context, templateID string, opts *ListKickoffFieldsOptions) (*Page[KickoffField], error) {
	return listPage(c, ctx, opts, c.kickoffFieldsPage(templateID), "template", templateID)
}

func (o *ListKickoffFieldsOptions) check() error { return validatePaging(o.Page, o.PerPage) }
func (o *ListKickoffFieldsOptions) start() int   { return max(o.Page, 1) }
func (o *ListKickoffFieldsOptions) clone() ListKickoffFieldsOptions {
	return *o
}

func (c *Client) kickoffFieldsPage(templateID string) fetchWith[*ListKickoffFieldsOptions, KickoffField] {
	return func(ctx context.Context, o *ListKickoffFieldsOptions, page int) (*Page[KickoffField], error) {
		params := &gen.ListKickoffFieldsParams{Page: &page, PerPage: optInt(o.PerPage)}
		body, err := exchange(func() (*http.Response, error) { return c.api.ListKickoffFields(ctx, c.orgID, templateID, params) })
		if err != nil {
			return nil, err
		}
		defer releaseBody(body)
		return list[KickoffField](body)
	}
}

// DeleteKickoffField removes one kick-off field from a template. Values
// given for it in processes already launched stay.
//
// API: DELETE /organizations/{org}/checklists/{checklist_id}/preruns/{prerun_id} (deleteKickoffField)
func (c *Client) DeleteKickoffField(ctx context.Context, templateID, fieldID string) error {
	if err := c.prepare(ctx, "template", templateID, "field", fieldID); err != nil {
		return err
	}
	path := c.OrganizationPath("checklists", templateID, "preruns", fieldID)
	check := fmt.Sprintf("list the kick-off fields of template %s (ListKickoffFields) to see whether %s is gone", templateID, fieldID)
	resp, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.DeleteKickoffField(ctx, c.orgID, templateID, fieldID)
	})
	releaseBody(resp)
	return err
}

func checkTemplateTitle(title string) error {
	if strings.TrimSpace(title) == "" {
		return fmt.Errorf("%w: template title is empty", ErrInvalidArgument)
	}
	return checkLength("template title", title, maxTemplateTitle)
}

func checkTemplateType(t string) error {
	switch t {
	case "procedure", "form", "document":
		return nil
	case "":
		return fmt.Errorf("%w: template type is empty: want procedure, form or document", ErrInvalidArgument)
	}
	return fmt.Errorf("%w: template type %q: want procedure, form or document", ErrInvalidArgument, displayText(t, 40))
}

// checkKickoffFields checks kick-off fields as checkFieldShape does a step's.
func checkKickoffFields(fields []KickoffFieldInput) error {
	for i, f := range fields {
		if f.ID != nil {
			if err := validateID("field", *f.ID); err != nil {
				return err
			}
		}
		if err := checkFieldShape(fmt.Sprintf("kick-off field %d", i+1), f.Label, f.FieldType, sliceOf(f.Options), sliceOf(f.Columns)); err != nil {
			return err
		}
	}
	return nil
}

// choiceFieldTypes need options; the API refuses them without (official MCP
// server, tools/form_fields.py).
var choiceFieldTypes = map[string]bool{"radio": true, "dropdown": true, "multiselect": true}

// checkFieldShape refuses a field the API would refuse or keep in part: no
// label or type, a choice field without options or with an option without
// text (mcp #627), a table without columns.
func checkFieldShape(what, label, fieldType string, options []FieldOption, columns []gen.FieldColumn) error {
	if strings.TrimSpace(label) == "" {
		return fmt.Errorf("%w: %s has no label", ErrInvalidArgument, what)
	}
	if fieldType == "" {
		return fmt.Errorf("%w: %s (%q) has no field type", ErrInvalidArgument, what, displayText(label, 40))
	}
	if choiceFieldTypes[fieldType] && len(options) == 0 {
		return fmt.Errorf("%w: %s (%q) is a %s field without options", ErrInvalidArgument, what, displayText(label, 40), fieldType)
	}
	for _, o := range options {
		if strings.TrimSpace(o.Text) == "" {
			return fmt.Errorf("%w: %s (%q) has an option without text; options are {id, text}", ErrInvalidArgument, what, displayText(label, 40))
		}
	}
	if fieldType == "table" && len(columns) == 0 {
		return fmt.Errorf("%w: %s (%q) is a table without columns", ErrInvalidArgument, what, displayText(label, 40))
	}
	return checkUTF8(what+" label", label)
}

func ptrTo[T any](v T) *T { return &v }

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// sliceOf is the list p points to, nil for nil.
func sliceOf[T any](p *[]T) []T {
	if p == nil {
		return nil
	}
	return *p
}
