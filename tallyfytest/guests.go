package tallyfytest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Guests are named by email in their paths (docs:guests/index); the official n8n node and MCP
// server name a guest's tasks by the guest's id, so every guest path takes either. Ids are
// integers, as in the documentation's examples. Creating guests is capped at 30 per organization
// per hour, answered 429 RATE_LIMIT_EXCEEDED with Retry-After (docs:open-api index); the fake's
// clock stands still, so the cap holds until Reset.

func guests(st *store) *table[string, gen.Guest] { return st.guests }

func guestItem(_ *store, g gen.Guest) gen.GuestResponse { return gen.GuestResponse{Data: g} }

func guestAsAny(_ *store, g gen.Guest) gen.AnyItem {
	var m map[string]any
	raw, _ := marshal(g) // a stored guest always encodes
	_ = json.Unmarshal(raw, &m)
	return gen.AnyItem{Data: m}
}

// guestInvitesPerHour is the documented hourly cap on guest invitations (docs:open-api index).
const guestInvitesPerHour = 30

// byGuest finds a guest by email (any case) or by id.
func byGuest(key string) finder[gen.Guest] {
	return func(st *store) (*gen.Guest, bool) {
		if g, ok := guests(st).rows[strings.ToLower(key)]; ok {
			return g, true
		}
		return guests(st).find(func(g *gen.Guest) bool { return guestID(g) == key })
	}
}

func guestID(g *gen.Guest) string {
	switch id := g.ID.(type) {
	case int:
		return strconv.Itoa(id)
	case string:
		return id
	}
	return ""
}

// ListGuests answers listGuests: q matches the email; stats with with=stats
// (docs:guests/list-guests).
func (h apiHandlers) ListGuests(w http.ResponseWriter, r *http.Request, _ gen.OrgID, p gen.ListGuestsParams) {
	pr := newPageRequest(p.Page, orDefault(p.PerPage, maxPerPage), p.WithoutPagination)
	serveRows(h.s, w, r, pr, func(st *store) []*gen.Guest {
		return slices.DeleteFunc(guests(st).all(), func(g *gen.Guest) bool { return p.Q != nil && !containsFold(*p.Q, g.Email) })
	}, func(st *store, page []*gen.Guest, meta gen.ListMeta) gen.GuestList {
		out := gen.GuestList{Data: make([]gen.Guest, 0, len(page)), Meta: &meta}
		for _, g := range page {
			out.Data = append(out.Data, st.guestView(*g, parseIncludes(p.With)))
		}
		return out
	})
}

// GetGuest answers getGuest with 200; the documentation's 201 is flagged there as doubtful.
func (h apiHandlers) GetGuest(w http.ResponseWriter, _ *http.Request, _ gen.OrgID, key gen.GuestKey, p gen.GetGuestParams) {
	serveRow(h.s, w, byGuest(key), func(st *store, g gen.Guest) gen.GuestResponse {
		return gen.GuestResponse{Data: st.guestView(g, parseIncludes(p.With))}
	})
}

// CreateGuest answers createGuest with 201: 422 for a member's address; an address that is a
// guest already is answered as it is, not duplicated (docs:guests/create-guest); past the hourly
// cap, 429.
func (h apiHandlers) CreateGuest(w http.ResponseWriter, r *http.Request, _ gen.OrgID) {
	serveWrite(h.s, w, r, http.StatusCreated, nil, func(st *store, _ *gen.Guest, b gen.CreateGuestRequest) (*gen.Guest, *refusal) {
		email := string(b.Email)
		if _, ok := st.memberByEmail(email); ok {
			return nil, invalid("email", "The email belongs to a member of this organization.")
		}
		if g, ok := guests(st).rows[strings.ToLower(email)]; ok {
			return g, nil
		}
		if no := st.countGuestInvite(h.s.now); no != nil {
			return nil, no
		}
		g := st.addGuest(email, b.FirstName, b.LastName, h.s.now)
		g.Details.Phone1, g.Details.Phone2, g.Details.CompanyName = b.Phone1, b.Phone2, b.CompanyName
		g.Details.CompanyURL, g.Details.Timezone, g.Details.Status = b.CompanyURL, b.Timezone, b.Status
		return g, nil
	}, guestItem)
}

