package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCompletionBash sources the bash script and asks it what it completes, as bash would on Tab.
func TestCompletionBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	out, errOut, code := cli(t, nil, "completion", "bash")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	script := filepath.Join(t.TempDir(), "tallyfy.bash")
	if err := os.WriteFile(script, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	complete := func(line string) []string {
		t.Helper()
		words := strings.Fields(line)
		if strings.HasSuffix(line, " ") {
			words = append(words, "")
		}
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, "'"+w+"'")
		}
		sh := "source " + script + "\nCOMP_WORDS=(" + strings.Join(quoted, " ") + ")\nCOMP_CWORD=" +
			strconv.Itoa(len(words)-1) + "\n_tallyfy\necho \"${COMPREPLY[*]}\"\n"
		got, err := exec.Command(bash, "--norc", "-c", sh).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", line, err, got)
		}
		return strings.Fields(string(got))
	}
	for _, tc := range []struct {
		line string
		want []string // among the completions
		not  []string
	}{
		{"tallyfy ", []string{"runs", "tasks", "api", "completion", "help"}, nil},
		{"tallyfy ta", []string{"tasks", "tags"}, []string{"templates", "runs"}},
		{"tallyfy tasks ", []string{"get", "complete", "wait"}, []string{"launch"}},
		{"tallyfy --org ORG tasks co", []string{"complete", "comment"}, []string{"get"}},
		{"tallyfy help runs ", []string{"launch"}, nil},
		{"tallyfy tasks get ID --", []string{"--run", "--with", "--output", "--org", "--help"}, []string{"--approve"}},
		{"tallyfy mock --", []string{"--addr", "--fail"}, []string{"--org"}},
		{"tallyfy completion ", []string{"bash", "zsh", "fish"}, nil},
	} {
		got := complete(tc.line)
		for _, w := range tc.want {
			if !contains(got, w) {
				t.Errorf("%q completes %q, want %q among them", tc.line, got, w)
			}
		}
		for _, w := range tc.not {
			if contains(got, w) {
				t.Errorf("%q completes %q, want no %q", tc.line, got, w)
			}
		}
	}
}

func TestCompletionZshAndFish(t *testing.T) {
	out, _, code := cli(t, nil, "completion", "zsh")
	if code != exitOK || !strings.HasPrefix(out, "# tallyfy completion") || !strings.Contains(out, "bashcompinit") {
		t.Errorf("zsh: exit %d\n%.200s", code, out)
	}
	out, _, code = cli(t, nil, "completion", "fish")
	for _, w := range []string{"-a 'tasks'", "-a 'complete'", "__fish_seen_subcommand_from tasks; and __fish_seen_subcommand_from get' -l run -r"} {
		if code != exitOK || !strings.Contains(out, w) {
			t.Errorf("fish: exit %d, lacks %q", code, w)
		}
	}
	if fish, err := exec.LookPath("fish"); err == nil { // syntax check where fish is installed
		if got, err := exec.Command(fish, "--no-execute", "-c", out).CombinedOutput(); err != nil {
			t.Errorf("fish --no-execute: %v\n%s", err, got)
		}
	}
	_, errOut, code := cli(t, nil, "completion", "powershell")
	if code != exitUsage || !strings.Contains(errOut, "want bash, zsh or fish") {
		t.Errorf("powershell: exit %d, %s", code, errOut)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
