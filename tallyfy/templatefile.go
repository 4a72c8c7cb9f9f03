package tallyfy

import (
	"cmp"
	"context"
	stdjson "encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// TemplateFileVersion is the version of the template file format that
// ExportTemplate writes and PlanTemplateFile reads.
const TemplateFileVersion = 1

// TemplateFile is a whole template as a file, "templates as code":
// ExportTemplate writes one, a person or a program edits it, and
// PlanTemplateFile and ApplyTemplateFile make a template what it says. The
// JSON form is described by api/template-file.schema.json in the module's
// repository; the tallyfy CLI reads and writes it as YAML.
//
// How a file is matched with a template:
//
//   - The template is the one ApplyTemplateOptions.TemplateID names, else
//     the one with the file's ID, else the only one titled Title exactly;
//     with none, it is created.
//   - Inside it, a step is matched by ID, else by its key: its Alias, or its
//     Title when it has no alias. A form field by ID, else by its Alias, or
//     Label without one, within its step; a kick-off field likewise within
//     the kick-off form; an automation by ID, else by Name. Ids are those of
//     the organization the file was exported from: applied to another
//     organization they match nothing and the keys match instead, so keys
//     must be unique (Validate says which are not).
//
// The lists (Kickoff, Steps, a step's Fields, Automations, an option list)
// are complete: what the template has and the file lacks is removed. Any
// other value left out (a nil pointer, an absent Access or Assignees) is
// left as it is on the template, never cleared: write "" to clear a text, an
// empty Assignees to unassign everyone.
//
// People are named as a person would: members by email, groups by name,
// guests by email. A member the organization's directory cannot name is
// written as their user id ("1234") and a group as its id, and both are
// read back that way.
//
// Not in the file, and left alone by an apply: the template's folder, tags
// and alias, step roles and sub-process launches (bp_to_launch), and
// published versions (PublishTemplate publishes).
type TemplateFile struct {
	// Schema is an optional "$schema" URL for editors; it is not sent.
	Schema string `json:"$schema,omitempty"`
	// Version is the format's version, TemplateFileVersion.
	Version int `json:"version"`
	// ID is the template's id where the file was exported from.
	ID string `json:"id,omitempty"`
	// Title is the template's title, at most 250 characters.
	Title string `json:"title"`
	// Type is "procedure", "form" or "document"; it cannot be changed once
	// the template exists.
	Type string `json:"type"`
	// Settings are the template's settings.
	Settings TemplateFileSettings `json:"settings,omitzero"`
	// Access lists who may use the template; nil leaves it as it is.
	Access *TemplateFileAccess `json:"access,omitempty"`
	// Kickoff are the kick-off form's fields, in order.
	Kickoff []TemplateFileField `json:"kickoff,omitempty"`
	// Steps are the steps, in order.
	Steps []TemplateFileStep `json:"steps,omitempty"`
	// Automations are the if-this-then-that rules.
	Automations []TemplateFileAutomation `json:"automations,omitempty"`
}

// TemplateFileSettings are a template's settings in a TemplateFile, named
// as the API names them; nil values are left as they are.
type TemplateFileSettings struct {
	// Summary is the short description (at most 2000 characters).
	Summary *string `json:"summary,omitempty"`
	// Guidance is shown when launching.
	Guidance *string `json:"guidance,omitempty"`
	// Webhook is called on launch, on each step's completion and on
	// completion.
	Webhook *string `json:"webhook,omitempty"`
	// Owner is the member who owns the template, by email.
	Owner *string `json:"owner,omitempty"`
	// Icon, ExplanationVideo, KickoffTitle and KickoffDescription are as the
	// API names them.
	Icon               *string `json:"icon,omitempty"`
	ExplanationVideo   *string `json:"explanation_video,omitempty"`
	KickoffTitle       *string `json:"kickoff_title,omitempty"`
	KickoffDescription *string `json:"kickoff_description,omitempty"`
	// DefaultProcessNameFormat names new processes, with AutoNaming.
	DefaultProcessNameFormat *string `json:"default_process_name_format,omitempty"`
	// The switches, as the API names them.
	AutoNaming              *bool `json:"auto_naming,omitempty"`
	AllowLauncherChangeName *bool `json:"allow_launcher_change_name,omitempty"`
	IsPublic                *bool `json:"is_public,omitempty"`
	IsFeatured              *bool `json:"is_featured,omitempty"`
	IsPublicKickoff         *bool `json:"is_public_kickoff,omitempty"`
	FolderizeProcess        *bool `json:"folderize_process,omitempty"`
	TagProcess              *bool `json:"tag_process,omitempty"`
}

// TemplateFileAccess is who may use a template: members by email and
// groups by name. Both lists are complete.
type TemplateFileAccess struct {
	// Members are members' emails.
	Members []string `json:"members,omitempty"`
	// Groups are group names.
	Groups []string `json:"groups,omitempty"`
}

// TemplateFileAssignees are who a step's task, or an automation's
// assignment, goes to: members by email, guests by email, groups by name.
// The three lists are complete.
type TemplateFileAssignees struct {
	// Members are members' emails.
	Members []string `json:"members,omitempty"`
	// Guests are guests' emails.
	Guests []string `json:"guests,omitempty"`
	// Groups are group names.
	Groups []string `json:"groups,omitempty"`
}

// TemplateFileField is a kick-off field or a step's form field.
type TemplateFileField struct {
	// ID is the field's id where the file was exported from.
	ID string `json:"id,omitempty"`
	// Alias is a stable name for the field, and its key.
	Alias string `json:"alias,omitempty"`
	// Label is the question; the key when there is no alias.
	Label string `json:"label"`
	// Type is the field type: text, textarea, radio, dropdown, multiselect,
	// date, email, file, table, assignees_form.
	Type string `json:"type"`
	// Required says whether the field must be filled. Always sent: the API
	// treats a missing flag as false (mcp #630).
	Required bool `json:"required"`
	// Guidance is the help text shown under the field (the API drops a
	// "description": mcp #623).
	Guidance *string `json:"guidance,omitempty"`
	// Options are the choices of radio, dropdown and multiselect fields.
	Options []TemplateFileOption `json:"options,omitempty"`
	// Columns are the column headings of a table field.
	Columns []string `json:"columns,omitempty"`
	// Validation are the validation rules, e.g. "required", "email".
	Validation []string `json:"validation,omitempty"`
	// UseWysiwygEditor makes a textarea rich text.
	UseWysiwygEditor *bool `json:"use_wysiwyg_editor,omitempty"`
	// CollectTime makes a date field ask for a time too.
	CollectTime *bool `json:"collect_time,omitempty"`
}

// TemplateFileOption is one choice of a field, sent as {id, text} (mcp #627).
type TemplateFileOption struct {
	// ID is the option's number; the API numbers options without one.
	ID *int `json:"id,omitempty"`
	// Text is the label shown.
	Text string `json:"text"`
	// Value is the stored value, when it differs from Text.
	Value *string `json:"value,omitempty"`
}

// TemplateFileStep is a step of a TemplateFile.
type TemplateFileStep struct {
	// ID is the step's id where the file was exported from.
	ID string `json:"id,omitempty"`
	// Alias is a stable name for the step, and its key.
	Alias string `json:"alias,omitempty"`
	// Title is the step's title; the key when there is no alias.
	Title string `json:"title"`
	// Summary is the description (HTML allowed).
	Summary *string `json:"summary,omitempty"`
	// StepType is task, approval, expiring, email or expiring_email.
	StepType *string `json:"step_type,omitempty"`
	// Deadline is when the task is due.
	Deadline *TemplateFileDeadline `json:"deadline,omitempty"`
	// StartDate is when the task starts, after the process starts.
	StartDate *Duration `json:"start_date,omitempty"`
	// Webhook is called when the task completes.
	Webhook *string `json:"webhook,omitempty"`
	// MaxAssignable caps the number of assignees.
	MaxAssignable *int `json:"max_assignable,omitempty"`
	// The switches, as the API names them.
	AllowGuestOwners         *bool `json:"allow_guest_owners,omitempty"`
	EveryoneMustComplete     *bool `json:"everyone_must_complete,omitempty"`
	CanCompleteOnlyAssignees *bool `json:"can_complete_only_assignees,omitempty"`
	SkipStartProcess         *bool `json:"skip_start_process,omitempty"`
	AssignRunStarter         *bool `json:"assign_run_starter,omitempty"`
	PreventGuestComment      *bool `json:"prevent_guest_comment,omitempty"`
	// Assignees are who the task goes to; nil leaves them as they are.
	Assignees *TemplateFileAssignees `json:"assignees,omitempty"`
	// Fields are the step's form fields, in order.
	Fields []TemplateFileField `json:"fields,omitempty"`
}

// TemplateFileDeadline is a step's deadline: Value Units from the process
// start, or prior to the deadline of another step.
type TemplateFileDeadline struct {
	// Value is how many units.
	Value int `json:"value"`
	// Unit is minutes, hours, days, weeks or months.
	Unit string `json:"unit"`
	// Option is "from" (the process start) or "prior_to" (Step).
	Option *string `json:"option,omitempty"`
	// Step is the key of the step the deadline is relative to.
	Step string `json:"step,omitempty"`
}

// TemplateFileAutomation is an automation (if-this-then-that rule).
type TemplateFileAutomation struct {
	// ID is the rule's id where the file was exported from.
	ID string `json:"id,omitempty"`
	// Name is the rule's name (automated_alias), and its key.
	Name string `json:"name"`
	// Conditions are the "if"s.
	Conditions []TemplateFileCondition `json:"conditions"`
	// Actions are the "then"s.
	Actions []TemplateFileAction `json:"actions"`
}

// TemplateFileCondition is one "if" of an automation. It looks at a step
// (Step alone), a step's form field (Step and Field) or a kick-off field
// (Kickoff), each by key.
type TemplateFileCondition struct {
	// Step is the key of the step, or of the step holding Field.
	Step string `json:"step,omitempty"`
	// Field is the key of a form field of Step.
	Field string `json:"field,omitempty"`
	// Kickoff is the key of a kick-off field.
	Kickoff string `json:"kickoff,omitempty"`
	// Operation is what is tested: completed, approved, … for a step;
	// equals, contains, is_empty, … for a field.
	Operation string `json:"operation"`
	// Statement is the value compared, or for a step the time clause:
	// any_time (AnyTime), on-time, early_24 or late_24. A step condition
	// without one can never fire and is refused (mcp #571).
	Statement *string `json:"statement,omitempty"`
	// Logic is "and" or "or": how this condition joins the others.
	Logic string `json:"logic,omitempty"`
}

// TemplateFileAction is one "then" of an automation.
type TemplateFileAction struct {
	// Type is visibility, deadline, status, assignment or webhook.
	Type string `json:"type"`
	// Verb is what it does: show, hide, deadline, reopen, assign,
	// assign_only, clear_assignees, unassign or emit_webhook.
	Verb string `json:"verb"`
	// Step is the key of the step it acts on.
	Step string `json:"step"`
	// Deadline is the deadline a deadline action sets.
	Deadline *AutomationDeadline `json:"deadline,omitempty"`
	// Assignees are who an assignment action assigns.
	Assignees *TemplateFileAssignees `json:"assignees,omitempty"`
	// Webhook is the URL an emit_webhook action calls.
	Webhook *string `json:"webhook,omitempty"`
}

// key is a step's key: its alias, or its title without one.
func (s *TemplateFileStep) key() string { return cmp.Or(s.Alias, s.Title) }

// key is a field's key: its alias, or its label without one.
func (f *TemplateFileField) key() string { return cmp.Or(f.Alias, f.Label) }

// placeholderID stands for an object Validate cannot know the id of, so
// that an automation is checked as CreateAutomation checks it.
const placeholderID = "00000000000000000000000000000000"

// Validate reports the first thing in f that PlanTemplateFile would refuse
// before reading anything: a missing title, type, label or key, two steps
// (or two fields of a step, two kick-off fields, two automations) with the
// same key, a reference to a key that is not there, a field shape or an
// automation the API would refuse or never fire. The error wraps
// ErrInvalidArgument.
func (f *TemplateFile) Validate() error {
	if f == nil {
		return fmt.Errorf("%w: template file is nil", ErrInvalidArgument)
	}
	if f.Version != TemplateFileVersion {
		return fmt.Errorf("%w: template file version %d: this client reads version %d", ErrInvalidArgument, f.Version, TemplateFileVersion)
	}
	if err := firstError(checkTemplateTitle(f.Title), checkTemplateType(f.Type), f.Settings.settings().check()); err != nil {
		return fmt.Errorf("template file: %w", err)
	}
	if err := checkFileFields("kick-off field", f.Kickoff); err != nil {
		return err
	}
	steps := map[string]int{}
	for i := range f.Steps {
		s := &f.Steps[i]
		what := fmt.Sprintf("template file: step %d (%q)", i+1, displayText(s.Title, 60))
		if err := firstError(checkStepTitle(s.Title), s.settings(nil).check()); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if j, dup := steps[s.key()]; dup {
			return fmt.Errorf("%w: %s has the key %q of step %d: give one of them an alias", ErrInvalidArgument, what, displayText(s.key(), 60), j+1)
		}
		steps[s.key()] = i
		if err := checkFileFields(fmt.Sprintf("step %q form field", displayText(s.key(), 60)), s.Fields); err != nil {
			return err
		}
	}
	for i := range f.Steps {
		if d := f.Steps[i].Deadline; d != nil && d.Step != "" {
			if _, ok := steps[d.Step]; !ok {
				return fmt.Errorf("%w: template file: step %q: its deadline refers to step %q, which is not in the file", ErrInvalidArgument, displayText(f.Steps[i].key(), 60), displayText(d.Step, 60))
			}
		}
	}
	names := map[string]bool{}
	p := newPlanner(f, nil, nil) // no ids and no directory: placeholders stand in
	for i := range f.Automations {
		a := &f.Automations[i]
		if names[a.Name] {
			return fmt.Errorf("%w: template file: two automations are named %q", ErrInvalidArgument, displayText(a.Name, 60))
		}
		names[a.Name] = true
		if _, _, err := p.automation(a, &p.st); err != nil {
			return fmt.Errorf("template file: %w", err)
		}
	}
	for i := range f.Steps {
		if a := f.Steps[i].Assignees; a != nil {
			if err := validateGuests(a.Guests); err != nil {
				return fmt.Errorf("template file: step %q: %w", displayText(f.Steps[i].key(), 60), err)
			}
		}
	}
	return nil
}

func checkFileFields(what string, fields []TemplateFileField) error {
	seen := map[string]int{}
	for i := range fields {
		fd := &fields[i]
		label := fmt.Sprintf("%s %d", what, i+1)
		if j, dup := seen[fd.key()]; dup && fd.Label != "" {
			return fmt.Errorf("%w: template file: %s has the key %q of field %d: give one of them an alias", ErrInvalidArgument, label, displayText(fd.key(), 60), j+1)
		}
		seen[fd.key()] = i
		if err := checkFieldShape(label, fd.Label, fd.Type, fd.options(), fd.columns()); err != nil {
			return fmt.Errorf("template file: %w", err)
		}
		if fd.Guidance != nil {
			if err := checkUTF8(label+" guidance", *fd.Guidance); err != nil {
				return fmt.Errorf("template file: %w", err)
			}
		}
	}
	return nil
}

func (f *TemplateFileField) options() []FieldOption {
	if f.Options == nil {
		return nil
	}
	out := make([]FieldOption, len(f.Options))
	for i, o := range f.Options {
		out[i] = FieldOption{ID: o.ID, Text: o.Text, Value: o.Value}
	}
	return out
}

// columns are the table's columns, numbered from 1 as the API numbers them.
func (f *TemplateFileField) columns() []gen.FieldColumn {
	if f.Columns == nil {
		return nil
	}
	out := make([]gen.FieldColumn, len(f.Columns))
	for i, l := range f.Columns {
		out[i] = gen.FieldColumn{ID: Ptr(i + 1), Label: l}
	}
	return out
}

func (s TemplateFileSettings) settings() TemplateSettings {
	return TemplateSettings{
		Summary: s.Summary, Guidance: s.Guidance, Webhook: s.Webhook, Icon: s.Icon, ExplanationVideo: s.ExplanationVideo,
		KickoffTitle: s.KickoffTitle, KickoffDescription: s.KickoffDescription, DefaultProcessNameFormat: s.DefaultProcessNameFormat,
		AutoNaming: s.AutoNaming, AllowLauncherChangeName: s.AllowLauncherChangeName, IsPublic: s.IsPublic, IsFeatured: s.IsFeatured,
		IsPublicKickoff: s.IsPublicKickoff, FolderizeProcess: s.FolderizeProcess, TagProcess: s.TagProcess,
	}
}

// settings are the step's settings as CreateStep sends them; stepID finds
// the id of the step a deadline is relative to (nil: a placeholder).
func (s *TemplateFileStep) settings(stepID func(key string) string) StepSettings {
	out := StepSettings{
		Summary: s.Summary, StepType: s.StepType, StartDate: s.StartDate, Webhook: s.Webhook, MaxAssignable: s.MaxAssignable,
		AllowGuestOwners: s.AllowGuestOwners, EveryoneMustComplete: s.EveryoneMustComplete,
		CanCompleteOnlyAssignees: s.CanCompleteOnlyAssignees, SkipStartProcess: s.SkipStartProcess,
		AssignRunStarter: s.AssignRunStarter, PreventGuestComment: s.PreventGuestComment,
	}
	if s.Alias != "" {
		out.Alias = Ptr(s.Alias)
	}
	if d := s.Deadline; d != nil {
		out.Deadline = &StepDeadline{Value: d.Value, Unit: d.Unit, Option: d.Option}
		if d.Step != "" {
			id := placeholderID
			if stepID != nil {
				id = stepID(d.Step)
			}
			out.Deadline.Step = &id
		}
	}
	return out
}

// ExportTemplate writes a template as a TemplateFile: its settings, who may
// use it, its kick-off fields, steps with their form fields and assignees,
// and its automations, with people named by email and groups by name. It
// reads the template, its steps and the organization's members and groups;
// it writes nothing.
//
// API: GET /organizations/{org}/checklists/{checklist_id} (getTemplate),
// GET …/steps (listSteps), GET …/users (listMembers), GET …/groups
// (listGroups)
func (c *Client) ExportTemplate(ctx context.Context, templateID string) (*TemplateFile, error) {
	cur, err := c.readTemplateState(ctx, templateID)
	if err != nil {
		return nil, err
	}
	people, err := c.templatePeople(ctx)
	if err != nil {
		return nil, err
	}
	return exportTemplateFile(cur, people)
}

// templateState is a template as the API has it: the template (with its
// kick-off fields), its steps with their form fields, and its automations.
type templateState struct {
	template    *Template
	steps       []Step
	automations []AutomatedAction
}

func (c *Client) readTemplateState(ctx context.Context, templateID string) (*templateState, error) {
	t, err := c.GetTemplate(ctx, templateID, nil)
	if err != nil {
		return nil, err
	}
	st := &templateState{template: t}
	for s, err := range c.ListSteps(ctx, templateID, nil) {
		if err != nil {
			return nil, err
		}
		st.steps = append(st.steps, *s)
	}
	slices.SortStableFunc(st.steps, func(a, b Step) int { return cmp.Compare(a.Position, b.Position) })
	for i := range st.steps {
		sortFields(st.steps[i].Captures)
	}
	slices.SortStableFunc(t.Prerun, func(a, b KickoffField) int { return cmp.Compare(deref(a.Position), deref(b.Position)) })
	// The template's automated_actions are documented without an item shape
	// (docs:templates/get-template), so each is read as the rule the
	// automation operations answer.
	if len(t.AutomatedActions) > 0 {
		raw, err := stdjson.Marshal(t.AutomatedActions)
		if err == nil {
			err = jsonUnmarshal(raw, &st.automations)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: template %s: its automated_actions are not automations: %v", ErrInvalidResponse, templateID, err)
		}
	}
	return st, nil
}

func sortFields(fields []FormField) {
	slices.SortStableFunc(fields, func(a, b FormField) int { return cmp.Compare(deref(a.Position), deref(b.Position)) })
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// nonEmptyPtr is p unless it points to "".
func nonEmptyPtr(p *string) *string {
	if p == nil || *p == "" {
		return nil
	}
	return Ptr(*p)
}

func exportTemplateFile(cur *templateState, people *templatePeople) (*TemplateFile, error) {
	t := cur.template
	f := &TemplateFile{
		Version: TemplateFileVersion, ID: t.ID, Title: t.Title, Type: t.Type,
		Settings: TemplateFileSettings{
			Summary: nonEmptyPtr(t.Summary), Guidance: nonEmptyPtr(t.Guidance), Webhook: nonEmptyPtr(t.Webhook), Icon: nonEmptyPtr(t.Icon),
			ExplanationVideo: nonEmptyPtr(t.ExplanationVideo), KickoffTitle: nonEmptyPtr(t.KickoffTitle),
			KickoffDescription: nonEmptyPtr(t.KickoffDescription), DefaultProcessNameFormat: nonEmptyPtr(t.DefaultProcessNameFormat),
			AutoNaming: t.AutoNaming, AllowLauncherChangeName: t.AllowLauncherChangeName, IsPublic: t.IsPublic,
			IsFeatured: t.IsFeatured, IsPublicKickoff: t.IsPublicKickoff, FolderizeProcess: t.FolderizeProcess, TagProcess: t.TagProcess,
		},
	}
	if t.OwnerID > 0 {
		f.Settings.Owner = Ptr(people.member(t.OwnerID))
	}
	if users, groups := deref(t.Users), deref(t.Groups); len(users)+len(groups) > 0 {
		f.Access = &TemplateFileAccess{Members: people.members(users), Groups: people.groups(groups)}
	}
	for _, k := range t.Prerun {
		f.Kickoff = append(f.Kickoff, exportField(kickoffState(k)))
	}
	stepKeys := map[string]string{} // step id → key
	fieldKeys := map[string][2]string{}
	kickoffKeys := map[string]string{}
	for _, k := range f.Kickoff {
		kickoffKeys[k.ID] = k.key()
	}
	for _, s := range cur.steps {
		fs := TemplateFileStep{
			ID: s.ID, Alias: deref(s.Alias), Title: s.Title, Summary: nonEmptyPtr(s.Summary), StepType: nonEmptyPtr(s.StepType),
			StartDate: s.StartDate, Webhook: nonEmptyPtr(s.Webhook), MaxAssignable: s.MaxAssignable,
			AllowGuestOwners: s.AllowGuestOwners, EveryoneMustComplete: s.EveryoneMustComplete,
			CanCompleteOnlyAssignees: s.CanCompleteOnlyAssignees, SkipStartProcess: s.SkipStartProcess,
			AssignRunStarter: s.AssignRunStarter, PreventGuestComment: s.PreventGuestComment,
		}
		if d := s.Deadline; d != nil {
			fs.Deadline = &TemplateFileDeadline{Value: d.Value, Unit: d.Unit, Option: nonEmptyPtr(d.Option), Step: deref(d.Step)}
		}
		if users, guests, groups := deref(s.Assignees), deref(s.Guests), deref(s.Groups); len(users)+len(guests)+len(groups) > 0 {
			fs.Assignees = &TemplateFileAssignees{Members: people.members(users), Guests: slices.Clone(guests), Groups: people.groups(groups)}
		}
		for _, ff := range s.Captures {
			fs.Fields = append(fs.Fields, exportField(formFieldState(ff)))
		}
		stepKeys[s.ID] = fs.key()
		for _, ff := range fs.Fields {
			fieldKeys[ff.ID] = [2]string{fs.key(), ff.key()}
		}
		f.Steps = append(f.Steps, fs)
	}
	// A deadline names its step by id; the file names it by key.
	for i := range f.Steps {
		if d := f.Steps[i].Deadline; d != nil && d.Step != "" {
			key, ok := stepKeys[d.Step]
			if !ok {
				return nil, fmt.Errorf("%w: step %q has a deadline relative to step %s, which is not a step of template %s", ErrInvalidResponse, displayText(f.Steps[i].key(), 60), d.Step, t.ID)
			}
			d.Step = key
		}
	}
	for _, a := range cur.automations {
		fa := TemplateFileAutomation{ID: a.ID, Name: deref(a.AutomatedAlias)}
		for _, cnd := range deref(a.Conditions) {
			fc := TemplateFileCondition{Operation: cnd.Operation, Statement: cnd.Statement}
			if cnd.Logic != nil {
				fc.Logic = string(*cnd.Logic)
			}
			var ok bool
			switch cnd.ConditionableType {
			case gen.AutomationConditionConditionableTypeStep:
				fc.Step, ok = stepKeys[cnd.ConditionableID]
			case gen.AutomationConditionConditionableTypeCapture:
				var k [2]string
				k, ok = fieldKeys[cnd.ConditionableID]
				fc.Step, fc.Field = k[0], k[1]
			case gen.AutomationConditionConditionableTypePrerun:
				fc.Kickoff, ok = kickoffKeys[cnd.ConditionableID]
			}
			if !ok {
				return nil, fmt.Errorf("%w: automation %q looks at %s %s, which is not part of template %s", ErrInvalidResponse, displayText(fa.Name, 60), cnd.ConditionableType, cnd.ConditionableID, t.ID)
			}
			fa.Conditions = append(fa.Conditions, fc)
		}
		for _, act := range deref(a.ThenActions) {
			key, ok := stepKeys[act.TargetStepID]
			if !ok {
				return nil, fmt.Errorf("%w: automation %q acts on step %s, which is not a step of template %s", ErrInvalidResponse, displayText(fa.Name, 60), act.TargetStepID, t.ID)
			}
			fact := TemplateFileAction{Type: string(act.ActionType), Verb: string(act.ActionVerb), Step: key, Deadline: act.Deadline, Webhook: nonEmptyPtr(act.Webhook)}
			if as := act.Assignees; as != nil {
				fact.Assignees = &TemplateFileAssignees{Members: people.members(as.Users), Guests: emails(as.Guests), Groups: people.groups(as.Groups)}
			}
			fa.Actions = append(fa.Actions, fact)
		}
		f.Automations = append(f.Automations, fa)
	}
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("template %s cannot be written as a file: %w", t.ID, err)
	}
	return f, nil
}

func emails[T ~string](in []T) []string {
	out := make([]string, 0, len(in))
	for _, e := range in {
		out = append(out, string(e))
	}
	return out
}

// fieldState is a kick-off field or a step's form field, the two types'
// common fields.
type fieldState struct {
	ID                        string
	Position                  *int
	Alias, Guidance           *string
	Label, FieldType          string
	Required                  *bool
	Options                   *[]FieldOption
	Columns                   *[]gen.FieldColumn
	Validation                *[]string
	UseWysiwygEditor, Collect *bool
}

func kickoffState(k KickoffField) fieldState {
	return fieldState{ID: k.ID, Position: k.Position, Alias: k.Alias, Guidance: k.Guidance, Label: k.Label, FieldType: k.FieldType, Required: k.Required,
		Options: k.Options, Columns: k.Columns, Validation: k.FieldValidation, UseWysiwygEditor: k.UseWysiwygEditor, Collect: k.CollectTime}
}

func formFieldState(f FormField) fieldState {
	return fieldState{ID: f.ID, Position: f.Position, Alias: f.Alias, Guidance: f.Guidance, Label: f.Label, FieldType: f.FieldType, Required: f.Required,
		Options: f.Options, Columns: f.Columns, Validation: f.FieldValidation, UseWysiwygEditor: f.UseWysiwygEditor, Collect: f.CollectTime}
}

func exportField(s fieldState) TemplateFileField {
	f := TemplateFileField{
		ID: s.ID, Alias: deref(s.Alias), Label: s.Label, Type: s.FieldType, Required: deref(s.Required), Guidance: nonEmptyPtr(s.Guidance),
		UseWysiwygEditor: s.UseWysiwygEditor, CollectTime: s.Collect,
	}
	for _, o := range deref(s.Options) {
		f.Options = append(f.Options, TemplateFileOption{ID: o.ID, Text: o.Text, Value: o.Value})
	}
	for _, col := range deref(s.Columns) {
		f.Columns = append(f.Columns, col.Label)
	}
	if v := deref(s.Validation); len(v) > 0 {
		f.Validation = slices.Clone(v)
	}
	return f
}

// templatePeople is the organization's directory both ways, for a template
// file, which names members by email and groups by name.
type templatePeople struct {
	emailOf   map[int]string      // user id → email
	memberID  map[string]int      // lower-case email → user id
	groupName map[string]string   // group id → name
	groupID   map[string][]string // name → group ids
}

// templatePeople reads the organization's members and groups (every page)
// to name people in a template file. Export goes from ids to names, which
// the people directory (ResolvePeople) does not answer, and a plan needs
// both ways from one consistent read, so the file keeps its own index.
func (c *Client) templatePeople(ctx context.Context) (*templatePeople, error) {
	p := &templatePeople{emailOf: map[int]string{}, memberID: map[string]int{}, groupName: map[string]string{}, groupID: map[string][]string{}}
	for u, err := range c.ListMembers(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("reading the members to name people in the template file: %w", err)
		}
		if e := deref(u.Email); e != "" {
			p.emailOf[u.ID] = e
			p.memberID[strings.ToLower(e)] = u.ID
		}
	}
	for g, err := range c.ListGroups(ctx, nil) {
		if err != nil {
			return nil, fmt.Errorf("reading the groups to name them in the template file: %w", err)
		}
		if n := deref(g.Name); n != "" {
			p.groupName[g.ID] = n
			p.groupID[n] = append(p.groupID[n], g.ID)
		}
	}
	return p, nil
}

