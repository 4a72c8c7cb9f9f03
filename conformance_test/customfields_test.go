package conformance_test

import (
	"strings"

	"github.com/tallyfy-go/sdk/v2/tallyfy"
)

// sampleRecord is the custom-field record call passes for an operation on
// path: the kind the path names, with id for each of its ids (sampleUserID
// for a member).
func sampleRecord(path, id string) tallyfy.Record {
	rest := strings.TrimPrefix(path, "/organizations/{org_id}/")
	switch {
	case strings.HasPrefix(rest, "runs/{run_id}/tasks/"):
		return tallyfy.TaskRecord(id, id)
	case strings.HasPrefix(rest, "runs/"):
		return tallyfy.ProcessRecord(id)
	case strings.HasPrefix(rest, "users/"):
		return tallyfy.MemberRecord(sampleUserID)
	case strings.HasPrefix(rest, "guests/"):
		return tallyfy.GuestRecord("guest@example.com")
	case strings.HasPrefix(rest, "folders/"):
		return tallyfy.FolderRecord(id)
	case strings.HasPrefix(rest, "tags/"):
		return tallyfy.TagRecord(id)
	case strings.Contains(rest, "/captures/"):
		return tallyfy.FormFieldRecord(id, id, id)
	case strings.Contains(rest, "/steps/"):
		return tallyfy.StepRecord(id, id)
	case strings.Contains(rest, "/preruns/"):
		return tallyfy.KickoffFieldRecord(id, id)
	}
	return tallyfy.TemplateRecord(id)
}
