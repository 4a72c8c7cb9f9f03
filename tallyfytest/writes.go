package tallyfytest

import (
	"net/http"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Placeholders until the stateful write handlers land.

func notYet(w http.ResponseWriter) {
	http.Error(w, `{"message":"not simulated yet"}`, http.StatusNotImplemented)
}

func (h apiHandlers) Me(w http.ResponseWriter, _ *http.Request) { notYet(w) }
func (h apiHandlers) MyOrganizations(w http.ResponseWriter, _ *http.Request, _ gen.MyOrganizationsParams) {
	notYet(w)
}
func (h apiHandlers) ListTemplates(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.ListTemplatesParams) {
	notYet(w)
}
func (h apiHandlers) CompleteTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID) { notYet(w) }
func (h apiHandlers) ReopenTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.TaskID) {
	notYet(w)
}
func (h apiHandlers) ListMyTasks(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.ListMyTasksParams) {
	notYet(w)
}
func (h apiHandlers) LaunchRun(w http.ResponseWriter, _ *http.Request, _ gen.OrgID) { notYet(w) }
func (h apiHandlers) ArchiveRun(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.RunID) {
	notYet(w)
}
func (h apiHandlers) UpdateRun(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.RunID) {
	notYet(w)
}
func (h apiHandlers) ActivateRun(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.RunID) {
	notYet(w)
}
func (h apiHandlers) CompleteRunTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.RunID) {
	notYet(w)
}
func (h apiHandlers) ReopenRunTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.RunID, _ gen.TaskID) {
	notYet(w)
}
func (h apiHandlers) GetRunTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.RunID, _ gen.TaskID, _ gen.GetRunTaskParams) {
	notYet(w)
}
func (h apiHandlers) UpdateRunTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.RunID, _ gen.TaskID) {
	notYet(w)
}
func (h apiHandlers) ListOrgTasks(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.ListOrgTasksParams) {
	notYet(w)
}
func (h apiHandlers) CreateTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID) { notYet(w) }
func (h apiHandlers) UpdateTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.TaskID) {
	notYet(w)
}
func (h apiHandlers) CommentOnTask(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, _ gen.TaskID) {
	notYet(w)
}
