package tallyfy

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"slices"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// GetTemplateOptions chooses what GetTemplate returns besides the template.
type GetTemplateOptions struct {
	// With lists relations to include, e.g. TemplateIncludeSteps,
	// TemplateIncludeTags.
	With []TemplateInclude
	// EntireFolderTree returns the template's whole folder path with
	// IncludeFolder.
	EntireFolderTree bool
	// Version asks for a published version of the template (0: the latest).
	Version int
}

// GetTemplate returns one template (checklist). Its kick-off fields (Prerun)
// and automated actions are always included.
//
// API: GET /organizations/{org}/checklists/{checklist_id} (getTemplate)
func (c *Client) GetTemplate(ctx context.Context, templateID string, opts *GetTemplateOptions) (*Template, error) {
	if err := c.prepare(ctx, "template", templateID); err != nil {
		return nil, err
	}
	params := &gen.GetTemplateParams{}
	if opts != nil {
		if err := validateIncludes(opts.With); err != nil {
			return nil, err
		}
		if opts.Version < 0 {
			return nil, fmt.Errorf("%w: template version %d must be 1 or more", ErrInvalidArgument, opts.Version)
		}
		params.With = optSlice(opts.With)
		if opts.EntireFolderTree {
			params.EntireFolderTree = optEnum(gen.GetTemplateParamsEntireFolderTree("1"))
		}
		params.Version = optInt(opts.Version)
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetTemplate(ctx, c.orgID, templateID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[Template](body)
}

// ListTemplatesOptions filters, sorts and pages ListTemplates.
type ListTemplatesOptions struct {
	// Query keeps templates whose title contains this text (any case).
	Query string
	// Type keeps templates of this kind: procedure, form or document.
	Type string
	// Starred keeps starred templates only.
	Starred bool
	// Folder and Tag keep templates in this folder, or with this tag (ids).
	Folder, Tag string
	// Archived is "only" for archived templates only, "true" to include
	// them.
	Archived string
	// With lists relations to include for every template.
	With []TemplateInclude
	// Sort is title, updated or created, descending with a leading "-"
	// (the server's default: updated). Pinned templates come first.
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10).
	PerPage int
}

// ListTemplates iterates over the organization's templates, page by page.
//
// API: GET /organizations/{org}/checklists (listTemplates)
func (c *Client) ListTemplates(ctx context.Context, opts *ListTemplatesOptions) iter.Seq2[*Template, error] {
	return listItems(c, ctx, opts, c.templatesPage)
}

// ListTemplatesPage returns one page of templates; Page.Next fetches the
// ones after it.
//
// API: GET /organizations/{org}/checklists (listTemplates)
func (c *Client) ListTemplatesPage(ctx context.Context, opts *ListTemplatesOptions) (*Page[Template], error) {
	return listPage(c, ctx, opts, c.templatesPage)
}

func (o *ListTemplatesOptions) check() error {
	var archived error
	if o.Archived != "" && !gen.ListTemplatesParamsArchived(o.Archived).Valid() {
		archived = fmt.Errorf("%w: Archived %q: want \"only\" or \"true\"", ErrInvalidArgument, displayText(o.Archived, 40))
	}
	return firstError(
		validateOptionalID("folder", o.Folder),
		validateOptionalID("tag", o.Tag),
		archived,
		validateIncludes(o.With),
		validatePaging(o.Page, o.PerPage),
	)
}

func (o *ListTemplatesOptions) start() int { return max(o.Page, 1) }

func (o *ListTemplatesOptions) clone() ListTemplatesOptions {
	c := *o
	c.With = slices.Clone(o.With)
	return c
}

func (c *Client) templatesPage(ctx context.Context, o *ListTemplatesOptions, page int) (*Page[Template], error) {
	params := &gen.ListTemplatesParams{
		Q:        optString(o.Query),
		Type:     optString(o.Type),
		Starred:  optTrue(o.Starred),
		Archived: optEnum(gen.ListTemplatesParamsArchived(o.Archived)),
		With:     optSlice(o.With),
		SortBy:   optEnum(gen.ListTemplatesParamsSortBy(o.Sort)),
		Page:     &page,
		PerPage:  optInt(o.PerPage),
	}
	if o.Folder != "" {
		params.Folder = &o.Folder
	}
	if o.Tag != "" {
		params.Tag = &o.Tag
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListTemplates(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[Template](body)
}
