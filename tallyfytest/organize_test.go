package tallyfytest_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

func runTagIDs(t *testing.T, c *tallyfy.Client, runID string) []string {
	t.Helper()
	run, err := c.GetRun(context.Background(), runID, &tallyfy.GetRunOptions{With: []tallyfy.RunInclude{tallyfy.RunIncludeTags}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tag := range run.Tags {
		ids = append(ids, tag.ID)
	}
	return ids
}

func TestTags_ATagAppliedShowsOnTheProcessAndGoesWithItsLink(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	tag, err := c.CreateTag(ctx, tallyfy.CreateTagRequest{Title: "Q3", Color: "#112233"})
	if err != nil {
		t.Fatal(err)
	}
	link, err := c.TagObject(ctx, tallyfy.TagObjectRequest{TagID: tag.ID, ObjectType: tallyfy.ObjectTypeProcess, ObjectID: tallyfytest.SampleRunID})
	if err != nil {
		t.Fatal(err)
	}
	if got := runTagIDs(t, c, tallyfytest.SampleRunID); !slices.Contains(got, tag.ID) {
		t.Fatalf("tags after TagObject = %v, want %s among them", got, tag.ID)
	}
	// Tagging again answers the same association and adds nothing.
	again, err := c.TagObject(ctx, tallyfy.TagObjectRequest{TagID: tag.ID, ObjectType: tallyfy.ObjectTypeProcess, ObjectID: tallyfytest.SampleRunID})
	if err != nil || *again.ID != *link.ID {
		t.Fatalf("second TagObject = %+v, %v; want link %s", again, err, *link.ID)
	}
	if got := runTagIDs(t, c, tallyfytest.SampleRunID); len(slices.DeleteFunc(got, func(id string) bool { return id != tag.ID })) != 1 {
		t.Fatalf("tag applied twice shows %d times", len(got))
	}
	stats, err := c.GetTag(ctx, tag.ID, &tallyfy.GetTagOptions{With: []tallyfy.TagInclude{tallyfy.TagIncludeStatistics}})
	if err != nil || *stats.Statistics.Data.ActiveProcess != 1 {
		t.Fatalf("statistics %+v, %v; want 1 active process", stats, err)
	}
	if err := c.UntagObject(ctx, *link.ID); err != nil {
		t.Fatal(err)
	}
	if got := runTagIDs(t, c, tallyfytest.SampleRunID); slices.Contains(got, tag.ID) {
		t.Fatalf("tags after UntagObject = %v, still with %s", got, tag.ID)
	}
	if err := c.UntagObject(ctx, *link.ID); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Fatalf("second UntagObject = %v, want ErrNotFound", err)
	}
}

func TestTags_UpdateRenamesEverywhereAndKeepsTheTitleWhenNotGiven(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	tag, err := c.UpdateTag(ctx, tallyfytest.SampleTagID, tallyfy.UpdateTagRequest{Color: tallyfy.Ptr("#000000")})
	if err != nil || tag.Title != "Enterprise" || *tag.Color != "#000000" {
		t.Fatalf("UpdateTag(color) = %+v, %v; want the title kept", tag, err)
	}
	if _, err := c.UpdateTag(ctx, tallyfytest.SampleTagID, tallyfy.UpdateTagRequest{Title: tallyfy.Ptr("Urgent")}); !errors.Is(err, tallyfy.ErrValidation) {
		t.Fatalf("rename to a taken title = %v, want ErrValidation", err)
	}
	if _, err := c.UpdateTag(ctx, tallyfytest.SampleTagID, tallyfy.UpdateTagRequest{Title: tallyfy.Ptr("Key account")}); err != nil {
		t.Fatal(err)
	}
	run, err := c.GetRun(ctx, tallyfytest.SampleRunID, &tallyfy.GetRunOptions{With: []tallyfy.RunInclude{tallyfy.RunIncludeTags}})
	if err != nil || len(run.Tags) == 0 || run.Tags[0].Title != "Key account" {
		t.Fatalf("run tags %+v, %v; want the renamed tag", run.Tags, err)
	}
}

func TestTags_DeletePermanentlyTakesTheTagOffEverythingAndGetThen404s(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	if err := c.DeleteTagPermanently(ctx, tallyfytest.SampleTagID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetTag(ctx, tallyfytest.SampleTagID, nil); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Fatalf("GetTag after delete = %v, want ErrNotFound", err)
	}
	if got := runTagIDs(t, c, tallyfytest.SampleRunID); slices.Contains(got, tallyfytest.SampleTagID) {
		t.Fatalf("run still tagged %v", got)
	}
	// docs:tags/archive-tag: an unknown id answers 204 too.
	if err := c.DeleteTagPermanently(ctx, tallyfytest.SampleTagID); err != nil {
		t.Fatalf("second delete = %v, want success as documented", err)
	}
}

func TestTags_ListPagesPastTheFirstPage(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	n := 0
	for _, err := range c.ListTags(ctx, &tallyfy.ListTagsOptions{PerPage: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 5 {
		t.Fatalf("ListTags over pages of 2 saw %d tags, want the 5 sample tags", n)
	}
}

func TestFolders_FileAProcessOnlyInAProcessFolderAndTakeItOut(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	templates, err := c.CreateFolder(ctx, tallyfy.CreateFolderRequest{Name: "HR"})
	if err != nil || *templates.FolderType != string(tallyfy.FolderTypeTemplate) {
		t.Fatalf("CreateFolder = %+v, %v; want a template folder by default", templates, err)
	}
	if _, err := c.AddToFolder(ctx, tallyfy.AddToFolderRequest{FolderID: templates.ID, ObjectType: tallyfy.ObjectTypeProcess, ObjectID: tallyfytest.SampleRunID}); !errors.Is(err, tallyfy.ErrValidation) {
		t.Fatalf("a process into a template folder = %v, want ErrValidation", err)
	}
	runs, err := c.CreateFolder(ctx, tallyfy.CreateFolderRequest{Name: "Q1 2026", Type: tallyfy.FolderTypeProcess})
	if err != nil {
		t.Fatal(err)
	}
	child, err := c.CreateFolder(ctx, tallyfy.CreateFolderRequest{Name: "January", Type: tallyfy.FolderTypeProcess, ParentID: runs.ID})
	if err != nil {
		t.Fatal(err)
	}
	page, err := c.ListFoldersPage(ctx, &tallyfy.ListFoldersOptions{Type: tallyfy.FolderTypeProcess, With: []tallyfy.FolderInclude{tallyfy.FolderIncludeChildren}})
	if err != nil || len(page.Items) != 2 || page.Items[0].Children == nil || len(*page.Items[0].Children) != 1 || (*page.Items[0].Children)[0].ID != child.ID {
		t.Fatalf("process folders %+v, %v; want Q1 2026 with January inside", page, err)
	}
	rel, err := c.AddToFolder(ctx, tallyfy.AddToFolderRequest{FolderID: runs.ID, ObjectType: tallyfy.ObjectTypeProcess, ObjectID: tallyfytest.SampleRunID})
	if err != nil || rel.ID < 1 {
		t.Fatalf("AddToFolder = %+v, %v", rel, err)
	}
	if err := c.RemoveFromFolder(ctx, rel.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveFromFolder(ctx, rel.ID); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Fatalf("second RemoveFromFolder = %v, want ErrNotFound", err)
	}
	renamed, err := c.UpdateFolder(ctx, child.ID, tallyfy.UpdateFolderRequest{Name: tallyfy.Ptr("Feb")})
	if err != nil || *renamed.Name != "Feb" || *renamed.ParentID != runs.ID {
		t.Fatalf("UpdateFolder = %+v, %v", renamed, err)
	}
	if err := c.DeleteFolder(ctx, runs.ID); err != nil {
		t.Fatal(err)
	}
	page, err = c.ListFoldersPage(ctx, &tallyfy.ListFoldersOptions{Type: tallyfy.FolderTypeProcess})
	if err != nil || len(page.Items) != 1 || page.Items[0].ParentID != nil {
		t.Fatalf("after deleting the parent: %+v, %v; want Feb moved to the top", page, err)
	}
}
