package tallyfy

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// ApplyTemplateOptions say which template PlanTemplateFile and
// ApplyTemplateFile make the file's.
type ApplyTemplateOptions struct {
	// TemplateID names the template. Empty: the template with the file's
	// id, else the only one titled exactly as the file, else a new one.
	TemplateID string
}

// TemplateChangeAction is what a TemplateChange does.
type TemplateChangeAction string

// The actions of a TemplateChange.
const (
	TemplateChangeCreate TemplateChangeAction = "create"
	TemplateChangeUpdate TemplateChangeAction = "update"
	TemplateChangeDelete TemplateChangeAction = "delete"
)

// TemplateChange is one change of a TemplatePlan: what is created, changed
// or removed, and for a change the values that change.
type TemplateChange struct {
	// Action is create, update or delete.
	Action TemplateChangeAction
	// Kind is "template", "kick-off field", "step", "form field" or
	// "automation".
	Kind string
	// Name names it: a title, or a step's key and a field's key joined by
	// " / ".
	Name string
	// Details are the values that change ("summary: "a" → "b"") or why.
	Details []string
}

// String is the change as the plan prints it: "+", "~" or "-", the kind,
// the name and each detail on a line of its own.
func (ch TemplateChange) String() string {
	sign := map[TemplateChangeAction]string{TemplateChangeCreate: "+", TemplateChangeUpdate: "~", TemplateChangeDelete: "-"}[ch.Action]
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %q", sign, ch.Kind, displayText(ch.Name, 120))
	for _, d := range ch.Details {
		b.WriteString("\n    " + d)
	}
	return b.String()
}

// TemplatePlan is what applying a TemplateFile would do, as `terraform
// plan` shows it: PlanTemplateFile makes one and ApplyTemplatePlan carries
// it out. An empty plan (no Changes) means the template already is what
// the file says.
type TemplatePlan struct {
	// TemplateID is the template the plan changes; empty when it creates
	// one.
	TemplateID string
	// Title is the file's title.
	Title string
	// Changes are the changes, in the order they are made.
	Changes []TemplateChange

	p     *planner
	ops   []planOp
	orgID string
}

// String is the plan as the CLI prints it: a summary line and each change.
func (p *TemplatePlan) String() string {
	var create, update, remove int
	for _, ch := range p.Changes {
		switch ch.Action {
		case TemplateChangeCreate:
			create++
		case TemplateChangeUpdate:
			update++
		case TemplateChangeDelete:
			remove++
		}
	}
	var b strings.Builder
	target := "a new template"
	if p.TemplateID != "" {
		target = "template " + p.TemplateID
	}
	fmt.Fprintf(&b, "Plan for %q (%s): %d to create, %d to change, %d to remove.\n", displayText(p.Title, 120), target, create, update, remove)
	if len(p.Changes) == 0 {
		b.WriteString("No changes: the template is what the file says.\n")
	}
	for _, ch := range p.Changes {
		b.WriteString(ch.String() + "\n")
	}
	return b.String()
}

// TemplateApplyReport is what ApplyTemplatePlan did: the changes made and,
// when it stopped at an error, those not made (the one that failed first).
// Applying the file again makes those that are still needed.
type TemplateApplyReport struct {
	// TemplateID is the template the file was applied to (the new one when
	// it was created).
	TemplateID string
	// Done are the changes made.
	Done []TemplateChange
	// NotDone are the changes not made, the failed one first.
	NotDone []TemplateChange
}

// planOp is one write (or a write and the reads it needs) and the changes
// of the plan it makes.
type planOp struct {
	changes []int
	run     func(ctx context.Context, c *Client, st *applyState) error
}

// applyState holds the ids an apply learns as it creates things: the
// template's, and by the file's indexes, the kick-off fields', steps' and
// their fields'. An empty id is not known yet.
type applyState struct {
	templateID string
	kickoffIDs []string
	stepIDs    []string
	fieldIDs   [][]string
}

func (s *applyState) clone() applyState {
	c := *s
	c.kickoffIDs, c.stepIDs = slices.Clone(s.kickoffIDs), slices.Clone(s.stepIDs)
	c.fieldIDs = make([][]string, len(s.fieldIDs))
	for i := range s.fieldIDs {
		c.fieldIDs[i] = slices.Clone(s.fieldIDs[i])
	}
	return c
}

// PlanTemplateFile compares a template file with the template it names
// (ApplyTemplateOptions) and returns what applying it would change; it
// writes nothing. The file is checked first (Validate), and every member,
// guest and group it names is resolved, so an apply that would fail on
// those fails here instead.
//
// API: reads only: getTemplate, listSteps, listTemplates (to find the
// template by title), listMembers and listGroups.
func (c *Client) PlanTemplateFile(ctx context.Context, f *TemplateFile, opts *ApplyTemplateOptions) (*TemplatePlan, error) {
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	var target string
	if opts != nil && opts.TemplateID != "" {
		if err := validateID("template", opts.TemplateID); err != nil {
			return nil, err
		}
		target = opts.TemplateID
	}
	cur, err := c.findFileTemplate(ctx, f, target)
	if err != nil {
		return nil, err
	}
	people, err := c.templatePeople(ctx)
	if err != nil {
		return nil, err
	}
	p := newPlanner(f, cur, people)
	if err := p.build(); err != nil {
		return nil, err
	}
	p.plan.orgID = c.orgID
	return p.plan, nil
}

// ApplyTemplateFile makes a template what the file says: it plans
// (PlanTemplateFile) and carries the plan out (ApplyTemplatePlan). A file
// applied twice changes nothing the second time.
func (c *Client) ApplyTemplateFile(ctx context.Context, f *TemplateFile, opts *ApplyTemplateOptions) (*TemplateApplyReport, error) {
	plan, err := c.PlanTemplateFile(ctx, f, opts)
	if err != nil {
		return nil, err
	}
	return c.ApplyTemplatePlan(ctx, plan)
}

