package bench

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// The benchmarks compare like with like only if every client decodes the same fixtures to the
// same values. These tests check that, and that the SDK's decoder (tallyfy/json.go) gives what
// encoding/json gives on the generated models: the fixtures, the spec's examples and the API's
// quirks (union types with UnmarshalJSON, timestamps with and without milliseconds, free-form
// maps), plus a fuzz target run on its seeds by `make bench-smoke`.

// sdkOver returns an SDK client whose every response is body, without a network.
func sdkOver(t testing.TB, body []byte) *tallyfy.Client {
	return newSDK(t, "http://127.0.0.1:1", tallyfy.WithHTTPClient(&http.Client{Transport: memTransport{body}}), tallyfy.WithMaxRetries(0))
}

// stdItem decodes an item envelope as encoding/json does; ok is false when the SDK must refuse
// the body (not JSON, or no "data" object).
func stdItem[T any](body []byte) (v *T, ok bool) {
	var env struct {
		Data *T `json:"data"`
	}
	if json.Unmarshal(body, &env) != nil || env.Data == nil {
		return nil, false
	}
	return env.Data, true
}

// sameAsStd fails unless the SDK's GetRun, GetTask, GetTemplate and ListRunsPage decode body as
// encoding/json decodes it into the same generated models, or both refuse it.
func sameAsStd(t *testing.T, body []byte) {
	t.Helper()
	ctx := context.Background()
	c := sdkOver(t, body)
	id := RunID
	check := func(what string, got any, err error, want any, ok bool) {
		t.Helper()
		switch {
		case ok && err != nil:
			t.Errorf("%s: SDK refused what encoding/json decodes: %v\nbody: %.200q", what, err, body)
		case !ok && err == nil:
			t.Errorf("%s: SDK decoded what encoding/json refuses\nbody: %.200q", what, body)
		case ok && !reflect.DeepEqual(got, want):
			t.Errorf("%s: SDK and encoding/json disagree\nbody: %.200q", what, body)
		}
	}
	run, err := c.GetRun(ctx, id, nil)
	wantRun, ok := stdItem[gen.Run](body)
	check("GetRun", run, err, wantRun, ok)
	task, err := c.GetTask(ctx, id, nil)
	wantTask, ok := stdItem[gen.Task](body)
	check("GetTask", task, err, wantTask, ok)
	tpl, err := c.GetTemplate(ctx, id, nil)
	wantTpl, ok := stdItem[gen.Template](body)
	check("GetTemplate", tpl, err, wantTpl, ok)

	page, err := c.ListRunsPage(ctx, nil)
	var list struct {
		Data *[]gen.Run   `json:"data"`
		Meta gen.ListMeta `json:"meta"`
	}
	ok = json.Unmarshal(body, &list) == nil && list.Data != nil
	var got, want any
	if err == nil {
		got = [2]any{page.Items, page.Pagination}
	}
	if ok {
		want = [2]any{*list.Data, list.Meta.Pagination}
	}
	check("ListRunsPage", got, err, want, ok)
}

// quirks are bodies on the edges of the API's format.
var quirks = []string{
	`{"data":{"created_at":"2025-05-15T14:30:00.000Z","last_updated":"2025-05-20T11:00:00Z","archived_at":null}}`,
	`{"data":{"created_at":"2025-05-15 14:30:00"}}`,
	`{"data":{"prerun":{"a":"x","b":[1,"two",null,{"c":true}],"d":12345678901234567890,"e":1e308}}}`,
	`{"data":{"ID":"upper-case keys match as in encoding/json","Name":"x"}}`,
	`{"data":{"id":"a","id":"b"}}`,
	`{"data":{"status":"a-new-status","unknown":{"nested":[1,2,3]}}}`,
	`{"data":{"increment_id":1.5}}`,
	`{"data":{"progress":75}}`,
	`{"data":{"users":null,"groups":[]}}`,
	"{\"data\":{\"name\":\"invalid UTF-8 \xff is replaced\"}}",
	`{"data":{"name":"a lone surrogate \ud800"}}`,
	`{"data":{"name":"control ` + "\x01" + ` character"}}`,
	`{"data":{}} trailing`,
	`{"data":null}`,
	`{"data":[],"meta":{"pagination":{"total":0,"count":0,"per_page":10,"current_page":1,"total_pages":1,"links":[]}}}`,
	`{"data":[],"meta":{"pagination":{"links":{"next":"https://go.tallyfy.com/api/x?page=2"}}}}`,
	`{"data":[],"meta":{"pagination":{"links":null}}}`,
	`{"error":{"code":"SEAT_POOL_EXHAUSTED","details":{"n":1}}}`,
	`  {"data":{}}  `,
	`{"data":{"id":}}`,
}

