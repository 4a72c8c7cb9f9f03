package tallyfy

import (
	"context"
	"net/http"
	"testing"
)

func TestNilResponseFromTransportIsAnError(t *testing.T) {
	hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, nil })}
	c, err := NewClient(WithToken("t"), WithOrganization(testOrg), WithHTTPClient(hc), WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetRun(context.Background(), runID, nil); err == nil {
		t.Error("want an error")
	}
}
