package tallyfy

import "encoding/json"

// jsonUnmarshal decodes every response body; see BENCHMARKS.md for why this
// decoder was chosen.
func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
