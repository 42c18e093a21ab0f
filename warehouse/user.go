package warehouse

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"clusterscope"
)

const (
	usersName     = "users.json"
	usersLockName = ".users.lock"
	minPassword   = 10 // characters
	maxPassword   = 72 // bytes: bcrypt's limit
)

// bcryptCost is the work factor of new password hashes: above bcrypt's
// default of 10, yet a login stays well under a second (tests lower it).
var bcryptCost = 11

// Errors of Authenticate. Both are user-safe; an unknown user and a wrong
// password give the same one so that names cannot be probed.
var (
	ErrBadCredentials = &clusterscope.Error{Code: clusterscope.EINVALID, Message: "用户名或密码错误"}
	ErrDisabled       = &clusterscope.Error{Code: clusterscope.EINVALID, Message: "该账户已停用，请联系管理员"}
)

// userRecord is a user as stored in users.json (its password_changed is
// User.PasswordChanged).
type userRecord struct {
	clusterscope.User
	Hash    string    `json:"password_hash"`
	Created time.Time `json:"created"`
}

type usersFile struct {
	Users []userRecord `json:"users"`
}

// Users returns every account, sorted by name, without password hashes.
func (w *Warehouse) Users() ([]clusterscope.User, error) {
	recs, err := w.readUsers()
	if err != nil {
		return nil, err
	}
	out := make([]clusterscope.User, len(recs))
	for i, r := range recs {
		out[i] = r.User
	}
	return out, nil
}

// HasAdmin reports whether an enabled administrator exists; false also when
// the users cannot be read.
func (w *Warehouse) HasAdmin() bool {
	recs, err := w.readUsers()
	if err != nil {
		return false
	}
	for _, r := range recs {
		if r.IsAdmin() {
			return true
		}
	}
	return false
}

// AddUser creates an account. It refuses an existing name, an unknown role,
// a scope that does not fit the role and a password that is too short.
func (w *Warehouse) AddUser(u clusterscope.User, password string) error {
	u.Name = NormalizeName(u.Name)
	u.Scope.Province, u.Scope.City = strings.TrimSpace(u.Scope.Province), strings.TrimSpace(u.Scope.City)
	u.Scope.County = strings.TrimSpace(u.Scope.County)
	u.Disabled = false
	if err := validUser(u); err != nil {
		return err
	}
	hash, err := hashPassword(u.Name, password)
	if err != nil {
		return err
	}
	return w.changeUsers(func(recs []userRecord) ([]userRecord, error) {
		if _, ok := find(recs, u.Name); ok {
			return nil, clusterscope.Errorf(clusterscope.ECONFLICT, "用户 %s 已存在", u.Name)
		}
		now := time.Now().UTC()
		u.PasswordChanged = now
		return append(recs, userRecord{User: u, Hash: hash, Created: now.Truncate(time.Second)}), nil
	})
}

// SetPassword replaces a user's password. Its sessions end at their next
// request: they were signed in under an earlier PasswordChanged.
func (w *Warehouse) SetPassword(name, password string) error {
	name = NormalizeName(name)
	hash, err := hashPassword(name, password)
	if err != nil {
		return err
	}
	return w.changeUser(name, func(recs []userRecord, i int) error {
		recs[i].Hash, recs[i].PasswordChanged = hash, later(recs[i].PasswordChanged)
		return nil
	})
}

// UnlockUser lifts the sign-in limits on an account: the running server
// forgets the failures before now at the account's next sign-in attempt.
func (w *Warehouse) UnlockUser(name string) error {
	name = NormalizeName(name)
	return w.changeUser(name, func(recs []userRecord, i int) error {
		recs[i].Unlocked = later(recs[i].Unlocked)
		return nil
	})
}

// later is now, in full precision, or just after prev should the clock not
// have moved past it: two changes in a row never share a time.
func later(prev time.Time) time.Time {
	now := time.Now().UTC()
	if !now.After(prev) {
		now = prev.Add(time.Nanosecond)
	}
	return now
}

// DisableUser disables an account; its sessions end at their next request.
// The last enabled administrator cannot be disabled.
func (w *Warehouse) DisableUser(name string) error {
	name = NormalizeName(name)
	return w.changeUser(name, func(recs []userRecord, i int) error {
		if recs[i].IsAdmin() {
			admins := 0
			for _, r := range recs {
				if r.IsAdmin() {
					admins++
				}
			}
			if admins == 1 {
				return clusterscope.Errorf(clusterscope.ECONFLICT, "不能停用最后一个管理员：请先新增另一个管理员")
			}
		}
		recs[i].Disabled = true
		return nil
	})
}

// EnableUser enables an account again.
func (w *Warehouse) EnableUser(name string) error {
	name = NormalizeName(name)
	return w.changeUser(name, func(recs []userRecord, i int) error {
		recs[i].Disabled = false
		return nil
	})
}

// changeUser changes the record of one existing account, recs[i].
func (w *Warehouse) changeUser(name string, change func(recs []userRecord, i int) error) error {
	return w.changeUsers(func(recs []userRecord) ([]userRecord, error) {
		i, ok := find(recs, name)
		if !ok {
			return nil, clusterscope.Errorf(clusterscope.ENOTFOUND, "用户 %s 不存在", name)
		}
		return recs, change(recs, i)
	})
}

