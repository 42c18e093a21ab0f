package auth

import "time"

// SetClock gives a's sign-in limits the clock now.
func SetClock(a *Auth, now func() time.Time) { a.limit.now = now }
