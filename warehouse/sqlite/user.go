package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"clusterscope"
)

// Account is a user (with when its password last changed and when its
// sign-in limits were last lifted) and what the store keeps beside: when
// it was made, and its session epoch, which grows when the password
// changes or the account is disabled.
type Account struct {
	clusterscope.User
	Created      time.Time
	SessionEpoch int64
}

const accountColumns = `name, role, province, city, county, disabled, created, password_changed, unlocked, session_epoch, one_time`

func scanAccount(row interface{ Scan(...any) error }, extra ...any) (Account, error) {
	var a Account
	var created, changed, unlocked string
	err := row.Scan(append([]any{&a.Name, &a.Role, &a.Scope.Province, &a.Scope.City, &a.Scope.County, &a.Disabled,
		&created, &changed, &unlocked, &a.SessionEpoch, &a.OneTime}, extra...)...)
	if err != nil {
		return a, err
	}
	if a.Created, err = parseTime(created); err == nil {
		a.PasswordChanged, err = parseStamp(changed)
	}
	if err == nil {
		a.Unlocked, err = parseStamp(unlocked)
	}
	return a, err
}

// Users returns every account, sorted by name, without password hashes.
func (d *DB) Users() ([]clusterscope.User, error) {
	return list(d.db, "users", func(r *sql.Rows) (clusterscope.User, error) {
		a, err := scanAccount(r)
		return a.User, err
	}, `SELECT `+accountColumns+` FROM users ORDER BY name`)
}

// Account returns one account by name; ENOTFOUND when there is none.
func (d *DB) Account(name string) (Account, error) {
	name = NormalizeName(name)
	st, err := d.prepared(`SELECT ` + accountColumns + ` FROM users WHERE name = ?`)
	if err != nil {
		return Account{}, fmt.Errorf("read user %s: %w", name, err)
	}
	a, err := scanAccount(st.QueryRow(name))
	if errors.Is(err, sql.ErrNoRows) {
		return a, noUser(name)
	} else if err != nil {
		return a, fmt.Errorf("read user %s: %w", name, err)
	}
	return a, nil
}

// HasAdmin reports whether an enabled administrator exists; false also when
// the users cannot be read.
func (d *DB) HasAdmin() bool {
	var ok bool
	err := d.db.QueryRow(`SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0)`).Scan(&ok)
	return err == nil && ok
}

// AddUser creates an account. It refuses an existing name, an unknown role,
// a scope that does not fit the role and a password that is too short.
func (d *DB) AddUser(u clusterscope.User, password string) error {
	u.Name = NormalizeName(u.Name)
	u.Scope.Province, u.Scope.City = strings.TrimSpace(u.Scope.Province), strings.TrimSpace(u.Scope.City)
	u.Scope.County = strings.TrimSpace(u.Scope.County)
	if err := checkUser(u); err != nil {
		return err
	}
	h, err := hash(u.Name, password) // slow: before the write lock
	if err != nil {
		return err
	}
	at := time.Now()
	return d.write(func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM users WHERE name = ?)`, u.Name).Scan(&exists); err != nil {
			return err
		} else if exists {
			return clusterscope.Errorf(clusterscope.ECONFLICT, "用户 %s 已存在", u.Name)
		}
		_, err := tx.Exec(`INSERT INTO users (name, role, province, city, county, password_hash, created, password_changed, one_time)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Name, u.Role, u.Scope.Province, u.Scope.City, u.Scope.County, h, formatTime(at), formatStamp(at), u.OneTime)
		return err
	})
}

// SetPassword replaces a user's password with one of their own (no longer
// one-time) and ends the user's sessions: its PasswordChanged is later than
// before, even within the same second.
func (d *DB) SetPassword(name, password string) error {
	name = NormalizeName(name)
	h, err := hash(name, password)
	if err != nil {
		return err
	}
	return d.restamp(name, "password_changed", `password_hash = ?, session_epoch = session_epoch + 1, one_time = 0,`, h)
}

