package tallyfy_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// directoryReads counts the reads of the members, guests and groups lists
// the fake received.
func directoryReads(srv *tallyfytest.Server) (users, guests, groups int) {
	base := "/organizations/" + srv.OrgID + "/"
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			continue
		}
		switch strings.TrimPrefix(r.Path, base) {
		case "users":
			users++
		case "guests":
			guests++
		case "groups":
			groups++
		}
	}
	return
}

func lastWrite(t *testing.T, srv *tallyfytest.Server, method, pathSuffix string) map[string]any {
	t.Helper()
	reqs := srv.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Method == method && strings.HasSuffix(reqs[i].Path, pathSuffix) {
			var body map[string]any
			if err := json.Unmarshal(reqs[i].Body, &body); err != nil {
				t.Fatal(err)
			}
			return body
		}
	}
	t.Fatalf("no %s …%s was sent", method, pathSuffix)
	return nil
}

func TestPeopleFake_ReassignByEmailAndGroupNameSetsExactlyThoseOwners(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	run := srv.Runs()[0]
	task := srv.Tasks(run.ID)[0]

	got, err := c.UpdateTask(ctx, run.ID, task.ID, tallyfy.UpdateTaskRequest{Owners: &tallyfy.Assignees{People: []string{"alice@acme.example", "Finance team"}}})
	if err != nil {
		t.Fatal(err)
	}
	var users []int
	for _, u := range got.Owners.Users {
		users = append(users, u.ID)
	}
	if !slices.Equal(users, []int{tallyfytest.AdminUserID}) || !slices.Equal(got.Owners.Groups, []string{tallyfytest.FinanceGroupID}) || len(got.Owners.Guests) != 0 {
		t.Errorf("owners = users %v, guests %v, groups %v", users, got.Owners.Guests, got.Owners.Groups)
	}

	// A second reassignment reads nothing of the directory again.
	if _, err := c.UpdateTask(ctx, run.ID, task.ID, tallyfy.UpdateTaskRequest{Owners: &tallyfy.Assignees{People: []string{"Bob Onboarding"}}}); err != nil {
		t.Fatal(err)
	}
	if u, g, gr := directoryReads(srv); u != 1 || g != 0 || gr != 1 {
		t.Errorf("directory reads: users %d, guests %d, groups %d; want 1, 0, 1", u, g, gr)
	}
}

func TestPeopleFake_KickoffAssigneesFieldByEmail(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c := srv.Client()
	_, err := c.LaunchRun(context.Background(), tallyfy.LaunchRunRequest{
		TemplateID: tallyfytest.SupplierTemplateID,
		Name:       "Supplier - Initech",
		Owner:      "dan@acme.example",
		People:     []string{"IT"},
		Fields: map[string]any{
			"Supplier name":  "Initech",
			"Contact email":  "ap@initech.example",
			"Contract start": time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC),
			"Region":         "EMEA",
			"Account team":   []string{"bob@acme.example", "Finance team"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	body := lastWrite(t, srv, http.MethodPost, "/runs")
	var team any
	for _, v := range body["prerun"].(map[string]any) {
		if m, ok := v.(map[string]any); ok && m["users"] != nil {
			team = m
		}
	}
	b, _ := json.Marshal(team)
	if want := `{"groups":["` + tallyfytest.FinanceGroupID + `"],"guests":[],"users":[1002]}`; string(b) != want {
		t.Errorf("Account team = %s, want %s", b, want)
	}
	if body["owner_id"] != float64(tallyfytest.FinanceUserID) || !slices.Equal(asStrings(body["groups"]), []string{tallyfytest.ITGroupID}) {
		t.Errorf("owner_id %v, groups %v", body["owner_id"], body["groups"])
	}
}

func asStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestPeopleFake_AMemberInvitedSinceTheLastReadIsFoundByOneMoreRead(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	if _, err := c.ResolvePeople(ctx, []string{"alice@acme.example"}); err != nil {
		t.Fatal(err)
	}
	invited, err := c.InviteMember(ctx, tallyfy.InviteMemberRequest{Email: "nina@acme.example", FirstName: "Nina", LastName: "New", Role: tallyfy.MemberRoleStandard})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.ResolvePeople(ctx, []string{"Nina New"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Users, []int{invited.ID}) {
		t.Errorf("users = %v, want [%d]", got.Users, invited.ID)
	}
	if u, _, _ := directoryReads(srv); u != 2 {
		t.Errorf("members read %d times, want 2", u)
	}
}

func TestPeopleFake_DisabledMemberAndGuestFallback(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	if _, err := srv.Client().DisableMember(ctx, tallyfytest.SecurityUserID); err != nil {
		t.Fatal(err)
	}
	c := srv.Client()
	before := len(srv.Requests())
	_, err := c.CreateTask(ctx, tallyfy.CreateTaskRequest{Title: "Rotate keys", Deadline: time.Now().Add(48 * time.Hour),
		Owners: tallyfy.Assignees{People: []string{"erin@acme.example"}}})
	if !errors.Is(err, tallyfy.ErrInvalidArgument) || !strings.Contains(err.Error(), "is disabled") {
		t.Fatalf("err = %v", err)
	}
	for _, r := range srv.Requests()[before:] {
		if r.Method != http.MethodGet {
			t.Errorf("sent %s %s for a disabled owner", r.Method, r.Path)
		}
	}

	// A guest of the organization is found by email; a new one must be
	// named as such.
	guests, err := c.ListGuestsPage(ctx, nil)
	if err != nil || len(guests.Items) == 0 {
		t.Fatalf("guests: %v, %v", guests, err)
	}
	known := guests.Items[0].Email
	task, err := c.CreateTask(ctx, tallyfy.CreateTaskRequest{Title: "Send the contract", Deadline: time.Now().Add(48 * time.Hour),
		Owners: tallyfy.Assignees{People: []string{"carol@acme.example", known, "guest:new.person@initech.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(task.Owners.Guests, []string{known, "new.person@initech.example"}) {
		t.Errorf("guests = %v", task.Owners.Guests)
	}
	if _, err := c.ResolvePeople(ctx, []string{"stranger@initech.example"}); !errors.Is(err, tallyfy.ErrInvalidArgument) || !strings.Contains(err.Error(), `"guest:stranger@initech.example"`) {
		t.Errorf("an address nobody has: err = %v", err)
	}
}

// A write to the directory through the client drops what it cached: a
// member the client has just disabled is not resolved as active from the
// cache, and the next resolution reads the members again.
func TestPeopleFake_AWriteToTheDirectoryDropsTheCache(t *testing.T) {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c := srv.Client()
	if _, err := c.ResolvePeople(ctx, []string{"erin@acme.example"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DisableMember(ctx, tallyfytest.SecurityUserID); err != nil {
		t.Fatal(err)
	}
	_, err := c.ResolvePeople(ctx, []string{"erin@acme.example"})
	if !errors.Is(err, tallyfy.ErrInvalidArgument) || !strings.Contains(err.Error(), "is disabled") {
		t.Fatalf("err = %v, want erin refused as disabled", err)
	}
	if users, _, _ := directoryReads(srv); users != 2 {
		t.Errorf("members were read %d times; want 2 (once before the write, once after)", users)
	}
}
