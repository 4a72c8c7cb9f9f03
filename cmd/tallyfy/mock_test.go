package main

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// startMockCommand runs `tallyfy mock` in-process on a free loopback port,
// with args after the command words, until the test ends. It returns the
// base URL the mock printed and everything it printed up to there.
func startMockCommand(t *testing.T, args ...string) (base, banner string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	stdout := &watchWriter{want: "export TALLYFY_ORG_ID=", seen: make(chan struct{})}
	var stderr bytes.Buffer // read only once run has returned
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"mock", "--addr", "127.0.0.1:0"}, args...), func(string) string { return "" }, stdout, &stderr)
	}()
	select {
	case <-stdout.seen:
	case code := <-done:
		cancel()
		t.Fatalf("mock exited %d: %s", code, stderr.String())
	}
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("mock exit %d: %s", code, stderr.String())
		}
	})
	m := regexp.MustCompile(`export TALLYFY_BASE_URL=(\S+)`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("no base URL in:\n%s", stdout.String())
	}
	return m[1], stdout.String()
}

// get sends an authenticated GET as any client of the mock would, and
// returns the status and Retry-After header.
func get(t *testing.T, base, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tallyfytest.SampleToken)
	req.Header.Set("X-Tallyfy-Client", tallyfytest.SampleClient)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

const (
	orgPath      = "/organizations/" + tallyfytest.SampleOrgID
	runPath      = orgPath + "/runs/" + tallyfytest.SampleRunID
	runsPath     = orgPath + "/runs"
	templatePath = orgPath + "/checklists/" + tallyfytest.SampleTemplateID
)

func TestMock_FailAnswersMatchingRequestsWithTheFailure(t *testing.T) {
	base, banner := startMockCommand(t,
		"--fail", "GET /organizations/*/runs/*=429:2",
		"--fail", "GET /organizations/*/checklists/*=503:1:7")
	if !strings.Contains(banner, "GET /organizations/*/runs/*") {
		t.Errorf("the mock does not say which failures it injects:\n%s", banner)
	}
	steps := []struct {
		path       string
		status     int
		retryAfter string
	}{
		{runPath, 429, "1"}, // a 429 always carries Retry-After, as the spec requires
		{runsPath, 200, ""}, // `*` is one segment: the list is not a run
		{runPath + "/tasks", 200, ""},
		{runPath, 429, "1"},
		{runPath, 200, ""}, // two failures, then the normal answer
		{templatePath, 503, "7"},
		{templatePath, 200, ""},
	}
	for i, s := range steps {
		status, retryAfter := get(t, base, s.path)
		if status != s.status || retryAfter != s.retryAfter {
			t.Errorf("request %d, GET %s: %d with Retry-After %q, want %d with %q", i+1, s.path, status, retryAfter, s.status, s.retryAfter)
		}
	}
}

func TestMock_FailLetsAClientTestItsRetries(t *testing.T) {
	// What another language's test does: point its client at the mock and
	// count on a retry budget. Here the client is the CLI itself.
	base, _ := startMockCommand(t, "--fail", "GET /organizations/*/runs/*=429:3:0")
	vars := map[string]string{"TALLYFY_BASE_URL": base, "TALLYFY_ACCESS_TOKEN": tallyfytest.SampleToken, "TALLYFY_ORG_ID": tallyfytest.SampleOrgID}
	getenv := func(k string) string { return vars[k] }
	for _, want := range []int{exitRateLimited, exitOK} { // 2 attempts fail, then 1 of 2
		var out, errOut bytes.Buffer
		code := run(t.Context(), []string{"--retries", "1", "runs", "get", tallyfytest.SampleRunID}, getenv, &out, &errOut)
		if code != want {
			t.Errorf("exit %d, want %d (stderr %q)", code, want, errOut.String())
		}
	}
}

func TestMock_FailRuleErrorsAreUsageErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel() // a rule that were accepted would start the mock, and stop it at once with exit 0
	for _, rule := range []string{
		"GET /organizations/*/runs/*",       // no failure
		"/organizations/*/runs/*=429",       // no method
		"GET organizations/*/runs/*=429",    // not a path
		"GET /organizations/*/runs?x=1=429", // a query
		"GET /organizations//runs=429",      // an empty segment
		"GET /organizations/*/runs/*=abc",   // no status
		"GET /organizations/*/runs/*=200",   // not a failure
		"GET /organizations/*/runs/*=600",
		"GET /organizations/*/runs/*=429:0", // fails nothing
		"GET /organizations/*/runs/*=429:-1",
		"GET /organizations/*/runs/*=429:x",
		"GET /organizations/*/runs/*=429:1:soon", // Retry-After in seconds
		"GET /organizations/*/runs/*=429:1:-1",
		"GET /organizations/*/runs/*=429:1:2:3",
	} {
		var out, errOut bytes.Buffer
		code := run(ctx, []string{"mock", "--addr", "127.0.0.1:0", "--fail", rule}, func(string) string { return "" }, &out, &errOut)
		if code != exitUsage || !strings.Contains(errOut.String(), "flag -fail") || strings.Count(errOut.String(), "\n") != 1 {
			t.Errorf("--fail %q: exit %d, stderr %q", rule, code, errOut.String())
		}
	}
}
