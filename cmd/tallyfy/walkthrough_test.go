package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// TestREADMEWalkthrough runs the README's "Launch a process and complete its tasks" shell block,
// as written, with bash and jq against the built binary's `tallyfy mock`, then checks that the
// process it launched ends complete: a walkthrough that leaves a task open is a README that lies.
func TestREADMEWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	for _, tool := range []string{"bash", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the walkthrough needs %s: %v", tool, err)
		}
	}
	// After the block, the process it launched, by the RUN variable the block sets.
	out, errb := runREADMEBlock(t, "Launch a process and complete its tasks", "", "\necho \"final status: $(tallyfy runs get $RUN -o json | jq -r .status)\"\n")
	for _, want := range []string{"approved\n", "final status: complete\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the walkthrough's output lacks %q:\n%s\nstderr:\n%s", want, out, errb)
		}
	}
}

// runREADMEBlock runs the first ```sh block of the README's section under
// heading, as written, with bash and jq against the built binary's
// `tallyfy mock`, in dir (the test's own directory when ""), followed by
// after; it fails the test when the script fails and returns its stdout
// and stderr.
func runREADMEBlock(t *testing.T, heading, dir, after string) (string, string) {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## "+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no section %q", heading)
	}
	_, block, ok := strings.Cut(section, "```sh\n")
	block, _, ok2 := strings.Cut(block, "```\n")
	if !ok || !ok2 {
		t.Fatalf("the section %q has no ```sh block", heading)
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
	// The export lines the mock prints, as a user pastes them; PATH finds the binary as `tallyfy`.
	env := append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	sc := bufio.NewScanner(stdout)
	exports := 0
	for exports < 4 && sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "export "); ok {
			env = append(env, v)
			exports++
		}
	}
	go func() { // keep the pipe drained
		for sc.Scan() {
		}
	}()
	script := "set -e -o pipefail\n" + block + after
	cmd := exec.Command("bash", "-c", script)
	cmd.Env = env
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("the README block %q failed: %v\nstdout:\n%s\nstderr:\n%s", heading, err, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

func TestTasksGetRunFlag(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	out, errOut, code := cli(t, srv, "tasks", "get", tallyfytest.SampleTaskID, "--run", tallyfytest.SampleRunID)
	if code != 0 || !strings.Contains(out, tallyfytest.SampleTaskID) {
		t.Fatalf("tasks get --run: exit %d\n%s\n%s", code, out, errOut)
	}
	// Through the process: a task asked for under another process is not found there.
	_, errOut, code = cli(t, srv, "tasks", "get", tallyfytest.SampleTaskID, "--run", "0000000000000000000000000000dead")
	if code != exitNotFound || !strings.Contains(errOut, "/runs/0000000000000000000000000000dead/tasks/") {
		t.Fatalf("tasks get --run with another process: exit %d\n%s", code, errOut)
	}
}

// TestMockPrintsTokenUnderBothNames: Tallyfy's own CLI reads TALLYFY_API_TOKEN only, this one
// either, so the lines the mock prints serve both.
func TestMockPrintsTokenUnderBothNames(t *testing.T) {
	_, banner := startMockCommand(t)
	for _, want := range []string{
		"export TALLYFY_ACCESS_TOKEN=" + tallyfytest.SampleToken + "\n",
		"export TALLYFY_API_TOKEN=" + tallyfytest.SampleToken + "\n",
	} {
		if !strings.Contains(banner, want) {
			t.Errorf("tallyfy mock's output lacks %q:\n%s", want, banner)
		}
	}
}
