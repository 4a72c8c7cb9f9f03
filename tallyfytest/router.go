package tallyfytest

import (
	"net/http"
	"strings"
)

// router is the gen.ServeMux the generated handler registers its routes on. net/http's ServeMux
// refuses two patterns that can match the same request when neither is more specific, and the
// live API has such pairs: DELETE …/checklists/tags/{tag_link_id} (untag) and DELETE
// …/checklists/{checklist_id}/delete (delete a template permanently) both match
// …/checklists/tags/delete. The API's router (Laravel's) takes one of them; this one takes the
// route whose first literal segment comes earliest where the two differ, so the tag route wins
// there, as it does for ServeMux wherever ServeMux can decide. Path values are set on the request
// as ServeMux sets them (r.PathValue), which is how the generated wrappers read them.
type router struct {
	routes   []route
	fallback http.Handler
}

type route struct {
	method   string
	segments []string // "{name}" for a wildcard
	handler  http.HandlerFunc
}

func newRouter(fallback http.Handler) *router { return &router{fallback: fallback} }

// HandleFunc registers "METHOD /path/{name}/…".
func (rt *router) HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request)) {
	method, path, _ := strings.Cut(pattern, " ")
	rt.routes = append(rt.routes, route{method: method, segments: strings.Split(strings.TrimPrefix(path, "/"), "/"), handler: handler})
}

func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segs := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/") // a trailing slash is a segment: no route has one
	var best *route
	for i := range rt.routes {
		c := &rt.routes[i]
		if c.method == r.Method && c.matches(segs) && (best == nil || c.moreSpecific(best)) {
			best = c
		}
	}
	if best == nil {
		rt.fallback.ServeHTTP(w, r)
		return
	}
	for i, s := range best.segments {
		if name, ok := wildcard(s); ok {
			r.SetPathValue(name, segs[i])
		}
	}
	best.handler(w, r)
}

func (c *route) matches(segs []string) bool {
	if len(segs) != len(c.segments) {
		return false
	}
	for i, s := range c.segments {
		if _, ok := wildcard(s); !ok && s != segs[i] {
			return false
		}
	}
	return true
}

// moreSpecific reports whether c has a literal segment where other has a wildcard, at the first
// position where they differ in kind.
func (c *route) moreSpecific(other *route) bool {
	for i, s := range c.segments {
		_, cw := wildcard(s)
		_, ow := wildcard(other.segments[i])
		if cw != ow {
			return !cw
		}
	}
	return false
}

func wildcard(seg string) (string, bool) {
	if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}
