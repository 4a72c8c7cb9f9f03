package tallyfytest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Templates are stateful: a template built through the API (create, kick-off fields, steps,
// their form fields, automations) launches into a process with those tasks and fields, as
// LaunchRun builds tasks from the record's steps. What is simulated and its sources:
//   - create answers 201 with the template (docs:templates/create-template); update replaces
//     users and groups with what is sent and empties a list left out (mcp #624; relaxToServer);
//     prerun, when sent, is the complete list of kick-off fields, matched by id;
//   - archive and permanent delete answer {message, deleted_references}; a permanent delete of a
//     template not archived is 422 (docs:templates/delete-archive-template); restore undoes archive;
//   - a step update empties an assignee list left out (mcp:add_assignees_to_step); deleting a step
//     an automation refers to is 422 "Cannot delete this step because there are rules dependent
//     on it." (mcp:delete_step);
//   - clone copies steps, fields and automations under new ids (mcp:clone_template).
// Not simulated: publishing versions (publish only marks the template published), the library.

// templateByID finds a template record.
func templateByID(id string) finder[templateRecord] {
	return func(st *store) (*templateRecord, bool) {
		rec, ok := st.templates[id]
		return rec, ok
	}
}

// stepOf finds a step of a template; the pointer is into the record's steps.
func stepOf(templateID, stepID string) finder[gen.Step] {
	return func(st *store) (*gen.Step, bool) {
		rec, ok := st.templates[templateID]
		if !ok {
			return nil, false
		}
		i := slices.IndexFunc(rec.steps, func(s gen.Step) bool { return s.ID == stepID })
		if i < 0 {
			return nil, false
		}
		return &rec.steps[i], true
	}
}

func templateItem(st *store, rec templateRecord) gen.TemplateResponse {
	return gen.TemplateResponse{Data: st.templateView(&rec, includes{})}
}

func stepItem(_ *store, s gen.Step) gen.StepResponse { return gen.StepResponse{Data: s} }

func fieldItem(_ *store, f gen.FormField) gen.FormFieldResponse {
	return gen.FormFieldResponse{Data: f}
}

func deletedItem(_ *store, d gen.TemplateDeleted) gen.TemplateDeleted { return d }

func automationItem(_ *store, a gen.AutomatedAction) gen.AutomationResponse {
	return gen.AutomationResponse{Data: a}
}

// CreateTemplate answers createTemplate with 201 (docs:templates/create-template).
func (h apiHandlers) CreateTemplate(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	serveWrite(h.s, w, r, http.StatusCreated, nil, func(st *store, _ *templateRecord, b gen.CreateTemplateRequest) (*templateRecord, *refusal) {
		now, me := h.s.now, h.s.cfg.me
		t := gen.Template{
			ID: st.newID("template"), Title: b.Title, Type: b.Type, Status: "draft", OwnerID: cmp.Or(deref1(b.OwnerID), me),
			CreatedBy: me, LastUpdatedBy: &gen.UserRef{ID: me}, CreatedAt: now, LastUpdated: now,
			Starred: ptr(isTrue(b.Starred)), IsPublishedState: ptr(false), StepsCount: ptr(0), StartedProcesses: ptr(0),
			Users: ptr(nonNil(deref(b.Users))), Groups: ptr(nonNil(deref(b.Groups))),
		}
		applySettings(&t, templateSettings{
			summary: b.Summary, guidance: b.Guidance, webhook: b.Webhook, icon: b.Icon, folderID: b.FolderID,
			video: b.ExplanationVideo, kickoffTitle: b.KickoffTitle, kickoffDescription: b.KickoffDescription,
			nameFormat: b.DefaultProcessNameFormat, autoNaming: b.AutoNaming, launcherRenames: b.AllowLauncherChangeName,
			public: b.IsPublic, featured: b.IsFeatured, publicKickoff: b.IsPublicKickoff, folderize: b.FolderizeProcess,
			tagProcess: b.TagProcess,
		})
		t.Prerun = st.kickoffFields(t.ID, nil, deref(b.Prerun), now)
		st.putTemplate(t)
		return st.templates[t.ID], nil
	}, templateItem)
}

// UpdateTemplate answers updateTemplate (docs:templates/update-template).
func (h apiHandlers) UpdateTemplate(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID) {
	serveWrite(h.s, w, r, http.StatusOK, templateByID(id), func(st *store, rec *templateRecord, b gen.UpdateTemplateRequest) (*templateRecord, *refusal) {
		t := &rec.template
		t.Title, t.LastUpdated, t.LastUpdatedBy = b.Title, h.s.now, &gen.UserRef{ID: h.s.cfg.me}
		if b.OwnerID != nil {
			t.OwnerID = *b.OwnerID
		}
		// The trap: both lists are replaced, a missing one by nothing (mcp #624).
		t.Users, t.Groups = ptr(nonNil(b.Users)), ptr(nonNil(b.Groups))
		applySettings(t, templateSettings{
			summary: b.Summary, guidance: b.Guidance, webhook: b.Webhook, icon: b.Icon, folderID: b.FolderID,
			video: b.ExplanationVideo, kickoffTitle: b.KickoffTitle, kickoffDescription: b.KickoffDescription,
			nameFormat: b.DefaultProcessNameFormat, autoNaming: b.AutoNaming, launcherRenames: b.AllowLauncherChangeName,
			public: b.IsPublic, featured: b.IsFeatured, publicKickoff: b.IsPublicKickoff, folderize: b.FolderizeProcess,
			tagProcess: b.TagProcess,
		})
		if b.Prerun != nil {
			t.Prerun = st.kickoffFields(t.ID, t.Prerun, *b.Prerun, h.s.now)
		}
		return rec, nil
	}, templateItem)
}

// ArchiveTemplate answers archiveTemplate (docs:templates/delete-archive-template).
func (h apiHandlers) ArchiveTemplate(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID) {
	serveWrite(h.s, w, r, http.StatusOK, templateByID(id), func(_ *store, rec *templateRecord, _ noBody) (*gen.TemplateDeleted, *refusal) {
		if rec.template.ArchivedAt == nil {
			rec.template.ArchivedAt = ptr(h.s.now)
		}
		return templateDeleted(), nil
	}, deletedItem)
}

// DeleteTemplate answers deleteTemplate: only an archived template can be deleted for good
// (docs:templates/delete-archive-template).
func (h apiHandlers) DeleteTemplate(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID) {
	serveWrite(h.s, w, r, http.StatusOK, templateByID(id), func(st *store, rec *templateRecord, _ noBody) (*gen.TemplateDeleted, *refusal) {
		if rec.template.ArchivedAt == nil {
			return nil, invalid("checklist_id", "The template must be archived before it can be deleted.")
		}
		delete(st.templates, id)
		return templateDeleted(), nil
	}, deletedItem)
}

func templateDeleted() *gen.TemplateDeleted {
	return &gen.TemplateDeleted{Message: ptr("The Template was deleted, and references were also deleted from:"), DeletedReferences: ptr(object(map[string]any{}))}
}

// RestoreTemplate answers restoreTemplate (mcp:tools/template_management.py).
func (h apiHandlers) RestoreTemplate(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID) {
	serveWrite(h.s, w, r, http.StatusOK, templateByID(id), func(_ *store, rec *templateRecord, _ noBody) (*templateRecord, *refusal) {
		rec.template.ArchivedAt = nil
		return rec, nil
	}, templateItem)
}

// PublishTemplate answers publishTemplate (cli:pkg/tallyfy/resources.go).
func (h apiHandlers) PublishTemplate(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID) {
	serveWrite(h.s, w, r, http.StatusOK, templateByID(id), func(_ *store, rec *templateRecord, _ noBody) (*templateRecord, *refusal) {
		rec.template.Status, rec.template.IsPublishedState, rec.template.LastUpdated = "published", ptr(true), h.s.now
		return rec, nil
	}, templateItem)
}

// CloneTemplate answers cloneTemplate with 201: a copy with new ids for the template, its kick-off
// fields, steps, form fields and automations, references between them kept
// (mcp:clone_template).
func (h apiHandlers) CloneTemplate(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID) {
	serveWrite(h.s, w, r, http.StatusCreated, templateByID(id), func(st *store, rec *templateRecord, b gen.CloneTemplateRequest) (*templateRecord, *refusal) {
		ids := map[string]string{}
		newID := func(kind, old string) string {
			ids[old] = st.newID(kind)
			return ids[old]
		}
		t := rec.template
		t.ID = newID("template", t.ID)
		t.Title = cmp.Or(deref1(b.Title), t.Title+" (copy)")
		t.CreatedAt, t.LastUpdated, t.ArchivedAt, t.StartedProcesses = h.s.now, h.s.now, nil, ptr(0)
		t.Prerun = slices.Clone(t.Prerun)
		for i := range t.Prerun {
			t.Prerun[i].ID = newID("field", t.Prerun[i].ID)
			t.Prerun[i].ChecklistID = &t.ID
		}
		t.Users, t.Groups = ptr(slices.Clone(deref(t.Users))), ptr(slices.Clone(deref(t.Groups)))
		steps := slices.Clone(rec.steps)
		for i := range steps {
			steps[i] = copyStep(st, steps[i], t.ID, newID("step", steps[i].ID), ids)
		}
		copyRec := &templateRecord{template: t, steps: steps, tags: slices.Clone(rec.tags)}
		for _, a := range rec.automations {
			copyRec.automations = append(copyRec.automations, remapAutomation(a, st.newID("automation"), ids))
		}
		syncAutomations(copyRec)
		st.templates[t.ID] = copyRec
		return copyRec, nil
	}, templateItem)
}

// copyStep is s with new ids for itself and its fields, recorded in ids.
func copyStep(st *store, s gen.Step, templateID, stepID string, ids map[string]string) gen.Step {
	s.ID, s.ChecklistID = stepID, templateID
	s.Assignees, s.Guests, s.Groups = ptr(slices.Clone(deref(s.Assignees))), ptr(slices.Clone(deref(s.Guests))), ptr(slices.Clone(deref(s.Groups)))
	fields := slices.Clone(s.Captures)
	for i := range fields {
		id := st.newID("field")
		ids[fields[i].ID] = id
		fields[i].ID, fields[i].StepID = id, &s.ID
	}
	s.Captures = fields
	return s
}

// remapAutomation is a copied with a new id and its references moved to the copies.
func remapAutomation(a gen.AutomatedAction, id string, ids map[string]string) gen.AutomatedAction {
	a.ID = id
	conds := slices.Clone(deref(a.Conditions))
	for i := range conds {
		conds[i].ConditionableID = cmp.Or(ids[conds[i].ConditionableID], conds[i].ConditionableID)
	}
	acts := slices.Clone(deref(a.ThenActions))
	for i := range acts {
		acts[i].TargetStepID = cmp.Or(ids[acts[i].TargetStepID], acts[i].TargetStepID)
	}
	a.Conditions, a.ThenActions = &conds, &acts
	return a
}

// templateSettings are the settings create and update share.
type templateSettings struct {
	summary, guidance, webhook, icon, folderID, video, kickoffTitle, kickoffDescription, nameFormat *string
	autoNaming, launcherRenames, public, featured, publicKickoff, folderize, tagProcess             *bool
}

// setText sets a nullable text to what was sent: nil leaves it, "" clears it.
func setText(dst **string, v *string) {
	if v != nil {
		*dst = nil
		if *v != "" {
			*dst = ptr(*v)
		}
	}
}

// applySettings sets what was sent; an empty string clears a nullable text.
func applySettings(t *gen.Template, s templateSettings) {
	setText(&t.Summary, s.summary)
	setText(&t.Guidance, s.guidance)
	setText(&t.Webhook, s.webhook)
	setText(&t.Icon, s.icon)
	setText(&t.FolderID, s.folderID)
	setText(&t.ExplanationVideo, s.video)
	setText(&t.KickoffTitle, s.kickoffTitle)
	setText(&t.KickoffDescription, s.kickoffDescription)
	setText(&t.DefaultProcessNameFormat, s.nameFormat)
	flag := func(dst **bool, v *bool) {
		if v != nil {
			*dst = ptr(*v)
		}
	}
	flag(&t.AutoNaming, s.autoNaming)
	flag(&t.AllowLauncherChangeName, s.launcherRenames)
	flag(&t.IsPublic, s.public)
	flag(&t.IsFeatured, s.featured)
	flag(&t.IsPublicKickoff, s.publicKickoff)
	flag(&t.FolderizeProcess, s.folderize)
	flag(&t.TagProcess, s.tagProcess)
}

// kickoffFields is the complete list of kick-off fields sent: one with the id of a current field
// keeps that id, any other gets a new one; positions follow the list.
func (st *store) kickoffFields(templateID string, current []gen.KickoffField, in []gen.KickoffFieldInput, now time.Time) []gen.KickoffField {
	out := make([]gen.KickoffField, 0, len(in))
	for i, f := range in {
		k := gen.KickoffField{
			ChecklistID: ptr(templateID), Alias: f.Alias, Label: f.Label, Guidance: f.Guidance, FieldType: f.FieldType,
			Position: ptr(i + 1), Required: ptr(f.Required), Options: withIDs(f.Options), Columns: f.Columns,
			FieldValidation: f.FieldValidation, UseWysiwygEditor: ptr(isTrue(f.UseWysiwygEditor)),
			CollectTime: ptr(isTrue(f.CollectTime)), CreatedAt: ptr(now), LastUpdated: ptr(now),
		}
		if f.ID != nil && slices.ContainsFunc(current, func(c gen.KickoffField) bool { return c.ID == *f.ID }) {
			k.ID = *f.ID
		} else {
			k.ID = st.newID("field")
		}
		out = append(out, k)
	}
	return out
}

// withIDs numbers options that came without an id, as the API needs one (mcp #627).
func withIDs(opts *[]gen.FieldOption) *[]gen.FieldOption {
	if opts == nil {
		return nil
	}
	out := slices.Clone(*opts)
	for i := range out {
		if out[i].ID == nil {
			out[i].ID = ptr(i + 1)
		}
	}
	return &out
}

// ListKickoffFields answers listKickoffFields.
func (h apiHandlers) ListKickoffFields(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, p gen.ListKickoffFieldsParams) {
	w, st, done := h.s.lockFor(w)
	defer done()
	rec, ok := st.templates[id]
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	page, meta := paginate(slices.Clone(rec.template.Prerun), newPageRequest(p.Page, p.PerPage, nil), r)
	h.s.writeOK(w, gen.KickoffFieldList{Data: nonNil(page), Meta: &meta})
}

// DeleteKickoffField answers deleteKickoffField with 204 (mcp:tools/form_fields.py).
func (h apiHandlers) DeleteKickoffField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, fieldID string) {
	serveWrite(h.s, w, r, http.StatusNoContent, templateByID(id), func(_ *store, rec *templateRecord, _ noBody) (*templateRecord, *refusal) {
		i := slices.IndexFunc(rec.template.Prerun, func(k gen.KickoffField) bool { return k.ID == fieldID })
		if i < 0 {
			return nil, refuse(http.StatusNotFound, errResourceNotFound)
		}
		rec.template.Prerun = slices.Delete(rec.template.Prerun, i, i+1)
		for j := range rec.template.Prerun {
			rec.template.Prerun[j].Position = ptr(j + 1)
		}
		return rec, nil
	}, templateItem)
}