// ApplyTemplatePlan makes the plan's changes in order, each write once. At
// the first error it stops and returns the report of what it did and did
// not do with the error; applying the file again plans from what the
// template now is and finishes the job (a change whose outcome was unknown
// is found by its key, never made twice). A plan made for another
// template's state than the current one may fail or undo a change made
// since: plan again when in doubt.
func (c *Client) ApplyTemplatePlan(ctx context.Context, plan *TemplatePlan) (*TemplateApplyReport, error) {
	if plan == nil || plan.p == nil {
		return nil, fmt.Errorf("%w: the plan was not made by PlanTemplateFile", ErrInvalidArgument)
	}
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	if plan.orgID != c.orgID {
		return nil, fmt.Errorf("%w: the plan was made for organization %s, not %s", ErrInvalidArgument, plan.orgID, c.orgID)
	}
	st := plan.p.st.clone()
	report := &TemplateApplyReport{TemplateID: st.templateID}
	for i, op := range plan.ops {
		err := op.run(ctx, c, &st)
		report.TemplateID = st.templateID
		if err != nil {
			for _, later := range plan.ops[i:] {
				for _, ch := range later.changes {
					report.NotDone = append(report.NotDone, plan.Changes[ch])
				}
			}
			failed := plan.Changes[op.changes[0]]
			return report, fmt.Errorf("template file applied in part, %d of %d changes made; apply the file again to finish. %s %s %q: %w",
				len(report.Done), len(plan.Changes), failed.Action, failed.Kind, displayText(failed.Name, 80), err)
		}
		for _, ch := range op.changes {
			report.Done = append(report.Done, plan.Changes[ch])
		}
	}
	return report, nil
}

