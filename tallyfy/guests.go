package tallyfy

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strconv"
	"strings"

	openapitypes "github.com/oapi-codegen/runtime/types"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Guests are people outside the organization who work on tasks through a
// link. The API names a guest by email in every guest path (documentation
// guests/index; the official CLI, MCP server and n8n node); the official
// clients put the guest's id in the path of a guest's tasks instead. Every
// guest method here takes either, as guest, and sends it as given.

// ListGuestsOptions filters, sorts and pages ListGuests.
type ListGuestsOptions struct {
	// Query keeps guests whose email contains it.
	Query string
	// With lists relations to include for every guest (GuestIncludeStats).
	With []GuestInclude
	// Sort is a field to sort by (the server's default: created_at).
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's default,
	// which the documentation gives as 999).
	PerPage int
}

// ListGuests iterates over the organization's guests, page by page.
//
// API: GET /organizations/{org}/guests (listGuests)
func (c *Client) ListGuests(ctx context.Context, opts *ListGuestsOptions) iter.Seq2[*Guest, error] {
	return listItems(c, ctx, opts, c.guestsPage)
}

// ListGuestsPage returns one page of guests; Page.Next fetches the ones
// after it.
//
// API: GET /organizations/{org}/guests (listGuests)
func (c *Client) ListGuestsPage(ctx context.Context, opts *ListGuestsOptions) (*Page[Guest], error) {
	return listPage(c, ctx, opts, c.guestsPage)
}

func (o *ListGuestsOptions) check() error {
	return firstError(validateIncludes(o.With), validateSort(o.Sort), validatePaging(o.Page, o.PerPage))
}

func (o *ListGuestsOptions) start() int { return max(o.Page, 1) }

func (o *ListGuestsOptions) clone() ListGuestsOptions {
	c := *o
	c.With = slices.Clone(o.With)
	return c
}

