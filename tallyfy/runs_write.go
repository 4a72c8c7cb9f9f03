package tallyfy

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// maxRunName is the API's limit on a process name (documentation
// launch-process, update-process: max 550).
const maxRunName = 550

// LaunchRunRequest is what LaunchRun sends. Only TemplateID is required.
// Every text must be valid UTF-8: anything else is refused with
// ErrInvalidArgument naming the field, as the JSON encoding would silently
// replace it.
type LaunchRunRequest struct {
	// TemplateID is the template (checklist) to launch.
	TemplateID string
	// Name names the process; the server makes one from the template's
	// title and the date when it is empty. At most 550 characters.
	Name string
	// Summary describes the process.
	Summary string
	// Fields are the kick-off form's values, keyed by the field's id, its
	// alias or its label (Template.Prerun). LaunchRun reads the template,
	// resolves each key to the field id the API needs and encodes each value
	// in its field type's shape; a key that names no field, a value that
	// fits no option and a required field left out are refused before
	// anything is sent (the API would silently drop an unknown key and
	// launch anyway). An assignees_form field also takes people by name
	// (see Assignees.People).
	Fields map[string]any
	// OwnerID is the user who owns the process (0: the launcher).
	OwnerID int
	// Owner names the owner instead of OwnerID: a member's email, full
	// name or user id (see Assignees.People). Set at most one of the two.
	Owner string
	// Users and Groups are the process's members (user ids, group ids).
	Users  []int
	Groups []string
	// People names more members: members by email, full name or user id,
	// groups by name or id (see Assignees.People), added to Users and
	// Groups. A process's members cannot be guests, so an address no member
	// has is refused.
	People []string
	// Tags and Folders are tag and folder ids to file the process under.
	Tags, Folders []string
	// ParentID makes the process a sub-process of this run.
	ParentID string
	// Starred stars the process for the launcher; Public makes it visible
	// through a public link.
	Starred, Public bool
}

// LaunchRun launches a process from a template and returns it.
//
// Launching is not idempotent and the API has no idempotency key: LaunchRun
// sends the request once and retries it only when it provably did not reach
// the server (a refused connection, a 429). When the outcome is unknown (a
// timeout or a 5xx after sending) the error matches ErrOutcomeUnknown and
// says how to look for the process before launching again.
//
// API: POST /organizations/{org}/runs (launchRun); with Fields, also
// GET /organizations/{org}/checklists/{checklist_id} (getTemplate) first.
func (c *Client) LaunchRun(ctx context.Context, req LaunchRunRequest) (*Run, error) {
	if err := c.prepare(ctx, "template", req.TemplateID); err != nil {
		return nil, err
	}
	body, err := c.launchBody(ctx, req, func(ctx context.Context) ([]fieldDef, error) {
		tmpl, err := c.GetTemplate(ctx, req.TemplateID, nil)
		if err != nil {
			return nil, fmt.Errorf("reading the kick-off form of template %s: %w", req.TemplateID, err)
		}
		return kickoffFieldDefs(tmpl.Prerun), nil
	}, false)
	if err != nil {
		return nil, err
	}
	return c.sendLaunch(ctx, req, body)
}

