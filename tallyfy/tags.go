package tallyfy

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strings"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// ObjectType is what a tag or a folder relation is on, as TagObject and
// AddToFolder name it. A closed set.
type ObjectType = gen.TagSubjectType

// Values of ObjectType.
const (
	ObjectTypeTemplate = gen.TagSubjectTypeChecklist // Checklist: a template
	ObjectTypeProcess  = gen.TagSubjectTypeRun       // Run: a process
)

// maxTagTitle is the API's limit on a tag's title (documentation create-tag;
// api-v2's CreateTagRequest `max:30`, cited by the official MCP server).
const maxTagTitle = 30

// ListTagsOptions filters, sorts and pages ListTags.
type ListTagsOptions struct {
	// Query keeps tags whose title contains it.
	Query string
	// With lists relations to include for every tag (TagIncludeStatistics).
	With []TagInclude
	// All also lists the tags Tallyfy generated for processes, which the
	// API leaves out by default (documentation list-tags).
	All bool
	// Sort is a field to sort by, "-" first for descending ("-created_at").
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10).
	PerPage int
}

// ListTags iterates over the organization's tags, page by page, to the last
// one: the official MCP server could never see past its first 100 (its
// issue #589).
//
// API: GET /organizations/{org}/tags (listTags)
func (c *Client) ListTags(ctx context.Context, opts *ListTagsOptions) iter.Seq2[*Tag, error] {
	return listItems(c, ctx, opts, c.tagsPage)
}

// ListTagsPage returns one page of tags; Page.Next fetches the ones after
// it.
//
// API: GET /organizations/{org}/tags (listTags)
func (c *Client) ListTagsPage(ctx context.Context, opts *ListTagsOptions) (*Page[Tag], error) {
	return listPage(c, ctx, opts, c.tagsPage)
}

func (o *ListTagsOptions) check() error {
	return firstError(validateIncludes(o.With), validateSort(o.Sort), checkUTF8("tag query", o.Query), validatePaging(o.Page, o.PerPage))
}

func (o *ListTagsOptions) start() int { return max(o.Page, 1) }

func (o *ListTagsOptions) clone() ListTagsOptions {
	c := *o
	c.With = slices.Clone(o.With)
	return c
}

