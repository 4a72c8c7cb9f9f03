package tallyfytest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/tallyfy-go/sdk/v2/gen"
)

// A plain CRUD resource (members, guests, groups) is a table in the store and a line per
// operation over the helpers below: serveRow answers one row, serveRows a page of rows, and
// serveWrite decodes a body, finds the row and applies a change under the store's lock. Behaviour
// that is really special (launch, completion, the members trap) keeps its own handlers.

// table holds one kind of object by key, in the order they were added (the order the lists
// answer in unless asked to sort).
type table[K comparable, V any] struct {
	rows  map[K]*V
	order []K
}

func newTable[K comparable, V any]() *table[K, V] { return &table[K, V]{rows: map[K]*V{}} }

// put adds or replaces the row of key.
func (t *table[K, V]) put(key K, v V) *V {
	if _, ok := t.rows[key]; !ok {
		t.order = append(t.order, key)
	}
	t.rows[key] = &v
	return t.rows[key]
}

// remove drops the row of key and reports whether there was one.
func (t *table[K, V]) remove(key K) bool {
	if _, ok := t.rows[key]; !ok {
		return false
	}
	delete(t.rows, key)
	t.order = slices.DeleteFunc(t.order, func(k K) bool { return k == key })
	return true
}

// all returns every row in order.
func (t *table[K, V]) all() []*V {
	out := make([]*V, 0, len(t.order))
	for _, k := range t.order {
		out = append(out, t.rows[k])
	}
	return out
}

// find returns the first row, in order, that match accepts.
func (t *table[K, V]) find(match func(*V) bool) (*V, bool) {
	for _, k := range t.order {
		if v := t.rows[k]; match(v) {
			return v, true
		}
	}
	return nil, false
}

// finder looks a row up in the store; it runs under the store's lock.
type finder[V any] func(st *store) (*V, bool)

// byKey finds the row of key in the table tab picks from the store.
func byKey[K comparable, V any](tab func(*store) *table[K, V], key K) finder[V] {
	return func(st *store) (*V, bool) {
		v, ok := tab(st).rows[key]
		return v, ok
	}
}

// refusal is an error answer of a write: status and body.
type refusal struct {
	status     int
	body       gen.Error
	retryAfter time.Duration // sent as Retry-After when set (429)
}

func refuse(status int, e gen.Error) *refusal { return &refusal{status: status, body: e} }

// invalid is the 422 answer with one message for one field, Laravel's validation shape.
func invalid(field, message string) *refusal {
	return refuse(http.StatusUnprocessableEntity, validationError(map[string][]string{field: {message}}))
}

// noBody is the body type of a write that sends none.
type noBody struct{}

// serveRow answers the row find finds, as view builds it, or 404.
func serveRow[V, R any](s *Server, w http.ResponseWriter, find finder[V], view func(*store, V) R) {
	w, st, done := s.lockFor(w)
	defer done()
	v, ok := find(st)
	if !ok {
		writeError(w, http.StatusNotFound, errResourceNotFound)
		return
	}
	s.writeOK(w, view(st, *v))
}

// serveRows answers one page of what rows returns, as view builds it.
func serveRows[V, R any](s *Server, w http.ResponseWriter, r *http.Request, pr pageRequest, rows func(*store) []*V, view func(*store, []*V, gen.ListMeta) R) {
	w, st, done := s.lockFor(w)
	defer done()
	page, meta := paginate(rows(st), pr, r)
	s.writeOK(w, view(st, page, meta))
}

// serveWrite answers a write: it decodes the body into B (nothing for noBody), finds the row
// (404 when there is none; a nil find is a create, which has no row yet), and lets apply change
// the store. apply returns what to answer with (the row, the new one for a create, or what a
// conversion made of it) or a refusal. A 204 answers no body.
func serveWrite[B, V, O, R any](s *Server, w http.ResponseWriter, r *http.Request, status int, find finder[V], apply func(st *store, row *V, body B) (*O, *refusal), view func(*store, O) R) {
	var body B
	if _, none := any(body).(noBody); !none {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			badBody(w, err)
			return
		}
	}
	w, st, done := s.lockFor(w)
	defer done()
	var row *V
	if find != nil {
		var ok bool
		if row, ok = find(st); !ok {
			writeError(w, http.StatusNotFound, errResourceNotFound)
			return
		}
	}
	out, no := apply(st, row, body)
	switch {
	case no != nil:
		if no.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(no.retryAfter.Round(time.Second)/time.Second)))
		}
		writeError(w, no.status, no.body)
	case status == http.StatusNoContent:
		w.WriteHeader(status)
	default:
		s.writeStatus(w, status, view(st, *out))
	}
}
