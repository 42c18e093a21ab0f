package sqlite

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"clusterscope"
)

// The rules of accounts, as the JSON-file store of earlier releases had
// them: the same names, roles, scopes and passwords stay valid.
const (
	minPassword = 10 // characters
	maxPassword = 72 // bytes: bcrypt's limit
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

// NormalizeName is how user names are compared: trimmed, lower case.
func NormalizeName(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// checkUser refuses a bad name, an unknown role, or a scope that does not
// fit the role.
func checkUser(u clusterscope.User) error {
	if !namePattern.MatchString(u.Name) {
		return clusterscope.Errorf(clusterscope.EINVALID,
			"用户名 %q 无效：须为 2–32 个小写字母、数字或 . _ -，以字母或数字开头", u.Name)
	}
	if !u.Role.Valid() {
		return clusterscope.Errorf(clusterscope.EINVALID, "未知的角色 %q（可用：ministry、province、city、county、viewer、admin）", u.Role)
	}
	return u.Role.CheckScope(u.Scope)
}

// hash checks a new password against the rules and hashes it.
func hash(name, password string) (string, error) {
	if n := utf8.RuneCountInString(password); n < minPassword {
		return "", clusterscope.Errorf(clusterscope.EINVALID, "密码至少需要 %d 个字符", minPassword)
	}
	if len(password) > maxPassword {
		return "", clusterscope.Errorf(clusterscope.EINVALID, "密码不能超过 %d 字节（约 %d 个汉字）", maxPassword, maxPassword/3)
	}
	if strings.EqualFold(password, name) {
		return "", clusterscope.Errorf(clusterscope.EINVALID, "密码不能与用户名相同")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// noSuchUser is the hash compared against when the user does not exist,
// so that an unknown name costs as much as a wrong password.
var noSuchUser = sync.OnceValue(func() string {
	h, err := bcrypt.GenerateFromPassword([]byte("clusterscope-no-such-user"), bcryptCost)
	if err != nil {
		panic(err) // only for a bad cost, a programming error
	}
	return string(h)
})
