package words

import (
	"errors"

	"clusterscope"
)

// Error is the user-safe message of err in the language l: an Error made by
// clusterscope.Errorf is said again from its format and arguments, any other
// Error as its message, an internal error as the generic sentence.
func Error(l Lang, err error) string {
	var e *clusterscope.Error
	switch {
	case err == nil:
		return ""
	case !errors.As(err, &e) || e.Code == clusterscope.EINTERNAL:
		return T(l, clusterscope.InternalMessage)
	case len(e.Reason) > 0:
		return SayAll(l, e.Reason)
	case e.Format != "":
		return T(l, e.Format, e.Args...)
	}
	return T(l, e.Message)
}

// Problem is what is wrong in p, in the language l: its message when it
// has one, else (a problem of an older record, or one the dashboard made)
// its Chinese as an interface string. Its location and field are the
// reader's to show beside it.
func Problem(l Lang, p clusterscope.Problem) string {
	if !p.Says.IsZero() {
		return Say(l, p.Says)
	}
	return T(l, p.Message)
}

// Posed is p saying m: m kept for the edge to say in its reader's language,
// and in Chinese as p.Message, for the CLI and the audit log.
func Posed(p clusterscope.Problem, m clusterscope.Message) clusterscope.Problem {
	p.Says, p.Message = m, Say(Chinese, m)
	return p
}
