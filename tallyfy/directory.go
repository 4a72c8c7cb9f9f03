package tallyfy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"weak"
)

// People by who they are. Everywhere the client takes people (a process's
// owner and members, task owners, assignees_form values, the task lists'
// owner filters) a People list names them as a person would:
//
//   - a member by email ("alice@acme.example"), by full name ("Alice
//     Admin", ignoring case and repeated spaces) or by user id ("1001");
//   - a group by name ("Finance") or by id;
//   - a guest by email, where the API takes guests: an address that is no
//     member's but an existing guest's names that guest. A new guest (the
//     API invites them, which counts toward the organization's 30 guest
//     invitations an hour) is only ever named on purpose: "guest:" before
//     the address, or the address in Assignees.Guests. An address that is
//     nobody's is refused, so a typo never invites a stranger.
//
// The names are resolved against the organization's directory (ListMembers,
// ListGuests, ListGroups, every page) before anything is written: an
// ambiguous name is refused listing its candidates, an unknown one naming
// it, a disabled member or guest saying so, and a guest where the API takes
// none (a process's members and owner, the organization's task filter). The
// directory is read once and kept per organization for
// DefaultPeopleCacheTTL, shared by the ForOrganization copies of a Client; a
// name it does not know makes one call read it again before refusing, so a
// member invited a minute ago is found.

// DefaultPeopleCacheTTL is how long a client keeps an organization's
// directory (members, guests, groups) to resolve names; see
// WithPeopleCacheTTL.
const DefaultPeopleCacheTTL = 5 * time.Minute

// guestPrefix marks a People entry as a guest's address on purpose, the way
// to assign a guest the directory does not know yet.
const guestPrefix = "guest:"

// WithPeopleCacheTTL sets how long the client keeps an organization's
// directory to resolve People names (DefaultPeopleCacheTTL when not set).
// 0 reads it afresh for every call that names people; each call still reads
// it at most once, plus once more for a name it does not find.
func WithPeopleCacheTTL(ttl time.Duration) Option {
	return func(c *config) error {
		if ttl < 0 {
			return fmt.Errorf("%w: people cache TTL %s: use 0 to read the directory for every call, or a positive duration", ErrInvalidConfig, ttl)
		}
		pc := peopleCacheFor(c)
		pc.mu.Lock()
		pc.ttl = ttl
		pc.mu.Unlock()
		return nil
	}
}

// peopleCaches holds each client configuration's directory cache, keyed by
// a weak pointer so that a configuration nobody uses takes its cache with
// it. ForOrganization copies share their configuration (the same token and
// host), so they share the cache; it is keyed by organization inside.
var peopleCaches sync.Map // weak.Pointer[config] → *peopleCache

func peopleCacheFor(cfg *config) *peopleCache {
	key := weak.Make(cfg)
	if pc, ok := peopleCaches.Load(key); ok {
		return pc.(*peopleCache)
	}
	pc, loaded := peopleCaches.LoadOrStore(key, &peopleCache{ttl: DefaultPeopleCacheTTL, now: time.Now, orgs: map[string]*orgDirectory{}})
	if !loaded {
		runtime.AddCleanup(cfg, func(k weak.Pointer[config]) { peopleCaches.Delete(k) }, key)
	}
	return pc.(*peopleCache)
}

// peopleCache is one configuration's directories, by organization.
type peopleCache struct {
	mu   sync.Mutex
	ttl  time.Duration
	now  func() time.Time // tests replace it
	orgs map[string]*orgDirectory
}

func (pc *peopleCache) org(orgID string) *orgDirectory {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	d := pc.orgs[orgID]
	if d == nil {
		d = &orgDirectory{}
		pc.orgs[orgID] = d
	}
	return d
}

func (pc *peopleCache) clock() (time.Time, time.Duration) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.now(), pc.ttl
}

// orgDirectory is one organization's directory, each list cached on its
// own: a call that names only members never reads the guests, and a token
// that may not list guests can still name members.
type orgDirectory struct {
	members cachedList[memberIndex]
	guests  cachedList[guestIndex]
	groups  cachedList[groupIndex]
}

