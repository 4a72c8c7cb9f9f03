package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// cli runs the program in-process against srv and returns its outputs.
func cli(t *testing.T, srv *tallyfytest.Server, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	vars := map[string]string{}
	if srv != nil {
		vars = map[string]string{"TALLYFY_BASE_URL": srv.URL, "TALLYFY_ACCESS_TOKEN": srv.Token, "TALLYFY_ORG_ID": srv.OrgID}
	}
	var out, errb bytes.Buffer
	code = run(context.Background(), args, func(k string) string { return vars[k] }, &out, &errb)
	return out.String(), errb.String(), code
}

func TestCLI_Success(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"runs get table", []string{"runs", "get", tallyfytest.SampleRunID}, []string{"Onboarding - Globex Corp", "Progress:", "Client Onboarding V3"}},
		{"runs get with tasks", []string{"runs", "get", tallyfytest.SampleRunID, "--with", "tasks,tags"}, []string{"Tasks (", "DEADLINE", "Tags:"}},
		{"runs list", []string{"runs", "list"}, []string{"ID", "NAME", "STATUS", "PROGRESS", "OWNER", "DUE", "UPDATED"}},
		{"runs list filtered", []string{"runs", "list", "--status", "active", "--q", "globex"}, []string{"Globex"}},
		{"runs tasks", []string{"runs", "tasks", tallyfytest.SampleRunID, "--all"}, []string{"TITLE", "OWNERS"}},
		{"tasks get", []string{"tasks", "get", tallyfytest.SampleTaskID, "--with", "form_fields"}, []string{"FORM FIELD", "Title:"}},
		{"templates get", []string{"templates", "get", tallyfytest.SampleTemplateID, "--with", "steps,tags"}, []string{"Client Onboarding V3", "STEP"}},
		{"version", []string{"version"}, []string{"tallyfy " + tallyfy.Version, "API spec"}},
		{"global flags first", []string{"--timeout", "30s", "runs", "get", tallyfytest.SampleRunID}, []string{"Globex"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := cli(t, srv, tc.args...)
			if code != exitOK || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestCLI_JSONOutputIsTheAPIData(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	out, _, code := cli(t, srv, "runs", "get", tallyfytest.SampleRunID, "-o", "json", "--with", "tasks")
	if code != 0 {
		t.Fatal(code)
	}
	var run struct {
		ID    string `json:"id"`
		Tasks struct {
			Data []json.RawMessage `json:"data"`
		} `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(out), &run); err != nil || run.ID != tallyfytest.SampleRunID || len(run.Tasks.Data) == 0 {
		t.Fatalf("json = %v, %+v\n%s", err, run, out)
	}

	out, _, code = cli(t, srv, "runs", "list", "--all", "--per-page", "4", "-o", "json")
	var runs []map[string]any
	if err := json.Unmarshal([]byte(out), &runs); err != nil || code != 0 {
		t.Fatalf("json list: %v\n%s", err, out)
	}
	all := len(runs)
	if all < 10 {
		t.Fatalf("only %d runs with --all", all)
	}

	out, _, _ = cli(t, srv, "runs", "list", "--all", "--per-page", "3", "-o", "jsonl")
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("jsonl line %q: %v", sc.Text(), err)
		}
		id := r["id"].(string)
		if seen[id] {
			t.Errorf("run %s printed twice", id)
		}
		seen[id] = true
	}
	if len(seen) != all {
		t.Errorf("jsonl printed %d runs, json %d", len(seen), all)
	}

	out, _, _ = cli(t, srv, "runs", "list", "--limit", "5", "--per-page", "2", "-o", "jsonl")
	if n := strings.Count(out, "\n"); n != 5 {
		t.Errorf("--limit 5 printed %d lines", n)
	}
	out, _, _ = cli(t, srv, "runs", "list", "--q", "no such process", "-o", "json")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("empty list = %q", out)
	}
}

func TestCLI_ErrorsHaveAClassAndOneLine(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	missing := "0000000000000000000000000000dead"
	cases := []struct {
		name  string
		setup func()
		srv   *tallyfytest.Server
		args  []string
		code  int
		want  string
	}{
		{"no command", nil, srv, nil, exitUsage, ""},
		{"unknown command", nil, srv, []string{"runs", "destroy", "x"}, exitUsage, "unknown command"},
		{"unknown flag", nil, srv, []string{"runs", "list", "--bogus"}, exitUsage, "bogus"},
		{"missing argument", nil, srv, []string{"runs", "get"}, exitUsage, "usage: tallyfy runs get"},
		{"bad output", nil, srv, []string{"runs", "get", missing, "-o", "yaml"}, exitUsage, "-o"},
		{"all and limit", nil, srv, []string{"runs", "list", "--all", "--limit", "3"}, exitUsage, "--all and --limit"},
		{"bad owners", nil, srv, []string{"runs", "list", "--owners", "alice"}, exitUsage, "user id"},
		{"bad id", nil, srv, []string{"runs", "get", "../etc"}, exitUsage, "run id"},
		{"per page too big", nil, srv, []string{"runs", "list", "--per-page", "500"}, exitUsage, "per_page"},
		{"no token", nil, nil, []string{"runs", "get", missing}, exitAuth, "TALLYFY_ACCESS_TOKEN"},
		{"wrong token", nil, srv, []string{"--allow-insecure-http", "--token", "wrong", "runs", "get", missing}, exitAuth, "unauthorized"},
		{"other organization", nil, srv, []string{"--org", tallyfytest.OtherOrgID, "runs", "get", tallyfytest.SampleRunID}, exitAuth, "forbidden"},
		{"not found", nil, srv, []string{"runs", "get", missing}, exitNotFound, "not found: run " + missing},
		{"task not found", nil, srv, []string{"tasks", "get", missing}, exitNotFound, "not found: task " + missing},
		{"rate limited", func() { srv.FailNext(1, tallyfytest.Failure{Status: 429, RetryAfter: "12"}) }, srv,
			[]string{"--retries", "0", "runs", "list"}, exitRateLimited, "rate limited, retry after 12s"},
		{"server error", func() { srv.FailNext(1, tallyfytest.Failure{Status: 503}) }, srv,
			[]string{"--retries", "0", "templates", "get", tallyfytest.SampleTemplateID}, exitUnavailable, "server error: 503"},
		{"network error", nil, nil, []string{"--allow-insecure-http", "--base-url", "http://127.0.0.1:1", "--token", "t", "--org", "o", "--retries", "0", "runs", "list"}, exitUnavailable, "network error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			_, errOut, code := cli(t, tc.srv, tc.args...)
			if code != tc.code {
				t.Errorf("exit = %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr = %q, want %q", errOut, tc.want)
			}
			if tc.want != "" && strings.Count(errOut, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", errOut)
			}
			if strings.Contains(errOut, srv.Token) || strings.Contains(errOut, "goroutine") {
				t.Errorf("stderr leaks a token or a stack trace: %q", errOut)
			}
		})
	}
}

// The SDK's errors, and each error they wrap, start with "tallyfy: "; the
// CLI's line has one. A failed request is named by the method it sent, so a
// write's failure says it was the write (PUT, POST, DELETE), and a failure
// of the read a write makes first says it was the read.
func TestCLI_ErrorsHaveOnePrefixAndNameTheMethodSent(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	org := "/organizations/" + srv.OrgID
	run, task := tallyfytest.SampleRunID, tallyfytest.InProgressTaskID
	cases := []struct {
		name  string
		setup func()
		args  []string
		code  int
		want  string
	}{
		{"write refused", func() {
			srv.FailOn("PUT", "/organizations/*/runs/*", 1, tallyfytest.Failure{Status: 422,
				Body: []byte(`{"message":"The given data was invalid.","errors":{"name":["The name is too long."]}}`)})
		}, []string{"runs", "update", run, "--name", "n"}, exitUsage, "invalid request: PUT " + org + "/runs/" + run + ": 422"},
		{"write forbidden", func() { srv.FailOn("POST", "/organizations/*/tasks/*/comment", 1, tallyfytest.Failure{Status: 403}) },
			[]string{"tasks", "comment", task, "--text", "hi", "--visibility", "all"}, exitAuth, "(POST " + org + "/tasks/" + task + "/comment, "},
		{"write rate limited", func() {
			srv.FailOn("DELETE", "/organizations/*/runs/*", 1, tallyfytest.Failure{Status: 429, RetryAfter: "7"})
		}, []string{"runs", "archive", run}, exitRateLimited, "rate limited, retry after 7s (DELETE " + org + "/runs/" + run},
		{"write not found", func() { srv.FailOn("PUT", "/organizations/*/runs/*/activate", 1, tallyfytest.Failure{Status: 404}) },
			[]string{"runs", "activate", run}, exitNotFound, "not found: run " + run + " (PUT " + org + "/runs/" + run + "/activate"},
		{"the read before a write", func() { srv.FailOn("GET", "/organizations/*/runs/*", 1, tallyfytest.Failure{Status: 404}) },
			[]string{"runs", "update", run, "--name", "n"}, exitNotFound, "not found: run " + run + " (GET " + org + "/runs/" + run},
		{"a write's answer unreadable", func() {
			srv.FailOn("PUT", "/organizations/*/runs/*", 1, tallyfytest.Failure{Status: 200, Body: []byte(`{"data":`), AfterHandling: true})
		}, []string{"runs", "update", run, "--name", "n"}, exitUnavailable, "PUT " + org + "/runs/" + run + " was carried out"},
		{"bad argument", nil, []string{"runs", "update", run, "--name", "a\xffb"}, exitUsage, "process name is not valid UTF-8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			_, errOut, code := cli(t, srv, append([]string{"--retries", "0"}, tc.args...)...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tc.code, tc.want)
			}
			if n := strings.Count(errOut, "tallyfy: "); n != 1 || !strings.HasPrefix(errOut, "tallyfy: ") {
				t.Errorf("stderr has %d \"tallyfy: \", want one at the start: %q", n, errOut)
			}
		})
	}
}

func TestWithoutSDKPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"tallyfy: tallyfy: invalid response: x":                          "invalid response: x",
		"reading task t before completing it: tallyfy: GET /p: 500":      "reading task t before completing it: GET /p: 500",
		"outcome unknown: POST /p (tallyfy: POST /p: 502 Bad Gateway)":   "outcome unknown: POST /p (POST /p: 502 Bad Gateway)",
		"invalid request: tallyfy: PUT /p: 422: the name tallyfy: is ok": "invalid request: PUT /p: 422: the name tallyfy: is ok", // a server's text, not a prefix
		"a message that says tallyfy in passing":                         "a message that says tallyfy in passing",
	} {
		if got := withoutSDKPrefix(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestCLI_HelpListsCommandsAndExitCodes(t *testing.T) {
	out, _, code := cli(t, nil, "--help")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, w := range []string{"runs get", "runs list", "runs tasks", "tasks get", "templates get", "mock", "version", "--mock", "Exit codes:", "4  not found", "5  rate limited"} {
		if !strings.Contains(out, w) {
			t.Errorf("help lacks %q", w)
		}
	}
	out, _, code = cli(t, nil, "runs", "list", "--help")
	if code != exitOK || !strings.Contains(out, "-status") {
		t.Errorf("command help: exit %d\n%s", code, out)
	}
}

func TestCLI_DebugLogIsRedacted(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	_, errOut, code := cli(t, srv, "--debug", "runs", "get", tallyfytest.SampleRunID)
	if code != 0 {
		t.Fatal(code, errOut)
	}
	if !strings.Contains(errOut, "Authorization=***") || !strings.Contains(errOut, "status=200") {
		t.Errorf("debug log = %q", errOut)
	}
	if strings.Contains(errOut, srv.Token) {
		t.Error("debug log contains the token")
	}
}

func TestCLI_MockFlagNeedsNoAccount(t *testing.T) {
	out, errOut, code := cli(t, nil, "--mock", "runs", "get", tallyfytest.SampleRunID)
	if code != 0 || !strings.Contains(out, "Onboarding - Globex Corp") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
}

// buildCLI compiles the command once per test binary.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tallyfy")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestBinary_ExitCodesAndStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	env := append(os.Environ(), "TALLYFY_BASE_URL="+srv.URL, "TALLYFY_ACCESS_TOKEN="+srv.Token, "TALLYFY_ORG_ID="+srv.OrgID)
	cases := []struct {
		args []string
		code int
		out  string
		err  string
	}{
		{[]string{"runs", "get", tallyfytest.SampleRunID}, 0, "Onboarding - Globex Corp", ""},
		{[]string{"runs", "list", "-o", "jsonl", "--limit", "2"}, 0, `"id":`, ""},
		{[]string{"runs", "get", "0000000000000000000000000000dead"}, exitNotFound, "", "not found: run"},
		{[]string{"--allow-insecure-http", "--token", "bad", "runs", "list"}, exitAuth, "", "unauthorized"},
		{[]string{"runs", "frobnicate"}, exitUsage, "", "unknown command"},
	}
	for _, tc := range cases {
		cmd := exec.Command(bin, tc.args...)
		cmd.Env = env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code || !strings.Contains(out.String(), tc.out) || !strings.Contains(errb.String(), tc.err) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, code, out.String(), errb.String())
		}
	}
}

func TestBinary_MockServesAnotherProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	mock := exec.Command(bin, "mock", "--addr", "127.0.0.1:0")
	stdout, err := mock.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := mock.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = mock.Process.Signal(os.Interrupt)
		_ = mock.Wait()
	})
	// The exports it prints are what a user pastes into another terminal.
	env := os.Environ()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && len(env) < len(os.Environ())+4 {
		if v, ok := strings.CutPrefix(sc.Text(), "export "); ok {
			env = append(env, v)
		}
	}
	if len(env) != len(os.Environ())+4 {
		t.Fatalf("mock printed %d exports", len(env)-len(os.Environ()))
	}
	go func() { // keep the pipe drained
		for sc.Scan() {
		}
	}()
	cmd := exec.Command(bin, "runs", "list")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Globex") {
		t.Fatalf("runs list against tallyfy mock: %v\n%s", err, out)
	}
}

// TestREADMECommands runs every `go run ./cmd/tallyfy ...` line of the
// README's shell blocks (as the built binary), so the README stays true.
func TestREADMECommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	bin := buildCLI(t)
	re := regexp.MustCompile(`(?m)^(?:\$ )?go run \./cmd/tallyfy (.*)$`)
	matches := re.FindAllStringSubmatch(string(readme), -1)
	if len(matches) == 0 {
		t.Fatal("no `go run ./cmd/tallyfy` command in README.md")
	}
	for _, m := range matches {
		line := strings.TrimSpace(strings.SplitN(m[1], "#", 2)[0])
		args := strings.Fields(line)
		if len(args) > 0 && args[0] == "mock" {
			continue // serves until interrupted: TestBinary_MockServesAnotherProcess covers it
		}
		cmd := exec.Command(bin, args...)
		cmd.Env = os.Environ()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("README command %q: %v\n%s", line, err, out)
		}
	}
}

func TestProgressMeterOnlyOnATerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, true) // a buffer is not a terminal
	p.page(tallyfyPagination(2, 5, 42))
	p.done()
	if buf.Len() != 0 {
		t.Errorf("progress written to a non-terminal: %q", buf.String())
	}
	p = &progressMeter{w: &buf, enabled: true}
	p.page(tallyfyPagination(2, 5, 42))
	p.done()
	if got := buf.String(); got != "\rfetched page 2/5 (42 items)\n" {
		t.Errorf("progress = %q", got)
	}
}

func tallyfyPagination(current, total, items int) tallyfy.Pagination {
	return tallyfy.Pagination{CurrentPage: current, TotalPages: total, Total: items}
}

func TestCLI_ArgumentEdgeCases(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	// After "--" everything is positional: "-o" is then an extra argument.
	if _, errOut, code := cli(t, srv, "runs", "get", "--", tallyfytest.SampleRunID, "-o", "json"); code != exitUsage {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if out, _, code := cli(t, srv, "runs", "get", "-o", "json", "--", tallyfytest.SampleRunID); code != 0 || !strings.Contains(out, `"id"`) {
		t.Errorf("exit %d: %s", code, out)
	}
	if _, errOut, code := cli(t, srv, "--timeout", "-1s", "runs", "list"); code != exitUsage || !strings.Contains(errOut, "negative") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestCLI_ControlCharactersNeverReachTheTerminal(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	tpl := srv.Runs()[0]
	tpl.ID = "abcdefabcdefabcdefabcdefabcdef99"
	tpl.Name = "evil \x1b]0;PWNED\x07\x1b[2J \u009b31m \u202egnp.exe"
	if err := srv.AddRun(tpl); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"table", "json"} {
		out, _, code := cli(t, srv, "runs", "get", tpl.ID, "-o", format)
		if code != 0 {
			t.Fatalf("%s: exit %d", format, code)
		}
		if strings.ContainsAny(out, "\x1b\x07\u009b\u202e") {
			t.Errorf("%s output carries control characters: %q", format, out)
		}
	}
}

// invisible holds characters a terminal does not show (or shows as a line
// break) that text from the API could use to hide or disguise words: line
// and paragraph separators, zero-width characters, the BOM, a soft hyphen,
// tag characters, bidi marks and isolates, NEL, DEL, a Hangul filler and
// variation selectors.
const invisible = "\u2028\u2029\u200b\u200c\u200d\u2060\ufeff\u00ad\U000E0041\U000E007F\u180e\u061c\u2066\u200f\u0085\x7f\u3164\ufe0f\U000E0100"

// invisibleIn returns the first character of s that a terminal would not
// show as itself, newlines apart.
func invisibleIn(s string) (rune, bool) {
	for _, r := range s {
		if r != '\n' && unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp,
			unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) {
			return r, true
		}
	}
	return 0, false
}

func TestCLI_InvisibleCharactersNeverReachTheTerminal(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	run := srv.Runs()[0]
	run.ID = "abcdefabcdefabcdefabcdefabcdef98"
	run.Name = "pay" + invisible + "roll"
	run.ChecklistTitle = "tem" + invisible + "plate"
	if err := srv.AddRun(run); err != nil {
		t.Fatal(err)
	}
	message, err := json.Marshal("evil" + invisible + "message")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		setup func()
		args  []string
		want  string // on stdout or stderr, once cleaned
	}{
		{"runs get", nil, []string{"runs", "get", run.ID}, "payroll"},
		{"template line", nil, []string{"runs", "get", run.ID}, "template (" + run.ChecklistID + ")"},
		{"runs list", nil, []string{"runs", "list", "--q", "pay"}, "payroll"},
		{"API error message", func() {
			srv.FailNext(1, tallyfytest.Failure{Status: http.StatusServiceUnavailable,
				Body: []byte(`{"error":true,"code":"X","message":` + string(message) + `}`)})
		}, []string{"--retries", "0", "runs", "list"}, "evilmessage"},
		{"flag error", nil, []string{"runs", "list", "--x" + invisible + "y"}, "-xy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			out, errOut, _ := cli(t, srv, tc.args...)
			for stream, text := range map[string]string{"stdout": out, "stderr": errOut} {
				if r, ok := invisibleIn(text); ok {
					t.Errorf("%s carries %U: %q", stream, r, text)
				}
			}
			// Line breaks become spaces, other invisible characters go (the SDK already
			// marks those in an APIError's message with U+FFFD, which is visible).
			if squeeze := strings.NewReplacer(" ", "", "\uFFFD", ""); !strings.Contains(squeeze.Replace(out+errOut), squeeze.Replace(tc.want)) {
				t.Errorf("output lacks %q:\n%s%s", tc.want, out, errOut)
			}
		})
	}
	// JSON keeps the text, escaped: it means the same and shows what is there.
	out, _, code := cli(t, srv, "runs", "get", run.ID, "-o", "json")
	var got struct{ Name string }
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 || got.Name != run.Name {
		t.Errorf("json name = %q (%v, exit %d)", got.Name, err, code)
	}
	if r, ok := invisibleIn(out); ok {
		t.Errorf("json carries %U unescaped", r)
	}
}

func TestCLI_RunTemplateLineIsTruncated(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	run := srv.Runs()[0]
	run.ID = "abcdefabcdefabcdefabcdefabcdef97"
	run.ChecklistTitle = strings.Repeat("very long template title ", 20)
	if err := srv.AddRun(run); err != nil {
		t.Fatal(err)
	}
	out, _, code := cli(t, srv, "runs", "get", run.ID)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for line := range strings.Lines(out) {
		if value, ok := strings.CutPrefix(line, "Template:"); ok {
			value = strings.TrimSpace(value)
			if !strings.HasSuffix(value, "… ("+run.ChecklistID+")") || utf8.RuneCountInString(value) > 48+3+32 {
				t.Errorf("Template line not truncated to 48 characters and the id: %q", value)
			}
			return
		}
	}
	t.Errorf("no Template line:\n%s", out)
}

func TestCLI_ListErrorKeepsWhatWasPrinted(t *testing.T) {
	// Page 1 answers, page 2 fails: the rows of page 1 stay printed, nothing
	// claims the list is complete (a JSON array stays open, so it is not valid
	// JSON), and the error decides the exit code.
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	front := proxy(t, srv, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Query().Get("page") != "2" {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":true,"message":"Resource not found","code":"RESOURCE_NOT_FOUND"}`))
		return true
	})
	page1 := srv.Runs()[:3] // the default order, archived runs left out, begins with these
	for _, r := range page1 {
		if r.ArchivedAt != nil {
			t.Fatalf("sample run %s is archived; pick the first page differently", r.ID)
		}
	}
	cases := []struct {
		format string
		check  func(t *testing.T, out string)
	}{
		{"json", func(t *testing.T, out string) {
			if json.Valid([]byte(out)) || strings.HasSuffix(strings.TrimSpace(out), "]") {
				t.Errorf("a list cut short is a valid JSON document:\n%s", out)
			}
			var runs []map[string]any
			if err := json.Unmarshal([]byte(out+"]"), &runs); err != nil || len(runs) != len(page1) {
				t.Errorf("stdout is not page 1 as an open JSON array: %v\n%s", err, out)
			}
		}},
		{"jsonl", func(t *testing.T, out string) {
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != len(page1) {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), len(page1), out)
			}
			for _, l := range lines {
				if !json.Valid([]byte(l)) {
					t.Errorf("line %q is not JSON", l)
				}
			}
		}},
		{"table", func(t *testing.T, out string) {
			if strings.Contains(out, "(no ") {
				t.Errorf("a failed list claims to be empty:\n%s", out)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.format, func(t *testing.T) {
			out, errOut, code := cli(t, nil, "--base-url", front.URL, "--token", srv.Token, "--org", srv.OrgID, "--retries", "0",
				"runs", "list", "--all", "--per-page", "3", "-o", tc.format)
			if code != exitNotFound || !strings.Contains(errOut, "not found") {
				t.Errorf("exit %d, stderr %q", code, errOut)
			}
			for _, r := range page1 {
				if !strings.Contains(out, r.ID) {
					t.Errorf("run %s of page 1 is not printed:\n%s", r.ID, out)
				}
			}
			tc.check(t, out)
		})
	}
}

