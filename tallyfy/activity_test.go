package tallyfy

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestActivities_ListSendsEveryFilterAndDecodesTheDocumentedLists(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "listActivities.200.page.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	page, err := c.ListActivitiesPage(context.Background(), &ListActivitiesOptions{
		EntityType: ActivityOfProcess, EntityID: "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d",
		Type: ActivityTypeFilterTask, Verb: ActivityVerbFilterCompleted, ActorType: ActivityByMember, ActorID: 1002,
		Source: ActivityFromMember, CreatedAfter: day, CreatedBefore: day.AddDate(0, 0, 30),
		Search: "Review", Field: "status", OriginType: ActivityOriginTemplate, OriginID: "cdffd986b607208f8ac62fa418e6f440",
		Sort: "-created_at", PerPage: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	a := page.Items[0]
	if a.ID != 12345 || len(a.Verb) != 1 || a.Verb[0] != "completed" || a.Actor[0].Email == nil || *a.Actor[0].Email != "john@example.com" || *a.ParentableID != "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d" {
		t.Fatalf("activity = %+v", a)
	}
	req := srv.last()
	if req.URL.Path != "/organizations/org1/activity-feeds" {
		t.Errorf("path = %s", req.URL.Path)
	}
	want := "entity_type=run&entity_id=3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d&type=Task&verb=completed&actor_type=user&actor_id=1002&source=Member" +
		"&created_after=2025-03-01&created_before=2025-03-31&search=Review&field=status&origin_type=checklist" +
		"&origin_id=cdffd986b607208f8ac62fa418e6f440&sort=-created_at&page=1&per_page=1"
	if req.URL.RawQuery != want {
		t.Errorf("RawQuery = %q\nwant       %q", req.URL.RawQuery, want)
	}
	if !page.HasNext() {
		t.Error("HasNext = false on page 1 of 145")
	}
}

func TestActivities_RefusesBadFiltersBeforeSending(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"data":[]}`) })
	c, _ := newTestClient(t, srv.Server)
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for name, o := range map[string]ListActivitiesOptions{
		"entity id without type": {EntityID: "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"},
		"unknown entity type":    {EntityType: "folder", EntityID: "x"},
		"run id not hex":         {EntityType: ActivityOfProcess, EntityID: "Onboarding"},
		"origin id without type": {OriginID: "3f2a9c8e7d6b5a4f3e2d1c0b9a8f7e6d"},
		"unknown actor type":     {ActorType: "bot"},
		"unknown source":         {Source: "API"},
		"verb with a comma":      {Verb: "completed,deleted"},
		"one-character search":   {Search: "x"},
		"long search":            {Search: string(make([]byte, 101))},
		"bad email":              {ActorEmail: "nobody"},
		"dates reversed":         {CreatedAfter: day, CreatedBefore: day.AddDate(0, 0, -1)},
		"per page":               {PerPage: 101},
	} {
		if _, err := c.ListActivitiesPage(context.Background(), &o); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
