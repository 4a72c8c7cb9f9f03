package tallyfytest_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// peopleClient is the SDK against a fresh fake whose every exchange is checked against the spec.
func peopleClient(t *testing.T, opts ...tallyfy.Option) (*tallyfytest.Server, *tallyfy.Client) {
	t.Helper()
	srv := newServer(t)
	checker := newSpecChecker(t, srv.URL)
	c := srv.Client(append([]tallyfy.Option{tallyfy.WithHTTPClient(&http.Client{Transport: checker})}, opts...)...)
	return srv, c
}

func TestPeople_SampleMembersGroupsAndGuestsMatchTheRuns(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	var ids []int
	for u, err := range c.ListMembers(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	if want := []int{tallyfytest.AdminUserID, tallyfytest.SampleUserID, tallyfytest.SecondUserID, tallyfytest.FinanceUserID, tallyfytest.SecurityUserID}; !slices.Equal(ids, want) {
		t.Errorf("members = %v, want %v", ids, want)
	}
	g, err := c.GetGroup(ctx, tallyfytest.SampleGroupID, nil)
	if err != nil || *g.Name != "Onboarding team" || len(*g.Members) != 2 {
		t.Fatalf("group %+v, %v", g, err)
	}
	guest, err := c.GetGuest(ctx, tallyfytest.SampleGuestEmail, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The same guest by id, as the official clients name a guest's tasks.
	id := tallyfy.GuestID(guest)
	page, err := c.ListGuestTasksPage(ctx, id, nil)
	if err != nil || len(page.Items) == 0 || page.Items[0].Owners.Guests[0] != tallyfytest.SampleGuestEmail {
		t.Fatalf("guest tasks %+v, %v", page, err)
	}
	org, err := c.GetOrganization(ctx)
	if err != nil || *org.UsersCount != 5 {
		t.Fatalf("org %+v, %v", org, err)
	}
}

func TestPeople_InviteDisableAndDeleteAMember(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	u, err := c.InviteMember(ctx, tallyfy.InviteMemberRequest{Email: "frank@acme.example", FirstName: "Frank", LastName: "Newcomer", Role: tallyfy.MemberRoleLight})
	if err != nil {
		t.Fatal(err)
	}
	if *u.Status != tallyfy.MemberStatusInvited || *u.IsActive {
		t.Errorf("invited = %+v", u)
	}
	// Invited members are listed, but not counted as active.
	if page, _ := c.ListMembersPage(ctx, &tallyfy.ListMembersOptions{Query: "frank"}); len(page.Items) != 1 {
		t.Errorf("listed %d", len(page.Items))
	}
	if org, _ := c.GetOrganization(ctx); *org.UsersCount != 5 {
		t.Errorf("users_count = %d, want the 5 active", *org.UsersCount)
	}
	if _, err := c.InviteMember(ctx, tallyfy.InviteMemberRequest{Email: "frank@acme.example", FirstName: "F", LastName: "N", Role: tallyfy.MemberRoleLight}); !errors.Is(err, tallyfy.ErrValidation) {
		t.Errorf("second invite: %v, want 422", err)
	}

	// Disabling Dan keeps him and his tasks; deleting needs it first.
	before := memberTaskCount(t, c, tallyfytest.FinanceUserID)
	if before == 0 {
		t.Fatal("Dan has no tasks in the sample")
	}
	if err := c.DeleteMember(ctx, tallyfytest.FinanceUserID); !errors.Is(err, tallyfy.ErrValidation) {
		t.Errorf("delete before disable: %v", err)
	}
	d, err := c.DisableMember(ctx, tallyfytest.FinanceUserID)
	if err != nil || *d.Status != tallyfy.MemberStatusDisabled {
		t.Fatalf("%+v, %v", d, err)
	}
	if n := memberTaskCount(t, c, tallyfytest.FinanceUserID); n != before {
		t.Errorf("tasks after disabling: %d, want %d", n, before)
	}
	if err := c.DeleteMember(ctx, tallyfytest.FinanceUserID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetMember(ctx, tallyfytest.FinanceUserID, nil); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	// The default administrator cannot be removed.
	if _, err := c.RemoveMember(ctx, tallyfytest.AdminUserID, nil); !errors.Is(err, tallyfy.ErrValidation) {
		t.Errorf("remove default admin: %v", err)
	}
}

func TestPeople_RemoveMemberHandsTheirTasksOn(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	carol, bob := memberTaskCount(t, c, tallyfytest.SecondUserID), memberTaskCount(t, c, tallyfytest.SampleUserID)
	if _, err := c.RemoveMember(ctx, tallyfytest.SecondUserID, &tallyfy.RemoveMemberOptions{ReassignTo: tallyfytest.SampleUserID}); err != nil {
		t.Fatal(err)
	}
	if got := memberTaskCount(t, c, tallyfytest.SampleUserID); got <= bob || got > bob+carol {
		t.Errorf("Bob has %d tasks, had %d, Carol had %d", got, bob, carol)
	}
	if _, err := c.GetMember(ctx, tallyfytest.SecondUserID, nil); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("a removed member is still there: %v", err)
	}
}

func TestPeople_DeletingAGroupGivesItsTasksToItsMembers(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	task, err := c.GetTask(ctx, tallyfytest.NotStartedTaskID, nil)
	if err != nil || !slices.Contains(task.Owners.Groups, tallyfytest.SampleGroupID) {
		t.Fatalf("%+v, %v", task, err)
	}
	if err := c.DeleteGroup(ctx, tallyfytest.SampleGroupID); err != nil {
		t.Fatal(err)
	}
	task, _ = c.GetTask(ctx, tallyfytest.NotStartedTaskID, nil)
	var users []int
	for _, u := range task.Owners.Users {
		users = append(users, u.ID)
	}
	if slices.Contains(task.Owners.Groups, tallyfytest.SampleGroupID) || !slices.Contains(users, tallyfytest.SampleUserID) || !slices.Contains(users, tallyfytest.SecondUserID) {
		t.Errorf("owners after the delete = %+v", task.Owners)
	}
	if _, err := c.GetGroup(ctx, tallyfytest.SampleGroupID, nil); !errors.Is(err, tallyfy.ErrNotFound) {
		t.Errorf("%v", err)
	}
}

func TestPeople_GroupUpdateKeepsTheListsItWasNotGiven(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	g, err := c.CreateGroup(ctx, tallyfy.CreateGroupRequest{Name: "Legal", Description: "Contracts.", Members: tallyfy.GroupMembers{Users: []int{tallyfytest.AdminUserID}, Guests: []string{tallyfytest.SampleGuestEmail}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateGroup(ctx, tallyfy.CreateGroupRequest{Name: "legal", Description: "x"}); !errors.Is(err, tallyfy.ErrValidation) {
		t.Errorf("a second group of the same name: %v", err)
	}
	g, err = c.UpdateGroup(ctx, g.ID, tallyfy.UpdateGroupRequest{Name: tallyfy.Ptr("Legal & compliance")})
	if err != nil {
		t.Fatal(err)
	}
	if *g.Name != "Legal & compliance" || len(*g.Members) != 1 || len(*g.Guests) != 1 || *g.Description != "Contracts." {
		t.Errorf("group = %+v", g)
	}
	g, err = c.UpdateGroup(ctx, g.ID, tallyfy.UpdateGroupRequest{Members: &tallyfy.GroupMembers{}})
	if err != nil || len(*g.Members) != 0 || len(*g.Guests) != 0 {
		t.Errorf("emptied on request: %+v, %v", g, err)
	}
}

func TestPeople_GuestsLifecycleAndTheHourlyCap(t *testing.T) {
	_, c := peopleClient(t, tallyfy.WithGuestInvitePacing(0), tallyfy.WithMaxRetries(0))
	ctx := context.Background()
	if _, err := c.CreateGuest(ctx, tallyfy.CreateGuestRequest{Email: "bob@acme.example"}); !errors.Is(err, tallyfy.ErrValidation) {
		t.Errorf("a member's address: %v", err)
	}
	g, err := c.CreateGuest(ctx, tallyfy.CreateGuestRequest{Email: "partner@initech.example", FirstName: "Peter", CompanyName: "Initech"})
	if err != nil || g.Details == nil || *g.Details.CompanyName != "Initech" {
		t.Fatalf("%+v, %v", g, err)
	}
	if g, err = c.UpdateGuest(ctx, g.Email, tallyfy.UpdateGuestRequest{AssociatedMembers: []int{tallyfytest.SampleUserID}}); err != nil || len(*g.Details.AssociatedMembers) != 1 {
		t.Fatalf("%+v, %v", g, err)
	}
	if g, err = c.DisableGuest(ctx, g.Email); err != nil || g.Details.DisabledAt == nil {
		t.Fatalf("%+v, %v", g, err)
	}
	if g, err = c.EnableGuest(ctx, g.Email); err != nil || g.Details.DisabledAt != nil || g.Details.ReactivatedAt == nil {
		t.Fatalf("%+v, %v", g, err)
	}
	// Deleting takes the sample guest off their tasks; an unknown address is 422.
	if _, err := c.DeleteGuest(ctx, tallyfytest.SampleGuestEmail); err != nil {
		t.Fatal(err)
	}
	if page, err := c.ListRunTasksPage(ctx, tallyfytest.SampleRunID, &tallyfy.ListRunTasksOptions{Guests: []string{tallyfytest.SampleGuestEmail}}); err != nil || len(page.Items) != 0 {
		t.Errorf("tasks still assigned: %d, %v", len(page.Items), err)
	}
	if _, err := c.DeleteGuest(ctx, tallyfytest.SampleGuestEmail); !errors.Is(err, tallyfy.ErrValidation) {
		t.Errorf("unknown guest: %v", err)
	}
	// 30 invitations an hour (one used above): the 31st is a 429 with Retry-After.
	for i := range 29 {
		if _, err := c.CreateGuest(ctx, tallyfy.CreateGuestRequest{Email: "g" + strconv.Itoa(i) + "@b.example"}); err != nil {
			t.Fatal(i, err)
		}
	}
	_, err = c.CreateGuest(ctx, tallyfy.CreateGuestRequest{Email: "late@b.example"})
	var apiErr *tallyfy.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Code != "RATE_LIMIT_EXCEEDED" || apiErr.RetryAfter != time.Hour {
		t.Errorf("err = %v", err)
	}
}

func TestPeople_ThePacedClientStopsShortOfTheCap(t *testing.T) {
	srv, c := peopleClient(t)
	ctx := context.Background()
	for i := range 30 {
		if _, err := c.CreateGuest(ctx, tallyfy.CreateGuestRequest{Email: "g" + strconv.Itoa(i) + "@b.example"}); err != nil {
			t.Fatal(i, err)
		}
	}
	short, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	sent := len(srv.Requests())
	if _, err := c.CreateGuest(short, tallyfy.CreateGuestRequest{Email: "late@b.example"}); !errors.Is(err, tallyfy.ErrRateLimited) {
		t.Errorf("err = %v", err)
	}
	if n := len(srv.Requests()); n != sent {
		t.Errorf("%d requests sent past the cap", n-sent)
	}
}

func TestPeople_ProfileUpdatesShowInMe(t *testing.T) {
	_, c := peopleClient(t)
	ctx := context.Background()
	if _, err := c.UpdateMyProfile(ctx, tallyfy.UpdateMemberRequest{JobTitle: tallyfy.Ptr("Head of onboarding")}); err != nil {
		t.Fatal(err)
	}
	me, err := c.Me(ctx)
	if err != nil || *me.JobTitle != "Head of onboarding" || *me.FirstName != "Bob" {
		t.Errorf("%+v, %v", me, err)
	}
	u, err := c.ChangeMemberRole(ctx, tallyfytest.SecondUserID, tallyfy.MemberRoleLight)
	if err != nil || *u.Role != "light" {
		t.Errorf("%+v, %v", u, err)
	}
}

func memberTaskCount(t *testing.T, c *tallyfy.Client, id int) int {
	t.Helper()
	n := 0
	for _, err := range c.ListMemberTasks(context.Background(), id, &tallyfy.ListMemberTasksOptions{PerPage: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}
