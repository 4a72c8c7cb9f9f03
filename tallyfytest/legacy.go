package tallyfytest

import (
	"bytes"
	"encoding/json"
	"math"
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

// relations are the members that hold an included relation, Fractal-wrapped in the main shape.
var relations = map[string]bool{
	"checklist": true, "tasks": true, "tags": true, "next_task": true, "form_fields": true, "ko_form_fields": true,
	"assets": true, "permissions": true, "tasks_meta": true, "stages": true, "folders": true, "member_watchers": true,
	"guest_watchers": true, "step": true, "run": true, "threads": true, "issues": true, "captures": true,
	"comments": true, "activities": true, "roles": true, "steps": true, "folder": true, "runs": true,
	"statistics": true, "linked_tasks": true, "automated_actions": true,
}

// freeForm are the free-form objects PHP sends as [] when empty.
var freeForm = map[string]bool{"prerun": true, "taskdata": true, "taskUrls": true, "bp_to_launch": true}

func legacyObject(obj map[string]any) {
	for key, v := range obj {
		switch {
		case relations[key]:
			if wrapped, ok := v.(map[string]any); ok && len(wrapped) == 1 {
				if inner, ok := wrapped["data"]; ok {
					v = inner
					obj[key] = v
				}
			}
			legacyValue(v)
		case freeForm[key]:
			if m, ok := v.(map[string]any); ok && len(m) == 0 {
				obj[key] = []any{}
			}
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
