package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestSubscribeWebhook_SendsTheN8nBodyForTheTokensUser(t *testing.T) {
	var b []byte
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/me" {
			writeJSON(w, 200, `{"data":{"id":1001,"email":"a@b.c"}}`)
			return
		}
		b, _ = io.ReadAll(r.Body)
		writeJSON(w, 200, fixture(t, "subscribeWebhook.200.subscription.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	sub, err := c.SubscribeWebhook(context.Background(), SubscribeWebhookRequest{URL: "https://hooks.example.com/tallyfy"})
	if err != nil {
		t.Fatal(err)
	}
	if sub.ID != "9001" || WebhookSubscriptionURL(sub) != "https://hooks.example.com/tallyfy" {
		t.Errorf("subscription = %+v", sub)
	}
	req := srv.last()
	if req.Method != http.MethodPost || req.URL.Path != "/organizations/org1/users/1001/add-watcher" {
		t.Errorf("%s %s", req.Method, req.URL.Path)
	}
	var body map[string]any
	_ = json.Unmarshal(b, &body)
	want := map[string]any{"object_type": "organization", "object_id": "org1", "notification_type": "webhook", "frequency": "electric", "webhook": "https://hooks.example.com/tallyfy"}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("body[%s] = %v, want %v (body %s)", k, body[k], v, b)
		}
	}
}

func TestSubscribeWebhook_ReadsABareObjectAndAStringID(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"id":"W1"}`) })
	c, _ := newTestClient(t, srv.Server)
	sub, err := c.SubscribeWebhook(context.Background(), SubscribeWebhookRequest{URL: "https://x.example/h", UserID: 7})
	if err != nil || sub.ID != "W1" {
		t.Fatalf("%+v, %v", sub, err)
	}
	if srv.hits.Load() != 1 {
		t.Errorf("%d requests, want 1 (no /me with a UserID)", srv.hits.Load())
	}
}

func TestWebhookSubscriptions_403SaysAdministrator(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 403, fixture(t, "subscribeWebhook.403.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	_, errSub := c.SubscribeWebhook(ctx, SubscribeWebhookRequest{URL: "https://x.example/h", UserID: 7})
	_, errList := c.ListWebhookSubscriptionsPage(ctx, nil)
	errDel := c.UnsubscribeWebhook(ctx, "9001")
	for name, err := range map[string]error{"subscribe": errSub, "list": errList, "remove": errDel} {
		var apiErr *APIError
		if !errors.Is(err, ErrForbidden) || !errors.As(err, &apiErr) || !strings.Contains(err.Error(), "administrator") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSubscribeWebhook_RefusesBeforeSending(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	c, _ := newTestClient(t, srv.Server)
	for _, u := range []string{"", "hooks.example.com/x", "ftp://x/y", "/relative", "https://x/" + strings.Repeat("a", 2100)} {
		if _, err := c.SubscribeWebhook(context.Background(), SubscribeWebhookRequest{URL: u, UserID: 1}); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%q: %v", u, err)
		}
	}
	if _, err := c.SubscribeWebhook(context.Background(), SubscribeWebhookRequest{URL: "https://x/", UserID: -1}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("negative user: %v", err)
	}
	if err := c.UnsubscribeWebhook(context.Background(), "a/b"); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("bad id: %v", err)
	}
	if srv.hits.Load() != 0 {
		t.Errorf("%d requests sent", srv.hits.Load())
	}
}

func TestListWebhookSubscriptions_EnvelopeOrBare(t *testing.T) {
	for name, body := range map[string]string{
		"envelope": fixture(t, "listWebhookSubscriptions.200.variant-n8n-test.json"),
		"bare":     `[{"id":"W1","webhook":"https://n8n.example.com/webhook/abc"}]`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
			c, _ := newTestClient(t, srv.Server)
			var subs []*WebhookSubscription
			for sub, err := range c.ListWebhookSubscriptions(context.Background(), nil) {
				if err != nil {
					t.Fatal(err)
				}
				subs = append(subs, sub)
			}
			if len(subs) != 1 || subs[0].ID != "W1" || WebhookSubscriptionURL(subs[0]) != "https://n8n.example.com/webhook/abc" {
				t.Fatalf("%+v", subs)
			}
			if srv.hits.Load() != 1 {
				t.Errorf("%d requests, want 1 (a page without meta is the only one)", srv.hits.Load())
			}
			if q := srv.last().URL.Query().Get("notification"); q != "webhook" {
				t.Errorf("notification = %q", q)
			}
		})
	}
}

func TestUnsubscribeWebhook_DeletesByID(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	c, _ := newTestClient(t, srv.Server)
	if err := c.UnsubscribeWebhook(context.Background(), "9001"); err != nil {
		t.Fatal(err)
	}
	if req := srv.last(); req.Method != http.MethodDelete || req.URL.Path != "/organizations/org1/remove-watcher/9001" {
		t.Errorf("%s %s", req.Method, req.URL.Path)
	}
}

func TestWebhookSubscriptionURL_AnyOfTheThreeNames(t *testing.T) {
	u := "https://x.example/h"
	for _, s := range []WebhookSubscription{{Webhook: &u}, {WebhookURL: &u}, {URL: &u}} {
		if got := WebhookSubscriptionURL(&s); got != u {
			t.Errorf("%+v: %q", s, got)
		}
	}
}
