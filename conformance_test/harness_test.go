package conformance_test

import (
	"net/http"
	"os"
	"testing"

	"github.com/tallyfy-go/sdk/v2/internal/spectest"
)

func TestMain(m *testing.M) {
	spectest.UseStrictDateTime()
	os.Exit(m.Run())
}

// validator checks every request and response passing through it against
// api/openapi.yaml. It wraps the SDK's base transport, so it sees every
// attempt exactly as sent, headers included.
type validator struct{ *spectest.Validator }

func newValidator(t testing.TB, baseURL string, next http.RoundTripper) *validator {
	t.Helper()
	v, err := spectest.New(loadSpec(t), baseURL, next, true)
	if err != nil {
		t.Fatal(err)
	}
	return &validator{v}
}

// check fails t with every violation seen so far.
func (v *validator) check(t testing.TB) {
	t.Helper()
	if err := v.Violations(); err != nil {
		t.Errorf("%d spec violations:\n%v", v.Count(), err)
	}
}
