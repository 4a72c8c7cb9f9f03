package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// A failRule is one --fail of `tallyfy mock`: the next count requests whose
// method and path match answer failure instead of their normal answer. It
// holds the arguments of tallyfytest's Server.FailOn(method, pathPattern,
// n, f), so that the mock can hand its rules to the fake once that exists.
type failRule struct {
	method  string
	path    string // segments, "*" standing for any one
	count   int
	failure tallyfytest.Failure
}

// parseFailRule reads METHOD PATH=STATUS[:COUNT[:RETRY_AFTER]].
func parseFailRule(s string) (failRule, error) {
	const syntax = "want 'METHOD PATH=STATUS[:COUNT[:RETRY_AFTER]]', e.g. 'GET /organizations/*/runs/*=429:2'"
	match, answer, ok := strings.Cut(s, "=")
	method, path, ok2 := strings.Cut(strings.TrimSpace(match), " ")
	if !ok || !ok2 {
		return failRule{}, fmt.Errorf("%s", syntax)
	}
	r := failRule{method: strings.ToUpper(method), path: strings.TrimSpace(path), count: 1}
	if r.method == "" || strings.IndexFunc(r.method, func(c rune) bool { return c < 'A' || c > 'Z' }) >= 0 {
		return failRule{}, fmt.Errorf("method %q: want one such as GET", method)
	}
	if err := checkPathPattern(r.path); err != nil {
		return failRule{}, err
	}
	parts := strings.Split(answer, ":")
	if len(parts) > 3 {
		return failRule{}, fmt.Errorf("%q: %s", answer, syntax)
	}
	status, err := strconv.Atoi(parts[0])
	if err != nil || status < 400 || status > 599 {
		return failRule{}, fmt.Errorf("status %q: want a failure, 400 to 599", parts[0])
	}
	r.failure.Status = status
	if len(parts) > 1 {
		if r.count, err = strconv.Atoi(parts[1]); err != nil || r.count < 1 {
			return failRule{}, fmt.Errorf("count %q: want how many requests fail, 1 or more", parts[1])
		}
	}
	if len(parts) > 2 {
		if n, err := strconv.Atoi(parts[2]); err != nil || n < 0 {
			return failRule{}, fmt.Errorf("retry-after %q: want seconds, 0 or more", parts[2])
		}
		r.failure.RetryAfter = parts[2]
	} else if status == http.StatusTooManyRequests {
		// The spec requires Retry-After on a 429; the API sends seconds.
		r.failure.RetryAfter = "1"
	}
	return r, nil
}

// checkPathPattern refuses a pattern no request path could match.
func checkPathPattern(p string) error {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "?# ") {
		return fmt.Errorf("path %q: want a path such as /organizations/*/runs/*, without a query", p)
	}
	for seg := range strings.SplitSeq(p[1:], "/") {
		if seg == "" || (seg != "*" && strings.Contains(seg, "*")) {
			return fmt.Errorf("path %q: segments may not be empty, and * stands for a whole one", p)
		}
	}
	return nil
}

// String describes the rule for the mock's banner.
func (f failRule) String() string {
	s := fmt.Sprintf("%s %s: the next %d such requests answer %d", f.method, f.path, f.count, f.failure.Status)
	if f.failure.RetryAfter != "" {
		s += " (Retry-After: " + f.failure.RetryAfter + ")"
	}
	return s
}

// failRules is the repeatable --fail flag.
type failRules []failRule

// String and Set make *failRules a flag.Value; each Set adds a rule.
func (rs *failRules) String() string {
	if rs == nil {
		return ""
	}
	parts := make([]string, len(*rs))
	for i, r := range *rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, "; ")
}

func (rs *failRules) Set(s string) error {
	r, err := parseFailRule(s)
	if err != nil {
		return err
	}
	*rs = append(*rs, r)
	return nil
}

// mockHandler is the fake behind `tallyfy mock`, answering as rules say:
// each rule becomes a Server.FailOn, which matches in the fake itself.
func mockHandler(rules failRules, webhooks []string) (h http.Handler, close func(), err error) {
	if len(rules) == 0 && len(webhooks) == 0 {
		return tallyfytest.NewHandler(), func() {}, nil
	}
	// FailOn and SubscribeWebhook need a Server, and NewServer listens on a
	// loopback port of its own too; nobody is told that port.
	srv := tallyfytest.NewServer()
	for _, r := range rules {
		srv.FailOn(r.method, r.path, r.count, r.failure)
	}
	for _, u := range webhooks {
		if _, err := srv.SubscribeWebhook(u); err != nil {
			srv.Close()
			return nil, nil, err
		}
	}
	return srv.Handler(), srv.Close, nil
}

// checkMockWebhook refuses a --webhook the fake could not deliver to.
func checkMockWebhook(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageErr("--webhook %q: an absolute http or https URL, e.g. http://127.0.0.1:8080", raw)
	}
	return nil
}
