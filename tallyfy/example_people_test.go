package tallyfy_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// Assign work by who people are: members by email or full name, groups by
// name. The client reads the organization's directory once and resolves
// every name before anything is written; an ambiguous or unknown name is
// refused and nothing is sent.
func ExampleAssignees_people() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))
	ctx := context.Background()
	run := srv.Runs()[0]
	task := srv.Tasks(run.ID)[0]

	// Replace the task's owners with exactly these two.
	task2, err := c.UpdateTask(ctx, run.ID, task.ID, tallyfy.UpdateTaskRequest{
		Owners: &tallyfy.Assignees{People: []string{"alice@acme.example", "Finance team"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("users:", task2.Owners.Users[0].ID, "groups:", task2.Owners.Groups)

	// What names mean, before using them.
	who, err := c.ResolvePeople(ctx, []string{"Bob Onboarding", "guest:ap@initech.example"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("users:", who.Users, "guests:", who.Guests)

	// A name nobody has is refused, naming it.
	_, err = c.ResolvePeople(ctx, []string{"Zed Nobody"})
	fmt.Println(err)
	// Output:
	// users: 1001 groups: [2bfb30d513e3c827ce4dc6945ea89bdf]
	// users: [1002] guests: [ap@initech.example]
	// tallyfy: invalid argument: people: "Zed Nobody" is no member's full name and no group's name or id; name a member by email to be exact
}
