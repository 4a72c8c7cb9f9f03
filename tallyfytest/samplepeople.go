package tallyfytest

import (
	"slices"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// The sample organization's people, consistent with the sample runs: the members who own and work
// on them (sampleUsers), the groups their steps are assigned to, and the guests of the client
// kick-off calls. Alice is the default administrator; everyone else is a standard member.

// sampleGroups are the groups the sample templates and runs assign work to.
var sampleGroups = []struct {
	id, name, description string
	members               []int
}{
	{SampleGroupID, "Onboarding team", "Everyone who signs off client onboarding.", []int{SampleUserID, SecondUserID}},
	{FinanceGroupID, "Finance team", "Purchases and payroll.", []int{FinanceUserID}},
	{ITGroupID, "IT", "Access, equipment and servers.", []int{AdminUserID, SecurityUserID}},
}

// addSamplePeople fills the members, groups and guests tables. Guests are the addresses the sample
// runs' tasks are assigned, in the order they first appear.
func (st *store) addSamplePeople(now time.Time) {
	joined := at(2021, time.March, 4, 9, 0)
	for _, id := range slices.Sorted(mapKeys(sampleUsers)) {
		u := sampleUser(id)
		role := "standard"
		if id == AdminUserID {
			role = "admin"
		}
		u.Role, u.Status, u.IsActive, u.Type = &role, ptr("active"), ptr(true), ptr("standard")
		u.IsDefaultAdmin = ptr(id == AdminUserID)
		u.CreatedAt, u.UpdatedAt, u.ActivatedAt = &joined, &joined, &joined
		u.LastLoginAt = ptr(now.Add(-time.Duration(id-AdminUserID+1) * time.Hour))
		members(st).put(id, u)
	}
	created := at(2023, time.January, 15, 9, 0)
	for _, g := range sampleGroups {
		refs := make([]gen.GroupMemberID, len(g.members))
		for i, id := range g.members {
			refs[i] = gen.GroupMemberID{ID: id}
		}
		groups(st).put(g.id, gen.Group{
			ID: g.id, Name: ptr(g.name), Description: ptr(g.description), Members: &refs, Guests: ptr([]string{}),
			CreatedAt: &created, LastUpdated: &created,
		})
	}
	var emails []string
	for _, run := range st.sortedRuns() {
		for _, t := range st.runTasks(run.run.ID) {
			for _, e := range t.task.Owners.Guests {
				if !slices.Contains(emails, e) {
					emails = append(emails, e)
				}
			}
		}
	}
	slices.Sort(emails)
	for _, e := range emails {
		local, domain, _ := strings.Cut(e, "@")
		company := strings.TrimSuffix(domain, ".example")
		g := st.addGuest(e, ptr(strings.ToUpper(local[:1])+local[1:]), ptr(strings.ToUpper(company[:1])+company[1:]), created)
		g.Details.CompanyName = ptr(strings.ToUpper(company[:1]) + company[1:])
		g.Details.Status = ptr("active")
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
