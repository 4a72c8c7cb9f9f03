package tallyfy

import (
	"context"
	"fmt"
	"iter"
	"sync"
)

// Page is one page of a list and where it sits in the whole list.
type Page[T any] struct {
	// Items are the page's items, in the server's order.
	Items []T
	// Pagination is the response's meta.pagination.
	Pagination Pagination

	next  fetchPage[T] // fetches another page of the same list; nil if built by hand
	left  int          // pages Next may still fetch (WithMaxPages)
	asked int          // the page number requested; Next asks for the one after it
}

// Next fetches the page after p with the same options, or returns nil and no
// error when p is the last (HasNext). It is how a caller works page by page,
// for batches or progress:
//
//	for page, err := c.ListRunsPage(ctx, opts); page != nil || err != nil; page, err = page.Next(ctx) {
//		if err != nil { ... }
//		...
//	}
//
// A list that goes on past WithMaxPages pages ends with ErrTooManyPages.
func (p *Page[T]) Next(ctx context.Context) (*Page[T], error) {
	if p == nil || !p.HasNext() {
		return nil, nil
	}
	if p.next == nil {
		return nil, fmt.Errorf("%w: this page was not returned by a Client, so it cannot fetch the next", ErrInvalidArgument)
	}
	if p.left <= 0 {
		return nil, fmt.Errorf("%w: stopped after the WithMaxPages limit; the server reports %d pages", ErrTooManyPages, p.Pagination.TotalPages)
	}
	// The page after the one asked for, not after the one the server says
	// it sent: a first page claiming to be page 5 must not skip 2 to 4.
	n := max(p.asked, 1) + 1
	page, err := fetchChecked(ctx, n, false, p.next)
	if err != nil {
		return nil, err
	}
	page.next, page.left, page.asked = p.next, p.left-1, n
	return page, nil
}

// HasNext reports whether another page follows. It reads current_page and
// total_pages, because the API's links are an empty array on some pages. A
// page holding fewer items than its per_page, or none, is the last whatever
// total_pages says: the server fills every page but the last, so a short
// page claiming more pages is a server not to follow.
func (p *Page[T]) HasNext() bool {
	if p == nil {
		return false
	}
	if n := len(p.Items); n == 0 || n < p.Pagination.PerPage {
		return false
	}
	return p.Pagination.CurrentPage < p.Pagination.TotalPages
}

// fetchPage fetches page n of a list.
type fetchPage[T any] func(ctx context.Context, n int) (*Page[T], error)

// pageLimits is how a list iteration fetches: pages ahead (WithPrefetch) and
// pages at most (WithMaxPages).
type pageLimits struct{ prefetch, maxPages int }

// paginate yields every page from first on, until a page says it is the last
// (HasNext) or the first page's total_pages is reached. Sequentially (the
// default) it holds one page; with prefetch > 0 it fetches up to prefetch
// pages concurrently once the first page has told how many there are, and
// still yields in order. It stops when yield returns false, after cancelling
// and waiting for any fetch in flight, so nothing outlives the loop. It
// fetches at most maxPages pages: a list that goes on past them ends with
// ErrTooManyPages rather than stopping silently.
func paginate[T any](ctx context.Context, first int, limits pageLimits, fetch fetchPage[T]) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		page, err := fetchChecked(ctx, first, true, fetch)
		if err != nil {
			yield(nil, err)
			return
		}
		if !yield(page, nil) || !page.HasNext() {
			return
		}
		total := page.Pagination.TotalPages
		// Both are at most maxPage (validatePaging, WithMaxPages): no overflow.
		last := min(total, first+limits.maxPages-1)
		var more bool
		if limits.prefetch > 0 {
			more = paginateAhead(ctx, first+1, last, limits.prefetch, fetch, yield)
		} else {
			more = paginateInOrder(ctx, first+1, last, fetch, yield)
		}
		if more && last < total {
			yield(nil, fmt.Errorf("%w: stopped after %d pages (WithMaxPages); the server reports %d", ErrTooManyPages, limits.maxPages, total))
		}
	}
}

// paginateInOrder fetches and yields pages [from, last] one at a time. It
// reports whether it yielded them all and the last says more follow.
func paginateInOrder[T any](ctx context.Context, from, last int, fetch fetchPage[T], yield func(*Page[T], error) bool) bool {
	for n := from; n <= last; n++ {
		page, err := fetchChecked(ctx, n, false, fetch)
		if err != nil {
			yield(nil, err)
			return false
		}
		if !yield(page, nil) || !page.HasNext() {
			return false
		}
	}
	return true
}

// eachItem flattens pages into their items.
func eachItem[T any](pages iter.Seq2[*Page[T], error]) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for page, err := range pages {
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range page.Items {
				if !yield(&page.Items[i], nil) {
					return
				}
			}
		}
	}
}

type pageResult[T any] struct {
	page *Page[T]
	err  error
}

// paginateAhead fetches pages [from, last] with up to window requests in
// flight and yields them in page order. It reports what paginateInOrder does.
func paginateAhead[T any](ctx context.Context, from, last, window int, fetch fetchPage[T], yield func(*Page[T], error) bool) bool {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	var queue []chan pageResult[T]
	next := from
	launch := func() {
		ch := make(chan pageResult[T], 1) // buffered: a fetch never blocks on an abandoned loop
		n := next
		next++
		wg.Go(func() {
			p, err := fetchChecked(ctx, n, false, fetch)
			ch <- pageResult[T]{p, err}
		})
		queue = append(queue, ch)
	}
	for next <= last && len(queue) < window {
		launch()
	}
	for len(queue) > 0 {
		r := <-queue[0]
		queue = queue[1:]
		if r.err != nil {
			yield(nil, r.err)
			return false
		}
		if next <= last {
			launch()
		}
		if !yield(r.page, nil) || !r.page.HasNext() {
			return false
		}
	}
	return true
}

// fetchChecked fetches page n and refuses a server that answers with another
// page: following it would repeat or skip items, or never end. Only the first
// page may leave current_page out (a server that does has one page).
func fetchChecked[T any](ctx context.Context, n int, first bool, fetch fetchPage[T]) (*Page[T], error) {
	page, err := fetch(ctx, n)
	if err != nil {
		return nil, err
	}
	if cur := page.Pagination.CurrentPage; cur != n && !(first && cur == 0) {
		return nil, fmt.Errorf("%w: asked for page %d, got page %d", ErrInvalidResponse, n, cur)
	}
	return page, nil
}
