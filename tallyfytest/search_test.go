package tallyfytest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func TestSearch_FindsByTitlePagedAndLeavesArchivedOut(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	var names []string
	for hit, err := range c.SearchRuns(ctx, "onboarding", &tallyfy.SearchOptions{PerPage: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, *hit.Name)
	}
	// Nine onboarding processes, one archived (Soylent): eight, over four pages of two.
	if len(names) != 8 || strings.Contains(strings.Join(names, ","), "Soylent") {
		t.Fatalf("process hits = %q", names)
	}
	page, err := c.SearchRunsPage(ctx, "onboarding", &tallyfy.SearchOptions{PerPage: 2})
	if err != nil || page.Pagination.TotalPages != 4 {
		t.Fatalf("first page = %+v, %v; want 4 pages", page, err)
	}
	for _, search := range []func() (int, error){
		func() (int, error) { return hits(c.SearchTemplates(ctx, "ONBOARD", nil)) },
		func() (int, error) { return hits(c.SearchSnippets(ctx, "welcome", nil)) },
	} {
		if n, err := search(); err != nil || n == 0 {
			t.Errorf("hits = %d, %v; want some", n, err)
		}
	}
	if n, err := hits(c.SearchTasks(ctx, "no task is called this", nil)); err != nil || n != 0 {
		t.Errorf("no match: %d hits, %v", n, err)
	}
}

func hits[T any](seq func(func(*T, error) bool)) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// A task hit lacks its process (MCP #157), as the live API's does; TaskForHit reads it.
func TestSearch_TaskHitLacksItsRunAndTaskForHitFindsIt(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	task, err := c.GetTask(ctx, tallyfytest.SampleTaskID, nil)
	if err != nil {
		t.Fatal(err)
	}
	for hit, err := range c.SearchTasks(ctx, task.Title, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if hit.RunID != nil {
			t.Fatalf("hit %s carries run_id %s; the API sends none", hit.ID, *hit.RunID)
		}
		if hit.ID != tallyfytest.SampleTaskID {
			continue
		}
		full, err := c.TaskForHit(ctx, hit, nil)
		if err != nil || full.RunID == nil || *full.RunID != tallyfytest.SampleRunID {
			t.Fatalf("TaskForHit = %+v, %v; want run %s", full, err, tallyfytest.SampleRunID)
		}
		return
	}
	t.Fatalf("searching %q did not find task %s", task.Title, tallyfytest.SampleTaskID)
}
