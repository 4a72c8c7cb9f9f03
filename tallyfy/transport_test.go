package tallyfy

import (
	"context"
	"errors"
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

// net/http's Transport always sets a Body, but a RoundTripper given with
// WithHTTPClient may leave it nil (net/http tolerates that as empty).
func TestTransportResponseWithoutBodyIsEmptyNotAPanic(t *testing.T) {
	for status, want := range map[int]error{200: ErrInvalidResponse, 404: ErrNotFound, 429: ErrRateLimited} {
		hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: status, Header: http.Header{}, Request: r}, nil
		})}
		c, err := NewClient(WithToken("t"), WithOrganization(testOrg), WithHTTPClient(hc), WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetRun(context.Background(), runID, nil); !errors.Is(err, want) {
			t.Errorf("%d: err = %v, want %v", status, err, want)
		}
	}
}
