package tallyfytest

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Members are the organization's users (docs:members/*). Every status is listed (mcp:tools/
// user_management.py get_organization_users); disabling keeps a member and their tasks; removing
// takes them out of the list; a member's tasks are the tasks assigned to them. Permissions are
// not simulated: every token may do what an administrator may, except invite an administrator
// when it is not one (docs:members/invite-member).

func members(st *store) *table[int, gen.User] { return st.members }

func memberItem(_ *store, u gen.User) gen.UserResponse { return gen.UserResponse{Data: u} }

// memberDefaultPerPage is the fake's page size when none is asked for: the documentation's 9999
// (docs:members/list-members), capped as every list of the fake is.
const memberDefaultPerPage = maxPerPage

// GetOrganization answers getOrganization. users_count counts active members only (mcp:tools/
// user_management.py get_organization).
func (h apiHandlers) GetOrganization(w http.ResponseWriter, _ *http.Request, _ gen.OrgID) {
	w, st, done := h.s.lockFor(w)
	defer done()
	h.s.writeOK(w, gen.OrganizationResponse{Data: h.s.organization(st)})
}

// ListMembers answers listMembers: q matches first name, last name or email; sort by a user
// field, "-" first for descending (docs:members/list-members).
func (h apiHandlers) ListMembers(w http.ResponseWriter, r *http.Request, _ gen.OrgID, p gen.ListMembersParams) {
	pr := newPageRequest(p.Page, cmp.Or(p.PerPage, ptr(memberDefaultPerPage)), nil)
	serveRows(h.s, w, r, pr, func(st *store) []*gen.User {
		rows := slices.DeleteFunc(members(st).all(), func(u *gen.User) bool {
			return p.Q != nil && !containsFold(*p.Q, deref1(u.FirstName), deref1(u.LastName), deref1(u.Email))
		})
		sortMembers(rows, deref1(p.Sort))
		return rows
	}, func(st *store, page []*gen.User, meta gen.ListMeta) gen.UserList {
		out := gen.UserList{Data: make([]gen.User, 0, len(page)), Meta: &meta}
		for _, u := range page {
			out.Data = append(out.Data, st.memberView(*u, parseIncludes(p.With)))
		}
		return out
	})
}

// GetMember answers getMember.
func (h apiHandlers) GetMember(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, id gen.MemberID, p gen.GetMemberParams) {
	serveRow(h.s, w, byKey(members, id), func(st *store, u gen.User) gen.UserResponse {
		return gen.UserResponse{Data: st.memberView(u, parseIncludes(p.With))}
	})
}

// InviteMember answers inviteMember: a new member with status "invited", not active, until they
// accept; 422 when the address is a member's already (docs:members/invite-member). Not
// idempotent: every request invites.
func (h apiHandlers) InviteMember(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	serveWrite(h.s, w, r, http.StatusOK, nil, func(st *store, _ *gen.User, b gen.InviteMemberRequest) (*gen.User, *refusal) {
		if _, taken := st.memberByEmail(string(b.Email)); taken {
			return nil, invalid("email", "The email has already been taken.")
		}
		if b.Role == gen.MemberRoleAdmin && !st.isAdmin(h.s.cfg.me) {
			return nil, refuse(http.StatusForbidden, apiError(true, "Only administrators can invite administrators.", "FORBIDDEN"))
		}
		now, me := h.s.now, h.s.cfg.me
		id := 1
		for _, u := range members(st).all() {
			id = max(id, u.ID+1)
		}
		full := b.FirstName + " " + b.LastName
		return members(st).put(id, gen.User{
			ID: id, Email: ptr(string(b.Email)), FirstName: &b.FirstName, LastName: &b.LastName, FullName: &full,
			Role: ptr(string(b.Role)), Status: ptr("invited"), IsActive: ptr(false),
			Timezone: ptr("Europe/London"), UTCOffset: ptr("+00:00"),
			InvitedBy: &me, ApprovedAt: &now, CreatedAt: &now, UpdatedAt: &now,
		}), nil
	}, memberItem)
}

