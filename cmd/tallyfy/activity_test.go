package main

import (
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func TestActivity_ListsWhatTheWritesDid(t *testing.T) {
	srv := tallyfytest.NewServer()
	t.Cleanup(srv.Close)
	out, errOut, code := cli(t, srv, "runs", "comment", tallyfytest.SampleRunID, "--text", "Kick-off booked", "--visibility", "all")
	if code != exitOK {
		t.Fatalf("runs comment: exit %d %s\n%s", code, errOut, out)
	}
	out, errOut, code = cli(t, srv, "activity", "--run", tallyfytest.SampleRunID, "--verb", "commented", "-o", "csv")
	if code != exitOK || !strings.HasPrefix(out, "ID,WHEN,VERB,TYPE,OBJECT,ACTOR,DESCRIPTION\n") || !strings.Contains(out, ",commented,Process,"+tallyfytest.SampleRunID+",") {
		t.Fatalf("activity --run: exit %d %s\n%s", code, errOut, out)
	}
	if out, _, _ = cli(t, srv, "activity", "--verb", "deleted", "-o", "csv"); strings.Count(out, "\n") != 1 {
		t.Errorf("activity --verb deleted after no delete:\n%s", out)
	}
	for _, args := range [][]string{
		{"activity", "--run", tallyfytest.SampleRunID, "--task", tallyfytest.SampleTaskID},
		{"activity", "--since", "yesterday"},
	} {
		if _, errOut, code = cli(t, srv, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want usage %s", args, code, errOut)
		}
	}
}
