package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	openapitypes "github.com/oapi-codegen/runtime/types"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Members are the organization's users; the API calls them "users" in
// every path. A member is named by their integer user id, the id task
// owners, process members and @[id] mentions use. Guests are in guests.go,
// groups in groups.go.

// maxPersonName is the API's limit on a member's first and last name
// (documentation invite-member, update-member: max 32).
const maxPersonName = 32

// GetOrganization returns the organization the client addresses. Its
// UsersCount counts active members only (official MCP server), so it is
// smaller than what ListMembers yields when some are invited or disabled.
//
// API: GET /organizations/{org} (getOrganization)
func (c *Client) GetOrganization(ctx context.Context) (*Organization, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetOrganization(ctx, c.orgID) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[Organization](body)
}

// ListMembersOptions filters, sorts and pages ListMembers.
type ListMembersOptions struct {
	// Query keeps members whose first name, last name or email contains it.
	Query string
	// With lists relations to include for every member, e.g.
	// MemberIncludeGroups.
	With []MemberInclude
	// Sort is a field to sort by, "-" first for descending ("-created_at").
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's default,
	// which the documentation gives as 9999: every member on one page).
	PerPage int
}

// ListMembers iterates over the organization's members of every status
// (active, invited, disabled), page by page.
//
// API: GET /organizations/{org}/users (listMembers)
func (c *Client) ListMembers(ctx context.Context, opts *ListMembersOptions) iter.Seq2[*User, error] {
	return listItems(c, ctx, opts, c.membersPage)
}

// ListMembersPage returns one page of members; Page.Next fetches the ones
// after it.
//
// API: GET /organizations/{org}/users (listMembers)
func (c *Client) ListMembersPage(ctx context.Context, opts *ListMembersOptions) (*Page[User], error) {
	return listPage(c, ctx, opts, c.membersPage)
}

func (o *ListMembersOptions) check() error {
	return firstError(validateIncludes(o.With), validateSort(o.Sort), validatePaging(o.Page, o.PerPage))
}

func (o *ListMembersOptions) start() int { return max(o.Page, 1) }

func (o *ListMembersOptions) clone() ListMembersOptions {
	c := *o
	c.With = slices.Clone(o.With)
	return c
}

