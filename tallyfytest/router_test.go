package tallyfytest

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Two live routes both match DELETE …/checklists/tags/delete; net/http's ServeMux refuses to
// register them together. The literal segment that comes first decides.
func TestRouter_TheEarliestLiteralSegmentWins(t *testing.T) {
	rt := newRouter(http.NotFoundHandler())
	var got string
	rt.HandleFunc("DELETE /organizations/{org_id}/checklists/{checklist_id}/delete", func(_ http.ResponseWriter, r *http.Request) {
		got = "template:" + r.PathValue("checklist_id")
	})
	rt.HandleFunc("DELETE /organizations/{org_id}/checklists/tags/{tag_link_id}", func(_ http.ResponseWriter, r *http.Request) {
		got = "tag link:" + r.PathValue("tag_link_id") + "@" + r.PathValue("org_id")
	})
	for path, want := range map[string]string{
		"/organizations/o1/checklists/tags/delete":                             "tag link:delete@o1",
		"/organizations/o1/checklists/tags/42":                                 "tag link:42@o1",
		"/organizations/o1/checklists/6f1e2d3c4b5a69788796a5b4c3d2e1f0/delete": "template:6f1e2d3c4b5a69788796a5b4c3d2e1f0",
		"/organizations/o1/checklists/tags/42/":                                "",
	} {
		got = ""
		w := httptest.NewRecorder()
		rt.ServeHTTP(w, httptest.NewRequest(http.MethodDelete, path, nil))
		if got != want || (want == "" && w.Code != http.StatusNotFound) {
			t.Errorf("%s: routed to %q (status %d), want %q", path, got, w.Code, want)
		}
	}
}
