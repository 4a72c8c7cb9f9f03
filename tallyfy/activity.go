package tallyfy

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Activity is one entry of the activity feed: who did what to which object,
// and when. The documentation gives Verb, Type, Source, Description and
// the actor fields as lists (`"verb": ["completed"]`); they are read as
// documented. Fields used most: Verb, Type, Description, Actor,
// AuditableType and AuditableID (the object acted on), ParentableID (its
// process, for a task), CreatedAt.
type Activity = gen.Activity

// ActivityActor is who did an activity.
type ActivityActor = gen.ActivityActor

// ActivityEntityType is a kind of object ListActivities narrows the feed to
// (with EntityID). A closed set.
type ActivityEntityType = gen.ActivityEntityType

// Values of ActivityEntityType.
const (
	ActivityOfTemplate = gen.ActivityEntityTypeChecklist // checklist: a template
	ActivityOfProcess  = gen.ActivityEntityTypeRun       // run: a process
	ActivityOfStep     = gen.ActivityEntityTypeStep      // step: a template's step
	ActivityOfTask     = gen.ActivityEntityTypeTask      // task
	ActivityOfThread   = gen.ActivityEntityTypeThread    // thread: a comment or issue
)

// ActivityOriginType is the kind of object that auto-launched an activity,
// as ListActivities filters by. A closed set.
type ActivityOriginType = gen.ActivityOriginType

// Values of ActivityOriginType.
const (
	ActivityOriginTemplate = gen.ActivityOriginTypeChecklist // checklist: a template
	ActivityOriginProcess  = gen.ActivityOriginTypeRun       // run: a process
	ActivityOriginStep     = gen.ActivityOriginTypeStep      // step
	ActivityOriginTask     = gen.ActivityOriginTypeTask      // task
)

// ActivityActorType says whether an actor is a member or a guest.
type ActivityActorType = gen.ActivityActorType

// Values of ActivityActorType.
const (
	ActivityByMember = gen.ActivityActorTypeUser  // user: a member
	ActivityByGuest  = gen.ActivityActorTypeGuest // guest
)

// ActivitySource is who set an activity off.
type ActivitySource = gen.ActivitySource

// Values of ActivitySource.
const (
	ActivityFromMember  = gen.ActivitySourceMember  // Member
	ActivityFromGuest   = gen.ActivitySourceGuest   // Guest
	ActivityFromWebhook = gen.ActivitySourceWebhook // Webhook
)

// ListActivitiesOptions filters, sorts and pages ListActivities; every
// field is optional (documentation processes/get-process-activity).
type ListActivitiesOptions struct {
	// EntityType and EntityID narrow the feed to one object: ActivityOfProcess
	// and a process id give that process's audit trail. EntityID needs
	// EntityType.
	EntityType ActivityEntityType
	EntityID   string
	// Type keeps one category (ActivityTypeFilterTask, ...).
	Type ActivityTypeFilter
	// Verb keeps one action (ActivityVerbFilterCompleted, ...).
	Verb ActivityVerbFilter
	// ActorType and ActorID keep what one member or guest did; ActorEmail
	// names them by email instead (the API resolves it).
	ActorType  ActivityActorType
	ActorID    int
	ActorEmail string
	// Source keeps what members, guests or webhooks set off.
	Source ActivitySource
	// CreatedAfter and CreatedBefore keep the activities of those days,
	// both inclusive; only the date is sent.
	CreatedAfter, CreatedBefore time.Time
	// Search keeps activities whose description contains it, 2 to 100
	// characters.
	Search string
	// Field keeps the updates of one field ("title", "status").
	Field string
	// OriginType and OriginID keep auto-launched activities by what
	// launched them. OriginID needs OriginType (documentation).
	OriginType ActivityOriginType
	OriginID   string
	// Sort is a field to sort by, "-" first for descending ("-created_at",
	// newest first).
	Sort string
	// Page is the first page to fetch (1-based; 0 means 1).
	Page int
	// PerPage is the page size, 1 to 100 (0 means the server's 20).
	PerPage int
}

// ListActivities iterates over the organization's activity feed, page by
// page to the last: the audit trail of completions, comments, status
// changes and assignments. A member who is not an admin sees only the
// activities of what they may read (documentation get-process-activity).
//
// API: GET /organizations/{org}/activity-feeds (listActivities)
func (c *Client) ListActivities(ctx context.Context, opts *ListActivitiesOptions) iter.Seq2[*Activity, error] {
	return listItems(c, ctx, opts, c.activitiesPage)
}

// ListActivitiesPage returns one page of the activity feed; Page.Next
// fetches the ones after it.
//
// API: GET /organizations/{org}/activity-feeds (listActivities)
func (c *Client) ListActivitiesPage(ctx context.Context, opts *ListActivitiesOptions) (*Page[Activity], error) {
	return listPage(c, ctx, opts, c.activitiesPage)
}