// ListSteps answers listSteps.
func (h apiHandlers) ListSteps(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, p gen.ListStepsParams) {
	w, st, done := h.s.lockFor(w)
	defer done()
	rec, ok := st.templates[id]
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	page, meta := paginate(slices.Clone(rec.steps), newPageRequest(p.Page, p.PerPage, nil), r)
	h.s.writeOK(w, gen.StepList{Data: nonNil(page), Meta: &meta})
}

// GetStep answers getStep.
func (h apiHandlers) GetStep(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, id gen.ChecklistID, stepID gen.StepID) {
	serveRow(h.s, w, stepOf(id, stepID), stepItem)
}

// CreateStep answers createStep with 201: the step goes at its position (the end by default).
func (h apiHandlers) CreateStep(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID) {
	serveWrite(h.s, w, r, http.StatusCreated, templateByID(id), func(st *store, rec *templateRecord, b gen.StepRequest) (*gen.Step, *refusal) {
		s := gen.Step{
			ID: st.newID("step"), ChecklistID: id, StepType: ptr("task"), Captures: []gen.FormField{},
			Assignees: ptr([]int{}), Guests: ptr([]string{}), Groups: ptr([]string{}), Roles: ptr([]any{}),
			CreatedAt: ptr(h.s.now), LastUpdated: ptr(h.s.now),
		}
		setStep(&s, stepFields{title: b.Title, summary: b.Summary, alias: b.Alias, stepType: b.StepType, deadline: b.Deadline,
			startDate: b.StartDate, webhook: b.Webhook, maxAssignable: b.MaxAssignable, guestOwners: b.AllowGuestOwners,
			everyone: b.EveryoneMustComplete, onlyAssignees: b.CanCompleteOnlyAssignees, skip: b.SkipStartProcess,
			starter: b.AssignRunStarter, noGuestComment: b.PreventGuestComment})
		if b.Assignees != nil {
			s.Assignees = ptr(slices.Clone(*b.Assignees))
		}
		if b.Guests != nil {
			s.Guests = ptr(slices.Clone(*b.Guests))
		}
		if b.Groups != nil {
			s.Groups = ptr(slices.Clone(*b.Groups))
		}
		at := placeAt(b.Position, len(rec.steps))
		rec.steps = slices.Insert(rec.steps, at, s)
		renumberSteps(rec)
		return &rec.steps[at], nil
	}, stepItem)
}

