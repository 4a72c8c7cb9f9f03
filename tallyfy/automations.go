package tallyfy

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Automation types, as the API names them (official MCP server,
// tools/automation.py, citing api-v2's AutomatedActionRequest).
type (
	// AutomationRequest is an automation (if-this-then-that rule) as
	// CreateAutomation and UpdateAutomation send it: a name
	// (AutomatedAlias), conditions and actions (ThenActions).
	AutomationRequest = gen.AutomationRequest
	// AutomationCondition is one "if" of an automation.
	AutomationCondition = gen.AutomationCondition
	// AutomationAction is one "then" of an automation.
	AutomationAction = gen.AutomationAction
	// AutomationDeadline is the deadline a deadline action sets.
	AutomationDeadline = gen.AutomationDeadline
	// AutomatedAction is an automation as the API answers it.
	AutomatedAction = gen.AutomatedAction
)

// The time clauses of a step condition. A step condition whose statement is
// anything else, null included, can never be met, so its rule silently
// never fires (mcp #571, api-v2 #9636); AnyTime is what the web app writes.
const (
	AnyTime = "any_time"
	OnTime  = "on-time"
	Early24 = "early_24"
	Late24  = "late_24"
)

var stepTimeClauses = []string{AnyTime, OnTime, Early24, Late24}

// actionVerbs are the verbs each action type accepts (api-v2
// DoableActionValidator, cited by the official MCP server).
var actionVerbs = map[gen.AutomationActionActionType][]gen.AutomationActionActionVerb{
	"visibility": {"show", "hide"},
	"deadline":   {"deadline"},
	"status":     {"reopen"},
	"assignment": {"assign", "assign_only", "clear_assignees", "unassign"},
	"webhook":    {"emit_webhook"},
}

// checkAutomation refuses a rule the API would refuse, and a rule it would
// store but never fire: a step condition without a time clause.
func checkAutomation(r AutomationRequest) error {
	if r.AutomatedAlias == "" {
		return fmt.Errorf("%w: the automation has no name (AutomatedAlias); the API needs one", ErrInvalidArgument)
	}
	if err := checkLength("automation name", r.AutomatedAlias, 300); err != nil {
		return err
	}
	if len(r.Conditions) == 0 || len(r.ThenActions) == 0 {
		return fmt.Errorf("%w: automation %q needs at least one condition and one action", ErrInvalidArgument, displayText(r.AutomatedAlias, 60))
	}
	for i, c := range r.Conditions {
		what := fmt.Sprintf("automation %q condition %d", displayText(r.AutomatedAlias, 60), i+1)
		if err := validateID("conditionable", c.ConditionableID); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if !c.ConditionableType.Valid() {
			return fmt.Errorf("%w: %s: type %q: want Step, Capture or Prerun", ErrInvalidArgument, what, displayText(string(c.ConditionableType), 40))
		}
		if c.Logic != nil && !c.Logic.Valid() {
			return fmt.Errorf("%w: %s: logic %q: want and or or", ErrInvalidArgument, what, displayText(string(*c.Logic), 20))
		}
		if c.Operation == "" {
			return fmt.Errorf("%w: %s has no operation", ErrInvalidArgument, what)
		}
		if c.ConditionableType == gen.AutomationConditionConditionableTypeStep && (c.Statement == nil || !slices.Contains(stepTimeClauses, *c.Statement)) {
			got := "null"
			if c.Statement != nil {
				got = fmt.Sprintf("%q", displayText(*c.Statement, 40))
			}
			return fmt.Errorf("%w: %s: a step condition's statement is %s, but the API only meets one of %q (use %q for \"whenever\"): the rule would never fire (mcp #571)", ErrInvalidArgument, what, got, stepTimeClauses, AnyTime)
		}
	}
	for i, a := range r.ThenActions {
		what := fmt.Sprintf("automation %q action %d", displayText(r.AutomatedAlias, 60), i+1)
		verbs, ok := actionVerbs[a.ActionType]
		if !ok {
			return fmt.Errorf("%w: %s: action type %q: want visibility, deadline, assignment, status or webhook", ErrInvalidArgument, what, displayText(string(a.ActionType), 40))
		}
		if !slices.Contains(verbs, a.ActionVerb) {
			return fmt.Errorf("%w: %s: %s actions take %q, not %q", ErrInvalidArgument, what, a.ActionType, verbs, displayText(string(a.ActionVerb), 40))
		}
		if err := validateID("step", a.TargetStepID); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if a.ActionType == "deadline" && (a.Deadline == nil || !a.Deadline.Unit.Valid() || !a.Deadline.Option.Valid()) {
			return fmt.Errorf("%w: %s: a deadline action needs a deadline with value, unit (minutes to months) and option (before or from)", ErrInvalidArgument, what)
		}
		if a.Assignees != nil {
			if err := firstError(checkUserIDs("automation", a.Assignees.Users), validateIDs("group", a.Assignees.Groups)); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
	}
	return nil
}

// CreateAutomation adds an automation to a template and returns it. A rule
// with a step condition whose statement is not a time clause (AnyTime, …)
// is refused before sending, as it would never fire. Not idempotent.
//
// API: POST /organizations/{org}/checklists/{checklist_id}/automated-actions (createAutomation)
func (c *Client) CreateAutomation(ctx context.Context, templateID string, req AutomationRequest) (*AutomatedAction, error) {
	if err := c.prepare(ctx, "template", templateID); err != nil {
		return nil, err
	}
	if err := checkAutomation(req); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("checklists", templateID, "automated-actions")
	check := fmt.Sprintf("read template %s (GetTemplate: AutomatedActions) to see whether %q was added", templateID, displayText(req.AutomatedAlias, 80))
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.CreateAutomation(ctx, c.orgID, templateID, req)
	})
	if err != nil {
		return nil, err
	}
	return written[AutomatedAction](resp, http.MethodPost, path)
}

