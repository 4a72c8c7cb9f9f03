package conformance_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// TestWrittenAsAUserWould uses only the public API, the way a user of the SDK
// tests their own code: start the fake, point the client at it, call, and
// check results and errors.
func TestWrittenAsAUserWould(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, err := tallyfy.NewClient(tallyfy.WithBaseURL(srv.URL), tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	run, err := c.GetRun(ctx, tallyfytest.SampleRunID, &tallyfy.GetRunOptions{With: []tallyfy.RunInclude{tallyfy.RunIncludeTasks, tallyfy.RunIncludeTags}})
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Tasks) == 0 || run.Tags == nil {
		t.Fatalf("includes missing: %+v", run)
	}

	var active int
	for r, err := range c.ListRuns(ctx, &tallyfy.ListRunsOptions{Status: tallyfy.RunStatusActive}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != tallyfy.RunStatusActive {
			t.Errorf("%s: status %s in an active-only list", r.ID, r.Status)
		}
		active++
	}
	if active == 0 {
		t.Error("no active runs in the sample data")
	}

	srv.FailNext(1, tallyfytest.Failure{Status: 503})
	if _, err := c.GetTask(ctx, tallyfytest.SampleTaskID, nil); err != nil {
		t.Errorf("a single 503 should be retried away: %v", err)
	}
	if _, err := c.GetTemplate(ctx, "ffffffffffffffffffffffffffffffff", nil); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
	if n := len(srv.Requests()); n < 4 {
		t.Errorf("recorded %d requests", n)
	}
}
