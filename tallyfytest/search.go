package tallyfytest

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// Search answers search (n8n node and MCP server: GET /search with `search` and `on`) from the
// store: the title (a process's name) contains the text, without regard to case, as the fake
// reads every "search by title". Archived processes and templates, and the tasks of archived
// processes, are left out: the sources say nothing of them, and the lists leave them out by
// default. A task hit has no run_id, as the live API sends none (MCP issue #157). Several kinds at
// once (`on=task,process`) answer the body keyed by kind that the MCP server's search_all reads;
// a kind the fake does not hold (step, capture) finds nothing.
func (h apiHandlers) Search(w http.ResponseWriter, r *http.Request, _ gen.OrgID, p gen.SearchParams) {
	kinds := strings.Split(string(p.On), ",")
	pr := newPageRequest(p.Page, p.PerPage, nil)
	w, st, done := h.s.lockFor(w)
	defer done()
	bucket := func(kind string) searchPage {
		hits := st.searchHits(kind, p.Search)
		page, meta := paginate(hits, pr, r)
		return searchPage{Data: page, Meta: meta}
	}
	if len(kinds) == 1 {
		h.s.writeOK(w, bucket(kinds[0]))
		return
	}
	out := map[string]searchPage{}
	for _, k := range kinds {
		out[k] = bucket(k)
	}
	h.s.writeOK(w, out)
}

// searchPage is one page of hits of one kind (gen.SearchResult without its union item type).
type searchPage struct {
	Data []any        `json:"data"`
	Meta gen.ListMeta `json:"meta"`
}

// searchHits are the hits of one kind for text, in a stable order (title, then id).
func (st *store) searchHits(kind, text string) []any {
	type hit struct {
		title string
		id    string
		v     any
	}
	var hits []hit
	match := func(title string) bool { return containsFold(text, title) }
	switch kind {
	case string(gen.SearchKindTask):
		for _, rec := range st.liveTasks() {
			t := rec.task
			if match(t.Title) {
				hits = append(hits, hit{t.Title, t.ID, gen.TaskHit{ID: t.ID, Title: &t.Title, IsOneoffTask: &t.IsOneoffTask, Status: &t.Status}})
			}
		}
	case string(gen.SearchKindProcess):
		for _, rec := range st.runs {
			r := rec.run
			if r.ArchivedAt == nil && match(r.Name) {
				hits = append(hits, hit{r.Name, r.ID, gen.RunHit{ID: r.ID, Name: &r.Name, ChecklistID: ptr(r.ChecklistID), Status: &r.Status}})
			}
		}
	case string(gen.SearchKindBlueprint):
		for _, rec := range st.templates {
			t := rec.template
			if t.ArchivedAt == nil && match(t.Title) {
				hits = append(hits, hit{t.Title, t.ID, gen.TemplateHit{ID: t.ID, Title: &t.Title}})
			}
		}
	case string(gen.SearchKindSnippet):
		for _, s := range sampleSnippets {
			if match(deref1(s.Title)) {
				hits = append(hits, hit{deref1(s.Title), s.ID, s})
			}
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(cmp.Compare(a.title, b.title), cmp.Compare(a.id, b.id)) })
	out := make([]any, len(hits))
	for i, h := range hits {
		out[i] = h.v
	}
	return out
}

// sampleSnippets are the organization's snippets (stored pieces of text). No API call writes
// one, so they are fixed.
var sampleSnippets = []gen.SnippetHit{
	{ID: "a41c0f3e9b7d4e2f8c6a1b3d5e7f9a0c", Title: ptr("Onboarding welcome"), Content: ptr("Welcome aboard! Your onboarding starts today.")},
	{ID: "b52d1e4f0c8e5f3a9d7b2c4e6f8a0b1d", Title: ptr("Contract disclaimer"), Content: ptr("This contract is confidential.")},
}
