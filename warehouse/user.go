package warehouse

import (
	"clusterscope"
	"clusterscope/warehouse/sqlite"
)

// Accounts live in the state database (package sqlite): every change is
// one transaction, so that the server and the CLI changing accounts at
// once both keep their change. The methods below are the warehouse's face
// of it.

// Errors of Authenticate. Both are user-safe; an unknown user and a wrong
// password give the same one so that names cannot be probed.
var (
	ErrBadCredentials = sqlite.ErrBadCredentials
	ErrDisabled       = sqlite.ErrDisabled
)

// NormalizeName is how user names are compared: trimmed, lower case.
func NormalizeName(name string) string { return sqlite.NormalizeName(name) }

// Users returns every account, sorted by name, without password hashes.
func (w *Warehouse) Users() ([]clusterscope.User, error) { return w.state.Users() }

// User returns one account by name, ENOTFOUND when there is none: the
// dashboard's lookup on every request.
func (w *Warehouse) User(name string) (clusterscope.User, error) {
	a, err := w.state.Account(name)
	return a.User, err
}

// HasAdmin reports whether an enabled administrator exists; false also when
// the users cannot be read.
func (w *Warehouse) HasAdmin() bool { return w.state.HasAdmin() }

// AddUser creates an account. It refuses an existing name, an unknown role,
// a scope that does not fit the role and a password that is too short.
func (w *Warehouse) AddUser(u clusterscope.User, password string) error {
	return w.state.AddUser(u, password)
}

// SetPassword replaces a user's password. Its sessions end at their next
// request: they were signed in under an earlier PasswordChanged.
func (w *Warehouse) SetPassword(name, password string) error {
	return w.state.SetPassword(name, password)
}

// ResetPassword gives an account a one-time password: its sessions end,
// and it signs in only to set its own (User.OneTime).
func (w *Warehouse) ResetPassword(name, password string) error {
	return w.state.ResetPassword(name, password)
}

// UnlockUser lifts the sign-in limits on an account: the running server
// forgets the failures before now at the account's next sign-in attempt.
func (w *Warehouse) UnlockUser(name string) error { return w.state.UnlockUser(name) }

// DisableUser disables an account; its sessions end at their next request.
// The last enabled administrator cannot be disabled.
func (w *Warehouse) DisableUser(name string) error { return w.state.DisableUser(name) }

// EnableUser enables an account again.
func (w *Warehouse) EnableUser(name string) error { return w.state.EnableUser(name) }

// Authenticate checks a name and password and returns the user. An unknown
// name costs as much as a wrong password.
func (w *Warehouse) Authenticate(name, password string) (clusterscope.User, error) {
	return w.state.Authenticate(name, password)
}
