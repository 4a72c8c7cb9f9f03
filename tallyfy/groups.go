package tallyfy

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"slices"

	openapitypes "github.com/oapi-codegen/runtime/types"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// maxGroupName is the API's limit on a group's name (documentation
// create-group, update-group: max 200).
const maxGroupName = 200

// ListGroupsOptions filters, sorts and pages ListGroups.
type ListGroupsOptions struct {
	// Query keeps groups whose name or description contains it.
	Query string
	// With lists relations to include for every group, e.g.
	// GroupListIncludeUsers.
	With []GroupListInclude
	// SortBy is "name", "created_at" (the server's default) or
	// "updated_at".
	SortBy string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10).
	PerPage int
}

// ListGroups iterates over the organization's groups, page by page.
//
// API: GET /organizations/{org}/groups (listGroups)
func (c *Client) ListGroups(ctx context.Context, opts *ListGroupsOptions) iter.Seq2[*Group, error] {
	return listItems(c, ctx, opts, c.groupsPage)
}

// ListGroupsPage returns one page of groups; Page.Next fetches the ones
// after it.
//
// API: GET /organizations/{org}/groups (listGroups)
func (c *Client) ListGroupsPage(ctx context.Context, opts *ListGroupsOptions) (*Page[Group], error) {
	return listPage(c, ctx, opts, c.groupsPage)
}

func (o *ListGroupsOptions) check() error {
	var sortErr error
	if o.SortBy != "" && !gen.ListGroupsParamsSortBy(o.SortBy).Valid() {
		sortErr = fmt.Errorf("%w: sort %q: groups sort by name, created_at or updated_at", ErrInvalidArgument, o.SortBy)
	}
	return firstError(validateIncludes(o.With), sortErr, validatePaging(o.Page, o.PerPage))
}

func (o *ListGroupsOptions) start() int { return max(o.Page, 1) }

func (o *ListGroupsOptions) clone() ListGroupsOptions {
	c := *o
	c.With = slices.Clone(o.With)
	return c
}