func TestSDKDecodesAsEncodingJSON(t *testing.T) {
	bodies := map[string][]byte{"small run": SmallRunBody(), "big run": BigRunBody()}
	for i, p := range PageBodies(100, 250) {
		bodies["page "+string(rune('1'+i))] = p
	}
	bodies["single page"] = PageBodies(100, 40)[0]
	files, _ := filepath.Glob("../api/examples/*.json")
	if len(files) == 0 {
		t.Fatal("no examples in ../api/examples")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		bodies[filepath.Base(f)] = b
	}
	for i, q := range quirks {
		bodies["quirk "+string(rune('a'+i))] = []byte(q)
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) { sameAsStd(t, body) })
	}
}

// FuzzSDKDecodesAsEncodingJSON: whatever the body, the SDK decodes it as encoding/json does, or
// both refuse it. `make bench-smoke` runs the seeds; `go test -fuzz FuzzSDK -fuzztime 5m` in
// bench/ searches further (run before upgrading the decoder).
func FuzzSDKDecodesAsEncodingJSON(f *testing.F) {
	f.Add(SmallRunBody())
	f.Add(PageBodies(3, 7)[1])
	for _, q := range quirks {
		f.Add([]byte(q))
	}
	files, _ := filepath.Glob("../api/examples/*.json")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) { sameAsStd(t, body) })
}

// TestDecodedValuesOwnTheirBytes: a decoded page stays as it was while later pages are decoded.
// The SDK's decoder decodes from a pooled copy of the body; nothing decoded may refer to it.
func TestDecodedValuesOwnTheirBytes(t *testing.T) {
	pages := PageBodies(10, 50)
	first, err := sdkOver(t, pages[0]).ListRunsPage(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Page(1, 10, 50)
	for _, body := range pages[1:] {
		if _, err := sdkOver(t, body).ListRunsPage(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(first.Items, want.Data) {
		t.Error("page 1's runs changed while later pages were decoded")
	}
	if links := first.Pagination.Links; links.Next == "" || links != want.Meta.Pagination.Links {
		t.Errorf("page 1's links changed while later pages were decoded: %+v", links)
	}
}

// TestOgenAcceptsTheFixtures: ogen validates every response against the spec, so this checks
// the fixtures are valid and that the ogen anchor does all its work in the benchmarks.
func TestOgenAcceptsTheFixtures(t *testing.T) {
	ctx := context.Background()
	for name, body := range map[string][]byte{"small run": SmallRunBody(), "big run": BigRunBody()} {
		c := newOgen(t, "http://127.0.0.1:1", &http.Client{Transport: memTransport{body}})
		run, err := ogenGetRun(ctx, c, RunID)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if string(run.ID) != RunID {
			t.Errorf("%s: id %q, want %q", name, run.ID, RunID)
		}
	}
}

// TestP3EveryRunOnce: every way of paging visits the 10,000 runs once each, in order, and the
// SDK's iterators keep a bounded heap: far less than the list (raw-collect-all keeps all of it,
// about 90 pages' worth).
func TestP3EveryRunOnce(t *testing.T) {
	pages := PageBodies(p3PerPage, p3Runs)
	srv := newServer(t, pagedBodies(pages, 0))
	ctx := context.Background()
	page := onePage(pages[0])
	for _, impl := range p3Impls(t, srv.URL) {
		t.Run(impl.name, func(t *testing.T) {
			retained, err := retainedHeap(ctx, impl.list, p3Runs)
			if err != nil {
				t.Fatal(err)
			}
			pagesKept := float64(retained) / float64(page)
			t.Logf("retained %.2f MB, %.1f pages", float64(retained)/(1<<20), pagesKept)
			if impl.name != "raw-collect-all" && pagesKept > 25 {
				t.Errorf("kept %.1f pages alive while paging, want O(one page)", pagesKept)
			}
		})
	}
}

// TestP5EveryRunOnce: P5's clients visit the 10,000 runs once each, in order, and the SDK keeps
// a bounded heap.
func TestP5EveryRunOnce(t *testing.T) {
	pages := PageBodies(p3PerPage, p3Runs)
	srv := newServer(t, pagedBodies(pages, 0))
	ctx := context.Background()
	page := onePage(pages[0])
	for _, impl := range p5Impls(t, srv.URL) {
		t.Run(impl.name, func(t *testing.T) {
			retained, err := retainedHeap(ctx, impl.list, p3Runs)
			if err != nil {
				t.Fatal(err)
			}
			pagesKept := float64(retained) / float64(page)
			t.Logf("retained %.2f MB, %.1f pages", float64(retained)/(1<<20), pagesKept)
			if pagesKept > 25 {
				t.Errorf("kept %.1f pages alive while paging, want O(one page)", pagesKept)
			}
		})
	}
}

// TestP4Batch: a P4 batch through each client gets the right run every time.
func TestP4Batch(t *testing.T) {
	srv := newServer(t, fixedBody(SmallRunBody()))
	for _, impl := range getRunImpls(t, srv.URL) {
		t.Run(impl.name, func(t *testing.T) {
			if err := p4Batch(context.Background(), impl.new, 2_000); err != nil {
				t.Fatal(err)
			}
		})
	}
}
