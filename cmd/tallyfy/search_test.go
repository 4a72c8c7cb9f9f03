package main

import (
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func TestSearch_EveryKindAgainstTheFake(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	out, errOut, code := cli(t, srv, "search", "onboarding", "--kind", "process", "--all", "-o", "csv")
	if code != exitOK || !strings.HasPrefix(out, "ID,NAME,STATUS,TEMPLATE\n") || !strings.Contains(out, "Onboarding - Globex Corp") {
		t.Fatalf("search --kind process: exit %d %s\n%s", code, errOut, out)
	}
	// Every page, three at a time: the eight live onboarding processes.
	out, _, code = cli(t, srv, "search", "onboarding", "--kind", "process", "--all", "--per-page", "3", "-o", "csv")
	if code != exitOK || strings.Count(out, "\n") != 1+8 {
		t.Fatalf("search --all over pages of 3: exit %d, want 8 rows\n%s", code, out)
	}
	for kind, want := range map[string]string{"task": "ID,TITLE,STATUS", "template": "ID,TITLE", "snippet": "Onboarding welcome"} {
		out, errOut, code = cli(t, srv, "search", "onboard", "--kind", kind, "-o", "csv")
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("search --kind %s: exit %d %s\n%s", kind, code, errOut, out)
		}
	}
	if _, errOut, code = cli(t, srv, "search", "x", "--kind", "step"); code != exitUsage {
		t.Errorf("--kind step: exit %d, want usage %s", code, errOut)
	}
}