// UpdateGuest answers updateGuest with 201 (docs:guests/update-guest): associated_members
// replaces the list; every other key is dropped (mcp:tools/user_management.py update_guest).
func (h apiHandlers) UpdateGuest(w http.ResponseWriter, r *http.Request, _ gen.OrgID, key gen.GuestKey) {
	serveWrite(h.s, w, r, http.StatusCreated, byGuest(key), func(st *store, g *gen.Guest, b gen.UpdateGuestRequest) (*gen.Guest, *refusal) {
		refs := make([]gen.GroupMemberID, 0, len(b.AssociatedMembers))
		for i, id := range b.AssociatedMembers {
			if _, ok := members(st).rows[id]; !ok {
				field := "associated_members." + strconv.Itoa(i)
				return nil, invalid(field, "The selected "+field+" is invalid.")
			}
			refs = append(refs, gen.GroupMemberID{ID: id})
		}
		g.Details.AssociatedMembers = &refs
		return g, nil
	}, guestItem)
}

// DeleteGuest answers deleteGuest: the guest leaves every task and group and the organization,
// and is answered with deleted_at set; an unknown address is 422, not 404 (docs:guests/delete-guest).
func (h apiHandlers) DeleteGuest(w http.ResponseWriter, r *http.Request, _ gen.OrgID, key gen.GuestKey) {
	unknown := func(st *store) (*gen.Guest, bool) {
		if g, ok := byGuest(key)(st); ok {
			return g, true
		}
		return nil, true // answered below: the API validates the address instead of 404
	}
	serveWrite(h.s, w, r, http.StatusOK, unknown, func(st *store, g *gen.Guest, _ noBody) (*gen.Guest, *refusal) {
		if g == nil {
			return nil, invalid("email", "The selected email is invalid.")
		}
		for _, t := range st.tasks {
			t.task.Owners.Guests = slices.DeleteFunc(t.task.Owners.Guests, func(e string) bool { return strings.EqualFold(e, g.Email) })
		}
		st.dropFromGroups(0, g.Email)
		gone := *g
		gone.DeletedAt = ptr(h.s.now.Format(time.RFC3339))
		guests(st).remove(strings.ToLower(g.Email))
		return &gone, nil
	}, guestItem)
}

// DisableGuest answers disableGuest: disabled_at and disabled_by are set; the guest keeps their
// tasks (mcp:tools/user_management.py disable_guest).
func (h apiHandlers) DisableGuest(w http.ResponseWriter, r *http.Request, _ gen.OrgID, key gen.GuestKey) {
	serveWrite(h.s, w, r, http.StatusOK, byGuest(key), func(_ *store, g *gen.Guest, _ noBody) (*gen.Guest, *refusal) {
		g.Details.DisabledAt, g.Details.DisabledBy = ptr(h.s.now.Format(time.RFC3339)), ptr(h.s.cfg.me)
		return g, nil
	}, guestItem)
}

// EnableGuest answers enableGuest: disabled_at is cleared and reactivated_at set.
func (h apiHandlers) EnableGuest(w http.ResponseWriter, r *http.Request, _ gen.OrgID, key gen.GuestKey) {
	serveWrite(h.s, w, r, http.StatusOK, byGuest(key), func(_ *store, g *gen.Guest, _ noBody) (*gen.Guest, *refusal) {
		if g.Details.DisabledAt != nil {
			g.Details.DisabledAt, g.Details.DisabledBy = nil, nil
			g.Details.ReactivatedAt, g.Details.ReactivatedBy = ptr(h.s.now.Format(time.RFC3339)), ptr(h.s.cfg.me)
		}
		return g, nil
	}, guestItem)
}

