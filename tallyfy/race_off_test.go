//go:build !race

package tallyfy

// raceEnabled: see race_on_test.go.
const raceEnabled = false
