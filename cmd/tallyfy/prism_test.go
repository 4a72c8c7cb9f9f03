package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tallyfy-go/sdk/v2/internal/spectest"
)

// TestCLI_EveryWriteAgainstPrism runs every command that writes (and me,
// the one read outside an organization) against Prism's mock of
// api/openapi.yaml, through a proxy that collects Prism's sl-violations
// header, its report of a request that breaks the contract: each command
// must exit 0 with no violation, so each request it sent, its body
// included, conforms. The reads are the
// SDK's, which conformance_test runs against Prism; Prism answers slowly, so
// they are not repeated here. Every write command of the table must have a
// case.
func TestCLI_EveryWriteAgainstPrism(t *testing.T) {
	prism, err := url.Parse(spectest.StartPrism(t, "../.."))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var violations []string
	proxy := httputil.NewSingleHostReverseProxy(prism)
	proxy.ModifyResponse = func(r *http.Response) error {
		if v := r.Header.Get("sl-violations"); v != "" {
			mu.Lock()
			violations = append(violations, r.Request.Method+" "+r.Request.URL.Path+": "+v)
			mu.Unlock()
		}
		return nil
	}
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	base := front.URL
	const (
		org  = "8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f"
		id   = "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"
		task = "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
	)
	cases := map[string][]string{
		"runs launch":        {"runs", "launch", id, "--name", "Onboarding - Acme", "--user", "1002", "--tag", task},
		"runs update":        {"runs", "update", id, "--name", "Renamed", "--users", "1002", "--groups", "g1"},
		"runs archive":       {"runs", "archive", id},
		"runs activate":      {"runs", "activate", id},
		"tasks complete":     {"tasks", "complete", task, "--run", id},
		"tasks reassign":     {"tasks", "reassign", task, "--run", id, "--to", "alice@acme.example", "--to", "Finance"},
		"tasks reopen":       {"tasks", "reopen", task},
		"tasks update":       {"tasks", "update", task, "--run", id, "--title", "Review", "--deadline", "2026-12-04T17:00:00Z"},
		"tasks create":       {"tasks", "create", "--title", "Call Acme", "--deadline", "2026-12-04T17:00:00Z", "--assign", "1002"},
		"tasks comment":      {"tasks", "comment", task, "--text", "Signed.", "--visibility", "all"},
		"api":                {"api", "DELETE", "/organizations/" + org + "/runs/" + id},
		"me":                 {"me"},
		"users invite":       {"users", "invite", "frank@acme.example", "--first-name", "Frank", "--last-name", "Newcomer", "--role", "standard"},
		"users update":       {"users", "update", "1002", "--first-name", "Bob", "--last-name", "Onboarding", "--timezone", "Europe/London", "--job-title", "Lead"},
		"users update-me":    {"users", "update-me", "--first-name", "Bob", "--last-name", "Onboarding", "--timezone", "Europe/London"},
		"users role":         {"users", "role", "1002", "light"},
		"users disable":      {"users", "disable", "1004"},
		"users enable":       {"users", "enable", "1004"},
		"users remove":       {"users", "remove", "1004", "--reassign-to", "1002"},
		"users delete":       {"users", "delete", "1004"},
		"users to-guest":     {"users", "to-guest", "1004"},
		"guests create":      {"guests", "create", "partner@initech.example", "--first-name", "Peter", "--company", "Initech"},
		"guests update":      {"guests", "update", "ops@globex.example", "--associated-members", "1002"},
		"guests delete":      {"guests", "delete", "ops@globex.example"},
		"guests disable":     {"guests", "disable", "ops@globex.example"},
		"guests enable":      {"guests", "enable", "ops@globex.example"},
		"guests to-member":   {"guests", "to-member", "ops@globex.example"},
		"groups create":      {"groups", "create", "Legal", "--description", "Contracts.", "--user", "1001", "--guest", "ops@globex.example"},
		"groups update":      {"groups", "update", "g1", "--name", "Legal", "--description", "Contracts.", "--users", "1002", "--guests", ""},
		"groups delete":      {"groups", "delete", "g1"},
		"tags create":        {"tags", "create", "Q3 priorities", "--color", "#3498db"},
		"tags update":        {"tags", "update", id, "--title", "Q4 priorities", "--color", "#34495e"},
		"tags delete":        {"tags", "delete", id, "--yes"},
		"tags apply":         {"tags", "apply", id, "--run", id},
		"tags remove":        {"tags", "remove", "l1"},
		"folders create":     {"folders", "create", "Q1 2026", "--processes"},
		"folders update":     {"folders", "update", id, "--name", "Q2 2026"},
		"folders delete":     {"folders", "delete", id},
		"folders add":        {"folders", "add", id, "--run", id},
		"folders remove":     {"folders", "remove", "12345"},
		"webhooks subscribe": {"webhooks", "subscribe", "https://hooks.example.com/tallyfy", "--user", "1002"},
		"webhooks remove":    {"webhooks", "remove", "9001"},
		"runs comment":       {"runs", "comment", id, "--text", "Kick-off booked.", "--visibility", "all"},
		"tasks issue":        {"tasks", "issue", task, "--text", "Page 2 is missing."},
		"tasks resolve":      {"tasks", "resolve", task, "--thread", "77103", "--text", "Page 2 arrived."},
		"templates create":   {"templates", "create", "Vendor review", "--type", "procedure", "--summary", "Yearly.", "--webhook", "https://hooks.example/t"},
		"templates update":   {"templates", "update", id, "--title", "Renamed", "--guidance", "Read me."},
		"templates archive":  {"templates", "archive", id},
		"templates restore":  {"templates", "restore", id},
		"templates delete":   {"templates", "delete", id, "--yes"},
		"templates clone":    {"templates", "clone", id, "--title", "Copy"},
		"templates publish":  {"templates", "publish", id},
		"templates apply":    {"templates", "apply", prismTemplateFile(t)},
		"steps add":          {"steps", "add", id, "--title", "Send the invoice", "--type", "task", "--position", "2", "--users", "1002"},
		"steps update":       {"steps", "update", id, task, "--title", "Renamed", "--guests", "pat@globex.example"},
		"steps delete":       {"steps", "delete", id, task},
		"files upload":       {"files", "upload", "testdata/contract.pdf", "--run", id, "--field-id", id},
		"files delete":       {"files", "delete", id},
		"runs delete":        {"runs", "delete", id, "--yes"},
		"runs export":        {"runs", "export", id},
		"tasks archive":      {"tasks", "archive", task},
		"tasks restore":      {"tasks", "restore", task},
		"tasks delete":       {"tasks", "delete", task, "--yes"},
		"tasks clone":        {"tasks", "clone", task},

		// Custom fields (customfields.go).
		"custom-fields set":     {"custom-fields", "set", "priority", "--task", task, "--run", id, "--value", "High"},
		"custom-fields unset":   {"custom-fields", "unset", "priority", "--run", id},
		"custom-fields define":  {"custom-fields", "define", "cost_center", "--applies-to", "process"},
		"custom-fields replace": {"custom-fields", "replace", "--step", task, "--template", id, "--set", "cost_center=CC-1042"},
		"runs kickoff-complete": {"runs", "kickoff-complete", id},
		"runs kickoff-reopen":   {"runs", "kickoff-reopen", id},
		"runs set-value":        {"runs", "set-value", id, "--value-id", "7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7", "--field", "tracking=DHL tracking 12345"},
		"guests set-value":      {"guests", "set-value", "ops@globex.example", "--run", id, "--value-id", "7e1f2a3b4c5d6e7f8091a2b3c4d5e6f7", "--field", "tracking=DHL tracking 12345"},
		"tasks save":            {"tasks", "save", task, "--field", "tracking=DHL tracking 12345"},
	}
	for _, c := range commands {
		if c.write && cases[c.name] == nil {
			t.Errorf("command %q writes and has no case here", c.name)
		}
	}
	vars := map[string]string{"TALLYFY_BASE_URL": base, "TALLYFY_ACCESS_TOKEN": "prism-token", "TALLYFY_ORG_ID": org, "TALLYFY_ALLOW_INSECURE_HTTP": "1"}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), append(args, "--retries", "0"), func(k string) string { return vars[k] }, &out, &errOut)
			if code != exitOK {
				t.Errorf("exit %d: %s", code, strings.TrimSpace(errOut.String()))
			}
			mu.Lock()
			defer mu.Unlock()
			if len(violations) > 0 {
				t.Errorf("prism reported request violations:\n%s", strings.Join(violations, "\n"))
				violations = nil
			}
		})
	}
}

// prismTemplateFile is a template file whose title no example has, so that
// templates apply creates it: the template, a step, its field and an
// automation, each request checked by Prism.
func prismTemplateFile(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "prism.yaml")
	doc := `version: 1
title: Prism-only template
type: procedure
settings: {summary: Made by the Prism test.}
kickoff:
  - {alias: who, label: Who?, type: text, required: true}
steps:
  - alias: pick
    title: Pick one
    fields:
      - {alias: size, label: Size, type: radio, required: true, options: [{text: S}, {text: L}]}
  - {alias: ship, title: Ship it}
automations:
  - name: Ship large ones
    conditions: [{step: pick, field: size, operation: equals, statement: L}]
    actions: [{type: visibility, verb: show, step: ship}]
`
	if err := os.WriteFile(file, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}