// ListGuestTasks answers listGuestTasks: the tasks the guest is assigned, in pages of 10 whatever
// per_page says (mcp:utils/pagination.py).
func (h apiHandlers) ListGuestTasks(w http.ResponseWriter, r *http.Request, _ gen.OrgID, key gen.GuestKey, p gen.ListGuestTasksParams) {
	var email string
	person := func(st *store) (*gen.User, bool) {
		g, ok := byGuest(key)(st)
		if ok {
			email = g.Email
		}
		return nil, ok
	}
	h.s.servePersonTasks(w, r, person, func(t gen.Task) bool {
		return slices.ContainsFunc(t.Owners.Guests, func(e string) bool { return strings.EqualFold(e, email) })
	}, p.Status, p.Sort, newPageRequest(p.Page, nil, nil))
}

// ConvertGuestToMember answers convertGuestToMember (n8n node; the answer is undocumented): the
// guest becomes an active member with the light role, and the tasks assigned to the guest are
// assigned to the member (assumed: no source says what happens to them).
func (h apiHandlers) ConvertGuestToMember(w http.ResponseWriter, r *http.Request, _ gen.OrgID, key gen.GuestKey) {
	serveWrite(h.s, w, r, http.StatusOK, byGuest(key), func(st *store, g *gen.Guest, _ noBody) (*gen.User, *refusal) {
		if _, ok := st.memberByEmail(g.Email); ok {
			return nil, invalid("email", "The email has already been taken.")
		}
		id := 1
		for _, u := range members(st).all() {
			id = max(id, u.ID+1)
		}
		first, last := deref1(g.FirstName), deref1(g.LastName)
		full := strings.TrimSpace(first + " " + last)
		u := members(st).put(id, gen.User{
			ID: id, Email: ptr(g.Email), FirstName: &first, LastName: &last, FullName: &full,
			Role: ptr("light"), Status: ptr("active"), IsActive: ptr(true), CreatedAt: &h.s.now, UpdatedAt: &h.s.now,
		})
		for _, t := range st.tasks {
			if i := slices.IndexFunc(t.task.Owners.Guests, func(e string) bool { return strings.EqualFold(e, g.Email) }); i >= 0 {
				t.task.Owners.Guests = slices.Delete(t.task.Owners.Guests, i, i+1)
				t.task.Owners.Users = append(t.task.Owners.Users, gen.UserRef{ID: id})
			}
		}
		st.dropFromGroups(0, g.Email)
		guests(st).remove(strings.ToLower(g.Email))
		return u, nil
	}, func(_ *store, u gen.User) gen.AnyItem {
		var m map[string]any
		raw, _ := marshal(u) // a stored member always encodes
		_ = json.Unmarshal(raw, &m)
		return gen.AnyItem{Data: m}
	})
}

// addGuest stores a new guest (with the next integer id) and returns it.
func (st *store) addGuest(email string, first, last *string, now time.Time) *gen.Guest {
	st.lastGuestID++
	link := "https://go.tallyfy.com/guest/" + email
	return guests(st).put(strings.ToLower(email), gen.Guest{
		ID: st.lastGuestID, Email: email, FirstName: first, LastName: last, Link: &link,
		CreatedAt: ptr(now.Format(time.RFC3339)), Details: &gen.GuestDetails{},
	})
}

// countGuestInvite counts an invitation against the hourly cap, or refuses it past the cap.
func (st *store) countGuestInvite(now time.Time) *refusal {
	return capHourly(&st.guestInvites, guestInvitesPerHour, "Guest Invite", now)
}

// guestView is a guest as answered: stats only with with=stats (docs:guests/list-guests).
func (st *store) guestView(g gen.Guest, inc includes) gen.Guest {
	if inc["stats"] {
		assigned, completed := 0, 0
		for _, t := range st.tasks {
			if slices.ContainsFunc(t.task.Owners.Guests, func(e string) bool { return strings.EqualFold(e, g.Email) }) {
				if isComplete(t.task) {
					completed++
				} else {
					assigned++
				}
			}
		}
		g.Stats = object(map[string]any{"assigned_tasks": assigned, "tasks_completed": completed})
	}
	return g
}

func orDefault(p *int, def int) *int {
	if p == nil {
		return &def
	}
	return p
}
