package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"text/tabwriter"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

var webhookColumns = []column[tallyfy.WebhookSubscription]{
	{"ID", func(s *tallyfy.WebhookSubscription) string { return string(s.ID) }},
	{"URL", func(s *tallyfy.WebhookSubscription) string { return truncate(tallyfy.WebhookSubscriptionURL(s), 80) }},
	{"USER", func(s *tallyfy.WebhookSubscription) string {
		if s.UserID == nil {
			return ""
		}
		return fmt.Sprint(*s.UserID)
	}},
}

func printWebhookSubscription(w io.Writer, s *tallyfy.WebhookSubscription) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field(tw, "ID", string(s.ID))
	field(tw, "URL", tallyfy.WebhookSubscriptionURL(s))
	if s.UserID != nil {
		field(tw, "User", fmt.Sprint(*s.UserID))
	}
	return tw.Flush()
}

type webhooksListenOptions struct {
	addr, org string
	dedupe    int
}

func webhooksListenFlags(fs *flag.FlagSet, o *webhooksListenOptions) {
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen on this `host:port`")
	fs.StringVar(&o.org, "org", "", "accept deliveries naming this organization `id` in X-Tallyfy-orgID ("+tallyfy.EnvOrgID+")")
	fs.IntVar(&o.dedupe, "dedupe", 0, "drop an event seen among the last `n` (0: print every delivery, duplicates too)")
}

func (o *webhooksListenOptions) check() error {
	if o.dedupe < 0 {
		return usageErr("--dedupe %d must not be negative", o.dedupe)
	}
	return nil
}

// webhooksListenRun runs `tallyfy webhooks listen`: the SDK's webhook handler
// on an address, printing each event as one JSON line until interrupted.
func webhooksListenRun(ctx context.Context, a *app, _ input, o *webhooksListenOptions) error {
	org := firstNonEmpty(o.org, a.getenv(tallyfy.EnvOrgID))
	if org == "" {
		return usageErr("no organization to accept webhooks from: give --org or set %s", tallyfy.EnvOrgID)
	}
	var mu sync.Mutex // one line at a time: deliveries arrive concurrently
	enc := json.NewEncoder(a.stdout)
	log := slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h, err := tallyfy.NewWebhookHandler(org, func(_ context.Context, e *tallyfy.WebhookEvent) error {
		mu.Lock()
		defer mu.Unlock()
		return enc.Encode(e)
	}, &tallyfy.WebhookOptions{Dedupe: o.dedupe, Logger: log})
	if err != nil {
		return usageErr("%v", err)
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return usageErr("--addr %s: %v", o.addr, err)
	}
	fmt.Fprintf(a.stderr, "Listening for Tallyfy webhooks of organization %s on http://%s (Ctrl-C to stop).\n"+
		"Subscribe it with: tallyfy webhooks subscribe http://%s, or: tallyfy mock --webhook http://%s\n",
		org, ln.Addr(), ln.Addr(), ln.Addr())
	return serveUntilDone(ctx, ln, h)
}

type webhooksSubscribeOptions struct {
	user int
}

func webhooksSubscribeFlags(fs *flag.FlagSet, o *webhooksSubscribeOptions) {
	fs.IntVar(&o.user, "user", 0, "the subscription's user `id` (default: the token's user)")
}

func webhooksSubscribeRun(ctx context.Context, a *app, in input, o *webhooksSubscribeOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	sub, err := c.SubscribeWebhook(ctx, tallyfy.SubscribeWebhookRequest{URL: in.args[0], UserID: o.user})
	if err != nil {
		return withHint(err, "tallyfy webhooks list")
	}
	return printObject(a, in, sub, printWebhookSubscription)
}

type webhooksListOptions struct {
	tallyfy.ListWebhookSubscriptionsOptions
	pagingOptions
}

func webhooksListFlags(fs *flag.FlagSet, o *webhooksListOptions) { pagingFlags(fs, &o.pagingOptions) }

func (o *webhooksListOptions) check() error {
	err := o.pagingOptions.check()
	o.PerPage = o.perPage
	return err
}

func webhooksListRun(ctx context.Context, a *app, in input, o *webhooksListOptions) error {
	c, done, err := a.client(ctx)
	defer done()
	if err != nil {
		return err
	}
	pages := pagesFrom(ctx, func() (*tallyfy.Page[tallyfy.WebhookSubscription], error) {
		return c.ListWebhookSubscriptionsPage(ctx, &o.ListWebhookSubscriptionsOptions)
	})
	return printList(a, pages, o.pagingOptions, in.format, webhookColumns, "webhook subscriptions")
}

func webhooksRemoveRun(ctx context.Context, a *app, in input, _ *noOptions) error {
	return done(ctx, a, in, "webhook subscription", func(c *tallyfy.Client, id string) error { return c.UnsubscribeWebhook(ctx, id) })
}
