package tallyfy

import (
	"context"
	"iter"
)

// listOptions is what every list's options do for the one list helper: check
// themselves (ids, filters, page size), say where the list starts, and copy
// themselves so that the caller's slices cannot change under a list that is
// still being fetched.
type listOptions[O any] interface {
	*O
	check() error
	start() int
	clone() O
}

// fetchWith fetches page n of a list for checked options.
type fetchWith[P any, T any] func(ctx context.Context, o P, n int) (*Page[T], error)

// listItems is every List method: the items of every page, one page in
// memory (or WithPrefetch pages ahead), at most WithMaxPages pages. ids are
// (kind, id) pairs of the path, checked before anything is sent.
func listItems[O any, P listOptions[O], T any](c *Client, ctx context.Context, opts P, fetch fetchWith[P, T], ids ...string) iter.Seq2[*T, error] {
	o, err := checkList(c, ctx, opts, ids)
	if err != nil {
		return failed[*T](err)
	}
	return eachItem(paginate(ctx, o.start(), c.cfg.paging, func(ctx context.Context, n int) (*Page[T], error) {
		return fetch(ctx, o, n)
	}))
}

// listPage is every ListXPage method: one page, which can fetch the pages
// after it (Page.Next) under the same limits.
func listPage[O any, P listOptions[O], T any](c *Client, ctx context.Context, opts P, fetch fetchWith[P, T], ids ...string) (*Page[T], error) {
	o, err := checkList(c, ctx, opts, ids)
	if err != nil {
		return nil, err
	}
	next := func(ctx context.Context, n int) (*Page[T], error) { return fetch(ctx, o, n) }
	// One page is returned as the server sent it; Next checks the pages after.
	page, err := next(ctx, o.start())
	if err != nil {
		return nil, err
	}
	page.next, page.left, page.asked = next, c.cfg.paging.maxPages-1, o.start()
	return page, nil
}

// checkList checks the path ids and a copy of opts (nil means the zero
// options) before anything is sent.
func checkList[O any, P listOptions[O]](c *Client, ctx context.Context, opts P, ids []string) (P, error) {
	var o O
	if opts != nil {
		o = opts.clone()
	}
	prepare := c.prepare
	if _, ok := any(&o).(userScoped); ok {
		prepare = func(ctx context.Context, _ ...string) error { return checkContext(ctx) }
	}
	if err := prepare(ctx, ids...); err != nil {
		return nil, err
	}
	if err := P(&o).check(); err != nil {
		return nil, err
	}
	return &o, nil
}

// userScoped marks the options of a list outside any organization (paths
// under /me): it needs no organization id.
type userScoped interface{ userScoped() }