func (c *Client) tagsPage(ctx context.Context, o *ListTagsOptions, page int) (*Page[Tag], error) {
	params := &gen.ListTagsParams{Q: optString(o.Query), With: optSlice(o.With), All: optTrue(o.All), Sort: optString(o.Sort), Page: &page, PerPage: optInt(o.PerPage)}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListTags(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[Tag](body)
}

// GetTagOptions chooses what GetTag returns besides the tag.
type GetTagOptions struct {
	// With lists relations to include (TagIncludeStatistics).
	With []TagInclude
}

// GetTag returns one tag.
//
// API: GET /organizations/{org}/tags/{tag_id} (getTag)
func (c *Client) GetTag(ctx context.Context, tagID string, opts *GetTagOptions) (*Tag, error) {
	if err := c.prepare(ctx, "tag", tagID); err != nil {
		return nil, err
	}
	params := &gen.GetTagParams{}
	if opts != nil {
		if err := validateIncludes(opts.With); err != nil {
			return nil, err
		}
		params.With = optSlice(opts.With)
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetTag(ctx, c.orgID, tagID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[Tag](body)
}

// CreateTagRequest is what CreateTag sends. Title is required.
type CreateTagRequest struct {
	// Title names the tag, unique in the organization, at most 30
	// characters.
	Title string
	// Color is a hex colour such as "#e74c3c"; "" sends none.
	Color string
}

// CreateTag creates a tag and returns it. Not idempotent: an unknown
// outcome says how to check before trying again.
//
// API: POST /organizations/{org}/tags (createTag)
func (c *Client) CreateTag(ctx context.Context, req CreateTagRequest) (*Tag, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	if err := firstError(checkTagTitle(req.Title), checkTagColor(req.Color)); err != nil {
		return nil, err
	}
	body := gen.CreateTagRequest{Title: req.Title, Color: optString(req.Color)}
	path := c.OrganizationPath("tags")
	check := fmt.Sprintf("list the tags with Query %q (ListTags) to see whether it was created", displayText(req.Title, 80))
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CreateTag(ctx, c.orgID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Tag](resp, http.MethodPost, path)
}

// UpdateTagRequest is what UpdateTag changes; nil fields are left as they
// are.
type UpdateTagRequest struct {
	// Title renames the tag. The API needs a title in every update
	// (documentation update-tag): when nil, the current one is read and
	// sent back.
	Title *string
	// Color replaces the colour, a hex value such as "#e74c3c".
	Color *string
}

// UpdateTag changes a tag and returns it, reading the tag first when Title
// is nil, since the API needs the title in every update.
//
// API: PUT /organizations/{org}/tags/{tag_id} (updateTag); GET the tag first
// when Title is nil.
func (c *Client) UpdateTag(ctx context.Context, tagID string, req UpdateTagRequest) (*Tag, error) {
	if err := c.prepare(ctx, "tag", tagID); err != nil {
		return nil, err
	}
	if req.Title == nil && req.Color == nil {
		return nil, fmt.Errorf("%w: an update of tag %s changes nothing: set Title or Color", ErrInvalidArgument, tagID)
	}
	var checks []error
	if req.Title != nil {
		checks = append(checks, checkTagTitle(*req.Title))
	}
	if req.Color != nil {
		checks = append(checks, checkTagColor(*req.Color), nonEmpty("tag color", *req.Color))
	}
	if err := firstError(checks...); err != nil {
		return nil, err
	}
	title := req.Title
	if title == nil {
		tag, err := c.GetTag(ctx, tagID, nil)
		if err != nil {
			return nil, fmt.Errorf("reading tag %s before updating it: %w", tagID, err)
		}
		if tag.Title == "" {
			return nil, fmt.Errorf("%w: the read of tag %s has no title to send back and the API needs one: set Title", ErrInvalidArgument, tagID)
		}
		title = &tag.Title
	}
	body := gen.UpdateTagRequest{Title: *title, Color: req.Color}
	path := c.OrganizationPath("tags", tagID)
	check := fmt.Sprintf("read tag %s (GetTag) to see whether it changed", tagID)
	resp, err := c.write(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.UpdateTag(ctx, c.orgID, tagID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Tag](resp, http.MethodPut, path)
}

// DeleteTagPermanently deletes a tag for good and takes it off every
// template, process, step and task; it cannot be undone (documentation
// tags/archive-tag, despite its name: "a hard delete"). The API answers
// success for an id it does not have too, so success does not prove the id
// was right.
//
// API: DELETE /organizations/{org}/tags/{tag_id} (deleteTag)
func (c *Client) DeleteTagPermanently(ctx context.Context, tagID string) error {
	if err := c.prepare(ctx, "tag", tagID); err != nil {
		return err
	}
	path := c.OrganizationPath("tags", tagID)
	check := fmt.Sprintf("read tag %s (GetTag: ErrNotFound once deleted)", tagID)
	resp, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.DeleteTag(ctx, c.orgID, tagID)
	})
	releaseBody(resp)
	return err
}

// TagObjectRequest names the tag and the template or process TagObject puts
// it on.
type TagObjectRequest struct {
	// TagID is the tag.
	TagID string
	// ObjectType is ObjectTypeTemplate or ObjectTypeProcess.
	ObjectType ObjectType
	// ObjectID is the template's or process's id.
	ObjectID string
}

// TagObject puts a tag on a template or process and returns the
// association, whose ID UntagObject takes. Only an active template or
// process can be tagged: an archived one is refused as "Subject not found",
// exactly as an unknown one is (official MCP server, citing api-v2). Tagging
// twice does not add the tag twice.
//
// API: POST /organizations/{org}/checklists/tags (tagObject)
func (c *Client) TagObject(ctx context.Context, req TagObjectRequest) (*TagLink, error) {
	if err := c.prepare(ctx, "tag", req.TagID); err != nil {
		return nil, err
	}
	if err := checkObject(req.ObjectType, req.ObjectID); err != nil {
		return nil, err
	}
	private := gen.TagObjectRequestTagTypePrivate
	body := gen.TagObjectRequest{TagID: req.TagID, SubjectType: req.ObjectType, SubjectID: req.ObjectID, TagType: &private}
	path := c.OrganizationPath("checklists", "tags")
	check := fmt.Sprintf("read the %s with its tags to see whether tag %s is on it", objectNoun(req.ObjectType), req.TagID)
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.TagObject(ctx, c.orgID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[TagLink](resp, http.MethodPost, path)
}

// UntagObject takes a tag off a template or process. linkID is the
// association's id (TagLink.ID, as TagObject returned it), not the tag's
// (official n8n node: "the tag-association ID"). The tag itself stays.
//
// API: DELETE /organizations/{org}/checklists/tags/{tag_link_id} (untagObject)
func (c *Client) UntagObject(ctx context.Context, linkID string) error {
	if err := c.prepare(ctx, "tag link", linkID); err != nil {
		return err
	}
	path := c.OrganizationPath("checklists", "tags", linkID)
	check := "read the template or process with its tags to see whether the tag is still on it"
	resp, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.UntagObject(ctx, c.orgID, linkID)
	})
	releaseBody(resp)
	return err
}

// checkObject checks the template or process a tag or folder write names.
func checkObject(t ObjectType, id string) error {
	switch t {
	case ObjectTypeTemplate:
		return validateID("template", id)
	case ObjectTypeProcess:
		return validateID("run", id)
	}
	return fmt.Errorf("%w: object type %q: use ObjectTypeTemplate or ObjectTypeProcess", ErrInvalidArgument, t)
}

func objectNoun(t ObjectType) string {
	if t == ObjectTypeTemplate {
		return "template"
	}
	return "process"
}

func checkTagTitle(title string) error {
	if strings.TrimSpace(title) == "" {
		return fmt.Errorf("%w: tag title is empty", ErrInvalidArgument)
	}
	return checkLength("tag title", title, maxTagTitle)
}

// checkTagColor checks a colour as the API does: exactly 7 characters, "#"
// and six hex digits (documentation create-tag); "" is none.
func checkTagColor(color string) error {
	if color == "" {
		return nil
	}
	ok := len(color) == 7 && color[0] == '#'
	for i := 1; ok && i < len(color); i++ {
		ok = strings.ContainsRune("0123456789abcdefABCDEF", rune(color[i]))
	}
	if !ok {
		return fmt.Errorf("%w: tag color %q is not a hex colour such as \"#e74c3c\"", ErrInvalidArgument, displayText(color, 20))
	}
	return nil
}

func nonEmpty(what, s string) error {
	if s == "" {
		return fmt.Errorf("%w: %s is empty", ErrInvalidArgument, what)
	}
	return nil
}
