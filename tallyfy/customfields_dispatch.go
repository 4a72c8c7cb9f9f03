package tallyfy

import (
	"context"
	"net/http"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// The generated client has one method per record kind's path; these pick
// it. prepareRecord has checked the kind, so the default is unreachable.

func (c *Client) getCustomFields(ctx context.Context, r Record) (*http.Response, error) {
	o := c.orgID
	switch r.Kind {
	case RecordProcess:
		return c.api.GetRunCustomFields(ctx, o, r.ID)
	case RecordTask:
		return c.api.GetTaskCustomFields(ctx, o, r.RunID, r.ID)
	case RecordMember:
		return c.api.GetMemberCustomFields(ctx, o, r.MemberID)
	case RecordGuest:
		return c.api.GetGuestCustomFields(ctx, o, r.ID)
	case RecordFolder:
		return c.api.GetFolderCustomFields(ctx, o, r.ID)
	case RecordTag:
		return c.api.GetTagCustomFields(ctx, o, r.ID)
	case RecordTemplate:
		return c.api.GetTemplateCustomFields(ctx, o, r.ID)
	case RecordStep:
		return c.api.GetStepCustomFields(ctx, o, r.TemplateID, r.ID)
	case RecordFormField:
		return c.api.GetFormFieldCustomFields(ctx, o, r.TemplateID, r.StepID, r.ID)
	default:
		return c.api.GetKickoffFieldCustomFields(ctx, o, r.TemplateID, r.ID)
	}
}

func (c *Client) replaceCustomFields(ctx context.Context, r Record, b gen.ReplaceCustomFieldsRequest) (*http.Response, error) {
	o := c.orgID
	switch r.Kind {
	case RecordProcess:
		return c.api.ReplaceRunCustomFields(ctx, o, r.ID, b)
	case RecordTask:
		return c.api.ReplaceTaskCustomFields(ctx, o, r.RunID, r.ID, b)
	case RecordMember:
		return c.api.ReplaceMemberCustomFields(ctx, o, r.MemberID, b)
	case RecordGuest:
		return c.api.ReplaceGuestCustomFields(ctx, o, r.ID, b)
	case RecordFolder:
		return c.api.ReplaceFolderCustomFields(ctx, o, r.ID, b)
	case RecordTag:
		return c.api.ReplaceTagCustomFields(ctx, o, r.ID, b)
	case RecordTemplate:
		return c.api.ReplaceTemplateCustomFields(ctx, o, r.ID, b)
	case RecordStep:
		return c.api.ReplaceStepCustomFields(ctx, o, r.TemplateID, r.ID, b)
	case RecordFormField:
		return c.api.ReplaceFormFieldCustomFields(ctx, o, r.TemplateID, r.StepID, r.ID, b)
	default:
		return c.api.ReplaceKickoffFieldCustomFields(ctx, o, r.TemplateID, r.ID, b)
	}
}

// setCustomField and deleteCustomField serve the six kinds SetsOneValue
// allows; prepareOneValue has refused the others.
func (c *Client) setCustomField(ctx context.Context, r Record, key string, b gen.SetCustomFieldRequest) (*http.Response, error) {
	o := c.orgID
	switch r.Kind {
	case RecordProcess:
		return c.api.SetRunCustomField(ctx, o, r.ID, key, b)
	case RecordTask:
		return c.api.SetTaskCustomField(ctx, o, r.RunID, r.ID, key, b)
	case RecordMember:
		return c.api.SetMemberCustomField(ctx, o, r.MemberID, key, b)
	case RecordGuest:
		return c.api.SetGuestCustomField(ctx, o, r.ID, key, b)
	case RecordFolder:
		return c.api.SetFolderCustomField(ctx, o, r.ID, key, b)
	default:
		return c.api.SetTagCustomField(ctx, o, r.ID, key, b)
	}
}

func (c *Client) deleteCustomField(ctx context.Context, r Record, key string) (*http.Response, error) {
	o := c.orgID
	switch r.Kind {
	case RecordProcess:
		return c.api.DeleteRunCustomField(ctx, o, r.ID, key)
	case RecordTask:
		return c.api.DeleteTaskCustomField(ctx, o, r.RunID, r.ID, key)
	case RecordMember:
		return c.api.DeleteMemberCustomField(ctx, o, r.MemberID, key)
	case RecordGuest:
		return c.api.DeleteGuestCustomField(ctx, o, r.ID, key)
	case RecordFolder:
		return c.api.DeleteFolderCustomField(ctx, o, r.ID, key)
	default:
		return c.api.DeleteTagCustomField(ctx, o, r.ID, key)
	}
}
