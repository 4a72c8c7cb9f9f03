package main

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tallyfy-go/sdk/tallyfytest"
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

// matches reports whether r is a request the rule is about.
func (f *failRule) matches(r *http.Request) bool {
	if r.Method != f.method {
		return false
	}
	want, got := strings.Split(f.path, "/"), strings.Split(r.URL.Path, "/")
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if want[i] != got[i] && (want[i] != "*" || got[i] == "") {
			return false
		}
	}
	return true
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

// mockHandler is the fake behind `tallyfy mock`, answering as rules say.
func mockHandler(rules failRules) (h http.Handler, close func()) {
	if len(rules) == 0 {
		return tallyfytest.NewHandler(), func() {}
	}
	// FailNext needs a Server, and NewServer listens on a loopback port of
	// its own too; nobody is told that port, so every request comes through
	// the gate.
	srv := tallyfytest.NewServer()
	return &failGate{srv: srv, next: srv.Handler(), rules: slices.Clone(rules)}, srv.Close
}

// failGate answers the requests a rule matches with the rule's failure,
// through srv.FailNext(1, ...). FailNext fails the next request to arrive,
// whatever it is, so a matched request holds mu alone from FailNext until
// it has been answered, and every other request holds it shared: the
// failure cannot reach anything but the request it is for. Matched requests
// are thus served one at a time, which a fake can afford.
//
// Once tallyfytest has Server.FailOn(method, pathPattern, n, f), which
// matches in the server, mockHandler hands each rule to it and the gate
// goes.
type failGate struct {
	srv  *tallyfytest.Server
	next http.Handler
	mu   sync.RWMutex

	rulesMu sync.Mutex
	rules   failRules // counts go down as requests take them
}

// ServeHTTP answers r, failing it if a rule with failures left matches it.
func (g *failGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f, ok := g.take(r); ok {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.srv.FailNext(1, f)
		g.next.ServeHTTP(w, r)
		return
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	g.next.ServeHTTP(w, r)
}

// take claims a failure for r from the first rule that matches it and has
// failures left.
func (g *failGate) take(r *http.Request) (tallyfytest.Failure, bool) {
	g.rulesMu.Lock()
	defer g.rulesMu.Unlock()
	for i := range g.rules {
		if rule := &g.rules[i]; rule.count > 0 && rule.matches(r) {
			rule.count--
			return rule.failure, true
		}
	}
	return tallyfytest.Failure{}, false
}