func (c *Client) guestsPage(ctx context.Context, o *ListGuestsOptions, page int) (*Page[Guest], error) {
	params := &gen.ListGuestsParams{Q: optString(o.Query), With: optSlice(o.With), Sort: optString(o.Sort), Page: &page, PerPage: optInt(o.PerPage)}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListGuests(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[Guest](body)
}

// GetGuestOptions chooses what GetGuest returns besides the guest.
type GetGuestOptions struct {
	// With lists relations to include (GuestIncludeStats).
	With []GuestInclude
}

// GetGuest returns one guest, named by email (or by id).
//
// API: GET /organizations/{org}/guests/{guest} (getGuest)
func (c *Client) GetGuest(ctx context.Context, guest string, opts *GetGuestOptions) (*Guest, error) {
	if err := c.prepareGuest(ctx, guest); err != nil {
		return nil, err
	}
	params := &gen.GetGuestParams{}
	if opts != nil {
		if err := validateIncludes(opts.With); err != nil {
			return nil, err
		}
		params.With = optSlice(opts.With)
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.GetGuest(ctx, c.orgID, guest, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[Guest](body)
}

// CreateGuestRequest is what CreateGuest sends. Only Email is required.
type CreateGuestRequest struct {
	// Email is the guest's address; it may not be a member's.
	Email string
	// FirstName, LastName, CompanyName and OpportunityName: at most 200
	// characters each. The API keeps them from here on: UpdateGuest cannot
	// change them.
	FirstName, LastName, CompanyName, OpportunityName string
	// Phone1 and Phone2: at most 20 characters each.
	Phone1, Phone2 string
	// CompanyURL, ContactURL, ImageURL and OpportunityURL are URLs.
	CompanyURL, ContactURL, ImageURL, OpportunityURL string
	// Timezone is an IANA name such as "Europe/London".
	Timezone string
	// Status is a free-text status, at most 200 characters.
	Status string
}

// CreateGuest adds a guest to the organization and returns them. An
// address that is a guest of another organization is linked, not copied.
//
// The API caps guest invitations at 30 per organization per hour
// (documentation open-api index). CreateGuest paces itself under that cap:
// it waits for a free slot, for as long as ctx allows, and fails at once
// with ErrRateLimited when no slot frees up before ctx's deadline. A 429
// from the server pauses the client's guest invitations for its
// Retry-After. WithGuestInvitePacing changes the rate or turns pacing off.
// Only this client's invitations are counted: other clients and the web
// app share the same cap.
//
// Creating is not idempotent: a failure whose outcome is unknown matches
// ErrOutcomeUnknown and says how to check before trying again.
//
// API: POST /organizations/{org}/guests (createGuest)
func (c *Client) CreateGuest(ctx context.Context, req CreateGuestRequest) (*Guest, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	if err := firstError(
		checkEmail("guest email", req.Email),
		checkLength("first name", req.FirstName, 200),
		checkLength("last name", req.LastName, 200),
		checkLength("company name", req.CompanyName, 200),
		checkLength("opportunity name", req.OpportunityName, 200),
		checkLength("phone 1", req.Phone1, 20),
		checkLength("phone 2", req.Phone2, 20),
		checkLength("status", req.Status, 200),
		checkUTF8("company URL", req.CompanyURL),
		checkUTF8("contact URL", req.ContactURL),
		checkUTF8("image URL", req.ImageURL),
		checkUTF8("opportunity URL", req.OpportunityURL),
		checkUTF8("timezone", req.Timezone),
	); err != nil {
		return nil, err
	}
	body := gen.CreateGuestRequest{
		Email:     openapitypes.Email(req.Email),
		FirstName: optString(req.FirstName), LastName: optString(req.LastName),
		CompanyName: optString(req.CompanyName), OpportunityName: optString(req.OpportunityName),
		Phone1: optString(req.Phone1), Phone2: optString(req.Phone2),
		CompanyURL: optString(req.CompanyURL), ContactURL: optString(req.ContactURL),
		ImageURL: optString(req.ImageURL), OpportunityURL: optString(req.OpportunityURL),
		Timezone: optString(req.Timezone), Status: optString(req.Status),
	}
	path := c.OrganizationPath("guests")
	check := "read the guest by the address sent (GetGuest) to see whether it was created"
	resp, err := paced(ctx, pacersFor(c.cfg).invites, c.orgID, func() ([]byte, error) {
		return c.write(http.MethodPost, path, check, func() (*http.Response, error) {
			return c.api.CreateGuest(ctx, c.orgID, body)
		})
	})
	if err != nil {
		return nil, err
	}
	return written[Guest](resp, http.MethodPost, path)
}

// UpdateGuestRequest is what UpdateGuest sends.
type UpdateGuestRequest struct {
	// AssociatedMembers replaces the members associated with the guest;
	// an empty, non-nil list clears them. It is required: nil is refused,
	// so that a forgotten field cannot clear the list. It is the only
	// thing the API changes here: a guest's name, phone and company are
	// silently kept as they were created (official MCP server).
	AssociatedMembers []int
}

// UpdateGuest sets the members associated with a guest and returns the
// guest.
//
// API: PUT /organizations/{org}/guests/{guest} (updateGuest)
func (c *Client) UpdateGuest(ctx context.Context, guest string, req UpdateGuestRequest) (*Guest, error) {
	if err := c.prepareGuest(ctx, guest); err != nil {
		return nil, err
	}
	if req.AssociatedMembers == nil {
		return nil, fmt.Errorf("%w: AssociatedMembers is nil; the API replaces the list with what is sent, so set it to the complete list ([]int{} clears it)", ErrInvalidArgument)
	}
	if err := checkUserIDs("associated member", req.AssociatedMembers); err != nil {
		return nil, err
	}
	body := gen.UpdateGuestRequest{AssociatedMembers: slices.Clone(req.AssociatedMembers)}
	if strings.Contains(guest, "@") {
		// api-v2's UpdateGuestRequest validates the email in the body too
		// (official MCP server, which sends it).
		email := openapitypes.Email(guest)
		body.Email = &email
	}
	path := c.OrganizationPath("guests", guest)
	check := "read the guest (GetGuest; Details.AssociatedMembers) to see whether it changed"
	resp, err := c.write(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.UpdateGuest(ctx, c.orgID, guest, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Guest](resp, http.MethodPut, path)
}

// DeleteGuest takes a guest off every task, removes them from the
// organization and returns them.
//
// API: DELETE /organizations/{org}/guests/{guest} (deleteGuest)
func (c *Client) DeleteGuest(ctx context.Context, guest string) (*Guest, error) {
	return c.guestAction(ctx, guest, http.MethodDelete, nil, "deleted", func() (*http.Response, error) {
		return c.api.DeleteGuest(ctx, c.orgID, guest)
	})
}

// DisableGuest stops a guest from reaching the organization and returns
// them; their tasks and history stay. EnableGuest undoes it.
//
// API: DELETE /organizations/{org}/guests/{guest}/disable (disableGuest)
func (c *Client) DisableGuest(ctx context.Context, guest string) (*Guest, error) {
	return c.guestAction(ctx, guest, http.MethodDelete, []string{"disable"}, "disabled", func() (*http.Response, error) {
		return c.api.DisableGuest(ctx, c.orgID, guest)
	})
}

// EnableGuest lets a disabled guest reach the organization again and
// returns them.
//
// API: PUT /organizations/{org}/guests/{guest}/enable (enableGuest)
func (c *Client) EnableGuest(ctx context.Context, guest string) (*Guest, error) {
	return c.guestAction(ctx, guest, http.MethodPut, []string{"enable"}, "enabled", func() (*http.Response, error) {
		return c.api.EnableGuest(ctx, c.orgID, guest)
	})
}

func (c *Client) guestAction(ctx context.Context, guest, method string, verb []string, done string, call func() (*http.Response, error)) (*Guest, error) {
	if err := c.prepareGuest(ctx, guest); err != nil {
		return nil, err
	}
	path := c.OrganizationPath(append([]string{"guests", guest}, verb...)...)
	resp, err := c.write(method, path, "read the guest (GetGuest) to see whether it was "+done, call)
	if err != nil {
		return nil, err
	}
	return written[Guest](resp, method, path)
}

// ConvertGuestToMember makes a guest a member of the organization. It
// takes a seat, so it can fail with ErrSeatPoolExhausted. No source
// documents the answer; what it holds is returned as a User. Not
// idempotent: an unknown outcome says how to check.
//
// API: POST /organizations/{org}/guests/{guest}/to/member (convertGuestToMember)
func (c *Client) ConvertGuestToMember(ctx context.Context, guest string) (*User, error) {
	if err := c.prepareGuest(ctx, guest); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("guests", guest, "to", "member")
	check := "list the members with Query set to the guest's address (ListMembers) to see whether it was done"
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.ConvertGuestToMember(ctx, c.orgID, guest)
	})
	if err != nil {
		return nil, seatPoolError(err)
	}
	return written[User](resp, http.MethodPost, path)
}

// ListGuestTasksOptions filters, sorts and pages ListGuestTasks; its
// fields are those of ListMemberTasksOptions.
type ListGuestTasksOptions = ListMemberTasksOptions

// ListGuestTasks iterates over the tasks assigned to a guest. The official
// clients name the guest by id here; an email is sent as given.
//
// API: GET /organizations/{org}/guests/{guest}/tasks (listGuestTasks)
func (c *Client) ListGuestTasks(ctx context.Context, guest string, opts *ListGuestTasksOptions) iter.Seq2[*Task, error] {
	if err := checkGuestKey(guest); err != nil {
		return failed[*Task](err)
	}
	return listItems(c, ctx, opts, c.guestTasksPage(guest))
}

// ListGuestTasksPage returns one page of a guest's tasks; Page.Next fetches
// the ones after it.
//
// API: GET /organizations/{org}/guests/{guest}/tasks (listGuestTasks)
func (c *Client) ListGuestTasksPage(ctx context.Context, guest string, opts *ListGuestTasksOptions) (*Page[Task], error) {
	if err := checkGuestKey(guest); err != nil {
		return nil, err
	}
	return listPage(c, ctx, opts, c.guestTasksPage(guest))
}

func (c *Client) guestTasksPage(guest string) fetchWith[*ListGuestTasksOptions, Task] {
	return func(ctx context.Context, o *ListGuestTasksOptions, page int) (*Page[Task], error) {
		params := &gen.ListGuestTasksParams{Status: optEnum(o.Status), Sort: optString(o.Sort), Page: &page, PerPage: optInt(o.PerPage)}
		body, err := exchange(func() (*http.Response, error) { return c.api.ListGuestTasks(ctx, c.orgID, guest, params) })
		if err != nil {
			return nil, err
		}
		defer releaseBody(body)
		return list[Task](body)
	}
}

func (c *Client) prepareGuest(ctx context.Context, guest string) error {
	if err := c.prepare(ctx); err != nil {
		return err
	}
	return checkGuestKey(guest)
}

// checkGuestKey checks a guest named by email (anything with an "@") or by
// id.
func checkGuestKey(guest string) error {
	if strings.Contains(guest, "@") {
		return checkEmail("guest email", guest)
	}
	return validateID("guest", guest)
}

// DefaultGuestInvitesPerHour is the API's cap on guest invitations per
// organization per hour (documentation open-api index, "Hourly caps per
// organization"), which CreateGuest paces itself under by default.
const DefaultGuestInvitesPerHour = 30

// WithGuestInvitePacing sets how many guest invitations (CreateGuest) the
// client sends per organization in any rolling hour; 0 turns the pacing
// off, for an organization whose cap Tallyfy raised. The default is
// DefaultGuestInvitesPerHour.
func WithGuestInvitePacing(perHour int) Option {
	return func(c *config) error {
		return pacersFor(c).invites.setLimit(perHour)
	}
}

// GuestID returns a guest's id as ListGuestTasks takes it: the API sends
// it as a number (the documentation's examples) or a string (the official
// MCP server), and Guest.ID holds whichever arrived. It is "" when the
// guest has none.
func GuestID(g *Guest) string {
	switch id := g.ID.(type) {
	case string:
		return id
	case float64:
		return strconv.FormatFloat(id, 'f', -1, 64)
	case int:
		return strconv.Itoa(id)
	case json.Number:
		return id.String()
	}
	return ""
}
