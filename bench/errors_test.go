package bench

import (
	"encoding/json"
	"fmt"
)

func errOrder(want, got int) error {
	return fmt.Errorf("item %d: got run %d (lost or repeated)", want, got)
}
func errCount(n, want int) error  { return fmt.Errorf("visited %d runs, want %d", n, want) }
func errWrongRun(id string) error { return fmt.Errorf("GetRun returned run %q, want %q", id, RunID) }

func jsonUnmarshalStd(b []byte, v any) error { return json.Unmarshal(b, v) }
