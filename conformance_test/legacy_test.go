package conformance_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// TestLegacyShapes_SameTypedValues: the fake in its second shapes sends what the spec documents
// as the alternatives (checked on the wire), every exchange stays valid against the spec, and the
// SDK reads both into the same typed values.
func TestLegacyShapes_SameTypedValues(t *testing.T) {
	main := tallyfytest.NewServer()
	legacy := tallyfytest.NewServer(tallyfytest.WithLegacyShapes())
	t.Cleanup(main.Close)
	t.Cleanup(legacy.Close)

	with := "?with=checklist,tasks,tags,next_task,tasks.step"
	raw := get(t, legacy, "/organizations/"+legacy.OrgID+"/runs/"+tallyfytest.SampleRunID+with)
	for _, want := range []string{`"tasks":[{`, `"tags":[{`, `"checklist":{"`, `"progress":33,`, `"full_name":"Bob Onboarding"`, `"step":{"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("legacy body lacks %s:\n%s", want, raw)
		}
	}
	if strings.Contains(raw, `{"data":{`) && strings.Count(raw, `"data":`) > 1 {
		t.Errorf("legacy body still wraps relations:\n%s", raw)
	}

	read := func(srv *tallyfytest.Server) *tallyfy.Run {
		v := newValidator(t, srv.URL, nil)
		c := newSDKClient(t, srv.URL, srv.Token, srv.OrgID, v)
		run, err := c.GetRun(context.Background(), tallyfytest.SampleRunID, &tallyfy.GetRunOptions{
			With: []tallyfy.RunInclude{tallyfy.RunIncludeChecklist, tallyfy.RunIncludeTasks, tallyfy.RunIncludeTags, tallyfy.RunIncludeNextTask, tallyfy.RunIncludeTasksStep},
		})
		if err != nil {
			t.Fatal(err)
		}
		v.check(t)
		return run
	}
	a, b := read(main), read(legacy)
	if a.Checklist.Data.ID != b.Checklist.Data.ID || len(a.Tasks) != len(b.Tasks) || len(a.Tags) != len(b.Tags) || len(a.NextTask) != len(b.NextTask) {
		t.Fatalf("relations differ: main %d tasks %d tags, legacy %d tasks %d tags", len(a.Tasks), len(a.Tags), len(b.Tasks), len(b.Tags))
	}
	for i := range a.Tasks {
		ta, tb := a.Tasks[i], b.Tasks[i]
		if ta.ID != tb.ID || len(ta.Owners.Users) != len(tb.Owners.Users) || (ta.Step == nil) != (tb.Step == nil) {
			t.Errorf("task %d differs: %+v vs %+v", i, ta, tb)
		}
		for j := range ta.Owners.Users {
			if ta.Owners.Users[j].ID != tb.Owners.Users[j].ID || tb.Owners.Users[j].FullName == "" {
				t.Errorf("owner %d of task %d: %+v vs %+v", j, i, ta.Owners.Users[j], tb.Owners.Users[j])
			}
		}
	}
	if a.Progress.Percent < b.Progress.Percent-0.5 || a.Progress.Percent > b.Progress.Percent+0.5 || b.Progress.HasCounts {
		t.Errorf("progress: %+v vs %+v", a.Progress, b.Progress)
	}
	if string(a.Prerun.Raw()) != string(b.Prerun.Raw()) {
		t.Errorf("prerun: %s vs %s", a.Prerun.Raw(), b.Prerun.Raw())
	}
}

func get(t *testing.T, srv *tallyfytest.Server, path string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("X-Tallyfy-Client", "APIClient")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
	}
	return string(b)
}