// findFileTemplate reads the template the file is applied to, or returns
// nil when there is none and it is to be created.
func (c *Client) findFileTemplate(ctx context.Context, f *TemplateFile, target string) (*templateState, error) {
	if target != "" {
		return c.readTemplateState(ctx, target)
	}
	if f.ID != "" && validateID("template", f.ID) == nil {
		cur, err := c.readTemplateState(ctx, f.ID)
		if err == nil {
			return cur, nil
		}
		if !errors.Is(err, ErrNotFound) {
			return nil, err
		}
	}
	var found []string
	for t, err := range c.ListTemplates(ctx, &ListTemplatesOptions{Query: f.Title, PerPage: 100}) {
		if err != nil {
			return nil, fmt.Errorf("looking for the template titled %q: %w", displayText(f.Title, 80), err)
		}
		if t.Title == f.Title && t.ArchivedAt == nil {
			found = append(found, t.ID)
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return c.readTemplateState(ctx, found[0])
	}
	return nil, fmt.Errorf("%w: %d templates are titled %q (%s): name the one to change (ApplyTemplateOptions.TemplateID)", ErrInvalidArgument, len(found), displayText(f.Title, 80), strings.Join(found, ", "))
}

// planner turns a file and the template's state into a plan.
type planner struct {
	f      *TemplateFile
	cur    *templateState // nil: the template is to be created
	people *templatePeople
	plan   *TemplatePlan
	st     applyState // the ids known before anything is written
	// resolved are the people the file names, as ids (build).
	resolved *templatePeopleMap

	stepIndex    map[string]int
	fieldIndex   []map[string]int
	kickoffIndex map[string]int
}

func newPlanner(f *TemplateFile, cur *templateState, people *templatePeople) *planner {
	p := &planner{f: f, cur: cur, people: people, stepIndex: map[string]int{}, kickoffIndex: map[string]int{}}
	p.plan = &TemplatePlan{Title: f.Title, p: p}
	p.st = applyState{kickoffIDs: make([]string, len(f.Kickoff)), stepIDs: make([]string, len(f.Steps)), fieldIDs: make([][]string, len(f.Steps))}
	for i := range f.Kickoff {
		p.kickoffIndex[f.Kickoff[i].key()] = i
	}
	p.fieldIndex = make([]map[string]int, len(f.Steps))
	for i := range f.Steps {
		p.stepIndex[f.Steps[i].key()] = i
		p.fieldIndex[i] = map[string]int{}
		for j := range f.Steps[i].Fields {
			p.fieldIndex[i][f.Steps[i].Fields[j].key()] = j
		}
		p.st.fieldIDs[i] = make([]string, len(f.Steps[i].Fields))
	}
	if cur != nil {
		p.st.templateID = cur.template.ID
		p.plan.TemplateID = cur.template.ID
	}
	return p
}

// add appends changes made by one op.
func (p *planner) add(run func(context.Context, *Client, *applyState) error, changes ...TemplateChange) {
	op := planOp{run: run}
	for _, ch := range changes {
		op.changes = append(op.changes, len(p.plan.Changes))
		p.plan.Changes = append(p.plan.Changes, ch)
	}
	p.plan.ops = append(p.plan.ops, op)
}

// match pairs the file's items with the current ones: by id first, then by
// key; -1 for an item to create.
func match(n int, fileID, fileKey func(int) string, m int, curID, curKey func(int) string) []int {
	out := make([]int, n)
	used := make([]bool, m)
	for i := range out {
		out[i] = -1
		if id := fileID(i); id != "" {
			for k := range m {
				if !used[k] && curID(k) == id {
					out[i], used[k] = k, true
					break
				}
			}
		}
	}
	for i := range out {
		if out[i] >= 0 {
			continue
		}
		for k := range m {
			if !used[k] && curKey(k) == fileKey(i) {
				out[i], used[k] = k, true
				break
			}
		}
	}
	return out
}

func unmatched(matches []int, m int) []int {
	used := make([]bool, m)
	for _, k := range matches {
		if k >= 0 {
			used[k] = true
		}
	}
	var out []int
	for k := range m {
		if !used[k] {
			out = append(out, k)
		}
	}
	return out
}

func fieldKeyOf(alias *string, label string) string {
	if a := deref(alias); a != "" {
		return a
	}
	return label
}

// build makes the plan. The order avoids what the API refuses: rules that
// go (or refer to something that goes) are deleted first; then the
// template and its kick-off fields; then the steps that go, so that the
// positions sent to the steps and fields that stay are the final ones; then
// steps and fields in the file's order; last the rules.
func (p *planner) build() error {
	f := p.f
	var prerun []KickoffField
	var steps []Step
	var autos []AutomatedAction
	if p.cur != nil {
		prerun, steps, autos = p.cur.template.Prerun, p.cur.steps, p.cur.automations
	}
	kick := match(len(f.Kickoff), func(i int) string { return f.Kickoff[i].ID }, func(i int) string { return f.Kickoff[i].key() },
		len(prerun), func(k int) string { return prerun[k].ID }, func(k int) string { return fieldKeyOf(prerun[k].Alias, prerun[k].Label) })
	stepMatch := match(len(f.Steps), func(i int) string { return f.Steps[i].ID }, func(i int) string { return f.Steps[i].key() },
		len(steps), func(k int) string { return steps[k].ID }, func(k int) string { return fieldKeyOf(steps[k].Alias, steps[k].Title) })
	fieldMatch := make([][]int, len(f.Steps))
	removed := map[string]string{} // id → what it is, of everything that goes
	for i, k := range stepMatch {
		fs := f.Steps[i].Fields
		if k < 0 {
			fieldMatch[i] = match(len(fs), func(int) string { return "" }, func(int) string { return "" }, 0, nil, nil)
			continue
		}
		p.st.stepIDs[i] = steps[k].ID
		caps := steps[k].Captures
		fieldMatch[i] = match(len(fs), func(j int) string { return fs[j].ID }, func(j int) string { return fs[j].key() },
			len(caps), func(m int) string { return caps[m].ID }, func(m int) string { return fieldKeyOf(caps[m].Alias, caps[m].Label) })
		for j, m := range fieldMatch[i] {
			if m >= 0 {
				p.st.fieldIDs[i][j] = caps[m].ID
			}
		}
		for _, m := range unmatched(fieldMatch[i], len(caps)) {
			removed[caps[m].ID] = fmt.Sprintf("form field %q", displayText(caps[m].Label, 60))
		}
	}
	for i, k := range kick {
		if k >= 0 {
			p.st.kickoffIDs[i] = prerun[k].ID
		}
	}
	goneSteps := unmatched(stepMatch, len(steps))
	for _, k := range goneSteps {
		removed[steps[k].ID] = fmt.Sprintf("step %q", displayText(steps[k].Title, 60))
		for _, c := range steps[k].Captures {
			removed[c.ID] = fmt.Sprintf("form field %q", displayText(c.Label, 60))
		}
	}
	for _, k := range unmatched(kick, len(prerun)) {
		removed[prerun[k].ID] = fmt.Sprintf("kick-off field %q", displayText(prerun[k].Label, 60))
	}
	// Everything the file names must resolve before anything is written.
	if err := p.resolvePeople(); err != nil {
		return err
	}

	autoMatch := match(len(f.Automations), func(i int) string { return f.Automations[i].ID }, func(i int) string { return f.Automations[i].Name },
		len(autos), func(k int) string { return autos[k].ID }, func(k int) string { return deref(autos[k].AutomatedAlias) })
	for _, k := range unmatched(autoMatch, len(autos)) {
		p.deleteAutomation(autos[k])
	}
	replaced := make([]bool, len(f.Automations))
	for i, k := range autoMatch {
		if k < 0 {
			continue
		}
		if what := refersTo(autos[k], removed); what != "" {
			replaced[i] = true
			p.deleteAutomation(autos[k], "replaced: it refers to "+what+", which is removed")
		}
	}

	if err := p.planTemplate(prerun, kick); err != nil {
		return err
	}
	for _, k := range goneSteps {
		s := steps[k]
		p.add(func(ctx context.Context, c *Client, st *applyState) error {
			return c.DeleteStep(ctx, st.templateID, s.ID)
		}, TemplateChange{Action: TemplateChangeDelete, Kind: "step", Name: fieldKeyOf(s.Alias, s.Title)})
	}
	if err := p.planSteps(steps, stepMatch, fieldMatch); err != nil {
		return err
	}
	return p.planAutomations(autos, autoMatch, replaced)
}

// refersTo names the first removed thing a rule looks at or acts on.
func refersTo(a AutomatedAction, removed map[string]string) string {
	for _, c := range deref(a.Conditions) {
		if what, ok := removed[c.ConditionableID]; ok {
			return what
		}
	}
	for _, t := range deref(a.ThenActions) {
		if what, ok := removed[t.TargetStepID]; ok {
			return what
		}
	}
	return ""
}

func (p *planner) deleteAutomation(a AutomatedAction, details ...string) {
	p.add(func(ctx context.Context, c *Client, st *applyState) error {
		return c.DeleteAutomation(ctx, st.templateID, a.ID)
	}, TemplateChange{Action: TemplateChangeDelete, Kind: "automation", Name: deref(a.AutomatedAlias), Details: details})
}

// resolved people of the file, by where they are named.
type templatePeopleMap struct {
	owner     *int
	access    *TemplateAccess
	assignees []*StepAssignees // by step
}

func (p *planner) resolvePeople() error {
	r := &templatePeopleMap{assignees: make([]*StepAssignees, len(p.f.Steps))}
	if o := p.f.Settings.Owner; o != nil {
		id, err := p.people.memberIDOf(*o)
		if err != nil {
			return fmt.Errorf("template owner: %w", err)
		}
		r.owner = &id
	}
	if a := p.f.Access; a != nil {
		users, err := p.people.memberIDs(a.Members)
		if err != nil {
			return fmt.Errorf("template access: %w", err)
		}
		groups, err := p.people.groupIDs(a.Groups)
		if err != nil {
			return fmt.Errorf("template access: %w", err)
		}
		r.access = &TemplateAccess{Users: users, Groups: groups}
	}
	for i := range p.f.Steps {
		if a := p.f.Steps[i].Assignees; a != nil {
			sa, err := p.assignees(a)
			if err != nil {
				return fmt.Errorf("step %q assignees: %w", displayText(p.f.Steps[i].key(), 60), err)
			}
			r.assignees[i] = &sa
		}
	}
	for i := range p.f.Automations {
		if _, _, err := p.automation(&p.f.Automations[i], &p.st); err != nil {
			return err
		}
	}
	p.resolved = r
	return nil
}

func (p *planner) assignees(a *TemplateFileAssignees) (StepAssignees, error) {
	out := StepAssignees{Guests: nonNilSlice(slices.Clone(a.Guests)), Users: []int{}, Groups: []string{}}
	if err := validateGuests(a.Guests); err != nil {
		return out, err
	}
	if p.people == nil { // Validate: the names are resolved when planning
		return out, nil
	}
	users, err := p.people.memberIDs(a.Members)
	if err != nil {
		return out, err
	}
	groups, err := p.people.groupIDs(a.Groups)
	if err != nil {
		return out, err
	}
	out.Users, out.Groups = users, groups
	return out, nil
}

// automation is the rule as the API takes it, with the ids known in st;
// complete is false when one is not known yet (a placeholder stands in).
func (p *planner) automation(a *TemplateFileAutomation, st *applyState) (req AutomationRequest, complete bool, err error) {
	complete = true
	id := func(s string) string {
		if s == "" {
			complete = false
			return placeholderID
		}
		return s
	}
	what := fmt.Sprintf("automation %q", displayText(a.Name, 60))
	req = AutomationRequest{AutomatedAlias: a.Name, Conditions: []AutomationCondition{}, ThenActions: []AutomationAction{}}
	for n, c := range a.Conditions {
		cond := AutomationCondition{Operation: c.Operation, Statement: c.Statement}
		switch {
		case c.Kickoff != "" && c.Step == "" && c.Field == "":
			k, ok := p.kickoffIndex[c.Kickoff]
			if !ok {
				return req, false, fmt.Errorf("%w: %s condition %d looks at kick-off field %q, which is not in the file", ErrInvalidArgument, what, n+1, displayText(c.Kickoff, 60))
			}
			cond.ConditionableType, cond.ConditionableID = gen.AutomationConditionConditionableTypePrerun, id(st.kickoffIDs[k])
		case c.Step != "" && c.Kickoff == "":
			s, ok := p.stepIndex[c.Step]
			if !ok {
				return req, false, fmt.Errorf("%w: %s condition %d looks at step %q, which is not in the file", ErrInvalidArgument, what, n+1, displayText(c.Step, 60))
			}
			if c.Field == "" {
				cond.ConditionableType, cond.ConditionableID = gen.AutomationConditionConditionableTypeStep, id(st.stepIDs[s])
				break
			}
			j, ok := p.fieldIndex[s][c.Field]
			if !ok {
				return req, false, fmt.Errorf("%w: %s condition %d looks at field %q of step %q, which is not in the file", ErrInvalidArgument, what, n+1, displayText(c.Field, 60), displayText(c.Step, 60))
			}
			cond.ConditionableType, cond.ConditionableID = gen.AutomationConditionConditionableTypeCapture, id(st.fieldIDs[s][j])
		default:
			return req, false, fmt.Errorf("%w: %s condition %d: name a step, a step and one of its fields, or a kick-off field", ErrInvalidArgument, what, n+1)
		}
		if c.Logic != "" {
			cond.Logic = Ptr(gen.AutomationConditionLogic(c.Logic))
		}
		req.Conditions = append(req.Conditions, cond)
	}
	for n, fa := range a.Actions {
		s, ok := p.stepIndex[fa.Step]
		if !ok {
			return req, false, fmt.Errorf("%w: %s action %d acts on step %q, which is not in the file", ErrInvalidArgument, what, n+1, displayText(fa.Step, 60))
		}
		act := AutomationAction{ActionType: gen.AutomationActionActionType(fa.Type), ActionVerb: gen.AutomationActionActionVerb(fa.Verb),
			TargetStepID: id(st.stepIDs[s]), Deadline: fa.Deadline, Webhook: fa.Webhook}
		if fa.Assignees != nil {
			sa, err := p.assignees(fa.Assignees)
			if err != nil {
				return req, false, fmt.Errorf("%s action %d: %w", what, n+1, err)
			}
			act.Assignees = &gen.Assignees{Users: sa.Users, Groups: sa.Groups, Guests: toEmails(sa.Guests)}
		}
		req.ThenActions = append(req.ThenActions, act)
	}
	if err := checkAutomation(req); err != nil {
		return req, false, err
	}
	return req, complete, nil
}

func toEmails(in []string) []openapi_types.Email {
	out := make([]openapi_types.Email, len(in))
	for i, e := range in {
		out[i] = openapi_types.Email(e)
	}
	return out
}

// differ collects what changes, as plan details.
type differ struct{ details []string }

func (d *differ) note(format string, args ...any) {
	d.details = append(d.details, fmt.Sprintf(format, args...))
}

func quoted(s string) string { return strconv.Quote(displayText(s, 60)) }

// text is want when the file sets it and it differs from have, else nil.
func (d *differ) text(name string, want, have *string) *string {
	if want == nil || *want == deref(have) {
		return nil
	}
	d.note("%s: %s → %s", name, quoted(deref(have)), quoted(*want))
	return want
}

func (d *differ) flag(name string, want, have *bool) *bool {
	if want == nil || *want == deref(have) {
		return nil
	}
	d.note("%s: %t → %t", name, deref(have), *want)
	return want
}

func (d *differ) number(name string, want, have *int) *int {
	if want == nil || (have != nil && *want == *have) {
		return nil
	}
	old := "none"
	if have != nil {
		old = strconv.Itoa(*have)
	}
	d.note("%s: %s → %d", name, old, *want)
	return want
}

func sameSet[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			return false
		}
	}
	return true
}

