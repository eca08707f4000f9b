//go:build !race

package watch

// raceOn: the race detector slows a full build tenfold.
const raceOn = false