// UpdateMember answers updateMember (docs:members/update-member).
func (h apiHandlers) UpdateMember(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.MemberID) {
	serveWrite(h.s, w, r, http.StatusOK, byKey(members, id), h.s.updateProfile, memberItem)
}

// UpdateMyProfile answers updateMyProfile: updateMember on the token's user.
func (h apiHandlers) UpdateMyProfile(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	serveWrite(h.s, w, r, http.StatusOK, byKey(members, h.s.cfg.me), h.s.updateProfile, memberItem)
}

func (s *Server) updateProfile(_ *store, u *gen.User, b gen.UpdateProfileRequest) (*gen.User, *refusal) {
	full := b.FirstName + " " + b.LastName
	u.FirstName, u.LastName, u.FullName, u.Timezone = &b.FirstName, &b.LastName, &full, &b.Timezone
	u.Phone = cmp.Or(b.Phone, u.Phone)
	u.JobTitle = cmp.Or(b.JobTitle, u.JobTitle)
	u.JobDescription = cmp.Or(b.JobDescription, u.JobDescription)
	u.Team = cmp.Or(b.Team, u.Team)
	u.CountryID = cmp.Or(b.CountryID, u.CountryID)
	if b.DateFormat != nil {
		u.DateFormat = ptr(string(*b.DateFormat))
	}
	u.UpdatedAt = &s.now
	return u, nil
}

// ChangeMemberRole answers changeMemberRole (docs:members/update-member-role).
func (h apiHandlers) ChangeMemberRole(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.MemberID) {
	serveWrite(h.s, w, r, http.StatusOK, byKey(members, id), func(_ *store, u *gen.User, b gen.ChangeRoleRequest) (*gen.User, *refusal) {
		u.Role, u.UpdatedAt = ptr(string(b.Role)), &h.s.now
		return u, nil
	}, memberItem)
}

// DisableMember answers disableMember: the member stays, with their tasks, and cannot sign in
// (docs:members/remove-member; mcp:tools/user_management.py disable_user).
func (h apiHandlers) DisableMember(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.MemberID) {
	serveWrite(h.s, w, r, http.StatusOK, byKey(members, id), func(_ *store, u *gen.User, _ noBody) (*gen.User, *refusal) {
		if deref1(u.IsDefaultAdmin) {
			return nil, refuse(http.StatusBadRequest, errDefaultAdmin)
		}
		u.Status, u.IsActive, u.UpdatedAt = ptr("disabled"), ptr(false), &h.s.now
		return u, nil
	}, memberItem)
}

// EnableMember answers enableMember.
func (h apiHandlers) EnableMember(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.MemberID) {
	serveWrite(h.s, w, r, http.StatusOK, byKey(members, id), func(_ *store, u *gen.User, _ noBody) (*gen.User, *refusal) {
		if deref1(u.Status) == "disabled" {
			u.Status, u.IsActive = ptr("active"), ptr(true)
		}
		u.UpdatedAt = &h.s.now
		return u, nil
	}, memberItem)
}

// RemoveMember answers removeMember: the member leaves the organization (and its list) and is
// answered with status "disabled"; with_reassignment=true&to=ID gives their tasks to that member
// first; the default administrator is refused with 400 (docs:members/remove-member).
func (h apiHandlers) RemoveMember(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.MemberID, p gen.RemoveMemberParams) {
	serveWrite(h.s, w, r, http.StatusOK, byKey(members, id), func(st *store, u *gen.User, _ noBody) (*gen.User, *refusal) {
		if deref1(u.IsDefaultAdmin) {
			return nil, refuse(http.StatusBadRequest, errDefaultAdmin)
		}
		if isTrue(p.WithReassignment) {
			if p.To == nil {
				return nil, invalid("to", "The to field is required when with reassignment is true.")
			}
			if _, ok := members(st).rows[*p.To]; !ok || *p.To == id {
				return nil, invalid("to", "The selected to is invalid.")
			}
			st.reassignUser(id, *p.To, h.s.now)
		}
		gone := *u
		gone.Status, gone.IsActive = ptr("disabled"), ptr(false)
		members(st).remove(id)
		return &gone, nil
	}, memberItem)
}

