package tallyfy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// WebhookSubscription is an organization-level webhook subscription (a
// "watcher"): every event of the organization is POSTed to its URL. The
// API's field for the URL is not documented; URL reads whichever of
// webhook, webhook_url and url was sent. All fields: go doc
// github.com/tallyfy-go/sdk/v2/gen.WebhookSubscription.
type WebhookSubscription = gen.WebhookSubscription

// WebhookSubscriptionURL is the URL a subscription delivers to: its
// webhook, webhook_url or url, whichever was sent (the official n8n node
// reads all three).
func WebhookSubscriptionURL(s *WebhookSubscription) string {
	for _, u := range []*string{s.Webhook, s.WebhookURL, s.URL} {
		if u != nil && *u != "" {
			return *u
		}
	}
	return ""
}

// maxWebhookURL is the longest URL SubscribeWebhook sends (the spec's
// maxLength; the API's own limit is not documented).
const maxWebhookURL = 2048

// SubscribeWebhookRequest is what SubscribeWebhook subscribes.
type SubscribeWebhookRequest struct {
	// URL receives the events: an absolute http or https URL.
	URL string
	// UserID is the user the subscription belongs to; 0 means the token's
	// own user, read with Me first (as the official n8n node does).
	UserID int
}

// errNeedsAdmin explains the 403 every subscription operation gets from a
// token that is not an administrator's (the official n8n node reports it
// the same way).
func errNeedsAdmin(err error) error {
	if errors.Is(err, ErrForbidden) {
		return fmt.Errorf("%w (webhook subscriptions need an organization administrator's token)", err)
	}
	return err
}

// SubscribeWebhook subscribes req.URL to every event of the organization
// (see WebhookEventType) and returns the subscription. The URL must be an
// absolute http or https URL; Tallyfy's deliveries carry no signature, so
// make it hard to guess and check X-Tallyfy-orgID (WebhookHandler does).
//
// Administrators only: another token gets an error matching ErrForbidden
// that says so. Not idempotent: the same URL subscribed twice receives
// every event twice, so a subscription whose outcome is unknown is never
// repeated; the error matches ErrOutcomeUnknown and says to look for the
// URL with ListWebhookSubscriptions.
//
// API: POST /organizations/{org}/users/{user_id}/add-watcher (subscribeWebhook);
// with no UserID, GET /me first.
func (c *Client) SubscribeWebhook(ctx context.Context, req SubscribeWebhookRequest) (*WebhookSubscription, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	rawURL, userID := req.URL, req.UserID
	if err := checkWebhookURL(rawURL); err != nil {
		return nil, err
	}
	if userID < 0 {
		return nil, fmt.Errorf("%w: user id %d", ErrInvalidArgument, userID)
	}
	if userID == 0 {
		me, err := c.Me(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading the token's user to subscribe a webhook: %w", err)
		}
		userID = me.ID
	}
	body := gen.SubscribeWebhookRequest{
		ObjectType:       gen.SubscribeWebhookRequestObjectTypeOrganization,
		ObjectID:         c.orgID,
		NotificationType: gen.SubscribeWebhookRequestNotificationTypeWebhook,
		Frequency:        gen.SubscribeWebhookRequestFrequencyElectric,
		Webhook:          rawURL,
	}
	path := c.OrganizationPath("users", fmt.Sprint(userID), "add-watcher")
	check := fmt.Sprintf("list the webhook subscriptions (ListWebhookSubscriptions) and look for %q", displayText(rawURL, 200))
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.SubscribeWebhook(ctx, c.orgID, userID, body)
	})
	if err != nil {
		return nil, errNeedsAdmin(err)
	}
	defer releaseBody(resp)
	// The n8n node also reads a bare object; so does this.
	if !hasDataMember(resp) {
		var sub WebhookSubscription
		if err := decodeJSON(resp, &sub); err != nil {
			return nil, carriedOut(err, http.MethodPost, path)
		}
		return &sub, nil
	}
	return written[WebhookSubscription](resp, http.MethodPost, path)
}

