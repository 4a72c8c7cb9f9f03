package tallyfy

import (
	"context"
	"iter"
	"net/http"

	"github.com/tallyfy-go/sdk/v2/gen"
)

type (
	// User is a Tallyfy user. ID is the id task owners and @[id] mentions
	// use. All fields: go doc github.com/tallyfy-go/sdk/v2/gen.User.
	User = gen.User
	// Organization is an organization a user belongs to; its ID is what
	// WithOrganization takes.
	Organization = gen.Organization
)

// Me returns the user the token belongs to. It needs no organization.
//
// API: GET /me (me)
func (c *Client) Me(ctx context.Context) (*User, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.Me(ctx) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return item[User](body)
}

// MyOrganizationsOptions pages MyOrganizations.
type MyOrganizationsOptions struct {
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 10).
	PerPage int
}

// MyOrganizations iterates over the organizations the token's user belongs
// to. It needs no organization: use it to find the id for WithOrganization.
//
// API: GET /me/organizations (myOrganizations)
func (c *Client) MyOrganizations(ctx context.Context, opts *MyOrganizationsOptions) iter.Seq2[*Organization, error] {
	return listItems(c, ctx, opts, c.organizationsPage)
}

// MyOrganizationsPage returns one page of the token user's organizations;
// Page.Next fetches the ones after it.
//
// API: GET /me/organizations (myOrganizations)
func (c *Client) MyOrganizationsPage(ctx context.Context, opts *MyOrganizationsOptions) (*Page[Organization], error) {
	return listPage(c, ctx, opts, c.organizationsPage)
}

func (o *MyOrganizationsOptions) check() error { return validatePaging(o.Page, o.PerPage) }

func (o *MyOrganizationsOptions) start() int { return max(o.Page, 1) }

func (o *MyOrganizationsOptions) clone() MyOrganizationsOptions { return *o }

func (o *MyOrganizationsOptions) userScoped() {}

func (c *Client) organizationsPage(ctx context.Context, o *MyOrganizationsOptions, page int) (*Page[Organization], error) {
	params := &gen.MyOrganizationsParams{Page: &page, PerPage: optInt(o.PerPage)}
	body, err := exchange(func() (*http.Response, error) { return c.api.MyOrganizations(ctx, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[Organization](body)
}