// UpdateAutomation replaces an automation's name, conditions and actions and
// returns it; checked as CreateAutomation is.
//
// API: PUT /organizations/{org}/checklists/{checklist_id}/automated-actions/{automation_id} (updateAutomation)
func (c *Client) UpdateAutomation(ctx context.Context, templateID, automationID string, req AutomationRequest) (*AutomatedAction, error) {
	if err := c.prepare(ctx, "template", templateID, "automation", automationID); err != nil {
		return nil, err
	}
	if err := checkAutomation(req); err != nil {
		return nil, err
	}
	path := c.OrganizationPath("checklists", templateID, "automated-actions", automationID)
	check := fmt.Sprintf("read template %s (GetTemplate: AutomatedActions) to see whether %s changed", templateID, automationID)
	resp, err := c.write(http.MethodPut, path, check, func() (*http.Response, error) {
		return c.api.UpdateAutomation(ctx, c.orgID, templateID, automationID, req)
	})
	if err != nil {
		return nil, err
	}
	return written[AutomatedAction](resp, http.MethodPut, path)
}

// DeleteAutomation deletes an automation.
//
// API: DELETE /organizations/{org}/checklists/{checklist_id}/automated-actions/{automation_id} (deleteAutomation)
func (c *Client) DeleteAutomation(ctx context.Context, templateID, automationID string) error {
	if err := c.prepare(ctx, "template", templateID, "automation", automationID); err != nil {
		return err
	}
	path := c.OrganizationPath("checklists", templateID, "automated-actions", automationID)
	check := fmt.Sprintf("read template %s (GetTemplate: AutomatedActions) to see whether %s is gone", templateID, automationID)
	resp, err := c.write(http.MethodDelete, path, check, func() (*http.Response, error) {
		return c.api.DeleteAutomation(ctx, c.orgID, templateID, automationID)
	})
	releaseBody(resp)
	return err
}