// DeleteMember answers deleteMember: only a disabled member can be deleted (docs:members/
// remove-member: "requires the member to be disabled first"); the body is undocumented, so the
// fake answers the id.
func (h apiHandlers) DeleteMember(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.MemberID) {
	serveWrite(h.s, w, r, http.StatusOK, byKey(members, id), func(st *store, u *gen.User, _ noBody) (*gen.User, *refusal) {
		if deref1(u.Status) != "disabled" {
			return nil, invalid("user_id", "The member must be disabled before it can be deleted.")
		}
		members(st).remove(id)
		return &gen.User{ID: id}, nil
	}, func(_ *store, u gen.User) gen.AnyItem { return gen.AnyItem{Data: map[string]any{"id": u.ID}} })
}

// ConvertMemberToGuest answers convertMemberToGuest (n8n node; the answer is undocumented): the
// member leaves the members and becomes a guest with the same address and names, and the tasks
// assigned to them are assigned to that guest (assumed: no source says what happens to them).
func (h apiHandlers) ConvertMemberToGuest(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.MemberID) {
	serveWrite(h.s, w, r, http.StatusOK, byKey(members, id), func(st *store, u *gen.User, _ noBody) (*gen.Guest, *refusal) {
		email := deref1(u.Email)
		g := st.addGuest(email, u.FirstName, u.LastName, h.s.now)
		for _, t := range st.tasks {
			if i := slices.Index(userIDs(t.task.Owners.Users), id); i >= 0 {
				t.task.Owners.Users = slices.Delete(t.task.Owners.Users, i, i+1)
				if !slices.Contains(t.task.Owners.Guests, email) {
					t.task.Owners.Guests = append(t.task.Owners.Guests, email)
				}
			}
		}
		st.dropFromGroups(id, "")
		members(st).remove(id)
		return g, nil
	}, guestAsAny)
}

// ListMemberTasks answers listMemberTasks: the tasks assigned to the member, open or done, of
// active runs and one-off tasks (n8n node getUserTasks; mcp:tools/task_management.py).
func (h apiHandlers) ListMemberTasks(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.MemberID, p gen.ListMemberTasksParams) {
	h.s.servePersonTasks(w, r, byKey(members, id), func(t gen.Task) bool { return slices.Contains(userIDs(t.Owners.Users), id) },
		p.Status, p.Sort, newPageRequest(p.Page, p.PerPage, nil))
}

// servePersonTasks answers a member's or a guest's tasks: 404 for an unknown person, then the
// tasks assigned filtered by status (all, active, completed) and sorted (newest first for
// "newest", else by deadline).
func servePersonTasksRows(st *store, assigned func(gen.Task) bool, status *gen.PersonTaskStatus, sort *string) []*taskRecord {
	var out []*taskRecord
	for _, t := range st.tasks {
		if !assigned(t.task) || t.task.ArchivedAt != nil { // archived one-off tasks leave the lists
			continue
		}
		done := isComplete(t.task)
		switch deref1((*gen.PersonTaskStatusFilter)(status)) {
		case gen.PersonTaskStatusFilterActive:
			if done {
				continue
			}
		case gen.PersonTaskStatusFilterCompleted:
			if !done {
				continue
			}
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b *taskRecord) int {
		if deref1(sort) == "newest" {
			if c := b.task.CreatedAt.Compare(a.task.CreatedAt); c != 0 {
				return c
			}
		} else if c := compareDeadlines(a.task.Deadline, b.task.Deadline); c != 0 {
			return c
		}
		return cmp.Compare(a.task.ID, b.task.ID)
	})
	return out
}

