package tallyfy

import (
	"context"
	"fmt"
	"math"

	"golang.org/x/time/rate"
)

// WithRateLimit paces every request the client sends, retries included, to
// at most perSecond a second on average with bursts of up to burst at once:
// a bulk job (many launches, many task completions) then slows down instead
// of running into the API's 429 answers, which throttle the whole
// organization. A request waits for its turn before it is sent, for as long
// as its context allows: when the turn comes after the context's deadline it
// fails at once with ErrRateLimited, and a cancelled context ends the wait;
// either way nothing was sent. perSecond 0 turns pacing off (the default);
// otherwise burst must be at least 1. Copies made with ForOrganization share
// the pace, as they share the token the API counts against. The hourly caps
// on comments and guest invitations (WithCommentPacing,
// WithGuestInvitePacing) apply on top.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) error {
		switch {
		case math.IsNaN(perSecond) || math.IsInf(perSecond, 0) || perSecond < 0:
			return fmt.Errorf("%w: WithRateLimit(%g, %d): the rate must be a finite number of requests per second, 0 for none", ErrInvalidConfig, perSecond, burst)
		case perSecond > 0 && burst < 1:
			return fmt.Errorf("%w: WithRateLimit(%g, %d): the burst must be at least 1", ErrInvalidConfig, perSecond, burst)
		}
		c.ratePerSecond, c.rateBurst = perSecond, burst
		return nil
	}
}

// newPace returns the pacing step of the transport chain, or nil when the
// configuration sets none. golang.org/x/time/rate is the token bucket: it
// is the Go team's, has no dependencies, and its Wait already refuses a
// wait that would outlast the context's deadline.
func newPace(cfg *config) func(context.Context) error {
	if cfg.ratePerSecond <= 0 {
		return nil
	}
	limiter := rate.NewLimiter(rate.Limit(cfg.ratePerSecond), cfg.rateBurst)
	perSecond := cfg.ratePerSecond
	return func(ctx context.Context) error {
		err := limiter.Wait(ctx)
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return fmt.Errorf("waiting for a turn under WithRateLimit (%g requests/second); nothing was sent: %w", perSecond, context.Cause(ctx))
		default: // the turn comes after the deadline; rate says so without waiting
			return fmt.Errorf("%w: the client paces itself at %g requests/second (WithRateLimit) and the next turn comes after this call's deadline; nothing was sent",
				ErrRateLimited, perSecond)
		}
	}
}
