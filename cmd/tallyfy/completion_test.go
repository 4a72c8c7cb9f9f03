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
	_, errOut, code := cli(t, nil, "completion", "tcsh")
	if code != exitUsage || !strings.Contains(errOut, "want bash, zsh, fish or powershell") {
		t.Errorf("tcsh: exit %d, %s", code, errOut)
	}
}

// TestCompletionPowerShell checks the script's content: no pwsh runs in CI (nor could be installed
// where this was written), so what it does is checked through the backend it calls, tallyfy
// __complete (TestCompletionBackend).
func TestCompletionPowerShell(t *testing.T) {
	out, errOut, code := cli(t, nil, "completion", "powershell")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{
		"Register-ArgumentCompleter -Native -CommandName 'tallyfy', 'tallyfy.exe' -ScriptBlock {",
		"param($wordToComplete, $commandAst, $cursorPosition)",
		// Only the words before the cursor; the word under it goes in --cur=, never as an empty
		// argument (PowerShell before 7.3 drops those).
		"Where-Object { $_.Extent.EndOffset -lt $cursorPosition }",
		`& tallyfy __complete "--cur=$wordToComplete" -- @words`,
		"[System.Management.Automation.CompletionResult]::new($_, $_, $type, $_)",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("the script lacks %q:\n%s", w, out)
		}
	}
	if strings.Count(out, "{") != strings.Count(out, "}") || strings.Count(out, "(") != strings.Count(out, ")") {
		t.Errorf("unbalanced braces or parentheses:\n%s", out)
	}
}

// TestCompletionBackend asks tallyfy __complete what the PowerShell script would get, for the
// bash test's lines: the words before the cursor, then the word under it.
func TestCompletionBackend(t *testing.T) {
	complete := func(line string) []string {
		t.Helper()
		words := strings.Fields(line)[1:] // after "tallyfy"
		cur := ""
		if !strings.HasSuffix(line, " ") {
			cur, words = words[len(words)-1], words[:len(words)-1]
		}
		out, errOut, code := cli(t, nil, append([]string{completeCommand, "--cur=" + cur, "--"}, words...)...)
		if code != exitOK || errOut != "" {
			t.Fatalf("%q: exit %d %s", line, code, errOut)
		}
		return strings.Fields(out)
	}
	for _, tc := range []struct {
		line string
		want []string // exactly, in order, or among them with some
		not  []string
	}{
		{"tallyfy ", []string{"runs", "tasks", "api", "completion", "help"}, []string{completeCommand}},
		{"tallyfy ta", []string{"tasks", "tags"}, []string{"templates", "runs"}},
		{"tallyfy tasks ", []string{"get", "complete", "wait", "save"}, []string{"launch"}},
		{"tallyfy --org ORG tasks co", []string{"complete", "comment"}, []string{"get", "ORG"}},
		{"tallyfy help runs ", []string{"launch", "kickoff-complete"}, nil},
		{"tallyfy tasks get ID --", []string{"--run", "--with", "--output", "--org", "--help"}, []string{"--approve"}},
		{"tallyfy tasks get ID --r", []string{"--run"}, []string{"--with"}},
		{"tallyfy mock --", []string{"--addr", "--fail"}, []string{"--org"}},
		{"tallyfy completion ", []string{"bash", "zsh", "fish", "powershell"}, nil},
		{"tallyfy completion p", []string{"powershell"}, []string{"bash"}},
		{"tallyfy tasks get ID ", nil, []string{"get", "runs"}}, // an argument: nothing to offer
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
	// Hidden: in no help and no other script.
	for _, args := range [][]string{{"--help"}, {"completion", "bash"}, {"completion", "fish"}} {
		if out, _, _ := cli(t, nil, args...); strings.Contains(out, completeCommand) {
			t.Errorf("tallyfy %s names %s", strings.Join(args, " "), completeCommand)
		}
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