// launchBody checks req and builds what a launch sends, resolving people
// and encoding the kick-off values before anything is sent. kickoff gives
// the template's kick-off fields: LaunchRun reads the template there, a
// PreparedLaunch has them already. It is called when req has Fields, and
// also without when checkRequired, so that a required field left out is
// refused then too.
func (c *Client) launchBody(ctx context.Context, req LaunchRunRequest, kickoff func(context.Context) ([]fieldDef, error), checkRequired bool) (gen.LaunchRunRequest, error) {
	if err := firstError(
		checkLength("process name", req.Name, maxRunName),
		checkText("process summary", req.Summary),
		validateIDs("group", req.Groups),
		validateIDs("tag", req.Tags),
		validateIDs("folder", req.Folders),
		validateOptionalID("run", req.ParentID),
		checkUserIDs("member", req.Users),
		checkUserIDs("owner", nonZero(req.OwnerID)),
		checkOwnerChoice(req.OwnerID != 0, req.Owner),
	); err != nil {
		return gen.LaunchRunRequest{}, err
	}
	people := c.people()
	ownerID, users, groups, err := resolveRunPeople(ctx, people, req.Owner, req.OwnerID, req.Users, req.Groups, req.People)
	if err != nil {
		return gen.LaunchRunRequest{}, err
	}
	body := gen.LaunchRunRequest{
		ChecklistID: req.TemplateID,
		Name:        optString(req.Name),
		Summary:     optString(req.Summary),
		OwnerID:     optInt(ownerID),
		Starred:     optTrue(req.Starred),
		IsPublic:    optTrue(req.Public),
		Users:       optSlice(users),
		Groups:      optSlice(groups),
		Tags:        optSlice(req.Tags),
		Folders:     optSlice(req.Folders),
	}
	if req.ParentID != "" {
		body.ParentID = &req.ParentID
	}
	if len(req.Fields) > 0 || checkRequired {
		defs, err := kickoff(ctx)
		if err != nil {
			return gen.LaunchRunRequest{}, err
		}
		prerun, err := encodeFields(ctx, people, "the kick-off form of template "+req.TemplateID, defs, req.Fields, true)
		if err != nil {
			return gen.LaunchRunRequest{}, err
		}
		if len(prerun) > 0 {
			values := gen.FieldValues(prerun)
			body.Prerun = &values
		}
	}
	return body, nil
}

