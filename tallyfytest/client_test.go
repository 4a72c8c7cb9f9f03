package tallyfytest_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func statuses(srv *tallyfytest.Server) []int {
	var out []int
	for _, r := range srv.Requests() {
		out = append(out, r.Status)
	}
	return out
}

func TestClient_ReadsTheServedOrganization(t *testing.T) {
	srv := newServer(t)
	c := srv.Client()
	if c.Organization() != srv.OrgID {
		t.Errorf("Organization() = %q, want %q", c.Organization(), srv.OrgID)
	}
	run, err := c.GetRun(ctx(t), tallyfytest.SampleRunID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if run.Name != "Onboarding - Globex Corp" {
		t.Errorf("run name = %q", run.Name)
	}
	if r := srv.Requests(); len(r) != 1 || !r[0].Authenticated {
		t.Errorf("requests = %+v, want one authenticated request", r)
	}
}

func TestClient_UsesACustomTokenAndOrganization(t *testing.T) {
	const org = "0123456789abcdef0123456789abcdef"
	srv := newServer(t, tallyfytest.WithToken("another-token"), tallyfytest.WithOrgID(org))
	if _, err := srv.Client().GetRun(ctx(t), tallyfytest.SampleRunID, nil); err != nil {
		t.Fatal(err)
	}
}

// The live API asks for 30 seconds here; the client must still get through, twice, well inside a
// deadline the SDK would otherwise refuse to wait past (it returns the 429 instead).
func TestClient_RetriesA429WithoutWaitingForRetryAfter(t *testing.T) {
	srv := newServer(t)
	srv.FailNext(2, tallyfytest.Failure{Status: http.StatusTooManyRequests, RetryAfter: "30"})
	ctx, cancel := context.WithTimeout(ctx(t), 10*time.Second)
	defer cancel()
	if _, err := srv.Client().GetRun(ctx, tallyfytest.SampleRunID, nil); err != nil {
		t.Fatalf("GetRun after two 429s: %v", err)
	}
	if got, want := statuses(srv), []int{429, 429, 200}; !slices.Equal(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
}

func TestClient_OptionsOverrideTheServersSettings(t *testing.T) {
	srv := newServer(t)

	srv.FailNext(1, tallyfytest.Failure{Status: http.StatusServiceUnavailable})
	_, err := srv.Client(tallyfy.WithMaxRetries(0)).GetRun(ctx(t), tallyfytest.SampleRunID, nil)
	if !errors.Is(err, tallyfy.ErrServer) {
		t.Errorf("with WithMaxRetries(0), err = %v, want ErrServer", err)
	}
	if got := statuses(srv); !slices.Equal(got, []int{503}) {
		t.Errorf("with WithMaxRetries(0), statuses = %v, want one 503", got)
	}

	_, err = srv.Client(tallyfy.WithOrganization(tallyfytest.OtherOrgID)).GetRun(ctx(t), tallyfytest.SampleRunID, nil)
	if !errors.Is(err, tallyfy.ErrForbidden) {
		t.Errorf("with another organization, err = %v, want ErrForbidden", err)
	}
}

func TestClient_PanicsOnAnInvalidOption(t *testing.T) {
	srv := newServer(t)
	defer func() {
		if recover() == nil {
			t.Error("Client(WithMaxRetries(-1)) did not panic")
		}
	}()
	srv.Client(tallyfy.WithMaxRetries(-1))
}
