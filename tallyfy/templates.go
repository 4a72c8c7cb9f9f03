package tallyfy

import (
	"context"
	"fmt"
	"net/http"

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
