package tallyfy_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// Templates as code: export a template, edit the file, see the plan, apply
// it; applied again, the same file changes nothing.
func ExampleClient_ApplyTemplateFile() {
	srv := tallyfytest.NewServer()
	defer srv.Close()
	c, _ := tallyfy.NewClient(tallyfy.WithToken(srv.Token), tallyfy.WithOrganization(srv.OrgID), tallyfy.WithBaseURL(srv.URL))
	ctx := context.Background()

	f, err := c.ExportTemplate(ctx, tallyfytest.PurchaseTemplateID)
	if err != nil {
		log.Fatal(err)
	}
	f.Steps[1].Title = "Order {{item}}"
	f.Steps = append(f.Steps, tallyfy.TemplateFileStep{
		Alias: "receive", Title: "Receive {{item}}",
		Assignees: &tallyfy.TemplateFileAssignees{Members: []string{"dan@acme.example"}},
		Fields: []tallyfy.TemplateFileField{{Alias: "condition", Label: "Arrived in good condition?", Type: "radio",
			Required: true, Options: []tallyfy.TemplateFileOption{{Text: "Yes"}, {Text: "No"}}}},
	})
	plan, err := c.PlanTemplateFile(ctx, f, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(plan)
	if _, err := c.ApplyTemplatePlan(ctx, plan); err != nil {
		log.Fatal(err)
	}
	again, err := c.PlanTemplateFile(ctx, f, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("changes left:", len(again.Changes))
	// Output:
	// Plan for "Purchase Request" (template 5f751aaa27832f691cc98852163a9373): 2 to create, 1 to change, 0 to remove.
	// ~ step "place_order"
	//     title: "Place the order for {{item}}" → "Order {{item}}"
	// + step "receive"
	// + form field "receive / condition"
	// changes left: 0
}
