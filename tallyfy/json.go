package tallyfy

import json "github.com/goccy/go-json"

// jsonUnmarshal decodes every response body; see BENCHMARKS.md for why this
// decoder was chosen. goccy/go-json decodes as encoding/json does (same
// results and errors for the generated models, their UnmarshalJSON methods
// and time.Time included) at about three times the speed, and copies every
// string out of data, so decoded values never keep a response body alive.
func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