// placeAt is the index a 1-based position puts a new item at among n.
func placeAt(position *int, n int) int {
	if position == nil || *position < 1 || *position > n {
		return n
	}
	return *position - 1
}

func renumberSteps(rec *templateRecord) {
	for i := range rec.steps {
		rec.steps[i].Position = i + 1
	}
	rec.template.StepsCount = ptr(len(rec.steps))
}

// UpdateStep answers updateStep: the assignee lists are replaced, a missing one by nothing
// (mcp:add_assignees_to_step).
func (h apiHandlers) UpdateStep(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, stepID gen.StepID) {
	serveWrite(h.s, w, r, http.StatusOK, stepOf(id, stepID), func(st *store, s *gen.Step, b gen.UpdateStepRequest) (*gen.Step, *refusal) {
		setStep(s, stepFields{title: b.Title, summary: b.Summary, alias: b.Alias, stepType: b.StepType, deadline: b.Deadline,
			startDate: b.StartDate, webhook: b.Webhook, maxAssignable: b.MaxAssignable, guestOwners: b.AllowGuestOwners,
			everyone: b.EveryoneMustComplete, onlyAssignees: b.CanCompleteOnlyAssignees, skip: b.SkipStartProcess,
			starter: b.AssignRunStarter, noGuestComment: b.PreventGuestComment})
		s.Assignees, s.Guests, s.Groups = ptr(nonNil(b.Assignees)), ptr(nonNil(b.Guests)), ptr(nonNil(b.Groups))
		s.LastUpdated = ptr(h.s.now)
		out := *s
		if b.Position != nil {
			rec := st.templates[id]
			i := slices.IndexFunc(rec.steps, func(x gen.Step) bool { return x.ID == stepID })
			rec.steps = slices.Delete(rec.steps, i, i+1)
			at := placeAt(b.Position, len(rec.steps))
			rec.steps = slices.Insert(rec.steps, at, out)
			renumberSteps(rec)
			out = rec.steps[at]
		}
		return &out, nil
	}, stepItem)
}

