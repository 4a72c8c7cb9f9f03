package tallyfytest

// An Option configures a server made by NewServer or NewHandler.
type Option func(*config)

type config struct {
	token      string
	orgID      string
	sampleData bool
}

func newConfig(opts []Option) config {
	c := config{token: SampleToken, orgID: SampleOrgID, sampleData: true}
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
