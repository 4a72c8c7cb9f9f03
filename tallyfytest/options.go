package tallyfytest

// An Option configures a server made by NewServer or NewHandler.
type Option func(*config)

type config struct {
	token      string
	orgID      string
	sampleData bool
	legacy     bool // WithLegacyShapes
	me         int  // WithMe

	webhookCopies func(WebhookDelivery) int // WithWebhookCopies
}

func newConfig(opts []Option) config {
	c := config{token: SampleToken, orgID: SampleOrgID, sampleData: true, me: MeUserID}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	return c
}

// WithoutSampleData starts the server with no runs, tasks or templates, for tests that load their
// own with AddRun, AddTask and AddTemplate.
func WithoutSampleData() Option {
	return func(c *config) { c.sampleData = false }
}

// WithToken makes the server accept token instead of SampleToken. An empty token is ignored,
// because a server that accepts an empty bearer token would hide a client that sends none.
func WithToken(token string) Option {
	return func(c *config) {
		if token != "" {
			c.token = token
		}
	}
}

// WithOrgID makes the server serve the organization orgID instead of SampleOrgID; every other
// organization answers 403. The sample data is served under whichever id is configured.
// An empty id is ignored.
func WithOrgID(orgID string) Option {
	return func(c *config) {
		if orgID != "" {
			c.orgID = orgID
		}
	}
}

// WithLegacyShapes makes the server answer in the second shape the API is documented to send for
// each field that has two, so a client can be tested against both (the spec lists them, with
// their sources):
//
//   - an empty free-form object (prerun, taskdata) as [], PHP's encoding of an empty array (a
//     real launch response has "prerun": []);
//   - included relations bare instead of Fractal-wrapped: "tasks": [...] rather than
//     "tasks": {"data": [...]}, as the get-template and list-process-tasks examples show them;
//   - owners.users as user objects {id, full_name, email} instead of ids, as the list-org-tasks
//     and create-task examples show them;
//   - progress and whole_progress as a bare percentage, as the archive-process example shows;
//   - pagination links with null members ({"previous": null, "next": ...}) instead of [], both
//     of which the official client accepts (cli:links.go).
//
// The top-level envelope ({"data": ...}, "meta") is unchanged: the API never leaves it out.
func WithLegacyShapes() Option {
	return func(c *config) { c.legacy = true }
}

// WithMe makes the token belong to the user userID instead of MeUserID: /me answers with that
// user, listMyTasks lists the tasks assigned to them, and the writes record them as the launcher,
// completer and comment author. A user id that is not a sample member gets a user with only
// generated names. A userID <= 0 is ignored.
func WithMe(userID int) Option {
	return func(c *config) {
		if userID > 0 {
			c.me = userID
		}
	}
}
