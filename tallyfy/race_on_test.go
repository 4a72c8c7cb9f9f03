//go:build race

package tallyfy

// raceEnabled: the race detector is on. It changes what the runtime
// allocates (sync.Pool drops what it is given at random, and instrumented
// code allocates differently), so the tests that measure allocation skip
// themselves; fuzz-smoke runs FuzzDecodeAllocation, seeds first, without it.
const raceEnabled = true
