package tallyfytest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
	"github.com/tallyfy-go/sdk/v2/shape"
)

// The fake delivers webhooks as the documentation describes them
// (docs:integrations/webhooks/how-to-set-up-webhooks-in-tallyfy,
// docs:integrations/webhooks/webhook-payload-structure): an HTTP POST of JSON with the header
// X-Tallyfy-orgID, tried once and never retried, to
//
//   - every organization-level subscription (Server.SubscribeWebhook, or addWatcher through the
//     API) on process launch and completion, task completion, assignment, comments and issues,
//     with the payload's "event" naming which (tallyfy/n8n TallyfyTrigger.node.ts);
//   - a template's webhook URL on launch, on every task completion and on completion, in the
//     documented process and task payloads, without "event";
//   - a step's webhook URL when its task completes, instead of the template's.
//
// Not simulated: the organization-level payloads are documented only by their "event" member, so
// the fake sends the documented process or task payload with "event" added (and "comment" for a
// comment or issue); the real service queues deliveries, the fake sends them before it answers
// the write that caused them, so a test sees them in order and needs no waiting.

// webhookTimeout bounds one delivery: a receiver that hangs must not hang the fake.
const webhookTimeout = 5 * time.Second

// maxWebhookSubscriptions bounds the organization-level subscriptions a fake keeps.
const maxWebhookSubscriptions = 100

// A WebhookDelivery is one webhook the server sent, or was told to drop.
type WebhookDelivery struct {
	// Seq numbers the deliveries from 1, in the order the server made them.
	Seq int
	// Event is the payload's event name; for a template- or step-level webhook, which carries
	// none, the name the SDK infers.
	Event string
	// URL is where it was sent.
	URL string
	// Body is the payload.
	Body []byte
	// Copies is how many times it was sent: 1, or what WithWebhookCopies said.
	Copies int
	// Status is the receiver's answer to the last copy, 0 when none came (see Err).
	Status int
	// Err is why the last copy failed to be delivered, if it did.
	Err error
}

// WithWebhookCopies makes copies decide how many times each webhook is sent: 0 drops it, 2 sends
// it twice, as the documentation warns the real service may (a delivery lost without a retry; the
// same event more than once). d has Seq, Event, URL and Body set. A negative answer counts as 0.
func WithWebhookCopies(copies func(d WebhookDelivery) int) Option {
	return func(c *config) { c.webhookCopies = copies }
}

type outgoing struct {
	event string
	url   string
	body  []byte
}

// SubscribeWebhook subscribes rawURL to the organization's events, as subscribeWebhook does
// through the API, and returns the subscription's id. The URL must be absolute http or https.
func (s *Server) SubscribeWebhook(rawURL string) (string, error) {
	if err := checkWebhookURL(rawURL); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w, err := s.data.addWatcher(rawURL, s.cfg.orgID, s.cfg.me, s.now)
	if err != nil {
		return "", err
	}
	return string(w.ID), nil
}

// WebhookDeliveries returns the webhooks sent (and dropped) so far, oldest first.
func (s *Server) WebhookDeliveries() []WebhookDelivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}

func checkWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("tallyfytest: a webhook URL is an absolute http or https URL, got %q", raw)
	}
	return nil
}

// watchers is the table of organization-level webhook subscriptions.
func watchers(st *store) *table[string, gen.WebhookSubscription] { return st.watchers }

// firstWatcherID numbers the subscriptions, as in the spec's example.
const firstWatcherID = 9001

func (st *store) addWatcher(rawURL, orgID string, userID int, now time.Time) (*gen.WebhookSubscription, error) {
	if len(st.watchers.order) >= maxWebhookSubscriptions {
		return nil, fmt.Errorf("tallyfytest: at most %d webhook subscriptions", maxWebhookSubscriptions)
	}
	id := strconv.Itoa(firstWatcherID + st.watcherCount)
	st.watcherCount++
	w := gen.WebhookSubscription{
		ID: shape.ID(id), Webhook: &rawURL, ObjectType: ptr("organization"), ObjectID: &orgID,
		NotificationType: ptr("webhook"), Frequency: ptr("electric"), UserID: &userID, CreatedAt: &now,
	}
	return watchers(st).put(id, w), nil
}

// queueWebhook keeps a delivery for sendWebhooks. The caller holds s.mu.
func (s *Server) queueWebhook(event, rawURL string, payload map[string]any) {
	body, err := json.Marshal(payload)
	if err != nil {
		return // built from stored values, which always encode
	}
	s.outbox = append(s.outbox, outgoing{event: event, url: rawURL, body: body})
}