// Authenticate checks a name and password and returns the user. An unknown
// name costs as much as a wrong password: a dummy hash is compared instead.
func (w *Warehouse) Authenticate(name, password string) (clusterscope.User, error) {
	name = NormalizeName(name)
	recs, err := w.readUsers()
	if err != nil {
		return clusterscope.User{}, err
	}
	i, found := find(recs, name)
	hash := dummyHash()
	if found {
		hash = recs[i].Hash
	}
	err = bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
	switch {
	case errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) || (err == nil && !found) || len(password) > maxPassword:
		return clusterscope.User{}, ErrBadCredentials
	case err != nil:
		return clusterscope.User{}, fmt.Errorf("authenticate %s: %w", name, err)
	case recs[i].Disabled:
		return clusterscope.User{}, ErrDisabled
	}
	return recs[i].User, nil
}

// NormalizeName is how user names are compared: trimmed, lower case.
func NormalizeName(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

func validUser(u clusterscope.User) error {
	if !validName.MatchString(u.Name) {
		return clusterscope.Errorf(clusterscope.EINVALID,
			"用户名 %q 无效：须为 2–32 个小写字母、数字或 . _ -，以字母或数字开头", u.Name)
	}
	if !u.Role.Valid() {
		return clusterscope.Errorf(clusterscope.EINVALID, "未知的角色 %q（可用：ministry、province、city、county、viewer、admin）", u.Role)
	}
	return u.Role.CheckScope(u.Scope)
}

func hashPassword(name, password string) (string, error) {
	switch {
	case utf8.RuneCountInString(password) < minPassword:
		return "", clusterscope.Errorf(clusterscope.EINVALID, "密码至少需要 %d 个字符", minPassword)
	case len(password) > maxPassword:
		return "", clusterscope.Errorf(clusterscope.EINVALID, "密码不能超过 %d 字节（约 %d 个汉字）", maxPassword, maxPassword/3)
	case strings.EqualFold(password, name):
		return "", clusterscope.Errorf(clusterscope.EINVALID, "密码不能与用户名相同")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

var (
	dummyOnce sync.Once
	dummy     string
)

// dummyHash is compared against when the user does not exist.
func dummyHash() string {
	dummyOnce.Do(func() {
		h, err := bcrypt.GenerateFromPassword([]byte("clusterscope-no-such-user"), bcryptCost)
		if err != nil {
			panic(err) // only for a bad cost, a programming error
		}
		dummy = string(h)
	})
	return dummy
}

func find(recs []userRecord, name string) (int, bool) {
	for i, r := range recs {
		if r.Name == name {
			return i, true
		}
	}
	return -1, false
}

// usersCache keeps the parsed users.json per warehouse folder while the
// file (inode, size, modification time) stays the same: the dashboard looks
// the user up on every request.
var usersCache = struct {
	sync.Mutex
	m map[string]cachedUsers
}{m: map[string]cachedUsers{}}

type cachedUsers struct {
	ino, size int64
	mod       time.Time
	recs      []userRecord
}

func (w *Warehouse) readUsers() ([]userRecord, error) {
	path := filepath.Join(w.dir, usersName)
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read users: %w", err)
	}
	key := cachedUsers{size: st.Size(), mod: st.ModTime()}
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		key.ino = int64(s.Ino)
	}
	usersCache.Lock()
	c, ok := usersCache.m[path]
	usersCache.Unlock()
	if ok && c.ino == key.ino && c.size == key.size && c.mod.Equal(key.mod) {
		return append([]userRecord(nil), c.recs...), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read users: %w", err)
	}
	var f usersFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("read users %s: %w", path, err)
	}
	key.recs = f.Users
	usersCache.Lock()
	usersCache.m[path] = key
	usersCache.Unlock()
	return append([]userRecord(nil), f.Users...), nil
}

// changeUsers applies change to the stored users under the users lock (not
// the load lock: a long load must not block a password change) and replaces
// users.json atomically. The file is readable by its owner only.
func (w *Warehouse) changeUsers(change func([]userRecord) ([]userRecord, error)) error {
	unlock, err := w.lockUsers()
	if err != nil {
		return err
	}
	defer unlock()
	usersCache.Lock()
	delete(usersCache.m, filepath.Join(w.dir, usersName))
	usersCache.Unlock()
	recs, err := w.readUsers()
	if err != nil {
		return err
	}
	if recs, err = change(recs); err != nil {
		return err
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Name < recs[j].Name })
	path := filepath.Join(w.dir, usersName)
	// writeAtomic truncates an existing temporary file, which keeps its mode.
	tmp, err := os.OpenFile(path+tmpSuffix, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err == nil {
		err = errors.Join(tmp.Chmod(0o600), tmp.Close())
	}
	if err != nil {
		return fmt.Errorf("write users: %w", err)
	}
	err = w.writeAtomic(usersName, func(f io.Writer) error {
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		return enc.Encode(usersFile{Users: recs})
	})
	if err == nil {
		err = os.Chmod(path, 0o600)
	}
	if err != nil {
		return fmt.Errorf("write users: %w", err)
	}
	return nil
}

// lockUsers takes the users' own lock, waiting for it: changes are quick.
func (w *Warehouse) lockUsers() (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(w.dir, usersLockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock users: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock users: %w", err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