// sendLaunch sends a launch built by launchBody, once: it is not
// idempotent (see LaunchRun).
func (c *Client) sendLaunch(ctx context.Context, req LaunchRunRequest, body gen.LaunchRunRequest) (*Run, error) {
	path := c.OrganizationPath("runs")
	check := fmt.Sprintf("list the processes of template %s (ListRuns with ChecklistID", req.TemplateID)
	if req.Name != "" {
		check += fmt.Sprintf(" and Query %q", displayText(req.Name, 80))
	}
	check += ") to see whether it was launched"
	resp, err := c.write(http.MethodPost, path, check, func() (*http.Response, error) {
		return c.api.LaunchRun(ctx, c.orgID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Run](resp, http.MethodPost, path)
}

// Members are a process's members: every user and group, as UpdateRun sends
// them. The API replaces the members with what is sent.
type Members struct {
	Users  []int
	Groups []string
	// People names more of them: members by email, full name or user id,
	// groups by name or id (see Assignees.People), resolved before anything
	// is sent and added to Users and Groups. Guests cannot be a process's
	// members: an address no member has is refused.
	People []string
}

// UpdateRunRequest is what UpdateRun changes; nil and empty fields are left
// as they are. Every text must be valid UTF-8 (see LaunchRunRequest).
type UpdateRunRequest struct {
	// Name and Summary replace the process's name (at most 550 characters)
	// and summary.
	Name, Summary *string
	// OwnerID makes this user the owner.
	OwnerID *int
	// Owner names the new owner instead of OwnerID, as
	// LaunchRunRequest.Owner does ("": unchanged).
	Owner string
	// Starred and Public set the star and the public link.
	Starred, Public *bool
	// Members, when set, replaces every member and group with these (empty
	// lists remove them all). When nil the members are kept: the API empties
	// the users and groups of any update that leaves them out (documented by
	// Tallyfy's MCP server, seen on production), so UpdateRun reads the
	// process and sends its current members back. A read without them
	// (absent or null) is refused with ErrInvalidResponse and nothing is
	// sent: empty lists would remove everyone.
	Members *Members
	// Fields changes kick-off values, keyed and encoded as
	// LaunchRunRequest.Fields; the other kick-off values are kept. Required
	// fields are not enforced: only the keys given change.
	Fields map[string]any
}

// UpdateRun changes a process and returns it. It always sends the complete
// member and group lists, reading the process first when Members is nil;
// a read without them is refused (ErrInvalidResponse) and nothing is sent.
// Between that read and the write another client's member change would be
// overwritten: set Members to be exact.
//
// API: PUT /organizations/{org}/runs/{run_id} (updateRun); GET the run (and
// its template, with Fields) first when needed.
func (c *Client) UpdateRun(ctx context.Context, runID string, req UpdateRunRequest) (*Run, error) {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return nil, err
	}
	var checks []error
	if req.Name != nil {
		checks = append(checks, checkLength("process name", *req.Name, maxRunName))
	}
	if req.Summary != nil {
		checks = append(checks, checkText("process summary", *req.Summary))
	}
	if req.OwnerID != nil {
		checks = append(checks, checkUserIDs("owner", []int{*req.OwnerID}))
	}
	if req.Members != nil {
		checks = append(checks, checkUserIDs("member", req.Members.Users), validateIDs("group", req.Members.Groups))
	}
	checks = append(checks, checkOwnerChoice(req.OwnerID != nil, req.Owner))
	if err := firstError(checks...); err != nil {
		return nil, err
	}
	people := c.people()
	var members *Members
	if req.Members != nil {
		_, users, groups, err := resolveRunPeople(ctx, people, "", 0, req.Members.Users, req.Members.Groups, req.Members.People)
		if err != nil {
			return nil, err
		}
		members = &Members{Users: users, Groups: groups}
	}
	if req.Owner != "" {
		id, _, _, err := resolveRunPeople(ctx, people, req.Owner, 0, nil, nil, nil)
		if err != nil {
			return nil, err
		}
		req.OwnerID = &id
	}
	body := gen.UpdateRunRequest{
		Name:     req.Name,
		Summary:  req.Summary,
		OwnerID:  req.OwnerID,
		Starred:  req.Starred,
		IsPublic: req.Public,
	}
	if members == nil || len(req.Fields) > 0 {
		run, err := c.GetRun(ctx, runID, nil)
		if err != nil {
			return nil, fmt.Errorf("reading process %s before updating it: %w", runID, err)
		}
		if members == nil {
			if err := membersToKeep(runID, run); err != nil {
				return nil, err
			}
			body.Users, body.Groups = slices.Clone(run.Users), slices.Clone(run.Groups)
		}
		if len(req.Fields) > 0 {
			tmpl, err := c.GetTemplate(ctx, run.ChecklistID, nil)
			if err != nil {
				return nil, fmt.Errorf("reading the kick-off form of template %s: %w", run.ChecklistID, err)
			}
			prerun, err := encodeFields(ctx, people, "the kick-off form of process "+runID, kickoffFieldDefs(tmpl.Prerun), req.Fields, false)
			if err != nil {
				return nil, err
			}
			values := gen.FieldValues(prerun)
			body.Prerun = &values
		}
	}
	if members != nil {
		body.Users, body.Groups = slices.Clone(members.Users), slices.Clone(members.Groups)
	}
	// Never null: a null list would empty the members as surely as a
	// missing one. Only the caller's nil lists get here (Members{} is "remove
	// everyone"): a read without them was refused above.
	if body.Users == nil {
		body.Users = []int{}
	}
	if body.Groups == nil {
		body.Groups = []string{}
	}
	path := c.OrganizationPath("runs", runID)
	resp, err := c.write(http.MethodPut, path, fmt.Sprintf("read process %s (GetRun) to see whether it changed", runID), func() (*http.Response, error) {
		return c.api.UpdateRun(ctx, c.orgID, runID, body)
	})
	if err != nil {
		return nil, err
	}
	return written[Run](resp, http.MethodPut, path)
}

// ArchiveRun archives a process and returns it: a soft delete that hides it
// (and its tasks) from the default lists, undone by ActivateRun. Archived
// processes are listed with ListRunsOptions.Archived "only".
//
// API: DELETE /organizations/{org}/runs/{run_id} (archiveRun)
func (c *Client) ArchiveRun(ctx context.Context, runID string) (*Run, error) {
	return c.runAction(ctx, runID, http.MethodDelete, "", "ArchivedAt", "it was archived", func() (*http.Response, error) {
		return c.api.ArchiveRun(ctx, c.orgID, runID)
	})
}

// ActivateRun brings an archived process back, with its tasks, and returns
// it. Its status is what it was before the archive.
//
// API: PUT /organizations/{org}/runs/{run_id}/activate (activateRun)
func (c *Client) ActivateRun(ctx context.Context, runID string) (*Run, error) {
	return c.runAction(ctx, runID, http.MethodPut, "activate", "ArchivedAt", "it was reactivated", func() (*http.Response, error) {
		return c.api.ActivateRun(ctx, c.orgID, runID)
	})
}

// runAction sends a write to a process's path (and verb, "" for none) that
// answers the process; state names the field of a GetRun that shows whether
// it was done, for an unknown outcome's check.
func (c *Client) runAction(ctx context.Context, runID, method, verb, state, done string, call func() (*http.Response, error)) (*Run, error) {
	if err := c.prepare(ctx, "run", runID); err != nil {
		return nil, err
	}
	segments := []string{"runs", runID}
	if verb != "" {
		segments = append(segments, verb)
	}
	path := c.OrganizationPath(segments...)
	check := fmt.Sprintf("read process %s (GetRun; %s) to see whether %s", runID, state, done)
	resp, err := c.write(method, path, check, call)
	if err != nil {
		return nil, err
	}
	return written[Run](resp, method, path)
}

// membersToKeep refuses to update a process whose read does not say who its
// members are. The API documents users and groups as always sent, and
// UpdateRun must send them back or the API empties them: from a read that
// left them out (or sent null), it would send empty lists the caller never
// asked for. A list the API sent, even an empty one ("users": []), decodes
// to a non-nil slice; only an absent or null one is nil.
func membersToKeep(runID string, run *Run) error {
	var missing []string
	if run.Users == nil {
		missing = append(missing, "users")
	}
	if run.Groups == nil {
		missing = append(missing, "groups")
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("%w: the read of process %s has no %s (absent or null), so UpdateRun cannot send its members back "+
		"and the API would remove them; nothing was sent: set UpdateRunRequest.Members to the members it should have",
		ErrInvalidResponse, runID, strings.Join(missing, " and "))
}

// checkText refuses a text that is not valid UTF-8, as checkLength does:
// json.Marshal would silently send it with each bad byte replaced by U+FFFD.
func checkText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalidArgument, what)
	}
	return nil
}