// ListWebhookSubscriptionsOptions pages ListWebhookSubscriptions. Paging is
// not documented for this list; a page without pagination is the only one.
type ListWebhookSubscriptionsOptions struct {
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's).
	PerPage int
}

func (o *ListWebhookSubscriptionsOptions) check() error { return validatePaging(o.Page, o.PerPage) }

func (o *ListWebhookSubscriptionsOptions) start() int { return max(o.Page, 1) }

func (o *ListWebhookSubscriptionsOptions) clone() ListWebhookSubscriptionsOptions { return *o }

// ListWebhookSubscriptions iterates over the organization's webhook
// subscriptions. Administrators only (ErrForbidden otherwise, saying so).
//
// API: GET /organizations/{org}/watchers?notification=webhook (listWebhookSubscriptions)
func (c *Client) ListWebhookSubscriptions(ctx context.Context, opts *ListWebhookSubscriptionsOptions) iter.Seq2[*WebhookSubscription, error] {
	return listItems(c, ctx, opts, c.webhookSubscriptionsPage)
}

// ListWebhookSubscriptionsPage returns one page of the organization's
// webhook subscriptions; Page.Next fetches the ones after it.
//
// API: GET /organizations/{org}/watchers?notification=webhook (listWebhookSubscriptions)
func (c *Client) ListWebhookSubscriptionsPage(ctx context.Context, opts *ListWebhookSubscriptionsOptions) (*Page[WebhookSubscription], error) {
	return listPage(c, ctx, opts, c.webhookSubscriptionsPage)
}

func (c *Client) webhookSubscriptionsPage(ctx context.Context, o *ListWebhookSubscriptionsOptions, page int) (*Page[WebhookSubscription], error) {
	kind := gen.ListWebhookSubscriptionsParamsNotificationWebhook
	params := &gen.ListWebhookSubscriptionsParams{Notification: &kind, Page: &page, PerPage: optInt(o.PerPage)}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListWebhookSubscriptions(ctx, c.orgID, params) })
	if err != nil {
		return nil, errNeedsAdmin(err)
	}
	defer releaseBody(body)
	// The n8n node also reads a bare list; so does this, as the only page.
	if t := bytes.TrimSpace(body); len(t) > 0 && t[0] == '[' {
		var subs []WebhookSubscription
		if err := decodeJSON(body, &subs); err != nil {
			return nil, err
		}
		return &Page[WebhookSubscription]{Items: subs}, nil
	}
	return list[WebhookSubscription](body)
}

// UnsubscribeWebhook removes a webhook subscription by its id; events stop
// being delivered to its URL. Administrators only (ErrForbidden otherwise,
// saying so); an id that names none is ErrNotFound.
//
// API: DELETE /organizations/{org}/remove-watcher/{id} (unsubscribeWebhook)
func (c *Client) UnsubscribeWebhook(ctx context.Context, subscriptionID string) error {
	if err := c.prepare(ctx, "webhook subscription", subscriptionID); err != nil {
		return err
	}
	path := c.OrganizationPath("remove-watcher", subscriptionID)
	check := fmt.Sprintf("list the webhook subscriptions (ListWebhookSubscriptions): %s is gone once removed", subscriptionID)
	resp, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.UnsubscribeWebhook(ctx, c.orgID, subscriptionID)
	})
	releaseBody(resp)
	return errNeedsAdmin(err)
}

func checkWebhookURL(raw string) error {
	if raw == "" {
		return fmt.Errorf("%w: the webhook URL is empty", ErrInvalidArgument)
	}
	if len(raw) > maxWebhookURL {
		return fmt.Errorf("%w: the webhook URL is %d bytes long; at most %d are sent", ErrInvalidArgument, len(raw), maxWebhookURL)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: the webhook URL %q is not an absolute http or https URL", ErrInvalidArgument, displayText(raw, 200))
	}
	return nil
}

// hasDataMember reports whether a JSON object has a top-level "data"
// member, without decoding it.
func hasDataMember(body []byte) bool {
	var probe map[string]json.RawMessage
	if decodeJSON(body, &probe) != nil {
		return true // let the envelope decoder report what is wrong
	}
	_, ok := probe["data"]
	return ok
}
