//go:build race

package main

// raceEnabled: under the race detector the load test keeps its 20
// consoles but takes fewer decisions each (it is 10–20 times slower).
const raceEnabled = true
