package tallyfytest_test

import (
	"context"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func activities(t *testing.T, c *tallyfy.Client, o *tallyfy.ListActivitiesOptions) []*tallyfy.Activity {
	t.Helper()
	var out []*tallyfy.Activity
	for a, err := range c.ListActivities(context.Background(), o) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// The feed records what the fake did: a comment on a task shows on its process's feed, with its actor,
// and a create names the object it made; reads record nothing.
func TestActivities_TheFeedRecordsEveryWrite(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	if got := activities(t, c, nil); len(got) != 0 {
		t.Fatalf("feed before any write: %d activities", len(got))
	}
	if _, err := c.GetRun(ctx, tallyfytest.SampleRunID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CommentOnTask(ctx, tallyfytest.InProgressTaskID, tallyfy.CommentRequest{Content: "Called the client.", Visibility: tallyfy.CommentVisibleToAll}); err != nil {
		t.Fatal(err)
	}
	tag, err := c.CreateTag(ctx, tallyfy.CreateTagRequest{Title: "Audited"})
	if err != nil {
		t.Fatal(err)
	}
	all := activities(t, c, &tallyfy.ListActivitiesOptions{PerPage: 1})
	if len(all) != 2 {
		t.Fatalf("feed after two writes and a read: %d activities", len(all))
	}
	run := activities(t, c, &tallyfy.ListActivitiesOptions{EntityType: tallyfy.ActivityOfProcess, EntityID: tallyfytest.SampleRunID})
	if len(run) != 1 {
		t.Fatalf("the process's feed: %d activities, want the comment on its task", len(run))
	}
	a := run[0]
	if a.Verb[0] != "commented" || a.Type[0] != "Task" || *a.AuditableID != tallyfytest.InProgressTaskID || a.ActorID[0] != tallyfytest.MeUserID || a.Actor == nil {
		t.Fatalf("comment activity = %+v", a)
	}
	created := activities(t, c, &tallyfy.ListActivitiesOptions{Verb: tallyfy.ActivityVerbFilterCreated, Type: tallyfy.ActivityTypeFilterTag})
	if len(created) != 1 || *created[0].AuditableID != tag.ID {
		t.Fatalf("create activity = %+v, want tag %s", created, tag.ID)
	}
	newest := activities(t, c, &tallyfy.ListActivitiesOptions{Sort: "-created_at"})
	if newest[0].ID < newest[1].ID {
		t.Errorf("-created_at: ids %d then %d, want newest first", newest[0].ID, newest[1].ID)
	}
	if got := activities(t, c, &tallyfy.ListActivitiesOptions{Search: "no such text"}); len(got) != 0 {
		t.Errorf("search matching nothing: %d activities", len(got))
	}
}

// A write that fails records nothing.
func TestActivities_AFailedWriteRecordsNothing(t *testing.T) {
	_, c := peopleClient(t)
	if _, err := c.CompleteTask(context.Background(), tallyfytest.SampleRunID, "0123456789abcdef0123456789abcdef", nil); err == nil {
		t.Fatal("completing an unknown task succeeded")
	}
	if got := activities(t, c, nil); len(got) != 0 {
		t.Fatalf("feed after a failed write: %+v", got)
	}
}
