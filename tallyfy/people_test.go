package tallyfy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestPeople_ListMembersSendsFiltersAndDecodesGroups(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "listMembers.200.page.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	page, err := c.ListMembersPage(context.Background(), &ListMembersOptions{Query: "ali", With: []MemberInclude{MemberIncludeGroups}, Sort: "-created_at", PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].ID != 1001 || *page.Items[0].Status != MemberStatusActive {
		t.Fatalf("items = %+v", page.Items)
	}
	if g := page.Items[0].Groups; g == nil || len(*g) != 1 || (*g)[0].ID != "2ae78db8c5bab6cb41cbccffbf387760" {
		t.Errorf("groups = %+v", g)
	}
	req := srv.last()
	if req.URL.Path != "/organizations/org1/users" {
		t.Errorf("path = %s", req.URL.Path)
	}
	if want := "q=ali&with=groups&sort=-created_at&page=1&per_page=50"; req.URL.RawQuery != want {
		t.Errorf("RawQuery = %q, want %q", req.URL.RawQuery, want)
	}
}

func TestPeople_RefusesBadArgumentsBeforeSending(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"data":{}}`) })
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	calls := map[string]func() error{
		"member id 0":     func() error { _, err := c.GetMember(ctx, 0, nil); return err },
		"negative member": func() error { _, err := c.ListMemberTasksPage(ctx, -3, nil); return err },
		"unknown role":    func() error { _, err := c.ChangeMemberRole(ctx, 1002, MemberRole("owner")); return err },
		"invite no email": func() error {
			_, err := c.InviteMember(ctx, InviteMemberRequest{FirstName: "A", LastName: "B", Role: MemberRoleLight})
			return err
		},
		"invite long name": func() error {
			_, err := c.InviteMember(ctx, InviteMemberRequest{Email: "a@b.example", FirstName: strings.Repeat("x", 33), LastName: "B", Role: MemberRoleLight})
			return err
		},
		"guest path":     func() error { _, err := c.GetGuest(ctx, "../users", nil); return err },
		"guest two @":    func() error { _, err := c.DeleteGuest(ctx, "a@b@c"); return err },
		"nil associated": func() error { _, err := c.UpdateGuest(ctx, "ops@globex.example", UpdateGuestRequest{}); return err },
		"group no desc":  func() error { _, err := c.CreateGroup(ctx, CreateGroupRequest{Name: "Legal"}); return err },
		"group bad guest": func() error {
			_, err := c.CreateGroup(ctx, CreateGroupRequest{Name: "L", Description: "d", Members: GroupMembers{Guests: []string{"a,b@c"}}})
			return err
		},
		"group sort":       func() error { _, err := c.ListGroupsPage(ctx, &ListGroupsOptions{SortBy: "size"}); return err },
		"reassign to self": func() error { _, err := c.RemoveMember(ctx, 1002, &RemoveMemberOptions{ReassignTo: 1002}); return err },
		"date format": func() error {
			_, err := c.UpdateMyProfile(ctx, UpdateMemberRequest{DateFormat: Ptr("yyyy-mm-dd")})
			return err
		},
		"invalid UTF-8 team": func() error { _, err := c.UpdateMember(ctx, 1002, UpdateMemberRequest{Team: Ptr("\xff")}); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want ErrInvalidArgument", name, err)
		}
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
	// Emails are personal data: an error about one never quotes it.
	_, err := c.InviteMember(ctx, InviteMemberRequest{Email: "secret person@acme.example", FirstName: "A", LastName: "B", Role: MemberRoleLight})
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("err = %v", err)
	}
}

func TestPeople_InviteMemberSendsTheBodyOnce(t *testing.T) {
	var body map[string]any
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&body)
		writeJSON(w, 200, fixture(t, "inviteMember.200.invited.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	u, err := c.InviteMember(context.Background(), InviteMemberRequest{Email: "frank@acme.example", FirstName: "Frank", LastName: "Newcomer", Role: MemberRoleStandard})
	if err != nil {
		t.Fatal(err)
	}
	if *u.Status != MemberStatusInvited || u.ID != 1006 {
		t.Errorf("member = %+v", u)
	}
	if r := srv.last(); r.Method != http.MethodPost || r.URL.Path != "/organizations/org1/users/invite" {
		t.Errorf("%s %s", r.Method, r.URL.Path)
	}
	want := map[string]any{"email": "frank@acme.example", "first_name": "Frank", "last_name": "Newcomer", "role": "standard"}
	if len(body) != len(want) {
		t.Errorf("body = %v, want %v (no empty message)", body, want)
	}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("body[%s] = %v, want %v", k, body[k], v)
		}
	}
}

func TestPeople_SeatPoolExhaustedIsTyped(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 409, fixture(t, "inviteMember.default.409-seat-pool-exhausted.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"invite": func() error {
			_, err := c.InviteMember(ctx, InviteMemberRequest{Email: "a@b.example", FirstName: "A", LastName: "B", Role: MemberRoleStandard})
			return err
		},
		"guest to member": func() error { _, err := c.ConvertGuestToMember(ctx, "ops@globex.example"); return err },
		"enable":          func() error { _, err := c.EnableMember(ctx, 1004); return err },
		"role":            func() error { _, err := c.ChangeMemberRole(ctx, 1004, MemberRoleAdmin); return err },
	} {
		err := call()
		var seat *SeatPoolError
		var apiErr *APIError
		if !errors.Is(err, ErrSeatPoolExhausted) || !errors.As(err, &seat) || !errors.As(err, &apiErr) || apiErr.StatusCode != 409 {
			t.Errorf("%s: err = %v, want a *SeatPoolError wrapping the 409", name, err)
			continue
		}
		if seat.PoolType != "full" || !strings.Contains(err.Error(), "full seats") || !strings.Contains(err.Error(), "Billing") {
			t.Errorf("%s: %q (pool %q)", name, err, seat.PoolType)
		}
		if errors.Is(err, ErrOutcomeUnknown) {
			t.Errorf("%s: a refusal is not an unknown outcome", name)
		}
	}
	// Another 409 stays an ordinary APIError.
	other := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 409, `{"error":{"code":"CONFLICT"}}`) })
	c2, _ := newTestClient(t, other.Server)
	if _, err := c2.EnableMember(ctx, 1004); errors.Is(err, ErrSeatPoolExhausted) || err == nil {
		t.Errorf("err = %v", err)
	}
}

func TestPeople_CreatesAreOutcomeUnknownAfterA5xx(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 502, `{"message":"Bad gateway"}`) })
	c, _ := newTestClient(t, srv.Server, WithGuestInvitePacing(0))
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"InviteMember": func() error {
			_, err := c.InviteMember(ctx, InviteMemberRequest{Email: "a@b.example", FirstName: "A", LastName: "B", Role: MemberRoleLight})
			return err
		},
		"CreateGuest": func() error { _, err := c.CreateGuest(ctx, CreateGuestRequest{Email: "g@b.example"}); return err },
		"CreateGroup": func() error {
			_, err := c.CreateGroup(ctx, CreateGroupRequest{Name: "Legal", Description: "d"})
			return err
		},
	} {
		before := srv.hits.Load()
		err := call()
		var unknown *OutcomeUnknownError
		if !errors.As(err, &unknown) || unknown.Check == "" {
			t.Errorf("%s: err = %v, want ErrOutcomeUnknown with a check", name, err)
		}
		if n := srv.hits.Load() - before; n != 1 {
			t.Errorf("%s: sent %d times, want once", name, n)
		}
		if strings.Contains(err.Error(), "g@b.example") || strings.Contains(err.Error(), "a@b.example") {
			t.Errorf("%s: the error quotes the address: %v", name, err)
		}
	}
}

func TestPeople_UpdateMemberSendsBackWhatItDidNotChange(t *testing.T) {
	var put map[string]any
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			_ = json.NewDecoder(r.Body).Decode(&put)
		}
		writeJSON(w, 200, fixture(t, "getMember.200.member.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	if _, err := c.UpdateMember(context.Background(), 1002, UpdateMemberRequest{JobTitle: Ptr("Head of onboarding")}); err != nil {
		t.Fatal(err)
	}
	if n := srv.hits.Load(); n != 2 {
		t.Fatalf("%d requests, want a read and a write", n)
	}
	want := map[string]any{"first_name": "Bob", "last_name": "Onboarding", "timezone": "Europe/London", "job_title": "Head of onboarding"}
	if len(put) != len(want) {
		t.Errorf("PUT body = %v, want %v", put, want)
	}
	for k, v := range want {
		if put[k] != v {
			t.Errorf("PUT %s = %v, want %v", k, put[k], v)
		}
	}

	// All three given: no read.
	before := srv.hits.Load()
	if _, err := c.UpdateMyProfile(context.Background(), UpdateMemberRequest{FirstName: Ptr("B"), LastName: Ptr("O"), Timezone: Ptr("UTC")}); err != nil {
		t.Fatal(err)
	}
	if n := srv.hits.Load() - before; n != 1 || srv.last().URL.Path != "/organizations/org1/me" {
		t.Errorf("%d requests to %s, want one PUT to /me", n, srv.last().URL.Path)
	}
}

func TestPeople_UpdateMemberRefusesWhenTheReadLacksARequiredField(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"data":{"id":1002,"first_name":"Bob"}}`)
	})
	c, _ := newTestClient(t, srv.Server)
	_, err := c.UpdateMember(context.Background(), 1002, UpdateMemberRequest{Team: Ptr("Ops")})
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "last name") {
		t.Errorf("err = %v", err)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("%d requests, want only the read", n)
	}
}