func sameEmails[T ~string](a []string, b []T) bool {
	x, y := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		x[i] = strings.ToLower(a[i])
	}
	for i := range b {
		y[i] = strings.ToLower(string(b[i]))
	}
	return sameSet(x, y)
}

func (p *planner) planTemplate(prerun []KickoffField, kick []int) error {
	f, r := p.f, p.resolved
	inputs := make([]KickoffFieldInput, len(f.Kickoff))
	var kickChanges []TemplateChange
	for i := range f.Kickoff {
		want := &f.Kickoff[i]
		var have *fieldState
		var id *string
		if k := kick[i]; k >= 0 {
			s := kickoffState(prerun[k])
			have, id = &s, Ptr(prerun[k].ID)
		}
		req, d := fieldRequest(want, have, i+1)
		in := KickoffFieldInput{ID: id, Alias: req.Alias, Label: req.Label, FieldType: req.FieldType, Required: req.Required,
			Guidance: req.Guidance, Options: req.Options, Columns: req.Columns, FieldValidation: req.FieldValidation,
			UseWysiwygEditor: req.UseWysiwygEditor, CollectTime: req.CollectTime, Position: req.Position}
		inputs[i] = in
		switch {
		case have == nil:
			kickChanges = append(kickChanges, TemplateChange{Action: TemplateChangeCreate, Kind: "kick-off field", Name: want.key()})
		case len(d.details) > 0:
			kickChanges = append(kickChanges, TemplateChange{Action: TemplateChangeUpdate, Kind: "kick-off field", Name: want.key(), Details: d.details})
		}
	}
	for _, k := range unmatched(kick, len(prerun)) {
		kickChanges = append(kickChanges, TemplateChange{Action: TemplateChangeDelete, Kind: "kick-off field", Name: fieldKeyOf(prerun[k].Alias, prerun[k].Label)})
	}
	// The ids of new kick-off fields are read back by key from the answer.
	learn := func(st *applyState, t *Template) {
		for i := range f.Kickoff {
			for _, k := range t.Prerun {
				if st.kickoffIDs[i] == "" && fieldKeyOf(k.Alias, k.Label) == f.Kickoff[i].key() && !slices.Contains(st.kickoffIDs, k.ID) {
					st.kickoffIDs[i] = k.ID
				}
			}
		}
	}
	if p.cur == nil {
		req := CreateTemplateRequest{Title: f.Title, Type: f.Type, Settings: f.Settings.settings(), Prerun: inputs}
		req.Settings.OwnerID = r.owner
		if r.access != nil {
			req.Access = *r.access
		}
		p.add(func(ctx context.Context, c *Client, st *applyState) error {
			t, err := c.CreateTemplate(ctx, req)
			if err != nil {
				return err
			}
			st.templateID = t.ID
			learn(st, t)
			return nil
		}, append([]TemplateChange{{Action: TemplateChangeCreate, Kind: "template", Name: f.Title}}, kickChanges...)...)
		return nil
	}
	t := p.cur.template
	if f.Type != t.Type {
		return fmt.Errorf("%w: template %s is a %s and the file says %s: the API cannot change a template's type", ErrInvalidArgument, t.ID, t.Type, displayText(f.Type, 40))
	}
	var d differ
	if f.Title != t.Title {
		d.note("title: %s → %s", quoted(t.Title), quoted(f.Title))
	}
	s := f.Settings
	set := TemplateSettings{
		Summary: d.text("summary", s.Summary, t.Summary), Guidance: d.text("guidance", s.Guidance, t.Guidance),
		Webhook: d.text("webhook", s.Webhook, t.Webhook), Icon: d.text("icon", s.Icon, t.Icon),
		ExplanationVideo:         d.text("explanation_video", s.ExplanationVideo, t.ExplanationVideo),
		KickoffTitle:             d.text("kickoff_title", s.KickoffTitle, t.KickoffTitle),
		KickoffDescription:       d.text("kickoff_description", s.KickoffDescription, t.KickoffDescription),
		DefaultProcessNameFormat: d.text("default_process_name_format", s.DefaultProcessNameFormat, t.DefaultProcessNameFormat),
		AutoNaming:               d.flag("auto_naming", s.AutoNaming, t.AutoNaming),
		AllowLauncherChangeName:  d.flag("allow_launcher_change_name", s.AllowLauncherChangeName, t.AllowLauncherChangeName),
		IsPublic:                 d.flag("is_public", s.IsPublic, t.IsPublic), IsFeatured: d.flag("is_featured", s.IsFeatured, t.IsFeatured),
		IsPublicKickoff:  d.flag("is_public_kickoff", s.IsPublicKickoff, t.IsPublicKickoff),
		FolderizeProcess: d.flag("folderize_process", s.FolderizeProcess, t.FolderizeProcess),
		TagProcess:       d.flag("tag_process", s.TagProcess, t.TagProcess),
	}
	if r.owner != nil && *r.owner != t.OwnerID {
		d.note("owner: %s → %s", quoted(p.people.member(t.OwnerID)), quoted(*s.Owner))
		set.OwnerID = r.owner
	}
	// The API empties a list an update leaves out (mcp #624): the current
	// lists are sent back unless the file gives them.
	var access *TemplateAccess
	if t.Users != nil && t.Groups != nil {
		access = &TemplateAccess{Users: *t.Users, Groups: *t.Groups}
	}
	if r.access != nil {
		if access == nil || !sameSet(r.access.Users, access.Users) || !sameSet(r.access.Groups, access.Groups) {
			old := TemplateAccess{}
			if access != nil {
				old = *access
			}
			d.note("access: members %q, groups %q → members %q, groups %q", p.people.members(old.Users), p.people.groups(old.Groups), f.Access.Members, f.Access.Groups)
		}
		access = r.access
	}
	if len(d.details) == 0 && len(kickChanges) == 0 {
		return nil
	}
	req := UpdateTemplateRequest{Title: Ptr(f.Title), Settings: set, Access: access}
	if len(kickChanges) > 0 {
		req.Prerun = &inputs
	}
	var changes []TemplateChange
	if len(d.details) > 0 {
		changes = append(changes, TemplateChange{Action: TemplateChangeUpdate, Kind: "template", Name: f.Title, Details: d.details})
	}
	p.add(func(ctx context.Context, c *Client, st *applyState) error {
		t, err := c.UpdateTemplate(ctx, st.templateID, req)
		if err != nil {
			return err
		}
		learn(st, t)
		return nil
	}, append(changes, kickChanges...)...)
	return nil
}

