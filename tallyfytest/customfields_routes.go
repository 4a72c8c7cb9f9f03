package tallyfytest

import (
	"net/http"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// The custom field operations, one per record kind and path (customfields.go has the behaviour).

// GetRunCustomFields answers getRunCustomFields.
func (h apiHandlers) GetRunCustomFields(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, runID gen.RunID) {
	h.getCustomFields(w, cfRun(runID))
}

// ReplaceRunCustomFields answers replaceRunCustomFields.
func (h apiHandlers) ReplaceRunCustomFields(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID) {
	h.replaceCustomFields(w, r, cfRun(runID))
}

// SetRunCustomField answers setRunCustomField.
func (h apiHandlers) SetRunCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID, key gen.CustomFieldKeyName) {
	h.setCustomField(w, r, cfRun(runID), key)
}

// DeleteRunCustomField answers deleteRunCustomField.
func (h apiHandlers) DeleteRunCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID, key gen.CustomFieldKeyName) {
	h.deleteCustomField(w, r, cfRun(runID), key)
}

// GetTaskCustomFields answers getTaskCustomFields.
func (h apiHandlers) GetTaskCustomFields(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, runID gen.RunID, taskID gen.TaskID) {
	h.getCustomFields(w, cfTask(runID, taskID))
}

// ReplaceTaskCustomFields answers replaceTaskCustomFields.
func (h apiHandlers) ReplaceTaskCustomFields(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID, taskID gen.TaskID) {
	h.replaceCustomFields(w, r, cfTask(runID, taskID))
}

// SetTaskCustomField answers setTaskCustomField.
func (h apiHandlers) SetTaskCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID, taskID gen.TaskID, key gen.CustomFieldKeyName) {
	h.setCustomField(w, r, cfTask(runID, taskID), key)
}

// DeleteTaskCustomField answers deleteTaskCustomField.
func (h apiHandlers) DeleteTaskCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, runID gen.RunID, taskID gen.TaskID, key gen.CustomFieldKeyName) {
	h.deleteCustomField(w, r, cfTask(runID, taskID), key)
}

// GetMemberCustomFields answers getMemberCustomFields.
func (h apiHandlers) GetMemberCustomFields(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, userID gen.MemberID) {
	h.getCustomFields(w, cfMember(userID))
}

// ReplaceMemberCustomFields answers replaceMemberCustomFields.
func (h apiHandlers) ReplaceMemberCustomFields(w http.ResponseWriter, r *http.Request, _ gen.OrgID, userID gen.MemberID) {
	h.replaceCustomFields(w, r, cfMember(userID))
}

// SetMemberCustomField answers setMemberCustomField.
func (h apiHandlers) SetMemberCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, userID gen.MemberID, key gen.CustomFieldKeyName) {
	h.setCustomField(w, r, cfMember(userID), key)
}

// DeleteMemberCustomField answers deleteMemberCustomField.
func (h apiHandlers) DeleteMemberCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, userID gen.MemberID, key gen.CustomFieldKeyName) {
	h.deleteCustomField(w, r, cfMember(userID), key)
}

// GetGuestCustomFields answers getGuestCustomFields.
func (h apiHandlers) GetGuestCustomFields(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, guest gen.GuestKey) {
	h.getCustomFields(w, cfGuest(guest))
}

// ReplaceGuestCustomFields answers replaceGuestCustomFields.
func (h apiHandlers) ReplaceGuestCustomFields(w http.ResponseWriter, r *http.Request, _ gen.OrgID, guest gen.GuestKey) {
	h.replaceCustomFields(w, r, cfGuest(guest))
}

// SetGuestCustomField answers setGuestCustomField.
func (h apiHandlers) SetGuestCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, guest gen.GuestKey, key gen.CustomFieldKeyName) {
	h.setCustomField(w, r, cfGuest(guest), key)
}

// DeleteGuestCustomField answers deleteGuestCustomField.
func (h apiHandlers) DeleteGuestCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, guest gen.GuestKey, key gen.CustomFieldKeyName) {
	h.deleteCustomField(w, r, cfGuest(guest), key)
}

// GetFolderCustomFields answers getFolderCustomFields.
func (h apiHandlers) GetFolderCustomFields(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, folderID gen.FolderID) {
	h.getCustomFields(w, cfFolder(folderID))
}

// ReplaceFolderCustomFields answers replaceFolderCustomFields.
func (h apiHandlers) ReplaceFolderCustomFields(w http.ResponseWriter, r *http.Request, _ gen.OrgID, folderID gen.FolderID) {
	h.replaceCustomFields(w, r, cfFolder(folderID))
}

