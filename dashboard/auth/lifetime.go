package auth

import "time"

// SetSessionTimes sets how long a session lasts idle and at most (the
// config's session.idle and session.lifetime); zero keeps the default.
// Call it before serving.
func (a *Auth) SetSessionTimes(idle, lifetime time.Duration) {
	if idle > 0 {
		a.sm.IdleTimeout = idle
	}
	if lifetime > 0 {
		a.sm.Lifetime = lifetime
	}
}
