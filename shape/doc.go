// Package shape holds the Go types for the JSON values the Tallyfy API is
// documented to send in more than one shape. The models generated from
// api/openapi.yaml (package gen, re-exported by package tallyfy) use them for
// exactly those fields, so one documented variant never fails a whole call:
//
//   - Object: a free-form object (a run's prerun values, a task's taskdata,
//     undocumented includes). PHP encodes an empty keyed array as [], so []
//     arrives where {} is meant; null too. Object keeps the raw bytes and
//     decodes them when read, and never fails to decode.
//   - List: an included relation, Fractal-wrapped ({"data": [...]}) or bare
//     ([...]); a Go slice either way.
//   - Array: a list documented bare but also asked for as a relation (a
//     template's prerun, automated_actions): decodes as List, encodes bare.
//   - Item: an included single relation, {"data": {...}} or bare {...}.
//   - UserRef: a user given as an integer id or as an object
//     {id, full_name, email, ...}.
//   - Progress: an object {complete, total, percent} or a bare percentage.
//   - Links: pagination links, an object whose members may be null, or [].
//   - ID: an id sent as a string or as an integer, read as a string.
//
// Each type's documentation cites where each shape was seen. A shape none of
// the sources shows (a string where a list belongs, say) is an error naming
// what was expected; the caller's decoder adds the JSON path.
package shape