// stepFields are the settings a step write sends.
type stepFields struct {
	title                                                               string
	summary, alias, stepType, webhook                                   *string
	deadline                                                            *gen.StepDeadline
	startDate                                                           *gen.Duration
	maxAssignable                                                       *int
	guestOwners, everyone, onlyAssignees, skip, starter, noGuestComment *bool
}

func setStep(s *gen.Step, f stepFields) {
	s.Title = f.title
	setText(&s.Summary, f.summary)
	setText(&s.Alias, f.alias)
	setText(&s.Webhook, f.webhook)
	if f.stepType != nil && *f.stepType != "" {
		s.StepType = ptr(*f.stepType)
	}
	if f.deadline != nil {
		s.Deadline = ptr(*f.deadline)
	}
	if f.startDate != nil {
		s.StartDate = ptr(*f.startDate)
	}
	if f.maxAssignable != nil {
		s.MaxAssignable = ptr(*f.maxAssignable)
	}
	for dst, v := range map[**bool]*bool{
		&s.AllowGuestOwners: f.guestOwners, &s.EveryoneMustComplete: f.everyone, &s.CanCompleteOnlyAssignees: f.onlyAssignees,
		&s.SkipStartProcess: f.skip, &s.AssignRunStarter: f.starter, &s.PreventGuestComment: f.noGuestComment,
	} {
		if v != nil {
			*dst = ptr(*v)
		}
	}
}

