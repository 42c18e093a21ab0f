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

// Problem is what is wrong in p, in the language l: said again from its
// format and arguments when it has them (its location and field are the
// reader's to show beside it).
func Problem(l Lang, p clusterscope.Problem) string {
	if p.Format != "" {
		return T(l, p.Format, p.Args...)
	}
	return T(l, p.Message)
}
