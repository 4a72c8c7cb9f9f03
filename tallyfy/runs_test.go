package tallyfy

import (
	"context"
	"net/http"
	"testing"
)

func TestGetRun_DecodesRunWithIncludes(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "getRun.200.with-includes.json"))
	})
	c, _ := newTestClient(t, srv.Server)

	run, err := c.GetRun(context.Background(), runID, &GetRunOptions{
		With: []RunInclude{RunIncludeChecklist, RunIncludeTasks, RunIncludeTags}, FormFieldsValues: true})
	if err != nil {
		t.Fatal(err)
	}
	if run.ID != runID || run.Name != "Onboarding - Globex Corp" || run.StartedBy != 1002 {
		t.Errorf("run = %+v", run)
	}
	if run.Checklist == nil || run.Checklist.Data.Title != "Client Onboarding V3" {
		t.Errorf("checklist include = %+v", run.Checklist)
	}
	if run.Tasks == nil || len(run.Tasks) != 3 || run.Tasks[1].Owners.Guests[0] != "ops@globex.example" {
		t.Errorf("tasks include = %+v", run.Tasks)
	}
	if run.Tags == nil || run.Tags[0].Title != "Enterprise" {
		t.Errorf("tags include = %+v", run.Tags)
	}
	if v, _ := run.Prerun.Get("1a2b3c4d5e6f708192a3b4c5d6e7f809"); string(v) != `"Globex Corporation"` {
		t.Errorf("prerun = %v", run.Prerun)
	}
	// Timestamps with and without milliseconds both decode.
	if run.StartedAt == nil || !run.StartedAt.Equal(run.CreatedAt) {
		t.Errorf("started_at %v, created_at %v", run.StartedAt, run.CreatedAt)
	}
	if run.CompletedAt != nil {
		t.Errorf("completed_at = %v, want nil for null", run.CompletedAt)
	}

	req := srv.last()
	if req.URL.Path != "/organizations/org1/runs/"+runID {
		t.Errorf("path = %s", req.URL.Path)
	}
	if want := "with=checklist,tasks,tags&form_fields_values=true"; req.URL.RawQuery != want {
		t.Errorf("RawQuery = %q, want %q", req.URL.RawQuery, want)
	}
}

func TestGetRun_NilOptionsSendsNoQuery(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "getRun.200.minimal.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	if _, err := c.GetRun(context.Background(), runID, nil); err != nil {
		t.Fatal(err)
	}
	if q := srv.last().URL.RawQuery; q != "" {
		t.Errorf("RawQuery = %q, want empty", q)
	}
}

const (
	tagA = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
	tagB = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
)

func TestListRuns_QueryParameters(t *testing.T) {
	srv := newRecorder(t, pagedRuns(t, 0))
	c, _ := newTestClient(t, srv.Server)
	_, err := c.ListRunsPage(context.Background(), &ListRunsOptions{
		Status: "active", Query: "Globex Corp", ChecklistID: tplID, Owners: []int{1002, 1003},
		Groups: []string{"g1", "g2"}, TagIDs: []string{tagA, tagB}, Starred: true,
		With: []RunListInclude{RunListIncludeChecklist, RunListIncludeTags}, FormFieldsValues: true, Sort: "-created_at", PerPage: 100,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "q=Globex+Corp&status=active&owners=1002,1003&checklist_id=" + tplID +
		"&tag_ids=" + tagA + "," + tagB + "&starred=true&groups=g1,g2&with=checklist,tags&form_fields_values=true&page=1&per_page=100&sort=-created_at"
	if got := srv.last().URL.RawQuery; got != want {
		t.Errorf("RawQuery\n got %s\nwant %s", got, want)
	}
}