// emit queues the organization-level event to every subscription, with the documented payload
// and "event". The caller holds s.mu.
func (s *Server) emit(st *store, event string, payload map[string]any) {
	if len(st.watchers.order) == 0 {
		return
	}
	withEvent := make(map[string]any, len(payload)+1)
	for k, v := range payload {
		withEvent[k] = v
	}
	withEvent["event"] = event
	for _, w := range watchers(st).all() {
		s.queueWebhook(event, deref1(w.Webhook), withEvent)
	}
}

// processEvent queues a launch or completion of run: the organization event and the template's
// webhook. The caller holds s.mu.
func (s *Server) processEvent(st *store, event, runID string) {
	rec, ok := st.runs[runID]
	if !ok {
		return
	}
	payload := st.processPayload(rec, s.cfg.me)
	s.emit(st, event, payload)
	if tpl, ok := st.templates[rec.run.ChecklistID]; ok && deref1(tpl.template.Webhook) != "" {
		s.queueWebhook(event, *tpl.template.Webhook, payload)
	}
}

// taskEvent queues an event about task: the organization event, and for a completion the step's
// webhook, or else the template's. extra members go into the organization payload. The caller
// holds s.mu.
func (s *Server) taskEvent(st *store, event string, rec *taskRecord, extra map[string]any) {
	payload := st.taskPayload(rec, s.cfg.me, s.cfg.orgID)
	if len(extra) > 0 {
		withExtra := make(map[string]any, len(payload)+len(extra))
		for k, v := range payload {
			withExtra[k] = v
		}
		for k, v := range extra {
			withExtra[k] = v
		}
		s.emit(st, event, withExtra)
	} else {
		s.emit(st, event, payload)
	}
	if event != "task.completed" || rec.task.RunID == nil {
		return
	}
	hook := deref1(rec.task.Webhook)
	if hook == "" && rec.task.ChecklistID != nil && rec.task.StepID != nil {
		if step, ok := st.step(*rec.task.ChecklistID, *rec.task.StepID); ok {
			hook = deref1(step.Webhook)
		}
	}
	if hook == "" {
		if run, ok := st.runs[*rec.task.RunID]; ok {
			if tpl, ok := st.templates[run.run.ChecklistID]; ok {
				hook = deref1(tpl.template.Webhook)
			}
		}
	}
	if hook != "" {
		s.queueWebhook(event, hook, payload)
	}
}

// sendWebhooks sends what the writes queued, after s.mu is released: a receiver may call the
// fake back. Each delivery is tried once (docs: "Tallyfy attempts each webhook delivery once").
func (s *Server) sendWebhooks() {
	s.mu.Lock()
	out := s.outbox
	s.outbox = nil
	s.mu.Unlock()
	for _, o := range out {
		s.mu.Lock()
		s.webhookSeq++
		d := WebhookDelivery{Seq: s.webhookSeq, Event: o.event, URL: o.url, Body: o.body, Copies: 1}
		s.mu.Unlock()
		if s.cfg.webhookCopies != nil {
			d.Copies = max(0, s.cfg.webhookCopies(d))
		}
		for range d.Copies {
			d.Status, d.Err = s.post(o.url, o.body)
		}
		s.mu.Lock()
		s.deliveries = append(s.deliveries, d)
		s.mu.Unlock()
	}
}

var webhookClient = &http.Client{
	Timeout: webhookTimeout,
	// A redirect is not followed: the real service's behaviour is undocumented, and a POST
	// turned into a GET would deliver nothing.
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func (s *Server) post(rawURL string, body []byte) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), webhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Tallyfy-orgID", s.cfg.orgID)
	req.Header.Set("User-Agent", "tallyfytest-webhooks")
	resp, err := webhookClient.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	return resp.StatusCode, nil
}

// webhookUser is a user as the payloads show one: {id, email, full_name}. Ids are the REST
// API's integers; the documentation's examples show strings, which the SDK reads as well.
func webhookUser(id int) map[string]any {
	u := sampleUser(id)
	return map[string]any{"id": id, "email": deref1(u.Email), "full_name": deref1(u.FullName)}
}

func webhookTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// processPayload is the documented process payload
// (docs:integrations/webhooks/webhook-payload-structure, "Process-level webhook payload").
func (st *store) processPayload(rec *runRecord, me int) map[string]any {
	run := rec.run
	tasks := map[string]any{}
	for _, t := range st.runTasks(run.ID) {
		tasks[taskKey(t.task)] = t.task.ID
	}
	ko := map[string]any{}
	prerun := objectMap(run.Prerun)
	if tpl, ok := st.templates[run.ChecklistID]; ok {
		for _, k := range tpl.template.Prerun {
			if k.Alias != nil {
				if v, ok := prerun[k.ID]; ok {
					ko[*k.Alias] = v
				}
			}
		}
	}
	launcher := run.StartedBy
	if launcher == 0 {
		launcher = me
	}
	return map[string]any{
		"id": run.ID, "increment_id": run.IncrementID, "checklist_id": run.ChecklistID,
		"checklist_title": run.ChecklistTitle, "name": run.Name, "summary": deref1(run.Summary),
		"status": run.Status, "progress": int(run.Progress.Percent), "whole_progress": int(run.WholeProgress.Percent),
		"started_by": run.StartedBy, "owner_id": run.OwnerID,
		"prerun": prerun, "prerun_status": "completed", "prerun_completed_at": webhookTime(run.PrerunCompletedAt),
		"prerun_completed_by": run.PrerunCompletedBy, "prerun_length": run.PrerunLength,
		"created_at": webhookTime(&run.CreatedAt), "started_at": webhookTime(run.StartedAt),
		"last_updated": webhookTime(&run.LastUpdated), "completed_at": webhookTime(run.CompletedAt),
		"collaborators": nonNil(run.Collaborators), "late_tasks": run.LateTasks, "due_soon": run.DueSoon,
		"due_date":      webhookTime(run.DueDate),
		"process-tasks": tasks, "ko-form-fields": ko, "guest-links": map[string]any{},
		"launcher": webhookUser(launcher),
	}
}

// taskKey is a task's key in process-tasks: its alias, or its id (the documentation's example
// has both).
func taskKey(t gen.Task) string {
	if a := deref1(t.Alias); a != "" {
		return a
	}
	return t.ID
}

// webhookTask is a task as this_task and next_task show it.
func (st *store) webhookTask(rec *taskRecord) map[string]any {
	t := rec.task
	captures := map[string]any{}
	for _, f := range rec.fields {
		captures[f.ID] = map[string]any{"alias": deref1(f.Alias), "label": f.Label, "value": fieldValue(rec, f)}
	}
	users := []any{}
	for _, u := range t.Owners.Users {
		users = append(users, webhookUser(u.ID))
	}
	out := map[string]any{
		"id": t.ID, "title": t.Title, "alias": deref1(t.Alias), "status": t.Status,
		"summary": deref1(t.Summary), "deadline": webhookTime(t.Deadline), "position": t.Position,
		"completed_at": webhookTime(t.CompletedAt), "captures": captures,
		"owners": map[string]any{"users": users, "guests": nonNil(t.Owners.Guests)},
		"assets": []any{},
	}
	if t.CompleterID != nil {
		out["completed_by"] = webhookUser(*t.CompleterID)
	}
	return out
}

// taskPayload is the documented task payload
// (docs:integrations/webhooks/webhook-payload-structure, "Task-level webhook payload"); next_task
// is [] when every visible task is done.
func (st *store) taskPayload(rec *taskRecord, me int, orgID string) map[string]any {
	t := rec.task
	payload := map[string]any{
		"this_task": st.webhookTask(rec), "launcher": webhookUser(me),
		"process-tasks": map[string]any{}, "form-fields": map[string]any{},
		"guest-links": map[string]any{}, "next_task": []any{},
	}
	if t.CompleterID != nil {
		payload["completer"] = webhookUser(*t.CompleterID)
	}
	if t.RunID == nil {
		return payload
	}
	runRec, ok := st.runs[*t.RunID]
	if !ok {
		return payload
	}
	run := runRec.run
	payload["launcher"] = webhookUser(run.StartedBy)
	tasks, fields, forms := map[string]any{}, map[string]any{}, map[string]any{}
	var next map[string]any
	for _, other := range st.runTasks(run.ID) {
		tasks[taskKey(other.task)] = other.task.ID
		stepForm := map[string]any{}
		for _, f := range other.fields {
			v := fieldValue(other, f)
			if a := deref1(f.Alias); a != "" {
				fields[a] = v
			}
			stepForm[f.ID] = map[string]any{"alias": deref1(f.Alias), "label": f.Label, "value": v}
		}
		if len(stepForm) > 0 {
			forms[deref1(other.task.StepID)] = stepForm
		}
		if next == nil && other.task.Status != taskHidden && !isComplete(other.task) {
			next = st.webhookTask(other)
		}
	}
	prerun := objectMap(run.Prerun)
	if tpl, ok := st.templates[run.ChecklistID]; ok {
		for _, k := range tpl.template.Prerun {
			if v, ok := prerun[k.ID]; ok && k.Alias != nil {
				fields[*k.Alias] = v
			}
		}
		payload["template"] = map[string]any{"id": tpl.template.ID, "title": tpl.template.Title,
			"alias": deref1(tpl.template.Alias), "summary": deref1(tpl.template.Summary)}
	}
	tags := []any{}
	for _, tag := range runRec.tags {
		tags = append(tags, map[string]any{"id": tag.ID, "name": tag.Title, "color": deref1(tag.Color)})
	}
	payload["process-tasks"], payload["form-fields"] = tasks, fields
	payload["process"] = map[string]any{
		"id": run.ID, "organization_id": orgID, "name": run.Name, "summary": deref1(run.Summary),
		"status": run.Status, "progress": int(run.Progress.Percent), "created_at": webhookTime(&run.CreatedAt),
		"ClientURL": "https://go.tallyfy.com/tracker/" + run.ID, "prerun": prerun,
		"process_forms": forms, "tags": tags,
	}
	if next != nil {
		payload["next_task"] = next
	}
	return payload
}