// fieldRequest is the field as a write sends it: what the file says over
// what the field is (a write replaces the whole field, so nothing the file
// leaves out is cleared), and what that changes.
func fieldRequest(want *TemplateFileField, have *fieldState, position int) (StepFieldRequest, *differ) {
	var d differ
	req := StepFieldRequest{Label: want.Label, FieldType: want.Type, Required: want.Required, Position: &position}
	if have != nil {
		req.Alias, req.Guidance, req.Options, req.Columns = have.Alias, have.Guidance, have.Options, have.Columns
		req.FieldValidation, req.UseWysiwygEditor, req.CollectTime = have.Validation, have.UseWysiwygEditor, have.Collect
		if want.Label != have.Label {
			d.note("label: %s → %s", quoted(have.Label), quoted(want.Label))
		}
		if want.Type != have.FieldType {
			d.note("type: %s → %s", have.FieldType, want.Type)
		}
		if want.Required != deref(have.Required) {
			d.note("required: %t → %t", deref(have.Required), want.Required)
		}
		if p := deref(have.Position); p != position {
			d.note("position: %d → %d", p, position)
		}
	} else {
		// A new field is what the file says, every value it gives sent.
		if want.Alias != "" {
			req.Alias = Ptr(want.Alias)
		}
		req.Guidance, req.UseWysiwygEditor, req.CollectTime = want.Guidance, want.UseWysiwygEditor, want.CollectTime
		if want.Options != nil {
			req.Options = Ptr(want.options())
		}
		if want.Columns != nil {
			req.Columns = Ptr(want.columns())
		}
		if want.Validation != nil {
			req.FieldValidation = Ptr(slices.Clone(want.Validation))
		}
		return req, &d
	}
	if want.Alias != "" {
		if v := d.text("alias", &want.Alias, have.Alias); v != nil {
			req.Alias = v
		}
	}
	if v := d.text("guidance", want.Guidance, have.Guidance); v != nil {
		req.Guidance = v
	}
	if want.Options != nil && !sameOptions(want.Options, deref(have.Options)) {
		d.note("options: %s → %s", optionTexts(deref(have.Options)), optionTexts(want.options()))
		req.Options = Ptr(want.options())
	}
	if want.Columns != nil {
		var labels []string
		for _, c := range deref(have.Columns) {
			labels = append(labels, c.Label)
		}
		if !slices.Equal(labels, want.Columns) {
			d.note("columns: %q → %q", labels, want.Columns)
			req.Columns = Ptr(want.columns())
		}
	}
	if want.Validation != nil && !slices.Equal(want.Validation, deref(have.Validation)) {
		d.note("validation: %q → %q", deref(have.Validation), want.Validation)
		req.FieldValidation = Ptr(slices.Clone(want.Validation))
	}
	if v := d.flag("use_wysiwyg_editor", want.UseWysiwygEditor, have.UseWysiwygEditor); v != nil {
		req.UseWysiwygEditor = v
	}
	if v := d.flag("collect_time", want.CollectTime, have.Collect); v != nil {
		req.CollectTime = v
	}
	return req, &d
}

