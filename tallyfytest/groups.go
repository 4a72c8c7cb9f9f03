package tallyfytest

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	openapitypes "github.com/oapi-codegen/runtime/types"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Groups are named sets of members (user ids) and guests (emails) (docs:groups/*). Names are
// unique; members and guests sent on an update replace their list; deleting a group gives the
// tasks assigned to it to its members (docs:changelog/2022/2022-09-27: "tasks now automatically
// reassign to individual members").

func groups(st *store) *table[string, gen.Group] { return st.groups }

func groupItem(_ *store, g gen.Group) gen.GroupResponse { return gen.GroupResponse{Data: g} }

// ListGroups answers listGroups: q matches name or description; sort_by name, created_at (the
// default) or updated_at (docs:groups/list-groups).
func (h apiHandlers) ListGroups(w http.ResponseWriter, r *http.Request, _ gen.OrgID, p gen.ListGroupsParams) {
	serveRows(h.s, w, r, newPageRequest(p.Page, p.PerPage, nil), func(st *store) []*gen.Group {
		rows := slices.DeleteFunc(groups(st).all(), func(g *gen.Group) bool {
			return p.Q != nil && !containsFold(*p.Q, deref1(g.Name), deref1(g.Description))
		})
		sortGroups(rows, deref1(p.SortBy))
		return rows
	}, func(_ *store, page []*gen.Group, meta gen.ListMeta) gen.GroupList {
		out := gen.GroupList{Data: make([]gen.Group, 0, len(page)), Meta: &meta}
		for _, g := range page {
			out.Data = append(out.Data, *g)
		}
		return out
	})
}

// GetGroup answers getGroup.
func (h apiHandlers) GetGroup(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, id gen.GroupID, _ gen.GetGroupParams) {
	serveRow(h.s, w, byKey(groups, id), groupItem)
}

// CreateGroup answers createGroup with 201 (docs:groups/create-group): a unique name, known
// members.
func (h apiHandlers) CreateGroup(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	serveWrite(h.s, w, r, http.StatusCreated, nil, func(st *store, _ *gen.Group, b gen.CreateGroupRequest) (*gen.Group, *refusal) {
		g := gen.Group{ID: st.newID("group"), Name: &b.Name, Description: &b.Description, CreatedAt: &h.s.now, LastUpdated: &h.s.now}
		if no := st.setGroup(&g, b.Name, b.Members, b.Guests); no != nil {
			return nil, no
		}
		return groups(st).put(g.ID, g), nil
	}, groupItem)
}

// UpdateGroup answers updateGroup with 201 (docs:groups/update-group): members and guests, when
// sent, replace their list.
func (h apiHandlers) UpdateGroup(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.GroupID) {
	serveWrite(h.s, w, r, http.StatusCreated, byKey(groups, id), func(st *store, g *gen.Group, b gen.UpdateGroupRequest) (*gen.Group, *refusal) {
		next := *g
		next.Description, next.LastUpdated = &b.Description, &h.s.now
		if no := st.setGroup(&next, deref1(cmp.Or(b.Name, g.Name)), b.Members, b.Guests); no != nil {
			return nil, no
		}
		*g = next
		return g, nil
	}, groupItem)
}

// DeleteGroup answers deleteGroup with 204 (docs:groups/delete-group): the group leaves every
// task, whose assignees gain its members instead, and every process's groups.
func (h apiHandlers) DeleteGroup(w http.ResponseWriter, r *http.Request, _ gen.OrgID, id gen.GroupID) {
	serveWrite(h.s, w, r, http.StatusNoContent, byKey(groups, id), func(st *store, g *gen.Group, _ noBody) (*gen.Group, *refusal) {
		memberIDs := userIDs(deref(g.Members))
		for _, t := range st.tasks {
			if i := slices.Index(t.task.Owners.Groups, id); i >= 0 {
				t.task.Owners.Groups = slices.Delete(t.task.Owners.Groups, i, i+1)
				users := userIDs(t.task.Owners.Users)
				for _, m := range memberIDs {
					if !slices.Contains(users, m) {
						t.task.Owners.Users = append(t.task.Owners.Users, gen.UserRef{ID: m})
						users = append(users, m)
					}
				}
				t.task.LastUpdated = h.s.now
			}
		}
		for _, run := range st.runs {
			run.run.Groups = slices.DeleteFunc(run.run.Groups, func(g string) bool { return g == id })
		}
		groups(st).remove(id)
		return g, nil
	}, groupItem)
}

// setGroup gives g its name and, when sent, its members and guests, refusing a name another group
// has and members the organization does not have.
func (st *store) setGroup(g *gen.Group, name string, memberIDs *[]int, guestEmails *[]openapitypes.Email) *refusal {
	if _, taken := groups(st).find(func(o *gen.Group) bool { return o.ID != g.ID && strings.EqualFold(deref1(o.Name), name) }); taken {
		return invalid("name", "The name has already been taken.")
	}
	g.Name = &name
	if memberIDs != nil {
		refs := make([]gen.GroupMemberID, 0, len(*memberIDs))
		for _, id := range *memberIDs {
			if _, ok := members(st).rows[id]; !ok {
				return invalid("members", "The selected members is invalid.")
			}
			refs = append(refs, gen.GroupMemberID{ID: id})
		}
		g.Members = &refs
	}
	if guestEmails != nil {
		emails := make([]string, len(*guestEmails))
		for i, e := range *guestEmails {
			emails[i] = string(e)
		}
		g.Guests = &emails
	}
	g.Members, g.Guests = ptr(nonNil(deref(g.Members))), ptr(nonNil(deref(g.Guests)))
	return nil
}

// dropFromGroups takes a member (userID) or a guest (email) out of every group.
func (st *store) dropFromGroups(userID int, email string) {
	for _, g := range groups(st).all() {
		if userID != 0 && g.Members != nil {
			*g.Members = slices.DeleteFunc(*g.Members, func(m gen.GroupMemberID) bool { return m.ID == userID })
		}
		if email != "" && g.Guests != nil {
			*g.Guests = slices.DeleteFunc(*g.Guests, func(e string) bool { return strings.EqualFold(e, email) })
		}
	}
}

func sortGroups(rows []*gen.Group, by gen.ListGroupsParamsSortBy) {
	switch by {
	case gen.ListGroupsParamsSortByName:
		slices.SortStableFunc(rows, func(a, b *gen.Group) int { return cmp.Compare(deref1(a.Name), deref1(b.Name)) })
	case gen.ListGroupsParamsSortByUpdatedAt:
		slices.SortStableFunc(rows, func(a, b *gen.Group) int { return deref1(a.LastUpdated).Compare(deref1(b.LastUpdated)) })
	}
}