func TestPeople_UpdateGroupNeverSendsAPartialMemberList(t *testing.T) {
	var put map[string]json.RawMessage
	group := fixture(t, "getGroup.200.variant-string-member-ids.json")
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			_ = json.NewDecoder(r.Body).Decode(&put)
		}
		writeJSON(w, 200, group)
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()

	// Members nil: the current lists (string ids included) go back whole.
	if _, err := c.UpdateGroup(ctx, "53a4e1b2c3d4e5f60718293a4b5c6d7e", UpdateGroupRequest{Name: Ptr("Onboarding")}); err != nil {
		t.Fatal(err)
	}
	if string(put["members"]) != "[1002,1003]" || string(put["guests"]) != `["ops@globex.example"]` || string(put["description"]) == "" {
		t.Errorf("PUT body = %s", put)
	}

	// Members set: both lists exactly as given, empty ones as [], and no read.
	before := srv.hits.Load()
	if _, err := c.UpdateGroup(ctx, "53a4e1b2c3d4e5f60718293a4b5c6d7e", UpdateGroupRequest{Description: Ptr("d"), Members: &GroupMembers{Users: []int{1001}}}); err != nil {
		t.Fatal(err)
	}
	if n := srv.hits.Load() - before; n != 1 || string(put["members"]) != "[1001]" || string(put["guests"]) != "[]" {
		t.Errorf("%d requests; PUT body = %s", n, put)
	}

	// A read without guests is refused: sending [] would empty them.
	group = `{"data":{"id":"g1","description":"d","members":[1002]}}`
	before = srv.hits.Load()
	_, err := c.UpdateGroup(ctx, "g1", UpdateGroupRequest{Name: Ptr("x")})
	if !errors.Is(err, ErrInvalidArgument) || srv.hits.Load()-before != 1 {
		t.Errorf("err = %v after %d requests, want a refusal after the read", err, srv.hits.Load()-before)
	}
}