func TestCLI_FailedListPrintsNoEmptyResult(t *testing.T) {
	// A script reading stdout must not mistake a failure for an empty list:
	// no "[]", no "(no processes)", not even a lone table header.
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	missing := "0000000000000000000000000000dead"
	for _, format := range []string{"table", "json", "jsonl"} {
		t.Run("runs list "+format, func(t *testing.T) {
			srv.FailNext(1, tallyfytest.Failure{Status: http.StatusServiceUnavailable})
			out, errOut, code := cli(t, srv, "--retries", "0", "runs", "list", "-o", format)
			if code != exitUnavailable || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
		})
		t.Run("runs tasks "+format, func(t *testing.T) {
			out, errOut, code := cli(t, srv, "runs", "tasks", missing, "--all", "-o", format)
			if code != exitNotFound || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
		})
	}
}

// proxy serves srv's API through a front server whose handle may answer a
// request first (returning true), to fail or hold one page of a list.
func proxy(t *testing.T, srv *tallyfytest.Server, handle func(w http.ResponseWriter, r *http.Request) bool) *httptest.Server {
	t.Helper()
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if handle(w, r) {
			return
		}
		resp, err := http.DefaultTransport.RoundTrip(rewrite(r, srv.URL))
		if err != nil {
			t.Error(err)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	t.Cleanup(front.Close)
	return front
}

// rewrite points a server-side request at another base URL, for proxying.
func rewrite(r *http.Request, base string) *http.Request {
	out := r.Clone(r.Context())
	out.RequestURI = ""
	u, _ := url.Parse(base + r.URL.RequestURI())
	out.URL, out.Host = u, u.Host
	return out
}

func TestCLI_TableStreamsPageByPage(t *testing.T) {
	// Page 2 is held until page 1's rows are on stdout: a table that waited
	// for the whole list (holding every row in memory) never gets page 2.
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	page1 := srv.Runs()[:3]
	stdout := &watchWriter{want: page1[2].ID, seen: make(chan struct{})}
	front := proxy(t, srv, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Query().Get("page") != "2" {
			return false
		}
		select {
		case <-stdout.seen:
			return false
		case <-r.Context().Done(): // the CLI gave up: --timeout below
			return true
		}
	})
	var stderr bytes.Buffer
	vars := map[string]string{"TALLYFY_BASE_URL": front.URL, "TALLYFY_ACCESS_TOKEN": srv.Token, "TALLYFY_ORG_ID": srv.OrgID}
	// The timeout only ends the test when page 1 never shows; a passing run
	// never waits for it.
	code := run(t.Context(), []string{"--timeout", "10s", "runs", "list", "--all", "--per-page", "3"},
		func(k string) string { return vars[k] }, stdout, &stderr)
	out := stdout.String()
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s", code, stderr.String(), out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if want := 1 + len(srv.Runs()) - countArchived(srv.Runs()); len(lines) != want {
		t.Errorf("%d lines, want %d (header and one per run):\n%s", len(lines), want, out)
	}
}