// SetFolderCustomField answers setFolderCustomField.
func (h apiHandlers) SetFolderCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, folderID gen.FolderID, key gen.CustomFieldKeyName) {
	h.setCustomField(w, r, cfFolder(folderID), key)
}

// DeleteFolderCustomField answers deleteFolderCustomField.
func (h apiHandlers) DeleteFolderCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, folderID gen.FolderID, key gen.CustomFieldKeyName) {
	h.deleteCustomField(w, r, cfFolder(folderID), key)
}

// GetTagCustomFields answers getTagCustomFields.
func (h apiHandlers) GetTagCustomFields(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, tagID gen.TagID) {
	h.getCustomFields(w, cfTag(tagID))
}

// ReplaceTagCustomFields answers replaceTagCustomFields.
func (h apiHandlers) ReplaceTagCustomFields(w http.ResponseWriter, r *http.Request, _ gen.OrgID, tagID gen.TagID) {
	h.replaceCustomFields(w, r, cfTag(tagID))
}

// SetTagCustomField answers setTagCustomField.
func (h apiHandlers) SetTagCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, tagID gen.TagID, key gen.CustomFieldKeyName) {
	h.setCustomField(w, r, cfTag(tagID), key)
}

// DeleteTagCustomField answers deleteTagCustomField.
func (h apiHandlers) DeleteTagCustomField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, tagID gen.TagID, key gen.CustomFieldKeyName) {
	h.deleteCustomField(w, r, cfTag(tagID), key)
}

// GetTemplateCustomFields answers getTemplateCustomFields.
func (h apiHandlers) GetTemplateCustomFields(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, templateID gen.ChecklistID) {
	h.getCustomFields(w, cfTemplateSide("template", templateID, ""))
}

// ReplaceTemplateCustomFields answers replaceTemplateCustomFields.
func (h apiHandlers) ReplaceTemplateCustomFields(w http.ResponseWriter, r *http.Request, _ gen.OrgID, templateID gen.ChecklistID) {
	h.replaceCustomFields(w, r, cfTemplateSide("template", templateID, ""))
}

// GetStepCustomFields answers getStepCustomFields.
func (h apiHandlers) GetStepCustomFields(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, templateID gen.ChecklistID, stepID gen.StepID) {
	h.getCustomFields(w, cfTemplateSide("step", templateID, "/steps/"+stepID))
}

// ReplaceStepCustomFields answers replaceStepCustomFields.
func (h apiHandlers) ReplaceStepCustomFields(w http.ResponseWriter, r *http.Request, _ gen.OrgID, templateID gen.ChecklistID, stepID gen.StepID) {
	h.replaceCustomFields(w, r, cfTemplateSide("step", templateID, "/steps/"+stepID))
}

// GetFormFieldCustomFields answers getFormFieldCustomFields.
func (h apiHandlers) GetFormFieldCustomFields(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, templateID gen.ChecklistID, stepID gen.StepID, captureID gen.CaptureID) {
	h.getCustomFields(w, cfTemplateSide("form_field", templateID, "/steps/"+stepID+"/captures/"+captureID))
}

// ReplaceFormFieldCustomFields answers replaceFormFieldCustomFields.
func (h apiHandlers) ReplaceFormFieldCustomFields(w http.ResponseWriter, r *http.Request, _ gen.OrgID, templateID gen.ChecklistID, stepID gen.StepID, captureID gen.CaptureID) {
	h.replaceCustomFields(w, r, cfTemplateSide("form_field", templateID, "/steps/"+stepID+"/captures/"+captureID))
}

// GetKickoffFieldCustomFields answers getKickoffFieldCustomFields.
func (h apiHandlers) GetKickoffFieldCustomFields(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, templateID gen.ChecklistID, prerunID gen.PrerunID) {
	h.getCustomFields(w, cfTemplateSide("kickoff_field", templateID, "/preruns/"+prerunID))
}

// ReplaceKickoffFieldCustomFields answers replaceKickoffFieldCustomFields.
func (h apiHandlers) ReplaceKickoffFieldCustomFields(w http.ResponseWriter, r *http.Request, _ gen.OrgID, templateID gen.ChecklistID, prerunID gen.PrerunID) {
	h.replaceCustomFields(w, r, cfTemplateSide("kickoff_field", templateID, "/preruns/"+prerunID))
}