func (c *Client) groupsPage(ctx context.Context, o *ListGroupsOptions, page int) (*Page[Group], error) {
	params := &gen.ListGroupsParams{Q: optString(o.Query), With: optSlice(o.With), SortBy: optEnum(gen.ListGroupsParamsSortBy(o.SortBy)), Page: &page, PerPage: optInt(o.PerPage)}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListGroups(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[Group](body)
}

// GetGroupOptions chooses what GetGroup returns besides the group.
type GetGroupOptions struct {
	// With lists relations to include (GroupIncludeAssets).
	With []GroupInclude
}

// GetGroup returns one group.
//
// API: GET /organizations/{org}/groups/{group_id} (getGroup)
func (c *Client) GetGroup(ctx context.Context, groupID string, opts *GetGroupOptions) (*Group, error) {
	if err := c.prepare(ctx, "group", groupID); err != nil {
		return nil, err
	}
	params := &gen.GetGroupParams{}
	if opts != nil {
		if err := validateIncludes(opts.With); err != nil {
			return nil, err
		}
		params.With = optSlice(opts.With)
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetGroup(ctx, c.orgID, groupID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[Group](body)
}

// GroupMembers are a group's members: every user and guest, as CreateGroup
// and UpdateGroup send them.
type GroupMembers struct {
	// Users are member user ids.
	Users []int
	// Guests are guest email addresses.
	Guests []string
}

func (m GroupMembers) check() error {
	return firstError(checkUserIDs("group member", m.Users), validateGuests(m.Guests))
}

// body returns the lists as the API takes them; never nil, since a null
// list would be read as "leave out" or as "empty".
func (m GroupMembers) body() (*[]int, *[]openapitypes.Email) {
	users := slices.Clone(m.Users)
	if users == nil {
		users = []int{}
	}
	guests := make([]openapitypes.Email, len(m.Guests))
	for i, g := range m.Guests {
		guests[i] = openapitypes.Email(g)
	}
	return &users, &guests
}

// CreateGroupRequest is what CreateGroup sends. Name and Description are
// required.
type CreateGroupRequest struct {
	// Name names the group, unique in the organization, at most 200
	// characters.
	Name string
	// Description describes it; the API refuses a group without one
	// (documentation create-group; api-v2's CreateGroupRequest, cited by
	// the official MCP server).
	Description string
	// Members are the group's first members and guests.
	Members GroupMembers
}

// CreateGroup creates a group and returns it. It needs the manage_groups
// permission. Not idempotent: an unknown outcome says how to check before
// trying again.
//
// API: POST /organizations/{org}/groups (createGroup)
func (c *Client) CreateGroup(ctx context.Context, req CreateGroupRequest) (*Group, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	if err := firstError(
		checkGroupName(req.Name),
		checkDescription(req.Description),
		req.Members.check(),
	); err != nil {
		return nil, err
	}
	body := gen.CreateGroupRequest{Name: req.Name, Description: req.Description}
	if len(req.Members.Users) > 0 || len(req.Members.Guests) > 0 {
		body.Members, body.Guests = req.Members.body()
	}
	path := c.OrganizationPath("groups")
	check := fmt.Sprintf("list the groups with Query %q (ListGroups) to see whether it was created", displayText(req.Name, 80))
	resp, err := c.writePeople(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CreateGroup(ctx, c.orgID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Group](resp, http.MethodPost, path)
}

// UpdateGroupRequest is what UpdateGroup changes; nil fields are left as
// they are.
type UpdateGroupRequest struct {
	// Name renames the group.
	Name *string
	// Description replaces the description. The API needs one in every
	// update: when nil, the current one is read and sent back.
	Description *string
	// Members, when set, replaces every member and guest with these (empty
	// lists remove them all). When nil they are kept: UpdateGroup reads the
	// group and sends its current lists back, since the API replaces each
	// list it is sent (documentation update-group), the same trap as a
	// process's members.
	Members *GroupMembers
}

// UpdateGroup changes a group and returns it. It always sends the complete
// member and guest lists, reading the group first when Members (or
// Description) is nil; a read that lacks a list it must send back is
// refused rather than sent as empty. Between that read and the write
// another client's change would be overwritten: set Members to be exact.
//
// API: PUT /organizations/{org}/groups/{group_id} (updateGroup); GET the
// group first when needed.
func (c *Client) UpdateGroup(ctx context.Context, groupID string, req UpdateGroupRequest) (*Group, error) {
	if err := c.prepare(ctx, "group", groupID); err != nil {
		return nil, err
	}
	var checks []error
	if req.Name != nil {
		checks = append(checks, checkGroupName(*req.Name))
	}
	if req.Description != nil {
		checks = append(checks, checkDescription(*req.Description))
	}
	if req.Members != nil {
		checks = append(checks, req.Members.check())
	}
	if err := firstError(checks...); err != nil {
		return nil, err
	}
	body := gen.UpdateGroupRequest{Name: req.Name}
	members := req.Members
	description := req.Description
	if members == nil || description == nil {
		group, err := c.GetGroup(ctx, groupID, nil)
		if err != nil {
			return nil, fmt.Errorf("reading group %s before updating it: %w", groupID, err)
		}
		if description == nil {
			if group.Description == nil || *group.Description == "" {
				return nil, fmt.Errorf("%w: group %s has no description to send back and the API needs one in every update: set Description", ErrInvalidArgument, groupID)
			}
			description = group.Description
		}
		if members == nil {
			if group.Members == nil || group.Guests == nil {
				return nil, fmt.Errorf("%w: the read of group %s lacks its members or guests, and an update without them could empty them: set Members to the complete lists", ErrInvalidArgument, groupID)
			}
			current := GroupMembers{Users: make([]int, len(*group.Members)), Guests: slices.Clone(*group.Guests)}
			for i, u := range *group.Members {
				current.Users[i] = u.ID
			}
			if err := current.check(); err != nil {
				return nil, fmt.Errorf("group %s as read cannot be sent back: %w", groupID, err)
			}
			members = &current
		}
	}
	body.Description = *description
	body.Members, body.Guests = members.body()
	path := c.OrganizationPath("groups", groupID)
	check := fmt.Sprintf("read group %s (GetGroup) to see whether it changed", groupID)
	resp, err := c.writePeople(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.UpdateGroup(ctx, c.orgID, groupID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Group](resp, http.MethodPut, path)
}

// DeleteGroup deletes a group for good. Its members and guests stay; the
// tasks assigned to it go to its members (documentation changelog
// 2022-09-27).
//
// API: DELETE /organizations/{org}/groups/{group_id} (deleteGroup)
func (c *Client) DeleteGroup(ctx context.Context, groupID string) error {
	if err := c.prepare(ctx, "group", groupID); err != nil {
		return err
	}
	path := c.OrganizationPath("groups", groupID)
	check := fmt.Sprintf("read group %s (GetGroup: ErrNotFound once deleted)", groupID)
	resp, err := c.writePeople(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.DeleteGroup(ctx, c.orgID, groupID)
	})
	releaseBody(resp)
	return err
}

func checkGroupName(name string) error {
	if name == "" {
		return fmt.Errorf("%w: group name is empty", ErrInvalidArgument)
	}
	return checkLength("group name", name, maxGroupName)
}

func checkDescription(d string) error {
	if d == "" {
		return fmt.Errorf("%w: group description is empty; the API needs one", ErrInvalidArgument)
	}
	return checkUTF8("group description", d)
}