// commentPayload is the "comment" member the fake adds to a comment or issue event.
func commentPayload(c gen.Comment) map[string]any {
	return map[string]any{"id": c.ID, "content": deref1(c.Content), "label": deref1(c.Label),
		"created_at": webhookTime(c.CreatedAt), "author": webhookUser(deref1(c.SentBy))}
}

// SubscribeWebhook answers subscribeWebhook (n8n:TallyfyTrigger.node.ts): administrators only
// (403 otherwise, the node's "Instant webhook triggers require a Tallyfy organization admin"); the
// user of the path must be a member (404); the URL absolute http or https (422); 200 and the
// subscription. Not idempotent: the same URL subscribed twice gets every event twice.
func (h apiHandlers) SubscribeWebhook(w http.ResponseWriter, r *http.Request, _ gen.OrgID, userID gen.MemberID) {
	serveWrite(h.s, w, r, http.StatusOK, nil, func(st *store, _ *gen.WebhookSubscription, b gen.SubscribeWebhookRequest) (*gen.WebhookSubscription, *refusal) {
		if !st.isAdmin(h.s.cfg.me) {
			return nil, refuse(http.StatusForbidden, errNeedsAdmin)
		}
		if _, ok := members(st).rows[userID]; !ok {
			return nil, refuse(http.StatusNotFound, errResourceNotFound)
		}
		if b.ObjectID != h.s.cfg.orgID {
			return nil, invalid("object_id", "The selected object id is invalid.")
		}
		if checkWebhookURL(b.Webhook) != nil {
			return nil, invalid("webhook", "The webhook format is invalid.")
		}
		sub, err := st.addWatcher(b.Webhook, h.s.cfg.orgID, userID, h.s.now)
		if err != nil {
			return nil, invalid("webhook", err.Error())
		}
		return sub, nil
	}, func(_ *store, sub gen.WebhookSubscription) gen.WebhookSubscriptionResponse {
		return gen.WebhookSubscriptionResponse{Data: sub}
	})
}

// ListWebhookSubscriptions answers listWebhookSubscriptions: the subscriptions oldest first, a
// page at a time as every list; administrators only.
func (h apiHandlers) ListWebhookSubscriptions(w http.ResponseWriter, r *http.Request, _ gen.OrgID, p gen.ListWebhookSubscriptionsParams) {
	if !h.s.meIsAdmin() {
		writeError(w, http.StatusForbidden, errNeedsAdmin)
		return
	}
	serveRows(h.s, w, r, newPageRequest(p.Page, p.PerPage, nil), func(st *store) []*gen.WebhookSubscription {
		return watchers(st).all()
	}, func(_ *store, page []*gen.WebhookSubscription, meta gen.ListMeta) gen.WebhookSubscriptionList {
		out := gen.WebhookSubscriptionList{Data: make([]gen.WebhookSubscription, 0, len(page)), Meta: &meta}
		for _, sub := range page {
			out.Data = append(out.Data, *sub)
		}
		return out
	})
}

// meIsAdmin reports whether the token's user is an administrator.
func (s *Server) meIsAdmin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.isAdmin(s.cfg.me)
}

// errNeedsAdmin is the 403 of the subscription operations.
var errNeedsAdmin = apiError(true, "Only administrators can manage webhooks.", "FORBIDDEN")

// UnsubscribeWebhook answers unsubscribeWebhook: 200 {} and the subscription gone; 404 when there
// is none; administrators only.
func (h apiHandlers) UnsubscribeWebhook(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.WatcherID) {
	if !h.s.meIsAdmin() { // before the lookup: a member learns nothing of the ids
		writeError(w, http.StatusForbidden, errNeedsAdmin)
		return
	}
	serveWrite(h.s, w, r, http.StatusOK, byKey(watchers, id), func(st *store, sub *gen.WebhookSubscription, _ noBody) (*gen.WebhookSubscription, *refusal) {
		watchers(st).remove(id)
		return sub, nil
	}, func(*store, gen.WebhookSubscription) map[string]any { return map[string]any{} })
}
