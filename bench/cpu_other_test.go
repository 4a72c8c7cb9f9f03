//go:build !unix

package bench

import "time"

// cpuTime is not read on this system: the cpu-ns/op metric is left out.
func cpuTime() (time.Duration, bool) { return 0, false }