// checkUserIDs refuses user ids the API cannot hold (they are positive
// integers).
func checkUserIDs(what string, ids []int) error {
	for _, id := range ids {
		if id <= 0 {
			return fmt.Errorf("%w: %s user id %d: user ids are positive integers", ErrInvalidArgument, what, id)
		}
	}
	return nil
}

func nonZero(id int) []int {
	if id == 0 {
		return nil
	}
	return []int{id}
}

// checkOwnerChoice refuses an owner given both by id and by name.
func checkOwnerChoice(byID bool, byName string) error {
	if byID && byName != "" {
		return fmt.Errorf("%w: the owner is given twice, by OwnerID and by Owner; set one", ErrInvalidArgument)
	}
	return nil
}

// resolveRunPeople resolves a process's owner (by name, else ownerID) and
// members (users and groups plus the people named) for LaunchRun and
// UpdateRun, before anything is sent. A process takes no guests (its
// members are users and groups; its owner is a user).
func resolveRunPeople(ctx context.Context, r *peopleResolver, owner string, ownerID int, users []int, groups, people []string) (int, []int, []string, error) {
	if owner != "" {
		got, err := r.resolve(ctx, []string{owner}, peoplePlace{what: "the process owner", guests: guestsRefused, one: true})
		if err != nil {
			return 0, nil, nil, err
		}
		ownerID = got.users[0]
	}
	if len(people) == 0 {
		return ownerID, users, groups, nil
	}
	got, err := r.assignees(ctx, Assignees{Users: users, Groups: groups, People: people},
		peoplePlace{what: "the process's members", guests: guestsRefused, groups: true})
	if err != nil {
		return 0, nil, nil, err
	}
	return ownerID, got.Users, got.Groups, nil
}
