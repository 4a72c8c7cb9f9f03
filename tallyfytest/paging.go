package tallyfytest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Page sizes as the live API applies them: 10 by default (docs:processes/list-processes), 100 at
// most (cli:types.go). A per_page above the maximum never reaches paging: the spec caps it at 100,
// so request validation answers 422 first.
const (
	defaultPerPage = 10
	maxPerPage     = 100
)

// pageRequest is what a list request asked for.
type pageRequest struct {
	page, perPage int
	all           bool // without_pagination=true
}

func newPageRequest(page, perPage *int, without *bool) pageRequest {
	pr := pageRequest{page: 1, perPage: defaultPerPage}
	if page != nil && *page > 0 {
		pr.page = *page
	}
	if perPage != nil && *perPage > 0 {
		pr.perPage = min(*perPage, maxPerPage)
	}
	pr.all = without != nil && *without
	return pr
}

// paginate cuts one page out of items and describes it the way Fractal's paginator does
// (fractal:Serializer/ArraySerializer.php): total_pages is at least 1 and a page past the end is
// empty but keeps the totals (Laravel's LengthAwarePaginator), and links holds absolute URLs of
// the previous and next pages when they exist. without_pagination=true returns everything
// (docs:processes/list-processes); the meta it still sends is the fake's (see "Not simulated").
func paginate[T any](items []T, pr pageRequest, r *http.Request) ([]T, gen.ListMeta) {
	total := len(items)
	if pr.all {
		return items, gen.ListMeta{Pagination: gen.Pagination{
			Total: total, Count: total, PerPage: total, CurrentPage: 1, TotalPages: 1,
		}}
	}
	totalPages := max((total+pr.perPage-1)/pr.perPage, 1)
	start := total // a page past the end; comparing pages first avoids overflowing on a huge page
	if pr.page <= totalPages {
		start = (pr.page - 1) * pr.perPage
	}
	end := min(start+pr.perPage, total)
	pageItems := items[start:end]

	var links gen.PaginationLinks
	if pr.page > 1 {
		links.Previous = pageURL(r, pr.page-1)
	}
	if pr.page < totalPages {
		links.Next = pageURL(r, pr.page+1)
	}
	meta := gen.ListMeta{Pagination: gen.Pagination{
		Total:       total,
		Count:       len(pageItems),
		PerPage:     pr.perPage,
		CurrentPage: pr.page,
		TotalPages:  totalPages,
		Links:       links, // [] when there is neither, as PHP encodes an empty array (cli:links.go)
	}}
	return pageItems, meta
}

// pageURL is the absolute URL of another page of the same list: the request's own address and
// query, in the order sent, with page replaced and appended last, as in the link of
// docs:processes/list-processes ("...runs?status=active&per_page=10&page=2").
func pageURL(r *http.Request, page int) string {
	var kept []string
	if r.URL.RawQuery != "" {
		for _, part := range strings.Split(r.URL.RawQuery, "&") {
			key, _, _ := strings.Cut(part, "=")
			if part == "" {
				continue
			}
			if k, err := url.QueryUnescape(key); err == nil && k == "page" {
				continue
			}
			kept = append(kept, part)
		}
	}
	kept = append(kept, "page="+strconv.Itoa(page))
	return baseURL(r) + r.URL.EscapedPath() + "?" + strings.Join(kept, "&")
}

// baseURL is the scheme and host the client used to reach the fake, so links work whether the
// fake runs on NewServer's listener or behind Handler on an address of the caller's choosing.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
