package tallyfytest_test

import (
	"encoding/json"
	"testing"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/tallyfytest"
)

// TestCreateTemplate_TakesTheOfficialCLIsImport replays what Tallyfy's own
// CLI sends for `tallyfy blueprint import FILE` (tallyfy/cli
// internal/cli/blueprint.go): the answer of `blueprint export`, a
// getTemplate with steps and automated_actions, less the keys it strips.
// That answer carries null for guidance, webhook, explanation_video, icon
// and a kick-off field's guidance; the fake refused them with a 422 until
// the spec accepted null there (docs/official-cli.md).
func TestCreateTemplate_TakesTheOfficialCLIsImport(t *testing.T) {
	f := newFixture(t)
	status, body := f.send(t, "GET", orgPath("/checklists/"+tallyfytest.SampleTemplateID+"?with=steps,automated_actions"), nil)
	wantStatus(t, status, body, 200)
	var env struct{ Data map[string]json.RawMessage }
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	export := env.Data
	// blueprintImportStripFields in the official CLI.
	for _, k := range []string{"id", "owner_id", "created_by", "alias", "steps_count", "industry_tags", "topic_tags",
		"folder_id", "kickoff_title", "kickoff_description", "started_processes", "created_at", "last_updated", "archived_at"} {
		delete(export, k)
	}
	for _, k := range []string{"guidance", "webhook", "explanation_video", "icon"} {
		if string(export[k]) != "null" {
			t.Fatalf("the sample template's %s is %s; this test needs the null an export carries", k, export[k])
		}
	}
	status, body = f.send(t, "POST", orgPath("/checklists"), export)
	if status != 200 && status != 201 {
		t.Fatalf("import: status %d\n%s", status, body)
	}
	created := data[gen.Template](t, body)
	if created.Title != "Client Onboarding V3" || len(created.Prerun) != 2 {
		t.Errorf("imported template: title %q, %d kick-off fields; want the export's title and its 2 fields", created.Title, len(created.Prerun))
	}
}