func TestPeople_GuestsAreNamedByEmailOrID(t *testing.T) {
	var body map[string]any
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		body = nil
		if r.Body != nil {
			b, _ := io.ReadAll(r.Body)
			_ = json.Unmarshal(b, &body)
		}
		if strings.HasSuffix(r.URL.Path, "/tasks") {
			writeJSON(w, 200, fixture(t, "listGuestTasks.200.page.json"))
			return
		}
		writeJSON(w, 201, fixture(t, "getGuest.201.documented-status.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	ctx := context.Background()
	g, err := c.GetGuest(ctx, "ops@globex.example", &GetGuestOptions{With: []GuestInclude{GuestIncludeStats}})
	if err != nil || g.Email != "ops@globex.example" {
		t.Fatalf("guest %+v, err %v (a 201 answer to a read is accepted)", g, err)
	}
	if r := srv.last(); r.URL.Path != "/organizations/org1/guests/ops@globex.example" || r.URL.RawQuery != "with=stats" {
		t.Errorf("%s?%s", r.URL.Path, r.URL.RawQuery)
	}
	if _, err := c.ListGuestTasksPage(ctx, "MITxZa1z2f5d81bb53f1da7c7fa95a2cfec5cbc2", nil); err != nil {
		t.Fatal(err)
	}
	if p := srv.last().URL.Path; p != "/organizations/org1/guests/MITxZa1z2f5d81bb53f1da7c7fa95a2cfec5cbc2/tasks" {
		t.Errorf("path = %s", p)
	}
	// The update repeats the address in the body, as api-v2 validates it there.
	if _, err := c.UpdateGuest(ctx, "ops@globex.example", UpdateGuestRequest{AssociatedMembers: []int{}}); err != nil {
		t.Fatal(err)
	}
	if body["email"] != "ops@globex.example" || body["associated_members"] == nil {
		t.Errorf("body = %v", body)
	}
}

// pacedClient is a client whose guest invitations are paced at perHour on
// a clock the test moves: each wait advances it and is recorded.
func pacedClient(t *testing.T, perHour int, h http.HandlerFunc) (*Client, *recorder, *time.Time, *[]time.Duration) {
	srv := newRecorder(t, h)
	c, _ := newTestClient(t, srv.Server, WithGuestInvitePacing(perHour))
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	waits := &[]time.Duration{}
	p := pacersFor(c.cfg).invites
	p.now = func() time.Time { return now }
	p.wait = func(ctx context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		now = now.Add(d)
		return ctx.Err()
	}
	return c, srv, &now, waits
}

func TestPeople_GuestInvitesArePacedUnderTheHourlyCap(t *testing.T) {
	c, srv, now, waits := pacedClient(t, 2, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 201, fixture(t, "createGuest.201.created.json"))
	})
	ctx := context.Background()
	create := func() error { _, err := c.CreateGuest(ctx, CreateGuestRequest{Email: "g@b.example"}); return err }
	for range 2 {
		if err := create(); err != nil {
			t.Fatal(err)
		}
		*now = now.Add(10 * time.Minute)
	}
	if len(*waits) != 0 {
		t.Fatalf("waited %v under the cap", *waits)
	}
	// The third waits until the first is an hour old: 40 minutes on.
	if err := create(); err != nil {
		t.Fatal(err)
	}
	if len(*waits) != 1 || (*waits)[0] != 40*time.Minute || srv.hits.Load() != 3 {
		t.Errorf("waits %v, %d sent", *waits, srv.hits.Load())
	}

	// A deadline before the next slot fails at once, sending nothing.
	short, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	_, err := c.CreateGuest(short, CreateGuestRequest{Email: "g@b.example"})
	if !errors.Is(err, ErrRateLimited) || !strings.Contains(err.Error(), "capped at 2 per organization per hour") || !strings.Contains(err.Error(), "nothing was sent") {
		t.Errorf("err = %v", err)
	}
	if srv.hits.Load() != 3 || len(*waits) != 1 {
		t.Errorf("%d sent, waits %v: nothing may be sent or waited for", srv.hits.Load(), *waits)
	}

	// A cancelled context ends the wait.
	done, stop := context.WithCancel(ctx)
	stop()
	if _, err := c.CreateGuest(done, CreateGuestRequest{Email: "g@b.example"}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}

	// ForOrganization copies count apart: the cap is per organization.
	if _, err := c.ForOrganization("org2").CreateGuest(ctx, CreateGuestRequest{Email: "g@b.example"}); err != nil {
		t.Fatal(err)
	}
	if len(*waits) != 2 { // the cancelled one recorded its wait
		t.Errorf("waits %v: another organization must not wait", *waits)
	}
}

