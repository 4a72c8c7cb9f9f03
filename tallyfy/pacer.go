package tallyfy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"time"
	"weak"
)

// The API caps some writes per organization per hour, apart from its
// burst throttling: guest invitations at 30 and comments at 120
// (documentation open-api index, "Hourly caps per organization"). A client
// paces itself under each cap with an hourlyPacer, so that a loop of
// CreateGuest or CommentOnTask calls waits for a free slot instead of
// meeting a 429 that the server counts against the whole organization.

// DefaultCommentsPerHour is the API's cap on comments per organization per
// hour (documentation open-api index, "Hourly caps per organization"),
// which the methods that post a comment pace themselves under by default:
// CommentOnTask, CommentOnRun, CommentOnTemplate, BotCommentOnTask, the
// Report…Issue and Resolve…Issue methods.
const DefaultCommentsPerHour = 120

// WithCommentPacing sets how many comments the client posts per
// organization in any rolling hour (every method DefaultCommentsPerHour
// names); 0 turns the pacing off, for an organization whose cap Tallyfy
// raised. The default is DefaultCommentsPerHour.
func WithCommentPacing(perHour int) Option {
	return func(c *config) error {
		return pacersFor(c).comments.setLimit(perHour)
	}
}

// pacers are one client configuration's pacers, one per capped kind of
// write.
type pacers struct {
	invites, comments *hourlyPacer
}

// clientPacers holds each client configuration's pacers. It is keyed by a
// weak pointer so that a configuration nobody uses any more takes its
// pacers with it; ForOrganization copies share their configuration, and so
// their pacers, as they share the organization's caps.
var clientPacers sync.Map // weak.Pointer[config] → *pacers

func pacersFor(cfg *config) *pacers {
	key := weak.Make(cfg)
	if p, ok := clientPacers.Load(key); ok {
		return p.(*pacers)
	}
	p, loaded := clientPacers.LoadOrStore(key, &pacers{
		invites:  newHourlyPacer("guest invitations", DefaultGuestInvitesPerHour),
		comments: newHourlyPacer("comments", DefaultCommentsPerHour),
	})
	if !loaded {
		runtime.AddCleanup(cfg, func(k weak.Pointer[config]) { clientPacers.Delete(k) }, key)
	}
	return p.(*pacers)
}

// hourlyPacer spaces one kind of write under an hourly cap per
// organization: a rolling window of the times the writes were sent.
type hourlyPacer struct {
	what      string // "comments", for errors
	mu        sync.Mutex
	limit     int                    // per rolling hour; 0: no pacing
	sent      map[string][]time.Time // by organization, oldest first
	notBefore map[string]time.Time   // by organization, from a 429's Retry-After
	now       func() time.Time
	wait      func(context.Context, time.Duration) error // tests replace it
}

func newHourlyPacer(what string, perHour int) *hourlyPacer {
	return &hourlyPacer{
		what: what, limit: perHour, now: time.Now, wait: sleepContext,
		sent: map[string][]time.Time{}, notBefore: map[string]time.Time{},
	}
}

// setLimit sets the rate: a positive number per hour, or 0 for none.
func (p *hourlyPacer) setLimit(perHour int) error {
	if perHour < 0 {
		return fmt.Errorf("%w: %s pacing %d: use 0 to turn it off, or a positive rate per hour", ErrInvalidConfig, p.what, perHour)
	}
	p.mu.Lock()
	p.limit = perHour
	p.mu.Unlock()
	return nil
}

// reserve waits until a write to org may be sent and counts it as sent.
// It fails at once, sending nothing, when the next free slot comes after
// ctx's deadline.
func (p *hourlyPacer) reserve(ctx context.Context, org string) error {
	for {
		p.mu.Lock()
		limit := p.limit
		if limit == 0 {
			p.mu.Unlock()
			return nil
		}
		now := p.now()
		sent := p.sent[org]
		for len(sent) > 0 && !sent[0].Add(time.Hour).After(now) {
			sent = sent[1:]
		}
		var until time.Time
		if nb := p.notBefore[org]; now.Before(nb) {
			until = nb
		}
		if len(sent) >= limit {
			if free := sent[len(sent)-limit].Add(time.Hour); free.After(until) {
				until = free
			}
		}
		if until.IsZero() {
			p.sent[org] = append(slices.Clip(sent), now)
			p.mu.Unlock()
			return nil
		}
		p.sent[org] = sent
		p.mu.Unlock()
		// Durations, not instants, are compared: the pacer's clock is not
		// ctx's (tests move it by hand).
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < until.Sub(now) {
			return fmt.Errorf("%w: %s are capped at %d per organization per hour and the next slot is in %s, after this call's deadline; nothing was sent",
				ErrRateLimited, p.what, limit, until.Sub(now).Round(time.Second))
		}
		if err := p.wait(ctx, until.Sub(now)); err != nil {
			return fmt.Errorf("waiting %s for a slot for %s (%d per organization per hour); nothing was sent: %w",
				until.Sub(now).Round(time.Second), p.what, limit, err)
		}
	}
}

// rateLimited pauses org's writes for the Retry-After of a 429 answer: the
// server counts writes this client did not send.
func (p *hourlyPacer) rateLimited(org string, err error) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests {
		return
	}
	wait := apiErr.RetryAfter
	if wait <= 0 {
		wait = time.Minute
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if until := p.now().Add(wait); until.After(p.notBefore[org]) {
		p.notBefore[org] = until
	}
}

// paced sends one capped write through p: it waits for a slot first and
// pauses the organization's writes when the server answers 429.
func paced(ctx context.Context, p *hourlyPacer, org string, send func() ([]byte, error)) ([]byte, error) {
	if err := p.reserve(ctx, org); err != nil {
		return nil, err
	}
	body, err := send()
	if err != nil {
		p.rateLimited(org, err)
	}
	return body, err
}
