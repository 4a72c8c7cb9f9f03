package tallyfytest

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// legacyShapes rewrites a success body the server built in the API's main shapes into the second
// shapes (see WithLegacyShapes). It works on the JSON, not the models, so it cannot drift from
// what the models encode.
func legacyShapes(body []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // ids and counts keep their exact digits
	var root map[string]any
	if dec.Decode(&root) != nil {
		return body
	}
	data := root["data"]
	switch d := data.(type) {
	case map[string]any:
		legacyObject(d)
	case []any:
		for _, item := range d {
			if m, ok := item.(map[string]any); ok {
				legacyObject(m)
			}
		}
	}
	if meta, ok := root["meta"].(map[string]any); ok {
		if p, ok := meta["pagination"].(map[string]any); ok {
			if links, ok := p["links"].(map[string]any); ok {
				for _, k := range []string{"previous", "next"} {
					if _, set := links[k]; !set {
						links[k] = nil
					}
				}
			} else {
				p["links"] = map[string]any{"previous": nil, "next": nil}
			}
		}
	}
	out, err := marshal(root)
	if err != nil {
		return body
	}
	return out
}

// legacyProps are the property names the rewrite changes, read from the spec rather than listed:
// relations hold an included relation (the schema is one of the Related* unions, Fractal-wrapped
// or bare), freeForm a free-form object (FreeFormObject), which PHP sends as [] when empty. A name
// can be both, as prerun is (a run's kick-off values, a template's kick-off fields); legacyObject
// tries freeForm first, which leaves a template's bare list of fields alone.
var legacyProps = sync.OnceValue(func() (p struct{ relations, freeForm map[string]bool }) {
	p.relations, p.freeForm = map[string]bool{}, map[string]bool{}
	c, err := loadContract()
	if err != nil {
		return p // the pipeline answers 500 before any success body is built
	}
	const schemas = "#/components/schemas/"
	for _, schema := range c.doc.Components.Schemas {
		if schema.Value == nil {
			continue
		}
		for name, prop := range schema.Value.Properties {
			for _, ref := range schemaRefs(prop) {
				switch {
				case strings.HasPrefix(ref, schemas+"Related"):
					p.relations[name] = true
				case ref == schemas+"FreeFormObject":
					p.freeForm[name] = true
				}
			}
		}
	}
	return p
})

// schemaRefs are the component schemas a property refers to, directly or as a member of allOf,
// oneOf or anyOf (the spec wraps a $ref in allOf to give it a description).
func schemaRefs(prop *openapi3.SchemaRef) []string {
	refs := []string{prop.Ref}
	if prop.Value != nil {
		for _, group := range []openapi3.SchemaRefs{prop.Value.AllOf, prop.Value.OneOf, prop.Value.AnyOf} {
			for _, member := range group {
				refs = append(refs, member.Ref)
			}
		}
	}
	return refs
}

func legacyObject(obj map[string]any) {
	props := legacyProps()
	for key, v := range obj {
		switch {
		case props.freeForm[key]:
			if m, ok := v.(map[string]any); ok && len(m) == 0 {
				obj[key] = []any{}
			}
		case props.relations[key]:
			if wrapped, ok := v.(map[string]any); ok && len(wrapped) == 1 {
				if inner, ok := wrapped["data"]; ok {
					v = inner
					obj[key] = v
				}
			}
			legacyValue(v)
		case key == "progress" || key == "whole_progress":
			if p, ok := v.(map[string]any); ok {
				if n, ok := p["percent"].(json.Number); ok {
					if f, err := n.Float64(); err == nil {
						obj[key] = math.Round(f)
					}
				}
			}
		case key == "owners":
			if o, ok := v.(map[string]any); ok {
				if users, ok := o["users"].([]any); ok {
					for i, u := range users {
						if id, ok := u.(json.Number); ok {
							users[i] = userObject(id)
						}
					}
				}
			}
		}
	}
}

func legacyValue(v any) {
	switch v := v.(type) {
	case map[string]any:
		legacyObject(v)
	case []any:
		for _, item := range v {
			if m, ok := item.(map[string]any); ok {
				legacyObject(m)
			}
		}
	}
}

// userObject is the user object shape of owners.users, named after the sample user it stands for.
func userObject(id json.Number) map[string]any {
	name, email := "User "+id.String(), "user"+id.String()+"@example.com"
	if n, err := id.Int64(); err == nil {
		if u, ok := sampleUsers[int(n)]; ok {
			name, email = u.name, u.email
		}
	}
	return map[string]any{"id": id, "full_name": name, "email": email}
}