// DeleteStep answers deleteStep with 204, refusing while an automation refers to the step
// (mcp:delete_step).
func (h apiHandlers) DeleteStep(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, stepID gen.StepID) {
	serveWrite(h.s, w, r, http.StatusNoContent, stepOf(id, stepID), func(st *store, s *gen.Step, _ noBody) (*gen.Step, *refusal) {
		rec := st.templates[id]
		if automationRefers(rec, stepID) {
			return nil, invalid("step_id", "Cannot delete this step because there are rules dependent on it.")
		}
		out := *s
		rec.steps = slices.DeleteFunc(rec.steps, func(x gen.Step) bool { return x.ID == stepID })
		renumberSteps(rec)
		return &out, nil
	}, stepItem)
}

// automationRefers reports whether a rule of rec looks at or acts on id.
func automationRefers(rec *templateRecord, id string) bool {
	for _, a := range rec.automations {
		for _, c := range deref(a.Conditions) {
			if c.ConditionableID == id {
				return true
			}
		}
		for _, t := range deref(a.ThenActions) {
			if t.TargetStepID == id {
				return true
			}
		}
	}
	return false
}

// CloneStep answers cloneStep with 201: the copy goes right after the step.
func (h apiHandlers) CloneStep(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, stepID gen.StepID) {
	serveWrite(h.s, w, r, http.StatusCreated, stepOf(id, stepID), func(st *store, s *gen.Step, _ noBody) (*gen.Step, *refusal) {
		rec := st.templates[id]
		c := copyStep(st, *s, id, st.newID("step"), map[string]string{})
		c.Alias = nil // an alias names one step
		at := s.Position
		rec.steps = slices.Insert(rec.steps, at, c)
		renumberSteps(rec)
		return &rec.steps[at], nil
	}, stepItem)
}

