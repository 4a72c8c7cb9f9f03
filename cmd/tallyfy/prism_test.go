package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/internal/spectest"
)

// TestCLI_EveryCommandAgainstPrism runs every command that calls the API
// against Prism's mock of api/openapi.yaml, started with --errors: a
// request that breaks the contract gets a 422 instead of an example, so
// each command exiting 0 means each request it sent (write bodies included)
// conforms. Every API command of the table must have a case here.
func TestCLI_EveryCommandAgainstPrism(t *testing.T) {
	base := spectest.StartPrism(t, "../..", "--errors")
	const (
		org  = "8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f"
		id   = "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"
		task = "5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"
	)
	cases := map[string][]string{
		"runs get":       {"runs", "get", id, "--with", "tasks,tags"},
		"runs list":      {"runs", "list", "--status", "active"},
		"runs tasks":     {"runs", "tasks", id},
		"runs launch":    {"runs", "launch", id, "--name", "Onboarding - Acme", "--user", "1002", "--tag", task},
		"runs update":    {"runs", "update", id, "--name", "Renamed", "--users", "1002", "--groups", "g1"},
		"runs archive":   {"runs", "archive", id},
		"runs activate":  {"runs", "activate", id},
		"tasks get":      {"tasks", "get", task, "--with", "form_fields"},
		"tasks list":     {"tasks", "list", "--status", "active"},
		"tasks complete": {"tasks", "complete", task, "--run", id},
		"tasks reopen":   {"tasks", "reopen", task},
		"tasks update":   {"tasks", "update", task, "--run", id, "--title", "Review", "--deadline", "2026-12-04T17:00:00Z"},
		"tasks create":   {"tasks", "create", "--title", "Call Acme", "--deadline", "2026-12-04T17:00:00Z", "--assign", "1002"},
		"tasks comment":  {"tasks", "comment", task, "--text", "Signed.", "--visibility", "all"},
		"tasks wait":     {"tasks", "wait", task, "--interval", "1ms"},
		"templates get":  {"templates", "get", id, "--with", "steps"},
		"templates list": {"templates", "list"},
		"me":             {"me"},
	}
	extra := map[string][]string{"tasks list --mine": {"tasks", "list", "--mine"}}
	for _, c := range commands {
		if c.api && cases[c.name] == nil {
			t.Errorf("command %q calls the API and has no case here", c.name)
		}
	}
	for name, args := range cases {
		extra[name] = args
	}
	vars := map[string]string{"TALLYFY_BASE_URL": base, "TALLYFY_ACCESS_TOKEN": "prism-token", "TALLYFY_ORG_ID": org, "TALLYFY_ALLOW_INSECURE_HTTP": "1"}
	for name, args := range extra {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), append(args, "--retries", "0"), func(k string) string { return vars[k] }, &out, &errOut)
			if code != exitOK {
				t.Errorf("exit %d: %s", code, strings.TrimSpace(errOut.String()))
			}
		})
	}
}