func (s *Server) servePersonTasks(w http.ResponseWriter, r *http.Request, person finder[gen.User], assigned func(gen.Task) bool, status *gen.PersonTaskStatus, sort *string, pr pageRequest) {
	w, st, done := s.lockFor(w)
	defer done()
	if person != nil {
		if _, ok := person(st); !ok {
			writeError(w, http.StatusNotFound, errResourceNotFound)
			return
		}
	}
	page, meta := paginate(servePersonTasksRows(st, assigned, status, sort), pr, r)
	resp := gen.TaskList{Data: make([]gen.Task, 0, len(page)), Meta: &meta}
	for _, t := range page {
		resp.Data = append(resp.Data, st.taskView(t, includes{}, false))
	}
	s.writeOK(w, resp)
}

// errDefaultAdmin is the 400 the documentation gives for the default administrator
// (docs:members/remove-member).
var errDefaultAdmin = apiError(true, "Cannot modify the default administrator. Please assign another member as default administrator first.", "")

// memberView is a member as answered: groups with with=groups (docs:members/list-members), stats
// with with=stats.
func (st *store) memberView(u gen.User, inc includes) gen.User {
	if inc["groups"] {
		var gs []gen.Group
		for _, g := range groups(st).all() {
			for _, m := range deref(g.Members) {
				if m.ID == u.ID {
					gs = append(gs, *g)
				}
			}
		}
		u.Groups = ptr(gen.RelatedGroups(nonNil(gs)))
	}
	if inc["stats"] {
		completed := 0
		for _, t := range st.tasks {
			if isComplete(t.task) && slices.Contains(userIDs(t.task.Owners.Users), u.ID) {
				completed++
			}
		}
		u.Stats = object(map[string]any{"data": map[string]any{"tasks_completed": completed}})
	}
	return u
}

func (st *store) memberByEmail(email string) (*gen.User, bool) {
	return members(st).find(func(u *gen.User) bool { return strings.EqualFold(deref1(u.Email), email) })
}

func (st *store) isAdmin(id int) bool {
	u, ok := members(st).rows[id]
	return ok && strings.EqualFold(deref1(u.Role), "admin")
}

// reassignUser gives every task assigned to from to to instead.
func (st *store) reassignUser(from, to int, now time.Time) {
	for _, t := range st.tasks {
		ids := userIDs(t.task.Owners.Users)
		if !slices.Contains(ids, from) {
			continue
		}
		ids = slices.DeleteFunc(ids, func(id int) bool { return id == from || id == to })
		t.task.Owners.Users = userRefs(append(ids, to))
		t.task.LastUpdated = now
	}
}

// sortMembers sorts by the field sort names ("-" first for descending); unknown fields keep the
// table's order.
func sortMembers(rows []*gen.User, sort string) {
	field, desc := strings.CutPrefix(sort, "-")
	key := map[string]func(*gen.User) string{
		"first_name": func(u *gen.User) string { return deref1(u.FirstName) },
		"last_name":  func(u *gen.User) string { return deref1(u.LastName) },
		"email":      func(u *gen.User) string { return deref1(u.Email) },
		"created_at": func(u *gen.User) string {
			if u.CreatedAt == nil {
				return ""
			}
			return u.CreatedAt.UTC().Format(time.RFC3339Nano)
		},
	}[field]
	if key == nil {
		return
	}
	slices.SortStableFunc(rows, func(a, b *gen.User) int {
		c := cmp.Compare(key(a), key(b))
		if desc {
			return -c
		}
		return c
	})
}

func containsFold(q string, fields ...string) bool {
	q = strings.ToLower(q)
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), q) {
			return true
		}
	}
	return false
}

// deref1 is the value of an optional field, or its zero value.
func deref1[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func compareDeadlines(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}