func sameOptions(want []TemplateFileOption, have []FieldOption) bool {
	if len(want) != len(have) {
		return false
	}
	for i, w := range want {
		h := have[i]
		if w.Text != h.Text || deref(w.Value) != deref(h.Value) || (w.ID != nil && deref(h.ID) != *w.ID) {
			return false
		}
	}
	return true
}

func optionTexts(opts []FieldOption) string {
	texts := make([]string, len(opts))
	for i, o := range opts {
		texts[i] = o.Text
	}
	return fmt.Sprintf("%q", texts)
}

// stepDiff compares a step with the file's and returns the settings that
// change (without the deadline, which is built when it is sent) and whether
// the deadline does.
func (p *planner) stepDiff(want *TemplateFileStep, have *Step) (StepSettings, bool, *differ) {
	var d differ
	if want.Title != have.Title {
		d.note("title: %s → %s", quoted(have.Title), quoted(want.Title))
	}
	set := StepSettings{
		Summary: d.text("summary", want.Summary, have.Summary), StepType: d.text("step_type", want.StepType, have.StepType),
		Webhook: d.text("webhook", want.Webhook, have.Webhook), MaxAssignable: d.number("max_assignable", want.MaxAssignable, have.MaxAssignable),
		AllowGuestOwners:         d.flag("allow_guest_owners", want.AllowGuestOwners, have.AllowGuestOwners),
		EveryoneMustComplete:     d.flag("everyone_must_complete", want.EveryoneMustComplete, have.EveryoneMustComplete),
		CanCompleteOnlyAssignees: d.flag("can_complete_only_assignees", want.CanCompleteOnlyAssignees, have.CanCompleteOnlyAssignees),
		SkipStartProcess:         d.flag("skip_start_process", want.SkipStartProcess, have.SkipStartProcess),
		AssignRunStarter:         d.flag("assign_run_starter", want.AssignRunStarter, have.AssignRunStarter),
		PreventGuestComment:      d.flag("prevent_guest_comment", want.PreventGuestComment, have.PreventGuestComment),
	}
	if want.Alias != "" {
		set.Alias = d.text("alias", &want.Alias, have.Alias)
	}
	if w, h := want.StartDate, have.StartDate; w != nil && (h == nil || *w != *h) {
		d.note("start_date: %s → %d %s", durationText(h), w.Value, w.Unit)
		set.StartDate = w
	}
	deadline := false
	if w, h := want.Deadline, have.Deadline; w != nil {
		stepID := ""
		if w.Step != "" {
			stepID = p.st.stepIDs[p.stepIndex[w.Step]]
		}
		if h == nil || w.Value != h.Value || w.Unit != h.Unit || (w.Option != nil && *w.Option != deref(h.Option)) ||
			w.Step != "" && stepID != deref(h.Step) || w.Step == "" && deref(h.Step) != "" {
			deadline = true
			old := "none"
			if h != nil {
				old = fmt.Sprintf("%d %s %s", h.Value, h.Unit, deref(h.Option))
			}
			d.note("deadline: %s → %d %s %s%s", old, w.Value, w.Unit, deref(w.Option), map[bool]string{true: " step " + quoted(w.Step)}[w.Step != ""])
		}
	}
	return set, deadline, &d
}

