package drill

import (
	"sync"
	"time"
)

// SimClock is a drill's incident clock: it runs Speed times the wall
// clock from a start, can be paused and resumed, and can jump forward
// (step to the next event). The runner pins it to an event's exact time
// while it records that event. It reads the wall clock only through the
// function it was given.
type SimClock struct {
	mu     sync.Mutex
	base   time.Time // incident time at wallAt
	wallAt time.Time
	speed  float64
	paused bool
	pinned time.Time
	wall   func() time.Time
}

// NewSimClock starts a clock at incident time start, running speed times
// real time (speed ≤ 0: 60). wall is the wall clock (time.Now in the
// console; a fixed function in tests and autopilot runs).
func NewSimClock(start time.Time, speed float64, wall func() time.Time) *SimClock {
	if speed <= 0 {
		speed = 60
	}
	return &SimClock{base: start, wallAt: wall(), speed: speed, wall: wall}
}

// Now is the incident time.
func (c *SimClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.pinned.IsZero() {
		return c.pinned
	}
	return c.now()
}

func (c *SimClock) now() time.Time {
	if c.paused {
		return c.base
	}
	el := c.wall().Sub(c.wallAt)
	if el < 0 {
		el = 0
	}
	return c.base.Add(time.Duration(float64(el) * c.speed))
}

// rebase makes the current incident time the new base.
func (c *SimClock) rebase() { c.base, c.wallAt = c.now(), c.wall() }

// Pause stops the incident clock; Resume restarts it where it stopped.
func (c *SimClock) Pause() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.paused {
		c.rebase()
		c.paused = true
	}
}

// Resume restarts a paused clock.
func (c *SimClock) Resume() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.paused {
		c.paused, c.wallAt = false, c.wall()
	}
}

// Paused reports whether the clock is stopped.
func (c *SimClock) Paused() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.paused
}

// SetSpeed changes how many times real time the clock runs.
func (c *SimClock) SetSpeed(speed float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if speed > 0 {
		c.rebase()
		c.speed = speed
	}
}

// Speed is the clock's multiple of real time.
func (c *SimClock) Speed() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.speed
}

// Jump moves the incident clock forward to t (never back).
func (c *SimClock) Jump(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now()) {
		c.base, c.wallAt = t, c.wall()
	}
}

func (c *SimClock) pin(t time.Time) {
	c.mu.Lock()
	c.pinned = t
	c.mu.Unlock()
}

func (c *SimClock) unpin() { c.pin(time.Time{}) }
