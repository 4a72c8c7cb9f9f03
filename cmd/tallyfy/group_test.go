package main

import (
	"io"
	"strings"
	"testing"
)

func TestGroupHelp(t *testing.T) {
	for _, args := range [][]string{{"tasks", "--help"}, {"help", "tasks"}, {"--mock", "tasks", "-h"}} {
		out, errOut, code := cli(t, nil, args...)
		if code != exitOK || errOut != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
		}
		for _, c := range groupOf("tasks") {
			if !strings.Contains(out, "\n  "+c.name+" ") {
				t.Errorf("%v does not list %s:\n%s", args, c.name, out)
			}
		}
		if strings.Contains(out, "runs get") {
			t.Errorf("%v lists another group's command:\n%s", args, out)
		}
	}
	// The group's words alone are a usage error that answers with the group, as tallyfy alone does.
	out, _, code := cli(t, nil, "runs")
	if code != exitUsage || !strings.Contains(out, "runs launch TEMPLATE_ID") {
		t.Errorf("tallyfy runs: exit %d\n%s", code, out)
	}
	_, errOut, code := cli(t, nil, "tasks", "frobnicate")
	if code != exitUsage || !strings.Contains(errOut, "unknown command") {
		t.Errorf("tasks frobnicate: exit %d, %q", code, errOut)
	}
	// help with a command is that command's help.
	out, _, code = cli(t, nil, "help", "runs", "get")
	if code != exitOK || !strings.HasPrefix(out, "Usage: tallyfy runs get RUN_ID") {
		t.Errorf("help runs get: exit %d\n%s", code, out)
	}
}

// TestCommandExamplesParse: every command's help ends with an example, and the example is a
// command line the CLI accepts (its words, arguments and flags), so examples cannot rot.
func TestCommandExamplesParse(t *testing.T) {
	for _, c := range commands {
		var b strings.Builder
		writeCommandHelp(&b, c)
		ex := exampleFor(c)
		if !strings.Contains(b.String(), "\nExample:\n  "+ex+"\n") {
			t.Errorf("%s --help has no example:\n%s", c.name, b.String())
		}
		line, _, _ := strings.Cut(ex, " && ") // a shell continuation or redirection is not the CLI's
		line, _, _ = strings.Cut(line, " > ")
		words, err := shellWords(line)
		if err != nil || len(words) < 2 || words[0] != "tallyfy" {
			t.Errorf("%s: example %q: %v", c.name, ex, err)
			continue
		}
		a := newApp(func(string) string { return "" }, io.Discard, io.Discard)
		inv, err := a.parse(words[1:])
		if err != nil || inv == nil || inv.cmd != c {
			t.Errorf("%s: example %q does not parse as the command: %v", c.name, ex, err)
		}
	}
}

// shellWords splits a line as sh does for the quoting examples use: '...' and "..." (no escapes).
func shellWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, errUnclosedQuote
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

var errUnclosedQuote = usageErr("unclosed quote")
