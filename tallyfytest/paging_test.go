package tallyfytest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// rawPage is a list response with links kept raw, to see [] and {} as sent.
type rawPage struct {
	Data []gen.Run `json:"data"`
	Meta struct {
		Pagination struct {
			Total       int             `json:"total"`
			Count       int             `json:"count"`
			PerPage     int             `json:"per_page"`
			CurrentPage int             `json:"current_page"`
			TotalPages  int             `json:"total_pages"`
			Links       json.RawMessage `json:"links"`
		} `json:"pagination"`
	} `json:"meta"`
}

func getPage(t *testing.T, f *fixture, rawURL string) rawPage {
	t.Helper()
	if !strings.HasPrefix(rawURL, f.srv.URL+"/") {
		t.Fatalf("link %q does not point at the server %s", rawURL, f.srv.URL)
	}
	resp, body := f.get(t, strings.TrimPrefix(rawURL, f.srv.URL), nil)
	mustOK(t, resp.StatusCode, body, nil)
	var p rawPage
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestListRuns_FollowingNextLinksCoversEveryRunExactlyOnce(t *testing.T) {
	f := newFixture(t)
	var want []string
	for _, r := range f.srv.Runs() {
		if r.ArchivedAt == nil {
			want = append(want, r.ID)
		}
	}
	for _, perPage := range []int{1, 3, 7, 10, 19, 20, 100} {
		t.Run("per_page="+strconv.Itoa(perPage), func(t *testing.T) {
			totalPages := (len(want) + perPage - 1) / perPage
			next := f.srv.URL + orgPath("/runs?per_page="+strconv.Itoa(perPage))
			var got []string
			for page := 1; next != ""; page++ {
				p := getPage(t, f, next)
				pg := p.Meta.Pagination
				wantCount := min(perPage, len(want)-(page-1)*perPage)
				if pg.Total != len(want) || pg.Count != wantCount || pg.Count != len(p.Data) || pg.PerPage != perPage ||
					pg.CurrentPage != page || pg.TotalPages != totalPages {
					t.Fatalf("page %d: pagination %+v, want total %d, count %d, per_page %d, total_pages %d",
						page, pg, len(want), wantCount, perPage, totalPages)
				}
				links := decodeLinks(t, pg.Links)
				checkLink(t, f, "previous", links["previous"], page > 1, page-1, perPage)
				checkLink(t, f, "next", links["next"], page < totalPages, page+1, perPage)
				if totalPages == 1 && string(pg.Links) != "[]" {
					t.Errorf("links of the only page = %s, want []", pg.Links)
				}
				for _, r := range p.Data {
					got = append(got, r.ID)
				}
				next = links["next"]
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("paging returned %d runs %v, want each of the %d runs once, in order", len(got), got, len(want))
			}
		})
	}
}

// decodeLinks reads links, which is an object of URLs or the empty array [].
func decodeLinks(t *testing.T, raw json.RawMessage) map[string]string {
	t.Helper()
	if string(raw) == "[]" {
		return map[string]string{}
	}
	var links map[string]string
	if err := json.Unmarshal(raw, &links); err != nil || len(links) == 0 {
		t.Fatalf("links = %s, want an object with previous or next, or []", raw)
	}
	return links
}

func checkLink(t *testing.T, f *fixture, name, link string, want bool, page, perPage int) {
	t.Helper()
	if (link != "") != want {
		t.Errorf("%s link = %q, want present=%v", name, link, want)
		return
	}
	if link == "" {
		return
	}
	u, err := url.Parse(link)
	if err != nil || !u.IsAbs() || u.Path != orgPath("/runs") {
		t.Errorf("%s link %q is not an absolute URL of the list", name, link)
		return
	}
	if q := u.Query(); q.Get("page") != strconv.Itoa(page) || q.Get("per_page") != strconv.Itoa(perPage) {
		t.Errorf("%s link %q, want page=%d and per_page=%d", name, link, page, perPage)
	}
}

func TestListRuns_LinksKeepTheQueryAndReplacePage(t *testing.T) {
	f := newFixture(t)
	p := getPage(t, f, f.srv.URL+orgPath("/runs?page=2&status=active&with=tags,checklist&per_page=2"))
	links := decodeLinks(t, p.Meta.Pagination.Links)
	base := f.srv.URL + orgPath("/runs?status=active&with=tags,checklist&per_page=2&page=")
	if links["previous"] != base+"1" || links["next"] != base+"3" {
		t.Errorf("links = %v, want previous %s1 and next %s3", links, base, base)
	}
	if !strings.Contains(string(p.Meta.Pagination.Links), "&page=") {
		t.Errorf("links are sent HTML-escaped: %s", p.Meta.Pagination.Links)
	}
}

func TestListRuns_APagePastTheEndIsEmptyAndKeepsTheTotals(t *testing.T) {
	f := newFixture(t)
	params := listParams()
	params.PerPage = ptr(10)
	params.Page = ptr(50)
	resp, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, params)
	mustOK(t, resp.StatusCode(), resp.Body, err)
	pg := resp.JSON200.Meta.Pagination
	links := decodeLinks(t, rawLinks(t, resp.Body))
	if len(resp.JSON200.Data) != 0 || pg.Count != 0 || pg.CurrentPage != 50 || pg.Total == 0 || pg.TotalPages != (pg.Total+9)/10 {
		t.Errorf("page 50 = %d runs, pagination %+v", len(resp.JSON200.Data), pg)
	}
	if links["next"] != "" || !strings.HasSuffix(links["previous"], "page=49") {
		t.Errorf("links = %v, want only previous, to page 49", links)
	}
}

