package clusterscope

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes: the few kinds of failure the layers tell apart. The dashboard
// maps each to one HTTP status; the CLI to an exit status.
const (
	EINVALID   = "invalid"   // the user's input is wrong
	ENOTFOUND  = "notfound"  // what was asked for does not exist
	ECONFLICT  = "conflict"  // the state forbids it now (e.g. a load is running)
	EFORBIDDEN = "forbidden" // the user's role does not allow it
	EINTERNAL  = "internal"  // our fault; details only in the log
	// EUNAVAILABLE: busy now (e.g. every export slot taken); the same
	// request may succeed later.
	EUNAVAILABLE = "unavailable"
)

// Error is an error a user may see: Message is safe to show (in Chinese);
// the wrapped error keeps the detail for the log. An Error made by Errorf
// also keeps its format and arguments, so that the edge says it in the
// reader's language (dashboard/words) rather than translating Message.
type Error struct {
	Code    string
	Message string
	Err     error
	Format  string // the Chinese format Message was made from, a key of the catalogue
	Args    []any
	// Reason, when set, is what the error says as the domain's messages
	// (Refuse): the edge says them in the reader's language.
	Reason Messages
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted, user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Refuse returns an *Error with the code whose user-facing text is the
// messages: the domain's refusals (a review step not allowed) are said by
// the edge, like its reasons, in the reader's language. Message keeps the
// keys, for the log.
func Refuse(code string, reason ...Message) *Error {
	keys := make([]string, len(reason))
	for i, m := range reason {
		keys[i] = m.Key
	}
	return &Error{Code: code, Message: strings.Join(keys, "; "), Reason: reason}
}

// ErrorCode returns the code of err: that of the first *Error in its chain,
// EINTERNAL for any other error, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err; internal errors get a
// generic one so that no detail leaks.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return InternalMessage
}

// InternalMessage is what a user is told of an internal error.
const InternalMessage = "内部错误，请联系管理员（详情见服务日志）"