func durationText(d *Duration) string {
	if d == nil {
		return "none"
	}
	return fmt.Sprintf("%d %s", d.Value, d.Unit)
}

// deadline is the step's deadline with the ids known in st.
func (p *planner) deadline(i int, st *applyState) *StepDeadline {
	s := &p.f.Steps[i]
	return s.settings(func(key string) string { return st.stepIDs[p.stepIndex[key]] }).Deadline
}

// planSteps plans the steps and their fields in the file's order. The
// steps that go are already deleted, so positions are simulated on the
// steps that stay: a new step is inserted at its place, a step out of place
// is moved there.
func (p *planner) planSteps(steps []Step, stepMatch []int, fieldMatch [][]int) error {
	f := p.f
	var order []int // indexes into steps, in their current order; -1 for a new step
	for k := range steps {
		if slices.Contains(stepMatch, k) {
			order = append(order, k)
		}
	}
	var deferred []int // steps whose deadline names a step made later
	for i := range f.Steps {
		want := &f.Steps[i]
		who := p.resolved.assignees[i]
		late := false
		if d := want.Deadline; d != nil && d.Step != "" {
			j := p.stepIndex[d.Step]
			late = j >= i && stepMatch[j] < 0
		}
		k := stepMatch[i]
		if k < 0 {
			order = slices.Insert(order, i, -1)
			req := CreateStepRequest{Title: want.Title, Settings: want.settings(nil)}
			req.Settings.Position = Ptr(i + 1)
			if who != nil {
				req.Assignees = *who
			}
			p.add(func(ctx context.Context, c *Client, st *applyState) error {
				r := req
				r.Settings.Deadline = nil
				if !late {
					r.Settings.Deadline = p.deadline(i, st)
				}
				s, err := c.CreateStep(ctx, st.templateID, r)
				if err != nil {
					return err
				}
				st.stepIDs[i] = s.ID
				return nil
			}, TemplateChange{Action: TemplateChangeCreate, Kind: "step", Name: want.key()})
			if late {
				deferred = append(deferred, i)
			}
		} else {
			have := &steps[k]
			set, deadline, d := p.stepDiff(want, have)
			if at := slices.Index(order, k); at != i {
				d.note("position: %d → %d", have.Position, i+1)
				order = slices.Delete(order, at, at+1)
				order = slices.Insert(order, i, k)
				set.Position = Ptr(i + 1)
			}
			current := StepAssignees{Users: deref(have.Assignees), Guests: deref(have.Guests), Groups: deref(have.Groups)}
			assignees := &current
			if have.Assignees == nil || have.Guests == nil || have.Groups == nil {
				assignees = nil // UpdateStep reads them, and refuses when it cannot
			}
			if who != nil {
				if !sameSet(who.Users, current.Users) || !sameEmails(who.Guests, current.Guests) || !sameSet(who.Groups, current.Groups) {
					d.note("assignees: members %q, guests %q, groups %q → members %q, guests %q, groups %q",
						p.people.members(current.Users), current.Guests, p.people.groups(current.Groups), want.Assignees.Members, want.Assignees.Guests, want.Assignees.Groups)
				}
				assignees = who
			}
			if deadline && late {
				// The step it is relative to is made later: the deadline is
				// set after it (stepDiff notes the deadline last).
				deferred = append(deferred, i)
				deadline = false
				d.details = d.details[:len(d.details)-1]
			}
			if len(d.details) > 0 {
				p.add(func(ctx context.Context, c *Client, st *applyState) error {
					r := UpdateStepRequest{Title: &want.Title, Settings: set, Assignees: assignees}
					if deadline {
						r.Settings.Deadline = p.deadline(i, st)
					}
					_, err := c.UpdateStep(ctx, st.templateID, st.stepIDs[i], r)
					return err
				}, TemplateChange{Action: TemplateChangeUpdate, Kind: "step", Name: want.key(), Details: d.details})
			}
		}
		p.planFields(i, steps, k, fieldMatch[i])
	}
	for _, i := range deferred {
		want := &f.Steps[i]
		who := p.resolved.assignees[i]
		p.add(func(ctx context.Context, c *Client, st *applyState) error {
			r := UpdateStepRequest{Title: &want.Title, Settings: StepSettings{Deadline: p.deadline(i, st)}, Assignees: who}
			_, err := c.UpdateStep(ctx, st.templateID, st.stepIDs[i], r)
			return err
		}, TemplateChange{Action: TemplateChangeUpdate, Kind: "step", Name: want.key(),
			Details: []string{fmt.Sprintf("deadline: relative to step %s, made after it", quoted(want.Deadline.Step))}})
	}
	return nil
}