// ResetPassword gives an account a one-time password (User.OneTime): its
// sessions end, and it signs in only to set its own.
func (d *DB) ResetPassword(name, password string) error {
	name = NormalizeName(name)
	h, err := hash(name, password)
	if err != nil {
		return err
	}
	return d.restamp(name, "password_changed", `password_hash = ?, session_epoch = session_epoch + 1, one_time = 1,`, h)
}

// UnlockUser lifts the sign-in limits on an account: a running server
// forgets the failures before its new Unlocked at the account's next
// sign-in attempt.
func (d *DB) UnlockUser(name string) error {
	return d.restamp(NormalizeName(name), "unlocked", "")
}

// restamp sets column, password_changed or unlocked, of an existing
// account to now or, should the clock not have moved past the value it
// replaces, just after it; set (an UPDATE's SET items, each followed by a
// comma) and args change more in the same write.
func (d *DB) restamp(name, column, set string, args ...any) error {
	return d.write(func(tx *sql.Tx) error {
		var s string
		err := tx.QueryRow(`SELECT `+column+` FROM users WHERE name = ?`, name).Scan(&s)
		if errors.Is(err, sql.ErrNoRows) {
			return noUser(name)
		} else if err != nil {
			return err
		}
		prev, err := parseStamp(s)
		if err != nil {
			return err
		}
		at := time.Now()
		if !at.After(prev) {
			at = prev.Add(time.Nanosecond)
		}
		_, err = tx.Exec(`UPDATE users SET `+set+` `+column+` = ? WHERE name = ?`, append(args, formatStamp(at), name)...)
		return err
	})
}

// DisableUser disables an account and ends its sessions. The last enabled
// administrator cannot be disabled.
func (d *DB) DisableUser(name string) error {
	name = NormalizeName(name)
	return d.write(func(tx *sql.Tx) error {
		var others int
		err := tx.QueryRow(`SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND name <> ?`, name).Scan(&others)
		if err != nil {
			return err
		}
		var lastAdmin bool
		err = tx.QueryRow(`SELECT role = 'admin' AND disabled = 0 FROM users WHERE name = ?`, name).Scan(&lastAdmin)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return noUser(name)
		case err != nil:
			return err
		case lastAdmin && others == 0:
			return clusterscope.Errorf(clusterscope.ECONFLICT, "不能停用最后一个管理员：请先新增另一个管理员")
		}
		_, err = tx.Exec(`UPDATE users SET disabled = 1, session_epoch = session_epoch + 1 WHERE name = ?`, name)
		return err
	})
}

// EnableUser enables an account again.
func (d *DB) EnableUser(name string) error {
	return d.changeUser(NormalizeName(name), `disabled = 0`)
}

// changeUser sets columns (an UPDATE's SET list) of an existing account.
func (d *DB) changeUser(name, set string, args ...any) error {
	return d.write(func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE users SET `+set+` WHERE name = ?`, append(args, name)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return noUser(name)
		}
		return nil
	})
}

// Authenticate checks a name and password and returns the user. An unknown
// name costs as much as a wrong password: a dummy hash is compared instead.
func (d *DB) Authenticate(name, password string) (clusterscope.User, error) {
	name = NormalizeName(name)
	var h string
	a, err := scanAccount(d.db.QueryRow(`SELECT `+accountColumns+`, password_hash FROM users WHERE name = ?`, name), &h)
	found := err == nil
	if errors.Is(err, sql.ErrNoRows) {
		h = noSuchUser()
	} else if err != nil {
		return clusterscope.User{}, fmt.Errorf("authenticate %s: %w", name, err)
	}
	err = bcrypt.CompareHashAndPassword([]byte(h), []byte(password))
	switch {
	case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) || (err == nil && !found) || len(password) > maxPassword:
		return clusterscope.User{}, ErrBadCredentials
	case err != nil:
		return clusterscope.User{}, fmt.Errorf("authenticate %s: %w", name, err)
	case a.Disabled:
		return clusterscope.User{}, ErrDisabled
	}
	return a.User, nil
}

func noUser(name string) error {
	return clusterscope.Errorf(clusterscope.ENOTFOUND, "用户 %s 不存在", name)
}