func TestPeople_GuestInviteA429PausesInvitesForItsRetryAfter(t *testing.T) {
	c, srv, _, waits := pacedClient(t, 30, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		writeJSON(w, 429, fixture(t, "createGuest.429.json"))
	})
	ctx := context.Background()
	_, err := c.CreateGuest(ctx, CreateGuestRequest{Email: "g@b.example"})
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v", err)
	}
	sent := srv.hits.Load()
	short, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := c.CreateGuest(short, CreateGuestRequest{Email: "g@b.example"}); !errors.Is(err, ErrRateLimited) || srv.hits.Load() != sent {
		t.Errorf("err = %v, %d more sent: the pause must hold", err, srv.hits.Load()-sent)
	}
	if len(*waits) != 0 {
		t.Errorf("waits = %v", *waits)
	}
}

func TestPeople_PacingCanBeTurnedOff(t *testing.T) {
	c, srv, _, waits := pacedClient(t, 0, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 201, fixture(t, "createGuest.201.created.json"))
	})
	for range 40 {
		if _, err := c.CreateGuest(context.Background(), CreateGuestRequest{Email: "g@b.example"}); err != nil {
			t.Fatal(err)
		}
	}
	if srv.hits.Load() != 40 || len(*waits) != 0 {
		t.Errorf("%d sent, waits %v", srv.hits.Load(), *waits)
	}
	if _, err := NewClient(WithToken("t"), WithGuestInvitePacing(-1)); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("err = %v", err)
	}
}

func TestPeople_DeleteGroupAcceptsNoContent(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	c, _ := newTestClient(t, srv.Server)
	if err := c.DeleteGroup(context.Background(), "53a4e1b2c3d4e5f60718293a4b5c6d7e"); err != nil {
		t.Fatal(err)
	}
	if r := srv.last(); r.Method != http.MethodDelete || r.URL.Path != "/organizations/org1/groups/53a4e1b2c3d4e5f60718293a4b5c6d7e" {
		t.Errorf("%s %s", r.Method, r.URL.Path)
	}
}

func TestPeople_GetOrganization(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fixture(t, "getOrganization.200.organization.json"))
	})
	c, _ := newTestClient(t, srv.Server)
	org, err := c.GetOrganization(context.Background())
	if err != nil || org.ID != "8c2b5f0e3d1a4c6b9e7f2a5d8c1b4e7f" || *org.UsersCount != 5 {
		t.Fatalf("org %+v, err %v", org, err)
	}
	if p := srv.last().URL.Path; p != "/organizations/org1" {
		t.Errorf("path = %s", p)
	}
}