// member is the name a file gives a member: their email, or their user id
// when the directory has no email for it.
func (p *templatePeople) member(id int) string {
	if e, ok := p.emailOf[id]; ok {
		return e
	}
	return strconv.Itoa(id)
}

func (p *templatePeople) members(ids []int) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, p.member(id))
	}
	return out
}

// group is the name a file gives a group: its name, or its id when the
// directory cannot name it or two groups share the name.
func (p *templatePeople) group(id string) string {
	if n, ok := p.groupName[id]; ok && len(p.groupID[n]) == 1 {
		return n
	}
	return id
}

func (p *templatePeople) groups(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, p.group(id))
	}
	return out
}

// memberIDOf resolves a member named by email or by user id.
func (p *templatePeople) memberIDOf(name string) (int, error) {
	if id, ok := p.memberID[strings.ToLower(strings.TrimSpace(name))]; ok {
		return id, nil
	}
	if id, err := strconv.Atoi(name); err == nil && id > 0 {
		return id, nil
	}
	return 0, fmt.Errorf("%w: template file: no member has the email %q", ErrInvalidArgument, displayText(name, 80))
}

// groupIDOf resolves a group named by name or by id.
func (p *templatePeople) groupIDOf(name string) (string, error) {
	switch ids := p.groupID[name]; {
	case len(ids) == 1:
		return ids[0], nil
	case len(ids) > 1:
		return "", fmt.Errorf("%w: template file: %d groups are named %q (%s): name it by id", ErrInvalidArgument, len(ids), displayText(name, 80), strings.Join(ids, ", "))
	}
	if _, ok := p.groupName[name]; ok {
		return name, nil
	}
	return "", fmt.Errorf("%w: template file: no group is named %q", ErrInvalidArgument, displayText(name, 80))
}

func (p *templatePeople) memberIDs(names []string) ([]int, error) {
	out := make([]int, 0, len(names))
	for _, n := range names {
		id, err := p.memberIDOf(n)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

func (p *templatePeople) groupIDs(names []string) ([]string, error) {
	out := make([]string, 0, len(names))
	for _, n := range names {
		id, err := p.groupIDOf(n)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}
