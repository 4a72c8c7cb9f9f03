package tallyfytest

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Me answers me: the user the token belongs to, MeUserID unless WithMe (cli:resources.go,
// cli:types.go Me; the n8n node's live test reads data.id).
// A member of the organization answers as stored, so that updateMyProfile shows here.
func (h apiHandlers) Me(w http.ResponseWriter, _ *http.Request) {
	w, st, done := h.s.lockFor(w)
	defer done()
	me := sampleUser(h.s.cfg.me)
	if u, ok := members(st).rows[h.s.cfg.me]; ok {
		me = *u
	}
	h.s.writeOK(w, gen.UserResponse{Data: me})
}

// MyOrganizations answers myOrganizations: the one organization the fake serves, paged like any
// list (cli:resources.go pages through it). The token belongs to no other organization.
func (h apiHandlers) MyOrganizations(w http.ResponseWriter, r *http.Request, params gen.MyOrganizationsParams) {
	w, st, done := h.s.lockFor(w)
	defer done()
	orgs := []gen.Organization{h.s.organization(st)}
	page, meta := paginate(orgs, newPageRequest(params.Page, params.PerPage, nil), r)
	h.s.writeOK(w, gen.OrganizationList{Data: page, Meta: &meta})
}

// sampleUser is the user object of id: a sample member's names, or generated ones.
func sampleUser(id int) gen.User {
	name, email, job := "User "+strconv.Itoa(id), "user"+strconv.Itoa(id)+"@acme.example", "Member"
	if u, ok := sampleUsers[id]; ok {
		name, email, job = u.name, u.email, u.job
	}
	first, last, _ := strings.Cut(name, " ")
	username, _, _ := strings.Cut(email, "@")
	return gen.User{
		ID: id, Email: &email, Username: &username,
		FirstName: &first, LastName: &last, FullName: &name,
		Timezone: ptr("Europe/London"), UTCOffset: ptr("+00:00"), ProfilePic: nil,
		Locale: ptr("en"), Phone: nil, JobTitle: &job,
	}
}

// organization describes the served organization as msc's
// Get_User_Organizations does; its id is Server.OrgID. users_count counts the active members
// (mcp:tools/user_management.py get_organization).
func (s *Server) organization(st *store) gen.Organization {
	active := 0
	for _, u := range members(st).all() {
		if deref1(u.Status) == "active" {
			active++
		}
	}
	created := time.Date(2021, time.March, 4, 9, 0, 0, 0, time.UTC)
	role := "standard"
	if s.cfg.me == AdminUserID {
		role = "admin"
	}
	return gen.Organization{
		ID: s.cfg.orgID, Name: ptr("Acme Operations"), Description: nil, Slug: ptr("acme-operations"),
		Industry: ptr("Professional services"), UsersCount: ptr(active),
		UserRole: &role, UserStatus: ptr("active"), OrgLogo: nil,
		CreatedAt: &created, CreatedOn: &created, LastUpdated: ptr(s.now.AddDate(0, -1, 0)),
		JoinedOn: &created, DisabledOn: nil, LastAccessed: ptr(s.now),
	}
}