func countArchived(runs []tallyfy.Run) int {
	n := 0
	for _, r := range runs {
		if r.ArchivedAt != nil {
			n++
		}
	}
	return n
}

// watchWriter is a stdout that closes seen once want has been written.
type watchWriter struct {
	want string
	seen chan struct{}
	mu   sync.Mutex
	buf  bytes.Buffer
}

func (w *watchWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	seen := strings.Contains(w.buf.String(), w.want)
	n, err := w.buf.Write(p)
	if !seen && strings.Contains(w.buf.String(), w.want) {
		close(w.seen)
	}
	return n, err
}

func (w *watchWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func TestCLI_RealTokenIsNotSentOverPlainHTTP(t *testing.T) {
	// `tallyfy mock` prints `export TALLYFY_BASE_URL=http://127.0.0.1:4010`;
	// a real token exported later must not go to whatever listens there.
	const real = "real-account-token-0123456789"
	srv := tallyfytest.NewServer(tallyfytest.WithToken(real))
	t.Cleanup(srv.Close)
	exported := map[string]string{"TALLYFY_BASE_URL": srv.URL, "TALLYFY_ACCESS_TOKEN": real, "TALLYFY_ORG_ID": srv.OrgID}
	withEnv := func(k, v string) map[string]string {
		m := maps.Clone(exported)
		m[k] = v
		return m
	}
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string // on stderr
	}{
		{"from the environment", exported, nil, exitUsage, "unset TALLYFY_BASE_URL"},
		{"from --base-url", withEnv("TALLYFY_BASE_URL", ""), []string{"--base-url", srv.URL}, exitUsage, "--base-url"},
		{"--allow-insecure-http", exported, []string{"--allow-insecure-http"}, exitOK, ""},
		{"TALLYFY_ALLOW_INSECURE_HTTP=1", withEnv("TALLYFY_ALLOW_INSECURE_HTTP", "1"), nil, exitOK, ""},
		{"TALLYFY_ALLOW_INSECURE_HTTP=0", withEnv("TALLYFY_ALLOW_INSECURE_HTTP", "0"), nil, exitUsage, "unset TALLYFY_BASE_URL"},
		{"TALLYFY_ALLOW_INSECURE_HTTP=maybe", withEnv("TALLYFY_ALLOW_INSECURE_HTTP", "maybe"), nil, exitUsage, "TALLYFY_ALLOW_INSECURE_HTTP"},
		{"--mock uses the sample token", exported, []string{"--mock"}, exitOK, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv.ClearRequests()
			var out, errOut bytes.Buffer
			args := append(tc.args, "runs", "get", tallyfytest.SampleRunID)
			code := run(t.Context(), args, func(k string) string { return tc.env[k] }, &out, &errOut)
			if code != tc.code || !strings.Contains(errOut.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut.String(), tc.code, tc.want)
			}
			if strings.Contains(out.String()+errOut.String(), real) {
				t.Error("the token is printed")
			}
			if sent := len(srv.Requests()) > 0; sent != (code == exitOK && tc.name != "--mock uses the sample token") {
				t.Errorf("request sent = %v with exit %d", sent, code)
			}
			if code == exitUsage && strings.Count(errOut.String(), "\n") != 1 {
				t.Errorf("stderr is not one line: %q", errOut.String())
			}
		})
	}
}

func TestCLI_MockSaysHowToGoBackToTheRealAPI(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	stdout := &watchWriter{want: "tallyfy runs get", seen: make(chan struct{})}
	var stderr bytes.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"mock", "--addr", "127.0.0.1:0"}, func(string) string { return "" }, stdout, &stderr)
	}()
	select {
	case <-stdout.seen:
	case code := <-done:
		t.Fatalf("mock exited %d: %s", code, stderr.String())
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "unset TALLYFY_BASE_URL") {
		t.Errorf("mock does not say to unset TALLYFY_BASE_URL:\n%s", stdout.String())
	}
}