func (c *Client) membersPage(ctx context.Context, o *ListMembersOptions, page int) (*Page[User], error) {
	params := &gen.ListMembersParams{Q: optString(o.Query), With: optSlice(o.With), Sort: optString(o.Sort), Page: &page, PerPage: optInt(o.PerPage)}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListMembers(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[User](body)
}

// GetMemberOptions chooses what GetMember returns besides the member.
type GetMemberOptions struct {
	// With lists relations to include, e.g. MemberIncludeGroups,
	// MemberIncludeStats.
	With []MemberInclude
}

// GetMember returns one member. The API lets administrators only.
//
// API: GET /organizations/{org}/users/{user_id} (getMember)
func (c *Client) GetMember(ctx context.Context, userID int, opts *GetMemberOptions) (*User, error) {
	if err := c.prepareMember(ctx, userID); err != nil {
		return nil, err
	}
	params := &gen.GetMemberParams{}
	if opts != nil {
		if err := validateIncludes(opts.With); err != nil {
			return nil, err
		}
		params.With = optSlice(opts.With)
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetMember(ctx, c.orgID, userID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[User](body)
}

// InviteMemberRequest is what InviteMember sends. Email, FirstName,
// LastName and Role are required.
type InviteMemberRequest struct {
	// Email is the address the invitation goes to.
	Email string
	// FirstName and LastName name the member, at most 32 characters each.
	FirstName, LastName string
	// Role is MemberRoleAdmin, MemberRoleStandard or MemberRoleLight; only an administrator
	// may invite an administrator.
	Role MemberRole
	// Message is a personal note for the invitation email, at most 5000
	// characters. The documentation marks it required; the official MCP
	// server leaves it out when it has none, and so does InviteMember.
	Message string
}

// InviteMember invites someone to the organization by email and returns
// the new member, whose Status is MemberStatusInvited until they accept.
//
// Inviting is not idempotent and the API has no idempotency key: a failure
// whose outcome is unknown matches ErrOutcomeUnknown and says how to check
// before inviting again. An organization whose committed seats are used up
// refuses with an error matching ErrSeatPoolExhausted.
//
// API: POST /organizations/{org}/users/invite (inviteMember)
func (c *Client) InviteMember(ctx context.Context, req InviteMemberRequest) (*User, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	if err := firstError(
		checkEmail("member email", req.Email),
		checkName("first name", req.FirstName),
		checkName("last name", req.LastName),
		checkRole(req.Role),
		checkLength("invitation message", req.Message, 5000),
	); err != nil {
		return nil, err
	}
	body := gen.InviteMemberRequest{
		Email:     openapitypes.Email(req.Email),
		FirstName: req.FirstName,
		LastName:  req.LastName,
		Role:      req.Role,
		Message:   optString(req.Message),
	}
	path := c.OrganizationPath("users", "invite")
	// The address is not repeated in the error: emails are personal data.
	check := "list the members with Query set to the address invited (ListMembers) to see whether the invitation was sent"
	resp, err := c.writePeople(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.InviteMember(ctx, c.orgID, body)
	})
	if err != nil {
		return nil, seatPoolError(err)
	}
	return written[User](resp, http.MethodPost, path)
}

// UpdateMemberRequest is what UpdateMember and UpdateMyProfile change; nil
// fields are left as they are.
type UpdateMemberRequest struct {
	// FirstName and LastName rename the member (at most 32 characters, not
	// a URL); Timezone is an IANA name such as "Europe/London". The API
	// needs all three in every request: those left nil are read first and
	// sent back unchanged.
	FirstName, LastName, Timezone *string
	// Phone (at most 20 characters), JobTitle, JobDescription and Team
	// describe the member.
	Phone, JobTitle, JobDescription, Team *string
	// CountryID is a country id the API knows.
	CountryID *int
	// DateFormat is "mm/dd/yyyy" or "dd/mm/yyyy".
	DateFormat *string
	// StepPreferences is a display preference the documentation lists
	// without saying more.
	StepPreferences *bool
}

// UpdateMember changes a member's profile and returns it; the API lets
// administrators only. When FirstName, LastName or Timezone is nil the
// member is read first (GetMember) and the current value sent back, since
// the API refuses a request without them; a read that lacks one is refused
// rather than guessed.
//
// API: PUT /organizations/{org}/users/{user_id} (updateMember); GET the
// member first when needed.
func (c *Client) UpdateMember(ctx context.Context, userID int, req UpdateMemberRequest) (*User, error) {
	if err := c.prepareMember(ctx, userID); err != nil {
		return nil, err
	}
	current := func() (*User, error) { return c.GetMember(ctx, userID, nil) }
	body, err := profileBody(req, current, fmt.Sprintf("member %d", userID))
	if err != nil {
		return nil, err
	}
	path := c.OrganizationPath("users", strconv.Itoa(userID))
	check := fmt.Sprintf("read member %d (GetMember) to see whether it changed", userID)
	resp, err := c.writePeople(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.UpdateMember(ctx, c.orgID, userID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[User](resp, http.MethodPut, path)
}

// UpdateMyProfile changes the token user's own profile in the
// organization, which any member may, and returns it. Nil FirstName,
// LastName or Timezone are read first (Me) and sent back, as UpdateMember
// does.
//
// API: PUT /organizations/{org}/me (updateMyProfile); GET /me first when
// needed.
func (c *Client) UpdateMyProfile(ctx context.Context, req UpdateMemberRequest) (*User, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	body, err := profileBody(req, func() (*User, error) { return c.Me(ctx) }, "your profile")
	if err != nil {
		return nil, err
	}
	path := c.OrganizationPath("me")
	resp, err := c.writePeople(http.MethodPut, path, "read your profile (Me) to see whether it changed", func() (*http.Response, error) {
		return c.api.UpdateMyProfile(ctx, c.orgID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[User](resp, http.MethodPut, path)
}

// profileBody checks req and builds the body, reading the profile for the
// three fields the API needs in every request when the caller left any nil.
func profileBody(req UpdateMemberRequest, current func() (*User, error), who string) (gen.UpdateProfileRequest, error) {
	var checks []error
	for _, f := range []struct {
		what string
		v    *string
	}{{"first name", req.FirstName}, {"last name", req.LastName}} {
		if f.v != nil {
			checks = append(checks, checkName(f.what, *f.v))
		}
	}
	if req.Timezone != nil && strings.TrimSpace(*req.Timezone) == "" {
		checks = append(checks, fmt.Errorf("%w: timezone is empty; the API needs an IANA name such as Europe/London", ErrInvalidArgument))
	}
	if req.Phone != nil {
		checks = append(checks, checkLength("phone", *req.Phone, 20))
	}
	for _, f := range []struct {
		what string
		v    *string
	}{{"timezone", req.Timezone}, {"job title", req.JobTitle}, {"job description", req.JobDescription}, {"team", req.Team}} {
		if f.v != nil {
			checks = append(checks, checkUTF8(f.what, *f.v))
		}
	}
	if req.CountryID != nil && *req.CountryID <= 0 {
		checks = append(checks, fmt.Errorf("%w: country id %d: ids are positive integers", ErrInvalidArgument, *req.CountryID))
	}
	if req.DateFormat != nil && *req.DateFormat != "mm/dd/yyyy" && *req.DateFormat != "dd/mm/yyyy" {
		checks = append(checks, fmt.Errorf("%w: date format %q: the API takes mm/dd/yyyy or dd/mm/yyyy", ErrInvalidArgument, *req.DateFormat))
	}
	if err := firstError(checks...); err != nil {
		return gen.UpdateProfileRequest{}, err
	}
	body := gen.UpdateProfileRequest{
		Phone: req.Phone, JobTitle: req.JobTitle, JobDescription: req.JobDescription, Team: req.Team,
		CountryID: req.CountryID, StepPreferences: req.StepPreferences,
	}
	if req.DateFormat != nil {
		f := gen.UpdateProfileRequestDateFormat(*req.DateFormat)
		body.DateFormat = &f
	}
	first, last, tz := req.FirstName, req.LastName, req.Timezone
	if first == nil || last == nil || tz == nil {
		u, err := current()
		if err != nil {
			return body, fmt.Errorf("reading %s before updating it: %w", who, err)
		}
		first, last, tz = cmpOr(first, u.FirstName), cmpOr(last, u.LastName), cmpOr(tz, u.Timezone)
		for _, f := range []struct {
			what string
			v    *string
		}{{"first name", first}, {"last name", last}, {"timezone", tz}} {
			if f.v == nil || *f.v == "" {
				return body, fmt.Errorf("%w: %s has no %s to send back and the API needs one in every update: set it", ErrInvalidArgument, who, f.what)
			}
		}
	}
	body.FirstName, body.LastName, body.Timezone = *first, *last, *tz
	return body, nil
}

// cmpOr returns the caller's value, or the current one when the caller
// left it nil.
func cmpOr(mine, current *string) *string {
	if mine != nil {
		return mine
	}
	return current
}

// ChangeMemberRole sets a member's role and returns the member; the API
// lets administrators only. A role whose seats are used up is refused with
// an error matching ErrSeatPoolExhausted.
//
// API: PUT /organizations/{org}/users/{user_id}/role (changeMemberRole)
func (c *Client) ChangeMemberRole(ctx context.Context, userID int, role MemberRole) (*User, error) {
	if err := c.prepareMember(ctx, userID); err != nil {
		return nil, err
	}
	if err := checkRole(role); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("users", strconv.Itoa(userID), "role")
	check := fmt.Sprintf("read member %d (GetMember; Role) to see whether it changed", userID)
	resp, err := c.writePeople(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.ChangeMemberRole(ctx, c.orgID, userID, gen.ChangeRoleRequest{Role: role})
	})
	if err != nil {
		return nil, seatPoolError(err)
	}
	return written[User](resp, http.MethodPut, path)
}

// DisableMember stops a member from signing in to the organization and
// returns them. Their tasks and history stay; EnableMember undoes it, and
// DeleteMember needs it first.
//
// API: DELETE /organizations/{org}/users/{user_id}/disable (disableMember)
func (c *Client) DisableMember(ctx context.Context, userID int) (*User, error) {
	return c.memberAction(ctx, userID, http.MethodDelete, "disable", "disabled", func() (*http.Response, error) {
		return c.api.DisableMember(ctx, c.orgID, userID)
	})
}

// EnableMember lets a disabled member back in and returns them. It takes a
// seat again, so it can fail with ErrSeatPoolExhausted.
//
// API: PUT /organizations/{org}/users/{user_id}/enable (enableMember)
func (c *Client) EnableMember(ctx context.Context, userID int) (*User, error) {
	u, err := c.memberAction(ctx, userID, http.MethodPut, "enable", "enabled", func() (*http.Response, error) {
		return c.api.EnableMember(ctx, c.orgID, userID)
	})
	return u, seatPoolError(err)
}

// RemoveMemberOptions are the choices of RemoveMember.
type RemoveMemberOptions struct {
	// ReassignTo gives the member's tasks to this user first (0: keep them
	// where they are).
	ReassignTo int
}

// RemoveMember takes a member out of the organization and returns them
// (Status MemberStatusDisabled); their Tallyfy account elsewhere stays.
// The API refuses bots and the default administrator.
//
// API: DELETE /organizations/{org}/users/{user_id} (removeMember)
func (c *Client) RemoveMember(ctx context.Context, userID int, opts *RemoveMemberOptions) (*User, error) {
	if err := c.prepareMember(ctx, userID); err != nil {
		return nil, err
	}
	params := &gen.RemoveMemberParams{}
	if opts != nil && opts.ReassignTo != 0 {
		if err := checkUserIDs("reassign-to", []int{opts.ReassignTo}); err != nil {
			return nil, err
		}
		if opts.ReassignTo == userID {
			return nil, fmt.Errorf("%w: cannot reassign member %d's tasks to themselves", ErrInvalidArgument, userID)
		}
		params.WithReassignment, params.To = Ptr(true), Ptr(opts.ReassignTo)
	}
	path := c.OrganizationPath("users", strconv.Itoa(userID))
	check := fmt.Sprintf("list the members (ListMembers) to see whether member %d is still there", userID)
	resp, err := c.writePeople(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.RemoveMember(ctx, c.orgID, userID, params)
	})
	if err != nil {
		return nil, err
	}
	return written[User](resp, http.MethodDelete, path)
}

// DeleteMember deletes a member for good. The API needs the member
// disabled first (DisableMember) and refuses otherwise.
//
// API: DELETE /organizations/{org}/users/{user_id}/delete (deleteMember)
func (c *Client) DeleteMember(ctx context.Context, userID int) error {
	if err := c.prepareMember(ctx, userID); err != nil {
		return err
	}
	path := c.OrganizationPath("users", strconv.Itoa(userID), "delete")
	check := fmt.Sprintf("read member %d (GetMember: ErrNotFound once deleted)", userID)
	resp, err := c.writePeople(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.DeleteMember(ctx, c.orgID, userID)
	})
	releaseBody(resp)
	return err
}

// ConvertMemberToGuest turns a member into a guest of the organization.
// No source documents the answer; what it holds is returned as a Guest,
// whose Email is set when the answer carries one.
//
// API: PUT /organizations/{org}/users/{user_id}/to/guest (convertMemberToGuest)
func (c *Client) ConvertMemberToGuest(ctx context.Context, userID int) (*Guest, error) {
	if err := c.prepareMember(ctx, userID); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("users", strconv.Itoa(userID), "to", "guest")
	check := fmt.Sprintf("list the guests (ListGuests) and read member %d (GetMember) to see whether it was done", userID)
	resp, err := c.writePeople(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.ConvertMemberToGuest(ctx, c.orgID, userID)
	})
	if err != nil {
		return nil, err
	}
	return written[Guest](resp, http.MethodPut, path)
}

func (c *Client) memberAction(ctx context.Context, userID int, method, verb, done string, call func() (*http.Response, error)) (*User, error) {
	if err := c.prepareMember(ctx, userID); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("users", strconv.Itoa(userID), verb)
	check := fmt.Sprintf("read member %d (GetMember; Status) to see whether it was %s", userID, done)
	resp, err := c.writePeople(method, path, check, call)
	if err != nil {
		return nil, err
	}
	return written[User](resp, method, path)
}

// ListMemberTasksOptions filters, sorts and pages ListMemberTasks and
// ListGuestTasks.
type ListMemberTasksOptions struct {
	// Status keeps tasks in this state (PersonTaskStatusFilterActive, ...).
	Status PersonTaskStatusFilter
	// Sort is a sort order such as "newest".
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10). The
	// guest tasks list ignores it and sends pages of 10 (official MCP
	// server).
	PerPage int
}

// ListMemberTasks iterates over the tasks assigned to a member.
//
// API: GET /organizations/{org}/users/{user_id}/tasks (listMemberTasks)
func (c *Client) ListMemberTasks(ctx context.Context, userID int, opts *ListMemberTasksOptions) iter.Seq2[*Task, error] {
	if err := checkUserIDs("member", []int{userID}); err != nil {
		return failed[*Task](err)
	}
	return listItems(c, ctx, opts, c.memberTasksPage(userID))
}

// ListMemberTasksPage returns one page of a member's tasks; Page.Next
// fetches the ones after it.
//
// API: GET /organizations/{org}/users/{user_id}/tasks (listMemberTasks)
func (c *Client) ListMemberTasksPage(ctx context.Context, userID int, opts *ListMemberTasksOptions) (*Page[Task], error) {
	if err := checkUserIDs("member", []int{userID}); err != nil {
		return nil, err
	}
	return listPage(c, ctx, opts, c.memberTasksPage(userID))
}

func (o *ListMemberTasksOptions) check() error {
	return firstError(validateFilter("status", o.Status), validateSort(o.Sort), validatePaging(o.Page, o.PerPage))
}

func (o *ListMemberTasksOptions) start() int { return max(o.Page, 1) }

func (o *ListMemberTasksOptions) clone() ListMemberTasksOptions { return *o }

func (c *Client) memberTasksPage(userID int) fetchWith[*ListMemberTasksOptions, Task] {
	return func(ctx context.Context, o *ListMemberTasksOptions, page int) (*Page[Task], error) {
		params := &gen.ListMemberTasksParams{Status: optEnum(o.Status), Sort: optString(o.Sort), Page: &page, PerPage: optInt(o.PerPage)}
		body, err := exchange(func() (*http.Response, error) { return c.api.ListMemberTasks(ctx, c.orgID, userID, params) })
		if err != nil {
			return nil, err
		}
		defer releaseBody(body)
		return list[Task](body)
	}
}

// prepareMember is prepare for a call on one member: user ids are positive
// integers.
func (c *Client) prepareMember(ctx context.Context, userID int) error {
	if err := c.prepare(ctx); err != nil {
		return err
	}
	return checkUserIDs("member", []int{userID})
}

// ErrSeatPoolExhausted matches a write the API refused because the
// organization's committed seats of the kind it needs are all taken (HTTP
// 409, code SEAT_POOL_EXHAUSTED; official n8n node, citing api-v2 #9206):
// inviting a member, turning a guest into one, enabling one or changing a
// role. Nothing was done. The error is a *SeatPoolError.
var ErrSeatPoolExhausted = errors.New("tallyfy: no seats left")

// SeatPoolError reports a write refused for want of seats
// (ErrSeatPoolExhausted). errors.As also finds the *APIError it wraps.
type SeatPoolError struct {
	// PoolType is the kind of seat that ran out, "full" or "light" (the
	// API's details.pool_type), or "" when the answer did not say.
	PoolType string
	// Err is the API's answer.
	Err *APIError
}

// Error says what ran out and what an administrator can do about it.
func (e *SeatPoolError) Error() string {
	kind := "the kind of"
	if e.PoolType != "" {
		kind = "the " + displayText(e.PoolType, 16)
	}
	return fmt.Sprintf("tallyfy: no seats left: the organization has used every one of %s seats it committed to, so this was not done; "+
		"an administrator can buy more under Settings > Billing, or free one by disabling a member who holds one (%v)", kind, e.Err)
}

// Is reports ErrSeatPoolExhausted.
func (e *SeatPoolError) Is(target error) bool { return target == ErrSeatPoolExhausted }

// Unwrap returns the API's answer.
func (e *SeatPoolError) Unwrap() error { return e.Err }

// seatPoolError turns a 409 SEAT_POOL_EXHAUSTED answer into a
// *SeatPoolError; other errors are returned as they are. The code is read
// from APIError.Code, which holds the nested error object's code.
func seatPoolError(err error) error {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict || apiErr.Code != "SEAT_POOL_EXHAUSTED" {
		return err
	}
	var body struct {
		Error struct {
			Details struct {
				PoolType string `json:"pool_type"`
			} `json:"details"`
		} `json:"error"`
	}
	_ = json.Unmarshal(apiErr.Body, &body) // a body cut short just leaves PoolType empty
	return &SeatPoolError{PoolType: body.Error.Details.PoolType, Err: apiErr}
}

// checkName refuses a member name the API would refuse: empty, or longer
// than 32 characters.
func checkName(what, s string) error {
	if strings.TrimSpace(s) == "" {
		return fmt.Errorf("%w: %s is empty", ErrInvalidArgument, what)
	}
	return checkLength(what, s, maxPersonName)
}

// checkRole refuses a role the API does not have.
func checkRole(r MemberRole) error {
	if !r.Valid() {
		return fmt.Errorf("%w: role %q: the API takes %s, %s or %s", ErrInvalidArgument, string(r), MemberRoleAdmin, MemberRoleStandard, MemberRoleLight)
	}
	return nil
}

// checkEmail checks one address as validateGuests does, naming what it is
// and never quoting it (emails are personal data).
func checkEmail(what, email string) error {
	if err := validateGuests([]string{email}); err != nil {
		return fmt.Errorf("%w: %s %s", ErrInvalidArgument, what, strings.TrimPrefix(err.Error(), ErrInvalidArgument.Error()+": guest email 1 of 1 "))
	}
	return nil
}

// checkUTF8 refuses invalid UTF-8 in a text the API sets no length on.
func checkUTF8(what, s string) error { return checkLength(what, s, math.MaxInt) }

// validateSort checks a free-form sort field: a name, "-" first for
// descending.
func validateSort(s string) error {
	if s == "" {
		return nil
	}
	if name := strings.TrimPrefix(s, "-"); !isName(name) {
		return fmt.Errorf("%w: sort %q: sort by a field name such as %q", ErrInvalidArgument, s, "-created_at")
	}
	return nil
}