// activityIDKinds are the id kinds validateID checks an entity's or origin's
// id as.
var activityIDKinds = map[string]string{"checklist": "template", "run": "run", "step": "step", "task": "task", "thread": "comment"}

func (o *ListActivitiesOptions) check() error {
	checks := []error{
		validateFilter("activity type", o.Type), validateFilter("activity verb", o.Verb),
		validateSort(o.Sort), validatePaging(o.Page, o.PerPage), checkUTF8("activity field", o.Field),
	}
	switch {
	case o.EntityType != "" && !o.EntityType.Valid():
		checks = append(checks, fmt.Errorf("%w: entity type %q: use ActivityOfProcess, ActivityOfTask, ActivityOfTemplate, ActivityOfStep or ActivityOfThread", ErrInvalidArgument, string(o.EntityType)))
	case o.EntityID != "" && o.EntityType == "":
		checks = append(checks, fmt.Errorf("%w: EntityID %q needs EntityType", ErrInvalidArgument, o.EntityID))
	case o.EntityID != "":
		checks = append(checks, validateID(activityIDKinds[string(o.EntityType)], o.EntityID))
	}
	switch {
	case o.OriginType != "" && !o.OriginType.Valid():
		checks = append(checks, fmt.Errorf("%w: origin type %q: use ActivityOriginProcess, ActivityOriginTask, ActivityOriginTemplate or ActivityOriginStep", ErrInvalidArgument, string(o.OriginType)))
	case o.OriginID != "" && o.OriginType == "":
		// The documentation: origin_id "requires origin_type".
		checks = append(checks, fmt.Errorf("%w: OriginID %q needs OriginType", ErrInvalidArgument, o.OriginID))
	case o.OriginID != "":
		checks = append(checks, validateID(activityIDKinds[string(o.OriginType)], o.OriginID))
	}
	if o.ActorType != "" && !o.ActorType.Valid() {
		checks = append(checks, fmt.Errorf("%w: actor type %q: use ActivityByMember or ActivityByGuest", ErrInvalidArgument, string(o.ActorType)))
	}
	if o.Source != "" && !o.Source.Valid() {
		checks = append(checks, fmt.Errorf("%w: source %q: use ActivityFromMember, ActivityFromGuest or ActivityFromWebhook", ErrInvalidArgument, string(o.Source)))
	}
	if o.ActorID < 0 {
		checks = append(checks, fmt.Errorf("%w: actor id %d is negative", ErrInvalidArgument, o.ActorID))
	}
	if o.ActorEmail != "" {
		checks = append(checks, checkEmail("actor email", o.ActorEmail))
	}
	if o.Search != "" {
		// 2 to 100 characters (documentation get-process-activity).
		if n := len([]rune(o.Search)); n < 2 {
			checks = append(checks, fmt.Errorf("%w: activity search text has %d character; the API needs 2 to 100", ErrInvalidArgument, n))
		}
		checks = append(checks, checkLength("activity search text", o.Search, 100))
	}
	if !o.CreatedAfter.IsZero() && !o.CreatedBefore.IsZero() && o.CreatedBefore.Before(o.CreatedAfter) {
		checks = append(checks, fmt.Errorf("%w: CreatedBefore %s is before CreatedAfter %s: nothing can match", ErrInvalidArgument, o.CreatedBefore.Format(time.DateOnly), o.CreatedAfter.Format(time.DateOnly)))
	}
	return firstError(checks...)
}

func (o *ListActivitiesOptions) start() int { return max(o.Page, 1) }

func (o *ListActivitiesOptions) clone() ListActivitiesOptions { return *o }

func (c *Client) activitiesPage(ctx context.Context, o *ListActivitiesOptions, page int) (*Page[Activity], error) {
	params := &gen.ListActivitiesParams{
		EntityType: optEnum(o.EntityType), EntityID: optString(o.EntityID),
		Type: optEnum(o.Type), Verb: optEnum(o.Verb),
		ActorType: optEnum(o.ActorType), ActorID: optInt(o.ActorID), ActorEmail: optString(o.ActorEmail),
		Source: optEnum(o.Source), CreatedAfter: optDate(o.CreatedAfter), CreatedBefore: optDate(o.CreatedBefore),
		Search: optString(o.Search), Field: optString(o.Field),
		OriginType: optEnum(o.OriginType), OriginID: optString(o.OriginID),
		Sort: optString(o.Sort), Page: &page, PerPage: optInt(o.PerPage),
	}
	body, err := exchange(func() (*http.Response, error) { return c.api.ListActivities(ctx, c.orgID, params) })
	if err != nil {
		return nil, err
	}
	defer releaseBody(body)
	return list[Activity](body)
}
