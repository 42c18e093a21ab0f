package main

import (
	"errors"

	"clusterscope"
)

// exitCodes maps the domain's error kinds to the CLI's exit status, as the
// dashboard maps them to HTTP statuses: the one table of it. A script can
// tell a refused file (2) from a busy warehouse (4) without reading Chinese.
var exitCodes = map[string]int{
	clusterscope.EINVALID:     2,
	clusterscope.ENOTFOUND:    3,
	clusterscope.ECONFLICT:    4,
	clusterscope.EFORBIDDEN:   5,
	clusterscope.EUNAVAILABLE: 6,
	clusterscope.EINTERNAL:    1,
}

// exitCode is the exit status of err; a kind the table lacks is internal.
func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errReported): // problems printed already: the files were refused
		return exitCodes[clusterscope.EINVALID]
	}
	var ve *clusterscope.ValidationError
	if errors.As(err, &ve) {
		return exitCodes[clusterscope.EINVALID]
	}
	if c, ok := exitCodes[clusterscope.ErrorCode(err)]; ok {
		return c
	}
	return exitCodes[clusterscope.EINTERNAL]
}