func TestListRuns_AHugePageNumberIsJustPastTheEnd(t *testing.T) {
	f := newFixture(t)
	resp, body := f.get(t, orgPath("/runs?page=9223372036854775807"), nil)
	mustOK(t, resp.StatusCode, body, nil)
	var p rawPage
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Data) != 0 || p.Meta.Pagination.CurrentPage != 9223372036854775807 {
		t.Errorf("got %d runs on page %d", len(p.Data), p.Meta.Pagination.CurrentPage)
	}
}

func rawLinks(t *testing.T, body []byte) json.RawMessage {
	t.Helper()
	var p rawPage
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	return p.Meta.Pagination.Links
}

func TestListRuns_WithoutPaginationReturnsEverythingOnOnePage(t *testing.T) {
	f := newFixture(t)
	params := listParams()
	params.WithoutPagination = ptr(true)
	params.PerPage = ptr(2)
	resp, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, params)
	mustOK(t, resp.StatusCode(), resp.Body, err)
	pg := resp.JSON200.Meta.Pagination
	if len(resp.JSON200.Data) != pg.Total || pg.Count != pg.Total || pg.TotalPages != 1 || pg.CurrentPage != 1 || pg.Total < 20 {
		t.Errorf("got %d runs, pagination %+v", len(resp.JSON200.Data), pg)
	}
	if links := rawLinks(t, resp.Body); string(links) != "[]" {
		t.Errorf("links = %s, want []", links)
	}
}

func TestListRuns_AnEmptyResultIsOnePageWithEmptyLinks(t *testing.T) {
	f := newFixture(t)
	params := listParams()
	params.Q = ptr("no such run")
	resp, err := f.client.ListRunsWithResponse(ctx(t), tallyfytest.SampleOrgID, params)
	mustOK(t, resp.StatusCode(), resp.Body, err)
	pg := resp.JSON200.Meta.Pagination
	if len(resp.JSON200.Data) != 0 || pg.Total != 0 || pg.TotalPages != 1 || pg.CurrentPage != 1 || pg.PerPage != 10 {
		t.Errorf("pagination = %+v", pg)
	}
	if string(rawLinks(t, resp.Body)) != "[]" {
		t.Errorf("links = %s, want []", rawLinks(t, resp.Body))
	}
	if !strings.Contains(string(resp.Body), `"data":[]`) {
		t.Errorf("data is not an empty list: %s", resp.Body)
	}
}

func TestListRunTasks_PagesLikeListRuns(t *testing.T) {
	f := newFixture(t)
	const run = "0daaaec237345844d6e9bf5458345bb8" // four tasks
	var got []string
	for page := 1; page <= 2; page++ {
		params := taskListParams()
		params.PerPage = ptr(3)
		params.Page = ptr(page)
		resp, err := f.client.ListRunTasksWithResponse(ctx(t), tallyfytest.SampleOrgID, run, params)
		mustOK(t, resp.StatusCode(), resp.Body, err)
		pg := resp.JSON200.Meta.Pagination
		if pg.Total != 4 || pg.TotalPages != 2 || pg.CurrentPage != page {
			t.Errorf("page %d: pagination %+v", page, pg)
		}
		links := decodeLinks(t, rawLinks(t, resp.Body))
		if (links["next"] != "") != (page == 1) || (links["previous"] != "") != (page == 2) {
			t.Errorf("page %d: links %v", page, links)
		}
		for _, task := range resp.JSON200.Data {
			got = append(got, task.ID)
		}
	}
	var want []string
	for _, task := range f.srv.Tasks(run) {
		want = append(want, task.ID)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("tasks %v, want %v", got, want)
	}
}

func TestListRuns_PerPageAbove100IsRefused(t *testing.T) {
	f := newFixture(t)
	resp, body := f.get(t, orgPath("/runs?per_page=101"), nil)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("status = %d, want 422; body %s", resp.StatusCode, body)
	}
}