// planFields plans the form fields of the file's step i (the current step
// k, or -1 for a new one): deletions first, then each field in order.
func (p *planner) planFields(i int, steps []Step, k int, fieldMatch []int) {
	want := &p.f.Steps[i]
	var caps []FormField
	if k >= 0 {
		caps = steps[k].Captures
	}
	var order []int
	for m := range caps {
		if slices.Contains(fieldMatch, m) {
			order = append(order, m)
		}
	}
	for _, m := range unmatched(fieldMatch, len(caps)) {
		fieldID := caps[m].ID
		p.add(func(ctx context.Context, c *Client, st *applyState) error {
			return c.DeleteStepField(ctx, st.templateID, st.stepIDs[i], fieldID)
		}, TemplateChange{Action: TemplateChangeDelete, Kind: "form field", Name: want.key() + " / " + fieldKeyOf(caps[m].Alias, caps[m].Label)})
	}
	for j := range want.Fields {
		fw := &want.Fields[j]
		name := want.key() + " / " + fw.key()
		m := fieldMatch[j]
		if m < 0 {
			order = slices.Insert(order, j, -1)
			req, _ := fieldRequest(fw, nil, j+1)
			p.add(func(ctx context.Context, c *Client, st *applyState) error {
				ff, err := c.CreateStepField(ctx, st.templateID, st.stepIDs[i], req)
				if err != nil {
					return err
				}
				st.fieldIDs[i][j] = ff.ID
				return nil
			}, TemplateChange{Action: TemplateChangeCreate, Kind: "form field", Name: name})
			continue
		}
		have := formFieldState(caps[m])
		// The position compared is the one the field will have once the
		// fields before it are in place.
		at := slices.Index(order, m)
		have.Position = nil
		if at == j {
			have.Position = Ptr(j + 1)
		} else {
			order = slices.Delete(order, at, at+1)
			order = slices.Insert(order, j, m)
			have.Position = Ptr(at + 1)
		}
		req, d := fieldRequest(fw, &have, j+1)
		if len(d.details) == 0 {
			continue
		}
		fieldID := caps[m].ID
		p.add(func(ctx context.Context, c *Client, st *applyState) error {
			_, err := c.UpdateStepField(ctx, st.templateID, st.stepIDs[i], fieldID, req)
			return err
		}, TemplateChange{Action: TemplateChangeUpdate, Kind: "form field", Name: name, Details: d.details})
	}
}

func (p *planner) planAutomations(autos []AutomatedAction, autoMatch []int, replaced []bool) error {
	for i := range p.f.Automations {
		a := &p.f.Automations[i]
		k := autoMatch[i]
		if k < 0 || replaced[i] {
			p.add(func(ctx context.Context, c *Client, st *applyState) error {
				req, _, err := p.automation(a, st)
				if err == nil {
					_, err = c.CreateAutomation(ctx, st.templateID, req)
				}
				return err
			}, TemplateChange{Action: TemplateChangeCreate, Kind: "automation", Name: a.Name})
			continue
		}
		req, complete, err := p.automation(a, &p.st)
		if err != nil {
			return err
		}
		if complete && sameAutomation(req, autos[k]) {
			continue
		}
		id := autos[k].ID
		p.add(func(ctx context.Context, c *Client, st *applyState) error {
			req, _, err := p.automation(a, st)
			if err == nil {
				_, err = c.UpdateAutomation(ctx, st.templateID, id, req)
			}
			return err
		}, TemplateChange{Action: TemplateChangeUpdate, Kind: "automation", Name: a.Name, Details: []string{"conditions and actions as in the file"}})
	}
	return nil
}

// sameAutomation reports whether the rule already is want. A logic the
// file leaves out is the API's to choose, so it is not compared.
func sameAutomation(want AutomationRequest, have AutomatedAction) bool {
	hc, ha := deref(have.Conditions), deref(have.ThenActions)
	if want.AutomatedAlias != deref(have.AutomatedAlias) || len(want.Conditions) != len(hc) || len(want.ThenActions) != len(ha) {
		return false
	}
	for i, w := range want.Conditions {
		h := hc[i]
		if w.ConditionableID != h.ConditionableID || w.ConditionableType != h.ConditionableType || w.Operation != h.Operation ||
			deref(w.Statement) != deref(h.Statement) || (w.Logic != nil && *w.Logic != deref(h.Logic)) {
			return false
		}
	}
	for i, w := range want.ThenActions {
		h := ha[i]
		if w.ActionType != h.ActionType || w.ActionVerb != h.ActionVerb || w.TargetStepID != h.TargetStepID ||
			deref(w.Webhook) != deref(h.Webhook) || deref(w.Deadline) != deref(h.Deadline) {
			return false
		}
		wa, hasW := deref(w.Assignees), w.Assignees != nil
		haa := deref(h.Assignees)
		if hasW && (!sameSet(wa.Users, haa.Users) || !sameSet(wa.Groups, haa.Groups) || !sameEmails(emails(wa.Guests), haa.Guests)) {
			return false
		}
	}
	return true
}
