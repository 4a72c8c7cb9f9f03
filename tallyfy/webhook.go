package tallyfy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
)

// WebhookOrgHeader is the header every webhook delivery carries with the
// sending organization's id. Tallyfy signs nothing (no HMAC, no shared
// secret is documented), so this header, which the documentation tells
// receivers to check, is the only check there is: anyone who knows the
// organization id can forge a delivery. Keep the receiving URL unguessable
// and treat an event as a hint to read the current state through the API.
// Docs: integrations/webhooks/how-to-set-up-webhooks-in-tallyfy ("Security").
const WebhookOrgHeader = "X-Tallyfy-orgID"

// DefaultWebhookMaxBody is the body cap a WebhookHandler applies unless
// WebhookOptions.MaxBodyBytes says otherwise. A task payload carries every
// form value of the process, so it is generous.
const DefaultWebhookMaxBody = 8 << 20

// WebhookOptions configures a WebhookHandler.
type WebhookOptions struct {
	// MaxBodyBytes caps a delivery's body; a larger one is answered 413.
	// 0 means DefaultWebhookMaxBody.
	MaxBodyBytes int64
	// Dedupe, when above 0, remembers the keys (WebhookEvent.Key) of that
	// many recent events and drops a delivery whose key was seen, answering
	// 200 without calling the function. Its limits: it is in memory, so a
	// restart forgets it and replicas of a receiver do not share it; it
	// forgets the oldest key once full, so a copy arriving after Dedupe
	// newer events is handled again; and an event the function failed on
	// is forgotten, so a later copy is handled. Where a duplicate would do
	// harm (a payment, an email), deduplicate in durable storage keyed by
	// WebhookEvent.Key as well.
	Dedupe int
	// Logger receives a record for every delivery refused (a wrong
	// organization, a bad body) or failed (the function's error), and a
	// debug record for every duplicate dropped. Bodies are never logged.
	// nil discards them.
	Logger *slog.Logger
}

// WebhookFunc handles one event. It runs after the delivery has been
// answered (Tallyfy waits for nobody and never retries), with a context
// that keeps the request's values but is not cancelled when the sender
// hangs up. Its error is logged.
type WebhookFunc func(ctx context.Context, e *WebhookEvent) error

// WebhookHandler is an http.Handler that receives Tallyfy webhooks: the
// template- and step-level process and task payloads and the
// organization-level events. It accepts a POST whose X-Tallyfy-orgID names
// its organization (403 otherwise), reads a body up to the cap (413 beyond),
// answers 400 to a body that is not a JSON object, and otherwise answers 200
// at once and then calls its function with the event. Create one with
// Client.NewWebhookHandler or NewWebhookHandler; it is safe for concurrent
// use.
type WebhookHandler struct {
	org     string
	fn      WebhookFunc
	maxBody int64
	seen    *recentKeys // nil without Dedupe
	log     *slog.Logger
}

// NewWebhookHandler returns a handler for the webhooks of the client's
// organization; see WebhookHandler. It fails with ErrInvalidConfig when the
// client has no organization and with ErrInvalidArgument when fn is nil or
// an option is negative.
func (c *Client) NewWebhookHandler(fn WebhookFunc, opts *WebhookOptions) (*WebhookHandler, error) {
	if c.orgID == "" {
		return nil, fmt.Errorf("%w: no organization to check webhooks against: use WithOrganization or ForOrganization", ErrInvalidConfig)
	}
	return NewWebhookHandler(c.orgID, fn, opts)
}

// NewWebhookHandler returns a handler for the webhooks of organization
// orgID, for a receiver that makes no API calls; see WebhookHandler.
func NewWebhookHandler(orgID string, fn WebhookFunc, opts *WebhookOptions) (*WebhookHandler, error) {
	if err := validateOrgID(orgID); err != nil {
		return nil, err
	}
	if fn == nil {
		return nil, fmt.Errorf("%w: the webhook function is nil", ErrInvalidArgument)
	}
	var o WebhookOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxBodyBytes < 0 || o.Dedupe < 0 {
		return nil, fmt.Errorf("%w: WebhookOptions: MaxBodyBytes and Dedupe must not be negative", ErrInvalidArgument)
	}
	h := &WebhookHandler{org: orgID, fn: fn, maxBody: o.MaxBodyBytes, log: o.Logger}
	if h.maxBody == 0 {
		h.maxBody = DefaultWebhookMaxBody
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if o.Dedupe > 0 {
		h.seen = newRecentKeys(o.Dedupe)
	}
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *WebhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(ctx, w, http.StatusMethodNotAllowed, "not a POST", slog.String("method", r.Method))
		return
	}
	org := r.Header.Get(WebhookOrgHeader)
	if org != h.org {
		// The value is the sender's, so it is quoted and cut short.
		h.refuse(ctx, w, http.StatusForbidden, "not from this organization", slog.String("org", clip(org, 64)))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			h.refuse(ctx, w, http.StatusRequestEntityTooLarge, "body over the cap", slog.Int64("max_bytes", h.maxBody))
			return
		}
		h.refuse(ctx, w, http.StatusBadRequest, "body not read", slog.String("error", err.Error()))
		return
	}
	e, err := ParseWebhook(org, body)
	if err != nil {
		h.refuse(ctx, w, http.StatusBadRequest, "bad body", slog.String("error", err.Error()), slog.Int("bytes", len(body)))
		return
	}
	key := ""
	if h.seen != nil {
		key = e.Key()
		if !h.seen.add(key) {
			h.log.LogAttrs(ctx, slog.LevelDebug, "tallyfy: webhook: duplicate dropped", slog.String("type", string(e.Type)), slog.String("key", key))
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	// Answered before the work: the sender tries once and waits for no one.
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	if err := h.fn(context.WithoutCancel(ctx), e); err != nil {
		if h.seen != nil {
			h.seen.forget(key)
		}
		h.log.LogAttrs(ctx, slog.LevelWarn, "tallyfy: webhook: the function failed", slog.String("type", string(e.Type)), slog.String("error", err.Error()))
	}
}

func (h *WebhookHandler) refuse(ctx context.Context, w http.ResponseWriter, status int, why string, attrs ...slog.Attr) {
	h.log.LogAttrs(ctx, slog.LevelWarn, "tallyfy: webhook refused: "+why, append([]slog.Attr{slog.Int("status", status)}, attrs...)...)
	http.Error(w, http.StatusText(status), status)
}

// clip quotes s, cut to at most n bytes.
func clip(s string, n int) string {
	if len(s) > n {
		s = s[:n] + "…"
	}
	return strconv.Quote(s)
}

// recentKeys remembers the last n keys added, first in first out.
type recentKeys struct {
	mu   sync.Mutex
	set  map[string]struct{}
	ring []string
	next int
}

func newRecentKeys(n int) *recentKeys {
	return &recentKeys{set: make(map[string]struct{}, n), ring: make([]string, n)}
}

// add records key and reports whether it was new.
func (r *recentKeys) add(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.set[key]; ok {
		return false
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.set, old)
	}
	r.ring[r.next] = key
	r.next = (r.next + 1) % len(r.ring)
	r.set[key] = struct{}{}
	return true
}

// forget drops key, so that a later copy is handled. Its slot is emptied
// too, or reusing it would drop the key again after a later add.
func (r *recentKeys) forget(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.set[key]; !ok {
		return
	}
	delete(r.set, key)
	for i, k := range r.ring {
		if k == key {
			r.ring[i] = ""
		}
	}
}
