package tallyfytest

import (
	"fmt"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// clientMaxRetryDelay caps the client's waits between attempts. The API asks for seconds
// (Retry-After, backoff from 500 ms), which a test of a retried 429 would spend sleeping; the
// fake answers at once, so a few milliseconds exercise the same retry path.
const clientMaxRetryDelay = 5 * time.Millisecond

// Client returns a client of package tallyfy for the server, as httptest.Server.Client does for
// net/http: pointed at Server.URL, with Server.Token and Server.OrgID, sending through the
// listener's own http.Client (whose idle connections Close closes), and with every wait between
// retries capped at 5 ms, so a test of a 429 or a 503 does not sleep for the seconds the live API
// asks for. opts are applied after these and override them, e.g. tallyfy.WithMaxRetries(0) or
// tallyfy.WithOrganization(OtherOrgID).
//
// It panics when opts hold an invalid value (tallyfy.NewClient's error) or when the server has no
// listener, as a test cannot go on without its client. Package tallyfy's own internal tests cannot
// use it: package tallyfytest imports package tallyfy, so only external tests (package
// tallyfy_test) may import tallyfytest.
func (s *Server) Client(opts ...tallyfy.Option) *tallyfy.Client {
	if s.ts == nil {
		panic("tallyfytest: Client needs a server started by NewServer")
	}
	all := append([]tallyfy.Option{
		tallyfy.WithBaseURL(s.URL),
		tallyfy.WithToken(s.Token),
		tallyfy.WithOrganization(s.OrgID),
		tallyfy.WithHTTPClient(s.ts.Client()),
		tallyfy.WithMaxRetryDelay(clientMaxRetryDelay),
	}, opts...)
	c, err := tallyfy.NewClient(all...)
	if err != nil {
		panic(fmt.Sprintf("tallyfytest: Client: %v", err))
	}
	return c
}