// CreateStepField answers createStepField with 201: the field goes at its position (the end by
// default).
func (h apiHandlers) CreateStepField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, stepID gen.StepID) {
	serveWrite(h.s, w, r, http.StatusCreated, stepOf(id, stepID), func(st *store, s *gen.Step, b gen.StepFieldRequest) (*gen.FormField, *refusal) {
		f := gen.FormField{ID: st.newID("field"), StepID: ptr(s.ID), CreatedAt: ptr(h.s.now)}
		setField(&f, b, h.s.now)
		at := placeAt(b.Position, len(s.Captures))
		s.Captures = slices.Insert(s.Captures, at, f)
		renumberFields(s)
		return &s.Captures[at], nil
	}, fieldItem)
}

func setField(f *gen.FormField, b gen.StepFieldRequest, now time.Time) {
	f.Label, f.FieldType, f.Required, f.Alias, f.Guidance = b.Label, b.FieldType, ptr(b.Required), b.Alias, b.Guidance
	f.Options, f.Columns, f.FieldValidation = withIDs(b.Options), b.Columns, b.FieldValidation
	f.UseWysiwygEditor, f.CollectTime, f.LastUpdated = b.UseWysiwygEditor, b.CollectTime, ptr(now)
}

func renumberFields(s *gen.Step) {
	for i := range s.Captures {
		s.Captures[i].Position = ptr(i + 1)
	}
}

// fieldOf finds a form field of a step.
func fieldOf(s *gen.Step, fieldID string) int {
	return slices.IndexFunc(s.Captures, func(f gen.FormField) bool { return f.ID == fieldID })
}

// UpdateStepField answers updateStepField: the field becomes what is sent.
func (h apiHandlers) UpdateStepField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, stepID gen.StepID, fieldID gen.CaptureID) {
	serveWrite(h.s, w, r, http.StatusOK, stepOf(id, stepID), func(_ *store, s *gen.Step, b gen.StepFieldRequest) (*gen.FormField, *refusal) {
		i := fieldOf(s, fieldID)
		if i < 0 {
			return nil, refuse(http.StatusNotFound, errResourceNotFound)
		}
		f := s.Captures[i]
		setField(&f, b, h.s.now)
		s.Captures = slices.Delete(s.Captures, i, i+1)
		at := i
		if b.Position != nil {
			at = placeAt(b.Position, len(s.Captures))
		}
		s.Captures = slices.Insert(s.Captures, at, f)
		renumberFields(s)
		return &s.Captures[at], nil
	}, fieldItem)
}

// DeleteStepField answers deleteStepField with 204, refusing (403) while an automation refers to
// the field (mcp:delete_form_field).
func (h apiHandlers) DeleteStepField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, stepID gen.StepID, fieldID gen.CaptureID) {
	serveWrite(h.s, w, r, http.StatusNoContent, stepOf(id, stepID), func(st *store, s *gen.Step, _ noBody) (*gen.FormField, *refusal) {
		i := fieldOf(s, fieldID)
		if i < 0 {
			return nil, refuse(http.StatusNotFound, errResourceNotFound)
		}
		if automationRefers(st.templates[id], fieldID) {
			return nil, refuse(http.StatusForbidden, errForbidden)
		}
		f := s.Captures[i]
		s.Captures = slices.Delete(s.Captures, i, i+1)
		renumberFields(s)
		return &f, nil
	}, fieldItem)
}