// cachedList is one list of the directory: the index built from its last
// read, and the read in flight, which concurrent callers share.
type cachedList[V any] struct {
	mu      sync.Mutex
	value   *V
	read    time.Time
	gen     uint64 // counts the reads; 0: never read
	loading *listLoad[V]
}

type listLoad[V any] struct {
	done  chan struct{}
	value *V
	gen   uint64
	err   error
}

// get returns the list's index: the cached one while it is younger than the
// TTL and newer than generation stale, else a read (one for all concurrent
// callers). fresh reports an index read during this call, which reading
// again would not change.
func (l *cachedList[V]) get(ctx context.Context, pc *peopleCache, stale uint64, load func(context.Context) (*V, error)) (v *V, gen uint64, fresh bool, err error) {
	for {
		now, ttl := pc.clock()
		l.mu.Lock()
		if l.value != nil && l.gen > stale && now.Sub(l.read) < ttl {
			v, gen = l.value, l.gen
			l.mu.Unlock()
			return v, gen, false, nil
		}
		if ld := l.loading; ld != nil {
			l.mu.Unlock()
			select {
			case <-ld.done:
			case <-ctx.Done():
				return nil, 0, false, ctx.Err()
			}
			// Another caller's cancelled read is no answer for this one.
			if ld.err != nil && isContextError(ld.err) && ctx.Err() == nil {
				continue
			}
			return ld.value, ld.gen, true, ld.err
		}
		ld := &listLoad[V]{done: make(chan struct{})}
		l.loading = ld
		l.mu.Unlock()

		ld.value, ld.err = load(ctx)
		read, _ := pc.clock()
		l.mu.Lock()
		if ld.err == nil {
			l.gen++
			l.value, l.read = ld.value, read
		}
		ld.gen = l.gen
		l.loading = nil
		l.mu.Unlock()
		close(ld.done)
		return ld.value, ld.gen, true, ld.err
	}
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// memberIndex finds members by email (folded), user id and full name
// (normalized by personKey).
type memberIndex struct {
	byEmail map[string]*User
	byID    map[int]*User
	byName  map[string][]*User
}

type guestIndex struct {
	byEmail map[string]*Guest
}

type groupIndex struct {
	byID   map[string]*Group
	byName map[string][]*Group
}

// directoryPageSize is the largest page the lists take.
const directoryPageSize = 100

func (c *Client) readMembers(ctx context.Context) (*memberIndex, error) {
	idx := &memberIndex{byEmail: map[string]*User{}, byID: map[int]*User{}, byName: map[string][]*User{}}
	for u, err := range c.ListMembers(ctx, &ListMembersOptions{PerPage: directoryPageSize}) {
		if err != nil {
			return nil, fmt.Errorf("reading the organization's members to resolve names: %w", err)
		}
		idx.byID[u.ID] = u
		if u.Email != nil && *u.Email != "" {
			idx.byEmail[strings.ToLower(strings.TrimSpace(*u.Email))] = u
		}
		for _, name := range memberNames(u) {
			idx.byName[name] = append(idx.byName[name], u)
		}
	}
	return idx, nil
}

func (c *Client) readGuests(ctx context.Context) (*guestIndex, error) {
	idx := &guestIndex{byEmail: map[string]*Guest{}}
	for g, err := range c.ListGuests(ctx, &ListGuestsOptions{PerPage: directoryPageSize}) {
		if err != nil {
			return nil, fmt.Errorf("reading the organization's guests to resolve names: %w", err)
		}
		if g.Email != "" {
			idx.byEmail[strings.ToLower(strings.TrimSpace(g.Email))] = g
		}
	}
	return idx, nil
}

func (c *Client) readGroups(ctx context.Context) (*groupIndex, error) {
	idx := &groupIndex{byID: map[string]*Group{}, byName: map[string][]*Group{}}
	for g, err := range c.ListGroups(ctx, &ListGroupsOptions{PerPage: directoryPageSize}) {
		if err != nil {
			return nil, fmt.Errorf("reading the organization's groups to resolve names: %w", err)
		}
		idx.byID[g.ID] = g
		if g.Name != nil {
			if key := personKey(*g.Name); key != "" {
				idx.byName[key] = append(idx.byName[key], g)
			}
		}
	}
	return idx, nil
}

// memberNames are the keys a member's full name is found under: full_name,
// and first and last name joined when they differ from it.
func memberNames(u *User) []string {
	var names []string
	if u.FullName != nil {
		if k := personKey(*u.FullName); k != "" {
			names = append(names, k)
		}
	}
	if u.FirstName != nil || u.LastName != nil {
		if k := personKey(orZero(u.FirstName) + " " + orZero(u.LastName)); k != "" && !slices.Contains(names, k) {
			names = append(names, k)
		}
	}
	return names
}

// personKey normalizes a name for matching: case and runs of white space do
// not count.
func personKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// guestRule is whether a place takes guests.
type guestRule int

const (
	guestsRefused  guestRule = iota // a process's owner and members; the organization's task filter
	guestsExisting                  // a filter: a guest the directory knows
	guestsAllowed                   // task owners, assignees_form values: known guests, and new ones named with guest:
)

// peoplePlace says what a place takes, for the rules and the errors.
type peoplePlace struct {
	what   string // "task owners", "the process owner", ...
	guests guestRule
	groups bool // groups may be named
	one    bool // exactly one member (an owner)
}

// resolvedPeople are People resolved to what the API takes, in the order
// named, without repeats.
type resolvedPeople struct {
	users  []int
	guests []string
	groups []string
}

// peopleResolver resolves the names of one call: each list is read at most
// once (from the cache or the API) and again at most once for a name it
// does not find.
type peopleResolver struct {
	c   *Client
	pc  *peopleCache
	dir *orgDirectory

	members *memberIndex
	guests  *guestIndex
	groups  *groupIndex
	gens    [3]uint64
	fresh   [3]bool // read during this call: reading again would not help
}

const (
	listMembers = iota
	listGuests
	listGroups
)

// people returns a resolver for one call. The caller has checked the
// organization (prepare).
func (c *Client) people() *peopleResolver {
	pc := peopleCacheFor(c.cfg)
	return &peopleResolver{c: c, pc: pc, dir: pc.org(c.orgID)}
}

// load fetches list which (again when refresh) into the resolver.
func (r *peopleResolver) load(ctx context.Context, which int, refresh bool) error {
	var stale uint64
	if refresh {
		if r.fresh[which] {
			return nil
		}
		stale = r.gens[which]
	} else if r.gens[which] != 0 {
		return nil
	}
	var gen uint64
	var fresh bool
	var err error
	switch which {
	case listMembers:
		r.members, gen, fresh, err = r.dir.members.get(ctx, r.pc, stale, r.c.readMembers)
	case listGuests:
		r.guests, gen, fresh, err = r.dir.guests.get(ctx, r.pc, stale, r.c.readGuests)
	case listGroups:
		r.groups, gen, fresh, err = r.dir.groups.get(ctx, r.pc, stale, r.c.readGroups)
	}
	if err != nil {
		return err
	}
	r.gens[which], r.fresh[which] = gen, r.fresh[which] || fresh || refresh
	return nil
}

// resolve resolves names for place. Every name is looked at, and every
// refusal reported in one error wrapping ErrInvalidArgument; a directory
// that cannot be read fails with the read's error.
func (r *peopleResolver) resolve(ctx context.Context, names []string, place peoplePlace) (resolvedPeople, error) {
	var out resolvedPeople
	// Names no directory could match are refused before it is read.
	var refusals []string
	for _, name := range names {
		if p := nameProblem(name, place); p != "" {
			refusals = append(refusals, p)
		}
	}
	if len(refusals) > 0 {
		return out, refused(place, refusals)
	}
	for _, name := range names {
		p, problem, err := r.one(ctx, name, place)
		if err != nil {
			return out, err
		}
		if problem != "" {
			refusals = append(refusals, problem)
			continue
		}
		switch {
		case p.user != 0:
			if !slices.Contains(out.users, p.user) {
				out.users = append(out.users, p.user)
			}
		case p.group != "":
			if !slices.Contains(out.groups, p.group) {
				out.groups = append(out.groups, p.group)
			}
		case p.guest != "":
			if !slices.ContainsFunc(out.guests, func(g string) bool { return strings.EqualFold(g, p.guest) }) {
				out.guests = append(out.guests, p.guest)
			}
		}
	}
	if place.one && len(refusals) == 0 && len(out.users) > 1 {
		refusals = append(refusals, fmt.Sprintf("names %d members; there is one owner", len(out.users)))
	}
	if len(refusals) > 0 {
		return out, refused(place, refusals)
	}
	return out, nil
}

// refused is one error for every refusal of a call, numbered when there
// are several.
func refused(place peoplePlace, refusals []string) error {
	if len(refusals) == 1 {
		return fmt.Errorf("%w: %s: %s", ErrInvalidArgument, place.what, refusals[0])
	}
	var b strings.Builder
	for i, p := range refusals[:min(len(refusals), maxListed)] {
		fmt.Fprintf(&b, " [%d] %s", i+1, p)
	}
	if n := len(refusals) - maxListed; n > 0 {
		fmt.Fprintf(&b, " [and %d more]", n)
	}
	return fmt.Errorf("%w: %s: %d names refused:%s", ErrInvalidArgument, place.what, len(refusals), b.String())
}

// nameProblem says why a name cannot name anyone here whatever the
// directory holds, or "".
func nameProblem(name string, place peoplePlace) string {
	s := strings.TrimSpace(name)
	switch {
	case s == "":
		return "an empty name"
	case !utf8.ValidString(s):
		return "a name that is not valid UTF-8"
	}
	if email, ok := cutGuestPrefix(s); ok {
		if place.guests == guestsRefused {
			return fmt.Sprintf("%s: guests are not allowed here", quoteShort(s))
		}
		if p := emailProblem(email); p != "" {
			return fmt.Sprintf("%s: the address %s", quoteShort(s), p)
		}
	}
	return ""
}

// cutGuestPrefix returns the address of a "guest:" name.
func cutGuestPrefix(s string) (string, bool) {
	if len(s) >= len(guestPrefix) && strings.EqualFold(s[:len(guestPrefix)], guestPrefix) {
		return strings.TrimSpace(s[len(guestPrefix):]), true
	}
	return "", false
}

// person is one resolved name: a member, a group or a guest.
type person struct {
	user  int
	group string
	guest string
}

// one resolves one name, or says why not (problem); err is a directory
// that could not be read.
func (r *peopleResolver) one(ctx context.Context, name string, place peoplePlace) (person, string, error) {
	s := strings.TrimSpace(name) // checked by nameProblem
	if email, ok := cutGuestPrefix(s); ok {
		return r.newGuest(ctx, email, place)
	}
	if strings.Contains(s, "@") {
		return r.byEmail(ctx, s, place)
	}
	if id, err := strconv.Atoi(s); err == nil && s[0] != '+' && s[0] != '-' {
		return r.byUserID(ctx, id, place)
	}
	return r.byName(ctx, s, place)
}

// lookup runs find against the lists it needs, then reads them again once
// (each at most once per call) when find finds nobody. With firstWins the
// lists are read one by one until find finds someone: a member's address
// needs no guests. Without it every list is read, as a name may be a
// member's and a group's.
func (r *peopleResolver) lookup(ctx context.Context, lists []int, firstWins bool, find func() bool) (bool, error) {
	for i, which := range lists {
		if err := r.load(ctx, which, false); err != nil {
			return false, err
		}
		if (firstWins || i == len(lists)-1) && find() {
			return true, nil
		}
	}
	refreshed := false
	for _, which := range lists {
		if !r.fresh[which] {
			if err := r.load(ctx, which, true); err != nil {
				return false, err
			}
			refreshed = true
		}
	}
	return refreshed && find(), nil
}

func (r *peopleResolver) byEmail(ctx context.Context, email string, place peoplePlace) (person, string, error) {
	key := strings.ToLower(email)
	var m *User
	var g *Guest
	lists := []int{listMembers}
	if place.guests != guestsRefused {
		lists = append(lists, listGuests)
	}
	found, err := r.lookup(ctx, lists, true, func() bool {
		m = r.members.byEmail[key]
		if r.guests != nil {
			g = r.guests.byEmail[key]
		}
		return m != nil || g != nil
	})
	if err != nil {
		return person{}, "", err
	}
	switch {
	case m != nil:
		return r.member(m)
	case g != nil:
		if g.Details != nil && g.Details.DisabledAt != nil {
			return person{}, fmt.Sprintf("guest %s is disabled (since %s); enable them first (EnableGuest)", quoteShort(g.Email), displayText(*g.Details.DisabledAt, 40)), nil
		}
		return person{guest: g.Email}, "", nil
	case !found && place.guests == guestsAllowed:
		if p := emailProblem(email); p != "" {
			return person{}, fmt.Sprintf("%s %s", quoteShort(email), p), nil
		}
		return person{}, fmt.Sprintf("no member or guest has the address %s; to assign a new guest (the API invites them), write %s", quoteShort(email), quoteShort(guestPrefix+email)), nil
	case !found && place.guests == guestsExisting:
		return person{}, fmt.Sprintf("no member or guest has the address %s", quoteShort(email)), nil
	}
	return person{}, fmt.Sprintf("no member has the address %s, and guests are not allowed here", quoteShort(email)), nil
}

func (r *peopleResolver) newGuest(ctx context.Context, email string, place peoplePlace) (person, string, error) {
	key := strings.ToLower(email)
	var m *User
	var g *Guest
	// The directory is read once, not again: a guest it does not know is
	// the new guest the caller asked for.
	for _, which := range []int{listMembers, listGuests} {
		if err := r.load(ctx, which, false); err != nil {
			return person{}, "", err
		}
	}
	m, g = r.members.byEmail[key], r.guests.byEmail[key]
	switch {
	case m != nil:
		return person{}, fmt.Sprintf("%s is member %d's address; name them without %s", quoteShort(email), m.ID, quoteShort(guestPrefix)), nil
	case g != nil && g.Details != nil && g.Details.DisabledAt != nil:
		return person{}, fmt.Sprintf("guest %s is disabled (since %s); enable them first (EnableGuest)", quoteShort(g.Email), displayText(*g.Details.DisabledAt, 40)), nil
	case g != nil:
		return person{guest: g.Email}, "", nil
	case place.guests == guestsExisting:
		return person{}, fmt.Sprintf("no guest has the address %s", quoteShort(email)), nil
	}
	return person{guest: email}, "", nil
}

func (r *peopleResolver) byUserID(ctx context.Context, id int, place peoplePlace) (person, string, error) {
	var m *User
	found, err := r.lookup(ctx, []int{listMembers}, true, func() bool { m = r.members.byID[id]; return m != nil })
	if err != nil {
		return person{}, "", err
	}
	if !found {
		return person{}, fmt.Sprintf("no member has the user id %d", id), nil
	}
	return r.member(m)
}

func (r *peopleResolver) byName(ctx context.Context, name string, place peoplePlace) (person, string, error) {
	key := personKey(name)
	var ms []*User
	var gs []*Group
	found, err := r.lookup(ctx, []int{listMembers, listGroups}, false, func() bool {
		ms = r.members.byName[key]
		gs = nil
		if r.groups != nil {
			gs = r.groups.byName[key]
			if g := r.groups.byID[name]; g != nil && !slices.Contains(gs, g) {
				gs = append(gs, g)
			}
		}
		return len(ms)+len(gs) > 0
	})
	if err != nil {
		return person{}, "", err
	}
	switch {
	case !found:
		return person{}, fmt.Sprintf("%s is no member's full name and no group's name or id; name a member by email to be exact", quoteShort(name)), nil
	case len(ms)+len(gs) > 1:
		candidates := make([]string, 0, len(ms)+len(gs))
		for _, m := range ms {
			candidates = append(candidates, describeMember(m))
		}
		for _, g := range gs {
			candidates = append(candidates, fmt.Sprintf("group %s (%s)", quoteShort(g.ID), quoteShort(orZero(g.Name))))
		}
		return person{}, fmt.Sprintf("%s is ambiguous, it names %d: %s; name one by email or id", quoteShort(name), len(candidates), listBounded(candidates)), nil
	case len(gs) == 1:
		if !place.groups {
			return person{}, fmt.Sprintf("%s names group %s, and only a member is allowed here", quoteShort(name), quoteShort(gs[0].ID)), nil
		}
		return person{group: gs[0].ID}, "", nil
	}
	return r.member(ms[0])
}

// member checks that a member found can be assigned.
func (r *peopleResolver) member(m *User) (person, string, error) {
	if m.Status != nil && strings.EqualFold(*m.Status, MemberStatusDisabled) {
		return person{}, fmt.Sprintf("%s is disabled and cannot be assigned; enable them first (EnableMember) or name someone else", describeMember(m)), nil
	}
	return person{user: m.ID}, "", nil
}

// describeMember names a member in an error: id, email and a status other
// than active. The caller asked for them by name, so showing the address
// is what tells the candidates apart.
func describeMember(m *User) string {
	s := fmt.Sprintf("member %d", m.ID)
	var about []string
	if m.Email != nil && *m.Email != "" {
		about = append(about, quoteShort(*m.Email))
	}
	if m.Status != nil && *m.Status != "" && !strings.EqualFold(*m.Status, MemberStatusActive) {
		about = append(about, displayText(*m.Status, 20))
	}
	if len(about) > 0 {
		s += " (" + strings.Join(about, ", ") + ")"
	}
	return s
}

// ResolvePeople resolves names to the ids and addresses the API takes, as
// every method with a People field does: members by email, full name or
// user id, groups by name or id, known guests by email and new guests as
// "guest:address" (see Assignees.People). It is for showing a caller what
// a list of names means before using it; the methods resolve People
// themselves. A name that is ambiguous, unknown or disabled is refused with
// ErrInvalidArgument and every refusal listed.
//
// API: GET /organizations/{org}/users, /guests and /groups (listMembers,
// listGuests, listGroups), as needed, when the cached directory is older
// than its TTL or lacks a name.
func (c *Client) ResolvePeople(ctx context.Context, people []string) (Assignees, error) {
	if err := c.prepare(ctx); err != nil {
		return Assignees{}, err
	}
	got, err := c.people().resolve(ctx, people, peoplePlace{what: "people", guests: guestsAllowed, groups: true})
	if err != nil {
		return Assignees{}, err
	}
	return Assignees{Users: got.users, Guests: got.guests, Groups: got.groups}, nil
}

// assignees resolves a.People for place and merges them into the ids and
// addresses a already has; People is left empty.
func (r *peopleResolver) assignees(ctx context.Context, a Assignees, place peoplePlace) (Assignees, error) {
	if len(a.People) == 0 {
		return a, nil
	}
	got, err := r.resolve(ctx, a.People, place)
	if err != nil {
		return a, err
	}
	out := Assignees{Users: slices.Clone(a.Users), Guests: slices.Clone(a.Guests), Groups: slices.Clone(a.Groups)}
	for _, u := range got.users {
		if !slices.Contains(out.Users, u) {
			out.Users = append(out.Users, u)
		}
	}
	for _, g := range got.guests {
		if !slices.ContainsFunc(out.Guests, func(x string) bool { return strings.EqualFold(x, g) }) {
			out.Guests = append(out.Guests, g)
		}
	}
	for _, g := range got.groups {
		if !slices.Contains(out.Groups, g) {
			out.Groups = append(out.Groups, g)
		}
	}
	return out, nil
}

// forgetDirectory drops the cached directory of the client's organization,
// so the next call that names people reads it afresh. The client's own
// people writes (inviting, disabling, converting, group changes) call it:
// a member this client just disabled must not be resolved as active from
// a read made before.
func (c *Client) forgetDirectory() {
	d := peopleCacheFor(c.cfg).org(c.orgID)
	d.members.forget()
	d.guests.forget()
	d.groups.forget()
}

// forget drops the cached index; a read in flight still answers its
// callers, and its result is kept.
func (l *cachedList[V]) forget() {
	l.mu.Lock()
	l.value = nil
	l.mu.Unlock()
}

// writePeople is c.write for the writes that change the organization's
// directory (members, guests, groups): whatever their outcome, the cached
// directory is dropped, so that the next name resolved reads it again rather
// than trust a member this client has just disabled or a group it deleted.
func (c *Client) writePeople(method, path, check string, call func() (*http.Response, error)) ([]byte, error) {
	defer c.forgetDirectory()
	return c.write(method, path, check, call)
}
