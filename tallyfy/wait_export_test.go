package tallyfy

import (
	"context"
	"testing"
	"time"
)

// SetPollWait replaces WaitForTask's wait between reads for the rest of the
// test, so that the external tests (package tallyfy_test, which can use the
// fake server) count and skip the waits instead of sleeping.
func SetPollWait(t testing.TB, wait func(ctx context.Context, d time.Duration) error) {
	old := pollWait
	pollWait = wait
	t.Cleanup(func() { pollWait = old })
}