// MoveStepField answers moveStepField: the field leaves its step for another of the template.
func (h apiHandlers) MoveStepField(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, stepID gen.StepID, fieldID gen.CaptureID) {
	serveWrite(h.s, w, r, http.StatusOK, stepOf(id, stepID), func(st *store, s *gen.Step, b gen.MoveStepFieldRequest) (*gen.FormField, *refusal) {
		i := fieldOf(s, fieldID)
		if i < 0 {
			return nil, refuse(http.StatusNotFound, errResourceNotFound)
		}
		to, ok := stepOf(id, b.ToStep)(st)
		if !ok {
			return nil, invalid("to_step", "The selected to step is invalid.")
		}
		f := s.Captures[i]
		s.Captures = slices.Delete(s.Captures, i, i+1)
		renumberFields(s)
		f.StepID, f.LastUpdated = ptr(to.ID), ptr(h.s.now)
		at := placeAt(&b.Position, len(to.Captures))
		to.Captures = slices.Insert(to.Captures, at, f)
		renumberFields(to)
		return &to.Captures[at], nil
	}, fieldItem)
}

// CreateAutomation answers createAutomation with 201.
func (h apiHandlers) CreateAutomation(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID) {
	serveWrite(h.s, w, r, http.StatusCreated, templateByID(id), func(st *store, rec *templateRecord, b gen.AutomationRequest) (*gen.AutomatedAction, *refusal) {
		a := automation(st.newID("automation"), b, h.s.now)
		a.CreatedAt = ptr(h.s.now)
		rec.automations = append(rec.automations, a)
		syncAutomations(rec)
		return &a, nil
	}, automationItem)
}

// UpdateAutomation answers updateAutomation: the rule becomes what is sent.
func (h apiHandlers) UpdateAutomation(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, automationID string) {
	serveWrite(h.s, w, r, http.StatusOK, templateByID(id), func(_ *store, rec *templateRecord, b gen.AutomationRequest) (*gen.AutomatedAction, *refusal) {
		i := slices.IndexFunc(rec.automations, func(a gen.AutomatedAction) bool { return a.ID == automationID })
		if i < 0 {
			return nil, refuse(http.StatusNotFound, errResourceNotFound)
		}
		a := automation(automationID, b, h.s.now)
		a.CreatedAt = rec.automations[i].CreatedAt
		rec.automations[i] = a
		syncAutomations(rec)
		return &a, nil
	}, automationItem)
}

// DeleteAutomation answers deleteAutomation with 204.
func (h apiHandlers) DeleteAutomation(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.ChecklistID, automationID string) {
	serveWrite(h.s, w, r, http.StatusNoContent, templateByID(id), func(_ *store, rec *templateRecord, _ noBody) (*gen.AutomatedAction, *refusal) {
		i := slices.IndexFunc(rec.automations, func(a gen.AutomatedAction) bool { return a.ID == automationID })
		if i < 0 {
			return nil, refuse(http.StatusNotFound, errResourceNotFound)
		}
		a := rec.automations[i]
		rec.automations = slices.Delete(rec.automations, i, i+1)
		syncAutomations(rec)
		return &a, nil
	}, automationItem)
}

func automation(id string, b gen.AutomationRequest, now time.Time) gen.AutomatedAction {
	conds, acts := slices.Clone(b.Conditions), slices.Clone(b.ThenActions)
	for i := range conds {
		conds[i].Position = ptr(i + 1)
	}
	for i := range acts {
		acts[i].Position = ptr(i + 1)
	}
	return gen.AutomatedAction{ID: id, AutomatedAlias: ptr(b.AutomatedAlias), Conditions: &conds, ThenActions: &acts, LastUpdated: ptr(now)}
}

// syncAutomations writes the rules into the template's automated_actions, which getTemplate
// always includes (docs:templates/get-template).
func syncAutomations(rec *templateRecord) {
	raw, _ := json.Marshal(nonNil(rec.automations)) // plain structs: cannot fail
	var out gen.RelatedAutomatedActions
	_ = json.Unmarshal(raw, &out)
	rec.template.AutomatedActions = nonNil(out)
}
