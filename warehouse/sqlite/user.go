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

// Account is a user with what the store keeps beside: when it was made,
// when its password last changed, and its session epoch, which grows when
// the password changes or the account is disabled. A session that records
// an older epoch than its account's has ended.
type Account struct {
	clusterscope.User
	Created         time.Time
	PasswordChanged time.Time
	SessionEpoch    int64
}

const accountColumns = `name, role, province, city, disabled, created, password_changed, session_epoch`

func scanAccount(row interface{ Scan(...any) error }, extra ...any) (Account, error) {
	var a Account
	var created, changed string
	err := row.Scan(append([]any{&a.Name, &a.Role, &a.Scope.Province, &a.Scope.City, &a.Disabled,
		&created, &changed, &a.SessionEpoch}, extra...)...)
	if err != nil {
		return a, err
	}
	if a.Created, err = parseTime(created); err == nil {
		a.PasswordChanged, err = parseTime(changed)
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
	a, err := scanAccount(d.db.QueryRow(`SELECT `+accountColumns+` FROM users WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return a, clusterscope.Errorf(clusterscope.ENOTFOUND, "用户 %s 不存在", name)
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
	if err := checkUser(u); err != nil {
		return err
	}
	h, err := hash(u.Name, password) // slow: before the write lock
	if err != nil {
		return err
	}
	at := formatTime(now())
	return d.write(func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM users WHERE name = ?)`, u.Name).Scan(&exists); err != nil {
			return err
		} else if exists {
			return clusterscope.Errorf(clusterscope.ECONFLICT, "用户 %s 已存在", u.Name)
		}
		_, err := tx.Exec(`INSERT INTO users (name, role, province, city, password_hash, created, password_changed)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, u.Name, u.Role, u.Scope.Province, u.Scope.City, h, at, at)
		return err
	})
}

// SetPassword replaces a user's password and ends the user's sessions.
func (d *DB) SetPassword(name, password string) error {
	name = NormalizeName(name)
	h, err := hash(name, password)
	if err != nil {
		return err
	}
	return d.changeUser(name, `password_hash = ?, password_changed = ?, session_epoch = session_epoch + 1`,
		h, formatTime(now()))
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
			return clusterscope.Errorf(clusterscope.ENOTFOUND, "用户 %s 不存在", name)
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
			return clusterscope.Errorf(clusterscope.ENOTFOUND, "用户 %s 不存在", name)
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
